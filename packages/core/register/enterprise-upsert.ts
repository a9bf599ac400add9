// Import's upsert by credit code: what a row of an official's file does to the register — creates the unit, or
// changes the registered one to match the row (only the columns the file has), or nothing when they are equal —
// checked first without saving (so an all-or-nothing import finds every problem before it writes anything).
import type { RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem } from "#core/kernel/errors";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import { type CreateEnterpriseInput, type Enterprise, type Person, personRoles } from "#core/register/enterprise";
import { type EnterpriseRecords, newEnterprise } from "#core/register/enterprise-records";
import type { EnterpriseRepository } from "#core/register/ports";

export function enterpriseUpsert(
  deps: { readonly enterprises: EnterpriseRepository; readonly clock: Clock; readonly ids: IdGenerator },
  records: EnterpriseRecords,
) {
  const { enterprises, clock, ids } = deps;
  const { load, referenceProblems, industryOf, save, preparePatch } = records;

  type PreparedUpsert =
    | { kind: "create"; unit: Enterprise; host: Enterprise | null; problems: FieldProblem[] }
    | { kind: "update"; current: Enterprise; next: Enterprise; host: Enterprise | null; problems: FieldProblem[] }
    | { kind: "unchanged"; current: Enterprise; problems: FieldProblem[] };

  /** What an import row would do, with every rule checked (references, host cycles, dates) and nothing saved. */
  async function prepareUpsert(
    tenantId: string,
    rowInput: CreateEnterpriseInput,
    fields: ReadonlySet<string> | undefined,
  ): Promise<PreparedUpsert> {
    const existingId = await enterprises.idByCreditCode(tenantId, rowInput.creditCode);
    if (existingId === undefined) {
      const unit = newEnterprise(ids.next(), rowInput, industryOf(rowInput.industryCode), clock.now().toISOString());
      return { kind: "create", unit, ...(await referenceProblems(tenantId, unit)) };
    }
    const current = await load(tenantId, existingId, { deleted: true });
    if (current.deletedAt !== null) {
      const deleted = problem(
        "creditCode",
        "unit_deleted",
        `该信用代码的单位「${current.name}」已删除，请先恢复`,
        `The unit "${current.name}" with this code is deleted; restore it first`,
      );
      return { kind: "unchanged", current, problems: [deleted] };
    }
    const prepared = await preparePatch(tenantId, current, importPatch(current, rowInput, fields));
    return prepared ? { kind: "update", current, ...prepared } : { kind: "unchanged", current, problems: [] };
  }

  return {
    /**
     * Import's check of a row without saving: the problems the upsert would meet (a deleted unit, a grid not in
     * the town, a host cycle…), so an all-or-nothing import finds them all before it writes anything.
     */
    async checkUpsert(ctx: RequestContext, rowInput: CreateEnterpriseInput, fields?: ReadonlySet<string>): Promise<FieldProblem[]> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      return (await prepareUpsert(principal.tenantId, rowInput, fields)).problems;
    },

    /**
     * Import's upsert by credit code: creates the unit, or changes the registered one to match the row (only
     * the `fields` the file has); a row equal to the stored unit changes nothing. `rowInput` has passed
     * CreateEnterpriseSchema.
     */
    async upsert(
      ctx: RequestContext,
      rowInput: CreateEnterpriseInput,
      fields?: ReadonlySet<string>,
    ): Promise<{ outcome: "created" | "updated" | "unchanged"; unit: Enterprise }> {
      const principal = requireTenantAccess(ctx.principal, "enterprises", "write");
      const prepared = await prepareUpsert(principal.tenantId, rowInput, fields);
      if (prepared.problems.length > 0) throw errors.unprocessable(prepared.problems);
      switch (prepared.kind) {
        case "create":
          await save(ctx, principal, "create", undefined, prepared.unit, prepared.host);
          return { outcome: "created", unit: prepared.unit };
        case "update":
          await save(ctx, principal, "update", prepared.current, prepared.next, prepared.host);
          return { outcome: "updated", unit: prepared.next };
        case "unchanged":
          return { outcome: "unchanged", unit: prepared.current };
      }
    },
  };
}

/**
 * What an import row changes on a registered unit: only the fields the file has columns for (a file without a
 * risk-level column leaves risk levels alone), and only the persons it names. A person given with the same
 * name and phone keeps the post (title) on record, since files rarely carry it.
 */
function importPatch(current: Enterprise, row: CreateEnterpriseInput, fields: ReadonlySet<string> | undefined): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key !== "persons" && (!fields || fields.has(key))) patch[key] = value;
  }
  const persons: Record<string, Person | null> = { ...current.persons };
  for (const role of personRoles) {
    if (fields && !fields.has(`persons.${role}`)) continue;
    const given = row.persons[role];
    const kept = current.persons[role];
    persons[role] = given
      ? { ...given, title: given.title ?? (kept && kept.name === given.name && kept.phone === given.phone ? kept.title : null) }
      : null;
  }
  patch.persons = persons;
  return patch;
}
