// Cursors are opaque and signed: bound to the scope and the query, and refused when altered.
import { describe, expect, it } from "vitest";
import { hmacCursorCodec } from "#store/dynamo/cursor";
import { tenantScope } from "#store/dynamo/keys";

const codec = hmacCursorCodec(async () => Buffer.from("test-secret-test-secret-test-sec"));
const lastKey = { pk: { S: "T#320312#APIKEY" }, sk: { S: "01ABCdef" } };

describe("signed cursors", () => {
  it("round-trips the key exactly, casing included", async () => {
    const cursor = await codec.encode("T#320312", "api-keys", lastKey);
    expect(cursor).not.toContain("320312");
    expect(await codec.decode("T#320312", "api-keys", cursor)).toEqual(lastKey);
  });

  it("refuses another tenant, another query, another secret, and any altered byte", async () => {
    const cursor = await codec.encode("T#320312", "api-keys", lastKey);
    const invalid = expect.objectContaining({ code: "invalid_cursor" });
    await expect(codec.decode("T#320300", "api-keys", cursor)).rejects.toThrow(invalid);
    await expect(codec.decode("T#320312", "audit", cursor)).rejects.toThrow(invalid);
    const other = hmacCursorCodec(async () => Buffer.from("another-secret"));
    await expect(other.decode("T#320312", "api-keys", cursor)).rejects.toThrow(invalid);
    for (let i = 0; i < cursor.length; i += 7) {
      const flipped = cursor.slice(0, i) + (cursor[i] === "A" ? "B" : "A") + cursor.slice(i + 1);
      if (flipped !== cursor) await expect(codec.decode("T#320312", "api-keys", flipped)).rejects.toThrow(invalid);
    }
    await expect(codec.decode("T#320312", "api-keys", "x".repeat(5000))).rejects.toThrow(invalid);
  });

  it("refuses every other spelling of the signature's last character, though it decodes to the same bytes", async () => {
    const cursor = await codec.encode("T#320312", "api-keys", lastKey);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = cursor.at(-1) ?? "";
    // 32 bytes are 43 characters; the last one holds 4 bits, so characters that differ in the 2 low bits decode alike.
    const sameBytes = [...alphabet].filter((c) => c !== last && alphabet.indexOf(c) >> 2 === alphabet.indexOf(last) >> 2);
    expect(sameBytes).toHaveLength(3);
    for (const c of sameBytes) {
      const respelled = `${cursor.slice(0, -1)}${c}`;
      expect(Buffer.from(respelled.split(".")[1] ?? "", "base64url")).toEqual(Buffer.from(cursor.split(".")[1] ?? "", "base64url"));
      await expect(codec.decode("T#320312", "api-keys", respelled)).rejects.toThrow(expect.objectContaining({ code: "invalid_cursor" }));
    }
  });
});

describe("tenant scopes", () => {
  it("cannot be built from anything but a division code", () => {
    expect(tenantScope("320312").prefix).toBe("T#320312");
    for (const bad of ["", "32031", "320312#APIKEY", "PLATFORM", "T#320312"]) expect(() => tenantScope(bad)).toThrow();
  });
});
