// The audit trail of a tenant, newest first (`T#<id>#AUDIT`, sorted by time). Records are written by the
// repositories in the same transaction as the change they describe (writes.ts).
import { marshall } from "@aws-sdk/util-dynamodb";
import type { AuditEntry } from "#core/audit";
import type { AuditLog } from "#core/ports";
import type { ClientProvider } from "#store/client-provider";
import type { CursorCodec } from "#store/cursor";
import { keys, tenantScope } from "#store/keys";
import { queryPage } from "#store/query-page";

export function dynamoAuditLog(clients: ClientProvider, tableName: string, cursors: CursorCodec): AuditLog {
  return {
    async list(tenantId, page) {
      const scope = tenantScope(tenantId);
      return queryPage(
        await clients.forTenant(tenantId),
        cursors,
        {
          scope: scope.prefix,
          name: "audit",
          input: {
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: marshall({ ":pk": keys.auditLog(scope) }),
            ScanIndexForward: false,
          },
        },
        page,
        (stored) => stored.entry as AuditEntry,
      );
    },
  };
}
