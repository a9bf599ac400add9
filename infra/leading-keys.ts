// What each kind of session may do on the table: the `dynamodb:LeadingKeys` patterns and actions of the tenant,
// escalation and platform sessions, in a module of their own (no CDK import) so that infra/tenant-access.ts builds
// the IAM statements from them and the test harness enforces exactly the same statements on DynamoDB Local.

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
 * Of its city's keys, an escalation session (a district escalating to its city, 联合攻坚清单) may use only the one
 * partition `T#<city>#UP#<district>` where that district's joint tackling items live: exact, no wildcard, so it
 * reaches neither the city's other data nor another district's items.
 */
export const cityPartitionLeadingKeys = [`T#\${aws:PrincipalTag/${parentTagKey}}#UP#\${aws:PrincipalTag/${tenantTagKey}}`];

/** The platform registry of tenants (gsi1 partition `PLATFORM#TENANTS`) and other platform items. */
export const platformLeadingKeys = ["PLATFORM#*"];

/**
 * Item-level actions on the table and its indexes; Scan is deliberately absent (no Scan in a request path).
 * TransactWriteItems and TransactGetItems have no permission of their own: IAM authorises each Put, Update,
 * Delete and Get inside a transaction as PutItem, UpdateItem, DeleteItem and GetItem, and each ConditionCheck as
 * ConditionCheckItem ("Using IAM with DynamoDB transactions", DynamoDB Developer Guide). So listing those per-item
 * actions below is what allows transactions, and LeadingKeys is checked for every item in them.
 */
export const itemActions = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:ConditionCheckItem",
  "dynamodb:BatchWriteItem",
] as const;

export const readActions = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"] as const;

/** One IAM statement: these actions, where every leading key of the request matches one of the patterns. */
export interface KeysStatement {
  readonly sid: string;
  readonly leadingKeys: readonly string[];
  readonly actions: readonly string[];
}

export const tenantSession: readonly KeysStatement[] = [{ sid: "TenantKeysOnly", leadingKeys: tenantLeadingKeys, actions: itemActions }];

/**
 * A district's escalation session: everything on its own keys; on its partition under the city only what the
 * joint tackling steps use — read, list, write the item, refresh its snapshot — never delete it or batch-write.
 */
export const escalationSession: readonly KeysStatement[] = [
  { sid: "DistrictKeys", leadingKeys: tenantLeadingKeys, actions: itemActions },
  {
    sid: "ItsCityPartitionOnly",
    leadingKeys: cityPartitionLeadingKeys,
    actions: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"],
  },
];

export const platformSession: readonly KeysStatement[] = [
  { sid: "PlatformKeysOnly", leadingKeys: platformLeadingKeys, actions: itemActions },
];
