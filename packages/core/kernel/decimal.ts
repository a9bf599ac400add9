// Exact points for scoring. Rubric points, deductions and scores are decimals with at most two places
// (2.5-point criteria, 0.5 steps); they are parsed from text into whole hundredths held in a bigint and
// added, compared and multiplied as integers, so no binary floating point ever touches a score. Rates are
// compared as exact fractions (numerator × 100 against threshold × denominator), never divided.

/** Whole hundredths of a point. */
export type Centi = bigint;

const pointsPattern = /^(\d{1,6})(?:\.(\d{1,2}))?$/;

/** "2.5" → 250n; undefined for anything that is not a plain non-negative decimal with ≤ 2 places. */
export function parseCenti(text: string): Centi | undefined {
  const match = pointsPattern.exec(text.trim());
  if (!match) return undefined;
  const [, whole = "0", fraction = ""] = match;
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
}

/** The canonical text of a decimal: 250n → "2.5", 10000n → "100", 5n → "0.05". */
export function formatCenti(value: Centi): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** The centi value of canonical text already validated by a schema. */
export function centi(text: string): Centi {
  const value = parseCenti(text);
  if (value === undefined) throw new Error(`not a points value: ${JSON.stringify(text)}`);
  return value;
}

export function sumCenti(values: Iterable<Centi>): Centi {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

export function minCenti(a: Centi, b: Centi): Centi {
  return a < b ? a : b;
}

/** sum / count rounded half up to hundredths (averages of totals), as canonical text. */
export function averageCenti(sum: Centi, count: number): string {
  if (count === 0) return "0";
  const n = BigInt(count);
  return formatCenti((sum * 2n + n) / (2n * n));
}

/**
 * A rate as an exact fraction of 100: `{ numerator: 17, denominator: 20 }` is 85 %, and `"94.5"` typed as a
 * percentage is 9450/10000. `below(rate, threshold)` compares without dividing.
 */
export interface Rate {
  readonly numerator: bigint;
  /** Positive. A typed percentage in hundredths (9450 for 94.5 %) has denominator 10000. */
  readonly denominator: bigint;
}

/** A typed percentage ("94.5") as a rate: 9450 / 10000. */
export function rateOfPercent(percent: Centi): Rate {
  return { numerator: percent, denominator: 10000n };
}

export function rateOf(numerator: number, denominator: number): Rate {
  return { numerator: BigInt(numerator), denominator: BigInt(denominator) };
}

/** Compares a rate with a percentage threshold (in centi): -1 below, 0 equal, 1 above. */
export function compareRate(rate: Rate, thresholdPercent: Centi): -1 | 0 | 1 {
  // rate = n/d; threshold = t/100 percent = t/10000 as a fraction. n/d ? t/10000  ⇔  n·10000 ? t·d
  const left = rate.numerator * 10000n;
  const right = thresholdPercent * rate.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The rate as a percentage rounded half up to hundredths, for display ("85", "94.74"); see `rateIsExact`. */
export function formatRate(rate: Rate): string {
  return formatCenti((rate.numerator * 20000n + rate.denominator) / (2n * rate.denominator));
}

/** Whether `formatRate` shows the rate exactly (19/20 = 95), or rounded (18/19 ≈ 94.74). */
export function rateIsExact(rate: Rate): boolean {
  return (rate.numerator * 10000n) % rate.denominator === 0n;
}
