// The caller of the concurrent-writers suite: one JSON request with a bearer token, answered with its status, its
// parsed body and the request id the API gave it (X-Request-Id, which its audit record carries). The test sends
// through the app in process (`appSender`), the bench through the deployed Lambda handler chain, so one run works
// on both paths.

export interface ApiRequest {
  readonly method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** With its query string: `/v1/audit?limit=100`. */
  readonly path: string;
  readonly token: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: any;
  /** X-Request-Id: what the audit record of the change names. */
  readonly requestId: string | undefined;
}

export type ApiSend = (request: ApiRequest) => Promise<ApiAnswer>;

/** The headers of `request` as sent: the bearer token, and JSON's content type when it has a body. */
export function requestHeaders(request: ApiRequest): Record<string, string> {
  return {
    authorization: `Bearer ${request.token}`,
    ...(request.body !== undefined ? { "content-type": "application/json" } : {}),
    ...request.headers,
  };
}

export function parsedBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** Sends through a fetch-like app (hono's `app.request`): the path the integration tests take. */
export function appSender(app: { request(path: string, init: RequestInit): Response | Promise<Response> }): ApiSend {
  return async (request) => {
    const response = await app.request(request.path, {
      method: request.method,
      headers: requestHeaders(request),
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
    return {
      status: response.status,
      body: parsedBody(await response.text()),
      requestId: response.headers.get("x-request-id") ?? undefined,
    };
  };
}
