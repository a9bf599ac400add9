// Time-sortable unique ids (ULID, lower-case Crockford base32): 48-bit milliseconds + 80 random bits.
import { randomBytes } from "node:crypto";
import type { Clock, IdGenerator } from "#core/kernel/ports";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/** The ids this API issues, as text: 26 characters of lower-case Crockford base32 (what `ulid` makes). */
export const idSource = "[0-9a-z]{26}";
/** A whole string that is one such id (the pattern every id schema and path check uses). */
export const idPattern = new RegExp(`^${idSource}$`);

export function ulid(timeMs: number, random: Uint8Array = randomBytes(10)): string {
  let time = "";
  let t = timeMs;
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let bits = 0n;
  for (const byte of random) bits = (bits << 8n) | BigInt(byte);
  let rand = "";
  for (let i = 0; i < 16; i++) {
    rand = alphabet[Number(bits & 31n)] + rand;
    bits >>= 5n;
  }
  return time + rand;
}

export function ulidGenerator(clock: Clock): IdGenerator {
  return { next: () => ulid(clock.now().getTime()) };
}
