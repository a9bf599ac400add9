// The clock adapter: the one place product code reads the wall clock. Everything else asks the Clock port
// (deps.clock), so tests move time by hand and calendar logic runs on one clock (lint/no-wall-clock.grit).
import type { Clock } from "#core/kernel/ports";

export const systemClock: Clock = { now: () => new Date() };
