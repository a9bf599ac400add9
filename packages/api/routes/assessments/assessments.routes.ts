// /v1/assessments: open an assessment against a pinned rubric version, record answers, attach evidence, submit,
// verify or return it, list and read it with the server-computed breakdown; a unit's scores
// (/v1/enterprises/{id}/scores) and a town's summary (/v1/towns/{id}/assessment-summary).

import { createRoute, z } from "@hono/zod-openapi";
import { UploadSchema, uploadOf } from "#api/direct-upload";
import { payloadTooLarge } from "#api/error-handler";
import { created, idempotencyClaim, ifMatch, optionalJson, pageBody, versioned } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  json,
  PageQuerySchema,
  pageOf,
  security,
} from "#api/openapi";
import { fileBody } from "#api/request-body";
import { newRouter, requestContext } from "#api/router";
import {
  AddEvidenceSchema,
  AssessmentFilterSchema,
  AssessmentIdSchema,
  AssessmentSchema,
  AssessmentSummarySchema,
  AssessmentWithResultSchema,
  CreateAssessmentSchema,
  EvidenceSchema,
  maxEvidenceBytes,
  ReturnAssessmentSchema,
  TransitionNoteSchema,
  UpdateAssessmentSchema,
} from "#core/assessments/assessment";
import type { AssessmentService } from "#core/assessments/assessment-service";

const tags = ["Assessments 督导检查"];
const Out = AssessmentWithResultSchema;
const IdParam = z.object({ id: AssessmentIdSchema.meta({ param: { name: "id", in: "path" } }) });
const EvidenceParams = IdParam.extend({ evidenceId: AssessmentIdSchema.meta({ param: { name: "evidenceId", in: "path" } }) });
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 415, 422);
const noteBody = { required: false, content: { "application/json": { schema: TransitionNoteSchema } } };

