// Upkeep that follows a save: a repository method wrapped so that, once the save has resolved, `then` runs with
// the same arguments — re-deriving what the save can move (a unit's stars, its key-target reasons). What `then`
// throws goes to `onError`, never to the caller: the save itself stands, and the upkeep has its own repair path.
export function followedBy<A extends unknown[]>(
  save: (...args: A) => Promise<void>,
  then: (...args: A) => Promise<unknown> | undefined,
  onError: (error: unknown) => void,
): (...args: A) => Promise<void> {
  return async (...args) => {
    await save(...args);
    try {
      await then(...args);
    } catch (error) {
      onError(error);
    }
  };
}
