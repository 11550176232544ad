import { buildVocab, type StudentHistory, type Vocab } from "../ml/vocab";
import { chooseTestTerm, type Sequence } from "../ml/sequences";
import type { EvalCase } from "../ml/next-term-eval";

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
  const majors = [...new Set(before.flatMap((h) => h.majors))].sort();
  const majorIndex = new Map(majors.map((m, i) => [m, i]));
  const toSeq = (h: StudentHistory): Sequence => ({
    terms: h.terms
      .map((t) => t.courses.map((c) => vocab.indexOf.get(c)).filter((i): i is number => i !== undefined))
      .filter((t) => t.length > 0),
    majors: h.majors.map((m) => majorIndex.get(m)).filter((i): i is number => i !== undefined),
  });
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
    cases.push({
      history,
      target: test.courses.map((c) => vocab.indexOf.get(c)).filter((v): v is number => v !== undefined),
      targetCount: test.courses.length,
      taken: new Set(history.terms.flat()),
    });
  });
  return { vocab, majors, testTerm, train, cases, offered };
}
