// The ports every domain shares: time and ids, pages, idempotency, the write context that goes with every
// change (its audit record), the audit trail, throttling and tenant files. Each domain keeps its own
// repositories' ports next to it (`<domain>/ports.ts`). Nothing here knows about AWS or HTTP.

import type { AuditEntry } from "#core/kernel/audit";
import type { RateDecision } from "#core/kernel/rate-limit";

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new unique id, sortable by creation time. */
  next(): string;
}

export interface PageRequest {
  readonly limit: number;
  /** Opaque, signed cursor from a previous page; bound to the tenant and the query. */
  readonly cursor?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * An idempotency key sent with a create (`Idempotency-Key`). It is stored in the same transaction as the
 * created item, with the request's fingerprint and the response, so a retry replays the first answer.
 */
export interface IdempotencyClaim {
  readonly key: string;
  readonly fingerprint: string;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotencyStore {
  get(tenantId: string, key: string): Promise<IdempotencyRecord | undefined>;
}

/**
 * One versioned change of a record, the shape every repository's `save` takes: a create when `before` is
 * undefined (conflict when the record exists), else a replacement that holds only while the stored record is
 * still at `before.version` (else `version_mismatch`). It is written with its audit record (WriteContext).
 */
export interface Change<T> {
  readonly before: T | undefined;
  readonly after: T;
}

/** What a create writes besides its item: the audit entry, and the idempotency record when a key was sent. */
export interface WriteContext {
  readonly audit: AuditEntry;
  readonly idempotency?: { readonly claim: IdempotencyClaim; readonly status: number; readonly body: unknown } | undefined;
}

/** Whose requests a bucket counts: a tenant's caller (or the tenant itself), or a platform operator. */
export type RateBucket = { readonly tenantId: string; readonly subject: string } | { readonly platform: true; readonly subject: string };

export interface RateLimiter {
  /**
   * Takes one request from the bucket (core/rate-limit.ts: `limitPerMinute` a minute, a sixth of it at once), or
   * `cells` at once (at most the burst): all or none.
   */
  hit(bucket: RateBucket, limitPerMinute: number, now: Date, cells?: number): Promise<RateDecision>;
}

export interface AuditLog {
  list(tenantId: string, page: PageRequest): Promise<Page<AuditEntry>>;
}

/**
 * Files of a tenant (uploaded imports, assessment evidence), under keys the store prefixes with the tenant:
 * a local folder in development, S3 in AWS (tenant-scoped credentials, prefix `tenants/<id>/`). Files under
 * `imports/` and `uploads/` are temporary (storage may drop them 30 days after upload); every other file is kept.
 *
 * One rule keeps files whole whatever runs at once: a stored file is never overwritten. Every write goes to a key
 * never used before (the caller puts a fresh revision id in it), the record that names the key is switched by a
 * versioned save afterwards, and the file it replaced is deleted only once the switch is saved. A refused or
 * losing write therefore leaves the stored file and its record as they were.
 */
export interface BlobStore {
  /**
   * Stores `body` under `key`, which must not hold a file yet. Nothing appears under `key` unless the whole body
   * was stored; a body over `maxBytes` is refused (`file_too_large`) and leaves nothing.
   */
  put(
    tenantId: string,
    key: string,
    body: Uint8Array | AsyncIterable<Uint8Array>,
    contentType: string,
    maxBytes: number,
  ): Promise<StoredBlob>;
  /**
   * Streams the file; undefined when there is none. With `ifMatch` (the `etag` its put answered) only that very
   * file is read: when another one has been stored under the key since, the read is refused (409 `file_replaced`)
   * before a byte of it is streamed.
   */
  get(tenantId: string, key: string, options?: { readonly ifMatch?: string }): Promise<AsyncIterable<Uint8Array> | undefined>;
  /** Removes the file, if any. */
  delete(tenantId: string, key: string): Promise<void>;
  /**
   * A form the client may POST the file to directly (large uploads bypass the API's body limit), which storage
   * itself limits to 1…`maxBytes` bytes of `contentType`; or undefined when this store has none (locally the
   * API's own PUT …/file route serves instead). Direct uploads land under `uploads/`: the API checks them and
   * copies them to a key of its own (`put`) before any record names them, so a second POST to the same form can
   * never change a file a record describes.
   */
  uploadForm(
    tenantId: string,
    key: string,
    contentType: string,
    expiresSeconds: number,
    maxBytes: number,
  ): Promise<DirectUpload | undefined>;
}

/** What was stored: its size and its SHA-256 (hex), which records keep so a download can be checked. */
export interface StoredBlob {
  readonly bytes: number;
  readonly sha256: string;
  /**
   * Storage's tag of this very file (S3's ETag; locally the file's identity on disk): a later read can be pinned
   * to it (`get`'s `ifMatch`), so that what is read is what was stored, not whatever is under the key by then.
   */
  readonly etag: string;
}

/** An HTML-form upload (S3 presigned POST): send `fields`, then the file as the last field `file`, to `url`. */
export interface DirectUpload {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** Whether a blob key names a temporary file (see BlobStore). */
export function isTemporaryBlob(key: string): boolean {
  return key.startsWith("imports/") || key.startsWith("uploads/");
}

/** A file carried by a mail: attached, or shown inline in the HTML part when it has a `cid` (a chart image). */
export interface MailAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
  /** Content-ID the HTML part refers to as `cid:<cid>`; absent for an ordinary attachment. */
  readonly cid?: string;
}

/** One mail: a plain-text part always, an HTML alternative and files when given. */
export interface MailMessage {
  /**
   * The Message-ID without angle brackets (`<local>@<domain>`), fixed by the sender: the same report sent twice
   * carries the same id, so a receiving system can tell a resend from a new mail.
   */
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly MailAttachment[];
}

/** What the transport answered for one mail: who it accepted, who it refused and why. */
export interface MailReceipt {
  readonly messageId: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly { readonly address: string; readonly reason: string }[];
  /** The transport's own words (an SMTP reply, where an outbox file went). */
  readonly response: string;
}

/**
 * Sends mail: Amazon SES in AWS global regions, an SMTP relay in AWS China regions, the local outbox of .eml
 * files. A transport failure throws; a recipient refused by the server is in `rejected`.
 */
export interface Mailer {
  send(message: MailMessage): Promise<MailReceipt>;
  /**
   * How many bytes of attachments (before base64, which adds a third) one mail may carry through this transport;
   * larger reports are mailed with download links instead. Default: `defaultAttachmentLimitBytes`.
   */
  readonly attachmentLimitBytes?: number;
}

/** 7 MiB: within SES's 40 MB a message and the 10 MB many government relays accept, once base64 has grown it. */
export const defaultAttachmentLimitBytes = 7 * 1024 * 1024;
