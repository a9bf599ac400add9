// The most events in any span of time: what a rate limit bounds (a span starts at an event; its end is excluded).

/** The most of `times` (ms, ascending) that fall in any span of `spanMs`. */
export function mostInAnySpan(times: readonly number[], spanMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= spanMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}
