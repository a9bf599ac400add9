// A point where a use case stops until the test lets it go: a repository method wrapped so that the next call
// matching an armed pause holds back its answer. The test acts while the use case waits there — a race driven
// step by step instead of hoped for — then releases it.

export interface Pause {
  /** Resolves when the use case has arrived at the pause (the wrapped method has answered it). */
  readonly reached: Promise<void>;
  /** Lets the use case go on with the answer it was given. */
  release(): void;
}

export function pausePoint<A extends unknown[]>() {
  let armed: { match: (...args: A) => boolean; arrive: () => void; released: Promise<void> } | undefined;
  return {
    /** The next call matching `match` stops right after the wrapped method answered, until `release()`. */
    arm(match: (...args: A) => boolean): Pause {
      let arrive = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => (arrive = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      armed = { match, arrive, released };
      return { reached, release };
    },
    /** `method`, followed by this pause point. */
    after<R>(method: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
      return async (...args: A) => {
        const answer = await method(...args);
        const pause = armed;
        if (pause?.match(...args)) {
          armed = undefined;
          pause.arrive();
          await pause.released;
        }
        return answer;
      };
    },
  };
}
