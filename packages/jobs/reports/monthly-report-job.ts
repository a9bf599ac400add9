// The monthly report job of one tenant and one finished month: claim the month (a conditional create, so a re-run,
// a duplicate delivery or a second worker sends nothing twice), build the figures from the aggregates, keep them
// and the files (the .docx report, the .xlsx lists, the HTML mail and its chart), deliver a district's roll-up to
// its city, then mail each recipient, recording every delivery. A failed send is retried by the queue (the job
// throws) until the last try marks the report failed; a forced resend is a new generation of the same month.
import { createHash } from "node:crypto";
import { addMonths, isMonth, monthOf } from "#core/kernel/china-time";
import { errors, problem } from "#core/kernel/errors";
import { allOf } from "#core/kernel/paging";
import { type MonthlyInput, monthlyFigures } from "#core/reports/monthly-figures";
import {
  type Delivery,
  type MonthlyReport,
  MonthlyReportSchema,
  type ReportFileName,
  type ReportRecord,
  reportFileTypes,
} from "#core/reports/monthly-report";
import { blobBytes, figuresFile, reportBlobKey } from "#core/reports/report-service";
import type { Tenant } from "#core/tenancy/tenant";
import type { JobDeps } from "#jobs/deps";
import { messageIdOf } from "#jobs/message-id";
import type { JobMessage, JobOutcome } from "#jobs/messages";
import { fileLinks, mailOf, monthlyFiles, tooLargeToAttach } from "#jobs/reports/monthly-files";

type MonthlyMessage = Extract<JobMessage, { kind: "monthly-report" }>;

/**
 * Sends of a report tried at most: each run is one receive of the message, and the job queue moves a message to
 * its dead-letter queue after three (infra/jobs.ts), so the third failure marks the report failed.
 */
export const maxSendAttempts = 3;
/** How long a worker holds a month it is building or sending: another delivery of the message meanwhile stops. */
const leaseMs = 5 * 60_000;
/** A city waits for its districts' figures this many times, 15 minutes each, then builds without the missing ones. */
export const maxDistrictWaits = 4;
const districtWaitSeconds = 900;
/** The largest report file kept. */
const maxFileBytes = 40 * 1024 * 1024;

/** The Message-ID of a month's report: the same for every try of a generation; a forced resend gets its own. */
export function reportMessageId(tenantId: string, month: string, generation: number, mailFrom: string): string {
  return messageIdOf(`monthly.${month}.${tenantId}${generation > 1 ? `.resend-${generation - 1}` : ""}`, mailFrom);
}

function monthChecks(tenant: Tenant, month: string, now: Date): void {
  if (!isMonth(month) || month >= monthOf(now)) {
    throw errors.unprocessable([
      problem(
        "month",
        "month_not_finished",
        `${month} 尚未结束，只能为已结束的月份出具报告`,
        `${month} has not ended yet; reports are made for finished months only`,
      ),
    ]);
  }
  if (month < monthOf(new Date(tenant.createdAt))) {
    const opened = monthOf(new Date(tenant.createdAt));
    throw errors.unprocessable([
      problem(
        "month",
        "month_before_tenant",
        `${month} 早于本租户开通（${opened}），没有该月数据`,
        `${month} is before the tenant existed (${opened}): there is no data for it`,
      ),
    ]);
  }
}

/** A city's active districts (from the platform registry, by the city's code prefix); none for any other tenant. */
async function districtsOf(deps: JobDeps, tenant: Tenant): Promise<Tenant[]> {
  if (tenant.level !== "city") return [];
  const children = await allOf((page) => deps.tenants.childrenOf(tenant.id, page));
  return children.filter((t) => t.status === "active");
}

export async function runMonthlyReport(deps: JobDeps, message: MonthlyMessage): Promise<JobOutcome> {
  const { tenantId, month } = message;
  const now = deps.clock.now();
  const tenant = await deps.tenants.get(tenantId);
  if (!tenant) throw errors.notFound("tenant", tenantId);
  monthChecks(tenant, month, now);
  if (tenant.status !== "active") {
    deps.logger.info("monthly report skipped: tenant not active", { tenantId, month });
    return { done: true };
  }
  const generation = message.generation ?? 1;

  let record = await claim(deps, tenant, month, generation);
  if (!record) return { done: true };

  if (record.files.length === 0) {
    const districts = await districtsOf(deps, tenant);
    const delivered = districts.length > 0 ? await deps.districtFigures.ofMonth(tenantId, month) : [];
    const missing = districts.filter((d) => !delivered.some((f) => f.districtId === d.id));
    if (missing.length > 0 && (message.waited ?? 0) < maxDistrictWaits) {
      await release(deps, tenantId, record);
      deps.logger.info("monthly report waits for districts", { tenantId, month, missing: missing.map((d) => d.id) });
      return { done: false, continueWith: { ...message, waited: (message.waited ?? 0) + 1 }, delaySeconds: districtWaitSeconds };
    }
    record = await build(deps, tenant, record, {
      districts: districts.map((d) => ({ id: d.id, name: d.name, figures: delivered.find((f) => f.districtId === d.id) })),
    });
  }
  await send(deps, tenant, record);
  return { done: true };
}

