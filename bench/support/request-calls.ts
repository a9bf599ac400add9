// One request's DynamoDB calls as a warm instance makes them, and how the suites tabulate them.
import type { RecordedCall } from "./capacity-client.ts";
import { capacity, describeCalls, writeCapacity } from "./capacity-report.ts";
import { type HttpRequest, type InvokableHandler, invoke } from "./lambda-event.ts";

/**
 * The calls `request` makes, after priming with GET /v1/me under the same credential: that fills the auth caches
 * (when enabled) and does an API key's once-a-minute lastUsedAt touch, so the measured request is a warm instance's
 * steady state. Throws unless it answers `expectStatus`.
 */
export async function callsOf(
  app: InvokableHandler,
  counting: { take(): RecordedCall[] },
  label: string,
  request: HttpRequest,
  expectStatus: number,
): Promise<RecordedCall[]> {
  await invoke(app, { method: "GET", path: "/v1/me", headers: request.headers ?? {} });
  counting.take();
  const res = await invoke(app, request);
  const calls = counting.take();
  if (res.statusCode !== expectStatus) throw new Error(`${label} answered ${res.statusCode}: ${res.body}`);
  return calls;
}

/** A table row: the operation, how many calls, which, and the read and write capacity they consumed. */
export function callsRow(label: string, calls: readonly RecordedCall[]): string[] {
  return [label, String(calls.length), describeCalls(calls), capacity(calls, "read"), writeCapacity(calls)];
}
