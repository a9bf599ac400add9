// Monthly report records in DynamoDB: one tenant partition sorted by month, so the list and a year's trend are one
// Query each. A record is created once per month (the claim that keeps a report from being sent twice) and then
// replaced at its version as the job moves it on; its figures and files are blobs (the record names them).
import { ConditionalCheckFailedException, QueryCommand } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { errors } from "#core/kernel/errors";
import type { ReportRecord } from "#core/reports/monthly-report";
import type { ReportRepository } from "#core/reports/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem, tenantPartitionPage } from "#store/dynamo/reads";
import { fromItem, putItem, toItem } from "#store/dynamo/writes";

export function dynamoReportRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): ReportRepository {
  const target = async (tenantId: string) => ({ client: await clients.forTenant(tenantId), tableName });
  const itemOf = (tenantId: string, record: ReportRecord) =>
    toItem({ ...record, ...keys.monthlyReport(tenantScope(tenantId), record.month), _type: "monthly-report" });

  return {
    async get(tenantId, month) {
      const item = await readItem<Record<string, unknown>>(
        await clients.forTenant(tenantId),
        tableName,
        keys.monthlyReport(tenantScope(tenantId), month),
      );
      return item ? fromItem<ReportRecord>(item) : undefined;
    },

    async create(tenantId, record) {
      try {
        await putItem(await target(tenantId), tenantScope(tenantId), {
          Item: itemOf(tenantId, record),
          ConditionExpression: "attribute_not_exists(pk)",
        });
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    async save(tenantId, { before, after }) {
      try {
        await putItem(await target(tenantId), tenantScope(tenantId), {
          Item: itemOf(tenantId, after),
          ConditionExpression: "#v = :expected",
          ExpressionAttributeNames: { "#v": "version" },
          ExpressionAttributeValues: marshall({ ":expected": before.version }),
        });
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw errors.stale("monthly-report", before.month, before.version, undefined);
        throw error;
      }
    },

    list(tenantId, page) {
      return tenantPartitionPage(
        { clients, cursors, tableName },
        tenantId,
        { name: "monthly-reports", pk: keys.monthlyReports, newestFirst: true },
        page,
        (item) => fromItem<ReportRecord>(item),
      );
    },

    async range(tenantId, from, to) {
      const out = await (await clients.forTenant(tenantId)).send(
        new QueryCommand({
          TableName: tableName,
          ConsistentRead: true,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: marshall({ ":pk": keys.monthlyReports(tenantScope(tenantId)), ":from": from, ":to": to }),
        }),
      );
      // Twelve small records at most: one page.
      return (out.Items ?? []).map((item) => fromItem<ReportRecord>(unmarshall(item)));
    },
  };
}
