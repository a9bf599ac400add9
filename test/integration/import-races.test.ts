// Races of the import job, driven deterministically through the real job, store and DynamoDB Local: two deliveries
// of one message applying the same chunk at once (each unit's two writes forced to meet, one winning), and a run
// that crashes between applying a chunk and saving its checkpoint, then runs again. Either way the import must end
// with the outcomes of one uninterrupted delivery. And a file replaced under the import after it started: the
// import fails, saying so, and nothing of the other file is applied.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createImportService } from "#core/imports/import-service";
import type { ImportRepository } from "#core/imports/ports";
import type { RequestContext } from "#core/kernel/context";
import type { BlobStore } from "#core/kernel/ports";
import type { JobMessage } from "#core/kernel/work";
import type { EnterpriseRepository } from "#core/register/ports";
import { createJobRunner, type JobDeps } from "#jobs/runner";
import { fileBlobStore } from "#store/kernel/file-blob-store";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, creditCode } from "#test/support/register";

let h: Harness;
let token: string;
const tenantId = "320312";
const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };

const header = [
  "企业名称",
  "统一社会信用代码",
  "地址",
  "镇（街道）",
  "网格",
  "行业代码",
  "企业规模",
  "生产状态",
  "主要负责人",
  "主要负责人电话",
];

function row(n: number, overrides: Partial<Record<(typeof header)[number], string>> = {}): string[] {
  const base: Record<string, string> = {
    企业名称: `并发导入${n}有限公司`,
    统一社会信用代码: creditCode(n),
    地址: `柳泉镇并发路${n}号`,
    "镇（街道）": "柳泉镇",
    网格: "柳泉镇一网格",
    行业代码: "3311",
    企业规模: "小微",
    生产状态: "正常生产",
    主要负责人: "张三",
    主要负责人电话: "13912345678",
    ...overrides,
  };
  return header.map((key) => base[key] ?? "");
}

const csv = (rows: string[][]) => [header.join(","), ...rows.map((r) => r.join(","))].join("\r\n");

/**
 * A file of seven rows from unit `n` on: n+1 is registered already and equal (unchanged), n+2 registered and
 * changed (updated), n+3…n+6 new (created), and the last row has a bad phone (rejected by the check pass).
 */
function raceFile(n: number): string {
  return csv([
    row(n + 1),
    row(n + 2, { 生产状态: "停产" }),
    row(n + 3),
    row(n + 4),
    row(n + 5),
    row(n + 6),
    row(n + 7, { 主要负责人电话: "1" }),
  ]);
}
/** What one uninterrupted delivery of raceFile makes of it. */
const oneDelivery = { rowsRead: 7, valid: 6, rejected: 1, created: 4, updated: 1, unchanged: 1 };
const oneDeliveryRows = ["2:unchanged", "3:updated", "4:created", "5:created", "6:created", "7:created"];

/** Registers units n+1 and n+2 as raceFile expects them, by an ordinary import through the API. */
async function register(n: number): Promise<void> {
  const res = await h.app.request(`/v1/imports/file?fileName=${encodeURIComponent("先登记.csv")}&mode=all-or-nothing`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
    body: new TextEncoder().encode(csv([row(n + 1), row(n + 2)])),
  });
  expect(res.status).toBeLessThan(300);
  await h.deps.queue.idle();
}

const ctx: RequestContext = {
  principal: { kind: "user", tenantId, subject: "admin-races", role: "tenant-admin" },
  requestId: "races",
};

/** Opens and uploads an import through the import service as the API does, holding its message instead of running it. */
async function queued(fileName: string, mode: "all-or-nothing" | "valid-only", text: string): Promise<{ id: string; message: JobMessage }> {
  const held: JobMessage[] = [];
  const service = createImportService({ ...h.deps, queue: { send: async (messages) => void held.push(...messages) } });
  const { job } = await service.open(ctx, { fileName, mode });
  const bytes = new TextEncoder().encode(text);
  await service.upload(
    ctx,
    job.id,
    "csv",
    (async function* () {
      yield bytes;
    })(),
  );
  expect(held).toEqual([{ kind: "import", tenantId, importId: job.id }]);
  return { id: job.id, message: held[0] as JobMessage };
}

/** A job runner over the harness's store with some of its dependencies replaced. */
const runnerWith = (patch: Partial<JobDeps>) => createJobRunner({ ...h.deps.jobDeps, ...patch });

class Crash extends Error {}

/** Imports that crash the run right after the job is saved as applying: the check pass is done, nothing applied. */
function crashOnceApplying(inner: ImportRepository): ImportRepository {
  return {
    ...inner,
    async save(t, change, write) {
      await inner.save(t, change, write);
      if (change.after.phase === "apply" && change.before?.phase !== "apply") throw new Crash("crashed after the check pass");
    },
  };
}

