// What an export job may export, and where its rows come from: for each list the request it takes (the filter is
// the one its synchronous export takes, checked by the same schema), the read permission it needs, its columns and
// file names, and the list domain's own `exportRows` generator — the very rows the synchronous route streams.
// The generators are built over the repositories alone, so the API and the worker build the same ones.
import { z } from "zod";
import { JointTacklingFilterSchema, jointTacklingExportColumns } from "#core/escalation/joint-tackling";
import { createJointTacklingService } from "#core/escalation/joint-tackling-service";
import type { JointTacklingRepository } from "#core/escalation/ports";
import { type ExportJob, exportFormats } from "#core/exports/export-job";
import { HazardFilterSchema } from "#core/hazards/hazard";
import { hazardExportColumns, hazardExportKinds, hazardExportNames } from "#core/hazards/hazard-export";
import { hazardExport } from "#core/hazards/hazard-export-rows";
import { createKeyHazardListService } from "#core/hazards/key-hazard-list-service";
import type { HazardRepository, KeyHazardListRepository } from "#core/hazards/ports";
import type { RequestContext } from "#core/kernel/context";
import { idPattern } from "#core/kernel/ids";
import type { Clock, IdempotencyStore, IdGenerator } from "#core/kernel/ports";
import type { ResourceFamily } from "#core/kernel/principal";
import { parseOrThrow } from "#core/kernel/validation";
import { EnterpriseFilterSchema } from "#core/register/enterprise";
import { enterpriseExport } from "#core/register/enterprise-export";
import type { EnterpriseRepository, TownRepository } from "#core/register/ports";
import { registerExportColumns } from "#core/register/register-sheet";
import type { StarAwardRepository, StarSchemeRepository } from "#core/stars/ports";
import { starAwardExport, starAwardExportColumns } from "#core/stars/star-award-export";
import { StarAwardFilterSchema } from "#core/stars/star-award-record";
import type { SupervisionTargetRepository } from "#core/supervision/ports";
import { TargetQuerySchema, targetExportColumns, targetExportTitle } from "#core/supervision/supervision-target-export";
import { createSupervisionTargetService } from "#core/supervision/supervision-target-service";
import type { DepartmentMemberRepository, SettingsRepository, TenantRepository } from "#core/tenancy/ports";

const format = z.enum(exportFormats).default("xlsx").meta({ description: "xlsx | csv" });
/** `prefault`: an absent filter is parsed as `{}`, so the schema's own defaults and transforms apply to it too. */
const filterOf = <S extends z.ZodType>(schema: S) =>
  schema.prefault({} as z.input<S>).meta({ description: "The list's filters, as its export query takes them" });

/** The body of POST /v1/exports: which list, the format, and that list's filter. */
export const CreateExportSchema = z.discriminatedUnion("list", [
  z.strictObject({ list: z.literal("enterprises"), format, filter: filterOf(EnterpriseFilterSchema) }),
  z.strictObject({
    list: z.literal("hazards"),
    format,
    filter: filterOf(
      HazardFilterSchema.extend({
        list: z.enum(hazardExportKinds).default("hazards").meta({ description: "hazards 隐患清单 | rectification 整改清单" }),
      }),
    ),
  }),
  z.strictObject({
    list: z.literal("key-hazard-list"),
    format,
    keyHazardListId: z.string().regex(idPattern, "a key hazard list id (26 characters)"),
    filter: filterOf(z.strictObject({})),
  }),
  z.strictObject({ list: z.literal("joint-tackling"), format, filter: filterOf(JointTacklingFilterSchema) }),
  z.strictObject({ list: z.literal("star-awards"), format, filter: filterOf(StarAwardFilterSchema) }),
  z.strictObject({ list: z.literal("supervision-targets"), format, filter: filterOf(TargetQuerySchema) }),
]);
export type ExportRequest = z.output<typeof CreateExportSchema>;

/** What each list is read with. */
export const exportFamilies: Record<ExportRequest["list"], ResourceFamily> = {
  enterprises: "enterprises",
  hazards: "hazards",
  "key-hazard-list": "hazards",
  "joint-tackling": "hazards",
  "star-awards": "stars",
  "supervision-targets": "supervision",
};

/** The repositories the lists' rows are read from (the API's and the worker's dependencies both have them). */
export interface ExportSourceDeps {
  readonly enterprises: EnterpriseRepository;
  readonly towns: TownRepository;
  readonly hazards: HazardRepository;
  readonly keyHazardLists: KeyHazardListRepository;
  readonly jointTackling: JointTacklingRepository;
  readonly tenants: TenantRepository;
  readonly settings: SettingsRepository;
  /** Only for the key hazard list service the export reads lists through (publishing checks memberships). */
  readonly departmentMembers: DepartmentMemberRepository;
  readonly starAwards: StarAwardRepository;
  readonly starSchemes: StarSchemeRepository;
  readonly supervisionTargets: SupervisionTargetRepository;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** One export's sheet: its columns, its names, and its rows as `ctx` may read them. */
export interface ExportSheet {
  readonly columns: readonly { key: string; header: string; width?: number }[];
  /** Sheet name and the start of the file name, in Chinese. */
  readonly title: string;
  /** The file name for clients that cannot read UTF-8 names. */
  readonly asciiName: string;
  rows(ctx: RequestContext): AsyncGenerator<Record<string, string>>;
}

export type ExportSheets = (request: ExportRequest) => ExportSheet;

export function exportSheets(deps: ExportSourceDeps): ExportSheets {
  const enterprises = enterpriseExport(deps);
  const hazards = hazardExport(deps);
  const keyHazardLists = createKeyHazardListService(deps);
  const jointTackling = createJointTacklingService({ ...deps, items: deps.jointTackling });
  const starAwards = starAwardExport(deps);
  const targets = createSupervisionTargetService(deps);
  return (request) => {
    switch (request.list) {
      case "enterprises":
        return {
          columns: registerExportColumns,
          title: "企业台账",
          asciiName: "register",
          rows: (ctx) => enterprises.exportRows(ctx, request.filter),
        };
      case "hazards": {
        const { list, ...filter } = request.filter;
        return {
          columns: hazardExportColumns[list],
          title: hazardExportNames[list],
          asciiName: list,
          rows: (ctx) => hazards.exportRows(ctx, filter),
        };
      }
      case "key-hazard-list":
        return {
          columns: hazardExportColumns.hazards,
          title: "重点隐患清单",
          asciiName: "key-hazards",
          rows: (ctx) => keyHazardLists.exportRows(ctx, request.keyHazardListId),
        };
      case "joint-tackling":
        return {
          columns: jointTacklingExportColumns,
          title: "联合攻坚清单",
          asciiName: "joint-tackling",
          rows: (ctx) => jointTackling.exportRows(ctx, request.filter),
        };
      case "star-awards":
        return {
          columns: starAwardExportColumns,
          title: "星级评定名单",
          asciiName: "star-awards",
          rows: (ctx) => starAwards.exportRows(ctx, request.filter),
        };
      case "supervision-targets":
        return {
          columns: targetExportColumns,
          title: targetExportTitle,
          asciiName: "supervision-targets",
          rows: (ctx) => targets.exportRows(ctx, request.filter),
        };
    }
  };
}

/** A stored job's request, parsed again from what it stored (the filter as given). */
export function requestOf(job: Pick<ExportJob, "list" | "format" | "filter" | "keyHazardListId">): ExportRequest {
  return parseOrThrow(CreateExportSchema, {
    list: job.list,
    format: job.format,
    filter: job.filter,
    ...(job.keyHazardListId !== null ? { keyHazardListId: job.keyHazardListId } : {}),
  });
}
