// Anonymous X-Api-Key values: anyone can shape `aq_<code>_<26>_<43>`. A code that is no division code at all is
// 401 invalid_api_key like a wrong secret, never a 500.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});

const keyId = () => randomBytes(16).toString("hex").slice(0, 26);
const secret = () => randomBytes(32).toString("base64url");
const anonymousKey = (code: string) => `aq_${code}_${keyId()}_${secret()}`;

describe("API keys whose tenant part is no division code", () => {
  it("are 401 invalid_api_key, never a 500", async () => {
    for (const code of ["999999", "000000", "990000", "100000", "090101"]) {
      const res = await h.request("GET", "/v1/me", { apiKey: anonymousKey(code) });
      expect(res.status, code).toBe(401);
      expect(res.body.error.code, code).toBe("invalid_api_key");
    }
    expect((await h.request("GET", "/v1/me", { apiKey: anonymousKey("110101") })).status).toBe(401);
  });
});
