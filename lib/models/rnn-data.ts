import { buildVocab, type StudentHistory, type Vocab } from "../ml/vocab";
import { chooseTestTerm, type Sequence } from "../ml/sequences";
import type { EvalCase } from "../ml/next-term-eval";
import { slotOf } from "../ingest/terms";

/** The model's one major token for every major held by too few students to enter on its own. */
export const OTHER_MAJOR = "(other)";

export type RnnData = {
  vocab: Vocab;
  majors: string[];
  testTerm: number;
  train: Sequence[];
  cases: EvalCase[];
  offered: Uint8Array; // vocabulary courses with enrollments in the test term
};

/**
 * Builds the temporal split. Vocabulary, majors and training sequences come only from terms before
 * the test term; evaluation cases are the test term's students with at least one earlier term.
 */
export function buildRnnData(
  histories: StudentHistory[],
  minStudents: number,
  minTestStudents: number,
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
  const train = before.map(toSeq).filter((s) => s.terms.length >= 1);
  const offered = new Uint8Array(vocab.ids.length);
  const cases: EvalCase[] = [];
  histories.forEach((h, i) => {
    const test = h.terms.find((t) => t.ordinal === testTerm);
    if (!test) return;
    for (const c of test.courses) {
      const v = vocab.indexOf.get(c);
      if (v !== undefined) offered[v] = 1;
    }
    const history = toSeq(before[i]!);
    if (history.terms.length === 0) return;
    history.slots!.push(slotOf(testTerm)); // the term asked about
    cases.push({
      history,
      target: test.courses.map((c) => vocab.indexOf.get(c)).filter((v): v is number => v !== undefined),
      targetCount: test.courses.length,
      taken: new Set(history.terms.flat()),
    });
  });
  return { vocab, majors, testTerm, train, cases, offered };
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