const transition = (
  path: string,
  summary: string,
  body: typeof noteBody | { required: true; content: { "application/json": { schema: typeof ReturnAssessmentSchema } } },
) =>
  createRoute({
    method: "post",
    path,
    tags,
    summary,
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema, body },
    responses: { 200: json(Out, "The assessment after the transition"), ...writeErrors },
  });

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/assessments",
    tags,
    summary: "Open an assessment of an enterprise (or a town, for a town rubric) against a published rubric version",
    description:
      "Town rubrics come with suggestions from the tenant's records for the criteria they can answer (coverage and 采集率 from the " +
      "register, 达标率 from the units' verified assessments against rubrics with a passScore). " +
      "Stages follow the Shishi order (self-check → assistance → verification → review → summary): a stage behind that of the " +
      "target's assessment against the rubric verified last is 409 illegal_transition naming the allowed stages.",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: CreateAssessmentSchema } } },
    },
    responses: { 201: json(Out, "Opened as a draft"), ...writeErrors },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/assessments",
    tags,
    summary: "List assessments, newest assessment date first, by stage, status, town, rubric, unit, score range and dates",
    security,
    request: { query: PageQuerySchema.extend(AssessmentFilterSchema.shape) },
    responses: {
      200: json(pageOf(AssessmentSummarySchema, "AssessmentPage"), "A page of assessments"),
      ...errorResponses(400, ...authErrors),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/assessments/{id}",
    tags,
    summary: "An assessment with its breakdown: criterion, item, section and total scores, each deduction with its reason",
    security,
    request: { params: IdParam },
    responses: { 200: json(Out, "The assessment"), ...errorResponses(400, ...authErrors, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/v1/assessments/{id}",
    tags,
    summary: "Record answers (the rule's input, 扣分原因, evidence) or change details of a draft or returned assessment",
    description: "Clients never send scores: the server computes them. A deduction without a reason is 422.",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: UpdateAssessmentSchema } } },
    },
    responses: { 200: json(Out, "The assessment after the change"), ...writeErrors },
  }),
  discard: createRoute({
    method: "delete",
    path: "/v1/assessments/{id}",
    tags,
    summary: "Discard a draft opened by mistake (never submitted); submitted assessments are kept",
    security,
    request: { params: IdParam, headers: IfMatchHeaderSchema },
    responses: { 204: { description: "Discarded" }, ...errorResponses(400, ...authErrors, 404, 409, 412) },
  }),
  submit: transition("/v1/assessments/{id}/submit", "Submit: every criterion answered, evidence uploaded; read-only from now on", noteBody),
  verify: transition(
    "/v1/assessments/{id}/verify",
    "Verify a submitted assessment (someone other than its submitter; 409 if the target was since verified at a later stage: return it)",
    noteBody,
  ),
  return: transition(
    "/v1/assessments/{id}/return",
    "Return a submitted assessment to assistance (帮扶) when verification or review disagrees",
    {
      required: true,
      content: { "application/json": { schema: ReturnAssessmentSchema } },
    },
  ),
  suggestions: transition(
    "/v1/assessments/{id}/suggestions",
    "Recompute a town assessment's suggestions from the register as it is now",
    noteBody,
  ),
  findings: createRoute({
    method: "get",
    path: "/v1/assessments/{id}/findings",
    tags,
    summary: "The failed criteria with reasons and evidence: what hazards are made of",
    security,
    request: { params: IdParam },
    responses: {
      200: json(
        z.object({
          assessment: AssessmentSchema,
          findings: z.array(
            z.object({
              criterionId: z.string(),
              sectionTitle: z.string(),
              itemTitle: z.string(),
              criterionTitle: z.string(),
              deduction: z.string().nullable(),
              reason: z.string().nullable(),
              evidence: z.array(z.string()),
            }),
          ),
        }),
        "Findings",
      ),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  addEvidence: createRoute({
    method: "post",
    path: "/v1/assessments/{id}/evidence",
    tags,
    summary: "Register an evidence photo or file, then send its bytes as `upload` says",
    description:
      "`upload.method` PUT: send the bytes to the API (`upload.url`). POST: a form straight to storage (1 byte to 20 MiB), then " +
      "POST /v1/assessments/{id}/evidence/{evidenceId}/attach (submitting the assessment also attaches what was uploaded).",
    security,
    request: { params: IdParam, body: { required: true, content: { "application/json": { schema: AddEvidenceSchema } } } },
    responses: {
      201: json(
        z.object({
          evidence: EvidenceSchema,
          upload: UploadSchema,
        }),
        "Registered; upload the file next",
      ),
      ...writeErrors,
    },
  }),
  // The one non-JSON body under /v1/assessments: the file, streamed by the route.
  uploadEvidence: fileBody(
    createRoute({
      method: "put",
      path: "/v1/assessments/{id}/evidence/{evidenceId}/file",
      tags,
      summary: "Upload an evidence file's bytes through the API (up to 20 MiB), with its registered content type",
      description:
        "Replaces the stored file only once the new one is stored whole; a refused upload leaves file and record as they were. " +
        "The answer's `sha256` is the stored file's; a download can be checked against it.",
      security,
      request: {
        headers: IfMatchHeaderSchema,
        params: EvidenceParams,
        body: { required: true, content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      },
      responses: { 200: json(EvidenceSchema, "Stored"), ...errorResponses(400, ...authErrors, 404, 409, 412, 413, 422) },
    }),
    maxEvidenceBytes,
  ),
  attachEvidence: createRoute({
    method: "post",
    path: "/v1/assessments/{id}/evidence/{evidenceId}/attach",
    tags,
    summary: "Keep the evidence file sent straight to storage (the POST form of `upload`): checked, then stored with the record",
    security,
    request: { headers: IfMatchHeaderSchema, params: EvidenceParams },
    responses: { 200: json(EvidenceSchema, "Stored"), ...errorResponses(400, ...authErrors, 404, 409, 412, 413, 422) },
  }),
  evidenceFile: createRoute({
    method: "get",
    path: "/v1/assessments/{id}/evidence/{evidenceId}/file",
    tags,
    summary: "Download an evidence file",
    security,
    request: { params: EvidenceParams },
    responses: {
      200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
};

export function assessmentRoutes(assessments: AssessmentService) {
  return newRouter()
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      const outcome = await assessments.create(requestContext(c), body, idempotencyClaim(c, body));
      return c.json(created(c, "/v1/assessments", outcome), 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      return c.json(pageBody(await assessments.list(requestContext(c), filter, { limit, cursor })), 200);
    })
    .openapi(routes.get, async (c) => versioned(c, await assessments.get(requestContext(c), c.req.valid("param").id)))
    .openapi(routes.update, async (c) =>
      versioned(c, await assessments.update(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
    )
    .openapi(routes.discard, async (c) => {
      await assessments.discard(requestContext(c), c.req.valid("param").id, ifMatch(c));
      return c.body(null, 204);
    })
    .openapi(routes.submit, async (c) =>
      versioned(c, await assessments.submit(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.verify, async (c) =>
      versioned(c, await assessments.verify(requestContext(c), c.req.valid("param").id, await optionalJson(c), ifMatch(c))),
    )
    .openapi(routes.return, async (c) =>
      versioned(c, await assessments.return(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
    )
    .openapi(routes.suggestions, async (c) =>
      versioned(c, await assessments.refreshSuggestions(requestContext(c), c.req.valid("param").id, ifMatch(c))),
    )
    .openapi(routes.findings, async (c) => c.json(await assessments.findings(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.addEvidence, async (c) => {
      const { id } = c.req.valid("param");
      const { evidence, upload } = await assessments.addEvidence(requestContext(c), id, c.req.valid("json"));
      const url = `${new URL(c.req.url).origin}/v1/assessments/${id}/evidence/${evidence.id}/file`;
      return c.json({ evidence, upload: uploadOf(upload, url, evidence.contentType) }, 201);
    })
    .openapi(routes.uploadEvidence, async (c) => {
      const { id, evidenceId } = c.req.valid("param");
      if (Number(c.req.header("content-length") ?? "0") > maxEvidenceBytes) throw payloadTooLarge();
      const body = c.req.raw.body ?? new Uint8Array();
      const stored = await assessments.uploadEvidence(requestContext(c), id, evidenceId, c.req.header("content-type"), body, ifMatch(c));
      return c.json(stored, 200);
    })
    .openapi(routes.attachEvidence, async (c) => {
      const { id, evidenceId } = c.req.valid("param");
      return c.json(await assessments.attachUpload(requestContext(c), id, evidenceId, ifMatch(c)), 200);
    })
    .openapi(routes.evidenceFile, async (c) => {
      const { id, evidenceId } = c.req.valid("param");
      const { evidence, body } = await assessments.evidenceFile(requestContext(c), id, evidenceId);
      const stream = ReadableStream.from(body);
      return c.body(stream, 200, {
        "Content-Type": evidence.contentType,
        // RFC 9530: the stored file's digest, so a client can check what it received.
        ...(evidence.sha256 ? { "Repr-Digest": `sha-256=:${Buffer.from(evidence.sha256, "hex").toString("base64")}:` } : {}),
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(evidence.fileName)}`,
      });
    });
}
