// Throttling shared by every Lambda instance: one item per bucket holding its GCRA timestamp (`tat`, the
// bucket's theoretical arrival time in µs; the rule is core/rate-limit.ts), changed only by conditional writes so
// that concurrent instances can neither both take the last request nor double a limit. A tenant's buckets live
// under the tenant (tenant session), a platform operator's under `PLATFORM#RATE#…` (platform session).
//
// DynamoDB's update expressions have no max(), so the two cases of the rule are two writes, each guarded by its
// condition: an idle bucket (absent, or `tat` in the past) is set to now + n intervals; a busy one moves on by n
// intervals if the last of the n requests is at most the tolerance ahead (n = 1, or the cells a process takes ahead,
// core/kernel/rate-lease.ts). Whichever this process last saw of the bucket is tried first, so a
// request costs one write unless another instance changed the bucket's case meanwhile; a refused condition returns
// the stored item (ReturnValuesOnConditionCheckFailure), which says which case holds. A refused request writes nothing.
import { createHash } from "node:crypto";
import { ConditionalCheckFailedException, type DynamoDBClient, type UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { LruMap } from "#core/kernel/lru-map";
import type { RateBucket, RateLimiter } from "#core/kernel/ports";
import {
  type BucketTake,
  decided,
  intervalMicros,
  isIdle,
  latestPlausibleTat,
  latestTakeAhead,
  type RateDecision,
  takeFromBucket,
  toleranceMicros,
  toMicros,
} from "#core/kernel/rate-limit";
import type { ClientProvider } from "#store/dynamo/client-provider";
import { type Key, keys, platformRateBucket, tenantScope } from "#store/dynamo/keys";
import type { WriteScope } from "#store/dynamo/write-guard";
import { updateItem } from "#store/dynamo/writes";

/** Tries before giving up on a bucket other instances keep changing under us (then: refused, retry in a second). */
const maxAttempts = 4;
/** Buckets whose last seen timestamp this process remembers, only to guess which write to try first. */
const rememberedBuckets = 10_000;

/** Subjects come from credentials (a token's `sub`): long or unusual ones go into the key as a hash. */
function subjectKey(subject: string): string {
  return /^[\w.:@-]{1,128}$/.test(subject) ? subject : `h:${createHash("sha256").update(subject).digest("base64url")}`;
}

const expiresAt = (tatMicros: number) => Math.ceil(tatMicros / 1_000_000) + 60;

export function dynamoRateLimiter(clients: ClientProvider, tableName: string): RateLimiter {
  const lastSeen = new LruMap<string, number>(rememberedBuckets);

  async function where(bucket: RateBucket): Promise<{ client: DynamoDBClient; scope: WriteScope; key: Key }> {
    const subject = subjectKey(bucket.subject);
    if ("platform" in bucket) return { client: clients.forPlatform(), scope: "platform", key: platformRateBucket(subject) };
    const scope = tenantScope(bucket.tenantId);
    return { client: await clients.forTenant(bucket.tenantId), scope, key: keys.rateBucket(scope, subject) };
  }

  /** Runs one guarded write: the bucket's new `tat` when it applied, else the stored `tat` (undefined: no item). */
  async function write(
    { client, scope }: { client: DynamoDBClient; scope: WriteScope },
    input: Omit<UpdateItemCommandInput, "TableName" | "ReturnValues" | "ReturnValuesOnConditionCheckFailure">,
  ): Promise<{ applied: true; tat: number } | { applied: false; tat: number | undefined }> {
    try {
      const result = await updateItem({ client, tableName }, scope, {
        ...input,
        ReturnValues: "UPDATED_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      });
      return { applied: true, tat: Number(unmarshall(result.Attributes ?? {}).tat) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = error.Item ? unmarshall(error.Item).tat : undefined;
      return { applied: false, tat: typeof stored === "number" ? stored : undefined };
    }
  }

  return {
    async hit(bucket, limit, now, cells = 1): Promise<RateDecision> {
      const { client, scope, key } = await where(bucket);
      const memo = key.pk;
      const at = toMicros(now);
      const interval = intervalMicros(limit);
      const step = cells * interval;
      let known = lastSeen.get(memo);
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const planned: BucketTake = takeFromBucket(known, now, limit, cells);
        if (!planned.allowed) return planned;
        const idle = isIdle(known, at, limit);
        const outcome = idle
          ? await write(
              { client, scope },
              {
                Key: marshall(key),
                UpdateExpression: "SET tat = :next, #ttl = :ttl",
                // Idle, or written by a clock far ahead of ours (core/rate-limit.ts isIdle).
                ConditionExpression: "attribute_not_exists(tat) OR tat <= :now OR tat > :implausible",
                ExpressionAttributeNames: { "#ttl": "ttl" },
                ExpressionAttributeValues: marshall({
                  ":next": at + step,
                  ":now": at,
                  ":implausible": latestPlausibleTat(at, limit),
                  ":ttl": expiresAt(at + step),
                }),
              },
            )
          : await write(
              { client, scope },
              {
                Key: marshall(key),
                UpdateExpression: "SET tat = tat + :step, #ttl = :ttl",
                ConditionExpression: "tat > :now AND tat <= :latest",
                ExpressionAttributeNames: { "#ttl": "ttl" },
                ExpressionAttributeValues: marshall({
                  ":step": step,
                  ":now": at,
                  ":latest": at + latestTakeAhead(limit, cells),
                  ":ttl": expiresAt(at + toleranceMicros(limit) + interval),
                }),
              },
            );
        if (outcome.applied) {
          lastSeen.set(memo, outcome.tat);
          return decided(outcome.tat, at, limit);
        }
        // The bucket was in the other case (another instance used it): decide again on what is stored.
        known = outcome.tat;
        if (known !== undefined) lastSeen.set(memo, known);
      }
      return { allowed: false, limit, remaining: 0, resetSeconds: 1, retryAfterSeconds: 1 };
    },
  };
}
