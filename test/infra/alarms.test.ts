// Operators are paged, through one encrypted SSL-only topic, for API 5xx, function errors and throttles,
// DynamoDB throttling and system errors, and the first message in a dead-letter queue.
import { describe, expect, it } from "vitest";
import { onlyLogicalId, onlyResource, synthAnquan } from "./synth-anquan.ts";

const { global, china } = synthAnquan();

const metricNames = (alarm: Record<string, any>): string[] =>
  alarm.MetricName
    ? [alarm.MetricName]
    : alarm.Metrics.flatMap((m: { MetricStat?: { Metric: { MetricName: string } } }) =>
        m.MetricStat ? [m.MetricStat.Metric.MetricName] : [],
      );

describe.each([
  ["Anquan", global],
  ["Anquan-cn", china],
])("alarms in %s", (_name, template) => {
  const topic = onlyLogicalId(template, "AWS::SNS::Topic");
  const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm")).map((a) => a.Properties);

  it("watch API 5xx, function errors and throttles, DynamoDB throttles and system errors, and dead letters", () => {
    const watched = new Set(alarms.flatMap(metricNames));
    expect([...watched].sort()).toEqual([
      "5xx",
      "ApproximateNumberOfMessagesVisible",
      "Errors",
      "NumberOfMessagesReceived",
      "SystemErrors",
      "ThrottledRequests",
      "Throttles",
    ]);
  });

  it("page on the first message waiting in the held job dead letters and the dispatch dead-letter queue", () => {
    const queues = alarms
      .filter((alarm) => alarm.MetricName === "ApproximateNumberOfMessagesVisible")
      .map((alarm) => {
        expect(alarm).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold", Statistic: "Maximum" });
        return alarm.Dimensions[0].Value["Fn::GetAtt"][0];
      });
    expect(queues.sort()).toEqual([expect.stringMatching(/^JobsDispatchDeadLetters/), expect.stringMatching(/^JobsHeldDeadLetters/)]);
  });

  it("page on the first job message that reaches the job dead-letter queue, which the worker drains at once", () => {
    const received = alarms.filter((alarm) => alarm.MetricName === "NumberOfMessagesReceived");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold", Statistic: "Sum" });
    expect(received[0]?.Dimensions[0].Value["Fn::GetAtt"][0]).toMatch(/^JobsDeadLetters/);
  });

  it("all notify the alarm topic", () => {
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
  });

  it("publish to a KMS-encrypted topic that refuses non-TLS publishers", () => {
    expect(onlyResource(template, "AWS::SNS::Topic").KmsMasterKeyId).toBeDefined();
    const policy = onlyResource(template, "AWS::SNS::TopicPolicy");
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "sns:Publish",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
  });
});
