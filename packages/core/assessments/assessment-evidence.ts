// Evidence files of an assessment (photos, PDFs): registered first, then their bytes sent to the API or straight
// to storage (a form S3 limits itself) and attached. Every upload is stored under a key of its own and the record
// switched to it by one versioned save, so a refused upload changes nothing and racing uploads never mix.
import {
  AddEvidenceSchema,
  type Assessment,
  type Evidence,
  evidenceBlobKey,
  evidenceUploadKey,
  maxEvidenceBytes,
} from "#core/assessments/assessment";
import type { AssessmentRecords } from "#core/assessments/assessment-records";
import { criteriaOf } from "#core/assessments/rubric";
import { withoutPrecondition } from "#core/kernel/concurrency";
import type { RequestContext } from "#core/kernel/context";
import { DomainError, errors, problem, requireVersion } from "#core/kernel/errors";
import type { BlobStore, Clock, DirectUpload, IdGenerator, StoredBlob } from "#core/kernel/ports";
import { actorOf, requireTenantAccess, type TenantPrincipal } from "#core/kernel/principal";
import { savedDespite } from "#core/kernel/record-files";
import { parseOrThrow } from "#core/kernel/validation";

const uploadFormSeconds = 900;

const emptyFile = (path: string) => errors.unprocessable([problem(path, "empty_file", "文件为空", "The file is empty")]);

/** Where an evidence record's stored file is, if it has one. */
function storedKey(assessmentId: string, e: Evidence): string | undefined {
  return e.bytes === null ? undefined : evidenceBlobKey(assessmentId, e.id, e.fileRevision ?? null);
}

/** A direct upload copied to a key of the API's own: what it becomes, before any record names it. */
export interface KeptUpload {
  readonly evidence: Evidence;
  readonly revision: string;
  readonly key: string;
  readonly stored: StoredBlob;
}

