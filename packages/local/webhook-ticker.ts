// The local stand-in for the table's stream and the 5-minute sweep: about once a second, every tenant listed with an
// enabled webhook endpoint (one Query of the platform's short list) gets its dispatcher run, one tick after another
// (a tick never overlaps the one before). Deliveries then go through the in-process queue as in AWS through SQS.
import type { WebhookRepository } from "#core/webhooks/ports";
import type { JobRunner } from "#jobs/runner";

export interface Ticker {
  stop(): Promise<void>;
}

export function webhookTicker(
  deps: { readonly webhooks: WebhookRepository; readonly jobs: JobRunner },
  log: (message: string, extra: Record<string, unknown>) => void,
  everyMs = 1000,
): Ticker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const unbounded = { remainingMs: () => Number.POSITIVE_INFINITY };
  const tick = async () => {
    try {
      const tenants = await deps.webhooks.registeredTenants();
      await Promise.all(tenants.map((tenantId) => deps.jobs.run({ kind: "webhook-dispatch", tenantId }, unbounded)));
    } catch (error) {
      log("webhook dispatch tick failed", { error: String(error) });
    }
    if (!stopped) timer = setTimeout(() => (running = tick()), everyMs);
  };
  timer = setTimeout(() => (running = tick()), everyMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
