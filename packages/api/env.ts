// The Hono environment of the app: what middleware puts on the context for the handlers.

import type { Language } from "#api/i18n";
import type { Principal } from "#core/principal";

export interface AppEnv {
  Variables: {
    requestId: string;
    language: Language;
    principal: Principal;
  };
}