/**
 * The month's record for this run to work on, or undefined when there is nothing to do: sent already (in this or
 * a later generation), or held by another worker right now.
 */
async function claim(deps: JobDeps, tenant: Tenant, month: string, generation: number): Promise<ReportRecord | undefined> {
  const now = deps.clock.now();
  const fresh = (version: number, gen: number): ReportRecord => ({
    type: "monthly",
    month,
    state: "building",
    generation: gen,
    messageId: reportMessageId(tenant.id, month, gen, deps.mailFrom),
    recipients: [...tenant.reportRecipients],
    attempts: 0,
    files: [],
    deliveries: [],
    backlog: null,
    linksInsteadOfAttachments: false,
    error: null,
    claimedAt: now.toISOString(),
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    updatedAt: now.toISOString(),
    version,
  });
  const existing = await deps.reports.get(tenant.id, month);
  if (!existing) {
    const record = fresh(1, 1);
    if (await deps.reports.create(tenant.id, record)) return record;
    return undefined; // another run created it this instant and holds it
  }
  if (existing.generation < generation) {
    // A forced resend: the month starts over as a new generation (the earlier files and deliveries stay in the blobs).
    const record = fresh(existing.version + 1, generation);
    return (await saveOrLose(deps, tenant.id, existing, record)) ? record : undefined;
  }
  if (existing.state === "sent" || existing.state === "partly-sent" || existing.state === "failed") return undefined;
  if (existing.leaseUntil > now.toISOString()) return undefined;
  const taken = {
    ...existing,
    leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
    updatedAt: now.toISOString(),
    version: existing.version + 1,
  };
  return (await saveOrLose(deps, tenant.id, existing, taken)) ? taken : undefined;
}

/** Saves `after` over `before`; false when another run changed the record first (it goes on, this one stops). */
async function saveOrLose(deps: JobDeps, tenantId: string, before: ReportRecord, after: ReportRecord): Promise<boolean> {
  try {
    await deps.reports.save(tenantId, { before, after });
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "version_mismatch") return false;
    throw error;
  }
}

async function release(deps: JobDeps, tenantId: string, record: ReportRecord): Promise<ReportRecord> {
  const now = deps.clock.now().toISOString();
  const after = { ...record, leaseUntil: now, updatedAt: now, version: record.version + 1 };
  await deps.reports.save(tenantId, { before: record, after });
  return after;
}

async function storeFile(deps: JobDeps, tenantId: string, key: string, body: Uint8Array, contentType: string) {
  // A run that died after storing a file but before recording it left it here: nothing names it, so it goes.
  await deps.blobs.delete(tenantId, key);
  await deps.blobs.put(tenantId, key, body, contentType, maxFileBytes);
}

async function build(deps: JobDeps, tenant: Tenant, record: ReportRecord, input: Pick<MonthlyInput, "districts">): Promise<ReportRecord> {
  const { month, generation } = record;
  const earlier = await deps.reports.range(tenant.id, addMonths(month, -11), addMonths(month, -1));
  const { report, district } = await monthlyFigures(deps).build({
    tenant,
    month,
    now: deps.clock.now(),
    earlier,
    districts: input.districts,
  });
  const files = await monthlyFiles(deps, report, generation);

  await storeFile(deps, tenant.id, reportBlobKey(month, generation, figuresFile), Buffer.from(JSON.stringify(report)), "application/json");
  const described: ReportRecord["files"] = [];
  for (const [name, body] of Object.entries(files) as [ReportFileName, Uint8Array][]) {
    await storeFile(deps, tenant.id, reportBlobKey(month, generation, name), body, reportFileTypes[name]);
    described.push({
      name,
      contentType: reportFileTypes[name],
      bytes: body.byteLength,
      sha256: createHash("sha256").update(body).digest("hex"),
    });
  }
  if (tenant.parentId) await deps.districtFigures.deliver(tenant.parentId, district);

  const now = deps.clock.now().toISOString();
  const after: ReportRecord = {
    ...record,
    state: "sending",
    files: described,
    backlog: report.hazards.backlog,
    linksInsteadOfAttachments: tooLargeToAttach(deps.mailer, files),
    updatedAt: now,
    version: record.version + 1,
  };
  await deps.reports.save(tenant.id, { before: record, after });
  deps.logger.info("monthly report built", { tenantId: tenant.id, month, generation, files: described.map((f) => `${f.name} ${f.bytes}`) });
  return after;
}

