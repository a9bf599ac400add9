// An example portal: keeps a local copy of one tenant's units (企业台账) and hazards (隐患) in sync with Anquan, using
// nothing but the typed client (packages/client) and the change feed (GET /v1/changes).
//
//   node examples/portal-sync.ts --base-url http://localhost:3000 --api-key <key with enterprises:read, hazards:read>
//
// The recipe (docs/portals.md): take a cursor with `since=now` first, then read the lists, then apply the feed from
// that cursor on, for ever. A change made while the lists were read comes again through the feed, and the feed
// is applied in order, so the copy ends equal to the source whatever it met on the way. A 410 resync_required
// (the portal was away longer than the feed keeps changes) starts the recipe again.
import { parseArgs } from "node:util";
import { anquanClient, listChanges, listEnterprises, listHazards } from "#client/index";

/** What the portal keeps of a unit: the fields of the register's list rows it shows. */
export interface UnitCopy {
  readonly name: string;
  readonly creditCode: string;
  readonly townId: string;
  readonly riskLevel: string;
  readonly productionStatus: string;
}

/** What the portal keeps of a hazard. */
export interface HazardCopy {
  readonly enterpriseId: string;
  readonly severity: string;
  readonly state: string;
  readonly deadline: string | null;
}

export interface PortalCopy {
  readonly units: Map<string, UnitCopy>;
  readonly hazards: Map<string, HazardCopy>;
  /** Where the feed was read up to. */
  cursor: string;
}

type Client = ReturnType<typeof anquanClient>;
type Row = Record<string, unknown>;

export function unitCopy(row: Row): UnitCopy {
  return {
    name: String(row.name),
    creditCode: String(row.creditCode),
    townId: String(row.townId),
    riskLevel: String(row.riskLevel),
    productionStatus: String(row.productionStatus),
  };
}

/** A hazard's copy from a list row (HazardSummary: the deadline is the row's own)… */
export function hazardCopy(row: Row): HazardCopy {
  return {
    enterpriseId: String(row.enterpriseId),
    severity: String(row.severity),
    state: String(row.state),
    deadline: (row.deadline as string | null) ?? null,
  };
}

/** …and from the feed, which carries the whole record (Hazard: the deadline is the rectification's). */
export function hazardCopyOfRecord(record: Row): HazardCopy {
  const rectification = record.rectification as { deadline?: string } | null | undefined;
  return hazardCopy({ ...record, deadline: rectification?.deadline ?? null });
}

/** Every row of a list, page by page. */
async function* rowsOf(read: (cursor: string | undefined) => Promise<{ items: Row[]; nextCursor: string | null }>) {
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function ok<T>(result: { data?: T; error?: unknown; response?: Response }, what: string): T {
  if (result.data === undefined) throw new Error(`${what}: ${result.response?.status} ${JSON.stringify(result.error)}`);
  return result.data;
}

/** The recipe's first half: a cursor to start from, then the lists as they stand. */
export async function initialCopy(client: Client): Promise<PortalCopy> {
  const start = ok(await listChanges({ client, query: { since: "now" } }), "listChanges");
  const copy: PortalCopy = { units: new Map(), hazards: new Map(), cursor: start.nextCursor };
  const units = rowsOf(async (cursor) =>
    ok(await listEnterprises({ client, query: { limit: 100, ...(cursor ? { cursor } : {}) } }), "listEnterprises"),
  );
  for await (const row of units) copy.units.set(String(row.id), unitCopy(row));
  const hazards = rowsOf(async (cursor) =>
    ok(await listHazards({ client, query: { limit: 100, ...(cursor ? { cursor } : {}) } }), "listHazards"),
  );
  for await (const row of hazards) copy.hazards.set(String(row.id), hazardCopy(row));
  return copy;
}

/**
 * The recipe's second half: applies the feed from the copy's cursor until it has nothing more at once. Returns how
 * many changes it applied, or `resync` when the cursor has expired.
 */
export async function catchUp(client: Client, copy: PortalCopy): Promise<number | "resync"> {
  let applied = 0;
  for (;;) {
    const result = await listChanges({ client, query: { since: copy.cursor, types: "enterprise,hazard", limit: 500 } });
    if (result.response?.status === 410) return "resync";
    const page = ok(result, "listChanges");
    for (const change of page.items) {
      const into: Map<string, unknown> = change.type === "enterprise" ? copy.units : copy.hazards;
      if (change.action === "deleted" || change.resource === null) into.delete(change.id);
      else
        into.set(change.id, change.type === "enterprise" ? unitCopy(change.resource as Row) : hazardCopyOfRecord(change.resource as Row));
      applied++;
    }
    copy.cursor = page.nextCursor;
    if (!page.hasMore) return applied;
  }
}

/** Keeps `copy` in sync until `signal` aborts, reading the feed every `pollMs`. */
export async function keepInSync(client: Client, copy: PortalCopy, options: { pollMs: number; signal: AbortSignal }): Promise<void> {
  while (!options.signal.aborted) {
    if ((await catchUp(client, copy)) === "resync") {
      const fresh = await initialCopy(client);
      for (const key of ["units", "hazards"] as const) {
        copy[key].clear();
        for (const [id, row] of fresh[key]) (copy[key] as Map<string, unknown>).set(id, row);
      }
      copy.cursor = fresh.cursor;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      "base-url": { type: "string", default: "http://localhost:3000" },
      "api-key": { type: "string" },
      poll: { type: "string", default: "2000" },
    },
  });
  if (!values["api-key"]) throw new Error("--api-key is required (POST /v1/api-keys with scopes enterprises:read and hazards:read)");
  const client = anquanClient({ baseUrl: values["base-url"], apiKey: values["api-key"] });
  const copy = await initialCopy(client);
  console.log(`copied ${copy.units.size} units and ${copy.hazards.size} hazards; following the feed`);
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  setInterval(() => console.log(`${new Date().toISOString()} units ${copy.units.size} hazards ${copy.hazards.size}`), 10_000).unref();
  await keepInSync(client, copy, { pollMs: Number(values.poll), signal: stop.signal });
}
