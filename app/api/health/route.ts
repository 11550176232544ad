import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { errorResponse } from "@/lib/http";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const courses = await getDb().course.count();
    return NextResponse.json({ ok: true, courses });
  } catch (err) {
    return errorResponse(err);
  }
}
