// GET /v1/changes: a tenant's changes in the order they were made, from a cursor on. The feed answers only
// changes older than the settle window: a change is sent to the table with the instant it is sent, and every send
// is cut off after `changeSendTimeoutMs` (packages/store/dynamo/writes.ts), so once the window has passed nothing
// can still commit at an earlier position — a reader resuming from a cursor misses nothing and sees nothing twice.
import { type Change, type ChangeType, changeFamilies, changeTypes } from "#core/changes/change";
import { cursorOf, instantPosition, positionOf, positionTime } from "#core/changes/feed-position";
import type { ChangeFeedRepository } from "#core/changes/ports";
import type { RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import type { Clock } from "#core/kernel/ports";
import { permits, requireTenantAccess } from "#core/kernel/principal";

/** Changes are kept (and cursors resume) for at least this long; the table's TTL removes them some days later. */
export const changeRetentionDays = 90;
/** How long a send of a change may take before the store gives it up (no commit can land later than this). */
export const changeSendTimeoutMs = 4000;
/**
 * How old a change must be before the feed answers it: the send timeout, plus room for the clocks of two
 * machines to disagree. A change shows in the feed (and its webhooks go out) this long after it was made.
 */
export const changeSettleMs = changeSendTimeoutMs + 2000;

export interface ChangeQuery {
  /** A cursor from an earlier page or change, `now`, or undefined (from the oldest change kept). */
  readonly since: string | undefined;
  readonly types: readonly ChangeType[] | undefined;
  readonly limit: number;
}

export interface ChangePage {
  readonly items: readonly Change[];
  /** Where to read on from: after the last change answered, or the position to poll with when none is left. */
  readonly nextCursor: string;
  readonly hasMore: boolean;
}

export function changeFeedService(deps: { readonly changes: ChangeFeedRepository; readonly feedClock: Clock }) {
  return {
    async read(ctx: RequestContext, query: ChangeQuery): Promise<ChangePage> {
      const readable = changeTypes.filter((type) => permits(ctx.principal, changeFamilies[type], "read"));
      const types = query.types ? [...new Set(query.types)] : readable;
      // A type asked for by name and not readable is refused with the permission it needs; left unnamed, the
      // feed simply carries the types the caller may read.
      for (const type of types) requireTenantAccess(ctx.principal, changeFamilies[type], "read");
      const principal = requireTenantAccess(ctx.principal, changeFamilies[types[0] ?? "enterprise"], "read");
      const now = deps.feedClock.now().getTime();
      const before = instantPosition(new Date(now - changeSettleMs));
      const oldest = now - changeRetentionDays * 86_400_000;
      if (query.since === "now") return { items: [], nextCursor: cursorOf(before), hasMore: false };
      let after = instantPosition(new Date(oldest));
      if (query.since !== undefined) {
        const position = positionOf(query.since);
        if (!position) {
          throw errors.validation([
            problem(
              "since",
              "invalid_cursor",
              "不是有效的变更游标（请使用上次返回的 nextCursor 或 now）",
              "Not a change cursor (use a nextCursor you were given, or now)",
            ),
          ]);
        }
        if (positionTime(position) < oldest) throw resyncRequired();
        after = position;
      }
      if (after >= before) return { items: [], nextCursor: cursorOf(after), hasMore: false };
      const all = types.length === changeTypes.length;
      const slice = await deps.changes.read(principal.tenantId, { after, before, types: all ? undefined : types, limit: query.limit });
      return { items: slice.items, nextCursor: cursorOf(slice.readTo), hasMore: !slice.exhausted };
    },
  };
}

export type ChangeFeedService = ReturnType<typeof changeFeedService>;

function resyncRequired() {
  return errors.gone(
    "resync_required",
    {
      zh: `该游标早于变更保留期（${changeRetentionDays} 天），请用 since=now 取得新游标，再通过各列表接口重新同步全部数据`,
      en: `The cursor is older than the feed keeps changes (${changeRetentionDays} days): take a new cursor with since=now, then read the lists again to resync`,
    },
    { retentionDays: changeRetentionDays, resync: { since: "now", thenRead: "the lists (GET /v1/enterprises, /v1/hazards, …)" } },
  );
}
