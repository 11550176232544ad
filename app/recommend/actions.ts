"use server";

import { computeRecommendView, readRecommendInput, type RecommendView } from "./view";

/**
 * The recommend form's action: the history arrives in a POST body (never in the address, so it
 * stays out of access logs and browser history) and is used for this answer only.
 */
export async function recommendAction(_prev: RecommendView, form: FormData): Promise<RecommendView> {
  const text = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const all = (k: string) => form.getAll(k).filter((v): v is string => typeof v === "string");
  return computeRecommendView(readRecommendInput(text, all));
}
