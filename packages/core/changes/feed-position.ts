// Positions in a tenant's change feed, and the cursors that carry them. A position is the instant the change was
// sent to the table (ISO-8601, UTC, milliseconds), then the write's id and the change's index within the write:
// positions sort as the changes were made. A bare instant is a position between changes: "everything before it
// is read". Cursors are the positions in base64url, opaque to callers but stable for as long as the feed keeps
// the changes (they are never signed with a key that could be rotated away).
const positionPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)(#[0-9a-z]{1,40}#\d{2})?$/;

/** The position of the `index`-th change of write `writeId`, sent at `sentAt`. */
export function changePosition(sentAt: Date, writeId: string, index: number): string {
  return `${sentAt.toISOString()}#${writeId}#${String(index).padStart(2, "0")}`;
}

/** The position just before anything sent at or after `instant`. */
export function instantPosition(instant: Date): string {
  return instant.toISOString();
}

export function cursorOf(position: string): string {
  return Buffer.from(position, "utf8").toString("base64url");
}

/** The position a cursor carries, or undefined when the text is not one of ours. */
export function positionOf(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const position = Buffer.from(cursor, "base64url").toString("utf8");
  const match = positionPattern.exec(position);
  if (!match?.[1] || Number.isNaN(Date.parse(match[1]))) return undefined;
  return position;
}

/** When the change at `position` was sent (ms since the epoch). */
export function positionTime(position: string): number {
  return Date.parse(position.slice(0, 24));
}
