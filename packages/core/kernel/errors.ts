// Typed domain errors. Domain code throws these; the API maps them to HTTP in one place (api/error-handler.ts).
// Every error carries its message in Chinese and English so the caller's Accept-Language can choose.

export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/** One problem with one field of the input; `path` is the dotted field path (`reportRecipients.0`). */
export interface FieldProblem {
  readonly path: string;
  readonly code: string;
  readonly message: LocalizedText;
}

export type ErrorKind =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "precondition_failed"
  | "unprocessable"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable";

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly text: LocalizedText;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly problems: readonly FieldProblem[];

  constructor(
    kind: ErrorKind,
    code: string,
    text: LocalizedText,
    options: { details?: Record<string, unknown>; problems?: readonly FieldProblem[] } = {},
  ) {
    super(text.en);
    this.name = "DomainError";
    this.kind = kind;
    this.code = code;
    this.text = text;
    this.details = options.details;
    this.problems = options.problems ?? [];
  }
}

export const errors = {
  validation(problems: readonly FieldProblem[]): DomainError {
    return new DomainError(
      "bad_request",
      "validation_failed",
      { zh: "请求参数校验失败", en: "The request did not pass validation" },
      { problems },
    );
  },
  badRequest(code: string, text: LocalizedText, details?: Record<string, unknown>): DomainError {
    return new DomainError("bad_request", code, text, details ? { details } : {});
  },
  unauthenticated(code: string, text: LocalizedText): DomainError {
    return new DomainError("unauthenticated", code, text);
  },
  forbidden(code: string, text: LocalizedText, details?: Record<string, unknown>): DomainError {
    return new DomainError("forbidden", code, text, details ? { details } : {});
  },
  notFound(entity: EntityName, id: string): DomainError {
    return new DomainError(
      "not_found",
      "not_found",
      { zh: `未找到${entityNames[entity].zh}：${id}`, en: `${entityNames[entity].en} not found: ${id}` },
      { details: { entity, id } },
    );
  },
  conflict(code: string, text: LocalizedText, details?: Record<string, unknown>): DomainError {
    return new DomainError("conflict", code, text, details ? { details } : {});
  },
  /** 410: what the request names existed once and is no longer kept (`code` says what to do instead). */
  gone(code: string, text: LocalizedText, details?: Record<string, unknown>): DomainError {
    return new DomainError("gone", code, text, details ? { details } : {});
  },
  /**
   * 409 `illegal_transition`: `action` is not allowed in the entity's current state; details name the state (under
   * `stateField`: an assessment's `status`, a hazard's `state`) and the allowed actions.
   */
  illegalTransition(entity: LocalizedText, stateField: string, state: string, action: string, allowed: readonly string[]): DomainError {
    return errors.conflict(
      "illegal_transition",
      {
        zh: `${entity.zh}当前状态为 ${state}，不能 ${action}；允许的操作：${allowed.join("、") || "无"}`,
        en: `The ${entity.en} is ${state}; it cannot ${action}. Allowed: ${allowed.join(", ") || "none"}`,
      },
      { [stateField]: state, allowed },
    );
  },
  stale(entity: string, id: string, expected: number, actual: number | undefined): DomainError {
    return new DomainError(
      "precondition_failed",
      "version_mismatch",
      {
        zh: "数据已被他人修改，请重新获取后再提交",
        en: "The resource was changed by someone else; fetch it again and retry",
      },
      { details: { entity, id, expectedVersion: expected, currentVersion: actual ?? null } },
    );
  },
  unprocessable(problems: readonly FieldProblem[]): DomainError {
    return new DomainError(
      "unprocessable",
      "rule_violation",
      { zh: "请求内容不符合业务规则", en: "The request breaks a business rule" },
      { problems },
    );
  },
  /** 413 `file_too_large`: a stored file would exceed `maxBytes`. */
  fileTooLarge(maxBytes: number): DomainError {
    const mib = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
    return new DomainError(
      "payload_too_large",
      "file_too_large",
      { zh: `文件超过 ${mib} MiB`, en: `The file exceeds ${mib} MiB` },
      { details: { maxBytes } },
    );
  },
  /** 409 `file_replaced`: a read pinned to a stored file (BlobStore.get's `ifMatch`) found another file under its key. */
  fileReplaced(): DomainError {
    return errors.conflict("file_replaced", {
      zh: "文件已被替换，与所记录的文件不同",
      en: "The file was replaced; it is not the one on record",
    });
  },
  /**
   * 409 `concurrent_update`: a change sent without If-Match kept losing to changes made at the same moment, so
   * it was not applied; fetch the resource and send the change again (with If-Match to be sure what it changes).
   */
  concurrentUpdate(entity: string, id: string): DomainError {
    return new DomainError(
      "conflict",
      "concurrent_update",
      {
        zh: "该数据正被他人同时修改，本次修改未保存；请重新获取后再提交",
        en: "Others were changing this at the same moment and the change was not saved; fetch it and send the change again",
      },
      { details: { entity, id } },
    );
  },
  /**
   * 503 `storage_busy`: storage was throttled, timed out or out of reach (after its own retries); the change is all
   * or nothing, so send it again (with the same Idempotency-Key) after `retryAfterSeconds`.
   */
  unavailable(retryAfterSeconds: number, reason: string): DomainError {
    return new DomainError(
      "unavailable",
      "storage_busy",
      {
        zh: `存储繁忙，请 ${retryAfterSeconds} 秒后重试（同一 Idempotency-Key 可安全重发）`,
        en: `Storage is busy; retry in ${retryAfterSeconds} s (resending with the same Idempotency-Key is safe)`,
      },
      { details: { retryAfterSeconds, reason } },
    );
  },
  rateLimited(retryAfterSeconds: number): DomainError {
    return new DomainError(
      "rate_limited",
      "rate_limited",
      { zh: `请求过于频繁，请 ${retryAfterSeconds} 秒后重试`, en: `Too many requests; retry in ${retryAfterSeconds} s` },
      { details: { retryAfterSeconds } },
    );
  },
} as const;

