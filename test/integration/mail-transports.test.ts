// The mail port's transports against real counterparts: the SMTP transport through a real SMTP server started
// in-process on loopback (STARTTLS required, authenticated), and the local outbox's .eml files; what arrived is
// parsed back with mailparser — recipients, the Chinese subject, both parts, the inline chart image, the
// attachments byte for byte, the sender's fixed Message-ID — and a refused recipient is reported, not lost.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MailMessage } from "#core/kernel/ports";
import { sesMailer } from "#store/aws/ses-mailer";
import { outboxMailer } from "#store/kernel/outbox-mailer";
import { manualClock } from "#test/support/harness";
import { type SmtpSink, startSmtpSink } from "#test/support/smtp-sink";

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const chart = new Uint8Array(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64"),
);
const workbook = new Uint8Array(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));

const message: MailMessage = {
  messageId: "monthly-320312-2026-11@anquan.local",
  from: "安全生产监管平台 <reports@anquan.local>",
  to: ["zhang.wei@tongshan.gov.cn", "li.na@tongshan.gov.cn"],
  subject: "铜山区 2026年11月 安全生产月度报告",
  text: "本月新发现隐患 12 处，已整改 9 处。",
  html: '<table><tr><td>本月新发现隐患 <b>12</b> 处</td></tr><tr><td><img src="cid:trend" alt="近12个月趋势"></td></tr></table>',
  attachments: [
    { filename: "trend.png", contentType: "image/png", content: chart, cid: "trend" },
    { filename: "隐患清单.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content: workbook },
  ],
};

function expectArrived(mail: ParsedMail) {
  expect(mail.messageId).toBe(`<${message.messageId}>`);
  expect(mail.headers.get("x-anquan-message-id")).toBe(message.messageId);
  expect(mail.subject).toBe(message.subject);
  expect(mail.from?.text).toContain("reports@anquan.local");
  expect(mail.text?.trim()).toBe(message.text);
  expect(mail.html).toContain("cid:trend");
  const [image, file] = mail.attachments;
  expect(image).toMatchObject({ contentType: "image/png", cid: "trend", contentDisposition: "inline" });
  expect(sha(image?.content ?? new Uint8Array())).toBe(sha(chart));
  expect(file).toMatchObject({ filename: "隐患清单.xlsx", contentDisposition: "attachment" });
  expect(sha(file?.content ?? new Uint8Array())).toBe(sha(workbook));
}

describe("the SMTP transport, through a real SMTP server on loopback", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ refuse: (address) => address.startsWith("nobody@") });
  });
  afterAll(() => sink.close());
  const relay = (pass?: string) => sink.mailer(pass);
  const arrived = {
    at: (i: number) => sink.arrived.at(i),
    get length() {
      return sink.arrived.length;
    },
  };

  it("delivers the mail over STARTTLS, authenticated: both parts, the inline image and the attachment intact", async () => {
    const receipt = await relay().send(message);
    expect(receipt).toMatchObject({ messageId: message.messageId, accepted: message.to, rejected: [] });
    expect(receipt.response).toMatch(/^250/);
    const last = arrived.at(-1);
    expect(last?.secure).toBe(true);
    expect(last?.to).toEqual(message.to);
    if (!last) throw new Error("nothing arrived");
    expectArrived(last.mail);
  });

  it("reports a recipient the server refuses, with its reply, and delivers to the others", async () => {
    const receipt = await relay().send({ ...message, to: ["nobody@tongshan.gov.cn", "zhang.wei@tongshan.gov.cn"] });
    expect(receipt.accepted).toEqual(["zhang.wei@tongshan.gov.cn"]);
    expect(receipt.rejected).toHaveLength(1);
    expect(receipt.rejected[0]?.address).toBe("nobody@tongshan.gov.cn");
    expect(receipt.rejected[0]?.reason).toMatch(/550/);
    expect(arrived.at(-1)?.to).toEqual(["zhang.wei@tongshan.gov.cn"]);
  });

  it("fails loudly when the relay refuses the credentials, and nothing arrives", async () => {
    const before = arrived.length;
    await expect(relay("wrong").send(message)).rejects.toThrow(/535|Authentication/);
    expect(arrived.length).toBe(before);
  });
});

describe("the local outbox", () => {
  it("writes each mail as one whole .eml file a mail client opens, named by time, Message-ID and recipient", async () => {
    const folder = join(mkdtempSync(join(tmpdir(), "anquan-outbox-")), "outbox");
    const clock = manualClock(new Date("2026-12-01T06:00:00Z"));
    const outbox = outboxMailer(folder, clock);
    const receipt = await outbox.send(message);
    // The same report to one more official, under the same Message-ID, is a file of its own.
    await outbox.send({ ...message, to: ["wang.fang@tongshan.gov.cn"] });
    const files = readdirSync(folder).sort();
    expect(files).toEqual([
      "20261201T060000Z-monthly-320312-2026-11_anquan.local-to-wang.fang_tongshan.gov.cn.eml",
      "20261201T060000Z-monthly-320312-2026-11_anquan.local-to-zhang.wei_tongshan.gov.cn-and-1.eml",
    ]);
    expect(receipt).toMatchObject({ accepted: message.to, rejected: [] });
    expect(receipt.response).toContain(files[1]);
    const raw = readFileSync(join(folder, files[1] ?? ""));
    expect(raw.includes(Buffer.from("\r\n"))).toBe(true);
    const mail = await simpleParser(raw, { keepCidLinks: true });
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).flatMap((a) => a?.value.map((v) => v.address))).toEqual(message.to);
    expectArrived(mail);
  });
});

// No SES runs locally: a loopback HTTP server stands where SES's v2 endpoint would and records what the real SDK
// client sends (SendEmail with Content.Raw), answering as SES answers; the raw message is parsed back.
describe("the SES transport, as the SDK calls SES's v2 API", () => {
  const requests: { method: string; url: string; body: Record<string, any> }[] = [];
  let refuse = false;
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIATESTONLY");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test-only");
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        requests.push({ method: req.method ?? "", url: req.url ?? "", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
        if (refuse) {
          res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "MessageRejected" });
          return res.end(JSON.stringify({ message: "Email address is not verified." }));
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ MessageId: "0100018c-ses-assigned-id" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("sends the whole MIME message as Content.Raw to the recipients, with the configuration set", async () => {
    const receipt = await sesMailer({ region: "ap-southeast-1", endpoint, configurationSet: "anquan-reports" }).send(message);
    expect(receipt).toMatchObject({ messageId: message.messageId, accepted: message.to, rejected: [] });
    expect(receipt.response).toBe("SES MessageId 0100018c-ses-assigned-id");
    const sent = requests.at(-1);
    expect(sent).toMatchObject({ method: "POST", url: "/v2/email/outbound-emails" });
    expect(sent?.body.Destination).toEqual({ ToAddresses: message.to });
    expect(sent?.body.ConfigurationSetName).toBe("anquan-reports");
    const raw = Buffer.from(String(sent?.body.Content?.Raw?.Data), "base64");
    expectArrived(await simpleParser(raw, { keepCidLinks: true }));
  });

  it("throws SES's refusal (MessageRejected) instead of reporting a mail sent", async () => {
    refuse = true;
    await expect(sesMailer({ region: "ap-southeast-1", endpoint }).send(message)).rejects.toMatchObject({ name: "MessageRejected" });
    refuse = false;
  });
});
