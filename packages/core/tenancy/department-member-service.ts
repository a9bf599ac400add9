// Use cases on department memberships: the tenant-admin records who belongs to one of the tenant's departments
// (PUT: added, or its name changed), takes a membership away (DELETE) and lists a department's members. Every
// change is audited (`department-member.add` | `.update` | `.remove`). A membership is kept only for a department
// of settings.departments; one whose department the settings have since dropped can still be removed.
import { z } from "zod";
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, requireVersion } from "#core/kernel/errors";
import type { Clock, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, requireTenantAdmin } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import {
  type DepartmentMember,
  DepartmentNameSchema,
  membershipId,
  PutDepartmentMemberSchema,
  SubjectSchema,
} from "#core/tenancy/department-member";
import type { DepartmentMemberRepository, SettingsRepository } from "#core/tenancy/ports";
import { departmentProblems } from "#core/tenancy/settings";

export interface DepartmentMemberServiceDeps {
  readonly departmentMembers: DepartmentMemberRepository;
  readonly settings: SettingsRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const MembershipPath = z.object({ department: DepartmentNameSchema, subject: SubjectSchema });

export type DepartmentMemberService = ReturnType<typeof createDepartmentMemberService>;

export function createDepartmentMemberService(deps: DepartmentMemberServiceDeps) {
  const { departmentMembers, clock, ids } = deps;

  /** 422 `unknown_department` unless `department` is one of the tenant's. */
  async function knownDepartment(tenantId: string, department: string): Promise<void> {
    const problems = departmentProblems((await deps.settings.get(tenantId)).departments, department);
    if (problems.length > 0) throw errors.unprocessable(problems);
  }

  return {
    /** Adds `subject` to `department`, or changes the name it is recorded with; 201 when added. */
    async put(
      ctx: RequestContext,
      path: { department: string; subject: string },
      raw: unknown,
    ): Promise<{ status: 200 | 201; body: DepartmentMember }> {
      const admin = requireTenantAdmin(ctx.principal);
      const { department, subject } = parseOrThrow(MembershipPath, path);
      const input = parseOrThrow(PutDepartmentMemberSchema, raw ?? {});
      await knownDepartment(admin.tenantId, department);
      const current = await departmentMembers.get(admin.tenantId, department, subject);
      if (current && current.name === input.name) return { status: 200, body: current };
      const now = clock.now().toISOString();
      const next: DepartmentMember = current
        ? { ...current, name: input.name, updatedAt: now, version: current.version + 1 }
        : { department, subject, name: input.name, addedBy: actorOf(admin).id, addedAt: now, updatedAt: now, version: 1 };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        current ? "department-member.update" : "department-member.add",
        { type: "department-member", id: membershipId(department, subject) },
        diff(current, next, ["updatedAt", "version"]),
      );
      await departmentMembers.save(admin.tenantId, { before: current, after: next }, { audit });
      return { status: current ? 200 : 201, body: next };
    },

    /** Takes `subject` out of `department` (404 if not a member); its token's claim, if any, is not touched. */
    async remove(ctx: RequestContext, path: { department: string; subject: string }, expectedVersion?: number): Promise<void> {
      const admin = requireTenantAdmin(ctx.principal);
      const { department, subject } = parseOrThrow(MembershipPath, path);
      const current = await departmentMembers.get(admin.tenantId, department, subject);
      if (!current) throw errors.notFound("department member", membershipId(department, subject));
      requireVersion("department member", membershipId(department, subject), expectedVersion, current.version);
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "department-member.remove",
        { type: "department-member", id: membershipId(department, subject) },
        // What was there, each field to null: the record of a membership ended.
        Object.fromEntries(
          Object.entries(diff(undefined, current, ["updatedAt", "version"])).map(([field, change]) => [
            field,
            { from: change.to, to: null },
          ]),
        ),
      );
      await departmentMembers.remove(admin.tenantId, current, { audit });
    },

    async list(ctx: RequestContext, department: string, page: PageRequest): Promise<Page<DepartmentMember>> {
      const admin = requireTenantAdmin(ctx.principal);
      const name = parseOrThrow(DepartmentNameSchema, department);
      await knownDepartment(admin.tenantId, name);
      return departmentMembers.list(admin.tenantId, name, page);
    },
  };
}
