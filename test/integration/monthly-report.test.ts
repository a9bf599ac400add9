// The monthly report end to end on DynamoDB Local and a real SMTP server on loopback: a district's month of hazards
// becomes a report built from the counters and lists, mailed once to each recipient (HTML and text parts, the trend
// chart as an inline PNG, the .xlsx lists that exceljs reads back and the .docx report that mammoth reads back),
// kept and served by the API; a re-run or two runs at once send nothing twice, a
// relay failure is retried, a forced resend is a new Message-ID, the city receives its district's figures only, and
// a month not yet ended, or one before the tenant existed, is refused. The campaigns whose period overlaps the
// month have a section each (figures, mail, .docx, .xlsx), as their progress stands when the report is made.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "#core/kernel/errors";
import { answersFor } from "#test/support/assessments";
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
    expect(book.worksheets.map((s) => s.name)).toEqual([
      "逾期隐患",
      "新增重大隐患",
      "联合攻坚",
      "提请协调",
      "重点隐患清单",
      "专项行动",
      "专项行动阶段",
    ]);
    expect(book.getWorksheet("专项行动")?.rowCount).toBe(2); // title and header: the district has no campaign
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
    const report = (await mammoth.extractRawText({ buffer: bytes })).value;
    expect(report).toContain("铜山区安全生产监管月度报告");
    expect(report).not.toContain("专项行动"); // no campaign, no section
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

