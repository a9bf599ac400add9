// A TransactWriteItems whose outcome is always known to its caller. A send given up by its time limit, or cut
// off by a timeout or a dropped connection, may still have committed: DynamoDB finishes a transaction it
// received whether or not the client waits for the answer. Answering such a change with a 5xx would tell the
// caller it failed while it is saved (and, without If-Match, retrying it would apply it twice). So every
// transaction carries a ClientRequestToken, and one whose answer was lost is sent again, identical: DynamoDB
// answers a token it already committed with success and changes nothing, and one it never received is applied
// now, so the second answer is the first one's outcome (DynamoDB keeps the token for ten minutes). A token still
// being applied answers TransactionInProgressException, and is asked again a moment later.
import type { DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { cancelledInPassing, storageBusyReason } from "#store/kernel/storage-busy";

/** How many times a transaction whose answer was lost is sent again before the loss is the caller's answer. */
const settleTries = 4;

/**
 * Errors after which the transaction may or may not have been applied: the answer, not the request, was lost (a
 * timeout, the store's own time limit, a dropped connection), or DynamoDB is still applying the token.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (error instanceof Error && error.name === "TransactionInProgressException") return true;
  const reason = storageBusyReason(error);
  return reason === "timeout" || reason === "connection";
}

/**
 * Sends `command` (built, guarded and given its ClientRequestToken by writes.ts, the store's one write path); a
 * first send may be given up after `timeoutMs`. When its answer is lost, it is sent again, the same, until DynamoDB
 * says what became of it; the last loss is thrown if it never does.
 */
export async function sendSettled(
  client: DynamoDBClient,
  command: TransactWriteItemsCommand,
  timeoutMs: number | undefined,
): Promise<void> {
  if (!command.input.ClientRequestToken) throw new Error("a settled transaction needs its ClientRequestToken");
  try {
    await client.send(command, timeoutMs !== undefined ? { abortSignal: AbortSignal.timeout(timeoutMs) } : {});
    return;
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    let lost = error;
    for (let attempt = 1; attempt <= settleTries; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
      try {
        await client.send(command);
        return;
      } catch (again) {
        // Cancelled only by a conflict or a throttled item, the ask itself was not evaluated: still unknown (a
        // fresh try under a new token, as writes.ts makes for a conflict, could apply a change a second time).
        if (!outcomeUnknown(again) && !cancelledInPassing(again)) throw again;
        lost = again;
      }
    }
    // Unknown to the end: the loss of the answer, never the last ask's conflict, is what the caller learns (503).
    throw lost;
  }
}
