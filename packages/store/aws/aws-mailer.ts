// The mail transport a Lambda function builds from its environment: MAIL_TRANSPORT=ses (AWS global regions) or
// smtp (AWS China, which has no SES), with the relay's settings in the Secrets Manager secret SMTP_SECRET_ARN as
// JSON {"host","port","secure","user","pass"}, read on the first mail. MAIL_FROM is the sender either way.
import type { Mailer } from "#core/kernel/ports";
import { requiredEnv } from "#store/aws/aws-environment";
import { secretsManagerSecret } from "#store/aws/aws-secret";
import { sesMailer } from "#store/aws/ses-mailer";
import { type SmtpSettings, smtpMailer } from "#store/kernel/smtp-mailer";

/** The relay's settings as the secret holds them; anything else is a deployment error, named at the first mail. */
export function smtpSettingsOf(secret: string): SmtpSettings {
  const parsed = JSON.parse(secret) as Partial<{ host: string; port: number; secure: boolean; user: string; pass: string }>;
  if (typeof parsed.host !== "string" || !Number.isInteger(parsed.port)) {
    throw new Error('the SMTP secret must be JSON {"host","port","secure","user","pass"}');
  }
  return {
    host: parsed.host,
    port: parsed.port as number,
    secure: parsed.secure ?? parsed.port === 465,
    ...(parsed.user && parsed.pass ? { auth: { user: parsed.user, pass: parsed.pass } } : {}),
  };
}

export function awsMailer(): { mailer: Mailer; mailFrom: string } {
  const mailFrom = requiredEnv("MAIL_FROM");
  const transport = requiredEnv("MAIL_TRANSPORT");
  if (transport === "ses") {
    const configurationSet = process.env.SES_CONFIGURATION_SET;
    return { mailFrom, mailer: sesMailer(configurationSet ? { configurationSet } : {}) };
  }
  if (transport !== "smtp") throw new Error(`MAIL_TRANSPORT must be ses or smtp, not ${transport}`);
  const secret = secretsManagerSecret(requiredEnv("SMTP_SECRET_ARN"));
  let relay: Promise<Mailer> | undefined;
  return {
    mailFrom,
    mailer: {
      async send(message) {
        relay ??= secret().then((bytes) => smtpMailer(smtpSettingsOf(Buffer.from(bytes).toString("utf8"))));
        return (await relay).send(message);
      },
    },
  };
}
