// An endpoint that kept failing is disabled, and the tenant is told: the change is saved with an audit record (by
// the platform itself), and a mail goes to the tenant's report recipients saying which endpoint, since when, and how
// to enable it again. The mail's Message-ID is fixed by the endpoint and the version disabled, so a redelivered
// message is the same mail.
import { type AuditEntry, diff } from "#core/kernel/audit";
import { chinaDate } from "#core/kernel/china-time";
import { publicEndpoint, type WebhookEndpointRecord } from "#core/webhooks/webhook-endpoint";
import type { JobDeps } from "#jobs/deps";
import { messageIdOf } from "#jobs/message-id";

export async function disableFailingEndpoint(deps: JobDeps, tenantId: string, endpointId: string, failingSince: string): Promise<void> {
  const current = await deps.webhooks.getEndpoint(tenantId, endpointId);
  if (current?.state !== "enabled" || current.failingSince === null) return;
  const now = deps.clock.now().toISOString();
  const next: WebhookEndpointRecord = {
    ...current,
    state: "disabled",
    disabledReason: "failing",
    disabledAt: now,
    updatedAt: now,
    version: current.version + 1,
  };
  const audit: AuditEntry = {
    id: deps.ids.next(),
    at: now,
    actor: { kind: "system", id: "webhook-delivery" },
    action: "webhook.disable",
    entity: { type: "webhook-endpoint", id: endpointId },
    changes: diff(publicEndpoint(current), publicEndpoint(next)),
  };
  await deps.webhooks.saveEndpoint(tenantId, { before: current, after: next }, { audit });
  deps.logger.warn("webhook endpoint disabled: failing for days", { tenantId, endpointId, failingSince });

  const tenant = await deps.tenants.get(tenantId);
  const to = tenant?.reportRecipients ?? [];
  if (to.length === 0) return;
  const since = chinaDate(new Date(failingSince));
  const lines = [
    `${tenant?.name ?? tenantId}：`,
    "",
    `贵单位登记的事件推送地址（Webhook）自 ${since} 起推送一直失败，已于 ${chinaDate(new Date(now))} 自动停用，停用后不再推送。`,
    "",
    `推送地址：${current.url}`,
    `编号：${current.id}`,
    ...(current.description ? [`说明：${current.description}`] : []),
    "",
    "请检查接收方服务后，由租户管理员通过 PATCH /v1/webhooks/{id}（enabled: true）重新启用；停用期间的变更可通过 POST /v1/webhooks/{id}/replay 重放。",
    "",
    `The webhook endpoint ${current.url} (${current.id}) has failed every delivery since ${since} and was disabled. ` +
      "Fix the receiver, then enable it again with PATCH /v1/webhooks/{id} (enabled: true); replay what it missed with POST /v1/webhooks/{id}/replay.",
    "",
    "本邮件由安全生产监管平台自动发送。",
  ];
  await deps.mailer.send({
    messageId: messageIdOf(`webhook.${endpointId}.disabled.${next.version}.${tenantId}`, deps.mailFrom),
    from: deps.mailFrom,
    to,
    subject: "【事件推送已停用】Webhook 推送地址连续失败，已自动停用",
    text: `${lines.join("\n")}\n`,
  });
}
