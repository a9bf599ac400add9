// The `dynamodb:LeadingKeys` patterns of the three kinds of session (tenant, escalation, platform), in a module of
// their own (no CDK import) so the test harness enforces exactly these strings on DynamoDB Local.

/** The session tag that carries the tenant id; the store sets it when it assumes TenantAccessRole. */
export const tenantTagKey = "tenant";

/**
 * A tenant session may only use partition keys `T#<tenant>` and `T#<tenant>#…`. The `#` after the id matters:
 * a bare `T#<tenant>*` would also let tenant 123456 reach tenant 1234567. IAM substitutes the policy variable
 * from the session tag at request time.
 */
export const tenantLeadingKeys = [`T#\${aws:PrincipalTag/${tenantTagKey}}`, `T#\${aws:PrincipalTag/${tenantTagKey}}#*`];

/** The session tag that carries, in an escalation session, the district's parent city. */
export const parentTagKey = "parent";

/**
 * An escalation session (a district escalating to its city, 联合攻坚清单) may use the district's own keys and, of the
 * city's, only the one partition `T#<city>#UP#<district>` where that district's joint tackling items live: exact,
 * no wildcard, so it reaches neither the city's other data nor another district's items.
 */
export const escalationLeadingKeys = [
  ...tenantLeadingKeys,
  `T#\${aws:PrincipalTag/${parentTagKey}}#UP#\${aws:PrincipalTag/${tenantTagKey}}`,
];

/** The platform registry of tenants (gsi1 partition `PLATFORM#TENANTS`) and other platform items. */
export const platformLeadingKeys = ["PLATFORM#*"];
