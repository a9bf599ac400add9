// Change feed positions: they sort as the changes were sent, and a cursor carries one exactly or is refused.
import { describe, expect, it } from "vitest";
import { changePosition, cursorOf, instantPosition, positionOf, positionTime } from "#core/changes/feed-position";

describe("feed positions", () => {
  const at = new Date("2026-12-03T08:01:02.345Z");

  it("sort by the instant sent, then the write, then the change's index in it; an instant sorts before its changes", () => {
    const positions = [
      changePosition(new Date(at.getTime() + 1), "01aaaaaaaaaaaaaaaaaaaaaaaa", 0),
      changePosition(at, "01bbbbbbbbbbbbbbbbbbbbbbbb", 0),
      changePosition(at, "01aaaaaaaaaaaaaaaaaaaaaaaa", 11),
      changePosition(at, "01aaaaaaaaaaaaaaaaaaaaaaaa", 2),
      instantPosition(at),
    ];
    expect([...positions].sort()).toEqual([positions[4], positions[3], positions[2], positions[1], positions[0]]);
    expect(positionTime(positions[1] as string)).toBe(at.getTime());
  });

  it("round-trip through cursors, and anything else is no cursor", () => {
    for (const position of [changePosition(at, "01aaaaaaaaaaaaaaaaaaaaaaaa", 3), instantPosition(at)]) {
      expect(positionOf(cursorOf(position))).toBe(position);
    }
    const notCursors = [
      "",
      "now",
      "abc",
      cursorOf("2026-12-03T08:01:02Z"),
      cursorOf("2026-13-03T08:01:02.345Z"),
      cursorOf(`${instantPosition(at)}#x`),
      cursorOf(`${instantPosition(at)}#01AAAA#00`),
      "a".repeat(201),
      "c2luY2U9bm93+/",
    ];
    for (const text of notCursors) expect(positionOf(text), text).toBeUndefined();
  });
});
