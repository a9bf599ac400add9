// /v1/imports: bring an official's Excel/CSV register in (one step for a file sent with the request, or open →
// upload → start for large files and direct-to-storage uploads), follow progress, read rejected and accepted rows.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { UploadSchema, uploadOf } from "#api/direct-upload";
import type { AppEnv } from "#api/env";
import { payloadTooLarge } from "#api/error-handler";
import { pageBody } from "#api/http";
import { authErrors, errorResponses, json, PageQuerySchema, pageOf, security } from "#api/openapi";
import { fileBody } from "#api/request-body";
import { newRouter, requestContext } from "#api/router";
import {
  finishedStatuses,
  ImportAcceptedRowSchema,
  ImportIdSchema,
  type ImportJob,
  ImportJobSchema,
  ImportRejectionSchema,
  importModes,
  maxImportBytes,
  StartImportSchema,
} from "#core/imports/import";
import type { ImportService } from "#core/imports/import-service";
import { errors } from "#core/kernel/errors";
import { detectFormat } from "#tabular/detect";

const tags = ["Import and export 导入导出"];
const Job = ImportJobSchema.meta({ id: "ImportJob" });
const IdParam = z.object({ id: ImportIdSchema.meta({ param: { name: "id", in: "path" } }) });
const fileRequestBody = {
  required: true,
  description: "The file's bytes: .xlsx, or .csv in UTF-8 (with or without BOM) or GB18030",
  content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
};

/** Files up to this size are answered at once when the import finishes within `waitMs`. */
const answerAtOnceBytes = 1024 * 1024;
/** Well inside the API function's 10 s timeout (the upload itself came first). */
const waitMs = 4_000;

