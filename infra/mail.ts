// How the job worker sends mail (monthly reports, coordination notices), per partition: in the aws partition
// Amazon SES (v2 API, raw MIME), allowed to send only as the one sending identity; in aws-cn, which has no SES, an
// SMTP relay whose settings live in a Secrets Manager secret the stack creates with a placeholder value for the
// operator to replace (docs/deployment.md, "Mail"). The environment it sets is the contract of
// packages/store/aws/aws-mailer.ts: MAIL_TRANSPORT, MAIL_FROM, and SMTP_SECRET_ARN for smtp.
import { RemovalPolicy, Stack, Token } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { RegionInfo } from "aws-cdk-lib/region-info";
import { Construct } from "constructs";
import { acknowledge } from "./acknowledge.ts";
import type { BundledFunction } from "./bundled-function.ts";

/** The sender when context `mailFrom` is not given: synthesizes, but SES refuses it until the domain is verified. */
export const placeholderMailFrom = "安全生产监管平台 <reports@example.gov.cn>";

/** What the placeholder SMTP secret holds until the operator writes the relay's settings (`pass` is generated). */
export const placeholderSmtpSettings = { host: "smtp.anquan.invalid", port: 465, secure: true, user: "reports@example.gov.cn" };

export type MailTransport = "ses" | "smtp";

/** SES where the partition has it; the China regions (aws-cn) have none, so mail goes through an SMTP relay. */
export function mailTransportOf(scope: Construct): MailTransport {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) throw new Error("the stack needs a concrete region to choose its mail transport");
  return RegionInfo.get(region).partition === "aws-cn" ? "smtp" : "ses";
}

/** The address of `Name <address>` or of a bare address, lower-cased. */
export function addressOf(from: string): string {
  const address = (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) throw new Error(`mailFrom must be an address or "Name <address>", not ${from}`);
  return address;
}

export interface MailProps {
  /** MAIL_FROM: `Name <address>` (context `mailFrom`). */
  readonly from: string;
  /**
   * The SES identity the worker may send as (context `mailIdentity`): a domain, or the address itself; by default
   * the sender's domain. The sender's address must belong to it.
   */
  readonly identity?: string;
}

export class Mail extends Construct {
  readonly transport: MailTransport;
  readonly from: string;
  /** The SES identity mail is sent as (aws partition). */
  readonly identity: string | undefined;
  /** The relay's settings, JSON {"host","port","secure","user","pass"} (aws-cn). */
  readonly smtpSecret: secretsmanager.Secret | undefined;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.transport = mailTransportOf(this);
    this.from = props.from;
    const address = addressOf(props.from);

    if (this.transport === "ses") {
      const domain = address.slice(address.indexOf("@") + 1);
      const identity = (props.identity ?? domain).toLowerCase();
      if (identity !== address && domain !== identity && !domain.endsWith(`.${identity}`)) {
        throw new Error(`mailFrom ${address} is not an address of the SES identity ${identity} (context mailIdentity)`);
      }
      this.identity = identity;
      this.smtpSecret = undefined;
    } else {
      this.identity = undefined;
      this.smtpSecret = new secretsmanager.Secret(this, "SmtpRelay", {
        description: 'Anquan: the SMTP relay mail is sent through, JSON {"host","port","secure","user","pass"}',
        generateSecretString: {
          secretStringTemplate: JSON.stringify(placeholderSmtpSettings),
          generateStringKey: "pass",
          excludePunctuation: true,
        },
        // The operator writes the relay's real settings into it; a stack replacement must not lose them.
        removalPolicy: RemovalPolicy.RETAIN,
      });
      acknowledge(
        this.smtpSecret,
        "AwsSolutions-SMG4",
        "The SMTP relay's credentials are issued by the relay's operator (the government mail system or a mail " +
          "provider), which no rotation Lambda here can change; they are rotated by writing the new value into the " +
          "secret (docs/deployment.md, Mail).",
      );
    }
  }

  /** Lets a function send mail: its MAIL_* environment, and SES for the one identity or the relay's secret. */
  grantSend(target: BundledFunction): void {
    const fn = target.function;
    fn.addEnvironment("MAIL_TRANSPORT", this.transport);
    fn.addEnvironment("MAIL_FROM", this.from);
    if (this.smtpSecret) {
      fn.addEnvironment("SMTP_SECRET_ARN", this.smtpSecret.secretArn);
      this.smtpSecret.grantRead(target.role);
    }
    if (this.identity) {
      // SES authorizes a v2 SendEmail with raw content as ses:SendRawEmail on the identity the From address
      // belongs to: the address itself when it is verified on its own, otherwise its domain.
      const stack = Stack.of(this);
      const identities = [...new Set([this.identity, addressOf(this.from)])];
      target.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: "SendAsTheMailIdentityOnly",
          actions: ["ses:SendEmail", "ses:SendRawEmail"],
          resources: identities.map((identity) => stack.formatArn({ service: "ses", resource: "identity", resourceName: identity })),
        }),
      );
    }
  }
}
