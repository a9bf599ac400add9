// /v1/placards: safety-responsibility placards (安全责任公示牌) — post, change, check, revoke, list (incl. the
// ones due for a check and the ones to replace), coverage figures, QR codes (drawn once per process, 304 on If-None-Match); and /p/{tenantId}/{token}, the public page a QR code opens (no credential).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "#api/env";
import { createdHeaders, etag, idempotencyClaim, ifMatch, pageBody } from "#api/http";
import {
  authErrors,
  errorResponses,
  IdempotencyHeaderSchema,
  IfMatchHeaderSchema,
  integerParam,
  json,
  PageQuerySchema,
  PublicLinkParamsSchema,
  pageOf,
  security,
} from "#api/openapi";
import { publicPageSecurityHeaders } from "#api/public-page";
import { newRouter, requestContext } from "#api/router";
import { renderPlacardNotFound, renderPlacardPage } from "#api/routes/placards/placard-page";
import { QR_PNG_MAX_SIZE, QR_PNG_MIN_SIZE, type QrRenderer } from "#api/routes/placards/qr-code";
import { ifNoneMatchMeets, type QrFormat, type QrImages, qrImages } from "#api/routes/placards/qr-images";
import { isDivisionCode } from "#core/kernel/division-code";
import {
  CheckPlacardSchema,
  CreatePlacardSchema,
  type Placard,
  PlacardCheckSchema,
  PlacardFilterSchema,
  PlacardIdSchema,
  PlacardSchema,
  PublicTokenSchema,
  RevokePlacardSchema,
  UpdatePlacardSchema,
} from "#core/placards/placard";
import { PlacardCoverageFiguresSchema } from "#core/placards/placard-coverage";
import { ReplacementFilterSchema, ReplacementReasonSchema } from "#core/placards/placard-replacement";
import type { PlacardService } from "#core/placards/placard-service";

const tags = ["Placards 安全责任公示牌"];
const PlacardOut = PlacardSchema.extend({
  publicUrl: z.string().meta({ description: "The public page the QR code opens (no credential needed)" }),
}).meta({ id: "Placard" });
const IdParam = z.object({ id: PlacardIdSchema.meta({ param: { name: "id", in: "path" } }) });
const writeErrors = errorResponses(400, ...authErrors, 404, 409, 412, 413, 415, 422);
const qrCaching =
  "A placard's QR code never changes (it encodes the placard's public URL): the answer carries an ETag and may be kept a day; " +
  "send the ETag back as If-None-Match to get 304 instead of the image.";
const IfNoneMatchHeaderSchema = z.object({
  "if-none-match": z.string().optional().openapi({ description: "The ETag of this image from an earlier answer; 304 when it still is" }),
});
// Long: the image depends only on the public URL, which stays the same for the placard's life; private, since it
// is answered to a credential.
const qrCacheControl = "private, max-age=86400";

/** A QR image, or 304 when the client already has it; the ETag is known without drawing. */
async function qrAnswer(c: Context<AppEnv>, images: QrImages, url: string, format: QrFormat, size?: number) {
  const etag = images.etag(url, format, size);
  if (ifNoneMatchMeets(c.req.header("if-none-match"), etag)) {
    return c.body(null, 304, { ETag: etag, "Cache-Control": qrCacheControl });
  }
  const image = await images.get(url, format, size);
  const body = typeof image.body === "string" ? image.body : (image.body as Uint8Array<ArrayBuffer>);
  return c.body(body, 200, { "Content-Type": image.contentType, ETag: image.etag, "Cache-Control": qrCacheControl });
}

