// What every use case receives first: the verified caller and the request id (for audit and logs).
import type { AuditSource } from "#core/audit";
import type { Clock, IdGenerator } from "#core/ports";
import type { Principal } from "#core/principal";

export interface RequestContext {
  readonly principal: Principal;
  readonly requestId: string;
}

export function auditSource(ctx: RequestContext, clock: Clock, ids: IdGenerator): AuditSource {
  return { principal: ctx.principal, requestId: ctx.requestId, id: ids.next(), at: clock.now() };
}
