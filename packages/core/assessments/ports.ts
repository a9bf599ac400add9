// The ports of the assessments domain: what its use cases need from storage, implemented over DynamoDB in
// packages/store/assessments/. Nothing here knows about AWS or HTTP.

import type { Assessment, AssessmentFilter, AssessmentSummary } from "#core/assessments/assessment";
import type { Rubric, RubricFilter, RubricVersion } from "#core/assessments/rubric";
import type { TownReportText } from "#core/assessments/town-report-text";
import type { Change, Page, PageRequest, WriteContext } from "#core/kernel/ports";

/**
 * A change to a tenant rubric, saved atomically: the rubric record (created when `before` is undefined, else
 * replaced if still at `before.version`) and the one version it writes. A version is only ever written while it
 * is a draft: a published version cannot be overwritten (conflict `rubric_version_published`).
 */
export interface RubricMutation {
  readonly before: Rubric | undefined;
  readonly after: Rubric;
  readonly version: RubricVersion;
}

export interface RubricRepository {
  save(tenantId: string, mutation: RubricMutation, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Rubric | undefined>;
  /** Newest first; filters apply server-side to the tenant's rubrics (a handful to hundreds). */
  list(tenantId: string, filter: RubricFilter, page: PageRequest): Promise<Page<Rubric>>;
  version(tenantId: string, id: string, version: number): Promise<RubricVersion | undefined>;
}

/**
 * A town's benchmark enterprises (标杆企业) of a year and the target they are counted against, which a town's
 * summary shows. The supervision domain keeps them and uses the register, as assessments do; assessments do not
 * import it: it implements this port and createApp wires it in.
 */
export interface TownBenchmarks {
  ofTown(tenantId: string, townId: string, year: number): Promise<{ readonly designated: number; readonly target: number }>;
}

/**
 * A change to an assessment, saved atomically with its list entries (one per list it belongs to, carrying its
 * summary): created when `before` is undefined, else replaced if still at `before.version`.
 */
export interface AssessmentMutation {
  readonly before: Assessment | undefined;
  readonly after: Assessment;
  readonly summary: AssessmentSummary;
  readonly previousSummary: AssessmentSummary | undefined;
}

export interface AssessmentRepository {
  save(tenantId: string, mutation: AssessmentMutation, write: WriteContext): Promise<void>;
  get(tenantId: string, id: string): Promise<Assessment | undefined>;
  /** Deletes a never-submitted draft with its list entries, if still at `assessment.version`. */
  discard(tenantId: string, assessment: Assessment, summary: AssessmentSummary, write: WriteContext): Promise<void>;
  /** Newest assessment date first; filters combine with AND (see AssessmentFilter). */
  list(tenantId: string, filter: AssessmentFilter, page: PageRequest): Promise<Page<AssessmentSummary>>;
}

/** A unit a town suggestion names. */
export interface NamedUnit {
  readonly id: string;
  readonly name: string;
}

/** A key inspection target of a town, and why it is one (in Chinese, as a town assessment's reason reads). */
export interface KeyTarget extends NamedUnit {
  readonly why: string;
}

/**
 * What a town's suggestions read beyond the register, from records that domains above assessments keep (star
 * ratings, the key-target list of differentiated supervision). Assessments cannot import those domains (stars
 * use assessments); the supervision domain implements this port and createApp wires it in.
 */
export interface TownSuggestionSources {
  /**
   * The town's live enterprises (closed units and the nine small venues left out) that have not taken part in
   * star rating: no application of any outcome, no award, no rating recorded before Anquan. By name.
   */
  notStarRated(tenantId: string, townId: string): Promise<readonly NamedUnit[]>;
  /** The town's key inspection targets (差异化监管重点检查对象), by name. */
  keyTargets(tenantId: string, townId: string): Promise<readonly KeyTarget[]>;
}

/** What officials wrote for a town's standardization report (附件2): one versioned record per town. */
export interface TownReportTextRepository {
  /** undefined until first saved. */
  get(tenantId: string, townId: string): Promise<TownReportText | undefined>;
  /**
   * Created when `before` is undefined (conflict-free: a record there is `version_mismatch`), else replaced if
   * still at `before.version`; in both cases only while the town itself still exists (`unknown_town`, 404).
   */
  save(tenantId: string, change: Change<TownReportText>, write: WriteContext): Promise<void>;
}