const routes = {
  create: createRoute({
    method: "post",
    path: "/v1/placards",
    tags,
    summary: "Post a placard for a unit, or for a building/zone of a multi-unit premises",
    security,
    request: {
      headers: IdempotencyHeaderSchema,
      body: { required: true, content: { "application/json": { schema: CreatePlacardSchema.meta({ id: "CreatePlacard" }) } } },
    },
    responses: { 201: json(PlacardOut, "Posted; publicUrl is what its QR code opens"), ...writeErrors },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/placards",
    tags,
    summary: "List placards (newest first), a unit's, or with due=true those not checked within the check interval",
    description: "The check interval is the tenant setting placardCheckMonths (default six months); due lists the longest unchecked first.",
    security,
    request: { query: PageQuerySchema.extend(PlacardFilterSchema.shape) },
    responses: { 200: json(pageOf(PlacardOut, "PlacardPage"), "A page of placards"), ...errorResponses(400, ...authErrors) },
  }),
  replacements: createRoute({
    method: "get",
    path: "/v1/placards/replacements",
    tags,
    summary:
      "Placards that need replacing (需更换), each with why: faded, damaged or outdated at its latest check, or a person changed in the register",
    description:
      "Active placards whose latest check found them faded, damaged or outdated (人员变更未更新), or whose unit had a responsible " +
      "person changed in the register after the placard was issued that the placard still shows (person-changed, naming the " +
      "register role, who the placard shows and who the register holds now). A person-changed reason goes when the placard's " +
      "person of that role is changed (PATCH) or the register's matches it again; a condition reason when a later check finds " +
      "it good; any when the placard is revoked. By town, then posting order; townId: one town's. A deleted unit's placards are " +
      "left out, so a page may hold fewer than limit.",
    security,
    request: { query: PageQuerySchema.extend(ReplacementFilterSchema.shape) },
    responses: {
      200: json(
        pageOf(
          z.object({ placard: PlacardOut, reasons: z.array(ReplacementReasonSchema).min(1) }).meta({ id: "PlacardReplacement" }),
          "PlacardReplacementPage",
        ),
        "A page of placards to replace",
      ),
      ...errorResponses(400, ...authErrors),
    },
  }),
  coverage: createRoute({
    method: "get",
    path: "/v1/placards/coverage",
    tags,
    summary: "Placard coverage per town and in total: units with and without an active placard, and the placards posted",
    description:
      "Active placards and the units that have one come from counts every placard save keeps (a placard counts in its unit's " +
      "town, and moves with the unit); units from the register now (each town's list counted, so the cost follows the " +
      "register's size). A deleted unit's placards count until revoked, never beyond the register's units.",
    security,
    responses: { 200: json(PlacardCoverageFiguresSchema, "The coverage figures"), ...errorResponses(...authErrors) },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/placards/{id}",
    tags,
    summary: "Read a placard",
    security,
    request: { params: IdParam },
    responses: { 200: json(PlacardOut, "The placard"), ...errorResponses(400, ...authErrors, 404) },
  }),
  update: createRoute({
    method: "patch",
    path: "/v1/placards/{id}",
    tags,
    summary: "Change a placard's persons, title or location (the QR code stays the same)",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: UpdatePlacardSchema.meta({ id: "UpdatePlacard" }) } } },
    },
    responses: { 200: json(PlacardOut, "The changed placard"), ...writeErrors },
  }),
  check: createRoute({
    method: "post",
    path: "/v1/placards/{id}/checks",
    tags,
    summary: "Record a check of the placard on site (at least every six months)",
    security,
    request: {
      params: IdParam,
      body: { required: true, content: { "application/json": { schema: CheckPlacardSchema.meta({ id: "CheckPlacard" }) } } },
    },
    responses: {
      201: json(
        z.object({ placard: PlacardOut, check: PlacardCheckSchema.meta({ id: "PlacardCheck" }) }),
        "The check and the placard after it",
      ),
      ...writeErrors,
    },
  }),
  checks: createRoute({
    method: "get",
    path: "/v1/placards/{id}/checks",
    tags,
    summary: "A placard's checks, latest check date first",
    security,
    request: { params: IdParam, query: PageQuerySchema },
    responses: {
      200: json(pageOf(PlacardCheckSchema, "PlacardCheckPage"), "A page of checks"),
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  revoke: createRoute({
    method: "post",
    path: "/v1/placards/{id}/revoke",
    tags,
    summary: "Revoke a placard (taken down or replaced): its public page then says so",
    security,
    request: {
      params: IdParam,
      headers: IfMatchHeaderSchema,
      body: { required: true, content: { "application/json": { schema: RevokePlacardSchema.meta({ id: "RevokePlacard" }) } } },
    },
    responses: { 200: json(PlacardOut, "The revoked placard"), ...writeErrors },
  }),
  qrSvg: createRoute({
    method: "get",
    path: "/v1/placards/{id}/qr.svg",
    tags,
    summary: "The placard's QR code as SVG (for printing at any size)",
    description: qrCaching,
    security,
    request: { params: IdParam, headers: IfNoneMatchHeaderSchema },
    responses: {
      200: { description: "SVG image", content: { "image/svg+xml": { schema: z.string() } } },
      304: { description: "Not modified: the image of the ETag sent in If-None-Match" },
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  qrPng: createRoute({
    method: "get",
    path: "/v1/placards/{id}/qr.png",
    tags,
    summary: "The placard's QR code as a square PNG",
    description: qrCaching,
    security,
    request: {
      params: IdParam,
      headers: IfNoneMatchHeaderSchema,
      query: z.object({
        size: integerParam({ min: QR_PNG_MIN_SIZE, max: QR_PNG_MAX_SIZE })
          .optional()
          .openapi({
            description: `Width in pixels, ${QR_PNG_MIN_SIZE}–${QR_PNG_MAX_SIZE} (default 512; ${QR_PNG_MAX_SIZE} px prints 17 cm sharp at 300 dpi, larger prints take the SVG)`,
          }),
      }),
    },
    responses: {
      200: { description: "PNG image", content: { "image/png": { schema: z.string().openapi({ format: "binary" }) } } },
      304: { description: "Not modified: the image of the ETag sent in If-None-Match" },
      ...errorResponses(400, ...authErrors, 404),
    },
  }),
  page: createRoute({
    method: "get",
    path: "/p/{tenantId}/{token}",
    tags,
    summary: "The placard's public page (HTML, Chinese, for phones): no credential; the token is unguessable",
    security: [],
    request: {
      params: PublicLinkParamsSchema,
    },
    responses: {
      200: { description: "The page", content: { "text/html": { schema: z.string() } } },
      404: { description: "No such placard (a page saying so)", content: { "text/html": { schema: z.string() } } },
    },
  }),
};

function publicUrl(c: Context<AppEnv>, base: string | undefined, token: string): string {
  const principal = c.get("principal");
  const tenantId = "tenantId" in principal ? principal.tenantId : "";
  return `${(base ?? new URL(c.req.url).origin).replace(/\/$/, "")}/p/${tenantId}/${token}`;
}

export function placardRoutes(placards: PlacardService, publicBaseUrl: string | undefined, qrRenderer?: QrRenderer) {
  const images = qrImages(qrRenderer ? { renderer: qrRenderer } : {});
  const out = (c: Context<AppEnv>, p: Placard) => ({ ...p, publicUrl: publicUrl(c, publicBaseUrl, p.publicToken) });
  return newRouter()
    .openapi(routes.create, async (c) => {
      const body = c.req.valid("json");
      const outcome = await placards.create(requestContext(c), body, idempotencyClaim(c, body));
      c.header("ETag", etag(outcome.body.version));
      createdHeaders(c, outcome, `/v1/placards/${outcome.body.id}`);
      return c.json(out(c, outcome.body), 201);
    })
    .openapi(routes.list, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      const page = await placards.list(requestContext(c), filter, { limit, cursor });
      return c.json({ items: page.items.map((p) => out(c, p)), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.replacements, async (c) => {
      const { limit, cursor, ...filter } = c.req.valid("query");
      const page = await placards.replacements(requestContext(c), filter, { limit, cursor });
      return c.json({ items: page.items.map((r) => ({ ...r, placard: out(c, r.placard) })), nextCursor: page.nextCursor }, 200);
    })
    .openapi(routes.coverage, async (c) => c.json(await placards.coverage(requestContext(c)), 200))
    .openapi(routes.get, async (c) => {
      const placard = await placards.get(requestContext(c), c.req.valid("param").id);
      c.header("ETag", etag(placard.version));
      return c.json(out(c, placard), 200);
    })
    .openapi(routes.update, async (c) => {
      const placard = await placards.update(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c));
      c.header("ETag", etag(placard.version));
      return c.json(out(c, placard), 200);
    })
    .openapi(routes.check, async (c) => {
      const { placard, check } = await placards.check(requestContext(c), c.req.valid("param").id, c.req.valid("json"));
      c.header("ETag", etag(placard.version));
      return c.json({ placard: out(c, placard), check }, 201);
    })
    .openapi(routes.checks, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      return c.json(pageBody(await placards.checks(requestContext(c), c.req.valid("param").id, { limit, cursor })), 200);
    })
    .openapi(routes.revoke, async (c) => {
      const placard = await placards.revoke(requestContext(c), c.req.valid("param").id, c.req.valid("json"), ifMatch(c));
      c.header("ETag", etag(placard.version));
      return c.json(out(c, placard), 200);
    })
    .openapi(routes.qrSvg, async (c) => {
      const placard = await placards.get(requestContext(c), c.req.valid("param").id);
      return qrAnswer(c, images, publicUrl(c, publicBaseUrl, placard.publicToken), "svg");
    })
    .openapi(routes.qrPng, async (c) => {
      const placard = await placards.get(requestContext(c), c.req.valid("param").id);
      return qrAnswer(c, images, publicUrl(c, publicBaseUrl, placard.publicToken), "png", c.req.valid("query").size ?? 512);
    });
}

/** The public page: outside /v1, so no credential is asked; it reveals nothing without the token. */
export function publicPlacardRoutes(placards: PlacardService) {
  return newRouter().openapi(routes.page, async (c) => {
    const { tenantId, token } = c.req.valid("param");
    const view =
      isDivisionCode(tenantId) && PublicTokenSchema.safeParse(token).success ? await placards.publicView(tenantId, token) : undefined;
    return view
      ? c.body(renderPlacardPage(view), 200, publicPageSecurityHeaders())
      : c.body(renderPlacardNotFound(), 404, publicPageSecurityHeaders());
  });
}
