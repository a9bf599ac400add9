// The stacks of the Anquan CDK app, built onto a given App so that `infra/app.ts` and the infra tests
// (which skip bundling) assemble exactly the same thing.
import { type App, Tags, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { AnquanStack } from "./anquan-stack.ts";

export const defaultRegion = "ap-southeast-1";
/** Ningxia: the aws-cn region the China stack proves synthesizes. */
export const chinaRegion = "cn-northwest-1";

export interface AnquanStacks {
  /** `Anquan`, partition aws. */
  readonly global: AnquanStack;
  /** `Anquan-cn`, partition aws-cn. */
  readonly china: AnquanStack;
}

export function buildAnquanApp(app: App): AnquanStacks {
  const region = (app.node.tryGetContext("region") as string | undefined) ?? defaultRegion;

  // No account: the stacks are environment-agnostic per account, so synth needs no credentials.
  const global = new AnquanStack(app, "Anquan", {
    env: { region },
    identity: "cognito",
    description: "Anquan multi-tenant API (aws partition)",
  });
  const china = new AnquanStack(app, "Anquan-cn", {
    env: { region: chinaRegion },
    identity: "external-oidc",
    description: "Anquan multi-tenant API (aws-cn partition)",
  });

  Tags.of(app).add("project", "anquan");
  // cdk-nag v3 is a policy-validation plugin (not an Aspect): any unacknowledged finding fails synthesis.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));

  return { global, china };
}
