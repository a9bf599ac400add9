// Mail through an SMTP relay (AWS China regions have no SES; a tenant's or the platform's relay): nodemailer's
// SMTP transport over implicit TLS (465) or STARTTLS (587, TLS required), a connection per mail (reports are a
// few mails a month: no idle socket to keep alive in a Lambda). Tests run it against a real SMTP server on loopback.
import type { Mailer, MailReceipt } from "#core/kernel/ports";
import { loadNodemailer, nodemailerOptions } from "#store/kernel/mail-message";

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** true: TLS from the first byte (465); false: STARTTLS, which is then required. */
  readonly secure: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Loopback tests only: accept the test server's self-signed certificate. */
  readonly allowSelfSigned?: boolean;
}

export function smtpMailer(settings: SmtpSettings): Mailer {
  let transport: Promise<import("nodemailer").Transporter> | undefined;
  const connect = async () => {
    const nodemailer = await loadNodemailer();
    return nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: !settings.secure,
      ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.pass } } : {}),
      ...(settings.allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
    });
  };
  return {
    async send(message): Promise<MailReceipt> {
      transport ??= connect();
      const info = await (await transport).sendMail(nodemailerOptions(message));
      const errors = info.rejectedErrors ?? [];
      return {
        messageId: message.messageId,
        accepted: [...(info.accepted ?? [])],
        // nodemailer lists the refused recipients and, in the same order, the server's reply to each.
        rejected: (info.rejected ?? []).map((address, i) => ({ address, reason: errors[i]?.message ?? info.response ?? "rejected" })),
        response: info.response ?? "",
      };
    },
  };
}
