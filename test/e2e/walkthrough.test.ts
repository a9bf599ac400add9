// The README's curl walkthrough end to end: examples/walkthrough.sh (every step, every answer checked) against the
// real local server, started as `npm start -- --in-memory` starts it, with its own data folder; tokens come from
// the real token CLI and the weekly refresh from the real job CLI, both on that data folder. Then SIGINT.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isChangeType } from "#core/changes/change";
import { changeSettleMs } from "#core/changes/change-feed-service";
import { childEnv, cleanUpLocalServers, root, startApi, stopApi, tempDataDir } from "#test/support/local-server";

cleanUpLocalServers();

interface ScriptRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `bash examples/walkthrough.sh` against `url`; killed if it is not done in `timeoutMs`. */
function runWalkthrough(url: string, dataDir: string, timeoutMs: number): Promise<ScriptRun> {
  const env: NodeJS.ProcessEnv = { ...childEnv(dataDir), API: url };
  delete env.OUT; // downloads go to the script's own temp folder, removed when it ends
  const child = spawn("bash", ["examples/walkthrough.sh"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolveRun, rejectRun) => {
    child.once("error", rejectRun);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

describe("the README walkthrough (examples/walkthrough.sh)", () => {
  it("runs every step against a freshly started local server", { timeout: 600_000 }, async () => {
    const dataDir = tempDataDir();
    const api = await startApi(dataDir, ["--in-memory"], 120_000);

    const run = await runWalkthrough(api.url, dataDir, 480_000);
    const transcript = `exit ${run.code ?? run.signal}\n${run.stdout}\n${run.stderr}\n--- server ---\n${api.output()}`;
    expect(run.code, transcript).toBe(0);
    expect(run.stderr, transcript).not.toContain("FAILED");
    const summary = run.stdout.trimEnd().split("\n").at(-1);
    expect(summary, transcript).toMatch(/^Walkthrough OK: \d+ steps, \d+ checks against http:\/\/127\.0\.0\.1:\d+$/);
    expect(summary).toContain(api.url);

    // Everything the walkthrough changed is in the tenant's change feed: each audited change of a feed type has
    // its record, with the same resource and action.
    await new Promise((resolve) => setTimeout(resolve, changeSettleMs + 500));
    const read = async (path: string) => {
      const items: any[] = [];
      let next: string | undefined;
      for (;;) {
        const url = `${api.url}${path}${path.includes("?") ? "&" : "?"}${next ?? ""}`;
        const page: any = await (await fetch(url, { headers: { authorization: `Bearer ${api.token}` } })).json();
        items.push(...page.items);
        if (path.startsWith("/v1/changes") ? !page.hasMore : !page.nextCursor) return items;
        next = path.startsWith("/v1/changes") ? `since=${page.nextCursor}` : `cursor=${page.nextCursor}`;
      }
    };
    const changes = await read("/v1/changes?limit=500");
    const audited = (await read("/v1/audit?limit=100")).filter((a) => isChangeType(a.entity.type));
    const recorded = new Set(changes.map((c) => `${c.type}:${c.id}`));
    const missing = audited.filter((a) => !recorded.has(`${a.entity.type}:${a.entity.id}`)).map((a) => `${a.action} ${a.entity.id}`);
    expect(new Set(audited.map((a) => a.entity.type)).size).toBeGreaterThanOrEqual(8);
    expect(missing, "audited changes without a feed record").toEqual([]);
    expect(new Set(changes.map((c) => c.type)).size, [...new Set(changes.map((c) => c.type))].join()).toBeGreaterThanOrEqual(8);

    const exit = await stopApi(api, "SIGINT");
    expect(exit, api.output()).toEqual({ code: 0, signal: null });
  });
});
