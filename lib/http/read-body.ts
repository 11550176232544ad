import { AppError } from "../errors";

/**
 * The body's bytes, refusing more than `maxBytes` before reading them: a Content-Length over the
 * limit is refused at once, and a body without one (chunked) is read only up to the limit.
 */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new AppError("payload_too_large", `Request body larger than ${Math.round(maxBytes / 1024)} KiB`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const bytes = await readBodyBytes(req, maxBytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("invalid_request", "Request body is not UTF-8 text");
  }
}

/** The body parsed as JSON, size-checked first: a body that is not JSON is a 400. */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("invalid_request", "Request body is not valid JSON");
  }
}

/**
 * The string fields of a form post (URL-encoded or multipart) or of a JSON object, size-checked
 * first. A body that is not what its content type says is a 400, never a 500.
 */
export async function readFields(
  req: Request,
  maxBytes: number,
): Promise<{ isForm: boolean; fields: Record<string, string> }> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  const bytes = await readBodyBytes(req, maxBytes);
  const fields: Record<string, string> = {};
  if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
    let form: FormData;
    try {
      form = await new Response(bytes, { headers: { "content-type": type } }).formData();
    } catch {
      throw new AppError("invalid_request", "The body is not the form its Content-Type says");
    }
    for (const [k, v] of form) if (typeof v === "string") fields[k] = v;
    return { isForm: true, fields };
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new AppError("invalid_request", "Send a form or a JSON object");
  }
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw new AppError("invalid_request", "Send a JSON object");
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") fields[k] = v;
  return { isForm: false, fields };
}
