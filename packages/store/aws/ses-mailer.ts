// Mail in AWS global regions: Amazon SES through its v2 API, the whole MIME message sent as Content.Raw — built by
// nodemailer exactly as the SMTP transport and the outbox build it, so officials get the same mail whichever
// transport carries it. SES replaces the Message-ID header with its own (the sender's stays in
// X-Anquan-Message-Id); its id is in the receipt's response. The SES client loads on first use.
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Mailer, MailReceipt } from "#core/kernel/ports";
import { mimeOf } from "#store/kernel/mail-message";

export interface SesMailerOptions {
  readonly region?: string;
  /** Another endpoint than AWS's (tests: a loopback recorder of what the SDK sends). */
  readonly endpoint?: string;
  /** An SES configuration set (event publishing of deliveries, bounces and complaints), if the stack has one. */
  readonly configurationSet?: string;
}

export function sesMailer(options: SesMailerOptions = {}): Mailer {
  let client: Promise<{ ses: SESv2Client; SendEmailCommand: typeof import("@aws-sdk/client-sesv2").SendEmailCommand }> | undefined;
  const connect = async () => {
    const sdk = await import("@aws-sdk/client-sesv2");
    const ses = new sdk.SESv2Client({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
    return { ses, SendEmailCommand: sdk.SendEmailCommand };
  };
  return {
    async send(message): Promise<MailReceipt> {
      client ??= connect();
      const { ses, SendEmailCommand } = await client;
      const out = await ses.send(
        new SendEmailCommand({
          Content: { Raw: { Data: new Uint8Array(await mimeOf(message)) } },
          Destination: { ToAddresses: [...message.to] },
          ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
        }),
      );
      // SES accepts the message for every recipient or refuses it whole (an error): bounces come later, as events.
      return { messageId: message.messageId, accepted: [...message.to], rejected: [], response: `SES MessageId ${out.MessageId ?? "?"}` };
    },
  };
}
