import { route } from "@/lib/http";
import { getOpenApiDocument } from "@/lib/validations/openapi";

export const dynamic = "force-static";

/** The API's OpenAPI 3.1 document, generated from the routes' zod schemas. */
export const GET = route(() => Promise.resolve(Response.json(getOpenApiDocument())));
