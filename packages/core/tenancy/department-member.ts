// Department membership (部门成员): who belongs to one of the tenant's departments (settings.departments), as the
// tenant-admin records it through the API. An official belongs to a department when the token's departments claim
// names it (Cognito's custom:departments) or when a membership is stored here for the token's subject; what
// belonging allows is told where it matters (key hazard lists are published in a department's name only by its
// members: core/tenancy/department-access.ts).
import { z } from "zod";
import { singleLine } from "#core/kernel/text";

/** A department's name as settings.departments keeps it. */
export const DepartmentNameSchema = singleLine(50);

/** An official's JWT `sub` (a Cognito user's is a UUID). */
export const SubjectSchema = z
  .string()
  .regex(/^[A-Za-z0-9._@:+-]{1,128}$/, "An official's subject (the JWT sub): letters, digits and . _ @ : + -")
  .meta({ example: "7c0e5a38-1f7a-4d8e-9a41-3b1f2c6d9e10" });

export const PutDepartmentMemberSchema = z
  .strictObject({
    name: singleLine(50).nullable().default(null).meta({ description: "Whom the subject is, to recognise them in the list, e.g. 张伟" }),
  })
  .meta({ id: "PutDepartmentMember" });

export const DepartmentMemberSchema = z
  .object({
    department: z.string(),
    subject: z.string(),
    name: z.string().nullable(),
    addedBy: z.string().meta({ description: "The tenant-admin who first recorded the membership" }),
    addedAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int().positive(),
  })
  .meta({ id: "DepartmentMember" });
export type DepartmentMember = z.infer<typeof DepartmentMemberSchema>;

/** How an audit record names a membership. */
export const membershipId = (department: string, subject: string) => `${department}/${subject}`;
