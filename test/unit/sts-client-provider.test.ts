// In AWS each tenant's DynamoDB client carries STS credentials tagged with that tenant (IAM's LeadingKeys
// condition reads the tag), assumed once and reused until shortly before they expire.
import type { STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { stsClientProvider } from "#store/aws/sts-client-provider";

function recordingSts(expiresInMs: number) {
  const calls: Record<string, unknown>[] = [];
  const sts = {
    send: async (command: { input: Record<string, unknown> }) => {
      calls.push(command.input);
      return {
        Credentials: {
          AccessKeyId: `AKIA${calls.length}`,
          SecretAccessKey: "secret",
          SessionToken: "token",
          Expiration: new Date(now + expiresInMs),
        },
      };
    },
  } as unknown as STSClient;
  let now = Date.parse("2026-11-25T00:00:00Z");
  return { sts, calls, advance: (ms: number) => (now += ms), now: () => now };
}

const escalationRoleArn = "arn:aws:iam::123456789012:role/escalation";

describe("tenant-scoped credentials", () => {
  it("assumes the tenant role with the tenant's session tag, once per tenant", async () => {
    const fake = recordingSts(3600_000);
    const provider = stsClientProvider(
      { roleArn: "arn:aws:iam::123456789012:role/tenant", escalationRoleArn, region: "ap-southeast-1", now: fake.now },
      fake.sts,
    );
    const a1 = await provider.forTenant("320312");
    const a2 = await provider.forTenant("320312");
    const b = await provider.forTenant("320300");
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(fake.calls).toEqual([
      expect.objectContaining({
        RoleArn: "arn:aws:iam::123456789012:role/tenant",
        Tags: [{ Key: "tenant", Value: "320312" }],
        RoleSessionName: "tenant-320312",
      }),
      expect.objectContaining({ Tags: [{ Key: "tenant", Value: "320300" }] }),
    ]);
    expect((await a1.config.credentials()).accessKeyId).toBe("AKIA1");
  });

  it("renews credentials five minutes before they expire", async () => {
    const fake = recordingSts(3600_000);
    const provider = stsClientProvider({ roleArn: "arn:aws:iam::1:role/t", escalationRoleArn, now: fake.now }, fake.sts);
    await provider.forTenant("320312");
    fake.advance(54 * 60_000);
    await provider.forTenant("320312");
    expect(fake.calls).toHaveLength(1);
    fake.advance(2 * 60_000);
    await provider.forTenant("320312");
    expect(fake.calls).toHaveLength(2);
  });

  it("opens a district's escalation session on the escalation role, tagged with the district and its city", async () => {
    const fake = recordingSts(3600_000);
    const provider = stsClientProvider({ roleArn: "arn:aws:iam::1:role/t", escalationRoleArn, now: fake.now }, fake.sts);
    const pair = await provider.forEscalation("320312", "320300");
    expect(await provider.forEscalation("320312", "320300")).toBe(pair);
    expect(pair).not.toBe(await provider.forTenant("320312"));
    expect(fake.calls[0]).toEqual(
      expect.objectContaining({
        RoleArn: escalationRoleArn,
        RoleSessionName: "escalation-320312-320300",
        Tags: [
          { Key: "tenant", Value: "320312" },
          { Key: "parent", Value: "320300" },
        ],
      }),
    );
    expect(fake.calls[1]).toEqual(
      expect.objectContaining({ RoleArn: "arn:aws:iam::1:role/t", Tags: [{ Key: "tenant", Value: "320312" }] }),
    );
  });
});
