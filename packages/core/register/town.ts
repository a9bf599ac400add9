// Towns (镇/街道/园区) and grids (网格) of a tenant: the places enterprises are registered under. Tenant data,
// referenced by id; names are unique (a town's within the tenant, a grid's within its town) so imports can
// match them by name.
import { z } from "zod";
import { singleLine } from "#core/kernel/text";
import { GridIdSchema, TownIdSchema } from "#core/register/enterprise";

export const townKinds = ["town", "street", "park"] as const;

export const CreateTownSchema = z.strictObject({
  name: singleLine(50).meta({ example: "柳泉镇" }),
  kind: z.enum(townKinds).meta({ description: "town 镇 | street 街道 | park 园区" }),
  code: z
    .string()
    .regex(/^\d{9}(\d{3})?$/, "9 or 12 digits")
    .nullable()
    .default(null)
    .meta({ description: "Statistical division code (统计用区划代码), if known", example: "320312100" }),
});
export const UpdateTownSchema = CreateTownSchema.partial();

export const TownSchema = z
  .object({
    id: TownIdSchema,
    name: z.string(),
    kind: z.enum(townKinds),
    code: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "Town" });
export type Town = z.infer<typeof TownSchema>;

/** Level 1 is a township grid (镇级网格), level 2 a community grid (社区网格) inside a level-1 grid. */
export const CreateGridSchema = z.strictObject({
  townId: TownIdSchema,
  name: singleLine(50).meta({ example: "柳泉村网格" }),
  level: z.union([z.literal(1), z.literal(2)]).meta({ description: "1 township grid (一级) | 2 community grid (二级)" }),
  parentGridId: GridIdSchema.nullable().default(null).meta({ description: "The level-1 grid a level-2 grid belongs to" }),
});
export const UpdateGridSchema = CreateGridSchema.omit({ townId: true }).partial();

export const GridSchema = z
  .object({
    id: GridIdSchema,
    townId: z.string(),
    name: z.string(),
    level: z.union([z.literal(1), z.literal(2)]),
    parentGridId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "Grid" });
export type Grid = z.infer<typeof GridSchema>;
