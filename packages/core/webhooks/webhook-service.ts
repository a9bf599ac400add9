// Use cases on webhook endpoints, tenant-admin only: register (the secret shown once), list, read, change, delete,
// rotate the secret, read an endpoint's delivery log, and replay one delivery or every change since a cursor. Each
// change of an endpoint is saved with its audit record; the URL is checked against the SSRF rule (webhook-target.ts)
// whenever it is set. Sending is never done here: the dispatcher reads the feed (packages/jobs/webhooks).
import { changeSettleMs } from "#core/changes/change-feed-service";
import { instantPosition, positionOf } from "#core/changes/feed-position";
import { auditEntry, diff } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, requireTenantAdmin } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { JobQueue } from "#core/kernel/work";
import type { WebhookRepository } from "#core/webhooks/ports";
import { defaultSecretOverlapMs, publicDelivery, type WebhookDelivery } from "#core/webhooks/webhook-delivery";
import {
  CreateWebhookEndpointSchema,
  mintWebhookSecret,
  publicEndpoint,
  ReplaySinceSchema,
  UpdateWebhookEndpointSchema,
  type WebhookEndpoint,
  type WebhookEndpointRecord,
} from "#core/webhooks/webhook-endpoint";
import { checkTarget, type HostResolver, type WebhookTargets } from "#core/webhooks/webhook-target";

export interface WebhookServiceDeps {
  readonly webhooks: WebhookRepository;
  readonly idempotency: IdempotencyStore;
  readonly queue: JobQueue;
  readonly clock: Clock;
  /** The change feed's wall clock: an endpoint receives the changes the feed had not yet answered when it was set up. */
  readonly feedClock: Clock;
  readonly ids: IdGenerator;
  readonly webhookTargets: WebhookTargets;
  readonly webhookResolver: HostResolver;
  readonly webhookSecretOverlapMs?: number;
}

