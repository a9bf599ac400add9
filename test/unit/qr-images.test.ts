// Placard QR images as the routes serve them: drawn once per exact content, format and size, kept in a cache
// that stays within its bounds however many placards are asked for, and named by ETags that If-None-Match meets.
import { describe, expect, it } from "vitest";
import { LruCache } from "#api/lru-cache";
import { QR_PNG_MAX_SIZE, type QrRenderer, qrcodeRenderer } from "#api/routes/placards/qr-code";
import { ifNoneMatchMeets, qrImages } from "#api/routes/placards/qr-images";

const url = (n: number) => `https://anquan.example.gov.cn/p/320312/placard-token-${String(n).padStart(6, "0")}`;

/** A renderer that draws nothing real: a body of `bytes` bytes, and a log of what it was asked to draw. */
function fakeRenderer(bytes = 100) {
  const drawn: string[] = [];
  const renderer: QrRenderer = {
    svg: async (u) => {
      drawn.push(`svg ${u}`);
      return "x".repeat(bytes);
    },
    png: async (u, size) => {
      drawn.push(`png ${size} ${u}`);
      return new Uint8Array(bytes);
    },
  };
  return { drawn, renderer };
}

describe("LRU cache", () => {
  it("keeps at most maxEntries, dropping the least recently used", () => {
    const cache = new LruCache<string>({ maxEntries: 2, maxWeight: 1000, weigh: () => 1 });
    cache.set("a", "A");
    cache.set("b", "B");
    expect(cache.get("a")).toBe("A"); // a is now more recent than b
    cache.set("c", "C");
    expect(cache.get("b")).toBeUndefined();
    expect([cache.get("a"), cache.get("c"), cache.size]).toEqual(["A", "C", 2]);
  });

  it("keeps the total weight within maxWeight and refuses a value heavier than all of it", () => {
    const cache = new LruCache<string>({ maxEntries: 100, maxWeight: 10, weigh: (v) => v.length });
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    cache.set("c", "cccc"); // 12 > 10: a goes
    expect([cache.get("a"), cache.weight]).toEqual([undefined, 8]);
    cache.set("b", "bb"); // replacing counts the new weight only
    expect(cache.weight).toBe(6);
    cache.set("huge", "x".repeat(11));
    expect([cache.get("huge"), cache.get("b"), cache.get("c"), cache.weight]).toEqual([undefined, "bb", "cccc", 6]);
  });

  it("stays bounded under many distinct keys", () => {
    const cache = new LruCache<Uint8Array>({ maxEntries: 50, maxWeight: 4000, weigh: (v) => v.byteLength });
    for (let i = 0; i < 10_000; i++) {
      cache.set(`k${i}`, new Uint8Array(1 + (i % 200)));
      expect(cache.size).toBeLessThanOrEqual(50);
      expect(cache.weight).toBeLessThanOrEqual(4000);
    }
    expect(cache.get("k9999")?.byteLength).toBe(1 + (9999 % 200));
  });
});

describe("QR images", () => {
  it("draws an image once: the same content, format and size again comes from the cache", async () => {
    const { drawn, renderer } = fakeRenderer();
    const images = qrImages({ renderer });
    const first = await images.get(url(1), "png", 512);
    const second = await images.get(url(1), "png", 512);
    expect(second).toBe(first);
    expect(first.contentType).toBe("image/png");
    await images.get(url(1), "png", 513);
    await images.get(url(2), "png", 512);
    await images.get(url(1), "svg");
    await images.get(url(1), "svg");
    expect(drawn).toEqual([`png 512 ${url(1)}`, `png 513 ${url(1)}`, `png 512 ${url(2)}`, `svg ${url(1)}`]);
  });

  it("draws once for requests that arrive together, and not at all for a failed drawing's next ask", async () => {
    const { drawn, renderer } = fakeRenderer();
    const images = qrImages({ renderer });
    const all = await Promise.all([1, 2, 3, 4].map(() => images.get(url(1), "png", 700)));
    expect(new Set(all).size).toBe(1);
    expect(drawn).toHaveLength(1);

    let fail = true;
    const flaky = qrImages({
      renderer: { ...renderer, png: async (u, size) => (fail ? Promise.reject(new Error("boom")) : renderer.png(u, size)) },
    });
    await expect(flaky.get(url(3), "png", 512)).rejects.toThrow("boom");
    fail = false;
    expect((await flaky.get(url(3), "png", 512)).contentType).toBe("image/png"); // the failure was not cached
  });

  it("holds no more than its bounds however many placards are drawn", async () => {
    const { drawn, renderer } = fakeRenderer(1000);
    const images = qrImages({ renderer, maxEntries: 20, maxBytes: 5000 });
    for (let i = 0; i < 200; i++) await images.get(url(i), "png", 512);
    expect(images.cached()).toEqual({ entries: 5, bytes: 5000 });
    await images.get(url(199), "png", 512); // the most recent is still there
    expect(drawn).toHaveLength(200);
    await images.get(url(0), "png", 512); // the oldest was dropped and is drawn again
    expect(drawn).toHaveLength(201);
  });

  it("names each image by an ETag known before drawing, different for another content, format or size", async () => {
    const { drawn, renderer } = fakeRenderer();
    const images = qrImages({ renderer });
    const tag = images.etag(url(1), "png", 512);
    expect(tag).toMatch(/^W\/"[\w-]{22,}"$/);
    expect(drawn).toEqual([]);
    expect((await images.get(url(1), "png", 512)).etag).toBe(tag);
    const others = [images.etag(url(2), "png", 512), images.etag(url(1), "png", 1024), images.etag(url(1), "svg")];
    expect(new Set([tag, ...others]).size).toBe(4);
    expect(qrImages({ renderer }).etag(url(1), "png", 512)).toBe(tag); // the same in every process
  });

  it("caches real PNGs at the largest size allowed", async () => {
    const images = qrImages({ renderer: qrcodeRenderer });
    const png = await images.get(url(1), "png", QR_PNG_MAX_SIZE);
    expect(new DataView((png.body as Uint8Array).buffer, (png.body as Uint8Array).byteOffset).getUint32(16)).toBe(QR_PNG_MAX_SIZE);
    expect(images.cached().entries).toBe(1);
  });
});

describe("If-None-Match", () => {
  const tag = 'W/"abc"';
  it("meets the ETag itself, its strong form, a list holding it, and *", () => {
    for (const header of ['W/"abc"', '"abc"', '"x", W/"abc"', '"x",W/"abc" , "y"', "*"])
      expect(ifNoneMatchMeets(header, tag), header).toBe(true);
  });
  it("does not meet other tags, a prefix, or nothing", () => {
    for (const header of [undefined, "", '"abcd"', '"ab"', "abc", 'W/"x"'])
      expect(ifNoneMatchMeets(header, tag), String(header)).toBe(false);
  });
});
