"use server";

import { computePlanView, readPlanInput, type PlanView } from "./view";

/**
 * The plan form's action: the history arrives in a POST body (never in the address) and is used
 * for this answer only; nothing is logged or stored.
 */
export async function planAction(_prev: PlanView, form: FormData): Promise<PlanView> {
  const text = (k: string) => {
    const v = form.get(k);
    return typeof v === "string" ? v : "";
  };
  const all = (k: string) => form.getAll(k).filter((v): v is string => typeof v === "string");
  return computePlanView(readPlanInput(text, all));
}
