// Throttles out of the benchmarks' reach: a suite sends thousands of requests as one caller in seconds, which the
// production limits (core/rate-limit.ts) would answer 429. The limiter still runs on every request, so its writes
// are in every capacity figure, as in production.
import type { RateLimits } from "#core/kernel/rate-limit";

export const benchRateLimits: RateLimits = {
  perRole: { "tenant-admin": 100_000_000, inspector: 100_000_000, viewer: 100_000_000 },
  platformOperator: 100_000_000,
  perTenant: 100_000_000,
};
