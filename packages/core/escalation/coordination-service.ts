// Use cases of the coordination request list (提请协调清单): a city files, for a month, the items it puts to the
// leader in charge (joint tackling items from its districts that are still open, and its own open hazards), each
// with what it asks; one of the named recipients records the leader's decision, after which the request is closed.

import {
  type CoordinationFilter,
  type CoordinationRequest,
  CreateCoordinationRequestSchema,
  DecideSchema,
} from "#core/escalation/coordination-request";
import { parseJointTacklingId } from "#core/escalation/joint-tackling";
import type { CoordinationRequestRepository, JointTacklingRepository } from "#core/escalation/ports";
import type { HazardRepository } from "#core/hazards/ports";
import { auditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, type FieldProblem, problem, requireVersion } from "#core/kernel/errors";
import { type CreateOutcome, idempotencyWrite, idempotentCreate } from "#core/kernel/idempotency";
import type { Clock, IdempotencyClaim, IdempotencyStore, IdGenerator, Page, PageRequest } from "#core/kernel/ports";
import { actorOf, requireTenantAccess } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import type { JobQueue } from "#core/kernel/work";
import type { TenantRepository } from "#core/tenancy/ports";

export interface CoordinationServiceDeps {
  readonly requests: CoordinationRequestRepository;
  readonly jointTackling: JointTacklingRepository;
  readonly hazards: HazardRepository;
  readonly tenants: TenantRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Where the recipients' notices are queued (the worker mails them, retrying a failed send). */
  readonly queue: JobQueue;
  /** Told when a notice could not be queued after the request was saved (the request stands; the notice is lost). */
  readonly onNoticeLost: (error: unknown, notice: { requestId: string; event: "filed" | "decided" }) => void;
}

export type CoordinationService = ReturnType<typeof createCoordinationService>;