const routes = {
  importFile: fileBody(
    createRoute({
      method: "post",
      path: "/v1/imports/file",
      tags,
      summary: "Import a file sent with the request (one step); small files are answered with the result",
      description:
        "Columns are matched by Chinese or English headers (企业名称/name, 统一社会信用代码/credit code…); title rows above the header are skipped. " +
        "Rows are upserted by credit code, so importing the same file again changes nothing. Answers 201 with the finished import when it " +
        "completes within a few seconds, else 202: follow Location (GET /v1/imports/{id}).",
      security,
      request: {
        query: z.object({
          fileName: StartImportSchema.shape.fileName,
          mode: z.enum(importModes).default("all-or-nothing").openapi({ description: "all-or-nothing | valid-only" }),
        }),
        body: fileRequestBody,
      },
      responses: {
        201: json(Job, "Finished (see status: completed or rejected; rejected rows at /v1/imports/{id}/rejections)"),
        202: json(Job, "Accepted and running; poll Location"),
        ...errorResponses(400, ...authErrors, 413, 422),
      },
    }),
    maxImportBytes,
  ),
  open: createRoute({
    method: "post",
    path: "/v1/imports",
    tags,
    summary: "Open an import (for large files): then send the file as `upload` says, and, for a storage form, POST …/start",
    security,
    request: { body: { required: true, content: { "application/json": { schema: StartImportSchema.meta({ id: "StartImport" }) } } } },
    responses: {
      201: json(
        z.object({
          import: Job,
          upload: UploadSchema.extend({
            startsItself: z
              .boolean()
              .openapi({ description: "true: the upload starts the import; false: POST /v1/imports/{id}/start after it" }),
          }),
        }),
        "Opened; upload the file next",
      ),
      ...errorResponses(400, ...authErrors, 413, 415),
    },
  }),
  upload: fileBody(
    createRoute({
      method: "put",
      path: "/v1/imports/{id}/file",
      tags,
      summary: "Upload an opened import's file through the API; the import starts",
      security,
      request: { params: IdParam, body: fileRequestBody },
      responses: { 202: json(Job, "Queued"), ...errorResponses(400, ...authErrors, 404, 409, 413) },
    }),
    maxImportBytes,
  ),
  start: createRoute({
    method: "post",
    path: "/v1/imports/{id}/start",
    tags,
    summary: "Start an import whose file was uploaded straight to storage: the file is checked and kept, then imported",
    security,
    request: { params: IdParam },
    responses: { 202: json(Job, "Queued"), ...errorResponses(400, ...authErrors, 404, 409) },
  }),
  resume: createRoute({
    method: "post",
    path: "/v1/imports/{id}/resume",
    tags,
    summary: "Resume an import its job's failures stopped (error dead_lettered) from its checkpoint; tenant-admin only",
    description:
      "An import whose job failed on every delivery ends failed with error.code dead_lettered, keeping its checkpoint. Once what " +
      "made it fail is mended, this puts it back to the pass it was in and queues it; it goes on after its checkpoint. Any other " +
      "import: 409 illegal_transition (allowed: none).",
    security,
    request: { params: IdParam },
    responses: { 202: json(Job, "Queued again, from its checkpoint"), ...errorResponses(400, ...authErrors, 404, 409) },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/imports",
    tags,
    summary: "Imports, newest first",
    security,
    request: { query: PageQuerySchema },
    responses: { 200: json(pageOf(Job, "ImportPage"), "A page of imports"), ...errorResponses(400, ...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/imports/{id}",
    tags,
    summary: "An import's status and progress",
    security,
    request: { params: IdParam },
    responses: { 200: json(Job, "The import"), ...errorResponses(400, ...authErrors, 404) },
  }),
  rejections: createRoute({
    method: "get",
    path: "/v1/imports/{id}/rejections",
    tags,
    summary: "Rejected rows: row number, field, column, reason (zh and en), by row",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: {
      200: json(pageOf(ImportRejectionSchema.meta({ id: "ImportRejection" }), "ImportRejectionPage"), "A page of rejected rows"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  accepted: createRoute({
    method: "get",
    path: "/v1/imports/{id}/accepted",
    tags,
    summary: "Accepted rows: row number, credit code, the unit it created or matched, and the outcome, by row",
    description: "Filled as rows are applied; an all-or-nothing import that was rejected applied none (see counts.valid).",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: {
      200: json(pageOf(ImportAcceptedRowSchema.meta({ id: "ImportAcceptedRow" }), "ImportAcceptedPage"), "A page of accepted rows"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
};

/** The request body as a stream, refused past `maxImportBytes`, with its format read from its first bytes. */
async function fileOf(c: Context<AppEnv>): Promise<{ format: "xlsx" | "csv"; body: AsyncIterable<Uint8Array> }> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > maxImportBytes) throw payloadTooLarge();
  const stream = c.req.raw.body;
  if (!stream) throw errors.badRequest("empty_file", { zh: "导入文件为空", en: "The import file is empty" });
  const reader = stream[Symbol.asyncIterator]();
  const first = await reader.next();
  if (first.done || first.value.length === 0) throw errors.badRequest("empty_file", { zh: "导入文件为空", en: "The import file is empty" });
  const format = detectFormat(first.value);
  if (!format) {
    throw errors.badRequest("unsupported_file", {
      zh: "只支持 .xlsx 和 .csv 文件；旧版 .xls 请在 Excel/WPS 中另存为 .xlsx",
      en: "Only .xlsx and .csv files are supported; save an old .xls as .xlsx in Excel/WPS",
    });
  }
  let total = first.value.length;
  async function* body() {
    yield first.value as Uint8Array;
    for (let next = await reader.next(); !next.done; next = await reader.next()) {
      total += next.value.length;
      if (total > maxImportBytes) throw payloadTooLarge();
      yield next.value;
    }
  }
  return { format, body: body() };
}

export function importRoutes(imports: ImportService) {
  /** Waits briefly for a small import to finish, so the caller gets the result in one request. */
  async function settle(c: Context<AppEnv>, job: ImportJob): Promise<ImportJob> {
    if ((job.bytes ?? Number.POSITIVE_INFINITY) > answerAtOnceBytes) return job;
    // A wait the API spends on this request (elapsed time, not a time of the tenant's calendar).
    const deadline = performance.now() + waitMs;
    let current = job;
    while (!finishedStatuses.has(current.status) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await imports.get(requestContext(c), job.id);
    }
    return current;
  }

  return newRouter()
    .openapi(routes.importFile, async (c) => {
      const { fileName, mode } = c.req.valid("query");
      const { job } = await imports.open(requestContext(c), { fileName, mode });
      const { format, body } = await fileOf(c);
      const started = await imports.upload(requestContext(c), job.id, format, body);
      const result = await settle(c, started);
      c.header("Location", `/v1/imports/${job.id}`);
      return finishedStatuses.has(result.status) ? c.json(result, 201) : c.json(result, 202);
    })
    .openapi(routes.open, async (c) => {
      const { job, upload: direct, contentType } = await imports.open(requestContext(c), c.req.valid("json"));
      c.header("Location", `/v1/imports/${job.id}`);
      const upload = uploadOf(direct, `${new URL(c.req.url).origin}/v1/imports/${job.id}/file`, contentType);
      return c.json({ import: job, upload: { ...upload, startsItself: direct === undefined } }, 201);
    })
    .openapi(routes.upload, async (c) => {
      const { id } = c.req.valid("param");
      const { format, body } = await fileOf(c);
      const job = await imports.upload(requestContext(c), id, format, body);
      c.header("Location", `/v1/imports/${id}`);
      return c.json(job, 202);
    })
    .openapi(routes.start, async (c) => {
      const job = await imports.start(requestContext(c), c.req.valid("param").id);
      c.header("Location", `/v1/imports/${job.id}`);
      return c.json(job, 202);
    })
    .openapi(routes.resume, async (c) => {
      const job = await imports.resume(requestContext(c), c.req.valid("param").id);
      c.header("Location", `/v1/imports/${job.id}`);
      return c.json(job, 202);
    })
    .openapi(routes.list, async (c) => c.json(pageBody(await imports.list(requestContext(c), c.req.valid("query"))), 200))
    .openapi(routes.get, async (c) => c.json(await imports.get(requestContext(c), c.req.valid("param").id), 200))
    .openapi(routes.rejections, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await imports.rejections(requestContext(c), c.req.valid("param").id, { limit, cursor })), 200);
    })
    .openapi(routes.accepted, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await imports.accepted(requestContext(c), c.req.valid("param").id, { limit, cursor })), 200);
    });
}
