// What the change feed needs of storage.
import type { Change, ChangeType } from "#core/changes/change";

export interface ChangeRange {
  /** Read the changes after this position… */
  readonly after: string;
  /** …and before this one (exclusive both ends). */
  readonly before: string;
  /** Only these types; every type when undefined. */
  readonly types: readonly ChangeType[] | undefined;
  readonly limit: number;
}

export interface ChangeSlice {
  /** Oldest first. */
  readonly items: readonly Change[];
  /** The position everything up to has been read: the last change's, or `before` when the range is exhausted. */
  readonly readTo: string;
  readonly exhausted: boolean;
}

export interface ChangeFeedRepository {
  read(tenantId: string, range: ChangeRange): Promise<ChangeSlice>;
}
