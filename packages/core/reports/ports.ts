// The ports of the reports domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/reports/. Nothing here knows about AWS or HTTP.
import type { Page, PageRequest } from "#core/kernel/ports";
import type { DistrictFigures, ReportFileName, ReportRecord } from "#core/reports/monthly-report";

export interface ReportRepository {
  get(tenantId: string, month: string): Promise<ReportRecord | undefined>;
  /** Creates the month's record (version 1); false when one exists already (another run claimed it). */
  create(tenantId: string, record: ReportRecord): Promise<boolean>;
  /** Replaces the record if still at `before.version` (`version_mismatch` otherwise). */
  save(tenantId: string, change: { before: ReportRecord; after: ReportRecord }): Promise<void>;
  /** Newest month first. */
  list(tenantId: string, page: PageRequest): Promise<Page<ReportRecord>>;
  /** The records from `from` to `to` (months, inclusive), oldest first: a year at most. */
  range(tenantId: string, from: string, to: string): Promise<ReportRecord[]>;
}

/**
 * The roll-up a district delivers to its parent city each month: kept under the city, in the partition the district
 * shares with it (as the joint tackling items), written on the district's escalation session, read by the city.
 */
export interface DistrictFiguresRepository {
  deliver(cityId: string, figures: DistrictFigures): Promise<void>;
  /** What the city's districts delivered for the month, by district id. */
  ofMonth(cityId: string, month: string): Promise<DistrictFigures[]>;
}

/** What a download link to one of a report's files says: whose, which generation's file, until when. */
export interface ReportLinkClaims {
  readonly tenantId: string;
  readonly month: string;
  readonly generation: number;
  readonly name: ReportFileName;
  /** ISO instant after which the link no longer serves the file. */
  readonly expiresAt: string;
}

/**
 * Signs and checks the short-lived download links a monthly mail carries instead of attachments too large for the
 * transport. A link is its own credential (an official clicks it in a mail client): only the platform can make
 * one, and it names exactly one file.
 */
export interface ReportLinks {
  sign(claims: ReportLinkClaims): Promise<string>;
  /** The claims of a link the platform made, expired or not; undefined for anything else. */
  verify(token: string): Promise<ReportLinkClaims | undefined>;
}
