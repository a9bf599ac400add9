// The webhook rules that need no table: which addresses a delivery may reach, the signature as the Standard Webhooks
// reference computes it, which endpoint receives which change, and which tenants a stream batch starts.
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { signatureHeader, signingSecrets } from "#core/webhooks/webhook-delivery";
import { isWebhookType, subscribes } from "#core/webhooks/webhook-endpoint";
import { parseTargetUrl, refusedRange } from "#core/webhooks/webhook-target";
import { streamDelaySeconds, tenantsOfStream } from "#jobs/webhooks/webhook-triggers";

describe("the SSRF rule's addresses", () => {
  it.each([
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.0.1", "private"],
    ["127.0.0.1", "loopback"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd00::1", "uniqueLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["64:ff9b::a9fe:a9fe", "rfc6052"],
    ["2002:a00:1::", "6to4"],
  ])("refuses %s (%s)", (address, range) => {
    expect(refusedRange(address, "https:", "public")).toBe(range);
  });

  it("lets public unicast through, loopback only locally, and plain http only to loopback", () => {
    expect(refusedRange("93.184.215.14", "https:", "public")).toBeUndefined();
    expect(refusedRange("2606:2800:21f:cb07:6820:80da:af6b:8b2c", "https:", "public")).toBeUndefined();
    expect(refusedRange("127.0.0.1", "http:", "loopback-too")).toBeUndefined();
    expect(refusedRange("::1", "https:", "loopback-too")).toBeUndefined();
    expect(refusedRange("93.184.215.14", "http:", "loopback-too")).toBe("http-to-public");
    expect(refusedRange("10.0.0.1", "http:", "loopback-too")).toBe("private");
  });

  it("refuses credentials, other schemes and http outside local runs before any lookup", () => {
    const code = (url: string, targets: "public" | "loopback-too" = "public") => {
      const parsed = parseTargetUrl(url, targets);
      return "code" in parsed ? parsed.code : "ok";
    };
    expect(code("https://a:b@example.com/")).toBe("url_credentials");
    expect(code("https://a@example.com/")).toBe("url_credentials");
    expect(code("ftp://example.com/")).toBe("https_required");
    expect(code("http://example.com/")).toBe("https_required");
    expect(code("http://example.com/", "loopback-too")).toBe("ok");
    expect(code("not a url")).toBe("invalid_url");
    expect(code("https://example.com:8443/x")).toBe("ok");
  });
});

describe("signatures", () => {
  it("are what the reference library signs, one per secret in force", () => {
    const first = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    const second = `whsec_${Buffer.alloc(24, 9).toString("base64")}`;
    const at = new Date("2026-11-25T02:00:00Z");
    const body = '{"type":"hazard.created"}';
    const ours = signatureHeader([first, second], "msg_1", at.getTime() / 1000, body);
    expect(ours).toBe(`${new Webhook(first).sign("msg_1", at, body)} ${new Webhook(second).sign("msg_1", at, body)}`);
  });

  it("leave out a rotated-out secret once its overlap has ended", () => {
    const secrets = [
      { secret: "whsec_new", createdAt: "2026-11-25T00:00:00Z", expiresAt: null },
      { secret: "whsec_old", createdAt: "2026-11-01T00:00:00Z", expiresAt: "2026-11-26T00:00:00.000Z" },
    ];
    expect(signingSecrets(secrets, new Date("2026-11-25T23:59:59Z"))).toEqual(["whsec_new", "whsec_old"]);
    expect(signingSecrets(secrets, new Date("2026-11-26T00:00:00Z"))).toEqual(["whsec_new"]);
  });
});

describe("subscriptions and triggers", () => {
  it("match a change type (every action) or an event type (one action)", () => {
    expect(isWebhookType("hazard")).toBe(true);
    expect(isWebhookType("key-hazard-list.deleted")).toBe(true);
    expect(isWebhookType("hazard.exploded")).toBe(false);
    expect(isWebhookType("webhook")).toBe(false);
    expect(subscribes(null, { type: "grid", action: "updated" })).toBe(true);
    expect(subscribes(["hazard"], { type: "hazard", action: "deleted" })).toBe(true);
    expect(subscribes(["hazard.created"], { type: "hazard", action: "updated" })).toBe(false);
    expect(subscribes(["hazard.created"], { type: "key-hazard-list", action: "created" })).toBe(false);
  });

  it("start each tenant of a stream batch once, after the settle window", () => {
    const record = (pk: string) => ({ dynamodb: { Keys: { pk: { S: pk } } } });
    expect(tenantsOfStream([record("T#320312#CHG"), record("T#320300#CHG"), record("T#320312#CHG"), record("T#320312#ENT#x"), {}])).toEqual(
      ["320312", "320300"],
    );
    expect(streamDelaySeconds).toBe(7);
  });
});
