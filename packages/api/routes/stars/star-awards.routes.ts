// /v1/enterprises/{id}/stars: the stars a unit holds now (suspended ones shown as such) and its star history.
import { createRoute, z } from "@hono/zod-openapi";
import { authErrors, errorResponses, json, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { idSource } from "#core/kernel/ids";
import { EnterpriseStarsSchema } from "#core/stars/star-award-record";
import type { StarAwardService } from "#core/stars/star-award-service";

const routes = {
  ofEnterprise: createRoute({
    method: "get",
    path: "/v1/enterprises/{id}/stars",
    tags: ["Star ratings 星级评定"],
    summary: "A unit's stars: those held now (active or suspended) and every award, newest first",
    security,
    request: {
      params: z.object({
        id: z
          .string()
          .regex(new RegExp(`^${idSource}$`), "An enterprise id (26 characters)")
          .meta({ param: { name: "id", in: "path" } }),
      }),
    },
    responses: { 200: json(EnterpriseStarsSchema, "The unit's stars"), ...errorResponses(400, ...authErrors, 404) },
  }),
};

export function starAwardRoutes(awards: StarAwardService) {
  return newRouter().openapi(routes.ofEnterprise, async (c) =>
    c.json(await awards.ofEnterprise(requestContext(c), c.req.valid("param").id), 200),
  );
}