export function createCoordinationService(deps: CoordinationServiceDeps) {
  const { requests, clock, ids } = deps;

  /** Queues the mail to the request's recipients; the saved request never depends on it. */
  async function notify(tenantId: string, requestId: string, event: "filed" | "decided"): Promise<void> {
    try {
      await deps.queue.send([{ kind: "coordination-notice", tenantId, requestId, event }]);
    } catch (error) {
      deps.onNoticeLost(error, { requestId, event });
    }
  }

  async function load(tenantId: string, id: string): Promise<CoordinationRequest> {
    const found = await requests.get(tenantId, id);
    if (!found) throw errors.notFound("coordination request", id);
    return found;
  }

  return {
    async create(ctx: RequestContext, raw: unknown, claim?: IdempotencyClaim): Promise<CreateOutcome<CoordinationRequest>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "write");
      const input = parseOrThrow(CreateCoordinationRequestSchema, raw);
      const cityId = principal.tenantId;
      const tenant = await deps.tenants.get(cityId);
      if (tenant?.level !== "city") {
        throw errors.conflict("not_a_city", {
          zh: "提请协调清单由市级租户向分管市领导提交",
          en: "Coordination requests are filed by a city tenant to its leader in charge",
        });
      }
      return idempotentCreate(deps.idempotency, cityId, claim, async (claimed) => {
        const problems: FieldProblem[] = [];
        if (principal.kind === "user" && input.leader.recipients.some((r) => r.subject === principal.subject)) {
          problems.push(
            problem(
              "leader.recipients",
              "filer_is_recipient",
              "提交人不能同时是批示领导",
              "Whoever files the request cannot be its recipient",
            ),
          );
        }
        if (input.month > chinaDate(clock.now()).slice(0, 7)) {
          problems.push(problem("month", "month_in_future", "不能提交未来月份的清单", "A request cannot be filed for a month to come"));
        }
        const items: CoordinationRequest["items"] = [];
        for (const [i, ref] of input.items.entries()) {
          const path = `items.${i}.id`;
          if (ref.kind === "joint-tackling") {
            const { districtId, hazardId } = parseJointTacklingId(ref.id);
            const item = await deps.jointTackling.get(cityId, cityId, districtId, hazardId);
            if (!item)
              problems.push(problem(path, "unknown_item", `联合攻坚事项 ${ref.id} 不存在`, `Joint tackling item ${ref.id} does not exist`));
            else if (item.state !== "escalated" && item.state !== "assigned") {
              problems.push(
                problem(path, "item_not_open", `联合攻坚事项 ${ref.id} 已${item.state}`, `Joint tackling item ${ref.id} is ${item.state}`),
              );
            } else if (item.hazard.state === "closed") {
              problems.push(problem(path, "hazard_closed", `联合攻坚事项 ${ref.id} 的隐患已销号`, `The hazard of ${ref.id} is closed`));
            } else {
              items.push({
                kind: ref.kind,
                id: ref.id,
                ask: ref.ask,
                district: item.districtName,
                enterpriseName: item.hazard.enterpriseName,
                description: item.hazard.description.slice(0, 200),
                severity: item.hazard.severity,
                state: item.state,
                decision: null,
              });
            }
          } else {
            const hazard = await deps.hazards.get(cityId, ref.id);
            if (!hazard) problems.push(problem(path, "unknown_hazard", `隐患 ${ref.id} 不存在`, `Hazard ${ref.id} does not exist`));
            else if (hazard.state === "closed")
              problems.push(problem(path, "hazard_closed", `隐患 ${ref.id} 已销号`, `Hazard ${ref.id} is closed`));
            else {
              items.push({
                kind: ref.kind,
                id: ref.id,
                ask: ref.ask,
                district: null,
                enterpriseName: hazard.enterpriseName,
                description: hazard.description.slice(0, 200),
                severity: hazard.severity,
                state: hazard.state,
                decision: null,
              });
            }
          }
        }
        if (problems.length > 0) throw errors.unprocessable(problems);
        const now = clock.now().toISOString();
        const request: CoordinationRequest = {
          id: ids.next(),
          month: input.month,
          leader: input.leader,
          summary: input.summary,
          items,
          state: "submitted",
          decision: null,
          submittedBy: actorOf(principal),
          submittedAt: now,
          updatedAt: now,
          version: 1,
        };
        const audit = auditEntry(
          auditSource(ctx, clock, ids),
          "coordination-request.create",
          { type: "coordination-request", id: request.id },
          diff(undefined, { month: request.month, leader: request.leader, items: input.items }),
        );
        await requests.save(cityId, { before: undefined, after: request }, { audit, idempotency: idempotencyWrite(claimed, 201, request) });
        await notify(cityId, request.id, "filed");
        return { status: 201, body: request };
      });
    },

    async get(ctx: RequestContext, id: string): Promise<CoordinationRequest> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      return load(principal.tenantId, id);
    },

    async list(ctx: RequestContext, filter: CoordinationFilter, page: PageRequest): Promise<Page<CoordinationRequest>> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      return requests.list(principal.tenantId, filter, page);
    },

    /** The leader's decision, recorded by one of the request's recipients (their own credential); once only. */
    async decide(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<CoordinationRequest> {
      const principal = requireTenantAccess(ctx.principal, "hazards", "read");
      const input = parseOrThrow(DecideSchema, raw);
      const current = await load(principal.tenantId, id);
      if (principal.kind !== "user" || !current.leader.recipients.some((r) => r.subject === principal.subject)) {
        throw errors.forbidden("not_a_recipient", {
          zh: "只有清单所报送的领导可以作出批示",
          en: "Only a recipient of the request (the leader in charge) may record the decision",
        });
      }
      requireVersion("coordination request", id, expectedVersion, current.version);
      if (current.state === "decided") {
        throw errors.illegalTransition({ zh: "提请协调清单", en: "coordination request" }, "state", current.state, "decide", []);
      }
      const problems = input.items.flatMap((d, i) =>
        d.index < current.items.length
          ? []
          : [problem(`items.${i}.index`, "no_such_item", `清单没有第 ${d.index} 项`, `The request has no item ${d.index}`)],
      );
      if (new Set(input.items.map((d) => d.index)).size !== input.items.length) {
        problems.push(problem("items", "item_decided_twice", "同一事项只能有一条批示", "An item is decided twice"));
      }
      if (problems.length > 0) throw errors.unprocessable(problems);
      const now = clock.now().toISOString();
      const decisions = new Map(input.items.map((d) => [d.index, d.decision]));
      const next: CoordinationRequest = {
        ...current,
        items: current.items.map((item, i) => ({ ...item, decision: decisions.get(i) ?? null })),
        state: "decided",
        decision: { text: input.decision, by: actorOf(principal), at: now },
        updatedAt: now,
        version: current.version + 1,
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "coordination-request.decide",
        { type: "coordination-request", id },
        diff(current, next, ["version", "updatedAt"]),
      );
      await requests.save(principal.tenantId, { before: current, after: next }, { audit });
      await notify(principal.tenantId, id, "decided");
      return next;
    },
  };
}
