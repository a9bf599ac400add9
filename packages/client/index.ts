// The Anquan API client for portals: the operations generated from the OpenAPI document (packages/client/generated,
// by `npm run client`; one function per operationId — listHazards, assignHazard…) and `anquanClient`, which points
// them at a deployment with one credential: an official's bearer token or a portal's API key.
import { type Client, createClient, createConfig } from "./generated/client/index.ts";

export * from "./generated/index.ts";

export interface AnquanClientOptions {
  /** Where the API answers, e.g. `https://api.anquan.example.gov.cn` or `http://localhost:3000`. */
  readonly baseUrl: string;
  /** An official's OIDC ID token (sent as `Authorization: Bearer …`). */
  readonly token?: string;
  /** A portal's API key (sent as `X-Api-Key`). */
  readonly apiKey?: string;
  /** Another fetch (a test's in-process app, a proxy agent). */
  readonly fetch?: typeof fetch;
}

/** A client for `baseUrl`: pass it as `client` to any operation, e.g. `listHazards({ client, query: { … } })`. */
export function anquanClient(options: AnquanClientOptions): Client {
  return createClient(
    createConfig({
      baseUrl: options.baseUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      // Each operation offers both schemes; the client sends the one it holds.
      auth: (scheme) => (scheme.type === "http" ? options.token : options.apiKey),
    }),
  );
}