/** Runs the check pass of a queued import, leaving it applying from the header row. */
async function checkOnly(message: JobMessage): Promise<void> {
  await expect(runnerWith({ imports: crashOnceApplying(h.deps.imports) }).run(message, unbounded)).rejects.toThrow(Crash);
  const job = await h.deps.imports.get(tenantId, (message as { importId: string }).importId);
  expect(job).toMatchObject({ status: "importing", phase: "apply", counts: { rowsRead: 7, rejected: 1 } });
}

async function acceptedRows(id: string): Promise<string[]> {
  const res = await h.request("GET", `/v1/imports/${id}/accepted?limit=100`, { token });
  return res.body.items.map((a: { row: number; outcome: string }) => `${a.row}:${a.outcome}`);
}

async function rejectedRows(id: string): Promise<string[]> {
  const res = await h.request("GET", `/v1/imports/${id}/rejections?limit=100`, { token });
  return res.body.items.map((r: { row: number; field: string; code: string }) => `${r.row}:${r.field}:${r.code}`);
}

/** The harness's files, with a hook run before each read (where a test replaces a file). */
const files = fileBlobStore(mkdtempSync(join(tmpdir(), "anquan-import-races-")));
let beforeRead: ((tenantId: string, key: string) => Promise<void>) | undefined;
const blobs: BlobStore = {
  ...files,
  async get(t, key, options) {
    await beforeRead?.(t, key);
    return files.get(t, key, options);
  },
};

beforeAll(async () => {
  // Four rows a chunk: the file's seven rows are two chunks.
  h = await createHarness({ importChunkRows: 4, blobs });
  token = await h.token("tenant-admin", tenantId, "admin-races");
  await addPlace(h, token, "柳泉镇");
});

type Side = "A" | "B";

/**
 * Two deliveries' registers, whose first save of each unit waits until the other delivery has prepared its own
 * save of that unit (or has ended); then `winnerOf(creditCode)` saves first and the other after it, so the other's
 * conditional write is the one that loses — every time, whatever the timing. `losses` lists the saves that lost;
 * `ended(side)` tells that a delivery's run is over, so the other goes on alone.
 */
function duel(inner: EnterpriseRepository, winnerOf: (creditCode: string) => Side) {
  const meetings = new Map<string, { seen: Set<Side>; both: PromiseWithResolvers<void>; winner: PromiseWithResolvers<void> }>();
  const losses: string[] = [];
  const endedRuns = { A: Promise.withResolvers<void>(), B: Promise.withResolvers<void>() };
  const other = (me: Side): Side => (me === "A" ? "B" : "A");
  const side = (me: Side): EnterpriseRepository => ({
    ...inner,
    async save(t, mutation, write) {
      const code = mutation.after.creditCode;
      let meeting = meetings.get(code);
      if (!meeting) {
        meeting = { seen: new Set(), both: Promise.withResolvers(), winner: Promise.withResolvers() };
        meetings.set(code, meeting);
      }
      if (meeting.seen.has(me)) return inner.save(t, mutation, write);
      meeting.seen.add(me);
      if (meeting.seen.size === 2) meeting.both.resolve();
      const alone = await Promise.race([meeting.both.promise.then(() => false), endedRuns[other(me)].promise.then(() => true)]);
      if (alone) return inner.save(t, mutation, write);
      if (winnerOf(code) === me) {
        try {
          return await inner.save(t, mutation, write);
        } finally {
          meeting.winner.resolve();
        }
      }
      await meeting.winner.promise;
      try {
        return await inner.save(t, mutation, write);
      } catch (error) {
        losses.push(code);
        throw error;
      }
    },
  });
  return { A: side("A"), B: side("B"), losses, ended: (me: Side) => endedRuns[me].resolve() };
}

