// The key that HMAC-signs pagination cursors, so a forged or foreign cursor is rejected (docs/http.md, "Lists"), and
// — under a key derived from it for that use alone — the download links of monthly mails too large to attach.
import { RemovalPolicy } from "aws-cdk-lib";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";

export class CursorSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, "Secret", {
      description: "Anquan: HMAC key that signs pagination cursors and report download links",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing the key only invalidates outstanding cursors, but keep it so a stack replacement does not.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.secret,
      "AwsSolutions-SMG4",
      "The cursor HMAC key has no rotation Lambda yet: rotating it invalidates every outstanding page cursor " +
        "(clients get 400 and restart paging) and report download link (officials sign in to read the report). Rotation needs dual-key verification in packages/store first; " +
        "until then the key is rotated manually by replacing the secret value.",
    );
  }
}
