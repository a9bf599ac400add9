// Idempotent creates: a client retrying a create with the same Idempotency-Key gets the first answer again,
// never a second resource. The record is written in the same transaction as the created item (store side).
import { errors } from "#core/kernel/errors";
import type { IdempotencyClaim, IdempotencyStore, WriteContext } from "#core/kernel/ports";

export const idempotencyKeyPattern = /^[\x21-\x7e]{1,128}$/;

export class IdempotencyRace extends Error {
  constructor() {
    super("idempotency record written concurrently");
    this.name = "IdempotencyRace";
  }
}

export interface CreateOutcome<B> {
  readonly status: number;
  readonly body: B;
  readonly replayed: boolean;
}

/**
 * Runs `create` once per (tenant, key). `create` gets the claim (or undefined) and must store it, with the
 * status and body it answers, atomically with its item (WriteContext.idempotency); the store throws
 * IdempotencyRace when a concurrent request with the same key won, and that request's answer is replayed.
 */
export async function idempotentCreate<B>(
  store: IdempotencyStore,
  tenantId: string,
  claim: IdempotencyClaim | undefined,
  create: (claim: IdempotencyClaim | undefined) => Promise<{ status: number; body: B }>,
): Promise<CreateOutcome<B>> {
  if (!claim) return { ...(await create(undefined)), replayed: false };
  if (!idempotencyKeyPattern.test(claim.key)) {
    throw errors.badRequest("invalid_idempotency_key", {
      zh: "Idempotency-Key 应为 1–128 个可见 ASCII 字符",
      en: "Idempotency-Key must be 1–128 visible ASCII characters",
    });
  }
  const replay = async (): Promise<CreateOutcome<B> | undefined> => {
    const existing = await store.get(tenantId, claim.key);
    if (!existing) return undefined;
    if (existing.fingerprint !== claim.fingerprint) {
      throw errors.conflict("idempotency_key_reused", {
        zh: "该 Idempotency-Key 已用于另一个不同的请求",
        en: "This Idempotency-Key was already used for a different request",
      });
    }
    return { status: existing.status, body: existing.body as B, replayed: true };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return { ...(await create(claim)), replayed: false };
  } catch (error) {
    if (error instanceof IdempotencyRace) {
      const winner = await replay();
      if (winner) return winner;
    }
    throw error;
  }
}

/** The write-context part for a create that answers `status` with `body`. */
export function idempotencyWrite(claim: IdempotencyClaim | undefined, status: number, body: unknown): WriteContext["idempotency"] {
  return claim ? { claim, status, body } : undefined;
}
