// Versioned definitions with drafts (rubrics, star schemes): a record ("head") numbering its versions from 1, one
// open draft at a time that is edited until published, published versions that never change, and editing after a
// publish opening the next draft. These are the three writes every such definition has — create (or copy from a
// library), save the draft, publish it — each saved with its audit record; the domain supplies its shapes.
import { auditEntry } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { type EntityName, errors, type LocalizedText, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, WriteContext } from "#core/kernel/ports";
import type { TenantPrincipal } from "#core/kernel/principal";

export interface DraftedHead {
  readonly id: string;
  readonly latestVersion: number;
  readonly publishedVersion: number | null;
  readonly draftVersion: number | null;
  readonly copiedFrom: { readonly id: string; readonly version: number } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Record version (ETag), not the definition's version number. */
  readonly version: number;
}

export interface DraftedVersion<D> {
  readonly version: number;
  readonly status: "draft" | "published";
  readonly definition: D;
  readonly library: boolean;
  readonly createdAt: string | null;
  readonly publishedAt: string | null;
}

export interface DraftedStore<H, V> {
  save(tenantId: string, change: { before: H | undefined; after: H; version: V }, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<H | undefined>;
  version(tenantId: string, id: string, version: number): Promise<V | undefined>;
}

export interface DraftedKind<D, H extends DraftedHead, V extends DraftedVersion<D>> {
  /** For not-found and version-mismatch errors. */
  readonly entity: EntityName;
  /** Audit entity type and action prefix, e.g. "rubric" → rubric.create, rubric.draft… */
  readonly audit: string;
  readonly store: DraftedStore<H, V>;
  /** The head's fields that follow the definition (title…). */
  fromDefinition(definition: D): Omit<H, keyof DraftedHead>;
  /** A version record of head `id`. */
  version(id: string, fields: DraftedVersion<D>): V;
  /** 409 no_draft's message. */
  readonly noDraft: LocalizedText;
  /** Refuses a draft that may not be published (throws), when the domain checks more at publish than at save. */
  checkPublishable?(tenantId: string, draft: V): Promise<void>;
}

export interface DraftedDeps {
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type Drafted<D, H extends DraftedHead, V extends DraftedVersion<D>> = ReturnType<typeof drafted<D, H, V>>;

export function drafted<D, H extends DraftedHead, V extends DraftedVersion<D>>(deps: DraftedDeps, kind: DraftedKind<D, H, V>) {
  const { clock, ids } = deps;
  const audit = (ctx: RequestContext, action: string, id: string, changes: Parameters<typeof auditEntry>[3]) =>
    auditEntry(auditSource(ctx, clock, ids), `${kind.audit}.${action}`, { type: kind.audit, id }, changes);

  async function load(tenantId: string, id: string): Promise<H> {
    const head = idPattern.test(id) ? await kind.store.get(tenantId, id) : undefined;
    if (!head) throw errors.notFound(kind.entity, id);
    return head;
  }

  return {
    load,

    /** Version 1, a draft; `copiedFrom` names the library entry it copies. `answer` shapes the 201 body. */
    async create<B>(
      ctx: RequestContext,
      principal: TenantPrincipal,
      definition: D,
      copiedFrom: DraftedHead["copiedFrom"],
      claim: IdempotencyClaim | undefined,
      answer: (head: H, first: V) => Promise<B> | B,
    ): Promise<CreateOutcome<B>> {
      return idempotentCreate(deps.idempotency, principal.tenantId, claim, async (claimed) => {
        const now = clock.now().toISOString();
        const id = ids.next();
        const numbering = {
          latestVersion: 1,
          publishedVersion: null,
          draftVersion: 1,
          copiedFrom,
          createdAt: now,
          updatedAt: now,
          version: 1,
        };
        const head = { id, ...kind.fromDefinition(definition), ...numbering } as H;
        const first = kind.version(head.id, { version: 1, status: "draft", definition, library: false, createdAt: now, publishedAt: null });
        const body = await answer(head, first);
        const entry = audit(ctx, copiedFrom ? "copy" : "create", head.id, {
          version: { from: null, to: 1 },
          ...(copiedFrom ? { copiedFrom: { from: null, to: copiedFrom } } : {}),
        });
        await kind.store.save(
          principal.tenantId,
          { before: undefined, after: head, version: first },
          { audit: entry, idempotency: idempotencyWrite(claimed, 201, body) },
        );
        return { status: 201, body };
      });
    },

    /** Saves the definition as the open draft, or opens the next draft when the latest version is published. */
    async saveDraft(
      ctx: RequestContext,
      principal: TenantPrincipal,
      id: string,
      definition: D,
      expectedVersion?: number,
    ): Promise<{ head: H; draft: V }> {
      const current = await load(principal.tenantId, id);
      requireVersion(kind.entity, id, expectedVersion, current.version);
      const now = clock.now().toISOString();
      const number = current.draftVersion ?? current.latestVersion + 1;
      const draft = kind.version(id, { version: number, status: "draft", definition, library: false, createdAt: now, publishedAt: null });
      const head = {
        ...current,
        ...kind.fromDefinition(definition),
        latestVersion: number,
        draftVersion: number,
        updatedAt: now,
        version: current.version + 1,
      } as H;
      const entry = audit(ctx, "draft", id, { draftVersion: { from: current.draftVersion, to: number } });
      await kind.store.save(principal.tenantId, { before: current, after: head, version: draft }, { audit: entry });
      return { head, draft };
    },

    /** Publishes the open draft (409 no_draft without one): from now on it may be pinned, and it never changes. */
    async publish(
      ctx: RequestContext,
      principal: TenantPrincipal,
      id: string,
      expectedVersion?: number,
    ): Promise<{ head: H; published: V }> {
      const current = await load(principal.tenantId, id);
      requireVersion(kind.entity, id, expectedVersion, current.version);
      if (current.draftVersion === null) throw errors.conflict("no_draft", kind.noDraft, { publishedVersion: current.publishedVersion });
      const draft = await kind.store.version(principal.tenantId, id, current.draftVersion);
      if (!draft) throw new Error(`${kind.entity} ${id} lacks its draft ${current.draftVersion}`);
      await kind.checkPublishable?.(principal.tenantId, draft);
      const now = clock.now().toISOString();
      const published = { ...draft, status: "published", publishedAt: now } as V;
      const head = { ...current, publishedVersion: draft.version, draftVersion: null, updatedAt: now, version: current.version + 1 } as H;
      const entry = audit(ctx, "publish", id, { publishedVersion: { from: current.publishedVersion, to: draft.version } });
      await kind.store.save(principal.tenantId, { before: current, after: head, version: published }, { audit: entry });
      return { head, published };
    },
  };
}
