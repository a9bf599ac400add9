// Changes sent at the same moment without If-Match, through HTTP → app → DynamoDB Local: the caller asked for no
// precondition, so none is answered 412; each change is worked out again on the record as the others left it, and
// all of them land (as if sent one after the other). With If-Match, exactly one of those sent on one version wins.
import { beforeAll, describe, expect, it } from "vitest";
import { openingBody } from "#test/support/assessments";
import { createHarness, type Harness, manualClock } from "#test/support/harness";
import { addPlace, enterpriseBody, type Place } from "#test/support/register";

let h: Harness;
let admin: string;
let inspector: string;
let place: Place;

beforeAll(async () => {
  h = await createHarness({ clock: manualClock(new Date("2026-11-25T02:00:00Z")) });
  admin = await h.token("tenant-admin", "320312");
  inspector = await h.token("inspector", "320312", "inspector-li");
  place = await addPlace(h, admin, "宝盖镇");
});

describe("changes without If-Match", () => {
  it("eight inspectors answering different criteria of one assessment at once: all answers kept, no 412", async () => {
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(1, place) })).body;
    const opened = await h.request("POST", "/v1/assessments", {
      token: inspector,
      body: openingBody(unit.id),
    });
    const criteria = ["15.1", "15.2", "15.3", "15.4", "15.5", "15.6", "16.1", "16.2"];
    const answers = await Promise.all(
      criteria.map((id) =>
        h.request("PATCH", `/v1/assessments/${opened.body.id}`, {
          token: inspector,
          body: { answers: { [id]: { input: { met: true } } } },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(criteria.map(() => 200));
    const final = (await h.request("GET", `/v1/assessments/${opened.body.id}`, { token: inspector })).body;
    expect(Object.keys(final.answers).sort()).toEqual([...criteria].sort());
    expect(final.version).toBe(1 + criteria.length);
  });

  it("four edits of different fields of one unit at once: all kept, each in the history", async () => {
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(2, place) })).body;
    const edits = [{ riskLevel: "orange" }, { address: "宝盖镇新路1号" }, { keyRisks: ["粉尘涉爆"] }, { sizeClass: "medium" }];
    const answers = await Promise.all(edits.map((body) => h.request("PATCH", `/v1/enterprises/${unit.id}`, { token: admin, body })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const final = (await h.request("GET", `/v1/enterprises/${unit.id}`, { token: admin })).body;
    expect(final).toMatchObject({
      riskLevel: "orange",
      address: "宝盖镇新路1号",
      keyRisks: ["粉尘涉爆"],
      sizeClass: "medium",
      version: 5,
    });
    const history = (await h.request("GET", `/v1/enterprises/${unit.id}/history`, { token: admin })).body.items;
    expect(history.filter((e: { action: string }) => e.action === "update")).toHaveLength(4);
  });

  it("with If-Match, of four edits sent on one version exactly one wins and three are 412", async () => {
    const unit = (await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(3, place) })).body;
    const answers = await Promise.all(
      ["red", "orange", "blue", null].map((riskLevel) =>
        h.request("PATCH", `/v1/enterprises/${unit.id}`, { token: admin, headers: { "if-match": '"1"' }, body: { riskLevel } }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412, 412, 412]); // none of them repeats the stored value
  });
});
