// /p/{tenantId}/stars/{schemeId}: a star scheme's public roll (公开公示), an HTML page without credential, beside the
// placards' public pages under /p/{tenantId}/. It reveals only what a roll publishes: who holds a current star.
import { createRoute, z } from "@hono/zod-openapi";
import { publicPageSecurityHeaders } from "#api/public-page";
import { newRouter } from "#api/router";
import { renderStarRoll, renderStarRollBadPage, renderStarRollNotFound } from "#api/routes/stars/star-roll-page";
import { isDivisionCode } from "#core/kernel/division-code";
import { DomainError } from "#core/kernel/errors";
import type { StarPublicService } from "#core/stars/star-public-service";

const tags = ["Star ratings 星级评定"];
const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });

const routes = {
  roll: createRoute({
    method: "get",
    path: "/p/{tenantId}/stars/{schemeId}",
    tags,
    summary: "A star scheme's public roll (公开公示; HTML, Chinese, for phones): no credential",
    description:
      "The units holding a current star of the published scheme (active, or suspended and marked so; none past its last valid day), " +
      "with their town, each star's name, award day, last valid day and plaque number; newest award first, about 50 awards a page. " +
      "A unit's stars of one review are listed together. The page links the next one as ?page=<opaque cursor>.",
    security: [],
    request: {
      // Any text: whatever is asked for is answered with a page, never a JSON error.
      params: z.object({
        tenantId: z.string().meta({ param: { name: "tenantId", in: "path" } }),
        schemeId: z.string().meta({ param: { name: "schemeId", in: "path" } }),
      }),
      query: z.object({ page: z.string().optional().openapi({ description: "The cursor in the previous page's 下一页 link" }) }),
    },
    responses: {
      200: html("The page"),
      400: html("A page link that is not this roll's (a page saying so)"),
      404: html("No such published scheme in an active tenant (a page saying so)"),
    },
  }),
};

export function publicStarRollRoutes(stars: StarPublicService) {
  return newRouter().openapi(
    routes.roll,
    async (c) => {
      const { tenantId, schemeId } = c.req.valid("param");
      const { page } = c.req.valid("query");
      try {
        const roll = isDivisionCode(tenantId) ? await stars.roll(tenantId, schemeId, page) : undefined;
        return roll
          ? c.body(renderStarRoll(roll, page), 200, publicPageSecurityHeaders())
          : c.body(renderStarRollNotFound(), 404, publicPageSecurityHeaders());
      } catch (error) {
        if (error instanceof DomainError && error.code === "invalid_cursor") {
          return c.body(renderStarRollBadPage(schemeId), 400, publicPageSecurityHeaders());
        }
        throw error;
      }
    },
    // A query the schema refuses (page given twice): the same 400 page, not a JSON error.
    (result, c) =>
      result.success ? undefined : c.body(renderStarRollBadPage(c.req.param("schemeId") ?? ""), 400, publicPageSecurityHeaders()),
  );
}
