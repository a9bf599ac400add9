// Export jobs in DynamoDB: one partition per tenant, newest first. The record is created with its audit (and
// idempotency) record; afterwards the worker moves it only by conditional writes — a replacement at the version
// it read, or a progress update while its run still holds the job — so two runs can never both finish it. The
// `ttl` attribute lets DynamoDB delete a job a day after it expired (the API answers it `expired` meanwhile).
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { ExportJob } from "#core/exports/export-job";
import type { ExportRepository } from "#core/exports/ports";
import { errors } from "#core/kernel/errors";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem, tenantPartitionPage } from "#store/dynamo/reads";
import { createItem, fromItem, putItem, toItem, updateItem } from "#store/dynamo/writes";

/** DynamoDB deletes a job this long after it expired. */
const keepExpiredSeconds = 24 * 3600;

function itemOf(job: ExportJob): Record<string, unknown> {
  return { ...job, _type: "export", ttl: Math.floor(Date.parse(job.expiresAt) / 1000) + keepExpiredSeconds };
}

/** false when the write's condition did not hold. */
async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export function dynamoExportRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): ExportRepository {
  const store = { clients, cursors, tableName };
  const target = async (tenantId: string) => ({ client: await clients.forTenant(tenantId), tableName });
  return {
    async create(tenantId, job, write) {
      const scope = tenantScope(tenantId);
      await createItem(await target(tenantId), scope, keys.exportJob(scope, job.id), itemOf(job), write, () =>
        errors.conflict("export_exists", { zh: "导出任务编号冲突，请重试", en: "Export id collision; retry" }),
      );
    },

    async get(tenantId, id) {
      return readItem<ExportJob>(await clients.forTenant(tenantId), tableName, keys.exportJob(tenantScope(tenantId), id));
    },

    list(tenantId, page) {
      return tenantPartitionPage(store, tenantId, { name: "exports", pk: keys.exportJobs, newestFirst: true }, page, (item) =>
        fromItem<ExportJob>(item),
      );
    },

    async transition(tenantId, { before, after }) {
      const scope = tenantScope(tenantId);
      return conditional(
        putItem(await target(tenantId), scope, {
          Item: toItem({ ...itemOf(after), ...keys.exportJob(scope, after.id) }),
          ConditionExpression: "#v = :expected",
          ExpressionAttributeNames: { "#v": "version" },
          ExpressionAttributeValues: marshall({ ":expected": before?.version ?? 0 }),
        }),
      );
    },

    async progress(tenantId, id, update) {
      const scope = tenantScope(tenantId);
      return conditional(
        updateItem(await target(tenantId), scope, {
          Key: marshall(keys.exportJob(scope, id)),
          UpdateExpression: "SET #rows = :rows, updatedAt = :at, leaseUntil = :lease",
          ConditionExpression: "#state = :running AND runId = :run",
          ExpressionAttributeNames: { "#rows": "rows", "#state": "state" },
          ExpressionAttributeValues: marshall({
            ":rows": update.rows,
            ":at": update.at,
            ":lease": update.leaseUntil,
            ":running": "running",
            ":run": update.runId,
          }),
        }),
      );
    },
  };
}
