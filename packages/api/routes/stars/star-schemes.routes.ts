// /v1/star-scheme-library and /v1/star-schemes: the built-in star schemes every tenant reads and copies, and a
// tenant's own schemes with versions: save a draft (its `problems` say what still keeps it from being
// published), publish it once sound (immutable from then on; applications pin it).
import { z } from "@hono/zod-openapi";
import { idPathParam } from "#api/openapi";
import { versionedDraftRoutes } from "#api/routes/kernel/versioned-drafts.routes";
import { SaveStarSchemeSchema, StarSchemeSchema, StarSchemeVersionSchema } from "#core/stars/star-scheme";
import type { StarSchemeService } from "#core/stars/star-scheme-service";

const Problem = z.object({ path: z.string(), code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) });
const WithLatest = StarSchemeSchema.extend({
  latest: StarSchemeVersionSchema,
  problems: z.array(Problem).meta({ description: "What keeps the draft from being published (empty when it can be)" }),
}).meta({ id: "StarSchemeWithLatest" });
const LibraryIdParam = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{2,63}$/, "A library scheme id")
    .meta({ param: { name: "id", in: "path" }, example: "tongshan-ten-stars" }),
});

export function starSchemeRoutes(schemes: StarSchemeService) {
  return versionedDraftRoutes(
    {
      tags: ["Star ratings 星级评定"],
      collection: "/v1/star-schemes",
      library: "/v1/star-scheme-library",
      libraryParam: LibraryIdParam,
      idParam: idPathParam("A star scheme id"),
      schemas: {
        version: StarSchemeVersionSchema,
        withLatest: WithLatest,
        item: StarSchemeSchema,
        page: "StarSchemePage",
        save: SaveStarSchemeSchema,
      },
      words: {
        library: {
          summary: "The built-in star schemes (石狮 standardization stars, 铜山 ten-star template), readable by every tenant",
          description: "Copy one to adapt it: the thresholds are the tenant's to set, and the notes say which values are ours.",
        },
        libraryEntry: { summary: "One built-in star scheme with its stars and notes", answer: "The scheme" },
        copy: {
          summary: "Copy a built-in scheme into the tenant's own, as a draft to adapt and publish",
          answer: "The tenant's new scheme (version 1, draft)",
        },
        create: { summary: "Create a star scheme (version 1, draft)" },
        list: { summary: "The tenant's star schemes, newest first", answer: "A page of schemes" },
        get: { summary: "A star scheme with its latest version and what keeps a draft from being published", answer: "The scheme" },
        version: { summary: "One version of a star scheme (what an award pinned)" },
        saveDraft: { summary: "Save the scheme as the open draft; after a publish this opens the next version" },
        publish: {
          summary: "Publish the open draft; 422 lists every problem (unnamed star, no rules, unknown rubric, score out of range…)",
        },
      },
    },
    { ...schemes, libraryEntry: schemes.libraryScheme, list: (ctx, _filter, page) => schemes.list(ctx, page) },
  );
}
