import { z } from "zod";
import { parseTerm } from "../ingest/terms";

const required = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is empty`);
const optionalText = z.string().trim().optional().default("");
const codeList = optionalText.transform((s) =>
  s
    .split(";")
    .map((c) => c.trim())
    .filter((c) => c.length > 0),
);

export const COURSE_COLUMNS = {
  required: ["course", "subject", "title"],
  optional: [
    "subject_name",
    "description",
    "units",
    "level",
    "cross_listed",
    "prerequisites",
    "offered",
    "division",
  ],
} as const;

export const courseRowSchema = z.object({
  course: required("course").max(64, "course code longer than 64 characters"),
  subject: required("subject").max(64, "subject longer than 64 characters"),
  // Empty titles are imported with a warning (the code is shown instead).
  title: optionalText.pipe(z.string().max(300, "title longer than 300 characters")),
  subject_name: optionalText,
  division: optionalText,
  description: optionalText.pipe(z.string().max(20_000, "description longer than 20,000 characters")),
  units: optionalText.transform((s, ctx) => {
    if (s === "") return null;
    const n = Number(s);
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      ctx.addIssue({
        code: "custom",
        message: `units must be a number from 0 to 100 or empty, got "${s.slice(0, 40)}"`,
      });
      return z.NEVER;
    }
    return n;
  }),
  level: optionalText,
  cross_listed: codeList,
  prerequisites: codeList,
  offered: codeList,
});
export type CourseRow = z.infer<typeof courseRowSchema>;

export const ENROLLMENT_COLUMNS = {
  required: ["student", "term", "course"],
  // subject: for courses not in the catalog (retired ones in an old history).
  optional: ["major", "grade", "subject"],
} as const;

export const enrollmentRowSchema = z.object({
  student: required("student").max(128, "student id longer than 128 characters"),
  term: required("term").transform((s, ctx) => {
    const t = parseTerm(s);
    if (!t) {
      ctx.addIssue({ code: "custom", message: `not a term like "Fall 2019": "${s.slice(0, 40)}"` });
      return z.NEVER;
    }
    return t;
  }),
  course: required("course").max(64, "course code longer than 64 characters"),
  major: codeList,
  grade: optionalText.pipe(z.string().max(8, "grade longer than 8 characters")),
  subject: optionalText.pipe(z.string().max(64, "subject longer than 64 characters")),
});
export type EnrollmentRow = z.infer<typeof enrollmentRowSchema>;

export const REQUIREMENT_COLUMNS = {
  required: ["program", "requirement", "course", "count"],
  optional: [],
} as const;

export const requirementRowSchema = z.object({
  program: required("program").max(200),
  requirement: required("requirement").max(200),
  course: required("course").max(64),
  count: required("count").pipe(
    z
      .string()
      .regex(/^\d+$/, "count must be a whole number")
      .transform(Number)
      .pipe(z.number().min(1, "count must be at least 1").max(100, "count must be at most 100")),
  ),
});
export type RequirementRow = z.infer<typeof requirementRowSchema>;

/** Level text → 1 lower-division (or undergraduate, as `U` usually means), 2 upper-division, 3 graduate, 0 unknown. */
export function rankLevel(level: string): number {
  const l = level.trim().toLowerCase();
  if (/^(l|ld|lower|lower[- ]division|u|ug|ugrd|undergrad(uate)?|intro(ductory)?)$/.test(l)) return 1;
  if (/^(ud|upper|upper[- ]division|undergraduate upper|advanced)$/.test(l)) return 2;
  if (/^(g|gr|grd|grad|graduate|doctoral|masters?|professional|pgrd)$/.test(l)) return 3;
  return 0;
}
