// The headers that tell a browser how to treat each kind of answer, through HTTP → app → DynamoDB Local: HSTS on
// every answer; JSON (and images, errors) may load nothing and be framed nowhere; the docs page may load only its
// own scripts, styles and spec; the public placard page only its own hashed stylesheet, and sends no referrer.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "#test/support/harness";
import { addPlace, enterpriseBody } from "#test/support/register";

const hsts = "max-age=31536000; includeSubDomains";
const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.token("tenant-admin", "320312");
});

/** A CSP header as directive → sources. */
function directives(policy: string | null): Record<string, string[]> {
  expect(policy).toBeTruthy();
  return Object.fromEntries(
    (policy ?? "")
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name = "", ...sources]) => [name, sources]),
  );
}

describe("JSON API answers", () => {
  it("carry HSTS, a CSP that allows nothing and no framing, on success, error, not found and the spec", async () => {
    const answers = {
      me: await h.request("GET", "/v1/me", { token: admin }),
      unauthenticated: await h.request("GET", "/v1/me"),
      invalid: await h.request("GET", "/v1/placards?limit=0", { token: admin }),
      unknownRoute: await h.request("GET", "/v1/nothing-here", { token: admin }),
      health: await h.request("GET", "/health"),
      spec: await h.request("GET", "/openapi.json"),
    };
    expect(Object.values(answers).map((r) => r.status)).toEqual([200, 401, 400, 404, 200, 200]);
    for (const [name, res] of Object.entries(answers)) {
      expect(res.headers.get("content-type"), name).toMatch(/^application\/json/);
      expect(res.headers.get("strict-transport-security"), name).toBe(hsts);
      expect(res.headers.get("content-security-policy"), name).toBe(apiPolicy);
      expect(res.headers.get("x-frame-options"), name).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), name).toBe("nosniff");
    }
  });

  it("give images the same policy: an SVG opened directly runs nothing", async () => {
    const place = await addPlace(h, admin, "汉王镇");
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(7, place) });
    const persons = { first: { name: "张三", phone: "13912345678" }, inCharge: { name: "李四", phone: "13912345679" }, specific: [] };
    const placard = await h.request("POST", "/v1/placards", {
      token: admin,
      body: { enterpriseId: unit.body.id, persons: { ...persons, specific: [{ name: "王五", phone: "13800001111" }] } },
    });
    expect(placard.status).toBe(201);
    const svg = await h.request("GET", `/v1/placards/${placard.body.id}/qr.svg`, { token: admin });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-security-policy")).toBe(apiPolicy);
    expect(svg.headers.get("strict-transport-security")).toBe(hsts);
  });
});

describe("the docs page", () => {
  it("allows its own scripts, styles, images and spec only, no inline script, no framing", async () => {
    const page = await h.request("GET", "/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("strict-transport-security")).toBe(hsts);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const csp = directives(page.headers.get("content-security-policy"));
    expect(csp).toEqual({
      "default-src": ["'none'"],
      "script-src": ["'self'"],
      "style-src": expect.arrayContaining(["'self'"]),
      "img-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "frame-ancestors": ["'none'"],
      "base-uri": ["'none'"],
      "object-src": ["'none'"],
      "form-action": ["'none'"],
    });
    expect(csp["style-src"]).not.toContain("'unsafe-inline'");
    // Every script is a file of our own origin (script-src 'self' covers it), none is inline.
    const scripts = [...(page.body as string).matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => /src="([^"]+)"/.exec(m[1] ?? "")?.[1])).toEqual(["/docs/assets/swagger-ui-bundle.js", "/docs/init.js"]);
    expect(scripts.map((m) => m[2])).toEqual(["", ""]);
    expect(page.body).not.toMatch(/\son\w+=|style=|javascript:/i);

    for (const path of ["/docs/init.js", "/docs/assets/swagger-ui.css"]) {
      const asset = await h.request("GET", path);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get("content-security-policy"), path).toBe(page.headers.get("content-security-policy"));
      expect(asset.headers.get("strict-transport-security"), path).toBe(hsts);
    }
  });
});

describe("a placard's public page", () => {
  it("allows only its own stylesheet, by hash, and sends no referrer, found or not", async () => {
    const place = await addPlace(h, admin, "柳泉镇");
    const unit = await h.request("POST", "/v1/enterprises", { token: admin, body: enterpriseBody(8, place) });
    const placard = await h.request("POST", "/v1/placards", {
      token: admin,
      body: {
        enterpriseId: unit.body.id,
        persons: {
          first: { name: "张三", phone: "13912345678" },
          inCharge: { name: "李四", phone: "13912345679" },
          specific: [{ name: "王五", phone: "13800001111" }],
        },
      },
    });
    expect(placard.status).toBe(201);
    const found = await h.request("GET", new URL(placard.body.publicUrl).pathname);
    const missing = await h.request("GET", `/p/320312/${"A".repeat(22)}`);
    expect([found.status, missing.status]).toEqual([200, 404]);
    for (const res of [found, missing]) {
      const html = res.body as string;
      const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
      const hash = createHash("sha256").update(style, "utf8").digest("base64");
      expect(directives(res.headers.get("content-security-policy"))).toEqual({
        "default-src": ["'none'"],
        "style-src": [`'sha256-${hash}'`],
        "img-src": ["data:"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
      });
      expect(html.match(/<style>/g)).toHaveLength(1); // the hash covers the one stylesheet…
      expect(html).not.toMatch(/<script|\sstyle=|\son\w+=/i); // …and there is nothing else inline
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("strict-transport-security")).toBe(hsts);
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });
});
