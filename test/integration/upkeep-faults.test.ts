// The key-target list under storage faults, through HTTP → app → the real DynamoDB client over DynamoDB Local
// (a middleware on its own stack): a change whose re-derivation met a failing read, and a change whose save was
// applied but whose answer was lost, both leave the unit's list entries as one clean application does
// (core/kernel/follow.ts). Found by the injected-faults suite (test/reliability/injected-faults.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { failingCall } from "#test/support/failing-call";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

const failing = failingCall();

let h: Harness;
let admin: string;
let inspector: string;
let place: Place;

beforeAll(async () => {
  h = await createHarness({ sessionClients: (client) => failing.install(client) });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312");
  place = await addPlace(h, admin, "隐患镇");
});

let n = 0;
async function unit(): Promise<string> {
  const res = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(++n, place) });
  expect(res.status).toBe(201);
  return res.body.id;
}

const majorHazard = (enterpriseId: string) =>
  h.request("POST", "/v1/hazards", {
    token: inspector,
    body: {
      enterpriseId,
      category: "消防",
      description: "消防通道堵塞",
      severity: "major",
      source: "inspection",
      foundBy: { name: "李检查" },
      foundOn: "2026-11-20",
    },
  });

async function majorHazardTargets(): Promise<string[]> {
  const res = await h.request("GET", "/v1/supervision-targets?reason=open-major-hazard", { token: admin });
  return res.body.items.map((t: { enterpriseId: string }) => t.enterpriseId);
}

/** The unit's one hazard is saved, and the unit is on the open-major-hazard list as one clean save puts it. */
async function expectHazardAndTarget(id: string): Promise<void> {
  const hazards = await h.request("GET", `/v1/hazards?enterpriseId=${id}`, { token: admin });
  expect(hazards.body.items).toHaveLength(1);
  expect(await majorHazardTargets()).toContain(id);
}

describe("key targets under storage faults", () => {
  it("a re-derivation whose read is throttled past the SDK's retries is tried again: the unit enters the list", async () => {
    const id = await unit();
    const failed = failing.failed;
    // The re-derivation's first read: the unit's key-target row.
    failing.arm((command, input) => command === "GetItemCommand" && input.Key?.pk?.S === `T#320312#SVT#${id}`, { after: false });
    const res = await majorHazard(id);
    expect(failing.failed).toBe(failed + 1);
    expect(res.status).toBe(201);
    expect(await majorHazardTargets()).toContain(id);
  });

  const hazardSave = (id: string) => (command: string, input: any) =>
    command === "TransactWriteItemsCommand" &&
    JSON.stringify(input.TransactItems).includes('"_type":{"S":"hazard"}') &&
    JSON.stringify(input.TransactItems).includes(id);

  it("a hazard saved whose answer was lost is asked again, answered 201, and moves the unit onto the list", async () => {
    const id = await unit();
    const failed = failing.failed;
    failing.arm(hazardSave(id), { after: true });
    const res = await majorHazard(id);
    expect(failing.failed).toBe(failed + 1);
    expect(res.status).toBe(201);
    await expectHazardAndTarget(id);
  });

  it("a hazard saved whose answer stays lost (503, each time it is asked again) still moves the unit onto the list", async () => {
    const id = await unit();
    const failed = failing.failed;
    // The send and the four times its outcome is asked (store/dynamo/settled-transaction.ts) all lose their answer.
    failing.arm(hazardSave(id), { after: true, times: 5 });
    const res = await majorHazard(id);
    expect(failing.failed).toBe(failed + 5);
    expect(res.status).toBe(503);
    await expectHazardAndTarget(id);
  });
});
