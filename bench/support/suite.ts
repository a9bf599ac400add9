// The contract between bench/run.ts and the suites in bench/suites/: a suite gets the shared context (lazily
// started DynamoDB Local, built bundles) and returns the markdown section(s) it adds to BENCHMARKS.md.
import type { BuiltBundle } from "./bundles.ts";
import type { DynamoFixture } from "./dynamo-fixture.ts";

export interface BenchContext {
  /** The repository root. */
  readonly root: string;
  /** Scratch folder under .tmp/ (git-ignored). */
  readonly workDir: string;
  /** DynamoDB Local with the table and the demo tenants, started on first use and stopped by run.ts. */
  dynamo(): Promise<DynamoFixture>;
  /** Every functions/*.ts bundled like the CDK stack does, built on first use. */
  bundles(): Promise<readonly BuiltBundle[]>;
  /** Progress for the console (stderr), never the report. */
  log(message: string): void;
  /** `--quick`: long suites run at a fraction of their sizes, to check that they work; their numbers mean little. */
  readonly quick: boolean;
}

export interface Suite {
  /** The name `--only` selects: `warm-latency`. */
  readonly name: string;
  /** The file its section goes to: BENCHMARKS.md (speed and size), or RELIABILITY.md (nothing lost under stress). */
  readonly report?: "benchmarks" | "reliability";
  run(context: BenchContext): Promise<string>;
}
