// The role matrix: what each role and API-key scope may do. docs/features.md, "Roles", documents the same table.
import { describe, expect, it } from "vitest";
import {
  actorOf,
  type Principal,
  permits,
  personOf,
  requirePerson,
  requirePlatformAdmin,
  requireTenantAccess,
  requireTenantAdmin,
  resourceFamilies,
} from "#core/kernel/principal";

const user = (role: "tenant-admin" | "inspector" | "viewer"): Principal => ({ kind: "user", tenantId: "320312", subject: "u", role });
const platform: Principal = { kind: "platform", subject: "ops", role: "platform-admin" };

describe("roles", () => {
  it("tenant-admin may read and write every family", () => {
    for (const family of resourceFamilies) {
      expect(permits(user("tenant-admin"), family, "read")).toBe(true);
      expect(permits(user("tenant-admin"), family, "write")).toBe(true);
    }
  });

  it("inspector writes field data but not rubrics, reports, tenant settings, nor reads the audit trail", () => {
    const inspector = user("inspector");
    for (const family of ["enterprises", "placards", "assessments", "hazards"] as const)
      expect(permits(inspector, family, "write")).toBe(true);
    for (const family of ["rubrics", "reports", "tenant", "audit"] as const) expect(permits(inspector, family, "write")).toBe(false);
    expect(permits(inspector, "audit", "read")).toBe(false);
    expect(permits(inspector, "rubrics", "read")).toBe(true);
  });

  it("viewer only reads, and not the audit trail", () => {
    for (const family of resourceFamilies) {
      expect(permits(user("viewer"), family, "write")).toBe(false);
      expect(permits(user("viewer"), family, "read")).toBe(family !== "audit");
    }
  });

  it("platform-admin reads no tenant data; API keys get exactly their scopes", () => {
    for (const family of resourceFamilies) expect(permits(platform, family, "read")).toBe(false);
    const key: Principal = { kind: "api-key", tenantId: "320312", keyId: "k", scopes: ["hazards:read"], createdBy: "admin" };
    expect(permits(key, "hazards", "read")).toBe(true);
    expect(permits(key, "hazards", "write")).toBe(false);
    expect(permits(key, "enterprises", "read")).toBe(false);
  });

  it("guards throw typed 403 errors", () => {
    expect(() => requireTenantAccess(user("viewer"), "hazards", "write")).toThrow(
      expect.objectContaining({ kind: "forbidden", code: "insufficient_permission" }),
    );
    expect(() => requireTenantAdmin(user("inspector"))).toThrow(expect.objectContaining({ code: "tenant_admin_only" }));
    expect(() => requirePlatformAdmin(user("tenant-admin"))).toThrow(expect.objectContaining({ code: "platform_admin_only" }));
    expect(requirePlatformAdmin(platform).subject).toBe("ops");
  });

  it("an API key is the official who issued it, and never a second person", () => {
    const key = { kind: "api-key", tenantId: "320312", keyId: "k1", scopes: ["hazards:write"], createdBy: "admin-zhang" } as const;
    expect(personOf(key)).toBe("admin-zhang");
    expect(actorOf(key)).toEqual({ kind: "api-key", id: "k1", person: "admin-zhang" });
    expect(personOf({ kind: "user", tenantId: "320312", subject: "admin-zhang", role: "tenant-admin" })).toBe("admin-zhang");
    const step = { zh: "核实", en: "Verification" };
    expect(() => requirePerson(key, step)).toThrow(expect.objectContaining({ kind: "forbidden", code: "person_required" }));
    expect(requirePerson({ kind: "user", tenantId: "320312", subject: "u", role: "inspector" }, step).subject).toBe("u");
  });
});
