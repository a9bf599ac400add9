// The Hono environment of the app: what middleware puts on the context for the handlers.

import type { Language } from "#api/i18n";
import type { Principal } from "#core/kernel/principal";
import type { Tenant } from "#core/tenancy/tenant";

export interface AppEnv {
  Variables: {
    requestId: string;
    /** When the request arrived, by the app's clock (the Clock port): what a request's dates are taken from. */
    receivedAt: Date;
    language: Language;
    principal: Principal;
    /** The caller's tenant as authentication found it (active); undefined for platform operators. */
    tenant: Tenant | undefined;
    /** Rows a synchronous export serves at most (AppDeps.syncExportRowsLimit). */
    syncExportRowsLimit: number;
  };
}
