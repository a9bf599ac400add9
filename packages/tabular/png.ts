// Writes an 8-bit RGB image as a PNG by hand (signature, IHDR, one IDAT, IEND), so drawing a chart for a mail
// needs no image library and no native code. Deflate and CRC-32 come from node:zlib; nothing else varies, so the
// same pixels always give the same bytes.
import { crc32, deflateSync } from "node:zlib";

const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const rgbChannels = 3;

/** `rgb` holds width × height pixels, row by row, three bytes (red, green, blue) each. */
export function encodeRgbPng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`a PNG needs a positive whole width and height, not ${width} × ${height}`);
  }
  const stride = width * rgbChannels;
  if (rgb.length !== stride * height) throw new RangeError(`expected ${stride * height} bytes of pixels, got ${rgb.length}`);

  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, truecolour, deflate, adaptive filtering, no interlace

  // Filter type 0 on every row: a chart is mostly runs of one colour, which deflate packs well as they are.
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) filtered.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);

  const parts = [
    Uint8Array.from(signature),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(filtered, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}

/** Length, type, data, and the CRC-32 of type and data (PNG spec §5.3). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  bytes.set(new TextEncoder().encode(type), 4);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes.subarray(4, 8 + data.length)));
  return bytes;
}
