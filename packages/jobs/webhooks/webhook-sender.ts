// One HTTP try of a delivery: a POST to the address the SSRF rule checked (the connection's lookup answers that
// address, whatever DNS says by then; TLS still verifies the URL's host name), cut off after the timeout. Redirects
// are not followed (a 3xx is a failure), and of the answer at most 1 KiB is read before the socket is destroyed.
import type { IncomingMessage } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { responseExcerptBytes } from "#core/webhooks/webhook-delivery";
import type { CheckedTarget } from "#core/webhooks/webhook-target";

export interface SendResult {
  readonly status: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly responseExcerpt: string | null;
}

export async function sendWebhook(
  target: CheckedTarget,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs: number,
): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const { address, family } = target.address;
  // Always the checked address: a second DNS answer (rebinding) never reaches the socket.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const req = request(
      target.url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)), "user-agent": "Anquan-Webhooks/1.0" },
        lookup,
        agent: false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? null;
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () => {
          const excerpt = Buffer.concat(chunks).subarray(0, responseExcerptBytes).toString("utf8");
          const ok = status !== null && status >= 200 && status < 300;
          const error = ok
            ? null
            : status !== null && status >= 300 && status < 400
              ? `redirect not followed (${status}${res.headers.location ? ` to ${String(res.headers.location).slice(0, 200)}` : ""})`
              : `HTTP ${status}`;
          finish({ status, error, responseExcerpt: excerpt.length > 0 ? excerpt : null });
          res.destroy();
          req.destroy();
        };
        res.on("data", (chunk: Buffer) => {
          if (kept < responseExcerptBytes) chunks.push(chunk);
          kept += chunk.length;
          // Enough for the log: stop reading, whatever the receiver still sends.
          if (kept >= responseExcerptBytes) done();
        });
        res.on("end", done);
        res.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, error: `timed out after ${timeoutMs} ms`, responseExcerpt: null });
      req.destroy();
    }, timeoutMs);
    req.on("error", (error) => finish({ status: null, error: error.message.slice(0, 300), responseExcerpt: null }));
    req.end(body);
  });
}
