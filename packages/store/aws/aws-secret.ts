// Reads a Secrets Manager secret once (the cursor-signing key in AWS); the value never leaves the process.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

export function secretsManagerSecret(secretArn: string, client = new SecretsManagerClient({})): () => Promise<Uint8Array> {
  return async () => {
    const { SecretString, SecretBinary } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (SecretBinary) return SecretBinary;
    if (SecretString) return Buffer.from(SecretString, "utf8");
    throw new Error(`secret ${secretArn} has no value`);
  };
}
