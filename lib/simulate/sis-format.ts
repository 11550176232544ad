import { stringify } from "csv-stringify/sync";
import type { SimCatalog } from "./catalog";
import type { SimEnrollment } from "./students";

/** Shapes of the written export: our own CSVs, or a PeopleSoft Campus Solutions extract. */
export const EXPORT_FORMATS = ["csv", "peoplesoft"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** PeopleSoft term digits as docs/import-mappings/peoplesoft.json decodes them (the preset's). */
const STRM_DIGIT: Record<string, string> = { Spring: "2", Summer: "5", Fall: "8" };

/** `Fall 2019` → STRM `2198` (CYYT: century digit, year in century, term digit). */
export function strmOf(term: string): string {
  const [season, year] = term.split(" ") as [string, string];
  const y = Number(year);
  return `${Math.floor(y / 100) - 18}${String(y % 100).padStart(2, "0")}${STRM_DIGIT[season]}`;
}

/** PeopleSoft keeps CATALOG_NBR right-aligned in a CHAR field: `  61A`. */
function catalogNbr(code: string, subject: string): string {
  return code.slice(subject.length).trim().padStart(6, " ");
}

/**
 * PS_CRSE_CATALOG-like rows: SUBJECT and CATALOG_NBR instead of one code, ACAD_CAREER for the level.
 * Cross-listings and prerequisites live in other PeopleSoft tables and are not part of this extract.
 */
export function peoplesoftCatalogCsv(catalog: SimCatalog): string {
  const rows: (string | number)[][] = [
    [
      "SUBJECT",
      "CATALOG_NBR",
      "SUBJECT_DESCR",
      "COURSE_TITLE_LONG",
      "DESCRLONG",
      "UNITS_MAXIMUM",
      "ACAD_CAREER",
    ],
  ];
  const subjectOf = new Map(catalog.subjects.map((s) => [s.code, s]));
  for (const c of catalog.classes) {
    for (const code of c.codes) {
      rows.push([
        code.subject,
        catalogNbr(code.code, code.subject),
        subjectOf.get(code.subject)!.name,
        c.title,
        c.description,
        c.units,
        c.level === 3 ? "GRAD" : "UGRD",
      ]);
    }
  }
  return stringify(rows);
}

export const PEOPLESOFT_ENROLLMENT_HEADER = "EMPLID,STRM,SUBJECT,CATALOG_NBR,ACAD_PLAN,CRSE_GRADE_OFF\n";

/** One enrollment (STDNT_ENRL-like) row; our fields hold no commas or quotes. */
export function peoplesoftEnrollmentLine(e: SimEnrollment, subjectOfCode: Map<string, string>): string {
  const subject = subjectOfCode.get(e.code)!;
  return `${e.student},${strmOf(e.term)},${subject},${catalogNbr(e.code, subject)},${e.majors},${e.grade}\n`;
}
