// Mail on a laptop: each message written as an .eml file (RFC 5322, as a mail client opens it) to an outbox
// folder, e.g. <DATA_DIR>/outbox/. The file is built by nodemailer exactly as the SMTP transport would send it,
// written under a temporary name and renamed once whole, so the folder never shows half a mail.
import { randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Clock, Mailer, MailReceipt } from "#core/kernel/ports";
import { mimeOf } from "#store/kernel/mail-message";

/**
 * The file name of a message: when it was written (UTC, sortable), its Message-ID and its first recipient, made safe
 * for a file name. The recipient tells apart the copies of one report mailed to each official under one Message-ID.
 */
export function outboxFileName(at: Date, messageId: string, to: readonly string[]): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const safe = (text: string, length: number) => text.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, length);
  return `${stamp}-${safe(messageId, 100)}-to-${safe(to[0] ?? "nobody", 60)}${to.length > 1 ? `-and-${to.length - 1}` : ""}.eml`;
}

export function outboxMailer(folder: string, clock: Clock): Mailer {
  return {
    async send(message): Promise<MailReceipt> {
      const mime = await mimeOf(message);
      await mkdir(folder, { recursive: true });
      const path = join(folder, outboxFileName(clock.now(), message.messageId, message.to));
      const partial = `${path}.${randomUUID()}.partial`;
      await writeFile(partial, mime);
      await rename(partial, path);
      return { messageId: message.messageId, accepted: [...message.to], rejected: [], response: `written to ${path}` };
    },
  };
}