describe("the campaigns in the monthly report", () => {
  let h: Harness;
  let sink: SmtpSink;
  const clock = manualClock(new Date("2026-11-02T02:00:00Z"));
  let admin: string;
  let shishi: { id: string };
  let ended: { id: string };
  let earlier: { id: string };
  let liuquan: { townId: string };
  let daxu: { townId: string };

  beforeAll(async () => {
    sink = await startSmtpSink();
    h = await createHarness({ clock, mailer: sink.mailer() });
    admin = await h.token("tenant-admin", district);
    const inspector = await h.token("inspector", district, "inspector-1");
    const verifier = await h.token("inspector", district, "inspector-2");
    const step = async (method: string, path: string, token: string, body?: unknown) => {
      const res = await h.request(method, path, { token, ...(body === undefined ? {} : { body }) });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const placeA = await addPlace(h, admin, "柳泉镇");
    const placeB = await addPlace(h, admin, "大许镇");
    [liuquan, daxu] = [placeA, placeB];
    const [assessed, visited] = [
      await step("POST", "/v1/enterprises", admin, enterpriseBody(1, placeA)),
      await step("POST", "/v1/enterprises", admin, enterpriseBody(2, placeA)),
    ];
    await step("POST", "/v1/enterprises", admin, enterpriseBody(3, placeB));
    const stages = [
      { id: "self-check", name: "企业自查", assessmentStage: "self-check", deadline: "2026-11-15" },
      { id: "verification", name: "验收核查", assessmentStage: "verification", deadline: "2026-12-15" },
      { id: "summary", name: "总结提升", deadline: "2027-01-20" },
    ];
    shishi = await step("POST", "/v1/campaigns", admin, {
      name: "安全生产标准化帮扶专项行动",
      period: { from: "2026-11-01", to: "2027-01-20" },
      scope: { townIds: [placeA.townId, placeB.townId] },
      stages,
      targets: { unitsPerTown: 2, benchmarksPerTown: 1 },
    });
    // One that ended before the month (not in the report), one closed during it (in the report, marked so).
    earlier = await step("POST", "/v1/campaigns", admin, {
      name: "百日攻坚行动",
      period: { from: "2026-07-01", to: "2026-10-31" },
      stages: [{ id: "attack", name: "集中攻坚", deadline: "2026-10-31" }],
    });
    ended = await step("POST", "/v1/campaigns", admin, {
      name: "厂中厂专项整治",
      period: { from: "2026-10-01", to: "2026-11-10" },
      scope: { townIds: [placeB.townId] },
      stages: [{ id: "attack", name: "集中整治", assessmentStage: "self-check", deadline: "2026-11-10" }],
    });
    await step("POST", `/v1/campaigns/${ended.id}/close`, admin, { note: "提前完成" });

    // The work: an assessment verified, a hazard found and closed, an expert visit by two experts.
    const definition = (await step("GET", "/v1/rubric-library/shishi-enterprise-2024", inspector)).definition;
    const assessment = await step("POST", "/v1/assessments", inspector, {
      target: { type: "enterprise", id: assessed.id },
      rubric: { id: "shishi-enterprise-2024", version: 1 },
      stage: "self-check",
      assessor: { name: "陈秋茹", organization: "市安办督导帮扶组" },
      assessedOn: "2026-11-02",
      campaign: { campaignId: shishi.id },
    });
    await step("PATCH", `/v1/assessments/${assessment.id}`, inspector, { answers: answersFor(definition) });
    await step("POST", `/v1/assessments/${assessment.id}/submit`, inspector);
    await step("POST", `/v1/assessments/${assessment.id}/verify`, verifier, { note: "核查一致" });
    const hazard = await step("POST", "/v1/hazards", inspector, {
      enterpriseId: assessed.id,
      category: "有限空间",
      description: "有限空间作业未审批",
      severity: "general",
      source: "inspection",
      foundBy: { name: "李检查" },
      foundOn: "2026-11-02",
      campaign: { campaignId: shishi.id },
    });
    const rectification = { measure: "建立审批制度", responsible: { name: "王厂长" }, deadline: "2026-11-20" };
    await step("POST", `/v1/hazards/${hazard.id}/assign`, inspector, { rectification });
    await step("POST", `/v1/hazards/${hazard.id}/start`, inspector, {});
    await step("POST", `/v1/hazards/${hazard.id}/submit`, inspector, { note: "已整改" });
    await step("POST", `/v1/hazards/${hazard.id}/close`, verifier, { note: "验收合格" });
    await step("POST", `/v1/campaigns/${shishi.id}/expert-visits`, inspector, {
      enterpriseId: visited.id,
      visitedOn: "2026-11-02",
      experts: [{ name: "许专家", organization: "省安全生产专家库" }, { name: "周专家" }],
    });
    clock.advance(29 * 24 * 3600 * 1000); // 2026-12-01 10:00 in China
    await h.deps.jobs.run({ kind: "monthly-report", tenantId: district, month: "2026-11" }, unbounded);
  }, 120_000);
  afterAll(() => sink.close());

  it("the figures hold each campaign of the month, per town and in total, as its progress stands when the report is made", async () => {
    const view = await h.request("GET", "/v1/reports/monthly/2026-11", { token: admin });
    expect(view.status).toBe(200);
    const campaigns = view.body.figures.campaigns;
    // Earliest period first; the campaign that ended in October is not the month's.
    expect(campaigns.map((c: { id: string }) => c.id)).toEqual([ended.id, shishi.id]);
    expect(campaigns[0]).toMatchObject({ name: "厂中厂专项整治", closedAt: expect.any(String), total: { units: 1, reached: 0 } });
    const c = campaigns[1];
    expect(c).toMatchObject({
      name: "安全生产标准化帮扶专项行动",
      period: { from: "2026-11-01", to: "2027-01-20" },
      closedAt: null,
      asOf: view.body.figures.generatedAt,
    });
    expect(c.total).toEqual({
      units: 3,
      reached: 2,
      notReached: 1,
      reachTarget: { target: 4, met: false },
      stages: [
        {
          stageId: "self-check",
          name: "企业自查",
          deadline: "2026-11-15",
          required: 3,
          assessed: 1,
          verified: 1,
          mismatched: 0,
          status: "overdue",
        },
        {
          stageId: "verification",
          name: "验收核查",
          deadline: "2026-12-15",
          required: 3,
          assessed: 0,
          verified: 0,
          mismatched: 0,
          status: "on-track",
        },
        {
          stageId: "summary",
          name: "总结提升",
          deadline: "2027-01-20",
          required: 0,
          assessed: 0,
          verified: 0,
          mismatched: 0,
          status: null,
        },
      ],
      hazards: { found: 1, closed: 1, rectificationRate: "100" },
      expertVisits: { personVisits: 2, enterpriseVisits: 1 },
      benchmarks: { designated: 0, target: 2, met: false },
    });
    expect(c.towns.map((t: any) => [t.townId, t.townName, t.units, t.reached, t.reachTarget, t.hazards.found])).toEqual([
      [daxu.townId, "大许镇", 1, 0, { target: 2, met: false }, 0],
      [liuquan.townId, "柳泉镇", 2, 2, { target: 2, met: true }, 1],
    ]);
    // The same figures as the campaign's own progress read now.
    const progress = (await h.request("GET", `/v1/campaigns/${shishi.id}/progress`, { token: admin })).body;
    expect(progress.total).toMatchObject({ units: c.total.units, reached: c.total.reached, expertVisits: c.total.expertVisits });
    expect(JSON.stringify(campaigns)).not.toContain(earlier.id);
  });

  it("the mail, the .docx and the .xlsx have the section: a heading per campaign, its sentence and its tables", async () => {
    const mail = sink.arrived[0]?.mail;
    const text = mail?.text ?? "";
    expect(text).toContain("六、专项行动");
    expect(text).toContain("2026年11月在期的专项行动2项。各项进度取自行动的实时台账，截至2026年12月1日报告生成时，而非月末。");
    expect(text).toContain("（一）厂中厂专项整治（2026年10月1日至2026年11月10日）（已结束）");
    expect(text).toContain("（二）安全生产标准化帮扶专项行动（2026年11月1日至2027年1月20日）");
    expect(text).toContain(
      "范围内单位3家，已覆盖2/3家、未覆盖1家（每镇街目标2家，1/2个镇街达标）；发现隐患1项、已整改1项，整改率100%；专家服务2人次、1家次；标杆企业0/2家。",
    );
    expect(text).toContain("柳泉镇 | 2/2 | 0 | 1/1 | 100% | 2/1 | 0/1");
    expect(text).toContain("镇街 | 企业自查（11月15日截止） | 验收核查（12月15日截止）");
    expect(text).toContain("合计 | 1/3 已逾期 | 0/3 推进中");
    expect(text).not.toContain("百日攻坚行动");
    expect(mail?.html).toContain("安全生产标准化帮扶专项行动（2026年11月1日至2027年1月20日）");

    const docx = mail?.attachments.find((a) => a.filename?.endsWith(".docx"));
    const { default: mammoth } = await import("mammoth");
    const { value: doc } = await mammoth.extractRawText({ buffer: Buffer.from(docx?.content ?? []) });
    const lines = doc.split("\n").filter((line) => line.trim() !== "");
    expect(lines).toContain("六、专项行动");
    expect(lines).toContain("（二）安全生产标准化帮扶专项行动（2026年11月1日至2027年1月20日）");
    expect(doc).toContain("专家服务2人次、1家次");
    expect(doc).not.toContain("百日攻坚行动");

    const xlsx = mail?.attachments.find((a) => a.filename?.endsWith(".xlsx"));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx?.content as unknown as ArrayBuffer);
    const values = (name: string) =>
      (book.getWorksheet(name)?.getSheetValues() ?? []).slice(3).map((row) => (Array.isArray(row) ? row.slice(1) : []));
    // The closed campaign's one town, then the campaign's two towns and their total.
    expect(values("专项行动").map((row) => [row[0], row[2], row[3], row[4], row[5], row[6]])).toEqual([
      ["厂中厂专项整治", "已结束", "大许镇", 1, 0, 1],
      ["安全生产标准化帮扶专项行动", "进行中", "大许镇", 1, 0, 1],
      ["安全生产标准化帮扶专项行动", "进行中", "柳泉镇", 2, 2, 0],
      ["安全生产标准化帮扶专项行动", "进行中", "合计", 3, 2, 1],
    ]);
    const stagesOf = values("专项行动阶段").filter((row) => row[0] === "安全生产标准化帮扶专项行动" && row[3] === "柳泉镇");
    expect(stagesOf.map((row) => row.slice(4))).toEqual([
      ["企业自查", "2026-11-15", 2, 1, 1, 0, "已逾期"],
      ["验收核查", "2026-12-15", 2, 0, 0, 0, "推进中"],
      ["总结提升", "2027-01-20", 0, 0, 0, 0, "—"],
    ]);
  });
});
