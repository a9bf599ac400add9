// What starts the dispatchers (never the write itself): in AWS the table's stream — a batch of new feed records
// becomes one webhook-dispatch message per tenant, held back until the changes have settled — and a sweep every five
// minutes over the tenants with an enabled endpoint, so that nothing depends on the stream alone; locally a ticker.
import { changeSettleMs } from "#core/changes/change-feed-service";
import type { JobMessage, JobQueue } from "#core/kernel/work";
import type { WebhookRepository } from "#core/webhooks/ports";

/** A change read from the feed this long after it was written has settled (the feed answers it). */
export const streamDelaySeconds = Math.ceil(changeSettleMs / 1000) + 1;

/** The part of a DynamoDB stream record the trigger reads: the new item's partition key. */
export interface StreamRecord {
  readonly dynamodb?: { readonly Keys?: { readonly pk?: { readonly S?: string } } };
}

/** The tenants whose feeds `records` (new `T#<id>#CHG` items) wrote to, each once. */
export function tenantsOfStream(records: readonly StreamRecord[]): string[] {
  const tenants = new Set<string>();
  for (const record of records) {
    const match = /^T#(\d{6})#CHG$/.exec(record.dynamodb?.Keys?.pk?.S ?? "");
    if (match?.[1]) tenants.add(match[1]);
  }
  return [...tenants];
}

export async function dispatchFromStream(queue: JobQueue, records: readonly StreamRecord[]): Promise<number> {
  const tenants = tenantsOfStream(records);
  const messages: JobMessage[] = tenants.map((tenantId) => ({ kind: "webhook-dispatch", tenantId }));
  if (messages.length > 0) await queue.send(messages, { delaySeconds: streamDelaySeconds });
  return messages.length;
}

/** The sweep: one webhook-dispatch message per tenant listed with an enabled endpoint. */
export async function sweepWebhookTenants(webhooks: Pick<WebhookRepository, "registeredTenants">, queue: JobQueue): Promise<number> {
  const tenants = await webhooks.registeredTenants();
  if (tenants.length > 0) await queue.send(tenants.map((tenantId) => ({ kind: "webhook-dispatch", tenantId })));
  return tenants.length;
}
