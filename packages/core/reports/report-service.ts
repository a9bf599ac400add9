// Use cases of the stored reports: the list of a tenant's monthly reports (with each one's delivery), one month's
// figures, its files (.docx, .xlsx, the HTML mail, the chart) for officials who open the portal instead of mail,
// and — for a city — the figures its districts delivered, the only district data a city sees beyond escalated items;
// and the file a mail's download link names, for whoever holds the link until it expires.
import type { RequestContext } from "#core/kernel/context";
import { errors } from "#core/kernel/errors";
import type { BlobStore, Clock, Page, PageRequest } from "#core/kernel/ports";
import { requireTenantAccess } from "#core/kernel/principal";
import { districtTotal } from "#core/reports/district-total";
import {
  type DistrictFigures,
  type MonthlyReport,
  MonthlyReportSchema,
  type ReportFileName,
  type ReportRecord,
  reportFileTypes,
} from "#core/reports/monthly-report";
import type { DistrictFiguresRepository, ReportLinkClaims, ReportLinks, ReportRepository } from "#core/reports/ports";
import type { TenantRepository } from "#core/tenancy/ports";

export interface ReportServiceDeps {
  readonly reports: ReportRepository;
  readonly districtFigures: DistrictFiguresRepository;
  readonly tenants: TenantRepository;
  readonly blobs: BlobStore;
  readonly reportLinks: ReportLinks;
  readonly clock: Clock;
}

/** What a download link leads to: the file, or why not (the link page says which). */
export type LinkedFile =
  | { readonly state: "ok"; readonly claims: ReportLinkClaims; readonly contentType: string; readonly body: AsyncIterable<Uint8Array> }
  | { readonly state: "expired"; readonly claims: ReportLinkClaims }
  | { readonly state: "unknown" };

/** Where a generation's files are kept among the tenant's blobs (written by the monthly report job). */
export function reportBlobKey(month: string, generation: number, name: string): string {
  return `reports/monthly/${month}/g${generation}/${name}`;
}
export const figuresFile = "figures.json";

export async function blobBytes(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export type ReportService = ReturnType<typeof createReportService>;

export function createReportService(deps: ReportServiceDeps) {
  async function built(tenantId: string, month: string): Promise<ReportRecord> {
    const record = await deps.reports.get(tenantId, month);
    if (!record || record.files.length === 0) throw errors.notFound("monthly report", month);
    return record;
  }

  return {
    async list(ctx: RequestContext, page: PageRequest): Promise<Page<ReportRecord>> {
      const principal = requireTenantAccess(ctx.principal, "reports", "read");
      return deps.reports.list(principal.tenantId, page);
    },

    async monthly(ctx: RequestContext, month: string): Promise<{ record: ReportRecord; figures: MonthlyReport }> {
      const principal = requireTenantAccess(ctx.principal, "reports", "read");
      const record = await built(principal.tenantId, month);
      const body = await deps.blobs.get(principal.tenantId, reportBlobKey(month, record.generation, figuresFile));
      if (!body) throw errors.notFound("monthly report", month);
      const figures = MonthlyReportSchema.parse(JSON.parse(Buffer.from(await blobBytes(body)).toString("utf8")));
      return { record, figures };
    },

    async file(ctx: RequestContext, month: string, name: ReportFileName) {
      const principal = requireTenantAccess(ctx.principal, "reports", "read");
      const record = await built(principal.tenantId, month);
      const file = record.files.find((f) => f.name === name);
      const body = file ? await deps.blobs.get(principal.tenantId, reportBlobKey(month, record.generation, name)) : undefined;
      if (!file || !body) throw errors.notFound("report file", name);
      return { file, body };
    },

    /**
     * The file a download link names, while the link holds: made by the platform for this tenant (the one in the
     * link's path), not expired, and the file still kept. No principal: the link is the credential.
     */
    async linkedFile(tenantId: string, token: string): Promise<LinkedFile> {
      const claims = await deps.reportLinks.verify(token);
      if (!claims || claims.tenantId !== tenantId) return { state: "unknown" };
      if (deps.clock.now().getTime() >= Date.parse(claims.expiresAt)) return { state: "expired", claims };
      const body = await deps.blobs.get(tenantId, reportBlobKey(claims.month, claims.generation, claims.name));
      return body ? { state: "ok", claims, contentType: reportFileTypes[claims.name], body } : { state: "unknown" };
    },

    /** A city's districts and what each delivered for the month (null: not yet), with the city's total. */
    async districts(ctx: RequestContext, month: string) {
      const principal = requireTenantAccess(ctx.principal, "reports", "read");
      const tenant = await deps.tenants.get(principal.tenantId);
      if (tenant?.level !== "city") {
        throw errors.conflict("not_a_city", {
          zh: "区县汇总数据只提供给市级租户",
          en: "District figures are delivered to city tenants only",
        });
      }
      const delivered: DistrictFigures[] = await deps.districtFigures.ofMonth(tenant.id, month);
      return {
        month,
        districts: delivered,
        total: delivered.length > 0 ? districtTotal(delivered, delivered.map((d) => d.generatedAt.slice(0, 10)).sort()[0] ?? month) : null,
      };
    },
  };
}
