// The writes that keep a campaign's tallies with its work (core/kernel/campaign-work.ts), for the transaction that
// saves the work: the unit's tally item gets the work's summary under the work's id (or loses it), and only if the
// unit is in the campaign's scope — the tally item exists for each unit in scope and no other, so the condition
// that it exists is the scope rule itself, checked where it cannot race. New work also checks the campaign: it is
// open and, when a key item is named, the item is in its catalogue (`keyItemIds`, a string set on the definition).
import { marshall } from "@aws-sdk/util-dynamodb";
import type { CampaignTally } from "#core/kernel/campaign-work";
import { errors, problem } from "#core/kernel/errors";
import { keys, type TenantScope } from "#store/dynamo/keys";
import { type StoreTarget, type TransactionStep, toItem } from "#store/dynamo/writes";

function campaignProblem(stored: Record<string, unknown> | undefined, tally: CampaignTally) {
  const { campaignId, keyItemId } = tally.link;
  if (!stored)
    return problem("campaign.campaignId", "unknown_campaign", `专项行动 ${campaignId} 不存在`, `Campaign ${campaignId} does not exist`);
  if (stored.closedAt !== undefined && stored.closedAt !== null)
    return problem(
      "campaign.campaignId",
      "campaign_closed",
      `专项行动「${stored.name}」已结束`,
      `Campaign ${String(stored.name)} is closed`,
    );
  return problem(
    "campaign.keyItemId",
    "unknown_key_item",
    `专项行动「${stored.name}」的重点事项清单中没有 ${keyItemId}`,
    `Campaign ${String(stored.name)} has no key item ${keyItemId}`,
  );
}

/** The steps keeping `tally` in its campaign, for the same transaction as the work's own write. */
export function campaignTallySteps(t: StoreTarget, scope: TenantScope, tally: CampaignTally): TransactionStep[] {
  const { campaignId, keyItemId } = tally.link;
  const unit: TransactionStep = {
    item: {
      Update: {
        TableName: t.tableName,
        Key: marshall(keys.campaignUnit(scope, campaignId, tally.enterpriseId)),
        UpdateExpression: tally.work === null ? "REMOVE #work.#id" : "SET #work.#id = :work",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#work": "work", "#id": tally.workId },
        ...(tally.work === null ? {} : { ExpressionAttributeValues: { ":work": { M: toItem({ ...tally.work }) } } }),
      },
    },
    onConditionFailed: () =>
      errors.unprocessable([
        problem(
          "campaign.campaignId",
          "not_in_campaign_scope",
          "该单位不在此专项行动的范围内（或专项行动不存在）",
          "The unit is not in this campaign's scope (or the campaign does not exist)",
        ),
      ]),
  };
  if (!tally.linking || tally.work === null) return [unit];
  const check: TransactionStep = {
    item: {
      ConditionCheck: {
        TableName: t.tableName,
        Key: marshall(keys.campaign(scope, campaignId)),
        ConditionExpression: `attribute_exists(pk) AND (attribute_not_exists(closedAt) OR attribute_type(closedAt, :null))${
          keyItemId === null ? "" : " AND contains(#items, :item)"
        }`,
        ...(keyItemId === null ? {} : { ExpressionAttributeNames: { "#items": "keyItemIds" } }),
        ExpressionAttributeValues: marshall({ ":null": "NULL", ...(keyItemId === null ? {} : { ":item": keyItemId }) }),
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      },
    },
    onConditionFailed: (stored) => errors.unprocessable([campaignProblem(stored, tally)]),
  };
  return [check, unit];
}
