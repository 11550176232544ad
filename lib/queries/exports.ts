import { stringify } from "csv-stringify/sync";
import type { RequestOrigin } from "../auth/audit";
import type { z } from "zod";
import type { Db } from "../db/client";
import { activeRunId } from "../models/runs";
import { env } from "../env";
import { AppError } from "../errors";
import { exportKindSchema } from "../validations/api";
import { predictNext } from "../ml/rnn/infer";
import { topCandidates } from "../ml/next-term-eval";
import { loadActiveRnn } from "../models/rnn-runtime";
import { getCatalog, subjectsWithStudents } from "./catalog";
import { resolveMajorIndices } from "./majors";
import { roundScore } from "./disclosure";

export const EXPORT_KINDS = exportKindSchema.options;
export type ExportKind = z.infer<typeof exportKindSchema>;

export type ExportFile = { filename: string; csv: string; rows: number; runId: number };

/**
 * CSV text for export rows. Catalog text (titles, program names) comes from the registrar's files,
 * so a cell starting with =, +, -, @, a tab or a carriage return would run as a formula when the
 * file is opened in a spreadsheet; csv-stringify's escape_formulas prefixes such cells with a quote.
 */
export function toCsv(rows: (string | number)[][]): string {
  return stringify(rows, { escape_formulas: true });
}

async function requireActiveRunId(db: Db, kind: "course2vec" | "rnn", inst: number): Promise<number> {
  const runId = await activeRunId(db, kind, inst);
  if (runId === null) throw new AppError("model_unavailable", `No ${kind} model is active yet`);
  return runId;
}

/**
 * Builds an export of one institution as CSV text. Every kind reads its active run, applies the
 * MIN_STUDENTS privacy threshold and says in its file name which run and threshold it came from.
 */
export async function buildExport(
  db: Db,
  inst: number,
  kind: ExportKind,
  opts: { top: number },
): Promise<ExportFile> {
  const catalog = await getCatalog(db, inst);
  const min = env.MIN_STUDENTS;
  const ok = (id: number) => (catalog.byId.get(id)?.students ?? 0) >= min;
  if (kind === "similar") {
    const runId = await requireActiveRunId(db, "course2vec", inst);
    const rows = await db.similarCourse.findMany({
      where: { runId, rank: { lte: opts.top } },
      orderBy: [{ courseId: "asc" }, { rank: "asc" }],
    });
    const out: (string | number)[][] = [
      [
        "course",
        "course_title",
        "course_subject",
        "similar_course",
        "similar_title",
        "similar_subject",
        "rank",
        "similarity_percent",
      ],
    ];
    const rankOf = new Map<number, number>();
    for (const r of rows) {
      if (!ok(r.courseId) || !ok(r.similarId)) continue;
      const a = catalog.byId.get(r.courseId)!;
      const b = catalog.byId.get(r.similarId)!;
      const rank = (rankOf.get(r.courseId) ?? 0) + 1;
      rankOf.set(r.courseId, rank);
      out.push([
        a.code,
        a.title,
        a.subjectCode,
        b.code,
        b.title,
        b.subjectCode,
        rank,
        Math.max(0, Math.round(r.similarity * 100)),
      ]);
    }
    return {
      filename: `similar-courses-run${runId}-top${opts.top}-min${min}.csv`,
      csv: toCsv(out),
      rows: out.length - 1,
      runId,
    };
  }
  if (kind === "subjects") {
    const runId = await requireActiveRunId(db, "course2vec", inst);
    const rows = await db.subjectRelation.findMany({
      where: { runId },
      orderBy: [{ subjectCode: "asc" }, { score: "desc" }],
    });
    const out: (string | number)[][] = [
      ["subject", "subject_name", "related_subject", "related_name", "rank", "score_percent"],
    ];
    const shown = subjectsWithStudents(catalog, min);
    let prev = "";
    let rank = 0;
    for (const r of rows) {
      if (!shown.has(r.subjectCode) || !shown.has(r.relatedCode)) continue;
      rank = r.subjectCode === prev ? rank + 1 : 1;
      prev = r.subjectCode;
      if (rank > opts.top) continue;
      out.push([
        r.subjectCode,
        catalog.subjects.get(r.subjectCode)?.name ?? "",
        r.relatedCode,
        catalog.subjects.get(r.relatedCode)?.name ?? "",
        rank,
        Math.round(r.score * 100),
      ]);
    }
    return {
      filename: `subject-relationships-run${runId}-top${opts.top}-min${min}.csv`,
      csv: toCsv(out),
      rows: out.length - 1,
      runId,
    };
  }
  if (kind === "course-subjects") {
    const runId = await requireActiveRunId(db, "course2vec", inst);
    const rows = await db.courseSubjectScore.findMany({
      where: { runId },
      orderBy: [{ courseId: "asc" }, { score: "desc" }],
    });
    const out: (string | number)[][] = [
      ["course", "course_title", "course_subject", "related_subject", "rank", "score_percent"],
    ];
    const rankOf = new Map<number, number>();
    for (const r of rows) {
      if (!ok(r.courseId)) continue;
      const rank = (rankOf.get(r.courseId) ?? 0) + 1;
      rankOf.set(r.courseId, rank);
      if (rank > opts.top) continue;
      const c = catalog.byId.get(r.courseId)!;
      out.push([c.code, c.title, c.subjectCode, r.subjectCode, rank, Math.round(r.score * 100)]);
    }
    return {
      filename: `course-subject-relationships-run${runId}-top${opts.top}-min${min}.csv`,
      csv: toCsv(out),
      rows: out.length - 1,
      runId,
    };
  }
  return buildRecommendationExport(db, inst, opts.top);
}

