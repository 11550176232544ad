import { getDb } from "@/lib/db/client";
import { articulationsFor, listFromCatalog, resolveArticulationScope } from "@/lib/queries/articulation";

export const MAX_COURSES = 12;

export type TransferCourse = {
  code: string;
  title: string;
  agreed: { code: string; title: string; source: "known" | "accepted" }[];
  proposals: { code: string; title: string; score: number; reasons: string[] }[];
};
export type TransferView = {
  from: string;
  courses: TransferCourse[];
  unknown: string[];
  modelMissing: boolean;
  error: string | null;
};

export const EMPTY_VIEW: TransferView = {
  from: "",
  courses: [],
  unknown: [],
  modelMissing: false,
  error: null,
};

/**
 * What each course taken at `from` counts as at `to`: agreed articulations first, then up to three
 * proposals (never a rejected one). Codes match the catalog without regard to case or spacing.
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
        .filter((c) => c.status === "proposed")
        .slice(0, 3)
        .map((c) => ({ code: c.code, title: c.title, score: c.score, reasons: c.reasons })),
    })),
  };
}
