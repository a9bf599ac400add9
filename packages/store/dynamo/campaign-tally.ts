// The writes that keep a campaign's tallies with its work (core/kernel/campaign-work.ts), for the transaction that
// saves the work: the unit's tally item gets the work's summary under the work's id (or loses it), and only if the
// unit is in the campaign's scope — the tally item exists for each unit in scope and no other, so the condition
// that it exists is the scope rule itself, checked where it cannot race. New work also checks the campaign: it is
// open and, when a key item is named, the item is in its catalogue (`keyItemIds`, a string set on the definition).
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { CampaignTally } from "#core/kernel/campaign-work";
import { errors, problem } from "#core/kernel/errors";
import { keys, type TenantScope } from "#store/dynamo/keys";
import { type StoreTarget, type TransactionStep, toItem } from "#store/dynamo/writes";

function campaignProblem(stored: Record<string, unknown> | undefined, campaignId: string, keyItemIds: readonly string[]) {
  if (!stored)
    return problem("campaign.campaignId", "unknown_campaign", `专项行动 ${campaignId} 不存在`, `Campaign ${campaignId} does not exist`);
  if (stored.closedAt !== undefined && stored.closedAt !== null)
    return problem(
      "campaign.campaignId",
      "campaign_closed",
      `专项行动「${stored.name}」已结束`,
      `Campaign ${String(stored.name)} is closed`,
    );
  const known = stored.keyItemIds instanceof Set ? (stored.keyItemIds as Set<string>) : new Set<string>();
  const missing = keyItemIds.filter((id) => !known.has(id)).join("、");
  return problem(
    "campaign.keyItemId",
    "unknown_key_item",
    `专项行动「${stored.name}」的重点事项清单中没有 ${missing}`,
    `Campaign ${String(stored.name)} has no key item ${missing}`,
  );
}

const notInScope = () =>
  errors.unprocessable([
    problem(
      "campaign.campaignId",
      "not_in_campaign_scope",
      "该单位不在此专项行动的范围内（或专项行动不存在）",
      "The unit is not in this campaign's scope (or the campaign does not exist)",
    ),
  ]);

/**
 * The steps keeping `tallies` in their campaigns, for the same transaction as the work's own writes: one Update per
 * unit tally (a transaction may touch an item once, so the works of one unit — a review's awards — go together) and
 * one check per campaign that new work joins.
 */
export function campaignTallySteps(t: StoreTarget, scope: TenantScope, tallies: readonly CampaignTally[]): TransactionStep[] {
  const units = new Map<string, CampaignTally[]>();
  for (const tally of tallies) {
    const key = `${tally.link.campaignId}#${tally.enterpriseId}`;
    units.set(key, [...(units.get(key) ?? []), tally]);
  }
  const steps: TransactionStep[] = [];
  const linking = new Map<string, Set<string>>();
  for (const group of units.values()) {
    const [first] = group;
    if (!first) continue;
    const set: string[] = [];
    const removed: string[] = [];
    const names: Record<string, string> = { "#work": "work" };
    const values: Record<string, AttributeValue> = {};
    group.forEach((tally, i) => {
      names[`#id${i}`] = tally.workId;
      if (tally.work === null) removed.push(`#work.#id${i}`);
      else {
        set.push(`#work.#id${i} = :work${i}`);
        values[`:work${i}`] = { M: toItem({ ...tally.work }) };
      }
      if (tally.linking && tally.work !== null) {
        const items = linking.get(tally.link.campaignId) ?? new Set<string>();
        if (tally.link.keyItemId !== null) items.add(tally.link.keyItemId);
        linking.set(tally.link.campaignId, items);
      }
    });
    steps.push({
      item: {
        Update: {
          TableName: t.tableName,
          Key: marshall(keys.campaignUnit(scope, first.link.campaignId, first.enterpriseId)),
          UpdateExpression: [set.length > 0 ? `SET ${set.join(", ")}` : "", removed.length > 0 ? `REMOVE ${removed.join(", ")}` : ""]
            .filter(Boolean)
            .join(" "),
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
        },
      },
      onConditionFailed: notInScope,
    });
  }
  const checks: TransactionStep[] = [...linking.entries()].map(([campaignId, items]) => {
    const ids = [...items];
    return {
      item: {
        ConditionCheck: {
          TableName: t.tableName,
          Key: marshall(keys.campaign(scope, campaignId)),
          ConditionExpression: [
            "attribute_exists(pk) AND (attribute_not_exists(closedAt) OR attribute_type(closedAt, :null))",
            ...ids.map((_, i) => `contains(#items, :item${i})`),
          ].join(" AND "),
          ...(ids.length === 0 ? {} : { ExpressionAttributeNames: { "#items": "keyItemIds" } }),
          ExpressionAttributeValues: marshall({ ":null": "NULL", ...Object.fromEntries(ids.map((id, i) => [`:item${i}`, id])) }),
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        },
      },
      onConditionFailed: (stored) => errors.unprocessable([campaignProblem(stored, campaignId, ids)]),
    };
  });
  return [...checks, ...steps];
}
