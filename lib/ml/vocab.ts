import { createHash } from "node:crypto";

/**
 * A student's history: terms in chronological order, each a list of course ids (database ids).
 * `majors` are subject codes or program names, as imported.
 */
export type StudentHistory = { terms: { ordinal: number; courses: number[] }[]; majors: string[] };

/** The vocabulary of a model: the courses (and optional extra tokens) it knows, by index. */
export type Vocab = { ids: number[]; indexOf: Map<number, number>; counts: Float64Array };

/**
 * Courses taken by at least `minStudents` distinct students, most popular first. Rarer courses get
 * no vector (privacy and noise) and carry no signal in the models.
 */
export function buildVocab(histories: StudentHistory[], minStudents: number): Vocab {
  const students = new Map<number, number>();
  for (const h of histories) {
    const seen = new Set<number>();
    for (const t of h.terms) for (const c of t.courses) seen.add(c);
    for (const c of seen) students.set(c, (students.get(c) ?? 0) + 1);
  }
  const ids = [...students]
    .filter(([, n]) => n >= minStudents)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([id]) => id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  return { ids, indexOf, counts: Float64Array.from(ids, (id) => students.get(id)!) };
}

/** Histories with course ids replaced by vocabulary indices (unknown courses dropped, empty terms kept). */
export function toIndexHistories(
  histories: StudentHistory[],
  vocab: Vocab,
): { terms: number[][]; ordinals: number[]; majors: string[] }[] {
  return histories.map((h) => ({
    terms: h.terms.map((t) =>
      t.courses.map((c) => vocab.indexOf.get(c)).filter((i): i is number => i !== undefined),
    ),
    ordinals: h.terms.map((t) => t.ordinal),
    majors: h.majors,
  }));
}

/** A stable hash of the training data, recorded with every model run. */
export function hashHistories(histories: StudentHistory[]): string {
  const h = createHash("sha256");
  for (const s of histories) {
    h.update(s.majors.join(";"));
    for (const t of s.terms) h.update(`|${t.ordinal}:${[...t.courses].sort((a, b) => a - b).join(",")}`);
    h.update("\n");
  }
  return h.digest("hex");
}
