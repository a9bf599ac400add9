// The app's dependencies on a laptop: DynamoDB Local through the same store code as AWS (a static client
// instead of per-tenant STS credentials), the dev signing key's JWKS, and the installed Swagger UI.
import { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { AppDeps } from "#api/deps";
import { installedDocsAssets } from "#api/docs-assets";
import { jwtVerifier, localKeySet } from "#api/jwt-verifier";
import { systemClock, ulidGenerator } from "#core/ids";
import type { Clock } from "#core/ports";
import { type DevKeys, localAudience, localIssuer } from "#local/dev-keys";
import { localClient, staticClientProvider } from "#store/client-provider";
import { hmacCursorCodec } from "#store/cursor";
import { dynamoRepositories } from "#store/repositories";

export interface LocalDepsOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly keys: DevKeys;
  readonly clock?: Clock;
  readonly logger?: AppDeps["logger"];
  readonly authCacheMs?: number;
  /** A ready client (benchmarks pass one instrumented to count consumed capacity). */
  readonly client?: DynamoDBClient;
}

export function localDeps(options: LocalDepsOptions): AppDeps {
  const clock = options.clock ?? systemClock;
  const client = options.client ?? localClient(options.endpoint);
  return {
    ...dynamoRepositories({
      clients: staticClientProvider(client),
      tableName: options.tableName,
      cursors: hmacCursorCodec(async () => options.keys.cursorSecret),
    }),
    tokens: jwtVerifier({ issuer: localIssuer, audience: localAudience, keys: localKeySet(options.keys.jwks) }),
    clock,
    ids: ulidGenerator(clock),
    logger: options.logger ?? new Logger({ serviceName: "anquan-local", logLevel: (process.env.LOG_LEVEL ?? "WARN") as "WARN" }),
    docsAsset: installedDocsAssets(),
    ...(options.authCacheMs !== undefined ? { authCacheMs: options.authCacheMs } : {}),
  };
}
