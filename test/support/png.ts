// A small PNG reader for tests: checks what a viewer would (signature, every chunk's CRC, IHDR first, IEND last)
// and gives the pixels back, for 8-bit RGB and RGBA without interlacing. Its CRC-32 is computed here from a table,
// not by node:zlib's crc32 which the encoder uses, so a wrong checksum cannot agree with itself.
import { inflateSync } from "node:zlib";

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** 3 (RGB) or 4 (RGBA). */
  readonly channels: number;
  /** Row by row, `channels` bytes per pixel. */
  readonly pixels: Uint8Array;
  readonly chunkTypes: readonly string[];
  /** [r, g, b] of pixel (x, y); alpha, if any, is left out. */
  rgb(x: number, y: number): [number, number, number];
}

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function decodePng(png: Uint8Array): DecodedPng {
  signature.forEach((byte, index) => {
    if (png[index] !== byte) throw new Error(`not a PNG: byte ${index} of the signature is ${png[index]}`);
  });
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunkTypes: string[] = [];
  const idat: Uint8Array[] = [];
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | undefined;
  let offset = signature.length;
  while (offset < png.length) {
    if (offset + 12 > png.length) throw new Error(`truncated chunk at byte ${offset}`);
    const length = view.getUint32(offset);
    const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > png.length) throw new Error(`chunk ${type} runs past the end of the file`);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const stored = view.getUint32(offset + 8 + length);
    const computed = crc32(png.subarray(offset + 4, offset + 8 + length));
    if (stored !== computed) throw new Error(`chunk ${type}: CRC ${stored.toString(16)}, computed ${computed.toString(16)}`);
    if (chunkTypes.length === 0 && type !== "IHDR") throw new Error(`the first chunk is ${type}, not IHDR`);
    if (chunkTypes.at(-1) === "IEND") throw new Error(`chunk ${type} after IEND`);
    chunkTypes.push(type);
    if (type === "IHDR") {
      const ihdr = new DataView(data.buffer, data.byteOffset, data.byteLength);
      header = {
        width: ihdr.getUint32(0),
        height: ihdr.getUint32(4),
        bitDepth: ihdr.getUint8(8),
        colourType: ihdr.getUint8(9),
        interlace: ihdr.getUint8(12),
      };
    } else if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  if (!header) throw new Error("no IHDR");
  if (chunkTypes.at(-1) !== "IEND") throw new Error("no IEND at the end");
  if (header.bitDepth !== 8 || (header.colourType !== 2 && header.colourType !== 6) || header.interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${header.bitDepth}, colour type ${header.colourType}, interlace ${header.interlace}`);
  }
  const { width, height } = header;
  const channels = header.colourType === 2 ? 3 : 4;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error(`image data is ${raw.length} bytes, expected ${(stride + 1) * height}`);
  const pixels = unfilter(raw, stride, height, channels);
  return {
    width,
    height,
    channels,
    pixels,
    chunkTypes,
    rgb(x, y) {
      if (x < 0 || y < 0 || x >= width || y >= height) throw new RangeError(`pixel (${x}, ${y}) is outside ${width} × ${height}`);
      const at = y * stride + x * channels;
      return [pixels[at] ?? 0, pixels[at + 1] ?? 0, pixels[at + 2] ?? 0];
    },
  };
}

/** Undoes the five filter types of PNG spec §9.2. */
function unfilter(raw: Uint8Array, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const source = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= bpp ? (out[row + x - bpp] ?? 0) : 0;
      const up = y > 0 ? (out[row - stride + x] ?? 0) : 0;
      const upLeft = x >= bpp && y > 0 ? (out[row - stride + x - bpp] ?? 0) : 0;
      const byte = source[x] ?? 0;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      else throw new Error(`row ${y}: unknown filter type ${filter}`);
      out[row + x] = (byte + predicted) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