/** Reads one of the generation's files back (the mail is built from what is kept, so a retry sends the same). */
async function readFile(deps: JobDeps, tenantId: string, record: ReportRecord, name: string): Promise<Uint8Array> {
  const stream = await deps.blobs.get(tenantId, reportBlobKey(record.month, record.generation, name));
  if (!stream) throw new Error(`report file ${name} of ${tenantId} ${record.month} g${record.generation} is missing`);
  return blobBytes(stream);
}

async function readReport(deps: JobDeps, tenantId: string, record: ReportRecord): Promise<MonthlyReport> {
  return MonthlyReportSchema.parse(JSON.parse(Buffer.from(await readFile(deps, tenantId, record, figuresFile)).toString("utf8")));
}

async function send(deps: JobDeps, tenant: Tenant, start: ReportRecord): Promise<void> {
  let record = start;
  const attempt = record.attempts + 1;
  const pending = record.recipients.filter((to) => !record.deliveries.some((d) => d.to === to && d.state === "sent"));
  if (pending.length > 0) {
    const report = await readReport(deps, tenant.id, record);
    const files = Object.fromEntries(
      await Promise.all(record.files.map(async (f) => [f.name, await readFile(deps, tenant.id, record, f.name)] as const)),
    ) as Partial<Record<ReportFileName, Uint8Array>>;
    const links = record.linksInsteadOfAttachments ? await fileLinks(deps, report, record.generation) : [];
    const mail = mailOf(report, files, links);
    for (const to of pending) {
      let delivery: Delivery;
      try {
        const receipt = await deps.mailer.send({ ...mail, messageId: record.messageId, from: deps.mailFrom, to: [to] });
        const refused = receipt.rejected.find((r) => r.address === to);
        delivery = refused
          ? { to, state: "failed", response: refused.reason, attempt, at: deps.clock.now().toISOString() }
          : { to, state: "sent", response: receipt.response, attempt, at: deps.clock.now().toISOString() };
      } catch (error) {
        delivery = {
          to,
          state: "failed",
          response: error instanceof Error ? error.message : String(error),
          attempt,
          at: deps.clock.now().toISOString(),
        };
      }
      const after = {
        ...record,
        deliveries: [...record.deliveries.filter((d) => d.to !== to), delivery],
        updatedAt: deps.clock.now().toISOString(),
        version: record.version + 1,
      };
      await deps.reports.save(tenant.id, { before: record, after });
      record = after;
    }
  }
  const failed = record.deliveries.filter((d) => d.state === "failed");
  const now = deps.clock.now().toISOString();
  if (failed.length === 0) {
    await deps.reports.save(tenant.id, {
      before: record,
      after: { ...record, state: "sent", attempts: attempt, error: null, leaseUntil: now, updatedAt: now, version: record.version + 1 },
    });
    deps.logger.info("monthly report sent", { tenantId: tenant.id, month: record.month, recipients: record.recipients.length });
    return;
  }
  const last = attempt >= maxSendAttempts;
  const anySent = record.deliveries.some((d) => d.state === "sent");
  const error = failed.map((d) => `${d.to}: ${d.response}`).join("; ");
  await deps.reports.save(tenant.id, {
    before: record,
    after: {
      ...record,
      state: last ? (anySent ? "partly-sent" : "failed") : "sending",
      attempts: attempt,
      error,
      leaseUntil: now,
      updatedAt: now,
      version: record.version + 1,
    },
  });
  // Thrown so the queue tries again later (SQS: after the visibility timeout); after the last try, to the DLQ.
  throw new Error(
    `monthly report ${tenant.id} ${record.month}: ${failed.length} of ${record.recipients.length} not delivered (try ${attempt} of ${maxSendAttempts}): ${error}`,
  );
}
