"use server";

import { AppError } from "@/lib/errors";
import { computeTransferView } from "./view";
import type { TransferView } from "./transfer-view";

/**
 * The transfer form's action: the courses arrive in a POST body (not in the address, like the
 * recommend history), are looked up for this answer and not stored.
 */
export async function transferAction(_prev: TransferView, form: FormData): Promise<TransferView> {
  const text = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v.slice(0, 64) : "";
  };
  const courses = form
    .getAll("course")
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.slice(0, 64));
  try {
    return await computeTransferView(text("from"), text("to"), courses);
  } catch (err) {
    if (err instanceof AppError)
      return { from: text("from"), courses: [], unknown: [], modelMissing: false, error: err.message };
    throw err;
  }
}
