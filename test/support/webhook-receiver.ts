// A webhook receiver on loopback for tests and benchmarks: a real node:http server on 127.0.0.1 (port 0) that keeps
// every request it gets (path, headers, body, when) and answers as the path's behaviour says — 200, a status for
// the first n requests then 200, a sleep, a redirect, or a huge body.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

export type Behaviour =
  | { readonly kind: "ok" }
  | { readonly kind: "fail"; readonly status: number; readonly times: number }
  | { readonly kind: "slow"; readonly ms: number }
  | { readonly kind: "redirect"; readonly to: string }
  | { readonly kind: "huge"; readonly bytes: number };

export interface WebhookReceiver {
  readonly port: number;
  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string;
  /** What `path` answers from now on (default: 200). */
  behave(path: string, behaviour: Behaviour): void;
  /** The requests `path` got, in arrival order. */
  received(path: string): Received[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const log: Received[] = [];
  const behaviours = new Map<string, Behaviour>();
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      log.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const seen = (counts.get(path) ?? 0) + 1;
      counts.set(path, seen);
      const behaviour = behaviours.get(path) ?? { kind: "ok" };
      switch (behaviour.kind) {
        case "ok":
          res.writeHead(200, { "content-type": "text/plain" }).end("ok");
          return;
        case "fail":
          if (seen <= behaviour.times) res.writeHead(behaviour.status, { "content-type": "text/plain" }).end(`failing ${seen}`);
          else res.writeHead(200).end("ok at last");
          return;
        case "slow":
          setTimeout(() => {
            if (!res.destroyed) res.writeHead(200).end("late");
          }, behaviour.ms);
          return;
        case "redirect":
          res.writeHead(302, { location: behaviour.to }).end();
          return;
        case "huge": {
          res.writeHead(200, { "content-type": "text/plain" });
          const block = Buffer.alloc(64 * 1024, "x");
          let left = behaviour.bytes;
          const pump = () => {
            while (left > 0 && !res.destroyed) {
              left -= block.length;
              if (!res.write(block)) return void res.once("drain", pump);
            }
            if (!res.destroyed) res.end();
          };
          res.on("error", () => {});
          pump();
          return;
        }
      }
    });
  });
  server.on("clientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    behave: (path, behaviour) => {
      behaviours.set(path, behaviour);
      counts.delete(path);
    },
    received: (path) => log.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
