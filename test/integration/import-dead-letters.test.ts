// An import whose job fails on every delivery (locally: the in-process queue's tries, as SQS's three deliveries
// before the dead-letter queue) ends failed, with its reason in Chinese and English, instead of staying
// "importing"; a tenant-admin resumes it from its checkpoint, and it completes as one run would have.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BlobStore } from "#core/kernel/ports";
import { fileBlobStore } from "#store/kernel/file-blob-store";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, creditCode } from "#test/support/register";

let h: Harness;
let admin: string;
const tenantId = "320312";

const header = ["企业名称", "统一社会信用代码", "地址", "镇（街道）", "行业代码", "企业规模", "生产状态", "主要负责人", "主要负责人电话"];
const row = (n: number, phone = "13912345678") =>
  [`死信导入${n}有限公司`, creditCode(n), `柳泉镇死信路${n}号`, "柳泉镇", "3311", "小微", "正常生产", "张三", phone].join(",");

/** The harness's files; while `failing` says so for a read, storage answers with an error (not a domain one). */
const files = fileBlobStore(mkdtempSync(join(tmpdir(), "anquan-dead-letters-")));
let failing: ((key: string) => boolean) | undefined;
const reads: string[] = [];
const blobs: BlobStore = {
  ...files,
  async get(t, key, options) {
    reads.push(key);
    if (failing?.(key)) throw new Error("storage unavailable (simulated)");
    return files.get(t, key, options);
  },
};

async function importFile(text: string, mode = "valid-only") {
  const res = await h.app.request(`/v1/imports/file?fileName=${encodeURIComponent("死信.csv")}&mode=${mode}`, {
    method: "POST",
    headers: { authorization: `Bearer ${admin}`, "content-type": "application/octet-stream" },
    body: new TextEncoder().encode(text),
  });
  const { id } = (await res.json()) as { id: string };
  await h.deps.queue.idle();
  return (await h.request("GET", `/v1/imports/${id}`, { token: admin })).body;
}

afterEach(() => {
  failing = undefined;
});

beforeAll(async () => {
  h = await createHarness({ importChunkRows: 4, blobs });
  admin = await h.token("tenant-admin", tenantId, "admin-dead-letters");
  await addPlace(h, admin, "柳泉镇");
});

describe("an import whose every try fails", () => {
  it("is failed visibly after the queue's tries, keeps its checkpoint, and a tenant-admin resumes it to completion", {
    timeout: 60_000,
  }, async () => {
    const n = 500;
    const file = [header.join(","), row(n + 1), row(n + 2), row(n + 3), row(n + 4), row(n + 5), row(n + 6, "1")].join("\r\n");
    // The check pass reads the file; every read after it (the apply pass, on each try) fails.
    let fileReads = 0;
    failing = (key) => key.startsWith("imports/") && ++fileReads > 1;
    const failed = await importFile(file);
    expect(fileReads).toBe(4); // the check pass, then the apply pass on each of the three tries
    expect(failed).toMatchObject({
      status: "failed",
      phase: "apply",
      checkpointRow: 1,
      counts: { rowsRead: 6, valid: 5, rejected: 1, created: 0 },
      error: {
        code: "dead_lettered",
        message: { zh: expect.stringContaining("继续"), en: expect.stringContaining("resume") },
      },
    });
    expect(failed.finishedAt).toEqual(expect.any(String));

    failing = undefined;
    const inspector = await h.token("inspector", tenantId);
    expect((await h.request("POST", `/v1/imports/${failed.id}/resume`, { token: inspector })).status).toBe(403);
    reads.length = 0;
    const resumed = await h.request("POST", `/v1/imports/${failed.id}/resume`, { token: admin });
    expect(resumed.status).toBe(202);
    expect(resumed.headers.get("location")).toBe(`/v1/imports/${failed.id}`);
    expect(resumed.body).toMatchObject({ status: "importing", phase: "apply", error: null, finishedAt: null });
    await h.deps.queue.idle();
    // From its checkpoint: the apply pass only (one read of the file), with the check pass's counts kept.
    expect(reads.filter((key) => key.startsWith("imports/"))).toHaveLength(1);
    const done = await h.request("GET", `/v1/imports/${failed.id}`, { token: admin });
    expect(done.body).toMatchObject({
      status: "completed",
      counts: { rowsRead: 6, valid: 5, rejected: 1, created: 5, updated: 0, unchanged: 0 },
      error: null,
    });
    for (let k = 1; k <= 5; k++) {
      expect((await h.request("GET", `/v1/enterprises?creditCode=${creditCode(n + k)}`, { token: admin })).body.items).toHaveLength(1);
    }
  });

  it("resumes only an import the failures stopped: 409 naming no allowed move for any other", async () => {
    const done = await importFile([header.join(","), row(601)].join("\r\n"));
    expect(done.status).toBe("completed");
    const refused = await h.request("POST", `/v1/imports/${done.id}/resume`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "illegal_transition", details: { status: "completed", allowed: [] } });
    const missingColumns = await importFile("企业名称,统一社会信用代码\r\n某公司,91350100M000100Y43\r\n");
    expect(missingColumns).toMatchObject({ status: "failed", error: { code: "missing_columns" } });
    const again = await h.request("POST", `/v1/imports/${missingColumns.id}/resume`, { token: admin });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("dead_lettered");
  });
});
