// Input hygiene before any route reads a request, in one place for every route: a JSON body must be UTF-8 (decoded
// strictly — the framework's own decoding turns bad bytes into U+FFFD silently), and its keys and strings, and the
// query and path parameters, must obey the character rule of core/text.ts (no controls but TAB/LF/CR, no lone
// surrogates, no noncharacters, no `__proto__`-like keys). Body strings reach the routes in NFC. Refusals are the
// usual 400 validation error naming each field (`name`, `query.limit`, `path.id`).
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppEnv } from "#api/env";
import { errors, type FieldProblem, problem } from "#core/kernel/errors";
import { cleanJson, printableKey, reservedKeyProblem, reservedKeys, textProblems } from "#core/kernel/text";

const bodyMethods = new Set(["POST", "PUT", "PATCH"]);
const jsonType = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** `isFileUpload` tells the routes whose body is a file (streamed by the route, not JSON): only their parameters are checked. */
export function inputHygiene(isFileUpload: (c: Context<AppEnv>) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const problems = [...queryProblems(url.search), ...pathProblems(url.pathname, routePath(c, -1))];
    if (problems.length > 0) throw errors.validation(problems);
    if (bodyMethods.has(c.req.method) && jsonType.test(c.req.header("content-type") ?? "") && !isFileUpload(c)) {
      await cleanBody(c);
    }
    await next();
  };
}

async function cleanBody(c: Context<AppEnv>): Promise<void> {
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw errors.badRequest("invalid_encoding", {
      zh: "请求体不是有效的 UTF-8 文本",
      en: "The request body is not valid UTF-8",
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the route's own parsing answers malformed_json, as before.
    cacheText(c, text);
    return;
  }
  const cleaned = cleanJson(parsed);
  if (cleaned.problems.length > 0) throw errors.validation(cleaned.problems);
  // Depth is bounded by cleanJson, so stringify cannot overflow the stack.
  cacheText(c, cleaned.changed ? JSON.stringify(cleaned.value) : text);
}

/**
 * Routes read the body with c.req.json() (their validators too), which parses the text HonoRequest caches: a
 * promise per body kind in `bodyCache` (its typings name the resolved value). Caching the checked text makes every
 * later reading see it; the NFC test in test/integration/input-hygiene.test.ts fails if that ever stops being so.
 */
function cacheText(c: Context<AppEnv>, text: string): void {
  (c.req.bodyCache as unknown as { text?: Promise<string> }).text = Promise.resolve(text);
}

/** Each `name=value` of the raw query string, decoded strictly (`+` is a space, as the router reads it). */
function queryProblems(search: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const texts: [string, string][] = [];
  for (const pair of search.slice(1).split("&")) {
    if (pair === "") continue;
    const cut = pair.indexOf("=");
    const rawKey = cut < 0 ? pair : pair.slice(0, cut);
    const key = strictDecode(rawKey.replace(/\+/g, " "));
    const value = cut < 0 ? "" : strictDecode(pair.slice(cut + 1).replace(/\+/g, " "));
    const path = `query.${key === undefined ? rawKey : printableKey(key)}`;
    if (key === undefined || value === undefined) problems.push(notUtf8(path));
    else if (reservedKeys.has(key)) problems.push(reservedKeyProblem(path));
    else texts.push([path, key], [path, value]);
  }
  return dedupe([...problems, ...textProblems(texts)]);
}

/** Each segment of the raw path, decoded strictly, named after the matched route's parameter where there is one. */
function pathProblems(pathname: string, pattern: string): FieldProblem[] {
  const segments = pathname.split("/");
  const names = pattern.split("/");
  const nameOf = (index: number) => {
    const part = names.length === segments.length ? names[index] : undefined;
    return part?.startsWith(":") ? `path.${part.slice(1).replace(/\{.*$/, "").replace(/\?$/, "")}` : "path";
  };
  const problems: FieldProblem[] = [];
  const texts: [string, string][] = [];
  segments.forEach((raw, index) => {
    const text = strictDecode(raw);
    if (text === undefined) problems.push(notUtf8(nameOf(index)));
    else texts.push([nameOf(index), text]);
  });
  return [...problems, ...textProblems(texts)];
}

function strictDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw); // throws on a stray % and on bytes that are not UTF-8 (overlong, surrogates)
  } catch {
    return undefined;
  }
}

function notUtf8(path: string): FieldProblem {
  return problem(
    path,
    "invalid_encoding",
    "不是有效的 URL 编码 UTF-8 文本（% 须写作 %25）",
    "Not valid percent-encoded UTF-8 (write % as %25)",
  );
}

function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.path) && seen.add(p.path));
}
