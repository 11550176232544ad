import { getDb } from "@/lib/db/client";
import { articulationsFor, listFromCatalog, resolveArticulationScope } from "@/lib/queries/articulation";
import { MAX_COURSES, type TransferView } from "./transfer-view";

/**
 * Proposals below this model probability are not shown to students: the model spreads its belief
 * over every course here, and a course without an equivalent (a college's own remedial or career
 * course) gets only such scores. Staff still see them on /staff/articulation.
 */
export const MIN_PROPOSAL_SCORE = 0.1;

/**
 * What each course taken at `from` counts as at `to`: agreed articulations first, then up to three
 * proposals (never a rejected one, none under MIN_PROPOSAL_SCORE). Codes match the catalog without regard to case or spacing.
 */
export async function computeTransferView(from: string, to: string, typed: string[]): Promise<TransferView> {
  const db = getDb();
  const scope = await resolveArticulationScope(db, from, to);
  const catalog = await listFromCatalog(db, scope.from);
  const fold = (s: string) => s.toUpperCase().replace(/\s+/g, " ").trim();
  const byCode = new Map(catalog.map((c) => [fold(c.code), c]));
  const wanted = [...new Set(typed.map(fold).filter(Boolean))].slice(0, MAX_COURSES);
  const found = wanted.map((w) => byCode.get(w)).filter((c) => c !== undefined);
  const unknown = wanted.filter((w) => !byCode.has(w));
  const rows = await articulationsFor(
    db,
    scope,
    found.map((c) => c.id),
    10,
  );
  return {
    from: scope.from.code,
    unknown,
    modelMissing: !scope.run,
    error: null,
    courses: rows.map((r) => ({
      code: r.course.code,
      title: r.course.title,
      agreed: r.agreed.map((a) => ({ code: a.code, title: a.title, source: a.source })),
      proposals: r.candidates
        .filter((c) => c.status === "proposed" && c.score >= MIN_PROPOSAL_SCORE)
        .slice(0, 3)
        .map((c) => ({ code: c.code, title: c.title, score: c.score, reasons: c.reasons })),
    })),
  };
}
