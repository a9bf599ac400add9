// Use cases on star schemes: the built-in library (read by every tenant, copied into a tenant's own), and a
// tenant's schemes with versions — a draft is edited (and shows what still keeps it from being published) until
// published; a published version never changes, and editing after it opens the next draft.
import type { RubricRepository } from "#core/assessments/ports";
import type { RubricDefinition } from "#core/assessments/rubric";
import { rubricLibrary } from "#core/assessments/rubric-library";
import type { RequestContext } from "#core/kernel/context";
import { drafted } from "#core/kernel/drafts";
import { errors, type FieldProblem } from "#core/kernel/errors";
import type { CreateOutcome } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { StarSchemeRepository } from "#core/stars/ports";
import { type LibraryScheme, libraryScheme, schemeLibrary } from "#core/stars/star-library";
import {
  type RubricFacts,
  rubricsNamed,
  SaveStarSchemeSchema,
  type StarScheme,
  type StarSchemeDefinition,
  type StarSchemeVersion,
  schemeProblems,
} from "#core/stars/star-scheme";

export interface StarSchemeServiceDeps {
  readonly starSchemes: StarSchemeRepository;
  readonly rubrics: RubricRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** A scheme with its latest version and what keeps that version from being published (empty once sound). */
export type StarSchemeWithLatest = StarScheme & { latest: StarSchemeVersion; problems: FieldProblem[] };

export function librarySchemeVersion(entry: LibraryScheme): StarSchemeVersion {
  return {
    schemeId: entry.id,
    version: entry.version,
    status: "published",
    definition: entry.definition,
    library: true,
    createdAt: null,
    publishedAt: null,
  };
}

function factsOf(definition: RubricDefinition): RubricFacts {
  return {
    target: definition.target,
    kind: definition.kind,
    totalPoints: definition.totalPoints,
    sectionPoints: Object.fromEntries(definition.sections.map((s) => [s.id, s.points])),
  };
}

export type StarSchemeService = ReturnType<typeof createStarSchemeService>;

export function createStarSchemeService(deps: StarSchemeServiceDeps) {
  const { starSchemes } = deps;

  /** The rubrics the definition names that the tenant may use: library ones, and its own with a published version. */
  async function rubricFacts(tenantId: string, definition: StarSchemeDefinition): Promise<Map<string, RubricFacts>> {
    const facts = new Map<string, RubricFacts>();
    for (const id of rubricsNamed(definition)) {
      const library = rubricLibrary().find((r) => r.id === id);
      if (library) {
        facts.set(id, factsOf(library.definition));
        continue;
      }
      const own = idPattern.test(id) ? await deps.rubrics.get(tenantId, id) : undefined;
      const published = own?.publishedVersion ? await deps.rubrics.version(tenantId, id, own.publishedVersion) : undefined;
      if (published) facts.set(id, factsOf(published.definition));
    }
    return facts;
  }

  async function problemsOf(tenantId: string, definition: StarSchemeDefinition): Promise<FieldProblem[]> {
    return schemeProblems(definition, await rubricFacts(tenantId, definition)).map((p) => ({ ...p, path: `definition.${p.path}` }));
  }

  const versions = drafted<StarSchemeDefinition, StarScheme, StarSchemeVersion>(deps, {
    entity: "star scheme",
    audit: "star-scheme",
    store: starSchemes,
    fromDefinition: (definition) => ({ title: definition.title }),
    version: (schemeId, fields) => ({ schemeId, ...fields }),
    noDraft: { zh: "没有待发布的草稿；修改方案会生成新草稿", en: "There is no draft to publish; saving a definition opens one" },
    async checkPublishable(tenantId, draft) {
      const problems = await problemsOf(tenantId, draft.definition);
      if (problems.length > 0) throw errors.unprocessable(problems);
    },
  });

  async function withLatest(tenantId: string, scheme: StarScheme, latest?: StarSchemeVersion): Promise<StarSchemeWithLatest> {
    const version = latest ?? (await starSchemes.version(tenantId, scheme.id, scheme.latestVersion));
    if (!version) throw new Error(`star scheme ${scheme.id} lacks its version ${scheme.latestVersion}`);
    return { ...scheme, latest: version, problems: version.status === "draft" ? await problemsOf(tenantId, version.definition) : [] };
  }

  return {
    library(ctx: RequestContext): StarSchemeVersion[] {
      requireTenantAccess(ctx.principal, "stars", "read");
      return schemeLibrary().map(librarySchemeVersion);
    },

    libraryScheme(ctx: RequestContext, id: string): StarSchemeVersion {
      requireTenantAccess(ctx.principal, "stars", "read");
      const entry = libraryScheme(id);
      if (!entry) throw errors.notFound("library star scheme", id);
      return librarySchemeVersion(entry);
    },

    async copy(ctx: RequestContext, libraryId: string, claim?: IdempotencyClaim): Promise<CreateOutcome<StarSchemeWithLatest>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "write");
      const entry = libraryScheme(libraryId);
      if (!entry) throw errors.notFound("library star scheme", libraryId);
      const copiedFrom = { id: entry.id, version: entry.version };
      return versions.create(ctx, principal, entry.definition, copiedFrom, claim, (scheme, first) =>
        withLatest(principal.tenantId, scheme, first),
      );
    },

    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<StarSchemeWithLatest>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "write");
      const { definition } = parseOrThrow(SaveStarSchemeSchema, raw);
      return versions.create(ctx, principal, definition, null, claim, (scheme, first) => withLatest(principal.tenantId, scheme, first));
    },

    async list(ctx: RequestContext, page: PageRequest): Promise<Page<StarScheme>> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      return starSchemes.list(principal.tenantId, page);
    },

    async get(ctx: RequestContext, id: string): Promise<StarSchemeWithLatest> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      return withLatest(principal.tenantId, await versions.load(principal.tenantId, id));
    },

    async version(ctx: RequestContext, id: string, version: number): Promise<StarSchemeVersion> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      const found = idPattern.test(id) ? await starSchemes.version(principal.tenantId, id, version) : undefined;
      if (!found) throw errors.notFound("star scheme version", `${id}@${version}`);
      return found;
    },

    /** Saves the definition as the open draft (or opens the next one after a publish); problems are listed, not refused. */
    async saveDraft(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<StarSchemeWithLatest> {
      const principal = requireTenantAccess(ctx.principal, "stars", "write");
      const { definition } = parseOrThrow(SaveStarSchemeSchema, raw);
      const { head, draft } = await versions.saveDraft(ctx, principal, id, definition, expectedVersion);
      return withLatest(principal.tenantId, head, draft);
    },

    /** Publishes the open draft once nothing keeps it from being evaluated (else 422 with every problem). */
    async publish(ctx: RequestContext, id: string, expectedVersion?: number): Promise<StarSchemeWithLatest> {
      const principal = requireTenantAccess(ctx.principal, "stars", "write");
      const { head, published } = await versions.publish(ctx, principal, id, expectedVersion);
      return { ...head, latest: published, problems: [] };
    },
  };
}
