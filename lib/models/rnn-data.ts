import { buildVocab, type StudentHistory, type Vocab } from "../ml/vocab";
import { chooseTestTerm, type Sequence } from "../ml/sequences";
import type { EvalCase } from "../ml/next-term-eval";
import { slotOf } from "../ingest/terms";
import { createRng } from "../random";

/** The model's one major token for every major held by too few students to enter on its own. */
export const OTHER_MAJOR = "(other)";

export type RnnData = {
  vocab: Vocab;
  majors: string[];
  testTerm: number;
  train: Sequence[];
  cases: EvalCase[];
  offered: Uint8Array; // vocabulary courses with enrollments in the test term
  /** Held out of training for early stopping (buildRnnData's `validationShare`); absent when not asked for or no earlier term fits. */
  validation?: { term: number; cases: EvalCase[]; offered: Uint8Array };
};

/**
 * Builds the temporal split. Vocabulary, majors and training sequences come only from terms before
 * the test term; evaluation cases are the test term's students with at least one earlier term.
 */
export function buildRnnData(
  histories: StudentHistory[],
  minStudents: number,
  minTestStudents: number,
  opts: { validationShare?: number; seed?: number } = {},
): RnnData {
  const termStudents = new Map<number, number>();
  for (const h of histories)
    for (const t of h.terms) termStudents.set(t.ordinal, (termStudents.get(t.ordinal) ?? 0) + 1);
  const testTerm = chooseTestTerm(termStudents, minTestStudents);
  const before = histories.map((h) => ({ ...h, terms: h.terms.filter((t) => t.ordinal < testTerm) }));
  const vocab = buildVocab(before, minStudents);
  const majorOf = buildMajorVocab(
    before.filter((h) => h.terms.length > 0),
    minStudents,
  );
  const majors = [...new Set(majorOf.values())].sort();
  const majorIndex = new Map(majors.map((m, i) => [m, i]));
  const toSeq = (h: StudentHistory): Sequence => {
    const kept = h.terms
      .map((t) => ({
        slot: slotOf(t.ordinal),
        courses: t.courses.map((c) => vocab.indexOf.get(c)).filter((i): i is number => i !== undefined),
      }))
      .filter((t) => t.courses.length > 0);
    return {
      terms: kept.map((t) => t.courses),
      majors: [...new Set(h.majors.flatMap((m) => majorIndex.get(majorOf.get(m) ?? "") ?? []))],
      slots: kept.map((t) => t.slot),
    };
  };
  /** A case: the history before `term`, the courses taken in it; null without an earlier term. */
  const caseAt = (h: StudentHistory, term: number, offered: Uint8Array): EvalCase | null => {
    const taken = h.terms.find((t) => t.ordinal === term);
    if (!taken) return null;
    for (const c of taken.courses) {
      const v = vocab.indexOf.get(c);
      if (v !== undefined) offered[v] = 1;
    }
    const history = toSeq({ ...h, terms: h.terms.filter((t) => t.ordinal < term) });
    if (history.terms.length === 0) return null;
    history.slots!.push(slotOf(term)); // the term asked about
    return {
      history,
      target: taken.courses.map((c) => vocab.indexOf.get(c)).filter((v): v is number => v !== undefined),
      targetCount: taken.courses.length,
      taken: new Set(history.terms.flat()),
    };
  };
  // Early stopping's validation: a seeded share of the students of the newest earlier term of the
  // test term's season (the same kind of term), trained only on what came before that term.
  const validTerm = opts.validationShare
    ? [...termStudents.keys()]
        .filter((o) => o < testTerm && slotOf(o) === slotOf(testTerm))
        .sort((a, b) => b - a)[0]
    : undefined;
  const held = new Set<number>();
  let validation: RnnData["validation"];
  if (validTerm !== undefined) {
    const rng = createRng(opts.seed ?? 42);
    const v = { term: validTerm, cases: [] as EvalCase[], offered: new Uint8Array(vocab.ids.length) };
    before.forEach((h, i) => {
      const picked = rng.next() < opts.validationShare!;
      const c = caseAt(h, validTerm, v.offered); // every student's courses count as offered
      if (picked && c) {
        v.cases.push(c);
        held.add(i);
      }
    });
    if (v.cases.length > 0) validation = v;
  }
  const train = before
    .map((h, i) => toSeq(held.has(i) ? { ...h, terms: h.terms.filter((t) => t.ordinal < validTerm!) } : h))
    .filter((s) => s.terms.length >= 1);
  const offered = new Uint8Array(vocab.ids.length);
  const cases: EvalCase[] = [];
  for (const h of histories) {
    const c = caseAt(h, testTerm, offered);
    if (c) cases.push(c);
  }
  return { vocab, majors, testTerm, train, cases, offered, ...(validation ? { validation } : {}) };
}

/**
 * Which token each major gets in the model. With no minimum, a major one student holds would let
 * the model learn (and an empty-history request read back) that student's path, so a major enters
 * only with at least `minStudents` distinct students; the others share OTHER_MAJOR, which itself
 * enters only if the students it pools reach the same minimum (else those majors get no token).
 */
export function buildMajorVocab(histories: { majors: string[] }[], minStudents: number): Map<string, string> {
  const students = new Map<string, number>();
  for (const h of histories) for (const m of new Set(h.majors)) students.set(m, (students.get(m) ?? 0) + 1);
  const out = new Map<string, string>();
  let pooled = 0;
  for (const h of histories) if (h.majors.some((m) => students.get(m)! < minStudents)) pooled++;
  for (const [m, n] of students) {
    if (n >= minStudents) out.set(m, m);
    else if (pooled >= minStudents) out.set(m, OTHER_MAJOR);
  }
  return out;
}
