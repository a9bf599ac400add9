// Placard QR images as the routes serve them. Drawing a PNG costs real CPU (a quarter of a second at 2048 px), and
// the same placard's code is asked for again and again while it is printed, so each image is drawn once per exact
// content, format and size and kept in a bounded LRU of this process; and each is named by an ETag computed from
// the same, without drawing, so a client (or a cache in between) that has the image asks with If-None-Match and
// gets 304 from any process, warm or not.
import { createHash } from "node:crypto";
import { LruCache } from "#api/lru-cache";
import { type QrRenderer, qrcodeRenderer, qrRendition } from "#api/routes/placards/qr-code";

export type QrFormat = "png" | "svg";

export interface QrImage {
  readonly body: Uint8Array | string;
  readonly contentType: string;
  readonly etag: string;
}

export interface QrImagesOptions {
  /** What draws the images (default: the qrcode package). */
  readonly renderer?: QrRenderer;
  /** Default 512 images… */
  readonly maxEntries?: number;
  /** …of at most 16 MiB together (a 2048 px PNG is about 22 KB, an SVG about 2 KB). */
  readonly maxBytes?: number;
}

const contentTypes: Record<QrFormat, string> = { png: "image/png", svg: "image/svg+xml; charset=utf-8" };

function weigh(image: QrImage): number {
  return typeof image.body === "string" ? Buffer.byteLength(image.body) : image.body.byteLength;
}

export function qrImages(options: QrImagesOptions = {}) {
  const renderer = options.renderer ?? qrcodeRenderer;
  const cache = new LruCache<QrImage>({ maxEntries: options.maxEntries ?? 512, maxWeight: options.maxBytes ?? 16 * 1024 * 1024, weigh });
  // Requests for an image being drawn wait for that drawing instead of starting their own.
  const drawing = new Map<string, Promise<QrImage>>();

  // The SVG has no size: one image whatever size is asked.
  const keyOf = (url: string, format: QrFormat, size: number | undefined) => `${format}\n${format === "png" ? size : ""}\n${url}`;

  /**
   * A weak ETag (the same symbol of the same URL at the same size, even should the drawing library change a byte),
   * from the key and the drawing options; hashed, so it does not carry the placard's public token.
   */
  function etagOf(key: string): string {
    return `W/"${createHash("sha256").update(`${qrRendition}\n${key}`).digest("base64url").slice(0, 22)}"`;
  }

  async function draw(key: string, url: string, format: QrFormat, size: number | undefined): Promise<QrImage> {
    const body = format === "png" ? await renderer.png(url, size ?? 512) : await renderer.svg(url);
    return { body, contentType: contentTypes[format], etag: etagOf(key) };
  }

  return {
    etag(url: string, format: QrFormat, size?: number): string {
      return etagOf(keyOf(url, format, size));
    },

    /** The image, drawn only when this process has not kept it; a drawing that fails is not kept. */
    async get(url: string, format: QrFormat, size?: number): Promise<QrImage> {
      const key = keyOf(url, format, size);
      const cached = cache.get(key);
      if (cached) return cached;
      let pending = drawing.get(key);
      if (!pending) {
        pending = draw(key, url, format, size).finally(() => drawing.delete(key));
        drawing.set(key, pending);
        const image = await pending;
        cache.set(key, image);
        return image;
      }
      return pending;
    },

    /** What the cache holds now. */
    cached(): { entries: number; bytes: number } {
      return { entries: cache.size, bytes: cache.weight };
    },
  };
}

export type QrImages = ReturnType<typeof qrImages>;

/** Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 §13.1.2), or is `*`. */
export function ifNoneMatchMeets(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => /^(?:W\/)?("[^"]*")$/.exec(tag.trim())?.[1];
  const wanted = opaque(etag);
  return header.split(",").some((tag) => tag.trim() === "*" || (wanted !== undefined && opaque(tag) === wanted));
}
