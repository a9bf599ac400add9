// The API's surface as a client depends on it, read from the OpenAPI document: each operation's parameters (where,
// type, required) and request body, each component schema's fields (type, required). Kept as a committed snapshot
// (test/contract/openapi-surface.json); `breakingChanges` names what a client built on the snapshot would lose.
type Json = Record<string, any>;

export interface ApiSurface {
  readonly operations: Record<string, { readonly parameters: Record<string, string>; readonly body: string | null }>;
  readonly schemas: Record<string, Record<string, string>>;
}

/** A schema's type in a few characters: `string`, `#Hazard`, `integer[]`, `enum(a|b)`, `string|null`. */
export function typeOf(schema: Json | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return `#${String(schema.$ref).split("/").pop()}`;
  if (schema.enum) return `enum(${schema.enum.map(String).join("|")})`;
  if (schema.const !== undefined) return `const(${String(schema.const)})`;
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    if (schema[key]) return (schema[key] as Json[]).map(typeOf).join(key === "allOf" ? "&" : "|");
  }
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ["any"];
  return types.map((t) => (t === "array" ? `${typeOf(schema.items)}[]` : t)).join("|");
}

export function apiSurface(doc: Json): ApiSurface {
  const operations: Record<string, ApiSurface["operations"][string]> = {};
  for (const [path, ops] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<Json>(ops)) {
      const parameters: Record<string, string> = {};
      for (const p of (op.parameters ?? []) as Json[]) parameters[`${p.in}:${p.name}`] = `${typeOf(p.schema)}${p.required ? "!" : ""}`;
      const content = op.requestBody?.content as Json | undefined;
      const body = content
        ? Object.entries<Json>(content)
            .map(([type, c]) => `${type} ${typeOf(c.schema)}`)
            .join(", ")
        : null;
      operations[`${method} ${path}`] = { parameters, body };
    }
  }
  const schemas: Record<string, Record<string, string>> = {};
  for (const [name, schema] of Object.entries<Json>(doc.components?.schemas ?? {})) {
    const required = new Set<string>(schema.required ?? []);
    schemas[name] = Object.fromEntries(
      Object.entries<Json>(schema.properties ?? { "(self)": schema }).map(([field, s]) => [
        field,
        `${typeOf(s)}${required.has(field) ? "!" : ""}`,
      ]),
    );
  }
  return { operations, schemas };
}

/**
 * What `next` takes away from a client of `before`: an operation, parameter, schema or field gone, a type changed,
 * or a parameter newly required. Additions are not breaking (they still need the snapshot updated, on purpose).
 */
export function breakingChanges(before: ApiSurface, next: ApiSurface): string[] {
  const found: string[] = [];
  for (const [key, op] of Object.entries(before.operations)) {
    const now = next.operations[key];
    if (!now) {
      found.push(`operation ${key} removed`);
      continue;
    }
    for (const [param, type] of Object.entries(op.parameters)) {
      if (now.parameters[param] === undefined) found.push(`${key}: parameter ${param} removed`);
      else if (now.parameters[param] !== type) found.push(`${key}: parameter ${param} ${type} → ${now.parameters[param]}`);
    }
    for (const [param, type] of Object.entries(now.parameters)) {
      if (op.parameters[param] === undefined && type.endsWith("!")) found.push(`${key}: new required parameter ${param}`);
    }
    if (op.body !== now.body) found.push(`${key}: request body ${op.body} → ${now.body}`);
  }
  for (const [name, fields] of Object.entries(before.schemas)) {
    const now = next.schemas[name];
    if (!now) {
      found.push(`schema ${name} removed`);
      continue;
    }
    for (const [field, type] of Object.entries(fields)) {
      if (now[field] === undefined) found.push(`schema ${name}: field ${field} removed`);
      else if (now[field] !== type) found.push(`schema ${name}: field ${field} ${type} → ${now[field]}`);
    }
  }
  return found;
}
