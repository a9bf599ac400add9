// Requests that are wrong on purpose, generated from an operation of the OpenAPI document and a seeded random
// source: each breaks exactly one declared rule (a path or query parameter outside its schema, a body that is not
// JSON, of the wrong shape or type, too deep, too large, with a reserved key or a forbidden character, the wrong
// media type, a bad header, a missing or forged credential), so every one of them must be refused with a 4xx and
// the error shape, and change nothing. The rest of the request is well formed (real ids where the caller has them),
// so the one broken rule is what the API meets.
import type { Operation, Parameter, Schema } from "./openapi-operations.ts";
import type { Random } from "./seeded-random.ts";

export interface FuzzRequest {
  readonly operationId: string;
  /** The rule it breaks, e.g. `query-enum:state`. */
  readonly mutation: string;
  readonly method: string;
  /** Path and query, encoded. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface Credentials {
  /** The credential an operation is called with (a tenant-admin's, or a platform operator's for /v1/tenants). */
  authorization(op: Operation): string;
}

/** A value for a path parameter that the caller has no real id for: its example, or one its pattern accepts. */
export function wellFormed(param: Parameter): string {
  const s = param.schema;
  if (s.example !== undefined) return String(s.example);
  if (s.type === "integer") return String(s.minimum ?? 1);
  if (Array.isArray(s.enum)) return String(s.enum[0]);
  const pattern = String(s.pattern ?? "");
  if (pattern.includes("\\d{6}-")) return "320312-01jd5x2k8m3n4p5q6r7s8t9v0w";
  if (pattern.includes("\\d{6}")) return "320312";
  if (pattern.includes("{26}")) return "01jd8k2m3n4p5q6r7s8t9v0w1x";
  return "x1";
}

/** Path segments no route's parameter accepts as an existing thing. */
const badSegments = ["..", "%2e%2e%2f", "a".repeat(300), "%F0%9F%98%80", "%00", "'%20OR%201%3D1%20--", "%3Cscript%3E", "%ZZ", "-1", "0"];

function matches(schema: Schema, value: string): boolean {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).includes(value);
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) return false;
  if (typeof schema.maxLength === "number" && value.length > schema.maxLength) return false;
  if (typeof schema.minLength === "number" && value.length < schema.minLength) return false;
  if (schema.type === "integer" || schema.type === "number") {
    if (!/^-?\d+(\.\d+)?$/.test(value)) return false;
    const n = Number(value);
    if (schema.type === "integer" && !Number.isInteger(n)) return false;
    if (typeof schema.minimum === "number" && n < schema.minimum) return false;
    if (typeof schema.maximum === "number" && n > schema.maximum) return false;
  }
  return true;
}

/** Values a query parameter's schema refuses (none when it refuses nothing we can name). */
function refusedValues(schema: Schema): string[] {
  const candidates: string[] = [];
  if (Array.isArray(schema.enum)) candidates.push("not-a-value", `${schema.enum[0]}x`, String(schema.enum[0]).toUpperCase());
  if (schema.type === "integer" || schema.type === "number")
    candidates.push(
      "abc",
      "1.5",
      "1e999",
      "9".repeat(40),
      "0x10",
      ...(typeof schema.minimum === "number" ? [String(schema.minimum - 1)] : []),
    );
  if (typeof schema.maximum === "number") candidates.push(String(schema.maximum + 1));
  if (schema.pattern) candidates.push("!!", "2026-13-45", "x".repeat(70));
  if (typeof schema.maxLength === "number") candidates.push("y".repeat(schema.maxLength + 1));
  if (schema.format === "date" || /\\d\{4\}-/.test(String(schema.pattern ?? ""))) candidates.push("2026-02-30", "20261101");
  return [...new Set(candidates)].filter((v) => !matches(schema, v) || (schema.format === "date" && /02-30|^\d{8}$/.test(v)));
}

/** A value of another JSON type than the schema's. */
function wrongTyped(schema: Schema, random: Random): unknown | undefined {
  const type = Array.isArray(schema.type) ? schema.type.filter((t: string) => t !== "null") : [schema.type];
  if (type.length !== 1 || schema.anyOf || schema.oneOf) return undefined;
  switch (type[0]) {
    case "string":
      return random.pick([12345, true, { a: 1 }, ["x"]]);
    case "integer":
    case "number":
      return random.pick(["12", "many", true, [1]]);
    case "boolean":
      return random.pick(["yes", 1, "true"]);
    case "array":
      return random.pick([{ a: 1 }, "x", 3]);
    case "object":
      return random.pick(["x", 3, [1, 2]]);
    default:
      return undefined;
  }
}

