import { Command } from "commander";
import { env, redactDatabaseUrl } from "../lib/env";
import { getDb } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import fs from "node:fs";
import { importUniversity, ImportError } from "../lib/ingest";
import { parseCalendar } from "../lib/ingest/calendar";
import { loadMapping, MappingError, type Mapping } from "../lib/ingest/mapping";
import { formatWarning, formatWarningCounts } from "../lib/ingest/warnings";
import { describeCalendar, listImportReports } from "../lib/queries/imports";
import { startBar, formatDuration, type Bar } from "./cli/progress";
import { findInstitution, institutionCodeSchema } from "../lib/institution";
import { isAppError } from "../lib/errors";

const opts = new Command()
  .name("import")
  .description(
    "Import a registrar's catalog and enrollment history (CSV; format in README). All rows are validated first; " +
      "any problem prints file:line: column: reason and nothing is written.",
  )
  .requiredOption("--catalog <file>", "courses.csv")
  .requiredOption("--enrollments <file>", "enrollments.csv")
  .option("--requirements <file>", "requirements.csv (optional)")
  .option("--mapping <file>", "column mapping for SIS exports, JSON or YAML (docs/import-mappings.md)")
  .option("--calendar <kind>", "semester or quarter (default: detected from the terms)")
  .option("--strict", "treat every warning as an error (nothing is written)")
  .option("--keep-grades", "store the grade column (by default grades are validated, then dropped)")
  .option(
    "--institution <code>",
    "whose files these are, e.g. UNIV or CC: replaces that institution's data only (default: the primary one; UNIV in an empty database)",
  )
  .option("--institution-name <name>", 'its display name (default: "University" for UNIV, else the code)')
  .parse()
  .opts<{
    catalog: string;
    enrollments: string;
    requirements?: string;
    mapping?: string;
    calendar?: string;
    strict?: boolean;
    keepGrades?: boolean;
    institution?: string;
    institutionName?: string;
  }>();

const code = opts.institution === undefined ? undefined : institutionCodeSchema.safeParse(opts.institution);
if (code && !code.success) {
  console.error(`--institution: ${code.error.issues[0]!.message} (got "${opts.institution}")`);
  process.exit(2);
}

const calendar = opts.calendar ? parseCalendar(opts.calendar) : undefined;
if (calendar === null) {
  console.error(`--calendar: expected semester or quarter, got "${opts.calendar}"`);
  process.exit(2);
}
let mapping: Mapping | undefined;
try {
  mapping = opts.mapping ? loadMapping(opts.mapping) : undefined;
} catch (err) {
  if (!(err instanceof MappingError)) throw err;
  console.error(`--mapping: ${err.message}`);
  process.exit(2);
}

if (!env.STUDENT_ID_SALT) {
  console.error(
    "STUDENT_ID_SALT is not set: student ids are hashed with it at import. Set it (16+ characters) and keep it secret; it is never stored in the database.",
  );
  process.exit(2);
}
const started = Date.now();
await applyMigrations(env.DATABASE_URL);
const bars: { read: Bar | null; write: Bar | null } = { read: null, write: null };
try {
  const files = { catalog: opts.catalog, enrollments: opts.enrollments, requirements: opts.requirements };
  const summary = await importUniversity(getDb(), files, {
    salt: env.STUDENT_ID_SALT,
    minStudents: env.MIN_STUDENTS,
    mapping,
    mappingText: opts.mapping ? fs.readFileSync(opts.mapping, "utf8") : undefined,
    strict: opts.strict,
    calendar,
    keepGrades: opts.keepGrades,
    institution: { code: code?.data, name: opts.institutionName },
    onReadProgress: (_phase, rows, bytes, total) => {
      bars.read ??= startBar("reading", Math.max(1, Math.round(total / 1024)), "KiB");
      bars.read.update(Math.round(bytes / 1024), { rows });
    },
    onWriteProgress: (_phase, done, total) => {
      bars.read?.stop();
      bars.write ??= startBar("writing", total, "rows");
      bars.write.update(done);
    },
  });
  bars.read?.stop();
  bars.write?.stop();
  const secs = (Date.now() - started) / 1000;
  const institution = (await findInstitution(getDb(), summary.institution))!;
  if (summary.unchanged) {
    console.log(
      `Nothing to do: these files were already imported as import ${summary.importRunId} (data hash ${summary.dataHash.slice(0, 12)}).`,
    );
    const [report] = (await listImportReports(getDb(), institution.id, 1)).filter(
      (r) => r.id === summary.importRunId,
    );
    const runs = report?.modelRuns.map(
      (m) => `${m.kind} run ${m.id} (${m.status}${m.isActive ? ", active" : ""})`,
    );
    console.log(`Model runs trained on it: ${runs?.join(", ") || "none yet"}.`);
  } else {
    console.log(
      `Imported ${summary.courses.toLocaleString()} courses in ${summary.subjects} subjects, ` +
        `${summary.students.toLocaleString()} students (ids hashed) and ${summary.enrollments.toLocaleString()} enrollments ` +
        `over ${summary.terms} terms for ${institution.code} (${institution.name}) into ${redactDatabaseUrl()} in ${formatDuration(secs * 1000)} ` +
        `(${Math.round(summary.enrollments / secs).toLocaleString()} rows/s); ${summary.transitions.toLocaleString()} course-to-next-course counts kept. ` +
        `Data hash ${summary.dataHash.slice(0, 12)}.`,
    );
    console.log(`Calendar: ${describeCalendar(summary.calendar, summary.calendarSource)}.`);
    for (const f of summary.files)
      console.log(`  ${f.kind}: ${f.name}, ${f.rows.toLocaleString()} rows, sha256 ${f.sha256.slice(0, 16)}`);
    console.log(`Import report: /staff/imports (import ${summary.importRunId}).`);
  }
  for (const w of summary.warnings) console.warn(`warning: ${formatWarning(w)}`);
  console.log(formatWarningCounts(summary.warnings));
  await getDb().$disconnect();
} catch (err) {
  bars.read?.stop();
  bars.write?.stop();
  if (err instanceof ImportError) {
    console.error(err.message);
    process.exit(1);
  }
  if (isAppError(err, "invalid_request")) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