export interface AssessmentEvidenceDeps {
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export function assessmentEvidence(deps: AssessmentEvidenceDeps, records: AssessmentRecords) {
  const { blobs, clock, ids } = deps;
  const { load, pinned, allow, save } = records;

  /** The evidence record of a draft (or returned) assessment, to which a file may be uploaded. */
  function editableEvidence(a: Assessment, evidenceId: string): Evidence {
    allow(a, "edit");
    const evidence = a.evidence.find((e) => e.id === evidenceId);
    if (!evidence) throw errors.notFound("evidence", evidenceId);
    return evidence;
  }

  /**
   * Copies what was uploaded straight to storage for `pending` into keys of the API's own, refusing empty files
   * (storage's form already refused oversized ones, and `put` checks again): by evidence id, with the record each
   * becomes. Evidence with nothing uploaded is left out.
   */
  async function keepDirectUploads(tenantId: string, id: string, pending: readonly Evidence[]): Promise<Map<string, KeptUpload>> {
    const kept = new Map<string, KeptUpload>();
    try {
      for (const e of pending) {
        const uploaded = await blobs.get(tenantId, evidenceUploadKey(id, e.id));
        if (!uploaded) continue;
        const revision = ids.next();
        const key = evidenceBlobKey(id, e.id, revision);
        const stored = await blobs.put(tenantId, key, uploaded, e.contentType, maxEvidenceBytes);
        kept.set(e.id, { evidence: { ...e, bytes: stored.bytes, sha256: stored.sha256, fileRevision: revision }, revision, key, stored });
        if (stored.bytes === 0) throw emptyFile(`evidence.${e.id}`);
      }
    } catch (error) {
      await Promise.all([...kept.values()].map((k) => blobs.delete(tenantId, k.key).catch(() => undefined)));
      throw error;
    }
    return kept;
  }

  /**
   * Switches evidence `evidenceId` to the file just stored under `upload.key`, by a versioned save (worked out
   * again on the fresh assessment when a concurrent change wins, unless If-Match was sent), then deletes the file
   * it replaced. Refused: the new file is deleted and the stored file and record stay as they were. Failed
   * otherwise (the save's answer lost): the record is read again, and when it names the new file the upload stands.
   */
  async function attach(
    ctx: RequestContext,
    principal: TenantPrincipal,
    id: string,
    evidenceId: string,
    upload: { revision: string; key: string; stored: StoredBlob },
    expectedVersion: number | undefined,
  ): Promise<Evidence> {
    // The file the last save tried would replace: deleted once the record names the new one.
    let replaced: string | undefined;
    const done = async (updated: Evidence) => {
      if (replaced) await blobs.delete(principal.tenantId, replaced).catch(() => undefined);
      return updated;
    };
    try {
      if (upload.stored.bytes === 0) throw emptyFile("body");
      const updated = await withoutPrecondition(expectedVersion, async () => {
        const current = await load(principal.tenantId, id);
        requireVersion("assessment", id, expectedVersion, current.version);
        const evidence = editableEvidence(current, evidenceId);
        const updated: Evidence = { ...evidence, bytes: upload.stored.bytes, sha256: upload.stored.sha256, fileRevision: upload.revision };
        const next: Assessment = {
          ...current,
          evidence: current.evidence.map((e) => (e.id === evidenceId ? updated : e)),
          updatedAt: clock.now().toISOString(),
          version: current.version + 1,
        };
        replaced = storedKey(id, evidence);
        await save(ctx, principal, await pinned(principal.tenantId, current), current, next, "evidence-upload");
        return updated;
      });
      return await done(updated);
    } catch (error) {
      // A save whose answer was lost may have been applied: the record is read again before the file is deleted.
      let named: Evidence | undefined;
      const applied = await savedDespite(error, {
        applied: async () => {
          named = (await load(principal.tenantId, id)).evidence.find((e) => e.id === evidenceId && e.fileRevision === upload.revision);
          return named !== undefined;
        },
        discard: () => blobs.delete(principal.tenantId, upload.key),
      });
      if (applied && named) return done(named);
      throw error;
    }
  }

  return {
    /** For submitting: files sent straight to storage are kept before the assessment becomes read-only. */
    keepDirectUploads,
    useCases: {
      /** Registers an evidence file; the client uploads it next (PUT …/file, or the storage form when there is one). */
      async addEvidence(ctx: RequestContext, id: string, raw: unknown): Promise<{ evidence: Evidence; upload: DirectUpload | undefined }> {
        const principal = requireTenantAccess(ctx.principal, "assessments", "write");
        const input = parseOrThrow(AddEvidenceSchema, raw);
        const current = await load(principal.tenantId, id);
        allow(current, "edit");
        const rubric = await pinned(principal.tenantId, current);
        if (input.criterionId !== null && !criteriaOf(rubric.definition).some((c) => c.criterion.id === input.criterionId)) {
          throw errors.unprocessable([
            problem(
              "criterionId",
              "unknown_criterion",
              `细则 ${input.criterionId} 不在该评分细则中`,
              `Criterion ${input.criterionId} is not in the rubric`,
            ),
          ]);
        }
        if (current.evidence.length >= 200) {
          throw errors.unprocessable([
            problem("evidence", "too_many_evidence", "每份评估最多 200 个证据文件", "At most 200 evidence files per assessment"),
          ]);
        }
        const now = clock.now().toISOString();
        const evidence: Evidence = {
          ...input,
          id: ids.next(),
          bytes: null,
          sha256: null,
          fileRevision: null,
          addedBy: actorOf(principal).id,
          addedAt: now,
        };
        const next: Assessment = { ...current, evidence: [...current.evidence, evidence], updatedAt: now, version: current.version + 1 };
        await save(ctx, principal, rubric, current, next, "evidence");
        return {
          evidence,
          upload: await blobs.uploadForm(
            principal.tenantId,
            evidenceUploadKey(id, evidence.id),
            evidence.contentType,
            uploadFormSeconds,
            maxEvidenceBytes,
          ),
        };
      },

      /**
       * Stores an evidence file's bytes sent to the API (in AWS large files may go straight to storage instead, then
       * `attach`). A refused upload changes nothing; of uploads at once, each is kept in turn and the last one stays.
       */
      async uploadEvidence(
        ctx: RequestContext,
        id: string,
        evidenceId: string,
        contentType: string | undefined,
        body: AsyncIterable<Uint8Array> | Uint8Array,
        expectedVersion?: number,
      ): Promise<Evidence> {
        const principal = requireTenantAccess(ctx.principal, "assessments", "write");
        const current = await load(principal.tenantId, id);
        requireVersion("assessment", id, expectedVersion, current.version);
        const evidence = editableEvidence(current, evidenceId);
        if ((contentType ?? "").split(";")[0]?.trim().toLowerCase() !== evidence.contentType) {
          throw errors.unprocessable([
            problem(
              "content-type",
              "content_type_mismatch",
              `文件类型应为 ${evidence.contentType}`,
              `The file must be sent as ${evidence.contentType}`,
            ),
          ]);
        }
        const revision = ids.next();
        const key = evidenceBlobKey(id, evidenceId, revision);
        const stored = await blobs.put(principal.tenantId, key, body, evidence.contentType, maxEvidenceBytes).catch(async (error) => {
          // A put that failed may have stored the file whole (its answer lost): nothing names this fresh key, so it goes.
          if (!(error instanceof DomainError)) await blobs.delete(principal.tenantId, key).catch(() => undefined);
          throw error;
        });
        return attach(ctx, principal, id, evidenceId, { revision, key, stored }, expectedVersion);
      },

      /** Keeps the file uploaded straight to storage (the form `upload` of POST …/evidence): checked, then attached. */
      async attachUpload(ctx: RequestContext, id: string, evidenceId: string, expectedVersion?: number): Promise<Evidence> {
        const principal = requireTenantAccess(ctx.principal, "assessments", "write");
        const current = await load(principal.tenantId, id);
        requireVersion("assessment", id, expectedVersion, current.version);
        const kept = await keepDirectUploads(principal.tenantId, id, [editableEvidence(current, evidenceId)]);
        const upload = kept.get(evidenceId);
        if (!upload) {
          throw errors.conflict("file_not_uploaded", {
            zh: "尚未向存储上传该证据文件",
            en: "The evidence file has not been uploaded to storage yet",
          });
        }
        const attached = await attach(ctx, principal, id, evidenceId, upload, expectedVersion);
        await blobs.delete(principal.tenantId, evidenceUploadKey(id, evidenceId)).catch(() => undefined);
        return attached;
      },

      async evidenceFile(
        ctx: RequestContext,
        id: string,
        evidenceId: string,
      ): Promise<{ evidence: Evidence; body: AsyncIterable<Uint8Array> }> {
        const principal = requireTenantAccess(ctx.principal, "assessments", "read");
        const current = await load(principal.tenantId, id);
        const evidence = current.evidence.find((e) => e.id === evidenceId);
        const key = evidence ? storedKey(id, evidence) : undefined;
        const body = key ? await blobs.get(principal.tenantId, key) : undefined;
        if (!evidence || !body) throw errors.notFound("evidence file", evidenceId);
        return { evidence, body };
      },
    },
  };
}
