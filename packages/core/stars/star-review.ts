// Who may act on a pending star application as its reviewer: a signed-in official with stars:write other than
// the one who filed it (four eyes), while the application is still pending and at the version the client saw.
import type { RequestContext } from "#core/kernel/context";
import { errors, requireVersion } from "#core/kernel/errors";
import { idPattern } from "#core/kernel/ids";
import { personOf, requirePerson, requireTenantAccess } from "#core/kernel/principal";
import type { StarApplicationRepository } from "#core/stars/ports";
import type { StarApplication } from "#core/stars/star-application";

/** The tenant's application `id`, or 404. */
export async function loadApplication(applications: StarApplicationRepository, tenantId: string, id: string): Promise<StarApplication> {
  const found = idPattern.test(id) ? await applications.get(tenantId, id) : undefined;
  if (!found) throw errors.notFound("star application", id);
  return found;
}

/** A pending application and its reviewer. */
export async function reviewable(
  applications: StarApplicationRepository,
  ctx: RequestContext,
  id: string,
  expectedVersion: number | undefined,
) {
  const principal = requirePerson(requireTenantAccess(ctx.principal, "stars", "write"), {
    zh: "星级评定审核",
    en: "Reviewing a star application",
  });
  const current = await loadApplication(applications, principal.tenantId, id);
  requireVersion("star application", id, expectedVersion, current.version);
  if (current.status !== "pending") {
    throw errors.conflict(
      "application_reviewed",
      { zh: "该申请已审核", en: "The application has already been reviewed" },
      { status: current.status, review: current.review },
    );
  }
  if (personOf(principal) === current.filedBy) {
    throw errors.forbidden("own_application", {
      zh: "不能审核本人提交的申请，须由另一名工作人员审核",
      en: "An application is reviewed by an official other than the one who filed it",
    });
  }
  return { principal, current };
}
