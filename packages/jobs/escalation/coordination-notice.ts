// The mail to a coordination request's recipients (the leader in charge and whoever the city names with them):
// when the request is filed — what is asked, item by item — and when it is decided — the decision. One mail to
// every recipient with an address, its Message-ID fixed by the request and the event, so a redelivered message
// is the same mail; a failed send throws and the queue tries again.
import { chinaDate, chineseMonth } from "#core/kernel/china-time";
import { errors } from "#core/kernel/errors";
import type { JobDeps } from "#jobs/deps";
import { messageIdOf } from "#jobs/message-id";
import type { JobMessage, JobOutcome } from "#jobs/messages";

type NoticeMessage = Extract<JobMessage, { kind: "coordination-notice" }>;

const severityName = { major: "重大", general: "一般" } as const;

export function noticeMessageId(tenantId: string, requestId: string, event: string, mailFrom: string): string {
  return messageIdOf(`coordination.${requestId}.${event}.${tenantId}`, mailFrom);
}

export async function runCoordinationNotice(deps: JobDeps, message: NoticeMessage): Promise<JobOutcome> {
  const request = await deps.coordinationRequests.get(message.tenantId, message.requestId);
  if (!request) throw errors.notFound("coordination request", message.requestId);
  const to = request.leader.recipients.flatMap((r) => (r.email ? [r.email] : []));
  if (to.length === 0) {
    deps.logger.info("coordination notice: no recipient has an address", { ...message });
    return { done: true };
  }
  const city = (await deps.tenants.get(message.tenantId))?.name ?? message.tenantId;
  const month = chineseMonth(request.month);
  const items = request.items.map(
    (item, i) =>
      `${i + 1}. 【${severityName[item.severity]}】${item.district ? `${item.district} ` : ""}${item.enterpriseName}：${item.description}\n` +
      `   提请事项：${item.ask}${item.decision ? `\n   批示：${item.decision}` : ""}`,
  );
  const filed = message.event === "filed";
  const subject = filed
    ? `【提请协调】${city}${month}提请协调清单（${request.items.length}项）请${request.leader.role}批示`
    : `【已批示】${city}${month}提请协调清单`;
  const lines = [
    `${request.leader.role}：`,
    "",
    filed
      ? `${city}于${chinaDate(new Date(request.submittedAt))}提交${month}提请协调清单，共${request.items.length}项，请审阅批示。`
      : `${city}${month}提请协调清单已于${chinaDate(new Date(request.decision?.at ?? request.updatedAt))}批示。`,
    ...(request.summary ? ["", request.summary] : []),
    ...(!filed && request.decision ? ["", `批示：${request.decision.text}`] : []),
    "",
    ...items,
    "",
    filed ? "请登录安全生产监管平台，在“提请协调清单”中作出批示。" : "批示已记入平台，相关事项的承办情况见联合攻坚清单。",
    "",
    "本邮件由安全生产监管平台自动发送。",
  ];
  const receipt = await deps.mailer.send({
    messageId: noticeMessageId(message.tenantId, request.id, message.event, deps.mailFrom),
    from: deps.mailFrom,
    to,
    subject,
    text: `${lines.join("\n")}\n`,
  });
  deps.logger.info("coordination notice sent", { ...message, accepted: receipt.accepted.length, rejected: receipt.rejected.length });
  return { done: true };
}
