// A verified token is known again without its signature checked, but only while it would still verify on the
// clock, at most five minutes, and never for a refused token: a warm official's requests skip the signature,
// nothing else changes.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JWTVerifyGetKey } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { jwtVerifier, localKeySet } from "#api/jwt-verifier";
import {
  type DevKeys,
  loadDevKeys,
  localAudience,
  localIssuer,
  localOperatorAudience,
  localOperatorIssuer,
  mintDevToken,
} from "#local/dev-keys";
import { manualClock } from "#test/support/harness";

let keys: DevKeys;
beforeAll(async () => {
  keys = await loadDevKeys(mkdtempSync(join(tmpdir(), "anquan-jwt-cache-")));
});

/** A verifier whose key look-ups are counted: one per signature checked. */
function countingVerifier(clock: ReturnType<typeof manualClock>) {
  const lookups = { count: 0 };
  const local = localKeySet(keys.jwks);
  const counted: JWTVerifyGetKey = (header, token) => {
    lookups.count++;
    return local(header, token);
  };
  const verifier = jwtVerifier({
    officials: { issuer: localIssuer, audience: localAudience, keys: counted },
    operators: { issuer: localOperatorIssuer, audience: localOperatorAudience, keys: counted },
    clock,
  });
  return { verifier, lookups };
}

const invalid = expect.objectContaining({ code: "invalid_token" });

describe("verified tokens", () => {
  it("are known again without their signature checked, each request getting a principal of its own", async () => {
    const clock = manualClock(new Date("2026-12-04T02:00:00Z"));
    const { verifier, lookups } = countingVerifier(clock);
    const token = await mintDevToken(keys, { role: "inspector", tenantId: "320312", departments: ["应急管理局"], now: clock.now() });
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(lookups.count).toBe(1);
    const other = await mintDevToken(keys, { role: "viewer", tenantId: "320312", subject: "other", now: clock.now() });
    expect(await verifier.verify(other)).toMatchObject({ subject: "other", role: "viewer" });
    expect(lookups.count).toBe(2);
  });

  it("are refused once expired, or before they were issued, though remembered", async () => {
    const clock = manualClock(new Date("2026-12-04T02:00:00Z"));
    const { verifier } = countingVerifier(clock);
    const token = await mintDevToken(keys, { role: "inspector", tenantId: "320312", ttlSeconds: 120, now: clock.now() });
    await verifier.verify(token);
    clock.advance(-31_000); // more than the 30 s tolerance before iat
    await expect(verifier.verify(token)).rejects.toThrow(invalid);
    clock.advance(31_000 + 120_000 + 31_000); // past exp and its tolerance
    await expect(verifier.verify(token)).rejects.toThrow(invalid);
  });

  it("are checked again after five minutes, and a refusal is never remembered", async () => {
    const clock = manualClock(new Date("2026-12-04T02:00:00Z"));
    const { verifier, lookups } = countingVerifier(clock);
    const token = await mintDevToken(keys, { role: "tenant-admin", tenantId: "320312", now: clock.now() });
    await verifier.verify(token);
    clock.advance(299_000);
    await verifier.verify(token);
    expect(lookups.count).toBe(1);
    clock.advance(2_000);
    await verifier.verify(token);
    expect(lookups.count).toBe(2);
    const altered = `${token.slice(0, -4)}${token.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
    await expect(verifier.verify(altered)).rejects.toThrow(invalid);
    await expect(verifier.verify(altered)).rejects.toThrow(invalid);
    expect(lookups.count).toBe(4);
  });
});
