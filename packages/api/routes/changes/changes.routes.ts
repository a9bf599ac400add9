// /v1/changes: the tenant's change feed — every create, update and delete of its resources, in the order they were
// made, from a cursor on. Portals keep a copy in sync with it (examples/portal-sync.ts).
import { createRoute, z } from "@hono/zod-openapi";
import { authErrors, errorResponses, integerParam, json, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { ChangeSchema, type ChangeType, changeTypes, isChangeType } from "#core/changes/change";
import { type ChangeFeedService, changeRetentionDays, changeSettleMs } from "#core/changes/change-feed-service";
import { bilingual } from "#core/kernel/validation";

const TypesSchema = z
  .string()
  .max(400)
  .transform((text) => text.split(",").map((type) => type.trim()))
  .refine((types) => types.every(isChangeType), {
    ...bilingual(
      "unknown_change_type",
      `须为以逗号分隔的类型：${changeTypes.join(",")}`,
      `Must be types separated by commas: ${changeTypes.join(",")}`,
    ),
  })
  .transform((types) => types as ChangeType[])
  .openapi({
    description: `Only these types, separated by commas (${changeTypes.join(", ")}); default: every type the caller may read`,
    example: "enterprise,hazard",
  });

const ChangesQuerySchema = z.object({
  since: z
    .string()
    .max(200)
    .optional()
    .openapi({
      description: `A nextCursor (or a change's position) to read on from; \`now\` for a cursor to start polling with; absent: from the oldest change kept (${changeRetentionDays} days)`,
      example: "now",
    }),
  types: TypesSchema.optional(),
  limit: integerParam({ min: 1, max: 500 }).default(100).openapi({ description: "Page size, 1–500", default: 100 }),
});

const ChangePageSchema = z
  .object({
    items: z.array(ChangeSchema),
    nextCursor: z.string().openapi({
      description: "Where to read on from — after the last change answered; on an empty page, the cursor to poll with",
    }),
    hasMore: z.boolean().openapi({ description: "More changes may follow at once: read again with nextCursor without waiting" }),
  })
  .openapi("ChangePage");

const listChanges = createRoute({
  method: "get",
  path: "/v1/changes",
  tags: ["Changes 变更"],
  summary: "The tenant's changes in order, from a cursor on",
  description: [
    "Every create, update and delete of the tenant's resources, oldest first, each once.",
    `A change shows here ${changeSettleMs / 1000} s after it was made (until then, changes made at the same moment may still be committing).`,
    `Changes are kept ${changeRetentionDays} days: an older cursor is 410 \`resync_required\` — take \`since=now\`, then read the lists again.`,
    "An API key sees only the types its scopes read; naming a type it may not read is 403.",
  ].join(" "),
  security,
  request: { query: ChangesQuerySchema },
  responses: {
    200: json(ChangePageSchema, "A page of changes"),
    ...errorResponses(400, ...authErrors, 410),
  },
});

export function changeRoutes(feed: ChangeFeedService) {
  return newRouter().openapi(listChanges, async (c) => {
    const { since, types, limit } = c.req.valid("query");
    const page = await feed.read(requestContext(c), { since, types, limit });
    return c.json(page as never, 200);
  });
}
