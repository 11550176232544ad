import type { Db } from "../db/client";
import { activeRunId } from "../models/runs";
import { env } from "../env";
import { getCatalog } from "./catalog";

export type SubjectNode = { code: string; name: string; division: string; enrollments: number };
export type SubjectLink = { a: string; b: string; score: number };
export type SubjectNetwork = {
  nodes: SubjectNode[];
  /** The strongest relationships: each subject's `perSubject` closest, both directions merged. */
  links: SubjectLink[];
  /** score[i][j]: course2vec centroid similarity of nodes[i] and nodes[j] (null on the diagonal). */
  matrix: (number | null)[][];
};

/**
 * Subjects with their enrollments (summed over courses that pass the privacy threshold, rounded to
 * two significant figures so a total never pins down a small course) and the active course2vec
 * run's subject ↔ subject similarities. Empty without an active run.
 */
export async function findSubjectNetwork(db: Db, inst: number, perSubject = 3): Promise<SubjectNetwork> {
  const catalog = await getCatalog(db, inst);
  const runId = await activeRunId(db, "course2vec", inst);
  if (runId === null) return { nodes: [], links: [], matrix: [] };
  const enrollments = new Map<string, number>();
  for (const c of catalog.courses)
    if (c.students >= env.MIN_STUDENTS)
      enrollments.set(c.subjectCode, (enrollments.get(c.subjectCode) ?? 0) + c.students);
  const nodes = [...catalog.subjects.values()]
    .filter((s) => (enrollments.get(s.code) ?? 0) > 0)
    .sort((a, b) => a.division.localeCompare(b.division) || a.name.localeCompare(b.name))
    .map((s) => ({
      code: s.code,
      name: s.name,
      division: s.division,
      enrollments: roundTo2(enrollments.get(s.code)!),
    }));
  const index = new Map(nodes.map((n, i) => [n.code, i]));
  const rows = await db.subjectRelation.findMany({ where: { runId } });
  const matrix = nodes.map(() => nodes.map((): number | null => null));
  for (const r of rows) {
    const [i, j] = [index.get(r.subjectCode), index.get(r.relatedCode)];
    if (i !== undefined && j !== undefined && i !== j) matrix[i]![j] = Number(r.score.toFixed(3));
  }
  const links = new Map<string, SubjectLink>();
  nodes.forEach((n, i) => {
    const best = matrix[i]!.map((score, j) => ({ j, score }))
      .filter((x): x is { j: number; score: number } => x.score !== null)
      .sort((x, y) => y.score - x.score)
      .slice(0, perSubject);
    for (const { j, score } of best) {
      const [a, b] = [n.code, nodes[j]!.code].sort();
      links.set(`${a}|${b}`, { a: a!, b: b!, score });
    }
  });
  return { nodes, links: [...links.values()], matrix };
}

function roundTo2(n: number): number {
  if (n < 100) return Math.round(n / 10) * 10;
  const p = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / p) * p;
}
