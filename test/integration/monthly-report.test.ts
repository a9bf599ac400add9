// The monthly report end to end on DynamoDB Local and a real SMTP server on loopback: a district's month of hazards
// becomes a report built from the counters and lists, mailed once to each recipient (HTML and text parts, the trend
// chart as an inline PNG, the .xlsx lists that exceljs reads back and the .docx report that mammoth reads back),
// kept and served by the API; a re-run or two runs at once send nothing twice, a
// relay failure is retried, a forced resend is a new Message-ID, the city receives its district's figures only, and
// a month not yet ended, or one before the tenant existed, is refused.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "#core/kernel/errors";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { decodePng } from "#test/support/png";
import { addPlace, enterpriseBody } from "#test/support/register";
import { type SmtpSink, startSmtpSink } from "#test/support/smtp-sink";
import { majorHazard, recordHazard } from "#test/support/stars";

const district = "320312";
const city = "320300";
const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };

describe("the monthly report", () => {
  let h: Harness;
  let sink: SmtpSink;
  const clock = manualClock(new Date("2026-11-02T02:00:00Z"));
  let admin: string;
  const run = (tenantId: string, extra: Record<string, unknown> = {}) =>
    h.deps.jobs.run({ kind: "monthly-report", tenantId, month: "2026-11", ...extra }, unbounded);

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await createHarness({ clock, mailer: sink.mailer() });
    admin = await h.token("tenant-admin", district);
    const inspector = await h.token("inspector", district, "inspector-1");
    const place = await addPlace(h, admin, "柳泉镇");
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) });
    expect(unit.status).toBe(201);
    await majorHazard(h, inspector, unit.body.id, "2026-11-02");
    await recordHazard(h, inspector, unit.body.id, "2026-11-02", "general");
    await recordHazard(h, inspector, unit.body.id, "2026-10-20", "general");
    const persons = {
      first: { name: "张三", phone: "13912345678", title: "总经理" },
      inCharge: { name: "李四", phone: "13912345679" },
      specific: [{ name: "王五", phone: "13800001111" }],
    };
    expect((await h.request("POST", "/v1/placards", { token: inspector, body: { enterpriseId: unit.body.id, persons } })).status).toBe(201);
    clock.advance(29 * 24 * 3600 * 1000); // 2026-12-01 10:00 in China
    await h.deps.jobs.run({ kind: "weekly-refresh", tenantId: district, week: "2026-W48" }, unbounded);
  }, 120_000);
  afterAll(() => sink.close());

  it("refuses a month that has not ended", async () => {
    const error = await h.deps.jobs
      .run({ kind: "monthly-report", tenantId: district, month: "2026-12" }, unbounded)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).problems.map((p) => [p.path, p.code])).toEqual([["month", "month_not_finished"]]);
  });

  it("refuses a month before the tenant existed", async () => {
    const error = await h.deps.jobs
      .run({ kind: "monthly-report", tenantId: district, month: "2020-01" }, unbounded)
      .catch((e: unknown) => e);
    expect((error as DomainError).problems.map((p) => [p.path, p.code])).toEqual([["month", "month_before_tenant"]]);
  });

  it("waits for the city's districts, then mails each recipient once, from the counters", async () => {
    const waiting = await run(city);
    expect(waiting).toMatchObject({ done: false, delaySeconds: 900 });
    sink.failNext(1); // the relay fails the district's first mail: the job throws, the queue tries again
    await expect(run(district)).rejects.toThrow(/not delivered/);
    const retried = await h.deps.reports.get(district, "2026-11");
    expect(retried).toMatchObject({ state: "sending", attempts: 1 });
    expect(retried?.deliveries.filter((d) => d.state === "failed")).toHaveLength(1);
    await run(district);
    const record = await h.deps.reports.get(district, "2026-11");
    expect(record).toMatchObject({ state: "sent", attempts: 2, generation: 1 });
    expect(record?.deliveries.map((d) => d.state)).toEqual(["sent", "sent"]);
    const mails = sink.arrived.filter((m) => m.mail.messageId === `<${record?.messageId}>`);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(["anjian.duty@tongshan.example", "zhang.wei@tongshan.example"]);
    const mail = mails[0]?.mail;
    expect(mail?.subject).toBe("铜山区安全生产监管月度报告（2026年11月）");
    expect(mail?.html).toContain("2026年11月共发现隐患2项");
    expect(mail?.html).not.toMatch(/<script|src="http/i);
    expect(mail?.text).toContain("新增重大隐患");
    const xlsx = mail?.attachments.find((a) => a.filename?.endsWith(".xlsx"));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx?.content as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(["逾期隐患", "新增重大隐患", "联合攻坚", "提请协调", "重点隐患清单"]);
    expect(book.getWorksheet("新增重大隐患")?.rowCount).toBe(3); // title, header, the one major hazard

    // The trend chart: an inline PNG the HTML names by its Content-ID, twice the size it is shown at.
    const chart = mail?.attachments.find((a) => a.contentType === "image/png");
    expect(chart?.cid).toBe("trend-chart@anquan");
    expect(mail?.html).toContain('src="cid:trend-chart@anquan"');
    const png = decodePng(new Uint8Array(chart?.content ?? []));
    expect([png.width, png.height]).toEqual([1280, 560]);

    // The .docx report: numbered headings, the figures, the chart's caption.
    const docx = mail?.attachments.find((a) => a.filename?.endsWith(".docx"));
    expect(docx?.filename).toBe("铜山区2026年11月安全生产监管月度报告.docx");
    const { default: mammoth } = await import("mammoth");
    const { value: text } = await mammoth.extractRawText({ buffer: Buffer.from(docx?.content ?? []) });
    const lines = text.split("\n").filter((line) => line.trim() !== "");
    expect(lines.slice(0, 2)).toEqual(["铜山区安全生产监管月度报告", "（2026年11月）"]);
    expect(lines).toContain("一、隐患排查整治（动态清零）");
    expect(lines).toContain("（一）分镇街情况");
    expect(lines).toContain("五、星级评定与差异化监管");
    expect(text).toContain("2026年11月共发现隐患2项");
    expect(text).toContain("红线为逾期隐患");

    // The figures equal a recount of the hazards themselves.
    const recount = await h.request("GET", "/v1/hazards/figures?from=2026-11-01&to=2026-11-30&recount=true", { token: admin });
    const view = await h.request("GET", "/v1/reports/monthly/2026-11", { token: admin });
    expect(view.status).toBe(200);
    const { asOf: _a, ...counted } = recount.body;
    expect(view.body.figures.hazards.tenant.current).toMatchObject({ ...counted, asOf: "2026-12-01" });
    expect(view.body.figures.hazards.tenant.previousMonth.found).toBe(1);
    expect(view.body.figures.hazards.newMajor).toHaveLength(1);
    // The register from the month's last weekly snapshot, and placard coverage from the kept counts.
    expect(view.body.figures.register).toMatchObject({
      week: "2026-W48",
      total: 1,
      activePlacards: 1,
      placardCoveredUnits: 1,
      placardCoverage: "100",
    });
    expect(mail?.text).toContain("公示牌覆盖率 | 100%");
    const file = await h.app.request("/v1/reports/monthly/2026-11/files/lists.xlsx", { headers: { authorization: `Bearer ${admin}` } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(xlsx?.content ?? []))).toBe(true);
  });

  it("sends nothing twice: a re-run, and two runs at once", async () => {
    const before = sink.arrived.length;
    await run(district);
    await Promise.all([run(district), run(district)]);
    expect(sink.arrived.length).toBe(before);
  });

  it("the city's report holds its district's figures, and the city reads them through the API; the district cannot", async () => {
    await run(city);
    const cityAdmin = await h.token("tenant-admin", city);
    const figures = await h.request("GET", "/v1/districts/figures?month=2026-11", { token: cityAdmin });
    expect(figures.status).toBe(200);
    expect(figures.body.districts).toHaveLength(1);
    expect(figures.body.districts[0]).toMatchObject({ districtId: district, hazards: { found: 2, majorFound: 1 } });
    expect(figures.body.total).toMatchObject({ hazards: { found: 2 } });
    const view = await h.request("GET", "/v1/reports/monthly/2026-11", { token: cityAdmin });
    expect(view.body.figures.districts[0]).toMatchObject({ districtId: district, figures: { newMajor: 1 } });
    expect(view.body.figures.hazards.tenant.current.found).toBe(0); // the district's hazards stay the district's
    const asDistrict = await h.request("GET", "/v1/districts/figures?month=2026-11", { token: admin });
    expect(asDistrict.status).toBe(409);
    const cityMail = sink.arrived.find((m) => m.to[0] === "anjian.duty@xuzhou.example");
    expect(cityMail?.mail.html).toContain("铜山区");
  });

  it("a forced resend is a new generation with its own Message-ID, recorded as such", async () => {
    const before = sink.arrived.length;
    await run(district, { generation: 2 });
    await run(district, { generation: 2 }); // a duplicate of the forced message resends nothing
    expect(sink.arrived.length).toBe(before + 2);
    const record = await h.deps.reports.get(district, "2026-11");
    expect(record).toMatchObject({ generation: 2, state: "sent" });
    expect(record?.messageId).toContain(".resend-1@");
    const list = await h.request("GET", "/v1/reports?type=monthly", { token: admin });
    expect(list.body.items.map((r: { month: string }) => r.month)).toEqual(["2026-11"]);
    const viewer = await h.token("viewer", "320300");
    expect((await h.request("GET", "/v1/reports/monthly/2026-10", { token: viewer })).status).toBe(404);
  });
});