/**
 * The registrar's recommended lists: for each program (its major) and term of study 1-8, the
 * model's top-N courses, rolling forward a typical path (each term "takes" the top 4 suggestions).
 */
async function buildRecommendationExport(db: Db, inst: number, top: number): Promise<ExportFile> {
  const catalog = await getCatalog(db, inst);
  const model = await loadActiveRnn(db, inst);
  if (!model) throw new AppError("model_unavailable", "No rnn model is active yet");
  const programs = await db.program.findMany({ where: { institutionId: inst }, orderBy: { name: "asc" } });
  const subjectByName = new Map([...catalog.subjects.values()].map((s) => [s.name, s.code]));
  const out: (string | number)[][] = [
    ["program", "term_of_study", "rank", "course", "course_title", "course_subject", "score"],
  ];
  const V = model.vocab.length;
  const allowed = Uint8Array.from(model.vocab, (id) =>
    (catalog.byId.get(id)?.students ?? 0) >= env.MIN_STUDENTS ? 1 : 0,
  );
  for (const p of programs) {
    // A program's major follows the API's rule: too few students, and it is the pooled "other".
    const majors = resolveMajorIndices(model, catalog, [
      model.majorIndex.has(p.name)
        ? p.name
        : (subjectByName.get(p.name.replace(/ (BA|BS|Major)$/, "")) ?? p.name),
    ]);
    const terms: number[][] = [];
    for (let k = 1; k <= 8; k++) {
      const [scores] = predictNext(model.model, [{ terms, majors }], V, Math.max(1, model.majors.length));
      const picks = topCandidates(scores!, allowed, new Set(terms.flat()), top);
      picks.forEach((i, r) => {
        const c = catalog.byId.get(model.vocab[i]!)!;
        out.push([p.name, k, r + 1, c.code, c.title, c.subjectCode, roundScore(scores![i]!)]);
      });
      terms.push(picks.slice(0, 4));
    }
  }
  return {
    filename: `recommendations-run${model.runId}-top${top}-min${env.MIN_STUDENTS}.csv`,
    csv: toCsv(out),
    rows: out.length - 1,
    runId: model.runId,
  };
}

export async function logExport(
  db: Db,
  entry: {
    staffUserId?: number;
    actor: string;
    kind: string;
    params: unknown;
    runId: number;
    rows: number;
  } & RequestOrigin,
): Promise<void> {
  await db.exportLog.create({
    data: {
      staffUserId: entry.staffUserId ?? null,
      actor: entry.actor,
      kind: entry.kind,
      params: JSON.stringify(entry.params),
      runId: entry.runId,
      rows: entry.rows,
      clientAddress: entry.clientAddress,
      userAgent: entry.userAgent,
    },
  });
}