/** An endpoint with its secret: the create's and the rotation's answer, the only times the secret is shown. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  readonly secret?: string;
}

export type WebhookService = ReturnType<typeof createWebhookService>;

export function createWebhookService(deps: WebhookServiceDeps) {
  const { webhooks, clock, ids } = deps;
  const overlapMs = deps.webhookSecretOverlapMs ?? defaultSecretOverlapMs;
  /** The feed's horizon: everything before it has been answered (or may be, once it settles). */
  const horizon = () => instantPosition(new Date(deps.feedClock.now().getTime() - changeSettleMs));
  const check = (url: string) => checkTarget(url, deps.webhookTargets, deps.webhookResolver);

  async function load(tenantId: string, id: string): Promise<WebhookEndpointRecord> {
    const found = await webhooks.getEndpoint(tenantId, id);
    if (!found) throw errors.notFound("webhook endpoint", id);
    return found;
  }

  async function replace(ctx: RequestContext, current: WebhookEndpointRecord, next: WebhookEndpointRecord, action: string) {
    const audit = auditEntry(
      auditSource(ctx, clock, ids),
      action,
      { type: "webhook-endpoint", id: current.id },
      diff(publicEndpoint(current), publicEndpoint(next)),
    );
    await webhooks.saveEndpoint(tenantOf(ctx), { before: current, after: next }, { audit });
    if (next.state !== current.state) await webhooks.syncRegistry(tenantOf(ctx));
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<WebhookEndpointWithSecret>> {
      const admin = requireTenantAdmin(ctx.principal);
      const input = parseOrThrow(CreateWebhookEndpointSchema, raw);
      const target = await check(input.url);
      return idempotentCreate(deps.idempotency, admin.tenantId, claim, async (claimed) => {
        const id = ids.next();
        const now = clock.now().toISOString();
        const secret = mintWebhookSecret();
        const since = horizon();
        const record: WebhookEndpointRecord = {
          id,
          url: target.url.href,
          description: input.description,
          types: input.types ? [...new Set(input.types)].sort() : null,
          state: "enabled",
          disabledReason: null,
          disabledAt: null,
          failingSince: null,
          previousSecretValidUntil: null,
          createdAt: now,
          createdBy: actorOf(admin).id,
          updatedAt: now,
          version: 1,
          since,
          secrets: [{ secret, createdAt: now, expiresAt: null }],
        };
        const view = publicEndpoint(record);
        const audit = auditEntry(auditSource(ctx, clock, ids), "webhook.create", { type: "webhook-endpoint", id }, diff(undefined, view));
        // An idempotent replay answers without the secret: it is shown this once.
        await webhooks.saveEndpoint(
          admin.tenantId,
          { before: undefined, after: record },
          { audit, idempotency: idempotencyWrite(claimed, 201, view) },
          { cursorStart: since },
        );
        await webhooks.syncRegistry(admin.tenantId);
        return { status: 201, body: { ...view, secret } };
      });
    },

    async list(ctx: RequestContext, page: PageRequest): Promise<Page<WebhookEndpoint>> {
      const admin = requireTenantAdmin(ctx.principal);
      const result = await webhooks.listEndpoints(admin.tenantId, page);
      return { items: result.items.map(publicEndpoint), nextCursor: result.nextCursor };
    },

    async get(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
      const admin = requireTenantAdmin(ctx.principal);
      return publicEndpoint(await load(admin.tenantId, id));
    },

    async update(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<WebhookEndpoint> {
      const admin = requireTenantAdmin(ctx.principal);
      const input = parseOrThrow(UpdateWebhookEndpointSchema, raw);
      const current = await load(admin.tenantId, id);
      requireVersion("webhook-endpoint", id, expectedVersion, current.version);
      const url = input.url === undefined ? current.url : (await check(input.url)).url.href;
      const now = clock.now().toISOString();
      let next: WebhookEndpointRecord = {
        ...current,
        url,
        types: input.types === undefined ? current.types : input.types === null ? null : [...new Set(input.types)].sort(),
        description: input.description ?? current.description,
        updatedAt: now,
        version: current.version + 1,
      };
      if (input.enabled === false && current.state === "enabled") {
        next = { ...next, state: "disabled", disabledReason: "manual", disabledAt: now };
      }
      if (input.enabled === true && current.state === "disabled") {
        // Enabled again: the failure state is forgotten, and deliveries start with the changes from now on (what
        // happened while it was disabled can be replayed: POST …/replay).
        next = { ...next, state: "enabled", disabledReason: null, disabledAt: null, failingSince: null, since: horizon() };
      }
      await replace(ctx, current, next, "webhook.update");
      return publicEndpoint(next);
    },

    async delete(ctx: RequestContext, id: string, expectedVersion?: number): Promise<void> {
      const admin = requireTenantAdmin(ctx.principal);
      const current = await load(admin.tenantId, id);
      requireVersion("webhook-endpoint", id, expectedVersion, current.version);
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "webhook.delete",
        { type: "webhook-endpoint", id },
        {
          url: { from: current.url, to: null },
        },
      );
      await webhooks.deleteEndpoint(admin.tenantId, current, { audit });
      await webhooks.syncRegistry(admin.tenantId);
    },

    async rotateSecret(ctx: RequestContext, id: string, expectedVersion?: number): Promise<WebhookEndpointWithSecret> {
      const admin = requireTenantAdmin(ctx.principal);
      const current = await load(admin.tenantId, id);
      requireVersion("webhook-endpoint", id, expectedVersion, current.version);
      const now = clock.now();
      const until = new Date(now.getTime() + overlapMs).toISOString();
      const secret = mintWebhookSecret();
      // The current secret signs on until the overlap ends; one rotated out earlier and still in force keeps its end.
      const previous = current.secrets
        .filter((s) => s.expiresAt === null || Date.parse(s.expiresAt) > now.getTime())
        .map((s) => (s.expiresAt === null ? { ...s, expiresAt: until } : s));
      const next: WebhookEndpointRecord = {
        ...current,
        secrets: [{ secret, createdAt: now.toISOString(), expiresAt: null }, ...previous],
        previousSecretValidUntil: until,
        updatedAt: now.toISOString(),
        version: current.version + 1,
      };
      await replace(ctx, current, next, "webhook.rotate-secret");
      return { ...publicEndpoint(next), secret };
    },

    async deliveries(ctx: RequestContext, id: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
      const admin = requireTenantAdmin(ctx.principal);
      await load(admin.tenantId, id);
      const result = await webhooks.listDeliveries(admin.tenantId, id, page);
      return { items: result.items.map(publicDelivery), nextCursor: result.nextCursor };
    },

    /** Sends one delivery again (same webhook-id, new tries). */
    async replayDelivery(ctx: RequestContext, id: string, deliveryId: string): Promise<WebhookDelivery> {
      const admin = requireTenantAdmin(ctx.principal);
      const endpoint = requireEnabled(await load(admin.tenantId, id));
      const now = clock.now().toISOString();
      const round = await webhooks.restartDelivery(admin.tenantId, endpoint.id, deliveryId, now);
      if (round === undefined) throw errors.notFound("webhook delivery", deliveryId);
      await webhooks.audit(admin.tenantId, {
        audit: auditEntry(
          auditSource(ctx, clock, ids),
          "webhook.replay",
          { type: "webhook-endpoint", id },
          {
            deliveryId: { from: null, to: deliveryId },
          },
        ),
      });
      await deps.queue.send([{ kind: "webhook-delivery", tenantId: admin.tenantId, endpointId: id, deliveryId, round, try: 1 }]);
      const delivery = await webhooks.getDelivery(admin.tenantId, id, deliveryId);
      if (!delivery) throw errors.notFound("webhook delivery", deliveryId);
      return publicDelivery(delivery);
    },

    /** Delivers every matching change since `since` to this endpoint again (a job; answered 202). */
    async replaySince(ctx: RequestContext, id: string, raw: unknown): Promise<{ since: string; before: string }> {
      const admin = requireTenantAdmin(ctx.principal);
      const input = parseOrThrow(ReplaySinceSchema, raw);
      const endpoint = requireEnabled(await load(admin.tenantId, id));
      const after = positionOf(input.since);
      if (!after) {
        throw errors.validation([
          problem("since", "invalid_cursor", "不是有效的变更游标", "Not a change cursor (a delivery's data.position or a feed cursor)"),
        ]);
      }
      const before = horizon();
      await webhooks.audit(admin.tenantId, {
        audit: auditEntry(
          auditSource(ctx, clock, ids),
          "webhook.replay",
          { type: "webhook-endpoint", id },
          {
            since: { from: null, to: input.since },
          },
        ),
      });
      await deps.queue.send([{ kind: "webhook-replay", tenantId: admin.tenantId, endpointId: endpoint.id, after, before }]);
      return { since: input.since, before };
    },
  };

  function tenantOf(ctx: RequestContext): string {
    return requireTenantAdmin(ctx.principal).tenantId;
  }
}

function requireEnabled(endpoint: WebhookEndpointRecord): WebhookEndpointRecord {
  if (endpoint.state !== "enabled") {
    throw errors.conflict("webhook_disabled", {
      zh: "该推送地址已停用，请先启用再重放",
      en: "The endpoint is disabled: enable it before replaying",
    });
  }
  return endpoint;
}
