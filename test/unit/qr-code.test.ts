// Placard QR codes: the SVG draws exactly the symbol of the URL asked for, and the PNG is the size asked for.
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { qrPng, qrSvg } from "#api/routes/placards/qr-code";
import { DomainError } from "#core/kernel/errors";

const url = "https://anquan.example.gov.cn/p/320312/k3J9xQ2mVb7Tn4Lp";
const margin = 2;

/** The dark modules the SVG's path draws, as "row,col" of the symbol (quiet zone taken off). */
function svgDarkModules(svg: string): Set<string> {
  const d = /<path stroke="#000000" d="([^"]*)"/.exec(svg)?.[1];
  if (d === undefined) throw new Error("no dark path in the SVG");
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    const n = Number(a);
    if (cmd === "M") [x, y] = [n, Number(b)];
    else if (cmd === "m") [x, y] = [x + n, y + Number(b)];
    else {
      for (let i = 0; i < n; i++) dark.add(`${Math.floor(y) - margin},${x + i - margin}`);
      x += n;
    }
  }
  return dark;
}

function matrixDarkModules(text: string): Set<string> {
  const { size, data } = QRCode.create(text, { errorCorrectionLevel: "M" }).modules;
  const dark = new Set<string>();
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) if (data[row * size + col]) dark.add(`${row},${col}`);
  return dark;
}

function ihdr(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("placard QR code", () => {
  it("renders a scalable SVG with a two-module quiet zone", async () => {
    const svg = await qrSvg(url);
    const size = QRCode.create(url, { errorCorrectionLevel: "M" }).modules.size;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain(`viewBox="0 0 ${size + 2 * margin} ${size + 2 * margin}"`);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
  });

  it("draws exactly the level-M symbol of the URL, and not that of another URL", async () => {
    const drawn = svgDarkModules(await qrSvg(url));
    expect(drawn).toEqual(matrixDarkModules(url));
    expect(drawn).not.toEqual(matrixDarkModules(`${url}x`));
  });

  it("renders a PNG of the requested width, 512 px by default", async () => {
    const png = await qrPng(url);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(ihdr(png)).toEqual({ width: 512, height: 512 });
    expect(ihdr(await qrPng(url, 300))).toEqual({ width: 300, height: 300 });
  });

  it("keeps the exact width where qrcode's own arithmetic comes out a pixel short", async () => {
    // 45 modules + quiet zone = 49, and 49 × (512 / 49) floors to 511 in floating point.
    const long = `https://anquan.example.gov.cn/p/320312/${"a1B2c3D4e5".repeat(8)}`;
    expect(QRCode.create(long, { errorCorrectionLevel: "M" }).modules.size).toBe(45);
    expect(ihdr(await qrPng(long, 512)).width).toBe(512);
  });

  it("refuses a size that is not a whole number of pixels in range", async () => {
    for (const size of [0, 64, 512.5, 5000, Number.NaN]) await expect(qrPng(url, size)).rejects.toBeInstanceOf(DomainError);
  });
});
