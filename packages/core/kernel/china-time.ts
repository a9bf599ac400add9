// Calendar arithmetic in China Standard Time (Asia/Shanghai, UTC+8, no daylight saving since 1991): ISO weeks
// for the weekly refresh, calendar dates for deadlines and checks. Fixed offset, so no time-zone database needed.
const offsetMs = 8 * 3600 * 1000;
const dayMs = 24 * 3600 * 1000;

/** The calendar date in China of an instant: `YYYY-MM-DD`. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + offsetMs).toISOString().slice(0, 10);
}

/** The instant a calendar date (YYYY-MM-DD) starts in China: its 00:00 Asia/Shanghai. */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetMs);
}

export const isoWeekPattern = /^(\d{4})-W(\d{2})$/;

/** The ISO-8601 week (`2026-W48`) an instant falls in, in China. */
export function isoWeekOf(at: Date): string {
  const local = new Date(at.getTime() + offsetMs);
  const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday); // the week's Thursday decides its year
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / dayMs + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** Whether `week` names a real ISO week (`2026-W53` and `2020-W53` exist, `2025-W53` does not). */
export function isIsoWeek(week: string): boolean {
  const match = isoWeekPattern.exec(week);
  if (!match) return false;
  const n = Number(match[2]);
  return n >= 1 && n <= 53 && isoWeekOf(weekStart(week)) === week;
}

/** The instant a week starts: Monday 00:00 in China. */
export function weekStart(week: string): Date {
  const match = isoWeekPattern.exec(week);
  if (!match) throw new Error(`not an ISO week: ${week}`);
  const year = Number(match[1]);
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Weekday = new Date(jan4).getUTCDay() || 7;
  const mondayOfWeek1 = jan4 - (jan4Weekday - 1) * dayMs;
  return new Date(mondayOfWeek1 + (Number(match[2]) - 1) * 7 * dayMs - offsetMs);
}

/** The instant the next week starts (exclusive end of `week`). */
export function weekEnd(week: string): Date {
  return new Date(weekStart(week).getTime() + 7 * dayMs);
}

export function previousWeek(week: string): string {
  return isoWeekOf(new Date(weekStart(week).getTime() - dayMs));
}

export function nextWeek(week: string): string {
  return isoWeekOf(weekEnd(week));
}

/** The date `months` calendar months before `date` (YYYY-MM-DD), clamped to the month's last day. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** Whole days from one calendar date (YYYY-MM-DD) to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/** The calendar date `days` days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

export const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The calendar month (`2026-11`) an instant falls in, in China. */
export function monthOf(at: Date): string {
  return chinaDate(at).slice(0, 7);
}

export function isMonth(month: string): boolean {
  return monthPattern.test(month) && month >= "2000-01";
}

/** The month `months` months after `month` (before, when negative). */
export function addMonths(month: string, months: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const total = y * 12 + (m - 1) + months;
  return `${String(Math.floor(total / 12)).padStart(4, "0")}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** The first and last calendar dates of a month (YYYY-MM-DD). */
export function monthDates(month: string): { first: string; last: string } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, "0")}` };
}

/** The instant a month starts (its 1st, 00:00 Asia/Shanghai); the next month's start is its exclusive end. */
export function monthStart(month: string): Date {
  return chinaDayStart(`${month}-01`);
}

/** A month as Chinese text reads it: `2026-11` → 2026年11月. */
export function chineseMonth(month: string): string {
  const [year, m] = month.split("-");
  return `${year}年${Number(m)}月`;
}

/** A date as Chinese text reads it: `2026-12-01` → 2026年12月1日. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split("-");
  return `${y}年${Number(m)}月${Number(d)}日`;
}
