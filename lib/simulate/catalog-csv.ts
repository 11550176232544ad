import { stringify } from "csv-stringify/sync";
import type { SimCatalog } from "./catalog";

/** courses.csv in the import format (the university's and the college's alike). */
export function catalogCsv(catalog: SimCatalog): string {
  const rows: (string | number)[][] = [
    [
      "course",
      "subject",
      "subject_name",
      "division",
      "title",
      "description",
      "units",
      "level",
      "cross_listed",
      "prerequisites",
      "offered",
    ],
  ];
  const subjectOf = new Map(catalog.subjects.map((s) => [s.code, s]));
  for (const c of catalog.classes) {
    for (const code of c.codes) {
      const s = subjectOf.get(code.subject)!;
      rows.push([
        code.code,
        code.subject,
        s.name,
        s.division,
        c.title,
        c.description,
        c.units,
        ["lower", "upper", "graduate"][c.level - 1]!,
        c.codes
          .filter((x) => x.code !== code.code)
          .map((x) => x.code)
          .join(";"),
        c.prereqs.map((p) => catalog.classes[p]!.codes[0]!.code).join(";"),
        c.offered.join(";"),
      ]);
    }
  }
  return stringify(rows);
}
