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

/**
 * Grids have three levels, as Yangzhou's fire-prevention grid (消防网格) has: level 1 大网格 (the township grid), level 2
 * 中网格 inside a level-1 grid, level 3 小网格 inside a level-2 grid — each inside the grid one level up, in the same
 * town. Grids made when there were two levels (一级 township, 二级 community) are levels 1 and 2 of these.
 */
export const gridLevels = [1, 2, 3] as const;
export type GridLevel = (typeof gridLevels)[number];
export const gridLevelNames: Record<GridLevel, string> = { 1: "大网格", 2: "中网格", 3: "小网格" };
const GridLevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const CreateGridSchema = z.strictObject({
  townId: TownIdSchema,
  name: singleLine(50).meta({ example: "柳泉村网格" }),
  level: GridLevelSchema.meta({
    description: "1 大网格 (township grid, 一级) | 2 中网格 (inside a level-1 grid, 二级) | 3 小网格 (inside a level-2 grid, 三级)",
  }),
  parentGridId: GridIdSchema.nullable().default(null).meta({
    description: "The grid one level up, in the same town: a level-1 grid for level 2, a level-2 grid for level 3; null for level 1",
  }),
});
export const UpdateGridSchema = CreateGridSchema.omit({ townId: true }).partial();

export const GridSchema = z
  .object({
    id: GridIdSchema,
    townId: z.string(),
    name: z.string(),
    level: GridLevelSchema.meta({ description: "1 大网格 | 2 中网格 | 3 小网格" }),
    parentGridId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "Grid" });
export type Grid = z.infer<typeof GridSchema>;
