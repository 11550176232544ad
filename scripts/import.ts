import { Command } from "commander";
import { env, redactDatabaseUrl } from "../lib/env";
import { getDb } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { importUniversity, ImportError } from "../lib/ingest";
import { startBar, formatDuration, type Bar } from "./cli/progress";

const opts = new Command()
  .name("import")
  .description(
    "Import a registrar's catalog and enrollment history (CSV; format in README). All rows are validated first; " +
      "any problem prints file:line: column: reason and nothing is written.",
  )
  .requiredOption("--catalog <file>", "courses.csv")
  .requiredOption("--enrollments <file>", "enrollments.csv")
  .option("--requirements <file>", "requirements.csv (optional)")
  .option("--keep-grades", "store the grade column (by default grades are validated, then dropped)")
  .parse()
  .opts<{ catalog: string; enrollments: string; requirements?: string; keepGrades?: boolean }>();

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
  const summary = await importUniversity(getDb(), opts, {
    salt: env.STUDENT_ID_SALT,
    minStudents: env.MIN_STUDENTS,
    keepGrades: opts.keepGrades,
    onWarning: (m) => console.warn(`warning: ${m}`),
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
  if (summary.unchanged) {
    console.log(
      `Nothing to do: these files were already imported (data hash ${summary.dataHash.slice(0, 12)}).`,
    );
  } else {
    console.log(
      `Imported ${summary.courses.toLocaleString()} courses in ${summary.subjects} subjects, ` +
        `${summary.students.toLocaleString()} students (ids hashed) and ${summary.enrollments.toLocaleString()} enrollments ` +
        `over ${summary.terms} terms into ${redactDatabaseUrl()} in ${formatDuration(secs * 1000)} ` +
        `(${Math.round(summary.enrollments / secs).toLocaleString()} rows/s); ${summary.transitions.toLocaleString()} course-to-next-course counts kept. ` +
        `Data hash ${summary.dataHash.slice(0, 12)}.`,
    );
  }
  await getDb().$disconnect();
} catch (err) {
  bars.read?.stop();
  bars.write?.stop();
  if (err instanceof ImportError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
