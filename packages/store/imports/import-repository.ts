// Import jobs in DynamoDB: the job record (status, counts, checkpoint) guarded by its version and written with its
// audit record, and its rejected and accepted rows written in batches under keys made of row (and field), so a
// resumed run overwrites its own.
import type { ImportAcceptedRow, ImportJob, ImportRejection } from "#core/imports/import";
import type { ImportRepository } from "#core/imports/ports";
import { errors } from "#core/kernel/errors";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem, tenantPartitionPage } from "#store/dynamo/reads";
import { batchWrite, createItem, fromItem, replaceItem, toItem } from "#store/dynamo/writes";

/** A job as read: jobs saved before files were pinned have no fileEtag, which reads as null (nothing pinned). */
const asJob = (job: ImportJob): ImportJob => ({ ...job, fileEtag: job.fileEtag ?? null });

export function dynamoImportRepository(clients: ClientProvider, tableName: string, cursors: CursorCodec): ImportRepository {
  const store = { clients, cursors, tableName };
  return {
    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const key = keys.importJob(scope, after.id);
      const item = { ...after, _type: "import" };
      if (before === undefined) {
        await createItem(t, scope, key, item, write, () =>
          errors.conflict("import_exists", { zh: "导入任务编号冲突，请重试", en: "Import id collision; retry" }),
        );
        return;
      }
      await replaceItem(t, scope, key, item, before.version, write, (current) =>
        current === undefined ? errors.notFound("import", after.id) : errors.stale("import", after.id, before.version, current),
      );
    },

    async get(tenantId, id) {
      const job = await readItem<ImportJob>(await clients.forTenant(tenantId), tableName, keys.importJob(tenantScope(tenantId), id));
      return job && asJob(job);
    },

    list(tenantId, page) {
      return tenantPartitionPage(store, tenantId, { name: "imports", pk: keys.importJobs, newestFirst: true }, page, (item) =>
        asJob(fromItem<ImportJob>(item)),
      );
    },

    async addRejections(tenantId, id, rejections) {
      const scope = tenantScope(tenantId);
      await batchWrite(
        { client: await clients.forTenant(tenantId), tableName },
        scope,
        rejections.map((r) => ({
          PutRequest: { Item: toItem({ ...r, ...keys.importRejection(scope, id, r.row, r.field), _type: "import-rejection" }) },
        })),
      );
    },

    async addAccepted(tenantId, id, rows) {
      const scope = tenantScope(tenantId);
      await batchWrite(
        { client: await clients.forTenant(tenantId), tableName },
        scope,
        rows.map((r) => ({ PutRequest: { Item: toItem({ ...r, ...keys.importAccepted(scope, id, r.row), _type: "import-row" }) } })),
      );
    },

    accepted(tenantId, id, page) {
      return tenantPartitionPage(
        store,
        tenantId,
        { name: `import-accepted:${id}`, pk: (s) => keys.importAcceptedRows(s, id) },
        page,
        (item) => fromItem<ImportAcceptedRow>(item),
      );
    },

    rejections(tenantId, id, page) {
      return tenantPartitionPage(
        store,
        tenantId,
        { name: `import-rejections:${id}`, pk: (s) => keys.importRejections(s, id) },
        page,
        (item) => fromItem<ImportRejection>(item),
      );
    },
  };
}
