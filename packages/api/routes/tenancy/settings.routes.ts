// /v1/settings: the caller's tenant's own settings (public page phone masking, staleness, placard checks).
import { createRoute } from "@hono/zod-openapi";
import { ifMatch, versioned } from "#api/http";
import { authErrors, errorResponses, IfMatchHeaderSchema, json, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { SettingsSchema, UpdateSettingsSchema } from "#core/tenancy/settings";
import type { SettingsService } from "#core/tenancy/settings-service";

const tags = ["Settings 租户设置"];
const Settings = SettingsSchema;

const getSettings = createRoute({
  method: "get",
  path: "/v1/settings",
  tags,
  summary: "Read the tenant's settings",
  security,
  responses: { 200: json(Settings, "The settings (defaults until changed)"), ...errorResponses(...authErrors) },
});

const updateSettings = createRoute({
  method: "patch",
  path: "/v1/settings",
  tags,
  summary: "Change the tenant's settings (tenant-admin)",
  security,
  request: {
    headers: IfMatchHeaderSchema,
    body: { required: true, content: { "application/json": { schema: UpdateSettingsSchema.meta({ id: "UpdateSettings" }) } } },
  },
  responses: { 200: json(Settings, "The changed settings"), ...errorResponses(400, ...authErrors, 412, 413, 415) },
});

export function settingsRoutes(settings: SettingsService) {
  return newRouter()
    .openapi(getSettings, async (c) => {
      const current = await settings.get(requestContext(c));
      return versioned(c, current);
    })
    .openapi(updateSettings, async (c) => {
      const next = await settings.update(requestContext(c), c.req.valid("json"), ifMatch(c));
      return versioned(c, next);
    });
}