function nested(depth: number): unknown {
  let value: unknown = "deep";
  for (let i = 0; i < depth; i++) value = { n: value };
  return value;
}

export interface GeneratorOptions {
  readonly random: Random;
  readonly credentials: Credentials;
  /** A real id for a path parameter of the operation, when the caller has one. */
  readonly idFor: (op: Operation, param: Parameter) => string | undefined;
}

type Draft = {
  mutation: string;
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: string | Uint8Array;
};

/** One malformed request for `op`, or undefined when the operation has nothing of the kind drawn to break. */
export function malformedRequest(op: Operation, options: GeneratorOptions): FuzzRequest | undefined {
  const { random } = options;
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const draft: Draft = {
    mutation: "",
    path: Object.fromEntries(pathParams.map((p) => [p.name, encodeURIComponent(options.idFor(op, p) ?? wellFormed(p))])),
    query: [],
    headers: op.secured ? { authorization: options.credentials.authorization(op) } : {},
  };
  if (random.chance(0.3)) draft.headers["accept-language"] = random.pick(["en", "zh-CN", "en-US,en;q=0.9", "*", "xx-YY;q=abc"]);
  const kinds = mutationKinds(op);
  if (kinds.length === 0) return undefined;
  const kind = random.pick(kinds);
  if (!apply(kind, op, draft, random)) return undefined;
  let url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => draft.path[name] ?? "x");
  if (draft.query.length > 0) url += `?${draft.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&")}`;
  return {
    operationId: op.operationId,
    mutation: draft.mutation,
    method: op.method,
    url,
    headers: draft.headers,
    ...(draft.body !== undefined ? { body: draft.body } : {}),
  };
}

