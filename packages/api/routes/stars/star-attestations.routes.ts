// /v1/star-applications/{id}/files and …/attestations: the reviewer's evidence files for a pending application,
// and the confirmation of an "attested" rule of a star with them (人工确认).
import { createRoute, z } from "@hono/zod-openapi";
import { ifMatch, versioned } from "#api/http";
import { authErrors, errorResponses, IfMatchHeaderSchema, idPathParam, json, security } from "#api/openapi";
import { fileBody } from "#api/request-body";
import { newRouter, requestContext } from "#api/router";
import { maxEvidenceBytes } from "#core/assessments/assessment";
import { idPattern } from "#core/kernel/ids";
import { StarApplicationSchema } from "#core/stars/star-application";
import { AttestSchema, FileNameQuerySchema, StarApplicationFileSchema } from "#core/stars/star-attestation";
import type { StarAttestationService } from "#core/stars/star-attestation-service";

const tags = ["Star ratings 星级评定"];
const IdParam = idPathParam("A star application id");
const FileParams = IdParam.extend({
  fileId: z
    .string()
    .regex(idPattern)
    .meta({ param: { name: "fileId", in: "path" }, description: "A file id of the application" }),
});

const routes = {
  upload: fileBody(
    createRoute({
      method: "post",
      path: "/v1/star-applications/{id}/files",
      tags,
      summary: "Upload an evidence file for the reviewer's attestations (a photo or PDF, up to 20 MiB)",
      description:
        "The body is the file, sent with its Content-Type (image/jpeg, image/png, image/webp, image/heic, application/pdf); " +
        "`fileName` names it. By the application's reviewer (stars:write, not the filer) while it is pending. " +
        "Each upload is a new file; name it in POST …/attestations.",
      security,
      request: {
        params: IdParam,
        query: FileNameQuerySchema,
        body: { required: true, content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      },
      responses: { 201: json(StarApplicationFileSchema, "Stored"), ...errorResponses(400, ...authErrors, 404, 409, 413, 422) },
    }),
    maxEvidenceBytes,
  ),
  download: createRoute({
    method: "get",
    path: "/v1/star-applications/{id}/files/{fileId}",
    tags,
    summary: "Download an evidence file of an application",
    security,
    request: { params: FileParams },
    responses: {
      200: { description: "The file", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  attest: createRoute({
    method: "post",
    path: "/v1/star-applications/{id}/attestations",
    tags,
    summary: "Confirm an attested rule of a star (人工确认) with a note and evidence files; the stars are evaluated again",
    description:
      "By the application's reviewer (stars:write, a signed-in official other than the filer) while it is pending. " +
      "Confirming the same rule again replaces the earlier confirmation (both are in the audit log). " +
      "422 unknown_star, rule_not_attested, unknown_file.",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: AttestSchema } } },
    },
    responses: {
      200: json(StarApplicationSchema, "The application, evaluated again"),
      ...errorResponses(400, ...authErrors, 404, 409, 412, 415, 422),
    },
  }),
};

export function starAttestationRoutes(attestations: StarAttestationService) {
  return newRouter()
    .openapi(routes.upload, async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.raw.body ?? new Uint8Array();
      const file = await attestations.uploadFile(requestContext(c), id, c.req.valid("query"), c.req.header("content-type"), body);
      c.header("Location", `/v1/star-applications/${id}/files/${file.id}`);
      return c.json(file, 201);
    })
    .openapi(routes.download, async (c) => {
      const { id, fileId } = c.req.valid("param");
      const { file, body } = await attestations.file(requestContext(c), id, fileId);
      return c.body(ReadableStream.from(body), 200, {
        "Content-Type": file.contentType,
        "Repr-Digest": `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`,
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      });
    })
    .openapi(routes.attest, async (c) =>
      versioned(c, await attestations.attest(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c))),
    );
}
