// Synthesizes the Anquan app the way `cdk synth` does — same stacks, same cdk.json feature flags, cdk-nag
// registered — but with asset bundling skipped, so infra tests need neither esbuild output nor Docker.
import { readFileSync } from "node:fs";
import path from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { type AnquanStacks, buildAnquanApp } from "../../infra/anquan-app.ts";

const cdkJson = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../cdk.json"), "utf8")) as {
  context: Record<string, unknown>;
};

export interface SynthesizedAnquan {
  readonly stacks: AnquanStacks;
  /** `Anquan`, partition aws. */
  readonly global: Template;
  /** `Anquan-cn`, partition aws-cn. */
  readonly china: Template;
}

export function synthAnquan(context: Record<string, unknown> = {}): SynthesizedAnquan {
  const app = new App({ context: { ...cdkJson.context, ...context, "aws:cdk:bundling-stacks": [] } });
  const stacks = buildAnquanApp(app);
  return { stacks, global: Template.fromStack(stacks.global), china: Template.fromStack(stacks.china) };
}

/** The properties of the only resource of a type, failing loudly if there is not exactly one. */
export function onlyResource(template: Template, type: string): Record<string, any> {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) throw new Error(`expected one ${type}, found ${resources.length}`);
  return resources[0]?.Properties;
}

/** The logical id and properties of the only resource of a type whose logical id starts with `prefix`. */
export function resourceNamed(template: Template, type: string, prefix: string): { id: string; properties: Record<string, any> } {
  const found = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  const [entry] = found;
  if (!entry || found.length !== 1) throw new Error(`expected one ${type} ${prefix}*, found ${found.length}`);
  return { id: entry[0], properties: entry[1].Properties };
}

/** The logical id of the secret that signs pagination cursors (aws-cn also holds the SMTP relay's). */
export const cursorSecretId = (template: Template): string => resourceNamed(template, "AWS::SecretsManager::Secret", "CursorSecret").id;

/** The logical id of the only resource of a type. */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1 || ids[0] === undefined) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

/** The Anquan functions, by the service name each logs under (POWERTOOLS_SERVICE_NAME). */
export type AnquanService =
  | "anquan-api"
  | "anquan-worker"
  | "anquan-dispatch"
  | "anquan-monthly-dispatch"
  | "anquan-webhook-sweep"
  | "anquan-webhook-trigger";

/** The logical id, properties and role's logical id of the function of a service, failing unless exactly one. */
export function lambdaFunction(template: Template, service: AnquanService) {
  const found = Object.entries(template.findResources("AWS::Lambda::Function")).filter(
    ([, resource]) => resource.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === service,
  );
  const [entry] = found;
  if (!entry || found.length !== 1) throw new Error(`expected one ${service} function, found ${found.length}`);
  const properties: Record<string, any> = entry[1].Properties;
  return { id: entry[0], properties, roleId: properties.Role["Fn::GetAtt"][0] as string };
}

/** Every statement of the IAM::Policy resources attached to a role. */
export function roleStatements(template: Template, roleId: string): Record<string, any>[] {
  const policies = template.findResources("AWS::IAM::Policy", { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}
