// Who may act in a department's name (publish its key hazard list, 重点隐患清单): a tenant-admin for any of the
// tenant's departments; an official who belongs to it — the token's departments claim names it, or the
// tenant-admin recorded a membership for the token's subject (core/tenancy/department-member-service.ts); an API
// key issued for it (`departments` when the key was created). A key does not act for its issuer's memberships:
// keys are issued by tenant-admins, who may act for every department, so a key would otherwise act for all of them.
import { errors } from "#core/kernel/errors";
import type { TenantPrincipal } from "#core/kernel/principal";
import type { DepartmentMemberRepository } from "#core/tenancy/ports";

/** Whether `principal` may act in `department`'s name (one GetItem for an official the claim does not name). */
export async function actsForDepartment(
  members: DepartmentMemberRepository,
  principal: TenantPrincipal,
  department: string,
): Promise<boolean> {
  if (principal.departments?.includes(department)) return true;
  if (principal.kind === "api-key") return false;
  if (principal.role === "tenant-admin") return true;
  return (await members.get(principal.tenantId, department, principal.subject)) !== undefined;
}

/** 403 `not_department_member`, naming the department, unless `principal` may act in its name. */
export async function requireDepartmentMember(
  members: DepartmentMemberRepository,
  principal: TenantPrincipal,
  department: string,
  what: { readonly zh: string; readonly en: string },
): Promise<void> {
  if (await actsForDepartment(members, principal, department)) return;
  throw principal.kind === "api-key"
    ? errors.forbidden(
        "not_department_member",
        {
          zh: `该 API 密钥未获授权代表「${department}」：只有为该部门签发的密钥才能以其名义${what.zh}`,
          en: `This API key is not issued for "${department}": only a key issued for the department may ${what.en} in its name`,
        },
        { department },
      )
    : errors.forbidden(
        "not_department_member",
        {
          zh: `只有「${department}」的成员（或租户管理员）才能以该部门名义${what.zh}`,
          en: `Only members of "${department}" (or a tenant-admin) may ${what.en} in its name`,
        },
        { department },
      );
}
