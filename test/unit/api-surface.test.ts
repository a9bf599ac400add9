// The rule that tells a breaking change to the API from an addition (test/support/api-surface.ts), on small
// documents: removals, type changes and newly required parameters break; new operations, fields and optional
// parameters do not.
import { describe, expect, it } from "vitest";
import { apiSurface, breakingChanges, typeOf } from "#test/support/api-surface";

const doc = (extra: { param?: Record<string, unknown>; field?: Record<string, unknown>; more?: boolean } = {}) => ({
  paths: {
    "/v1/hazards": {
      get: {
        parameters: [{ in: "query", name: "limit", schema: { type: "integer" } }, ...(extra.param ? [extra.param] : [])],
      },
      ...(extra.more
        ? { post: { requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Hazard" } } } } } }
        : {}),
    },
  },
  components: {
    schemas: {
      Hazard: {
        type: "object",
        required: ["id"],
        properties: { id: { type: "string" }, deadline: { type: ["string", "null"] }, ...extra.field },
      },
    },
  },
});

describe("breaking changes to the API's surface", () => {
  it("reads types briefly", () => {
    expect(typeOf({ type: "array", items: { $ref: "#/components/schemas/Hazard" } })).toBe("#Hazard[]");
    expect(typeOf({ anyOf: [{ type: "string" }, { type: "null" }] })).toBe("string|null");
    expect(typeOf({ type: "string", enum: ["major", "general"] })).toBe("enum(major|general)");
  });

  it("finds nothing between a document and itself, or an addition", () => {
    const before = apiSurface(doc());
    expect(breakingChanges(before, apiSurface(doc()))).toEqual([]);
    expect(breakingChanges(before, apiSurface(doc({ more: true, field: { note: { type: "string" } } })))).toEqual([]);
    expect(breakingChanges(before, apiSurface(doc({ param: { in: "query", name: "town", schema: { type: "string" } } })))).toEqual([]);
  });

  it("names a removed operation, field or parameter, a changed type, and a newly required parameter", () => {
    const before = apiSurface(doc({ more: true, param: { in: "query", name: "town", schema: { type: "string" } } }));
    expect(breakingChanges(before, apiSurface(doc()))).toEqual([
      "get /v1/hazards: parameter query:town removed",
      "operation post /v1/hazards removed",
    ]);
    const typed = apiSurface(doc({ field: { deadline: { type: "string" } } }));
    expect(breakingChanges(apiSurface(doc()), typed)).toEqual(["schema Hazard: field deadline string|null → string"]);
    const required = apiSurface(doc({ param: { in: "query", name: "town", required: true, schema: { type: "string" } } }));
    expect(breakingChanges(apiSurface(doc()), required)).toEqual(["get /v1/hazards: new required parameter query:town"]);
  });
});
