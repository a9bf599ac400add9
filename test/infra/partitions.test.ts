// One app, two partitions: `Anquan` in the aws partition and `Anquan-cn` in aws-cn (Ningxia). No ARN may
// hard-code the aws partition, or the China stack would deploy policies that match nothing.
import { Stack } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { synthAnquan } from "./synth-anquan.ts";

const { stacks, global, china } = synthAnquan();

describe("the two partitions", () => {
  it("synthesizes Anquan in ap-southeast-1 and Anquan-cn in cn-northwest-1", () => {
    expect(stacks.global.stackName).toBe("Anquan");
    expect(stacks.global.region).toBe("ap-southeast-1");
    expect(stacks.china.stackName).toBe("Anquan-cn");
    expect(stacks.china.region).toBe("cn-northwest-1");
  });

  it("takes the global region from context", () => {
    const { stacks: moved } = synthAnquan({ region: "eu-central-1" });
    expect(Stack.of(moved.global).region).toBe("eu-central-1");
  });

  it.each([
    ["Anquan", global],
    ["Anquan-cn", china],
  ])("%s writes no literal partition into an ARN, only AWS::Partition", (_name, template) => {
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toMatch(/arn:aws(-cn)?:/);
    expect(json).toContain('{"Ref":"AWS::Partition"}');
  });
});
