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

/** The logical id of the only resource of a type. */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1 || ids[0] === undefined) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}
