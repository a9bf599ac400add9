// Upkeep that follows a save: a repository method wrapped so that, once the save has resolved, `then` runs with
// the same arguments — re-deriving what the save can move (a unit's stars, its key-target reasons, its placards).
// Every upkeep re-derives from what is stored, so running it again, or when the save did not happen, is harmless:
// - a save that failed without saying whether it was applied (anything but a DomainError: storage busy, a lost
//   answer) may have been applied, so the upkeep runs then too, before the save's error goes on to the caller;
// - an upkeep that fails is tried again (a few times, spread); what it still throws goes to `onError`, never to
//   the caller: the save itself stands, and the upkeep has its own repair path.
import { DomainError } from "#core/kernel/errors";

/** Tries of an upkeep before its failure is handed to `onError`. */
const upkeepTries = 3;

export function followedBy<A extends unknown[]>(
  save: (...args: A) => Promise<void>,
  then: (...args: A) => Promise<unknown> | undefined,
  onError: (error: unknown) => void,
): (...args: A) => Promise<void> {
  const upkeep = async (args: A) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await then(...args);
        return;
      } catch (error) {
        // A rule the upkeep refused (a DomainError) will refuse again: only a storage failure is worth a retry.
        if (error instanceof DomainError || attempt >= upkeepTries) return onError(error);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
      }
    }
  };
  return async (...args) => {
    try {
      await save(...args);
    } catch (error) {
      // Refused (a failed condition, a rule): nothing was saved. Anything else may have been saved whole.
      if (!(error instanceof DomainError)) await upkeep(args);
      throw error;
    }
    await upkeep(args);
  };
}
