// Every key of the table is built here. A tenant's keys can only be built from a TenantScope, and every
// partition key (table and index) of tenant data starts with `T#<tenantId>`, which is what IAM's
// dynamodb:LeadingKeys condition pins in AWS for table keys and write-guard.ts checks for index keys on every
// write. Platform keys start with `PLATFORM#`. Key casing is kept exactly as given: ids are never lower-cased.
import { isDivisionCode } from "#core/kernel/division-code";

declare const scopeBrand: unique symbol;
export interface TenantScope {
  readonly tenantId: string;
  readonly prefix: string;
  readonly [scopeBrand]: true;
}

export function tenantScope(tenantId: string): TenantScope {
  if (!isDivisionCode(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  return { tenantId, prefix: `T#${tenantId}` } as TenantScope;
}

/**
 * A district writing as it escalates to its city (联合攻坚清单): its own keys, and of the city's only the partition
 * the two share (`T#<city>#UP#<district>`), whose items carry the city's joint tackling index keys.
 */
export interface EscalationScope extends TenantScope {
  readonly city: TenantScope;
}

export function escalationScope(district: TenantScope, city: TenantScope): EscalationScope {
  return { ...district, city };
}

export interface Key {
  readonly pk: string;
  readonly sk: string;
}

export const platformPrefix = "PLATFORM#";

/** The platform's registry of tenants: one partition (and its gsi1 projection), sorted by tenant id. */
export const platformTenantsPartition = `${platformPrefix}TENANTS`;

/** The platform's list of tenants with an enabled webhook endpoint (the sweeps' worklist): one item per tenant. */
export const platformWebhookTenantsPartition = `${platformPrefix}WEBHOOKS`;

/** A tenant's entry in that list: a platform key, written on the platform session only. */
export function platformWebhookTenant(s: TenantScope): Key {
  return { pk: platformWebhookTenantsPartition, sk: s.tenantId };
}

/** A platform operator's throttling bucket: under `PLATFORM#`, the only keys the platform session may write. */
export function platformRateBucket(subject: string): Key {
  return { pk: `PLATFORM#RATE#${subject}`, sk: "BUCKET" };
}

export const keys = {
  tenant: (s: TenantScope): Key => ({ pk: s.prefix, sk: "TENANT" }),
  /**
   * A tenant's entry in the platform registry: a platform item, written by the platform session only, never
   * with the tenant's own. Listed through gsi1, where tables from before keep the entry on the tenant item
   * (`T#<id>` / `TENANT`) until the tenant's next change moves it here.
   */
  tenantRegistryEntry: (s: TenantScope) => ({
    pk: platformTenantsPartition,
    sk: s.tenantId,
    gsi1pk: platformTenantsPartition,
    gsi1sk: s.tenantId,
  }),
  apiKey: (s: TenantScope, keyId: string): Key => ({ pk: `${s.prefix}#APIKEY`, sk: keyId }),
  apiKeys: (s: TenantScope) => `${s.prefix}#APIKEY`,
  /** A department's members (部门成员), one partition per department (its name as settings keep it), by subject. */
  departmentMember: (s: TenantScope, department: string, subject: string): Key => ({ pk: `${s.prefix}#DEPT#${department}`, sk: subject }),
  departmentMembers: (s: TenantScope, department: string) => `${s.prefix}#DEPT#${department}`,
  audit: (s: TenantScope, at: string, id: string): Key => ({ pk: `${s.prefix}#AUDIT`, sk: `${at}#${id}` }),
  auditLog: (s: TenantScope) => `${s.prefix}#AUDIT`,
  /** The tenant's change feed (GET /v1/changes): one record per change, by position (core/changes/feed-position.ts). */
  change: (s: TenantScope, position: string): Key => ({ pk: `${s.prefix}#CHG`, sk: position }),
  changes: (s: TenantScope) => `${s.prefix}#CHG`,
  idempotency: (s: TenantScope, key: string): Key => ({ pk: `${s.prefix}#IDEM`, sk: key }),
  settings: (s: TenantScope): Key => ({ pk: s.prefix, sk: "SETTINGS" }),
  town: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#TOWN`, sk: `ID#${id}` }),
  townName: (s: TenantScope, name: string): Key => ({ pk: `${s.prefix}#TOWN`, sk: `NAME#${name}` }),
  towns: (s: TenantScope) => `${s.prefix}#TOWN`,
  grid: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#GRID`, sk: `ID#${id}` }),
  gridName: (s: TenantScope, townId: string, name: string): Key => ({ pk: `${s.prefix}#GRID`, sk: `NAME#${townId}#${name}` }),
  grids: (s: TenantScope) => `${s.prefix}#GRID`,
  /** Index gsi1: the grids of one town, by name. */
  gridsOfTown: (s: TenantScope, townId: string) => `${s.prefix}#GRID#TOWN#${townId}`,
  /** A unit's partition holds its current record and its history (`V#<version>`). */
  enterprise: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#ENT#${id}`, sk: "CURRENT" }),
  enterpriseVersion: (s: TenantScope, id: string, version: number): Key => ({
    pk: `${s.prefix}#ENT#${id}`,
    sk: `V#${String(version).padStart(10, "0")}`,
  }),
  enterprisePartition: (s: TenantScope, id: string) => `${s.prefix}#ENT#${id}`,
  /** Uniqueness of the credit code within the tenant; points at the unit. */
  creditCode: (s: TenantScope, code: string): Key => ({ pk: `${s.prefix}#USCC`, sk: code }),
  /**
   * List entries: one per unit per dimension value (`all`, `town#<id>`, `risk#red`…), sorted by name then id,
   * each carrying the unit's summary. Lists query one such partition; deleted units have only `deleted`.
   */
  enterpriseListPartition: (s: TenantScope, list: string) => `${s.prefix}#EIX#${list}`,
  enterpriseListEntry: (s: TenantScope, list: string, name: string, id: string): Key => ({
    pk: `${s.prefix}#EIX#${list}`,
    sk: `${name}#${id}`,
  }),
  /** Index gsi1 on the current record: units by reviewedAt (stale units first). */
  enterprisesByReview: (s: TenantScope) => `${s.prefix}#ENT#BYREVIEW`,
  /** Index gsi1 on history entries: the change feed of one ISO week. */
  enterpriseChangeFeed: (s: TenantScope, week: string) => `${s.prefix}#ECHG#${week}`,
  /** Placards, newest first by id; gsi1 (active only) by last check for the due list; gsi2 by unit; gsi3 to replace. */
  placard: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#PLC`, sk: id }),
  placards: (s: TenantScope) => `${s.prefix}#PLC`,
  placardsDue: (s: TenantScope) => `${s.prefix}#PLC#DUE`,
  placardsOfUnit: (s: TenantScope, enterpriseId: string) => `${s.prefix}#PLC#ENT#${enterpriseId}`,
  /** gsi3 of active placards that need replacing, sorted `<town>#<placard>`. */
  placardsToReplace: (s: TenantScope) => `${s.prefix}#PLC#RPL`,
  /** How many placards are active, and on how many units: kept by every placard's creation and revocation. */
  placardCount: (s: TenantScope): Key => ({ pk: `${s.prefix}#PLCRUN`, sk: "COUNT" }),
  /** The same counts of one town's units (the unit's town: placards move with it), beside the tenant's row. */
  placardTownCount: (s: TenantScope, townId: string): Key => ({ pk: `${s.prefix}#PLCRUN`, sk: `TOWN#${townId}` }),
  /** How many active placards one unit has (its coverage changes when this goes from 0 or to 0). */
  placardUnitCount: (s: TenantScope, enterpriseId: string): Key => ({ pk: `${s.prefix}#PLCU#${enterpriseId}`, sk: "COUNT" }),
  /** The public token behind a placard's QR code: points at the placard. */
  placardToken: (s: TenantScope, token: string): Key => ({ pk: `${s.prefix}#PLCTOKEN`, sk: token }),
  placardCheck: (s: TenantScope, placardId: string, checkedOn: string, checkId: string): Key => ({
    pk: `${s.prefix}#PLCCHK#${placardId}`,
    sk: `${checkedOn}#${checkId}`,
  }),
  placardChecks: (s: TenantScope, placardId: string) => `${s.prefix}#PLCCHK#${placardId}`,
  /** Import jobs of a tenant, newest first; each job's rejected rows in its own partition, by row then field. */
  importJob: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#IMP`, sk: id }),
  importJobs: (s: TenantScope) => `${s.prefix}#IMP`,
  importRejection: (s: TenantScope, id: string, row: number, field: string): Key => ({
    pk: `${s.prefix}#IMP#${id}#REJ`,
    sk: `${String(row).padStart(9, "0")}#${field}`,
  }),
  importRejections: (s: TenantScope, id: string) => `${s.prefix}#IMP#${id}#REJ`,
  importAccepted: (s: TenantScope, id: string, row: number): Key => ({ pk: `${s.prefix}#IMP#${id}#ROW`, sk: String(row).padStart(9, "0") }),
  importAcceptedRows: (s: TenantScope, id: string) => `${s.prefix}#IMP#${id}#ROW`,
  /** Weekly snapshots by ISO week (2026-W47 sorts in time order); each week's worklist by town. */
  snapshot: (s: TenantScope, week: string): Key => ({ pk: `${s.prefix}#SNAP`, sk: week }),
  snapshots: (s: TenantScope) => `${s.prefix}#SNAP`,
  worklistItem: (
    s: TenantScope,
    week: string,
    item: { townId: string; kind: string; enterpriseId: string; placardId: string | null },
  ): Key => ({
    pk: `${s.prefix}#WL#${week}`,
    sk: `${item.townId}#${item.kind}#${item.enterpriseId}#${item.placardId ?? ""}`,
  }),
  worklist: (s: TenantScope, week: string) => `${s.prefix}#WL#${week}`,
  /** A tenant's rubrics (ids are time-ordered: newest last); each rubric's versions in its own partition. */
  rubric: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#RUB`, sk: id }),
  rubrics: (s: TenantScope) => `${s.prefix}#RUB`,
  rubricVersion: (s: TenantScope, id: string, version: number): Key => ({
    pk: `${s.prefix}#RUB#${id}`,
    sk: `V#${String(version).padStart(10, "0")}`,
  }),
  /** A tenant's star schemes (ids time-ordered); each scheme's versions in its own partition. */
  starScheme: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#STS`, sk: id }),
  starSchemes: (s: TenantScope) => `${s.prefix}#STS`,
  starSchemeVersion: (s: TenantScope, id: string, version: number): Key => ({
    pk: `${s.prefix}#STS#${id}`,
    sk: `V#${String(version).padStart(10, "0")}`,
  }),
  /** A star application in its own partition; a small entry per list (`all`, `ent#<id>`), newest id last. */
  starApplication: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#STA#${id}`, sk: "CURRENT" }),
  starApplicationFile: (s: TenantScope, applicationId: string, fileId: string): Key => ({
    pk: `${s.prefix}#STA#${applicationId}`,
    sk: `FILE#${fileId}`,
  }),
  starApplicationList: (s: TenantScope, list: string) => `${s.prefix}#STAIX#${list}`,
  starApplicationEntry: (s: TenantScope, list: string, id: string): Key => ({ pk: `${s.prefix}#STAIX#${list}`, sk: id }),
  /** Held while a unit's application for a scheme is pending: a second one is a conflict. */
  starApplicationPending: (s: TenantScope, enterpriseId: string, schemeId: string): Key => ({
    pk: `${s.prefix}#STAPEND`,
    sk: `${enterpriseId}#${schemeId}`,
  }),
  /** An awarded star in its own partition; the unit's awards listed in one partition, newest id last. */
  starAward: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#STW#${id}`, sk: "CURRENT" }),
  starAwardsOfUnit: (s: TenantScope, enterpriseId: string) => `${s.prefix}#STWU#${enterpriseId}`,
  starAwardOfUnit: (s: TenantScope, enterpriseId: string, id: string): Key => ({ pk: `${s.prefix}#STWU#${enterpriseId}`, sk: id }),
  /**
   * The stars' change feed of one ISO week: an entry per write that moved awards' states (the awards' changes in
   * it), by the time the changes took effect, then the write's audit id.
   */
  starAwardChanges: (s: TenantScope, week: string) => `${s.prefix}#STWCHG#${week}`,
  starAwardChange: (s: TenantScope, week: string, at: string, writeId: string): Key => ({
    pk: `${s.prefix}#STWCHG#${week}`,
    sk: `${at}#${writeId}`,
  }),
  /** A unit's paper-only / sham standardization mark, while it stands. */
  shamFlag: (s: TenantScope, enterpriseId: string): Key => ({ pk: `${s.prefix}#SHAM#${enterpriseId}`, sk: "CURRENT" }),
  /** Award list entries, one per list (`all`, `town#<id>`, `star#<label code>`, `scheme#<id>`, `state#<state>`), by award day then id. */
  starAwardListPartition: (s: TenantScope, list: string) => `${s.prefix}#STWIX#${list}`,
  starAwardListEntry: (s: TenantScope, list: string, awardedOn: string, id: string): Key => ({
    pk: `${s.prefix}#STWIX#${list}`,
    sk: `${awardedOn}#${id}`,
  }),
  /** The held awards by the day they are due a re-derivation (nextCheckOn): the weekly sweep's worklist. */
  starAwardsDue: (s: TenantScope) => `${s.prefix}#STWDUE`,
  starAwardDue: (s: TenantScope, day: string, id: string): Key => ({ pk: `${s.prefix}#STWDUE`, sk: `${day}#${id}` }),
  /** A key inspection target (差异化监管): the unit's row while it is one. */
  supervisionTarget: (s: TenantScope, enterpriseId: string): Key => ({ pk: `${s.prefix}#SVT#${enterpriseId}`, sk: "CURRENT" }),
  /**
   * Key-target list entries: `all` (one per target unit) and `reason#<code>` (one per unit and reason), each by town,
   * then unit name, then id — so a town is a `begins_with` of the sort key — carrying the unit's whole row.
   */
  supervisionTargetListPartition: (s: TenantScope, list: string) => `${s.prefix}#SVTIX#${list}`,
  supervisionTargetListEntry: (s: TenantScope, list: string, townId: string, name: string, enterpriseId: string): Key => ({
    pk: `${s.prefix}#SVTIX#${list}`,
    sk: `${townId}#${name}#${enterpriseId}`,
  }),
  /** Where the tenant's backfill of the key-target list stands (the rules it used). */
  supervisionTargetBackfill: (s: TenantScope): Key => ({ pk: `${s.prefix}#SVTRUN`, sk: "BACKFILL" }),
  /** How many units are key targets: ADD ±1 in the transaction that creates or deletes a unit's row. */
  supervisionTargetCount: (s: TenantScope): Key => ({ pk: `${s.prefix}#SVTRUN`, sk: "COUNT" }),
  /** A unit's accident records, one partition per unit, newest id last. */
  accidents: (s: TenantScope, enterpriseId: string) => `${s.prefix}#ACC#${enterpriseId}`,
  accident: (s: TenantScope, enterpriseId: string, id: string): Key => ({ pk: `${s.prefix}#ACC#${enterpriseId}`, sk: id }),
  /** What officials wrote for a town's standardization report (附件2): one item per town, in one partition. */
  townReportText: (s: TenantScope, townId: string): Key => ({ pk: `${s.prefix}#TOWNRPT`, sk: townId }),
  /** An assessment in its own partition; its list entries one per list (`all`, `town#<id>`…) by date then id. */
  assessment: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#ASM#${id}`, sk: "CURRENT" }),
  assessmentListPartition: (s: TenantScope, list: string) => `${s.prefix}#AIX#${list}`,
  assessmentListEntry: (s: TenantScope, list: string, assessedOn: string, id: string): Key => ({
    pk: `${s.prefix}#AIX#${list}`,
    sk: `${assessedOn}#${id}`,
  }),
  /** A hazard in its own partition; list entries per list (`all`, `town#…`, `state#…`) by found date, and `open` by deadline. */
  hazard: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#HZD#${id}`, sk: "CURRENT" }),
  hazardListPartition: (s: TenantScope, list: string) => `${s.prefix}#HIX#${list}`,
  hazardListEntry: (s: TenantScope, list: string, sortDate: string, id: string): Key => ({
    pk: `${s.prefix}#HIX#${list}`,
    sk: `${sortDate}#${id}`,
  }),
  /** Key hazard lists: the list itself, one entry per list by half month, one per department and half month. */
  keyHazardList: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#KHL#${id}`, sk: "CURRENT" }),
  keyHazardListEntries: (s: TenantScope) => `${s.prefix}#KHLIX`,
  keyHazardListEntry: (s: TenantScope, period: string, id: string): Key => ({ pk: `${s.prefix}#KHLIX`, sk: `${period}#${id}` }),
  keyHazardListSlot: (s: TenantScope, period: string, department: string): Key => ({
    pk: `${s.prefix}#KHLSLOT`,
    sk: `${period}#${department}`,
  }),
  /** One hazard per assessment finding: points at the hazard made of it. */
  hazardSource: (s: TenantScope, assessmentId: string, criterionId: string): Key => ({
    pk: `${s.prefix}#HZSRC#${assessmentId}`,
    sk: criterionId,
  }),
  /**
   * Joint tackling (联合攻坚清单): a city's items from one district share the partition `T#<city>#UP#<district>`,
   * the only key of the city a district session may reach (IAM: EscalationAccessRole). The city's lists across its
   * districts are index partitions `T#<city>#JT#…` (all, state#…, dept#…) by escalation time.
   */
  jointTackling: (city: TenantScope, districtId: string, hazardId: string): Key => ({
    pk: `${city.prefix}#UP#${districtId}`,
    sk: `JT#${hazardId}`,
  }),
  jointTacklingsOfDistrict: (city: TenantScope, districtId: string) => `${city.prefix}#UP#${districtId}`,
  jointTacklingIndex: (city: TenantScope, list: string) => `${city.prefix}#JT#${list}`,
  /**
   * What a district delivers to its city each month (packages/store/reports): in the partition it shares with the
   * city (`T#<city>#UP#<district>`, as its joint tackling items), listed for the city by month (`T#<city>#DF#<month>`).
   */
  districtFigures: (city: TenantScope, districtId: string, month: string): Key => ({
    pk: `${city.prefix}#UP#${districtId}`,
    sk: `DF#${month}`,
  }),
  districtFiguresIndex: (city: TenantScope, month: string) => `${city.prefix}#DF#${month}`,
  /** A tenant's monthly reports, one partition sorted by month. */
  monthlyReport: (s: TenantScope, month: string): Key => ({ pk: `${s.prefix}#REPORT#monthly`, sk: month }),
  monthlyReports: (s: TenantScope) => `${s.prefix}#REPORT#monthly`,
  /** A city's coordination requests (提请协调清单), one partition, by id (time-ordered). */
  coordinationRequest: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#COORD`, sk: id }),
  coordinationRequests: (s: TenantScope) => `${s.prefix}#COORD`,
  /**
   * Benchmark enterprises (标杆企业): a designation in its own partition; list entries per year (`all`, `town#<id>`)
   * by id (time-ordered); the unit's slot for a year while a designation stands; a counter per year and town.
   */
  benchmarkEnterprise: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#BMK#${id}`, sk: "CURRENT" }),
  benchmarkListPartition: (s: TenantScope, year: number, list: string) => `${s.prefix}#BMKIX#${year}#${list}`,
  benchmarkListEntry: (s: TenantScope, year: number, list: string, id: string): Key => ({
    pk: `${s.prefix}#BMKIX#${year}#${list}`,
    sk: id,
  }),
  benchmarkSlot: (s: TenantScope, year: number, enterpriseId: string): Key => ({ pk: `${s.prefix}#BMKSLOT#${year}`, sk: enterpriseId }),
  benchmarkCounters: (s: TenantScope, year: number) => `${s.prefix}#BMKCNT#${year}`,
  benchmarkCounter: (s: TenantScope, year: number, townId: string): Key => ({ pk: `${s.prefix}#BMKCNT#${year}`, sk: townId }),
  /** Per-day hazard counters ("dynamic zeroing" figures) of a scope, by found-on date. */
  hazardCounters: (s: TenantScope, scope: string, foundOn: string): Key => ({ pk: `${s.prefix}#HAGG#${scope}`, sk: foundOn }),
  hazardCounterRows: (s: TenantScope, scope: string) => `${s.prefix}#HAGG#${scope}`,
  /** Export jobs of a tenant, newest first (ids are time-ordered). */
  exportJob: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#EXP`, sk: id }),
  exportJobs: (s: TenantScope) => `${s.prefix}#EXP`,
  /** Webhook endpoints (`EP#<id>`) and the tenant's dispatch cursor (`CURSOR`: how far the feed was read). */
  webhookEndpoint: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#WH`, sk: `EP#${id}` }),
  webhooks: (s: TenantScope) => `${s.prefix}#WH`,
  webhookCursor: (s: TenantScope): Key => ({ pk: `${s.prefix}#WH`, sk: "CURSOR" }),
  /** An endpoint's deliveries, one per change, by the change's position (the log reads newest first). */
  webhookDelivery: (s: TenantScope, endpointId: string, position: string): Key => ({ pk: `${s.prefix}#WHD#${endpointId}`, sk: position }),
  webhookDeliveries: (s: TenantScope, endpointId: string) => `${s.prefix}#WHD#${endpointId}`,
  /**
   * A campaign (专项行动) in its own partition: its definition (`META`), one tally per unit in its scope
   * (`UNIT#<enterpriseId>`, what each piece of its work adds), its expert visits (`VISIT#<id>`) and its
   * verification draws (`SAMPLE#<stageId>`); and the tenant's list of campaigns, by id (time-ordered).
   */
  campaign: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#CAMP#${id}`, sk: "META" }),
  campaignPartition: (s: TenantScope, id: string) => `${s.prefix}#CAMP#${id}`,
  campaignUnit: (s: TenantScope, id: string, enterpriseId: string): Key => ({ pk: `${s.prefix}#CAMP#${id}`, sk: `UNIT#${enterpriseId}` }),
  campaignVisit: (s: TenantScope, id: string, visitId: string): Key => ({ pk: `${s.prefix}#CAMP#${id}`, sk: `VISIT#${visitId}` }),
  campaignSample: (s: TenantScope, id: string, stageId: string): Key => ({ pk: `${s.prefix}#CAMP#${id}`, sk: `SAMPLE#${stageId}` }),
  /**
   * A district's grant of a campaign's review to its city: the grant in the campaign's partition (the authority,
   * read on every review request), and its notice in the one partition of the city the district's escalation session
   * reaches (`T#<city>#UP#<district>`, sort key `REVIEW#<campaign>`), listed by the city through gsi1 `T#<city>#REVIEWS`.
   */
  campaignReviewGrant: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#CAMP#${id}`, sk: "GRANT" }),
  campaignReviewNotice: (city: TenantScope, districtId: string, campaignId: string): Key => ({
    pk: `${city.prefix}#UP#${districtId}`,
    sk: `REVIEW#${campaignId}`,
  }),
  campaignReviewIndex: (city: TenantScope) => `${city.prefix}#REVIEWS`,
  campaignListEntry: (s: TenantScope, id: string): Key => ({ pk: `${s.prefix}#CAMPIX`, sk: id }),
  campaignList: (s: TenantScope) => `${s.prefix}#CAMPIX`,
  /** A caller's (or the tenant's own) throttling bucket: one item, its GCRA timestamp (store/rate-limiter.ts). */
  rateBucket: (s: TenantScope, subject: string): Key => ({ pk: `${s.prefix}#RATE#${subject}`, sk: "BUCKET" }),
} as const;
