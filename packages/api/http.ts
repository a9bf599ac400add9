// HTTP conventions shared by the routes: ETag/If-Match versions and idempotency fingerprints.
import { createHash } from "node:crypto";
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { errors } from "#core/kernel/errors";
import type { IdempotencyClaim, Page } from "#core/kernel/ports";

export function etag(version: number): string {
  return `"${version}"`;
}

/** The version an If-Match header asks for; undefined without the header or with `*`. */
export function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(ifMatch);
  if (!match?.[1]) {
    throw errors.badRequest("invalid_if_match", {
      zh: 'If-Match 应为 GET 返回的 ETag，例如 "3"',
      en: 'If-Match must be an ETag returned by GET, e.g. "3"',
    });
  }
  return Number(match[1]);
}

export function idempotencyClaim(c: Context<AppEnv>, body: unknown): IdempotencyClaim | undefined {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return undefined;
  const fingerprint = createHash("sha256")
    .update(`${c.req.method} ${c.req.path}\n${JSON.stringify(body)}`)
    .digest("hex");
  return { key, fingerprint };
}

/** Headers of a create's answer: where the resource is, and whether this is an idempotent replay. */
export function createdHeaders(c: Context<AppEnv>, outcome: { replayed: boolean }, location: string): void {
  c.header("Location", location);
  if (outcome.replayed) c.header("Idempotent-Replayed", "true");
}

export function pageBody<T>(page: Page<T>): { items: T[]; nextCursor: string | null } {
  return { items: [...page.items], nextCursor: page.nextCursor };
}

/** The version an If-Match header of this request asks for (see `expectedVersion`). */
export function ifMatch(c: Context<AppEnv>): number | undefined {
  return expectedVersion(c.req.header("if-match"));
}

/** A 200 answer with the entity's version as its ETag. */
export function versioned<T extends { version: number }>(c: Context<AppEnv>, entity: T) {
  c.header("ETag", etag(entity.version));
  return c.json(entity, 200);
}

/** The JSON body of a request whose body is optional (a transition with nothing to add): `{}` when there is none. */
export async function optionalJson(c: Context<AppEnv>): Promise<unknown> {
  return c.req.header("content-length") === "0" || !c.req.header("content-type") ? {} : await c.req.json();
}

/** A create's 201 answer: the ETag, Location `<collection>/<id>` and Idempotent-Replayed; returns the body. */
export function created<B extends { id: string; version: number }>(
  c: Context<AppEnv>,
  collection: string,
  outcome: { body: B; replayed: boolean },
): B {
  createdHeaders(c, outcome, `${collection}/${outcome.body.id}`);
  c.header("ETag", etag(outcome.body.version));
  return outcome.body;
}
