// Star-rating fixtures: a verified 附件3 assessment of a unit, opened and answered by one inspector and verified
// by another (the evidence an assessment-score rule reads); a major hazard; a unit awarded the Shishi stars.
import type { RubricDefinition } from "#core/assessments/rubric";
import { answersFor } from "#test/support/assessments";
import type { Harness } from "#test/support/harness";
import { enterpriseBody, type Place } from "#test/support/register";

export async function verifiedAssessment(
  h: Harness,
  by: { inspector: string; verifier: string },
  enterpriseId: string,
  answers: Record<string, unknown>,
  assessedOn: string,
): Promise<string> {
  const opened = await h.request("POST", "/v1/assessments", {
    token: by.inspector,
    body: {
      target: { type: "enterprise", id: enterpriseId },
      rubric: { id: "shishi-enterprise-2024", version: 1 },
      stage: "verification",
      assessor: { name: "陈秋茹", organization: "市安办督导帮扶组" },
      assessedOn,
    },
  });
  const id: string = opened.body.id;
  const steps = [
    await h.request("PATCH", `/v1/assessments/${id}`, { token: by.inspector, body: { answers } }),
    await h.request("POST", `/v1/assessments/${id}/submit`, { token: by.inspector }),
    await h.request("POST", `/v1/assessments/${id}/verify`, { token: by.verifier, body: { note: "核实一致" } }),
  ];
  for (const step of [opened, ...steps]) {
    if (step.status >= 300) throw new Error(`verifiedAssessment: ${step.status} ${JSON.stringify(step.body)}`);
  }
  return id;
}

/** Records an open major hazard (重大事故隐患) at the unit, found on `foundOn`; returns its id. */
export async function majorHazard(h: Harness, token: string, enterpriseId: string, foundOn: string): Promise<string> {
  return recordHazard(h, token, enterpriseId, foundOn, "major");
}

/** Records an open hazard of `severity` at the unit, found on `foundOn`; returns its id. */
export async function recordHazard(
  h: Harness,
  token: string,
  enterpriseId: string,
  foundOn: string,
  severity: "general" | "major",
): Promise<string> {
  const res = await h.request("POST", "/v1/hazards", {
    token,
    body: {
      enterpriseId,
      category: "电气",
      description: "配电房无防鼠板",
      severity,
      source: "inspection",
      foundBy: { name: "李检查", phone: "13912345678" },
      foundOn,
    },
  });
  if (res.status !== 201) throw new Error(`recordHazard: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export interface AwardedUnit {
  readonly unit: { id: string; name: string };
  readonly definition: RubricDefinition;
  readonly schemeId: string;
  /** The verified assessment behind the stars. */
  readonly assessmentId: string;
}

/** The tenant's own published copy of the Shishi star scheme; returns its id. */
export async function shishiScheme(h: Harness, admin: string): Promise<string> {
  const copied = await h.request("POST", "/v1/star-scheme-library/shishi-standardization-stars-2024/copy", { token: admin });
  const published = await h.request("POST", `/v1/star-schemes/${copied.body.id}/publish`, { token: admin });
  if (published.status !== 200) throw new Error(`shishiScheme: ${published.status} ${JSON.stringify(published.body)}`);
  return copied.body.id;
}

/**
 * A unit (standardization passed, all-staff responsibility system) with a full-marks verified 附件3 assessment,
 * awarded the three stars of the tenant's copy of the Shishi scheme by the tenant-admin: a new copy, or the
 * `schemeId` given; `award` is the award request's body (a plaque, a note).
 */
export async function awardedUnit(
  h: Harness,
  by: { admin: string; inspector: string; verifier: string },
  place: Place,
  n: number,
  assessedOn: string,
  options: { schemeId?: string; award?: Record<string, unknown>; unit?: Record<string, unknown> } = {},
): Promise<AwardedUnit> {
  const standardization = { status: "passed", responsibilitySystem: true, starRated: false, informationCollected: true };
  const body = enterpriseBody(n, place, { standardization, ...options.unit });
  const unit = (await h.request("POST", "/v1/enterprises", { token: by.admin, body })).body;
  const definition: RubricDefinition = (await h.request("GET", "/v1/rubric-library/shishi-enterprise-2024", { token: by.inspector })).body
    .definition;
  const assessmentId = await verifiedAssessment(h, by, unit.id, answersFor(definition), assessedOn);
  const schemeId = options.schemeId ?? (await shishiScheme(h, by.admin));
  const filed = await h.request("POST", "/v1/star-applications", { token: by.inspector, body: { enterpriseId: unit.id, schemeId } });
  const awarded = await h.request("POST", `/v1/star-applications/${filed.body.id}/award`, {
    token: by.admin,
    ...(options.award ? { body: options.award } : {}),
  });
  if (awarded.status !== 200) throw new Error(`awardedUnit: ${awarded.status} ${JSON.stringify(awarded.body)}`);
  return { unit, definition, schemeId, assessmentId };
}
