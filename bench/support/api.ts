// Requests a bench makes to set up its data (towns, units, settings) or to drive changes: through the app's
// fetch interface or the Lambda handler chain, with one credential, failing loudly on an unexpected status.
import { type InvokableHandler, invoke } from "./lambda-event.ts";

/** Sends a request and returns the parsed JSON answer; throws unless the status is `expect` (default 200). */
export type ApiCall = (method: string, path: string, body?: unknown, expect?: number) => Promise<unknown>;

interface FetchApp {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

function checked(method: string, path: string, status: number, expect: number, text: string): void {
  if (status !== expect) throw new Error(`${method} ${path} answered ${status} (expected ${expect}): ${text.slice(0, 500)}`);
}

/** Calls a Hono app in-process (app.request), as the tests do. */
export function appCaller(app: FetchApp, token: string): ApiCall {
  return async (method, path, body, expect = 200) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    checked(method, path, response.status, expect, text);
    return text ? JSON.parse(text) : undefined;
  };
}

/** Calls the Lambda handler chain with synthetic API Gateway events. */
export function lambdaCaller(handler: InvokableHandler, headers: Readonly<Record<string, string>>): ApiCall {
  return async (method, path, body, expect = 200) => {
    const result = await invoke(handler, { method, path, headers, ...(body !== undefined ? { body } : {}) });
    checked(method, path, result.statusCode, expect, result.body);
    return result.json;
  };
}
