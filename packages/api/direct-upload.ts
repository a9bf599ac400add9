// How a client sends a file it registered (an import, an evidence photo): a PUT of the bytes to the API, or, where
// storage offers it (S3 in AWS), an HTML-form POST straight to storage, which itself enforces the size range and
// content type. One schema and one builder for both routes that hand these out.
import { z } from "@hono/zod-openapi";
import type { DirectUpload } from "#core/kernel/ports";

export const UploadSchema = z
  .object({
    method: z.enum(["PUT", "POST"]).openapi({
      description:
        "PUT: send the bytes as the body, with `headers`. POST: send multipart/form-data with every field of `fields`, then the file as the last field `file`",
    }),
    url: z.string(),
    headers: z.record(z.string(), z.string()).openapi({ description: "Headers to send with a PUT" }),
    fields: z
      .record(z.string(), z.string())
      .openapi({ description: "Form fields to send before the file with a POST (signed: send them unchanged)" }),
  })
  .openapi("Upload");

export type Upload = z.infer<typeof UploadSchema>;

/** The upload to offer: the storage form when there is one, else a PUT of `contentType` to the API's `apiUrl`. */
export function uploadOf(direct: DirectUpload | undefined, apiUrl: string, contentType: string): Upload {
  return direct
    ? { method: "POST", url: direct.url, headers: {}, fields: { ...direct.fields } }
    : { method: "PUT", url: apiUrl, headers: { "content-type": contentType }, fields: {} };
}
