// QR codes printed on safety-responsibility placards (安全责任公示牌), opening the placard's public page.
// qrcode is CommonJS; its default import is module.exports under Node's ESM loader, and its PNG path is
// pure JavaScript (pngjs + node:zlib), so the Lambda bundle needs no native module. It loads on the first QR
// image drawn, not at every cold start.
import { errors } from "#core/kernel/errors";

let qrcodeModule: Promise<typeof import("qrcode")> | undefined;
function loadQrcode(): Promise<typeof import("qrcode")> {
  qrcodeModule ??= import("qrcode").then(
    (m) => m.default,
    (error: unknown) => {
      qrcodeModule = undefined;
      throw error;
    },
  );
  return qrcodeModule;
}

// Level M survives a scratched or dirty outdoor placard (~15 % damage) without making the symbol much
// denser; a quiet zone of 2 modules is what phone scanners need in practice.
const options = { errorCorrectionLevel: "M", margin: 2 } as const;

/** The drawing options in short: part of every QR image's ETag, so changing them changes every ETag. */
export const qrRendition = `${options.errorCorrectionLevel}/${options.margin}`;

export const QR_PNG_MIN_SIZE = 128;
/**
 * Drawing costs CPU with the square of the width (about 0.3 s at 2048 px, 1 s at 4096 px on a laptop; twice that on
 * a Lambda), so the PNG stops at 2048 px: 17 cm at 300 dpi, sharper than any placard's QR code needs. For larger
 * prints there is the SVG, which scales without limit.
 */
export const QR_PNG_MAX_SIZE = 2048;

/** What draws the images; the routes draw through it (qr-images.ts caches what it draws). */
export interface QrRenderer {
  svg(url: string): Promise<string>;
  png(url: string, size: number): Promise<Uint8Array>;
}

/** A scalable SVG (viewBox in modules, no fixed size): the one to send to a print shop. */
export async function qrSvg(url: string): Promise<string> {
  const QRCode = await loadQrcode();
  return QRCode.toString(url, { ...options, type: "svg" });
}

/** A square PNG exactly `size` pixels wide. */
export async function qrPng(url: string, size = 512): Promise<Uint8Array> {
  const QRCode = await loadQrcode();
  const modules = QRCode.create(url, options).modules.size + 2 * options.margin;
  const min = Math.max(QR_PNG_MIN_SIZE, modules); // at least one pixel per module
  if (!Number.isInteger(size) || size < min || size > QR_PNG_MAX_SIZE) {
    throw errors.badRequest(
      "invalid_qr_size",
      {
        zh: `二维码图片尺寸应为 ${min}–${QR_PNG_MAX_SIZE} 像素之间的整数`,
        en: `The QR image size must be a whole number of pixels from ${min} to ${QR_PNG_MAX_SIZE}`,
      },
      { size, min, max: QR_PNG_MAX_SIZE },
    );
  }
  // qrcode sizes the image as floor(modules × (width / modules)), which float rounding makes one pixel short
  // for some pairs (49 modules at 512 px gives 511). Half a pixel more keeps the floor at `size` exactly.
  return QRCode.toBuffer(url, { ...options, type: "png", width: size + 0.5 });
}

export const qrcodeRenderer: QrRenderer = { svg: qrSvg, png: qrPng };
