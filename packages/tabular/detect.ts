// What kind of file an upload is, from its first bytes (and name): no spreadsheet library needed, so the API
// can refuse a wrong file at once without loading the readers.

export type TabularFormat = "xlsx" | "csv";

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0]; // the old binary .xls: the caller asks for .xlsx instead

export function detectFormat(firstBytes: Uint8Array, fileName?: string): TabularFormat | undefined {
  if (startsWith(firstBytes, zipMagic)) return "xlsx";
  if (startsWith(firstBytes, oleMagic)) return undefined;
  const extension = /\.([^./\\]+)$/.exec(fileName ?? "")?.[1]?.toLowerCase();
  if (extension === "csv" || extension === "txt") return "csv";
  if (extension === "xls" || extension === "xlsx") return undefined;
  return looksLikeText(firstBytes) ? "csv" : undefined;
}

export function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function looksLikeText(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 4096);
  return sample.length > 0 && sample.every((byte) => byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d);
}
