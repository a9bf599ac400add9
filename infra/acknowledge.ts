// One place to record a deliberate cdk-nag exception. cdk-nag v3 runs as a CDK policy-validation plugin and
// reads acknowledgements from `Validations.of(construct)`; each finding (e.g. one IAM5 resource) needs its
// own entry, so this helper keeps those calls short and always carries a reason.
import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
