// What the suites say about recorded DynamoDB calls (bench/support/capacity-client.ts): one request's calls
// described and summed as table cells, and running totals per category for runs too long to keep every call.
import { isReadCommand, type RecordedCall } from "./capacity-client.ts";

/** "GetItem tenant; Query index (gsi1) (10 of 50 items); UpdateItem rate-window → ConditionalCheckFailed" */
export function describeCalls(calls: readonly RecordedCall[]): string {
  if (calls.length === 0) return "none";
  const items = (c: RecordedCall) => {
    if (c.items === undefined) return "";
    const read = c.scanned !== undefined ? ` of ${c.scanned}` : "";
    return ` (${c.items}${read} item${c.items === 1 && !read ? "" : "s"})`;
  };
  return calls.map((c) => `${c.command} ${c.target}${items(c)}${c.error ? ` → ${c.error.replace(/Exception$/, "")}` : ""}`).join("; ");
}

/** A capacity figure as a cell: whole numbers as they are, others to one decimal. */
export function units(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Sums one kind of capacity; "n/r" marks calls for which DynamoDB (Local) reported nothing. */
export function capacity(calls: readonly RecordedCall[], kind: "read" | "write"): string {
  const reported = calls.filter((c) => c.read !== undefined || c.write !== undefined);
  const unreported = calls.filter(
    (c) => c.read === undefined && c.write === undefined && isReadCommand(c.command) === (kind === "read"),
  ).length;
  const text = units(reported.reduce((total, c) => total + (c[kind] ?? 0), 0));
  return unreported > 0 ? `${text} + n/r×${unreported}` : text;
}

/** Local's WCU, followed by the AWS-rule figure when a call has one that may differ (see RecordedCall.computedWrite). */
export function writeCapacity(calls: readonly RecordedCall[]): string {
  const local = capacity(calls, "write");
  if (!calls.some((c) => c.computedWrite !== undefined)) return local;
  const computed = calls.reduce((total, c) => total + (c.computedWrite ?? c.write ?? 0), 0);
  return `${local} (AWS rules: ${units(computed)})`;
}

/** Sums over many calls: Local's figures, the AWS-rule WCU (Local's where there is no other), and time. */
export interface CapacityTotals {
  calls: number;
  read: number;
  write: number;
  awsWrite: number;
  /** Calls that reported no capacity (and had no AWS-rule figure). */
  unreported: number;
  /** Summed call durations: the time spent waiting on DynamoDB when calls do not overlap. */
  ms: number;
}

export function emptyTotals(): CapacityTotals {
  return { calls: 0, read: 0, write: 0, awsWrite: 0, unreported: 0, ms: 0 };
}

export function addCall(totals: CapacityTotals, call: RecordedCall): void {
  totals.calls++;
  totals.read += call.read ?? 0;
  totals.write += call.write ?? 0;
  totals.awsWrite += call.computedWrite ?? call.write ?? 0;
  if (call.read === undefined && call.write === undefined && call.computedWrite === undefined) totals.unreported++;
  totals.ms += call.ms;
}

export function sumTotals(...parts: readonly CapacityTotals[]): CapacityTotals {
  const sum = emptyTotals();
  for (const t of parts) {
    sum.calls += t.calls;
    sum.read += t.read;
    sum.write += t.write;
    sum.awsWrite += t.awsWrite;
    sum.unreported += t.unreported;
    sum.ms += t.ms;
  }
  return sum;
}

export function totalsOf(calls: Iterable<RecordedCall>): CapacityTotals {
  const totals = emptyTotals();
  for (const call of calls) addCall(totals, call);
  return totals;
}

/** Running totals per category (a counting client's `onCall` listener feeds it), and over all categories. */
export interface CapacityTally<K extends string> {
  add(call: RecordedCall): void;
  /** The totals of one category (zeros when it had no call). */
  of(key: K): CapacityTotals;
  all(): CapacityTotals;
  reset(): void;
}

export function capacityTally<K extends string>(classify: (call: RecordedCall) => K): CapacityTally<K> {
  let byKey = new Map<K, CapacityTotals>();
  return {
    add(call) {
      const key = classify(call);
      const totals = byKey.get(key) ?? emptyTotals();
      byKey.set(key, totals);
      addCall(totals, call);
    },
    of: (key) => ({ ...(byKey.get(key) ?? emptyTotals()) }),
    all: () => sumTotals(...byKey.values()),
    reset() {
      byKey = new Map();
    },
  };
}
