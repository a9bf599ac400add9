// The worker's mail, per partition: in aws it sends through SES, allowed only as the one sending identity; in
// aws-cn, which has no SES, through an SMTP relay whose settings only the worker may read. Its environment is the
// contract of packages/store/aws/aws-mailer.ts (MAIL_TRANSPORT, MAIL_FROM, SMTP_SECRET_ARN).
import type { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { placeholderMailFrom } from "../../infra/mail.ts";
import { lambdaFunction, resourceNamed, roleStatements, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

/** An ARN as text, pseudo parameters written `<AWS::…>` (Fn::Join of strings and Refs). */
function arnText(value: unknown): string {
  if (typeof value === "string") return value;
  const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
  if (join) return join[1].map(arnText).join(join[0]);
  const ref = (value as { Ref?: string }).Ref;
  if (ref) return `<${ref}>`;
  throw new Error(`not an ARN: ${JSON.stringify(value)}`);
}

const allStatements = (template: Template): Record<string, any>[] => [
  ...Object.values(template.findResources("AWS::IAM::Policy")).flatMap((p) => p.Properties.PolicyDocument.Statement),
  ...Object.values(template.findResources("AWS::IAM::Role")).flatMap((r) =>
    (r.Properties.Policies ?? []).flatMap((p: { PolicyDocument: { Statement: object[] } }) => p.PolicyDocument.Statement),
  ),
];
const actionsOf = (statement: Record<string, any>): string[] => [statement.Action].flat();
const sesStatements = (template: Template) => allStatements(template).filter((s) => actionsOf(s).some((a) => a.startsWith("ses:")));

const workerEnv = (template: Template) => lambdaFunction(template, "anquan-worker").properties.Environment.Variables;

describe("mail in Anquan (aws): Amazon SES", () => {
  const worker = lambdaFunction(global, "anquan-worker");

  it("tells the worker to send through SES, as the configured sender, with no relay secret", () => {
    expect(workerEnv(global)).toMatchObject({ MAIL_TRANSPORT: "ses", MAIL_FROM: placeholderMailFrom });
    expect(workerEnv(global).SMTP_SECRET_ARN).toBeUndefined();
    expect(Object.keys(global.findResources("AWS::SecretsManager::Secret"))).toHaveLength(1); // the cursor key only
  });

  it("lets the worker send only as the sending identity (its domain and its address), nothing wider", () => {
    const [send, ...others] = sesStatements(global);
    expect(others).toEqual([]);
    expect(roleStatements(global, worker.roleId)).toContainEqual(send);
    expect(send?.Effect).toBe("Allow");
    expect(actionsOf(send as Record<string, any>).sort()).toEqual(["ses:SendEmail", "ses:SendRawEmail"]);
    const resources = [send?.Resource].flat().map(arnText);
    expect(resources.sort()).toEqual([
      "arn:<AWS::Partition>:ses:ap-southeast-1:<AWS::AccountId>:identity/example.gov.cn",
      "arn:<AWS::Partition>:ses:ap-southeast-1:<AWS::AccountId>:identity/reports@example.gov.cn",
    ]);
    for (const resource of resources) expect(resource).not.toContain("*");
  });

  it("gives no other function the right to send mail", () => {
    for (const service of ["anquan-api", "anquan-dispatch", "anquan-monthly-dispatch"] as const) {
      const statements = roleStatements(global, lambdaFunction(global, service).roleId);
      expect(JSON.stringify(statements)).not.toContain("ses:");
    }
  });

  it("takes the sender and the identity from context", () => {
    const { global: configured } = synthAnquan({ mailFrom: "徐州市应急管理局 <yjglj@mail.xz.gov.cn>", mailIdentity: "xz.gov.cn" });
    expect(workerEnv(configured)).toMatchObject({ MAIL_TRANSPORT: "ses", MAIL_FROM: "徐州市应急管理局 <yjglj@mail.xz.gov.cn>" });
    const resources = sesStatements(configured).flatMap((s) => [s.Resource].flat().map(arnText));
    expect(resources.map((r) => r.slice(r.indexOf(":identity/"))).sort()).toEqual([
      ":identity/xz.gov.cn",
      ":identity/yjglj@mail.xz.gov.cn",
    ]);
  });

  it("refuses, at synth, a sender outside the identity", () => {
    expect(() => synthAnquan({ mailFrom: "reports@other.gov.cn", mailIdentity: "xz.gov.cn" })).toThrow(
      /not an address of the SES identity/,
    );
    expect(() => synthAnquan({ mailFrom: "no address here" })).toThrow(/mailFrom must be an address/);
  });
});

describe("mail in Anquan-cn (aws-cn): an SMTP relay", () => {
  const worker = lambdaFunction(china, "anquan-worker");
  const relay = resourceNamed(china, "AWS::SecretsManager::Secret", "MailSmtpRelay");

  it("tells the worker to send through the relay whose settings are in the secret", () => {
    expect(workerEnv(china)).toMatchObject({ MAIL_TRANSPORT: "smtp", MAIL_FROM: placeholderMailFrom, SMTP_SECRET_ARN: { Ref: relay.id } });
    expect(china.toJSON().Outputs.SmtpRelaySecretArn.Value).toEqual({ Ref: relay.id });
    expect(global.toJSON().Outputs.SmtpRelaySecretArn).toBeUndefined();
  });

  it("creates the relay secret with a placeholder of the expected shape, kept when the stack goes", () => {
    const generated = relay.properties.GenerateSecretString;
    expect(generated.GenerateStringKey).toBe("pass");
    expect(Object.keys(JSON.parse(generated.SecretStringTemplate)).sort()).toEqual(["host", "port", "secure", "user"]);
    expect(JSON.parse(generated.SecretStringTemplate).port).toBe(465);
    expect(china.toJSON().Resources[relay.id]).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
  });

  it("lets only the worker read the relay secret", () => {
    const names = (s: Record<string, any>) => [s.Resource].flat().some((r) => JSON.stringify(r) === JSON.stringify({ Ref: relay.id }));
    const readers = allStatements(china).filter(names);
    expect(readers).toHaveLength(1);
    expect(actionsOf(readers[0] as Record<string, any>)).toContain("secretsmanager:GetSecretValue");
    expect(roleStatements(china, worker.roleId)).toContainEqual(readers[0]);
  });

  it("uses no SES at all", () => {
    expect(sesStatements(china)).toEqual([]);
    expect(JSON.stringify(china.toJSON())).not.toMatch(/"ses:|AWS::SES::/);
  });
});
