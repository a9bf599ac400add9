// Who is calling. A principal is resolved from a verified credential only (JWT claims or a stored API key)
// and is the first argument of every use case. The tenant never comes from path, query or body.
import { errors } from "#core/kernel/errors";

export const tenantRoles = ["tenant-admin", "inspector", "viewer"] as const;
export type TenantRole = (typeof tenantRoles)[number];
export const roles = ["platform-admin", ...tenantRoles] as const;
export type Role = (typeof roles)[number];

/** Resource families that API-key scopes and role permissions are granted on. */
export const resourceFamilies = [
  "tenant",
  "enterprises",
  "placards",
  "rubrics",
  "assessments",
  "hazards",
  "stars",
  "supervision",
  "reports",
  "campaigns",
  "audit",
] as const;
export type ResourceFamily = (typeof resourceFamilies)[number];
/** read and write for every family; `apply` only for stars (a portal filing star applications for its units). */
export type Access = "read" | "write" | "apply";
export type Scope = `${ResourceFamily}:${Access}`;
export const allScopes: readonly Scope[] = [...resourceFamilies.flatMap((f) => [`${f}:read`, `${f}:write`] as Scope[]), "stars:apply"];

export type Principal =
  | { readonly kind: "platform"; readonly subject: string; readonly role: "platform-admin" }
  | {
      readonly kind: "user";
      readonly tenantId: string;
      readonly subject: string;
      readonly role: TenantRole;
      /** Departments (settings.departments) the token's departments claim names; stored memberships add to them. */
      readonly departments?: readonly string[];
    }
  | {
      readonly kind: "api-key";
      readonly tenantId: string;
      readonly keyId: string;
      readonly scopes: readonly Scope[];
      /** The official who issued the key: the person behind everything it does (see `personOf`). */
      readonly createdBy: string;
      /** Departments the key was issued for: it acts in their name (key hazard lists), and in no other's. */
      readonly departments?: readonly string[];
    };

export type TenantPrincipal = Extract<Principal, { tenantId: string }>;

/**
 * What each role may do (docs/features.md, "Roles"). tenant-admin: everything in its tenant, including API keys and the
 * audit trail; inspector: reads everything but the audit trail, writes field data (register, placards,
 * assessments, hazards, and so a campaign's expert visits) and applies for stars, not rubrics, star schemes, reports,
 * campaign definitions or tenant settings; viewer: reads
 * only, no audit trail.
 */
const rolePermissions: Record<TenantRole, ReadonlySet<Scope>> = {
  "tenant-admin": new Set(allScopes),
  inspector: new Set<Scope>([
    ...resourceFamilies.filter((f) => f !== "audit").map((f) => `${f}:read` as Scope),
    "enterprises:write",
    "placards:write",
    "assessments:write",
    "hazards:write",
    "stars:apply",
  ]),
  viewer: new Set<Scope>(resourceFamilies.filter((f) => f !== "audit").map((f) => `${f}:read` as Scope)),
};

export function permits(principal: Principal, family: ResourceFamily, access: Access): boolean {
  const scope: Scope = `${family}:${access}`;
  switch (principal.kind) {
    case "platform":
      return false; // platform operators manage tenants, never read a tenant's data
    case "user":
      return rolePermissions[principal.role].has(scope);
    case "api-key":
      return principal.scopes.includes(scope);
  }
}

/** Asserts a tenant principal allowed `family:access`, and returns it narrowed. */
export function requireTenantAccess(principal: Principal, family: ResourceFamily, access: Access): TenantPrincipal {
  if (principal.kind === "platform" || !permits(principal, family, access)) {
    throw errors.forbidden(
      "insufficient_permission",
      { zh: `无权执行此操作（需要 ${family}:${access}）`, en: `Not permitted (needs ${family}:${access})` },
      { required: `${family}:${access}` },
    );
  }
  return principal;
}

export function requireTenantAdmin(principal: Principal): TenantPrincipal & { kind: "user" } {
  if (principal.kind !== "user" || principal.role !== "tenant-admin") {
    throw errors.forbidden("tenant_admin_only", { zh: "仅租户管理员可执行此操作", en: "Only a tenant-admin may do this" });
  }
  return principal;
}

export function requirePlatformAdmin(principal: Principal): Extract<Principal, { kind: "platform" }> {
  if (principal.kind !== "platform") {
    throw errors.forbidden("platform_admin_only", { zh: "仅平台管理员可执行此操作", en: "Only a platform-admin may do this" });
  }
  return principal;
}

/** A short, loggable description of the actor, stored in audit records; a key names the official behind it. */
export function actorOf(principal: Principal): { kind: Principal["kind"]; id: string; role?: string; person?: string } {
  switch (principal.kind) {
    case "platform":
      return { kind: "platform", id: principal.subject, role: principal.role };
    case "user":
      return { kind: "user", id: principal.subject, role: principal.role };
    case "api-key":
      return { kind: "api-key", id: principal.keyId, person: principal.createdBy };
  }
}

/**
 * The person answerable for what a principal does: an official is themself; an API key is the official who
 * issued it. Rules about people (four eyes) compare persons, never keys: a key is no second person.
 */
export function personOf(principal: Principal): string {
  return principal.kind === "api-key" ? principal.createdBy : principal.subject;
}

/**
 * Asserts a step that a second person must take (verifying an assessment, closing a major hazard) is taken by a
 * signed-in official: an API key acts for the official who issued it, so it can never be that second person.
 */
export function requirePerson(principal: TenantPrincipal, step: { zh: string; en: string }): TenantPrincipal & { kind: "user" } {
  if (principal.kind !== "user") {
    throw errors.forbidden("person_required", {
      zh: `${step.zh}须由本人登录办理，不能使用 API 密钥`,
      en: `${step.en} must be done by a signed-in official, not with an API key`,
    });
  }
  return principal;
}
