// Use cases of attestations: the reviewer uploads evidence files to a pending application, then confirms an
// "attested" rule of a star with a note and the files; the stars are evaluated again over the application's
// evidence with the confirmation in it, so the award that follows can pass that star.
import { evidenceTypes, maxEvidenceBytes } from "#core/assessments/assessment";
import { auditEntry } from "#core/kernel/audit";
import { auditSource, type RequestContext } from "#core/kernel/context";
import { errors, problem } from "#core/kernel/errors";
import type { BlobStore, Clock, IdGenerator } from "#core/kernel/ports";
import { personOf, requireTenantAccess } from "#core/kernel/principal";
import { savedDespite } from "#core/kernel/record-files";
import { parseOrThrow } from "#core/kernel/validation";
import type { StarApplicationRepository, StarSchemeRepository } from "#core/stars/ports";
import type { StarApplication } from "#core/stars/star-application";
import { evaluateScheme } from "#core/stars/star-application-service";
import { AttestSchema, FileNameQuerySchema, type StarApplicationFile } from "#core/stars/star-attestation";
import { attestationKey } from "#core/stars/star-evidence";
import { loadApplication, reviewable } from "#core/stars/star-review";

export interface StarAttestationServiceDeps {
  readonly starApplications: StarApplicationRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Where an application's evidence file is stored: a key per upload, never overwritten. */
export const applicationFileKey = (applicationId: string, fileId: string) => `star-applications/${applicationId}/files/${fileId}`;

export type StarAttestationService = ReturnType<typeof createStarAttestationService>;

export function createStarAttestationService(deps: StarAttestationServiceDeps) {
  const { starApplications, blobs, clock, ids } = deps;

  return {
    /** Stores an evidence file for the reviewer's attestations (up to 20 MiB, a photo or PDF). */
    async uploadFile(
      ctx: RequestContext,
      id: string,
      query: unknown,
      contentType: string | undefined,
      body: AsyncIterable<Uint8Array> | Uint8Array,
    ): Promise<StarApplicationFile> {
      const { fileName } = parseOrThrow(FileNameQuerySchema, query);
      const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
      const known = evidenceTypes.find((t) => t === type);
      if (!known) {
        throw errors.unprocessable([
          problem(
            "content-type",
            "unsupported_file_type",
            `文件类型应为 ${evidenceTypes.join("、")} 之一`,
            `The file must be one of ${evidenceTypes.join(", ")}`,
          ),
        ]);
      }
      const { principal } = await reviewable(starApplications, ctx, id, undefined);
      const tenantId = principal.tenantId;
      const fileId = ids.next();
      const key = applicationFileKey(id, fileId);
      const stored = await blobs.put(tenantId, key, body, known, maxEvidenceBytes);
      if (stored.bytes === 0) {
        await blobs.delete(tenantId, key).catch(() => undefined);
        throw errors.unprocessable([problem("body", "empty_file", "文件为空", "The file is empty")]);
      }
      const file: StarApplicationFile = {
        id: fileId,
        applicationId: id,
        fileName,
        contentType: known,
        bytes: stored.bytes,
        sha256: stored.sha256,
        uploadedBy: personOf(principal),
        uploadedAt: clock.now().toISOString(),
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "star-application.file",
        { type: "star-application", id },
        { file: { from: null, to: { id: fileId, fileName, bytes: stored.bytes, sha256: stored.sha256 } } },
      );
      try {
        await starApplications.addFile(tenantId, file, { audit });
      } catch (error) {
        // A save whose answer was lost may have been applied: the record is read again before the file is deleted.
        const applied = await savedDespite(error, {
          applied: async () => (await starApplications.file(tenantId, id, fileId)) !== undefined,
          discard: () => blobs.delete(tenantId, key),
        });
        if (!applied) throw error;
      }
      return file;
    },

    async file(ctx: RequestContext, id: string, fileId: string): Promise<{ file: StarApplicationFile; body: AsyncIterable<Uint8Array> }> {
      const principal = requireTenantAccess(ctx.principal, "stars", "read");
      await loadApplication(starApplications, principal.tenantId, id);
      const file = await starApplications.file(principal.tenantId, id, fileId);
      const body = file ? await blobs.get(principal.tenantId, applicationFileKey(id, fileId)) : undefined;
      if (!file || !body) throw errors.notFound("star application file", fileId);
      return { file, body };
    },

    /** Confirms an attested rule with a note and files; the stars are evaluated again with it. */
    async attest(ctx: RequestContext, id: string, raw: unknown, expectedVersion?: number): Promise<StarApplication> {
      const input = parseOrThrow(AttestSchema, raw);
      const { principal, current } = await reviewable(starApplications, ctx, id, expectedVersion);
      const tenantId = principal.tenantId;
      const version = await deps.starSchemes.version(tenantId, current.scheme.id, current.scheme.version);
      if (!version) throw new Error(`star scheme ${current.scheme.id} lacks its version ${current.scheme.version}`);
      const star = version.definition.stars.find((s) => s.id === input.starId);
      if (!star)
        throw errors.unprocessable([
          problem("starId", "unknown_star", `方案中没有星 ${input.starId}`, `The scheme has no star ${input.starId}`),
        ]);
      if (star.rules[input.rule]?.type !== "attested") {
        throw errors.unprocessable([
          problem(
            "rule",
            "rule_not_attested",
            `${star.name?.zh ?? star.id}的第 ${input.rule + 1} 条规则不是人工确认规则`,
            `Rule ${input.rule} of ${star.name?.en ?? star.id} is not an attested rule`,
          ),
        ]);
      }
      const files = await Promise.all(input.files.map((fileId) => starApplications.file(tenantId, id, fileId)));
      const missing = input.files.flatMap((fileId, i) =>
        files[i] ? [] : [problem(`files.${i}`, "unknown_file", `本申请没有文件 ${fileId}`, `The application has no file ${fileId}`)],
      );
      if (missing.length > 0) throw errors.unprocessable(missing);
      const at = clock.now().toISOString();
      const by = personOf(principal);
      const key = attestationKey(star.id, input.rule);
      const attestation = {
        by,
        at,
        note: input.note,
        files: files.flatMap((f) => (f ? [{ id: f.id, fileName: f.fileName, sha256: f.sha256 }] : [])),
      };
      const previous = current.evaluation.evidence.attestations[key] ?? null;
      const evidence = {
        ...current.evaluation.evidence,
        attestations: { ...current.evaluation.evidence.attestations, [key]: attestation },
      };
      const after: StarApplication = {
        ...current,
        evaluation: evaluateScheme(version.definition, evidence, current.evaluation.at),
        updatedAt: at,
        version: current.version + 1,
      };
      const audit = auditEntry(
        auditSource(ctx, clock, ids),
        "star-application.attest",
        { type: "star-application", id },
        { [`attestations.${key}`]: { from: previous, to: attestation } },
      );
      await starApplications.save(tenantId, { before: current, after }, { audit });
      return after;
    },
  };
}
