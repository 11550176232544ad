import { OTHER_MAJOR } from "../models/rnn-data";
import type { LoadedRnn } from "../models/rnn-runtime";

// What resolving majors reads of a run: its major vocabulary (the request thread holds no model).
type Majors = Pick<LoadedRnn, "majorIndex">;
import type { Catalog } from "./catalog";

/**
 * The model's token for a major as a user names it (its code, any case, or its subject's name).
 * A major outside the model's vocabulary (held by too few students, or unknown) gets the pooled
 * OTHER_MAJOR token, or none in a model without one: the answer is the same whether or not some
 * student holds that major, so neither an answer nor an error tells which majors exist.
 */
export function resolveMajorIndex(model: Majors, catalog: Catalog, major: string): number | undefined {
  const m = major.trim();
  const direct = model.majorIndex.get(m) ?? model.majorIndex.get(m.toUpperCase());
  if (direct !== undefined && m !== OTHER_MAJOR) return direct;
  const subject = [...catalog.subjects.values()].find((s) => s.name.toLowerCase() === m.toLowerCase());
  const viaName = subject ? model.majorIndex.get(subject.code) : undefined;
  return viaName ?? model.majorIndex.get(OTHER_MAJOR);
}

/** Token indices for a request's majors, without repeats. */
export function resolveMajorIndices(model: Majors, catalog: Catalog, majors: string[]): number[] {
  return [...new Set(majors.flatMap((m) => resolveMajorIndex(model, catalog, m) ?? []))];
}
