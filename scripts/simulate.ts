import path from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { SCALES, simulateUniversity } from "../lib/simulate";
import { EXPORT_FORMATS } from "../lib/simulate/sis-format";
import { startBar, formatDuration } from "./cli/progress";

const flags = z.object({
  seed: z.coerce.number().int().default(42),
  scale: z.enum(["demo", "small", "berkeley"]).default("demo"),
  students: z.coerce.number().int().min(10).max(2_000_000).optional(),
  years: z.coerce.number().int().min(2).max(30).optional(),
  perSubject: z.coerce.number().int().min(6).max(1000).optional(),
  startYear: z.coerce.number().int().min(1950).max(2100).default(2016),
  out: z.string().default("data/sim"),
  format: z.enum(EXPORT_FORMATS).default("csv"),
  college: z.boolean().default(true),
});

const raw = new Command()
  .name("simulate")
  .description(
    "Simulate a university (catalog, programs, enrollment histories) as the three import CSVs, and its partner " +
      "community college (college/, with the university's transfer students' first terms) with planted " +
      "articulations (articulation-known.csv, articulation-heldout.csv). Deterministic by --seed.",
  )
  .option("--seed <n>", "random seed", "42")
  .option(
    "--scale <name>",
    "demo (~20k students), small (3k), berkeley (~165k students, ~9k courses)",
    "demo",
  )
  .option("--students <n>", "number of students (overrides the scale)")
  .option("--years <n>", "years of history (overrides the scale)")
  .option("--per-subject <n>", "courses per subject (overrides the scale)")
  .option("--start-year <n>", "first calendar year", "2016")
  .option("--out <dir>", "output folder", "data/sim")
  .option(
    "--format <shape>",
    "csv (the import format) or peoplesoft (EMPLID, STRM, SUBJECT + CATALOG_NBR; import with --mapping docs/import-mappings/peoplesoft.json)",
    "csv",
  )
  .option("--no-college", "write the university only (transfer students' earlier terms are not simulated)")
  .parse()
  .opts();

const parsed = flags.safeParse(raw);
if (!parsed.success) {
  console.error(
    `Bad flags: ${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join("; ")}`,
  );
  process.exit(2);
}
const f = parsed.data;
const scale = SCALES[f.scale];
const opts = {
  seed: f.seed,
  students: f.students ?? scale.students,
  years: f.years ?? scale.years,
  perSubject: f.perSubject ?? scale.perSubject,
  startYear: f.startYear,
  format: f.format,
  college: f.college,
};
const started = Date.now();
const bar = startBar("students", opts.students, "students");
const result = simulateUniversity(opts, f.out, (done) => bar.update(done));
bar.stop();
console.log(
  `Simulated ${opts.students.toLocaleString()} students over ${opts.years} years: ${result.courses.toLocaleString()} courses, ` +
    `${result.enrollments.toLocaleString()} enrollments, in ${formatDuration(Date.now() - started)}. ` +
    `Wrote ${Object.values(result.files)
      .map((p) => path.relative(process.cwd(), p))
      .join(", ")}.` +
    (result.college
      ? ` The college: ${result.college.students.toLocaleString()} students (the university's transfers among them), ` +
        `${result.college.enrollments.toLocaleString()} enrollments, in ${path.relative(process.cwd(), path.dirname(result.college.files.catalog))}/; ` +
        `articulations in ${path.relative(process.cwd(), result.college.files.known)} and ${path.basename(result.college.files.heldout)}.`
      : ""),
);