describe("a duplicate delivery of an import message", () => {
  it("applying the same chunk at once, each winning some units' writes: the outcomes of one delivery, no row rejected for a lost write", {
    timeout: 60_000,
  }, async () => {
    const n = 100;
    await register(n);
    const { id, message } = await queued("并发投递.csv", "valid-only", raceFile(n));
    await checkOnly(message);
    // Units n+2…n+6 are written by this import: A wins n+2, n+4 and n+6, B the others.
    const aWins = new Set([2, 4, 6].map((k) => creditCode(n + k)));
    const { A, B, losses, ended } = duel(h.deps.enterprises, (code) => (aWins.has(code) ? "A" : "B"));
    const runs = await Promise.allSettled(
      (["A", "B"] as const).map((me) =>
        runnerWith({ enterprises: me === "A" ? A : B })
          .run(message, unbounded)
          .finally(() => ended(me)),
      ),
    );
    // The race took place: each unit the first chunk writes had one lost write (A lost n+3, B lost n+2 and n+4);
    // the second chunk is applied by the delivery that saved the first checkpoint, alone.
    expect(losses.sort()).toEqual([2, 3, 4].map((k) => creditCode(n + k)).sort());
    // Neither delivery fails: the one whose checkpoint comes second stops, as another run holds the import.
    expect(runs.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const done = await h.request("GET", `/v1/imports/${id}`, { token });
    expect(done.body).toMatchObject({ status: "completed", counts: oneDelivery, error: null });
    expect(await acceptedRows(id)).toEqual(oneDeliveryRows);
    expect(await rejectedRows(id)).toEqual(["8:firstResponsible.phone:invalid_phone"]);
  });
});

describe("a crash between applying a chunk and saving its checkpoint", () => {
  /** Imports whose first checkpoint in the apply pass crashes: before anything of it is saved, or only the job. */
  function crashAtApplyCheckpoint(inner: ImportRepository, at: "rows" | "job"): ImportRepository {
    let applying = false;
    let crashed = false;
    return {
      ...inner,
      async addRejections(t, importId, rejections) {
        if (at === "rows" && applying && !crashed) {
          crashed = true;
          throw new Crash("crashed before the chunk's rows were saved");
        }
        return inner.addRejections(t, importId, rejections);
      },
      async save(t, change, write) {
        if (at === "job" && change.before?.phase === "apply" && change.after.status === "importing" && !crashed) {
          crashed = true;
          throw new Crash("crashed before the job's checkpoint was saved");
        }
        await inner.save(t, change, write);
        applying = change.after.phase === "apply";
      },
    };
  }

  it.each([
    ["before anything of the checkpoint was saved", "rows", 200],
    ["after the chunk's rows were saved, before the job's checkpoint", "job", 300],
  ] as const)(
    "%s: the run again reports the chunk's rows as created and updated, as the first run applied them",
    {
      timeout: 60_000,
    },
    async (_when, at, n) => {
      await register(n);
      const { id, message } = await queued("崩溃.csv", "valid-only", raceFile(n));
      await expect(runnerWith({ imports: crashAtApplyCheckpoint(h.deps.imports, at) }).run(message, unbounded)).rejects.toThrow(Crash);
      const crashed = await h.request("GET", `/v1/imports/${id}`, { token });
      // The first chunk's units are written; the job's checkpoint is still the header row.
      expect(crashed.body).toMatchObject({ status: "importing", phase: "apply", checkpointRow: 1, counts: { created: 0, updated: 0 } });
      const unit = await h.request("GET", `/v1/enterprises?creditCode=${creditCode(n + 3)}`, { token });
      expect(unit.body.items).toHaveLength(1);

      expect(await h.deps.jobs.run(message, unbounded)).toEqual({ done: true });
      const done = await h.request("GET", `/v1/imports/${id}`, { token });
      expect(done.body).toMatchObject({ status: "completed", counts: oneDelivery, error: null });
      expect(await acceptedRows(id)).toEqual(oneDeliveryRows);
      expect(await rejectedRows(id)).toEqual(["8:firstResponsible.phone:invalid_phone"]);
    },
  );
});

describe("an import's file replaced after the import started", () => {
  it("fails the import, saying so in Chinese and English, and applies nothing of the other file", async () => {
    const n = 400;
    const { id, message } = await queued("替换.csv", "all-or-nothing", csv([row(n + 1), row(n + 2), row(n + 3)]));
    const job = await h.deps.imports.get(tenantId, id);
    const key = `imports/${id}/${job?.fileRevision}.csv`;
    // Another file under the import's key when the apply pass opens it: rows never checked, one of them bad.
    const other = new TextEncoder().encode(csv([row(n + 11), row(n + 12, { 主要负责人电话: "1" }), row(n + 13)]));
    let reads = 0;
    beforeRead = async (t, read) => {
      if (read !== key || ++reads !== 2) return;
      await files.delete(t, key);
      await files.put(t, key, other, "text/csv", 1024 * 1024);
    };
    try {
      expect(await h.deps.jobs.run(message, unbounded)).toEqual({ done: true });
    } finally {
      beforeRead = undefined;
    }
    expect(reads).toBe(2);
    const failed = await h.request("GET", `/v1/imports/${id}`, { token });
    expect(failed.body).toMatchObject({
      status: "failed",
      error: {
        code: "file_replaced",
        message: { zh: expect.stringContaining("被替换"), en: expect.stringContaining("replaced") },
      },
      counts: { rowsRead: 3, valid: 3, created: 0 },
    });
    for (const k of [1, 2, 3, 11, 12, 13]) {
      const found = await h.request("GET", `/v1/enterprises?creditCode=${creditCode(n + k)}`, { token });
      expect(found.body.items, `unit ${n + k}`).toEqual([]);
    }
  });
});
