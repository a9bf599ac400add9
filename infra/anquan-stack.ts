// One Anquan deployment: the table, the cursor key, the API function behind an HTTP API, the background jobs
// (files, queue, worker, weekly and monthly schedules), the worker's mail (SES, or an SMTP relay in aws-cn), IAM
// tenant isolation, the officials' identity provider and the alarms.
// The same stack serves the aws and aws-cn partitions.
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { Alarms } from "./alarms.ts";
import { ApiFunction } from "./api-function.ts";
import {
  departmentsClaim,
  externalOidc,
  externalOperatorOidc,
  OfficialsUserPool,
  type OidcSettings,
  OperatorsUserPool,
  roleClaim,
  tenantClaim,
} from "./auth.ts";
import { CursorSecret } from "./cursor-secret.ts";
import { DataStore } from "./data.ts";
import { HttpApiGateway } from "./http-api.ts";
import { Jobs } from "./jobs.ts";
import { Mail, placeholderMailFrom } from "./mail.ts";
import { TenantAccess } from "./tenant-access.ts";

export interface AnquanStackProps extends StackProps {
  /** `cognito` creates the officials' and the operators' user pools; `external-oidc` takes both from context (aws-cn). */
  readonly identity: "cognito" | "external-oidc";
}

export class AnquanStack extends Stack {
  readonly data: DataStore;
  readonly apiFunction: ApiFunction;
  readonly jobs: Jobs;
  readonly mail: Mail;
  readonly tenantAccess: TenantAccess;
  readonly httpApi: HttpApiGateway;
  readonly officials: OfficialsUserPool | undefined;
  readonly operators: OperatorsUserPool | undefined;

  constructor(scope: Construct, id: string, props: AnquanStackProps) {
    super(scope, id, props);

    this.data = new DataStore(this, "Data");
    const cursor = new CursorSecret(this, "Cursor");

    let oidc: OidcSettings;
    let operatorOidc: OidcSettings;
    if (props.identity === "cognito") {
      this.officials = new OfficialsUserPool(this, "Officials");
      this.operators = new OperatorsUserPool(this, "Operators");
      oidc = this.officials.oidc;
      operatorOidc = this.operators.oidc;
    } else {
      this.officials = undefined;
      this.operators = undefined;
      oidc = externalOidc(this);
      operatorOidc = externalOperatorOidc(this);
    }

    this.apiFunction = new ApiFunction(this, "ApiFunction", {
      environment: {
        TABLE_NAME: this.data.table.tableName,
        CURSOR_SECRET_ARN: cursor.secret.secretArn,
        OIDC_ISSUER: oidc.issuer,
        OIDC_AUDIENCE: oidc.audience,
        OPERATOR_OIDC_ISSUER: operatorOidc.issuer,
        OPERATOR_OIDC_AUDIENCE: operatorOidc.audience,
        OPERATOR_OIDC_JWKS_URL: operatorOidc.jwksUrl,
        TENANT_CLAIM: tenantClaim,
        ROLE_CLAIM: roleClaim,
        DEPARTMENTS_CLAIM: departmentsClaim,
      },
    });
    cursor.secret.grantRead(this.apiFunction.role);

    const allowOrigins = this.node.tryGetContext("corsAllowOrigins") as string[] | undefined;
    this.jobs = new Jobs(this, "Jobs", { table: this.data.table, cursorSecret: cursor.secret, allowOrigins });
    // The API starts imports: it hands out upload URLs and puts the import's job on the queue.
    this.apiFunction.function.addEnvironment("BLOB_BUCKET", this.jobs.bucket.bucketName);
    this.apiFunction.function.addEnvironment("JOB_QUEUE_URL", this.jobs.queue.queueUrl);
    this.jobs.queue.grantSendMessages(this.apiFunction.role);

    // The worker mails the monthly reports and the coordination notices.
    this.mail = new Mail(this, "Mail", {
      from: (this.node.tryGetContext("mailFrom") as string | undefined) ?? placeholderMailFrom,
      identity: this.node.tryGetContext("mailIdentity") as string | undefined,
    });
    this.mail.grantSend(this.jobs.worker);

    this.tenantAccess = new TenantAccess(this, "TenantAccess", {
      data: this.data,
      blobs: this.jobs.bucket,
      sessionRoles: [this.apiFunction.role, this.jobs.worker.role],
      platformRoles: [this.apiFunction.role],
      platformReaders: [this.jobs.dispatcher.role, this.jobs.monthlyDispatcher.role, this.jobs.webhookSweep.role],
    });
    for (const fn of [this.apiFunction.function, this.jobs.worker.function]) {
      fn.addEnvironment("TENANT_ACCESS_ROLE_ARN", this.tenantAccess.role.roleArn);
      fn.addEnvironment("ESCALATION_ACCESS_ROLE_ARN", this.tenantAccess.escalationRole.roleArn);
    }

    this.httpApi = new HttpApiGateway(this, "Http", { handler: this.apiFunction.function, allowOrigins });
    // The download links a monthly mail carries (instead of too large attachments) lead to the API's public
    // address: a custom domain when the deployment names one, else the HTTP API's own URL.
    this.jobs.worker.function.addEnvironment(
      "PUBLIC_BASE_URL",
      (this.node.tryGetContext("publicBaseUrl") as string | undefined) ?? this.httpApi.url,
    );

    new Alarms(this, "Alarms", {
      api: this.httpApi.api,
      function: this.apiFunction.function,
      table: this.data.table,
      jobDeadLetters: this.jobs.deadLetters,
      heldJobDeadLetters: this.jobs.heldDeadLetters,
      dispatchDeadLetters: this.jobs.dispatchDeadLetters,
    });

    new CfnOutput(this, "ApiUrl", { value: this.httpApi.url, description: "Base URL of the Anquan API" });
    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    new CfnOutput(this, "BlobBucket", { value: this.jobs.bucket.bucketName });
    new CfnOutput(this, "JobQueueUrl", { value: this.jobs.queue.queueUrl });
    new CfnOutput(this, "OidcIssuer", { value: oidc.issuer });
    new CfnOutput(this, "OidcAudience", { value: oidc.audience });
    new CfnOutput(this, "OperatorOidcIssuer", { value: operatorOidc.issuer });
    new CfnOutput(this, "OperatorOidcAudience", { value: operatorOidc.audience });
    if (this.mail.smtpSecret) {
      new CfnOutput(this, "SmtpRelaySecretArn", {
        value: this.mail.smtpSecret.secretArn,
        description: "Write the SMTP relay's settings here (docs/deployment.md, Mail)",
      });
    }
  }
}
