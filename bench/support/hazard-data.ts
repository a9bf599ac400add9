// The hazard a request suite records (a major one, found by an inspector) and how it is assigned (交办).

export function majorHazardBody(enterpriseId: string, foundOn: string) {
  return {
    enterpriseId,
    category: "有限空间",
    description: "污水池作业未审批",
    severity: "major",
    source: "inspection",
    foundBy: { name: "李检查" },
    foundOn,
  };
}

export function assignBody(deadline: string) {
  return { rectification: { measure: "建立审批制度", responsible: { name: "王厂长" }, deadline, funds: "1200.50" } };
}
