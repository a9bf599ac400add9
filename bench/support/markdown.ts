// Markdown building blocks for the report: tables and byte counts, so suites only produce rows.

export function table(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly ("l" | "r")[]): string {
  const rule = headers.map((_, i) => (align?.[i] === "r" ? "---:" : "---"));
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(headers), line(rule), ...rows.map(line)].join("\n");
}

/** The answers by HTTP status, in status order. */
export function statusTable(byStatus: Readonly<Record<string, number>>): string {
  return table(
    ["status", "answers"],
    Object.entries(byStatus)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, n]) => [status, n.toLocaleString("en-US")]),
    ["l", "r"],
  );
}

/** Bytes as "1,234,567 B (1.18 MiB)". */
export function bytes(count: number): string {
  const unit = count >= 1024 * 1024 ? `${(count / 1024 / 1024).toFixed(2)} MiB` : `${(count / 1024).toFixed(1)} KiB`;
  return `${count.toLocaleString("en-US")} B (${unit})`;
}

/** `8.20×`: a size or a time as a multiple of the floor's (issue 18); "–" when there is no floor figure. */
export function timesFloor(value: number, floor: number): string {
  return Number.isFinite(floor) && floor > 0 ? `${(value / floor).toFixed(2)}×` : "–";
}
