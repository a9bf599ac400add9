// The operations of the API as its own OpenAPI document describes them (GET /openapi.json): what the fuzz and
// isolation suites generate requests from, so a new route is covered the day it is added.

export type Schema = Record<string, any>;

export interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Operation {
  readonly method: string;
  /** The template, e.g. /v1/hazards/{id}/assign. */
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  /** The request body's media type and schema, if it takes one. */
  readonly body: { readonly required: boolean; readonly contentType: string; readonly schema: Schema } | undefined;
  /** Whether it needs a credential (the public pages and the document itself do not). */
  readonly secured: boolean;
}

export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, any>>;
  readonly components?: { readonly schemas?: Record<string, Schema> };
  readonly security?: readonly unknown[];
}

/** `schema` with its `$ref` (and the refs of an allOf's parts) replaced by what they name, one level deep. */
export function resolved(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    return resolved(doc, doc.components?.schemas?.[name]);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return resolved(doc, schema.allOf[0]);
  return schema;
}

const methods = ["get", "put", "post", "patch", "delete"];

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const content = op.requestBody?.content as Record<string, { schema?: Schema }> | undefined;
      const contentType = content ? Object.keys(content)[0] : undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        parameters: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => ({
          name: String(p.name).toLowerCase() === p.name || p.in !== "header" ? p.name : String(p.name).toLowerCase(),
          in: p.in,
          required: p.required === true,
          schema: resolved(doc, p.schema),
        })),
        body:
          content && contentType
            ? { required: op.requestBody?.required === true, contentType, schema: resolved(doc, content[contentType]?.schema) }
            : undefined,
        secured: (op.security ?? doc.security ?? []).length > 0,
      });
    }
  }
  return operations;
}