/** Every entity a not-found error can name, in Chinese and English (`details.entity` keeps the key). */
const entityNames = {
  tenant: { zh: "租户", en: "Tenant" },
  "api-key": { zh: "API 密钥", en: "API key" },
  route: { zh: "接口", en: "Route" },
  enterprise: { zh: "单位", en: "Enterprise" },
  town: { zh: "镇（街道）", en: "Town" },
  grid: { zh: "网格", en: "Grid" },
  settings: { zh: "租户设置", en: "Settings" },
  placard: { zh: "公示牌", en: "Placard" },
  import: { zh: "导入任务", en: "Import" },
  snapshot: { zh: "周快照", en: "Weekly snapshot" },
  rubric: { zh: "评分细则", en: "Rubric" },
  "rubric version": { zh: "评分细则版本", en: "Rubric version" },
  "library rubric": { zh: "细则库中的评分细则", en: "Library rubric" },
  assessment: { zh: "评估", en: "Assessment" },
  evidence: { zh: "证据", en: "Evidence" },
  "evidence file": { zh: "证据文件", en: "Evidence file" },
  hazard: { zh: "隐患", en: "Hazard" },
  "key hazard list": { zh: "重点隐患清单", en: "Key hazard list" },
  "joint tackling item": { zh: "联合攻坚事项", en: "Joint tackling item" },
  "coordination request": { zh: "提请协调事项", en: "Coordination request" },
  "star scheme": { zh: "星级评定方案", en: "Star scheme" },
  "star scheme version": { zh: "星级评定方案版本", en: "Star scheme version" },
  "library star scheme": { zh: "方案库中的星级评定方案", en: "Library star scheme" },
  "star application": { zh: "星级评定申请", en: "Star application" },
  "star award": { zh: "所授星级", en: "Star award" },
  "sham flag": { zh: "纸上标准化标记", en: "Sham standardization mark" },
  "star application file": { zh: "星级评定申请文件", en: "Star application file" },
  "benchmark enterprise": { zh: "标杆企业认定", en: "Benchmark enterprise" },
  "monthly report": { zh: "月度报告", en: "Monthly report" },
  "report file": { zh: "报告文件", en: "Report file" },
  export: { zh: "导出任务", en: "Export" },
  "webhook endpoint": { zh: "事件推送地址", en: "Webhook endpoint" },
  "webhook delivery": { zh: "事件推送记录", en: "Webhook delivery" },
  campaign: { zh: "专项行动", en: "Campaign" },
  "expert visit": { zh: "专家服务记录", en: "Expert visit" },
  "campaign sample": { zh: "验收抽查", en: "Verification sample" },
  "review grant": { zh: "复核授权", en: "Review grant" },
  "department member": { zh: "部门成员", en: "Department member" },
} as const satisfies Record<string, LocalizedText>;

export type EntityName = keyof typeof entityNames;

/** Every entity name (for tests that check each has both languages). */
export const entityNamesInUse: readonly EntityName[] = Object.keys(entityNames) as EntityName[];

/** The If-Match check every change shares: stale (412) when a version was asked for and is not the stored one. */
export function requireVersion(entity: string, id: string, expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) throw errors.stale(entity, id, expected, actual);
}

/** A single field problem, for use cases that check one rule. */
export function problem(path: string, code: string, zh: string, en: string): FieldProblem {
  return { path, code, message: { zh, en } };
}
