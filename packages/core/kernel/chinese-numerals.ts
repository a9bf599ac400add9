// Chinese numerals as official documents number their parts: 一、二、… for headings, （一）（二）… below them,
// and dates written 2026年11月25日. Pure text rules, for any renderer that numbers what a block model leaves
// unnumbered.

const digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] as const;

/** 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九 (1–99; a document has no more parts at one level). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumeral: ${n} is not in 1–99`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 0 ? "" : tens === 1 ? "十" : `${digits[tens]}十`;
  return `${head}${ones === 0 ? "" : digits[ones]}`;
}

/** 2026-11-05 → 2026年11月5日; anything else as given. */
export function chineseDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}