describe("a report too large to attach", () => {
  let h: Harness;
  let sink: SmtpSink;
  const clock = manualClock(new Date("2026-11-02T02:00:00Z"));

  beforeAll(async () => {
    sink = await startSmtpSink();
    // A relay that takes a few kilobytes of attachments: the report's files are larger, so the mail carries links.
    const mailer = { ...sink.mailer(), attachmentLimitBytes: 4096 };
    h = await createHarness({ clock, mailer });
    const admin = await h.token("tenant-admin", district);
    const inspector = await h.token("inspector", district, "inspector-1");
    const place = await addPlace(h, admin, "柳泉镇");
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) });
    await recordHazard(h, inspector, unit.body.id, "2026-11-02", "general");
    clock.advance(29 * 24 * 3600 * 1000); // 2026-12-01 10:00 in China
    await h.deps.jobs.run({ kind: "monthly-report", tenantId: district, month: "2026-11" }, unbounded);
  }, 120_000);
  afterAll(() => sink.close());

  const linksOf = (text: string) => [...text.matchAll(/http:\/\/localhost:3000(\/p\/\d+\/report-files\/[\w.-]+)/g)].map((m) => m[1] ?? "");

  it("mails links instead of attachments, each serving its file without a credential until it expires", async () => {
    expect(sink.arrived).toHaveLength(2);
    const mail = sink.arrived[0]?.mail;
    expect(mail?.attachments.map((a) => a.contentType)).toEqual(["image/png"]); // the chart stays inline
    expect(mail?.text).toContain("附件较大未随邮件发送，请通过以下链接下载（有效期至2026年12月8日）");
    const [docx, xlsx] = linksOf(mail?.text ?? "");
    expect(linksOf(String(mail?.html))).toEqual([docx, xlsx]);
    const record = await h.deps.reports.get(district, "2026-11");
    expect(record?.linksInsteadOfAttachments).toBe(true);

    const download = await h.app.request(docx ?? "");
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe("attachment; filename*=UTF-8''2026-11-report.docx");
    expect(download.headers.get("cache-control")).toBe("private, no-store");
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(bytes.byteLength).toBe(record?.files.find((f) => f.name === "report.docx")?.bytes);
    const { default: mammoth } = await import("mammoth");
    expect((await mammoth.extractRawText({ buffer: bytes })).value).toContain("铜山区安全生产监管月度报告");
    expect((await h.app.request(xlsx ?? "")).headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );

    // A link altered, or taken to another tenant's path, leads nowhere.
    const token = docx?.split("/").pop() ?? "";
    const [payload, signature] = token.split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()), name: "lists.xlsx" }),
    ).toString("base64url");
    for (const path of [
      `/p/${district}/report-files/${forged}.${signature}`,
      `/p/320300/report-files/${token}`,
      `/p/${district}/report-files/x`,
    ]) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("下载链接无效");
    }

    // A week later the link has expired, and says where to read the report instead.
    clock.advance(7 * 24 * 3600 * 1000);
    const late = await h.app.request(docx ?? "");
    expect(late.status).toBe(410);
    const page = await late.text();
    expect(page).toContain("下载链接已过期");
    expect(page).toContain("2026年12月8日");
    expect(page).toContain("月度报告");
  });
});
