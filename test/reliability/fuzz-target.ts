// What the bad-input suite aims at, made through the API it then attacks: a town, a grid, a unit and a hazard of
// the tenant, so that a malformed request to /v1/enterprises/{id} meets a real unit and what refuses it is the
// malformed part, not a missing record; and the credentials (the tenant-admin, or the platform operator for
// /v1/tenants). The same for the test (in-process app) and the bench (the Lambda handler chain).
import { enterpriseBody } from "#test/support/register";
import type { Answer, Send } from "./fuzz-run.ts";
import type { GeneratorOptions } from "./malformed-requests.ts";
import type { Operation } from "./openapi-operations.ts";

export interface FuzzTarget {
  readonly credentials: GeneratorOptions["credentials"];
  readonly idFor: GeneratorOptions["idFor"];
}

/** The collection a path's `{id}` belongs to: /v1/enterprises/{id}/lessees → enterprises. */
const collectionOf = (op: Operation) => op.path.split("/")[2] ?? "";

export async function prepareFuzzTarget(send: Send, tokens: { readonly admin: string; readonly operator: string }): Promise<FuzzTarget> {
  const post = async (url: string, body: unknown): Promise<{ id: string }> => {
    const answer: Answer = await send({
      operationId: "setup",
      mutation: "none",
      method: "POST",
      url,
      headers: { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (answer.status !== 201) throw new Error(`fuzz set-up ${url}: ${answer.status} ${answer.text.slice(0, 300)}`);
    return JSON.parse(answer.text) as { id: string };
  };
  const suffix = Date.now().toString(36).slice(-5);
  const town = await post("/v1/towns", { name: `模糊测试镇${suffix}`, kind: "town" });
  const grid = await post("/v1/grids", { townId: town.id, name: `模糊测试网格${suffix}`, level: 1 });
  const unit = await post(
    "/v1/enterprises",
    enterpriseBody(90_000 + (Number.parseInt(suffix, 36) % 9_000), { townId: town.id, gridId: grid.id }),
  );
  const hazard = await post("/v1/hazards", {
    enterpriseId: unit.id,
    category: "消防",
    description: "消防通道堆放杂物",
    severity: "general",
    source: "inspection",
    foundBy: { name: "李检查" },
    foundOn: "2026-11-20",
  });
  const ids = new Map([
    ["towns", town.id],
    ["grids", grid.id],
    ["enterprises", unit.id],
    ["placards", unit.id],
    ["hazards", hazard.id],
  ]);
  return {
    credentials: { authorization: (op) => `Bearer ${op.path.startsWith("/v1/tenants") ? tokens.operator : tokens.admin}` },
    idFor: (op, param) => (param.name === "id" ? ids.get(collectionOf(op)) : undefined),
  };
}