function mutationKinds(op: Operation): string[] {
  const kinds: string[] = [];
  if (op.parameters.some((p) => p.in === "path")) kinds.push("path");
  if (op.parameters.some((p) => p.in === "query" && refusedValues(p.schema).length > 0)) kinds.push("query", "query");
  if (op.parameters.some((p) => p.in === "header" && p.name.toLowerCase() === "if-match")) kinds.push("if-match");
  if (op.parameters.some((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key")) kinds.push("idempotency-key");
  if (op.secured) kinds.push("credential");
  if (op.body?.contentType === "application/json")
    kinds.push("json-syntax", "json-shape", "json-shape", "json-type", "json-type", "json-number", "json-text", "json-size", "media-type");
  if (op.body && op.body.contentType !== "application/json") kinds.push("file");
  return kinds;
}

function apply(kind: string, op: Operation, draft: Draft, random: Random): boolean {
  const json = () => (draft.headers["content-type"] = "application/json");
  const properties = Object.entries((op.body?.schema.properties ?? {}) as Record<string, Schema>);
  switch (kind) {
    case "path": {
      const param = random.pick(op.parameters.filter((p) => p.in === "path"));
      const value = random.pick(badSegments);
      // A segment the parameter's own schema would accept is not malformed (e.g. "0" for an integer ≥ 0).
      if (matches(param.schema, decodeURIComponent(value.replace(/%(?![0-9A-Fa-f]{2})/g, "%25")))) return false;
      draft.path[param.name] = value;
      draft.mutation = `path:${param.name}`;
      if (op.body?.contentType === "application/json") {
        json();
        draft.body = "{}";
      }
      return true;
    }
    case "query": {
      const param = random.pick(op.parameters.filter((p) => p.in === "query" && refusedValues(p.schema).length > 0));
      draft.query.push([param.name, random.pick(refusedValues(param.schema))]);
      draft.mutation = `query:${param.name}`;
      if (op.body?.contentType === "application/json") {
        json();
        draft.body = "{}";
      }
      return true;
    }
    case "if-match":
      draft.headers["if-match"] = random.pick(['"abc"', "W/", "*, *", '"-1"', '"1.5"', "x".repeat(300)]);
      draft.mutation = "header:if-match";
      if (op.body?.contentType === "application/json") {
        json();
        draft.body = "[]";
      }
      return true;
    case "idempotency-key":
      // Not "" (a transport may drop an empty header) nor non-ASCII (API Gateway's adapter percent-encodes it into a
      // valid key): those are valid requests on the deployed path.
      draft.headers["idempotency-key"] = random.pick(["k".repeat(129), "k".repeat(3000), "with space", "tab\there"]);
      draft.mutation = "header:idempotency-key";
      if (op.body?.contentType === "application/json") {
        json();
        draft.body = "[]";
      }
      return true;
    case "credential": {
      const forged = random.pick(["", "Bearer ", "Bearer abc.def.ghi", "Basic dXNlcjpwYXNz", `Bearer ${"e".repeat(5000)}`, "bearer"]);
      if (forged === "") delete draft.headers.authorization;
      else draft.headers.authorization = forged;
      if (random.chance(0.3)) draft.headers["x-api-key"] = random.pick(["ak_forged", "x", "ak_01jd8k2m3n4p5q6r7s8t9v0w1x.secret"]);
      draft.mutation = "credential";
      if (op.body?.contentType === "application/json") {
        json();
        draft.body = "{}";
      }
      return true;
    }
    case "json-syntax":
      json();
      draft.body = random.pick(['{"name":', "{'a':1}", "{,}", '{"a":1}}', "\u0000", "nul", '{"a":"\\x"}', '{"a":1,}']);
      draft.mutation = "body:syntax";
      return true;
    case "json-shape":
      json();
      // Every body the API takes is an object (or an array of them for bulk calls): a scalar is never one.
      draft.body = random.pick(['"text"', "42", "true", "null", "[[]]", "[1,2]"]);
      if (op.body?.schema.type === "array" && draft.body.startsWith("[")) draft.body = "42";
      draft.mutation = "body:shape";
      return true;
    case "json-type": {
      const typed = properties.flatMap(([name, schema]) => {
        const value = wrongTyped(schema, random);
        return value === undefined ? [] : [[name, value] as const];
      });
      if (typed.length === 0) return false;
      const [name, value] = random.pick(typed);
      json();
      draft.body = JSON.stringify({ [name]: value });
      draft.mutation = `body:type:${name}`;
      return true;
    }
    case "json-number": {
      // Numbers JSON can write but no field takes: 1e400 parses to Infinity, and an integer field meets a fraction.
      const numeric = properties.filter(([, s]) => s.type === "integer" || s.type === "number");
      if (numeric.length === 0) return false;
      const [name, schema] = random.pick(numeric);
      json();
      draft.body = `{"${name}":${schema.type === "integer" ? random.pick(["1e400", "-1e400", "1.5", "9007199254740993"]) : random.pick(["1e400", "-1e400"])}}`;
      draft.mutation = `body:number:${name}`;
      return true;
    }
    case "json-text": {
      const strings = properties.filter(([, s]) => s.type === "string" && !s.enum && !s.format);
      json();
      const name = strings.length > 0 ? random.pick(strings)[0] : "name";
      const bad = random.pick([`a\u0000b`, "\ud800", "a\u0085b", "\u0007", "\uffff"]);
      // Reserved keys are refused wherever they appear.
      draft.body = random.chance(0.3) ? `{"__proto__":{"polluted":true},"${name}":1}` : JSON.stringify({ [name]: bad });
      draft.mutation = `body:text:${name}`;
      return true;
    }
    case "json-size":
      json();
      draft.body = random.chance(0.5) ? JSON.stringify({ x: nested(40) }) : JSON.stringify({ x: "大".repeat(2_200_000) });
      draft.mutation = draft.body.length > 100_000 ? "body:too-large" : "body:too-deep";
      return true;
    case "media-type":
      draft.headers["content-type"] = random.pick([
        "text/plain",
        "application/xml",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
      ]);
      draft.body = '{"name":"x"}';
      draft.mutation = "body:media-type";
      return true;
    case "file":
      if (random.chance(0.5)) {
        draft.headers["content-type"] = op.body?.contentType ?? "application/octet-stream";
        draft.body = new Uint8Array();
        draft.mutation = "file:empty";
      } else {
        draft.headers["content-type"] = "application/json";
        draft.body = '{"file":"x"}';
        draft.mutation = "file:media-type";
      }
      return true;
    default:
      return false;
  }
}
