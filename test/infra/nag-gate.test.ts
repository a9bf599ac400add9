// The cdk-nag gate (AwsSolutions): both stacks have no unacknowledged finding, and every deliberate exception
// is one of the known, reasoned acknowledgements below. cdk-nag v3 is a CDK policy-validation plugin, so a
// finding would also fail `cdk synth`; this test names it precisely.
import { Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import { synthAnquan } from "./synth-anquan.ts";

const { stacks } = synthAnquan();

function acknowledgements(root: IConstruct): Map<string, string> {
  const found = new Map<string, string>();
  for (const construct of root.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.set(id.replace(/^annotation::/i, ""), reason);
      }
    }
  }
  return found;
}

describe.each([
  ["Anquan", stacks.global],
  ["Anquan-cn", stacks.china],
])("cdk-nag AwsSolutions on %s", (name, stack) => {
  it("reports no error and no warning", () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    expect(report.violations.filter((v) => v.severity === "error")).toEqual([]);
    expect(report.violations.filter((v) => v.severity === "warning")).toEqual([]);
    expect(report.success).toBe(true);
  });

  it("acknowledges only the known exceptions, each with a reason", () => {
    const found = acknowledgements(stack);
    const expected = [
      "AwsSolutions-APIG4",
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<DataTable[0-9A-F]+\.Arn>\/index\/\*\]$/),
      // One tenant's folder in the blob bucket, filled in by IAM from the session tag.
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<JobsBlobs[0-9A-F]+\.Arn>\/tenants\/<aws:PrincipalTag\/tenant>\/\*\]$/),
      // The scheduler may invoke the dispatchers' own versions and aliases.
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<JobsDispatcherFunction[0-9A-F]+\.Arn>:\*\]$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<JobsMonthlyDispatcherFunction[0-9A-F]+\.Arn>:\*\]$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<JobsWebhookSweepFunction[0-9A-F]+\.Arn>:\*\]$/),
      // dynamodb:ListStreams, which the stream event source grants on * (it has no resource of its own).
      "AwsSolutions-IAM5[Resource::*]",
      "AwsSolutions-S1",
      "AwsSolutions-SMG4",
      ...(name === "Anquan" ? ["AwsSolutions-COG2"] : []),
    ];
    expect([...found.keys()]).toEqual(expect.arrayContaining(expected));
    expect(found.size).toBe(expected.length);
    for (const reason of found.values()) expect(reason.length).toBeGreaterThan(40);
  });
});
