// /v1/rubric-library and /v1/rubrics: the built-in rubrics every tenant reads (and may copy), and a tenant's own
// rubrics with versions: save a draft (validated: every problem listed), publish it (immutable from then on).
import { z } from "@hono/zod-openapi";
import { versionedDraftRoutes } from "#api/routes/kernel/versioned-drafts.routes";
import { RubricFilterSchema, RubricIdSchema, RubricSchema, RubricVersionSchema, SaveRubricSchema } from "#core/assessments/rubric";
import type { RubricService } from "#core/assessments/rubric-service";

const WithLatest = RubricSchema.extend({ latest: RubricVersionSchema }).meta({ id: "RubricWithLatest" });
const IdParam = z.object({ id: RubricIdSchema.meta({ param: { name: "id", in: "path" } }) });

export function rubricRoutes(rubrics: RubricService) {
  return versionedDraftRoutes(
    {
      tags: ["Rubrics 评分细则"],
      collection: "/v1/rubrics",
      library: "/v1/rubric-library",
      libraryParam: IdParam,
      idParam: IdParam,
      listFilter: RubricFilterSchema,
      schemas: { version: RubricVersionSchema, withLatest: WithLatest, item: RubricSchema, page: "RubricPage", save: SaveRubricSchema },
      words: {
        library: {
          summary: "The built-in rubrics (附件3 enterprise, 附件4 town…), readable by every tenant",
          description: "An assessment may pin a library rubric directly ({ id, version: 1 }), or copy it to adapt it.",
        },
        libraryEntry: {
          summary: "One built-in rubric with its whole table and the notes on how the source was read",
          answer: "The rubric",
        },
        copy: {
          summary: "Copy a built-in rubric into the tenant's own rubrics, as a draft to adapt and publish",
          answer: "The tenant's new rubric (version 1, draft)",
        },
        create: {
          summary: "Create a rubric (version 1, draft); an invalid table is 422 with every problem listed",
          description:
            "Checked on save: points of children add up to their parent's and to totalPoints, caps ≤ points, bands ordered and " +
            "non-overlapping, graded steps divide the points, ids unique; checklists carry no points and use pass-fail.",
        },
        list: {
          summary: "The tenant's rubrics, newest first; enterpriseId and level narrow it to a unit's checklists (安全检查清单)",
          answer: "A page of rubrics",
        },
        get: { summary: "A rubric with its latest version (draft or published)", answer: "The rubric" },
        version: { summary: "One version of a rubric (what an assessment pinned)" },
        saveDraft: { summary: "Save the table as the open draft; after a publish this opens the next version" },
        publish: { summary: "Publish the open draft: assessments may pin it from now on, and it never changes" },
      },
    },
    { ...rubrics, libraryEntry: rubrics.libraryRubric },
  );
}
