// Star-rating fixtures: a verified 附件3 assessment of a unit, opened and answered by one inspector and verified
// by another (the evidence an assessment-score rule reads).
import type { Harness } from "#test/support/harness";

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
  const res = await h.request("POST", "/v1/hazards", {
    token,
    body: {
      enterpriseId,
      category: "电气",
      description: "配电房无防鼠板",
      severity: "major",
      source: "inspection",
      foundBy: { name: "李检查", phone: "13912345678" },
      foundOn,
    },
  });
  if (res.status !== 201) throw new Error(`majorHazard: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
