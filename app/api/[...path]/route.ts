import { AppError, toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Any /api path that no other route claims: a JSON 404 rather than the site's HTML not-found page.
const notFound = () => Promise.resolve(toErrorResponse(new AppError("not_found", "No such API endpoint")));

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
