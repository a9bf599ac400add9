// Changes sent without If-Match. Every change is a read-modify-write saved only if the record is still the
// version that was read; when a change made at the same moment wins that save, a caller who named no version
// asked for no precondition, so the change is worked out again on the fresh record (all its rules checked
// again) and saved — the outcome is that of the two requests one after the other. A caller who sent If-Match
// gets 412 instead, as it asked. Of n writers on one record each round saves one, so the last of them needs n
// rounds: a change keeps trying for a time (not a fixed number of rounds), and only a change still losing after it
// is answered 409 `concurrent_update`. Within one process, the changes that lost on a record take turns at it: all
// of them trying at once would make one save and n − 1 doomed ones a round (n² writes for n writers), which is what
// made a burst of commuting answers on one assessment lose.
import { AsyncLocalStorage } from "node:async_hooks";
import { DomainError, errors } from "#core/kernel/errors";

/** A change loses at least this many rounds to concurrent changes before it may give up… */
const minAttempts = 6;
/** …and keeps trying until this long after its first try (within the API's 10 s function timeout). */
export const retryForMs = 5_000;
/** The longest pause between two rounds (randomised under it, so that writers who collided do not collide again in step). */
const maxPauseMs = 200;

/** The last retry queued on each record (`tenant/entity:id`), and the records the running change holds the turn of. */
const turns = new Map<string, Promise<void>>();
const holding = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Runs `run` when the retries queued before it on `record` are done (at once if this change holds that turn
 * already); undefined, without running it, if they are not done within `waitMs`.
 */
async function inTurn<T>(record: string, waitMs: number, run: () => Promise<T>): Promise<{ done: T } | undefined> {
  const held = holding.getStore();
  if (held?.has(record)) return { done: await run() };
  const previous = turns.get(record) ?? Promise.resolve();
  let release = () => {};
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  turns.set(record, tail);
  try {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = await Promise.race([
      previous.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), Math.max(0, waitMs));
      }),
    ]);
    clearTimeout(timer);
    if (!waited) return undefined;
    return { done: await holding.run(new Set([...(held ?? []), record]), run) };
  } finally {
    release();
    if (turns.get(record) === tail) turns.delete(record);
  }
}

/** Whether `error` is a versioned save that lost to another change (`version_mismatch`). */
export function isStale(error: unknown): boolean {
  return error instanceof DomainError && error.code === "version_mismatch";
}

/**
 * Runs `change` (which reads what it changes) and runs it again from the start while its save loses to a
 * concurrent change, for at least `minAttempts` rounds and `retryForMs`; `expectedVersion` given (If-Match) means
 * no retry. Exhausted: 409 `concurrent_update`. `tenantId` keeps one tenant's turns apart from another's, whose
 * records may share an entity and id (a town's code): no tenant ever waits behind another.
 */
export async function withoutPrecondition<T>(expectedVersion: number | undefined, change: () => Promise<T>, tenantId = ""): Promise<T> {
  const started = performance.now();
  let record: string | undefined;
  let lost = { entity: "", id: "" };
  for (let attempt = 1; ; attempt++) {
    try {
      if (!record) return await change();
      // Waiting for the turn counts against the window: past it, the change is lost as it would be by losing.
      const turn = await inTurn(record, retryForMs - (performance.now() - started), change);
      if (turn) return turn.done;
      throw errors.concurrentUpdate(lost.entity, lost.id);
    } catch (error) {
      if (!isStale(error) || expectedVersion !== undefined) throw error;
      const { entity, id } = (error as DomainError).details ?? {};
      lost = { entity: String(entity ?? ""), id: String(id ?? "") };
      record = `${tenantId}/${lost.entity}:${lost.id}`;
      if (attempt >= minAttempts && performance.now() - started >= retryForMs) {
        throw errors.concurrentUpdate(lost.entity, lost.id);
      }
      // Spread the retries so that writers who collided once do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(maxPauseMs, 10 * 2 ** attempt)));
    }
  }
}
