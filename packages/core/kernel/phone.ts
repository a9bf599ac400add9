// Mainland China phone numbers as officials write them: mobiles (13912345678, +86 139 1234 5678) and landlines
// with area code (0516-87654321, (0516)8765-4321, 010 12345678 转 123). Stored normalised: 13912345678, 0516-87654321-123.
import { z } from "zod";
import { bilingual } from "#core/kernel/validation";

const mobile = /^1[3-9]\d{9}$/;
// 010 and 02x are the three-digit area codes; every other one has four digits. Subscriber numbers start 2–9.
const landline = /^(010|02\d|0[3-9]\d{2})([2-9]\d{6,7})$/;

/** Normalises a phone number, or returns undefined when it is neither a mainland mobile nor a landline. */
export function normalizePhone(input: string): string | undefined {
  let s = input.normalize("NFKC").trim();
  let ext: string | undefined;
  const spoken = /\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/i.exec(s);
  if (spoken) {
    ext = spoken[1];
    s = s.slice(0, spoken.index);
  }
  s = s.replace(/^(?:\+|00)?86[\s-]+|^\+86/, "").replace(/^\((0\d{2,3})\)\s*/, "$1-");
  if (!/^[\d\s-]+$/.test(s)) return undefined;
  // Written as stored (area-subscriber-extension): its groups are read as written, so a normalised number reads
  // back as itself. Run together, 0516-8765432-1 would be an eight-digit 87654321.
  const grouped = /^(0\d{2,3})[\s-]+([2-9]\d{6,7})(?:-(\d{1,6}))?$/.exec(s);
  if (grouped?.[1] && grouped[2] && !(grouped[3] && ext)) {
    const split = landline.exec(grouped[1] + grouped[2]);
    if (split?.[1] === grouped[1] && split[2] === grouped[2]) {
      const extension = grouped[3] ?? ext;
      return `${grouped[1]}-${grouped[2]}${extension ? `-${extension}` : ""}`;
    }
  }
  const digits = s.replace(/[\s-]/g, "");
  if (mobile.test(digits)) return ext ? undefined : digits;
  let m = landline.exec(digits);
  if (!m && !ext) {
    // "010-12345678-123": a trailing dash group that does not fit the number is its extension.
    const dashed = /^(.*\d)-(\d{1,6})$/.exec(s);
    if (dashed?.[1]) {
      m = landline.exec(dashed[1].replace(/[\s-]/g, ""));
      ext = dashed[2];
    }
  }
  if (!m) return undefined;
  return `${m[1]}-${m[2]}${ext ? `-${ext}` : ""}`;
}

/** `139****5678` and `0516-****4321`: enough to recognise, not enough to call. */
export function maskPhone(phone: string): string {
  if (mobile.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  const [area, subscriber, ext] = phone.split("-");
  if (!area || !subscriber) return "****";
  return `${area}-${"*".repeat(subscriber.length - 4)}${subscriber.slice(-4)}${ext ? `-${ext}` : ""}`;
}

export const PhoneSchema = z
  .string()
  .transform((value, ctx) => {
    const normalised = normalizePhone(value);
    if (normalised === undefined) {
      ctx.addIssue({
        code: "custom",
        input: value,
        ...bilingual(
          "invalid_phone",
          "电话号码无效：应为 11 位手机号或带区号的固定电话（如 0516-87654321）",
          "Not a mainland mobile (11 digits) or landline with area code (e.g. 0516-87654321)",
        ),
      });
      return z.NEVER;
    }
    return normalised;
  })
  .meta({ description: "Mainland mobile or landline with area code, stored normalised", example: "13912345678" });
