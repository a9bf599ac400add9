// The audit trail of a tenant, newest first (`T#<id>#AUDIT`, sorted by time). Records are written by the
// repositories in the same transaction as the change they describe (writes.ts).
import type { AuditEntry } from "#core/kernel/audit";
import type { AuditLog } from "#core/kernel/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys } from "#store/dynamo/keys";
import { tenantPartitionPage } from "#store/dynamo/reads";

export function dynamoAuditLog(clients: ClientProvider, tableName: string, cursors: CursorCodec): AuditLog {
  return {
    list: (tenantId, page) =>
      tenantPartitionPage(
        { clients, cursors, tableName },
        tenantId,
        { name: "audit", pk: keys.auditLog, newestFirst: true },
        page,
        (stored) => stored.entry as AuditEntry,
      ),
  };
}
