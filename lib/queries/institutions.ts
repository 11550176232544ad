import type { Db } from "../db/client";
import { listInstitutions } from "../institution";
import { runKindSchema, type RunKind } from "../models/runs";

export type InstitutionSummary = {
  code: string;
  name: string;
  primary: boolean;
  courses: number;
  models: RunKind[];
};

/**
 * Every institution with the size of its catalog and the kinds of model it has an active run of,
 * so an API client knows which codes `?institution=` takes and what each can answer. Catalog sizes
 * are public (the catalog is), and nothing here counts students.
 */
export async function listInstitutionSummaries(db: Db): Promise<InstitutionSummary[]> {
  const [all, courses, runs] = await Promise.all([
    listInstitutions(db),
    db.course.groupBy({ by: ["institutionId"], _count: { _all: true } }),
    db.modelRun.findMany({
      where: { isActive: true },
      select: { institutionId: true, kind: true },
      orderBy: { kind: "asc" },
    }),
  ]);
  const countOf = new Map(courses.map((c) => [c.institutionId, c._count._all]));
  return all.map((inst, i) => ({
    code: inst.code,
    name: inst.name,
    primary: i === 0,
    courses: countOf.get(inst.id) ?? 0,
    models: runs.filter((r) => r.institutionId === inst.id).map((r) => runKindSchema.parse(r.kind)),
  }));
}
