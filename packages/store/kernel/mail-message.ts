// A MailMessage as nodemailer takes it (MIME built by nodemailer, never by hand): text and HTML as alternatives,
// inline images by Content-ID, attachments, and the sender's fixed Message-ID — also in X-Anquan-Message-Id,
// because Amazon SES replaces a Message-ID header with its own.
import type { MailMessage } from "#core/kernel/ports";

/** Where a mail keeps the sender's own Message-ID whatever the transport does to the Message-ID header. */
export const ownIdHeader = "X-Anquan-Message-Id";

/** nodemailer's message options for `message` (its `SendMailOptions`, the subset we use). */
export function nodemailerOptions(message: MailMessage) {
  return {
    messageId: `<${message.messageId}>`,
    headers: { [ownIdHeader]: message.messageId },
    from: message.from,
    to: [...message.to],
    subject: message.subject,
    text: message.text,
    ...(message.html !== undefined ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content),
      ...(a.cid !== undefined ? { cid: a.cid, contentDisposition: "inline" as const } : {}),
    })),
    // Chinese subjects and bodies: UTF-8 throughout, base64 where quoted-printable would bloat.
    textEncoding: "base64" as const,
  };
}

/** nodemailer, loaded on first use (a function that sends no mail never pays for it). */
export const loadNodemailer = () => import("nodemailer").then((m) => m.default);

/** The whole message as it goes on the wire (CRLF line ends), built by nodemailer without sending it. */
export async function mimeOf(message: MailMessage): Promise<Buffer> {
  const nodemailer = await loadNodemailer();
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const info = await transport.sendMail(nodemailerOptions(message));
  return info.message as Buffer;
}
