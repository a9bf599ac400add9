// Alarms that page the operators: server errors at the edge, function errors and throttles, DynamoDB throttling
// or service errors, and any message reaching a dead-letter queue (or waiting in the held job dead letters). All notify one encrypted SNS topic.
import { Duration } from "aws-cdk-lib";
import type * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** Operations the store uses; throttling on any of them is worth a page. */
const tableOperations = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
  dynamodb.Operation.TRANSACT_GET_ITEMS,
];

export interface AlarmsProps {
  readonly api: apigwv2.HttpApi;
  readonly function: lambda.IFunction;
  readonly table: dynamodb.Table;
  /** Drained by the worker at once: alarmed on what it receives, not on what waits. */
  readonly jobDeadLetters: sqs.IQueue;
  /** Dead letters waiting for an operator. */
  readonly heldJobDeadLetters: sqs.IQueue;
  readonly dispatchDeadLetters: sqs.IQueue;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);

    // A customer-managed key, because CloudWatch cannot publish to a topic encrypted with the AWS-managed
    // SNS key (its key policy cannot grant cloudwatch.amazonaws.com).
    const key = new kms.Key(this, "TopicKey", {
      description: "Anquan: encrypts the alarm topic",
      enableKeyRotation: true,
    });
    key.grant(new iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");

    this.topic = new sns.Topic(this, "Topic", {
      displayName: "Anquan alarms",
      masterKey: key,
      enforceSSL: true,
    });
    const action = new SnsAction(this.topic);

    const fiveMinutes = { period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM };
    const deadLetterMetric = { period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM };
    const alarms: Array<[string, cloudwatch.IMetric, number, string]> = [
      ["Api5xx", props.api.metricServerError(fiveMinutes), 5, "API returned 5xx responses"],
      ["FunctionErrors", props.function.metricErrors(fiveMinutes), 5, "API function invocations failed"],
      ["FunctionThrottles", props.function.metricThrottles(fiveMinutes), 1, "API function was throttled"],
      [
        "TableThrottles",
        props.table.metricThrottledRequestsForOperations({ ...fiveMinutes, operations: tableOperations }),
        1,
        "DynamoDB throttled requests (a hot tenant key or an account limit)",
      ],
      [
        "TableSystemErrors",
        props.table.metricSystemErrorsForOperations({ ...fiveMinutes, operations: tableOperations }),
        1,
        "DynamoDB returned 5xx system errors",
      ],
      // One message is enough: each is a tenant's job that failed three times, or a scheduled fan-out that never ran.
      // The worker takes each job dead letter at once (an import is failed visibly), so what it receives is counted.
      [
        "JobDeadLetters",
        props.jobDeadLetters.metricNumberOfMessagesReceived(fiveMinutes),
        1,
        "job messages failed three deliveries (dead-letter queue; imports among them are now failed, dead_lettered)",
      ],
      [
        "HeldJobDeadLetters",
        props.heldJobDeadLetters.metricApproximateNumberOfMessagesVisible(deadLetterMetric),
        1,
        "dead-lettered job messages wait for an operator (held dead letters: inspect, then redrive to the job queue)",
      ],
      [
        "DispatchDeadLetters",
        props.dispatchDeadLetters.metricApproximateNumberOfMessagesVisible(deadLetterMetric),
        1,
        "the weekly refresh or the monthly report fan-out failed (dead-letter queue)",
      ],
    ];

    for (const [id, metric, threshold, description] of alarms) {
      const alarm = new cloudwatch.Alarm(this, id, {
        alarmDescription: `Anquan: ${description}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No traffic is not an incident.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
    }
  }
}
