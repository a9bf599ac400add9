// A real SMTP server on loopback for tests (the `smtp-server` package): STARTTLS with its own self-signed
// certificate, AUTH after it, every mail parsed back with mailparser. `refuse` makes it answer 550 to a
// recipient; `failNext(n)` makes the next n mails fail at DATA (a relay's temporary failure), to test retries.
import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Mailer } from "#core/kernel/ports";
import { smtpMailer } from "#store/kernel/smtp-mailer";

export interface ArrivedMail {
  readonly to: string[];
  readonly mail: ParsedMail;
  readonly secure: boolean;
}

export interface SmtpSink {
  readonly arrived: ArrivedMail[];
  readonly port: number;
  /** A Mailer sending to this server with these credentials (default: the right ones). */
  mailer(pass?: string): Mailer;
  /** The next `count` mails are refused at DATA with a 451 (try again later). */
  failNext(count: number): void;
  close(): Promise<void>;
}

export const sinkUser = "anquan";
const sinkPass = "relay-secret";

export async function startSmtpSink(options: { refuse?: (address: string) => boolean } = {}): Promise<SmtpSink> {
  const arrived: ArrivedMail[] = [];
  let failing = 0;
  const server = new SMTPServer({
    authMethods: ["PLAIN", "LOGIN"],
    onAuth(auth, _session, callback) {
      if (auth.username === sinkUser && auth.password === sinkPass) return callback(null, { user: auth.username });
      return callback(new Error("535 Authentication failed"));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) return callback(Object.assign(new Error("550 No such mailbox"), { responseCode: 550 }));
      return callback();
    },
    async onData(stream, session, callback) {
      try {
        const mail = await simpleParser(stream, { keepCidLinks: true });
        if (failing > 0) {
          failing--;
          return callback(Object.assign(new Error("451 Try again later"), { responseCode: 451 }));
        }
        arrived.push({ to: session.envelope.rcptTo.map((r) => r.address), mail, secure: session.secure });
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    arrived,
    port,
    mailer: (pass = sinkPass) =>
      smtpMailer({ host: "127.0.0.1", port, secure: false, auth: { user: sinkUser, pass }, allowSelfSigned: true }),
    failNext(count) {
      failing = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
