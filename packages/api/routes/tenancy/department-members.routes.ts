// /v1/departments/{department}/members: the tenant-admin records who belongs to each of the tenant's departments
// (settings.departments), besides the departments claim of officials' tokens. Members publish the department's
// key hazard lists (重点隐患清单).
import { createRoute, z } from "@hono/zod-openapi";
import { etag, ifMatch, optionalJson, pageBody, versioned } from "#api/http";
import { authErrors, errorResponses, IfMatchHeaderSchema, json, PageQuerySchema, pageOf, security } from "#api/openapi";
import { newRouter, requestContext } from "#api/router";
import { DepartmentMemberSchema, DepartmentNameSchema, PutDepartmentMemberSchema, SubjectSchema } from "#core/tenancy/department-member";
import type { DepartmentMemberService } from "#core/tenancy/department-member-service";

const tags = ["Departments 部门"];
const DepartmentParam = z.object({
  department: DepartmentNameSchema.meta({
    param: { name: "department", in: "path" },
    description: "One of settings.departments, URL-encoded",
    example: "住建局",
  }),
});
const MemberParams = DepartmentParam.extend({
  subject: SubjectSchema.meta({ param: { name: "subject", in: "path" }, description: "The official's JWT sub" }),
});

const putMember = createRoute({
  method: "put",
  path: "/v1/departments/{department}/members/{subject}",
  tags,
  summary: "Record that an official belongs to a department, or change the name recorded (tenant-admin)",
  description:
    "201 when added, 200 when already a member. Members may publish the department's key hazard lists, as may officials " +
    "whose token's departments claim (custom:departments) names it. An unknown department is 422 unknown_department. Audited.",
  security,
  request: {
    params: MemberParams,
    body: { required: false, content: { "application/json": { schema: PutDepartmentMemberSchema } } },
  },
  responses: {
    200: json(DepartmentMemberSchema, "Already a member (its name as now recorded)"),
    201: json(DepartmentMemberSchema, "Added"),
    ...errorResponses(400, ...authErrors, 409, 412, 415, 422),
  },
});

const removeMember = createRoute({
  method: "delete",
  path: "/v1/departments/{department}/members/{subject}",
  tags,
  summary: "Take an official out of a department (tenant-admin); the token's claim, if any, is the identity provider's",
  security,
  request: { params: MemberParams, headers: IfMatchHeaderSchema },
  responses: { 204: { description: "Removed" }, ...errorResponses(400, ...authErrors, 404, 412) },
});

const listMembers = createRoute({
  method: "get",
  path: "/v1/departments/{department}/members",
  tags,
  summary: "A department's recorded members, by subject (tenant-admin)",
  security,
  request: { params: DepartmentParam, query: PageQuerySchema },
  responses: {
    200: json(pageOf(DepartmentMemberSchema, "DepartmentMemberPage"), "A page of members"),
    ...errorResponses(400, ...authErrors, 422),
  },
});

export function departmentMemberRoutes(members: DepartmentMemberService) {
  return newRouter()
    .openapi(putMember, async (c) => {
      const { status, body } = await members.put(requestContext(c), c.req.valid("param"), await optionalJson(c));
      c.header("ETag", etag(body.version));
      return status === 201 ? c.json(body, 201) : versioned(c, body);
    })
    .openapi(removeMember, async (c) => {
      await members.remove(requestContext(c), c.req.valid("param"), ifMatch(c));
      return c.body(null, 204);
    })
    .openapi(listMembers, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const page = await members.list(requestContext(c), c.req.valid("param").department, { limit, cursor });
      return c.json(pageBody(page), 200);
    });
}
