// Changes sent without If-Match. Every change is a read-modify-write saved only if the record is still the
// version that was read; when a change made at the same moment wins that save, a caller who named no version
// asked for no precondition, so the change is worked out again on the fresh record (all its rules checked
// again) and saved — the outcome is that of the two requests one after the other. A caller who sent If-Match
// gets 412 instead, as it asked. After a few lost rounds the answer is 409 `concurrent_update`.
import { DomainError, errors } from "#core/kernel/errors";

/** Rounds a change may lose to concurrent changes before it gives up. */
const attempts = 6;

/** Whether `error` is a versioned save that lost to another change (`version_mismatch`). */
export function isStale(error: unknown): boolean {
  return error instanceof DomainError && error.code === "version_mismatch";
}

/**
 * Runs `change` (which reads what it changes) and runs it again from the start while its save loses to a
 * concurrent change; `expectedVersion` given (If-Match) means no retry. Exhausted: 409 `concurrent_update`.
 */
export async function withoutPrecondition<T>(expectedVersion: number | undefined, change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (!isStale(error) || expectedVersion !== undefined) throw error;
      if (attempt >= attempts) {
        const { entity, id } = (error as DomainError).details ?? {};
        throw errors.concurrentUpdate(String(entity ?? ""), String(id ?? ""));
      }
      // Spread the retries so that writers who collided once do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}
