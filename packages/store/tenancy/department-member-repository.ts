// Department memberships in DynamoDB: one partition per department (`T#<id>#DEPT#<department>`), one item per
// member keyed by subject, versioned for If-Match and written with its audit record.
import { errors } from "#core/kernel/errors";
import { type DepartmentMember, membershipId } from "#core/tenancy/department-member";
import type { DepartmentMemberRepository } from "#core/tenancy/ports";
import type { ClientProvider } from "#store/dynamo/client-provider";
import type { CursorCodec } from "#store/dynamo/cursor";
import { keys, tenantScope } from "#store/dynamo/keys";
import { readItem, tenantPartitionPage } from "#store/dynamo/reads";
import { fromItem, removeIfVersion, transact, versionedPut } from "#store/dynamo/writes";

export function dynamoDepartmentMemberRepository(
  clients: ClientProvider,
  tableName: string,
  cursors: CursorCodec,
): DepartmentMemberRepository {
  return {
    async get(tenantId, department, subject) {
      return readItem<DepartmentMember>(
        await clients.forTenant(tenantId),
        tableName,
        keys.departmentMember(tenantScope(tenantId), department, subject),
      );
    },

    async save(tenantId, { before, after }, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const id = membershipId(after.department, after.subject);
      const step = versionedPut(
        t,
        keys.departmentMember(scope, after.department, after.subject),
        { ...after, _type: "department-member" },
        { type: "department member", id },
        before?.version,
        () =>
          errors.conflict("member_exists", { zh: "该成员刚被他人添加，请重试", en: "The member was just added by someone else; retry" }),
      );
      await transact(t, scope, [step], write);
    },

    async remove(tenantId, member, write) {
      const scope = tenantScope(tenantId);
      const t = { client: await clients.forTenant(tenantId), tableName };
      const id = membershipId(member.department, member.subject);
      await transact(
        t,
        scope,
        [
          {
            item: removeIfVersion(t, keys.departmentMember(scope, member.department, member.subject), member.version),
            onConditionFailed: (stored) =>
              stored === undefined
                ? errors.notFound("department member", id)
                : errors.stale("department member", id, member.version, typeof stored.version === "number" ? stored.version : undefined),
          },
        ],
        write,
      );
    },

    list: (tenantId, department, page) =>
      tenantPartitionPage(
        { clients, cursors, tableName },
        tenantId,
        { name: `department-members#${department}`, pk: (scope) => keys.departmentMembers(scope, department) },
        page,
        (stored) => fromItem<DepartmentMember>(stored),
      ),
  };
}
