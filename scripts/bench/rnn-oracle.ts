import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { SCALES, simulateUniversity } from "../../lib/simulate";
import { buildCatalog } from "../../lib/simulate/catalog";
import { buildPrograms } from "../../lib/simulate/programs";
import { buildPool, chooseCourses, codeFor, type TermObservation } from "../../lib/simulate/students";
import { termFromOrdinal } from "../../lib/ingest/terms";
import { popularityScores } from "../../lib/ml/next-term-eval";
import { createRng } from "../../lib/random";
import type { StudentHistory } from "../../lib/ml/vocab";
import type { RnnData } from "../../lib/models/rnn-data";
import type { BenchCorpus } from "./corpus";

/**
 * Scores for every test-term case from the simulator itself: the bench's university is simulated
 * again (same seed, so the same students), each test-term student's state is captured just before
 * their term is drawn (everything taken, credit from elsewhere, standing, majors, the load), and
 * the term is drawn `draws` times more from that state. A course's score is how often it was
 * drawn: ranking by it maximises the expected hits in the top 10, so no model that sees only the
 * export can expect more recall@10 (up to the draws' sampling noise).
 */
export function simulatorOracle(
  scale: keyof typeof SCALES,
  simDir: string,
  corpus: BenchCorpus,
  histories: StudentHistory[],
  data: RnnData,
  draws: number,
): Float32Array[] {
  const opts = { seed: 42, ...SCALES[scale], startYear: 2016, college: true };
  const testLabel = termFromOrdinal(data.testTerm).label;
  const states = new Map<string, TermObservation>();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rnn-oracle-"));
  try {
    simulateUniversity(
      {
        ...opts,
        observe: (o) => {
          if (o.term !== testLabel) return;
          const { taken, takenBefore } = o.state;
          states.set(o.student, {
            ...o,
            state: { ...o.state, taken: new Set(taken), takenBefore: new Set(takenBefore) },
          });
        },
      },
      tmp,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // loadBenchCorpus keeps students in the order the file first names them.
  const rows = parse<{ student: string }>(fs.readFileSync(path.join(simDir, "enrollments.csv")), {
    columns: true,
  });
  const ids = [...new Set(rows.map((r) => r.student))];
  if (ids.length !== histories.length) throw new Error("the oracle's students do not match the corpus");
  const catalog = buildCatalog(opts.seed, opts.perSubject, opts.years);
  const programs = buildPrograms(catalog);
  const pools = catalog.subjects.map((_, m) => buildPool(catalog, m));
  const rowOfCode = new Map(corpus.courses.map((c, i) => [c.code, i]));
  const V = data.vocab.ids.length;
  const pop = popularityScores(data.train, V);
  const out: Float32Array[] = [];
  // The cases are the test-term students with an earlier term holding a vocabulary course (buildRnnData).
  histories.forEach((h, i) => {
    if (!h.terms.some((t) => t.ordinal === data.testTerm)) return;
    const earlier = h.terms.some(
      (t) => t.ordinal < data.testTerm && t.courses.some((c) => data.vocab.indexOf.has(c)),
    );
    if (!earlier) return;
    const o = states.get(ids[i]!);
    if (!o) throw new Error(`no simulated state for ${ids[i]} in ${testLabel}`);
    const rng = createRng(1000 + out.length);
    const counts = Float32Array.from(pop, (x) => x * 1e-9);
    const subjects = o.majors.map((m) => catalog.subjects[m]!.code);
    for (let d = 0; d < draws; d++)
      for (const id of chooseCourses(rng, catalog, programs, pools, o.majors, o.state)) {
        const v = data.vocab.indexOf.get(rowOfCode.get(codeFor(rng, catalog.classes[id]!, subjects))!);
        if (v !== undefined) counts[v]!++;
      }
    out.push(counts);
  });
  if (out.length !== data.cases.length) throw new Error("the oracle's cases do not match the evaluation's");
  return out;
}
