import type { SimCatalog } from "./catalog";
import type { CollegeCatalog } from "./college-catalog";
import { CERTIFICATES } from "./college-only";
import type { SimProgram } from "./programs";

const SCIENCE_DIVISIONS = new Set(["Engineering", "Sciences"]);

/**
 * The college's requirements.csv rows: an associate degree for transfer per university major whose
 * lower-division core the college teaches (its core through the equivalences, a related course,
 * English composition), and the career-technical certificates.
 */
export function collegeRequirementRows(
  cc: CollegeCatalog,
  uni: SimCatalog,
  programs: SimProgram[],
): string[][] {
  const rows: string[][] = [["program", "requirement", "course", "count"]];
  const code = (id: number) => cc.classes[id]!.codes[0]!.code;
  const push = (program: string, requirement: string, ids: number[], count: number) => {
    for (const id of ids) rows.push([program, requirement, code(id), String(count)]);
  };
  programs.forEach((p, m) => {
    const mapped = (name: string) => [
      ...new Set(
        (p.requirements.find((r) => r.name === name)?.classes ?? [])
          .map((u) => cc.collegeOf.get(u))
          .filter((c) => c !== undefined),
      ),
    ];
    const core = mapped("Lower-division core");
    if (!core.length) return;
    const subject = uni.subjects[m]!;
    const name = `${subject.name} ${SCIENCE_DIVISIONS.has(subject.division) ? "AS-T" : "AA-T"}`;
    push(name, "Major preparation", core, core.length);
    const related = mapped("Related field");
    if (related.length) push(name, "Related course", related, 1);
    push(name, "English composition", [cc.englishId], 1);
  });
  for (const c of CERTIFICATES) {
    const ids = c.courses.map((x) => cc.idOf.get(x)!);
    push(c.name, "Required courses", ids, ids.length);
  }
  return rows;
}
