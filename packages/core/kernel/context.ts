// What every use case receives first: the verified caller and the request id (for audit and logs).
import type { AuditSource } from "#core/kernel/audit";
import type { Clock, IdGenerator } from "#core/kernel/ports";
import type { Principal } from "#core/kernel/principal";

export interface RequestContext {
  readonly principal: Principal;
  readonly requestId: string;
}

export function auditSource(ctx: RequestContext, clock: Clock, ids: IdGenerator): AuditSource {
  return { principal: ctx.principal, requestId: ctx.requestId, id: ids.next(), at: clock.now() };
}
