// Use cases on rubrics: the built-in library (read by every tenant, copied into a tenant's own), and a tenant's
// rubrics with versions — a draft is edited until published; a published version never changes, and editing
// after it opens the next draft. `resolve` finds the published version an assessment pins.

import type { RubricRepository } from "#core/assessments/ports";
import {
  type Rubric,
  type RubricDefinition,
  type RubricFilter,
  type RubricVersion,
  rubricProblems,
  SaveRubricSchema,
} from "#core/assessments/rubric";
import { type LibraryRubric, libraryRubric, rubricLibrary } from "#core/assessments/rubric-library";
import type { RequestContext } from "#core/kernel/context";
import { drafted } from "#core/kernel/drafts";
import { errors, type FieldProblem } from "#core/kernel/errors";
import type { CreateOutcome } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { EnterpriseRepository } from "#core/register/ports";
import { liveEnterprise } from "#core/register/references";

export interface RubricServiceDeps {
  readonly rubrics: RubricRepository;
  readonly enterprises: EnterpriseRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type RubricWithLatest = Rubric & { latest: RubricVersion };

/** A library rubric as a (published, read-only) version. */
export function libraryVersion(entry: LibraryRubric): RubricVersion {
  return {
    rubricId: entry.id,
    version: entry.version,
    status: "published",
    definition: entry.definition,
    library: true,
    createdAt: null,
    publishedAt: null,
  };
}

/** A valid definition, or 422 listing every problem (paths under `definition`). */
function checkedDefinition(raw: unknown): RubricDefinition {
  const { definition } = parseOrThrow(SaveRubricSchema, raw);
  const problems = rubricProblems(definition);
  if (problems.length > 0) {
    throw errors.unprocessable(problems.map((p): FieldProblem => ({ ...p, path: `definition.${p.path}` })));
  }
  return definition;
}

export type RubricService = ReturnType<typeof createRubricService>;

export function createRubricService(deps: RubricServiceDeps) {
  const { rubrics } = deps;
  const versions = drafted<RubricDefinition, Rubric, RubricVersion>(deps, {
    entity: "rubric",
    audit: "rubric",
    store: rubrics,
    fromDefinition: (definition) => ({
      title: definition.title,
      kind: definition.kind,
      level: definition.level ?? null,
      enterpriseId: definition.enterpriseId ?? null,
      target: definition.target,
    }),
    version: (rubricId, fields) => ({ rubricId, ...fields }),
    noDraft: { zh: "没有待发布的草稿；修改细则会生成新草稿", en: "There is no draft to publish; saving a definition opens one" },
  });

  /** A checklist of a unit must name a live unit of the tenant (422 otherwise). */
  async function ownedBy(tenantId: string, definition: RubricDefinition): Promise<RubricDefinition> {
    if (definition.enterpriseId !== undefined) {
      await liveEnterprise(deps.enterprises, tenantId, definition.enterpriseId, "definition.enterpriseId");
    }
    return definition;
  }

  async function withLatest(tenantId: string, rubric: Rubric): Promise<RubricWithLatest> {
    const latest = await rubrics.version(tenantId, rubric.id, rubric.latestVersion);
    if (!latest) throw new Error(`rubric ${rubric.id} lacks its version ${rubric.latestVersion}`);
    return { ...rubric, latest };
  }

  function createFrom(
    ctx: RequestContext,
    principal: TenantPrincipal,
    definition: RubricDefinition,
    copiedFrom: Rubric["copiedFrom"],
    claim: IdempotencyClaim | undefined,
  ): Promise<CreateOutcome<RubricWithLatest>> {
    return versions.create(ctx, principal, definition, copiedFrom, claim, (rubric, latest) => ({ ...rubric, latest }));
  }

  return {
    library(ctx: RequestContext): RubricVersion[] {
      requireTenantAccess(ctx.principal, "rubrics", "read");
      return rubricLibrary().map(libraryVersion);
    },

    libraryRubric(ctx: RequestContext, id: string): RubricVersion {
      requireTenantAccess(ctx.principal, "rubrics", "read");
      const entry = libraryRubric(id);
      if (!entry) throw errors.notFound("library rubric", id);
      return libraryVersion(entry);
    },

    async copy(ctx: RequestContext, libraryId: string, claim?: IdempotencyClaim): Promise<CreateOutcome<RubricWithLatest>> {
      const principal = requireTenantAccess(ctx.principal, "rubrics", "write");
      const entry = libraryRubric(libraryId);
      if (!entry) throw errors.notFound("library rubric", libraryId);
      return createFrom(ctx, principal, entry.definition, { id: entry.id, version: entry.version }, claim);
    },

    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<RubricWithLatest>> {
      const principal = requireTenantAccess(ctx.principal, "rubrics", "write");
      return createFrom(ctx, principal, await ownedBy(principal.tenantId, checkedDefinition(raw)), null, claim);
    },

    /** Newest first; `enterpriseId` and `level` narrow it to a unit's checklists. */
    async list(ctx: RequestContext, filter: RubricFilter, page: PageRequest): Promise<Page<Rubric>> {
      const principal = requireTenantAccess(ctx.principal, "rubrics", "read");
      return rubrics.list(principal.tenantId, filter, page);
    },

    async get(ctx: RequestContext, id: string): Promise<RubricWithLatest> {
      const principal = requireTenantAccess(ctx.principal, "rubrics", "read");
      return withLatest(principal.tenantId, await versions.load(principal.tenantId, id));
    },

    async version(ctx: RequestContext, id: string, version: number): Promise<RubricVersion> {
      const principal = requireTenantAccess(ctx.principal, "rubrics", "read");
      const found = await rubrics.version(principal.tenantId, id, version);
      if (!found) throw errors.notFound("rubric version", `${id}@${version}`);
      return found;
    },

    /** Saves the definition as the open draft, or opens the next draft when the latest version is published. */
    async saveDraft(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<RubricWithLatest> {
      const principal = requireTenantAccess(ctx.principal, "rubrics", "write");
      const definition = await ownedBy(principal.tenantId, checkedDefinition(raw));
      const { head, draft } = await versions.saveDraft(ctx, principal, id, definition, expectedVersion);
      return { ...head, latest: draft };
    },

    /** Publishes the open draft: from now on assessments may pin it, and it never changes. */
    async publish(ctx: RequestContext, id: string, expectedVersion?: number): Promise<RubricWithLatest> {
      const principal = requireTenantAccess(ctx.principal, "rubrics", "write");
      const { head, published } = await versions.publish(ctx, principal, id, expectedVersion);
      return { ...head, latest: published };
    },
  };
}

/** The published version an assessment may pin: a library rubric, or one of the tenant's; undefined otherwise. */
export async function resolveRubricVersion(
  rubrics: RubricRepository,
  tenantId: string,
  id: string,
  version: number,
): Promise<RubricVersion | undefined> {
  const entry = libraryRubric(id);
  if (entry) return entry.version === version ? libraryVersion(entry) : undefined;
  const found = idPattern.test(id) ? await rubrics.version(tenantId, id, version) : undefined;
  return found?.status === "published" ? found : undefined;
}
