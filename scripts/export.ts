import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { getDb } from "../lib/db/client";
import { buildExport, EXPORT_KINDS, logExport } from "../lib/queries/exports";
import { parseFlags } from "./cli/flags";
import { CLI_ORIGIN } from "../lib/auth/audit";
import { INSTITUTION_FLAG, resolveInstitutionFlag } from "./cli/institution";

const raw = new Command()
  .name("export")
  .description(
    "Write a CSV export from the active models (the same files staff download from /staff/exports); logged like a download.",
  )
  .requiredOption("--kind <kind>", EXPORT_KINDS.join("|"))
  .requiredOption("--out <file>", "output CSV file")
  .option("--top <n>", "rows per course, subject or term", "10")
  .option(...INSTITUTION_FLAG)
  .parse()
  .opts();
const o = parseFlags(
  z.object({
    kind: z.enum(EXPORT_KINDS),
    out: z.string().min(1),
    top: z.coerce.number().int().min(1).max(50),
  }),
  raw,
);

const db = getDb();
const institution = await resolveInstitutionFlag(db, raw.institution);
const file = await buildExport(db, institution.id, o.kind, { top: o.top });
// Logged before the file exists: a crash between the two leaves a log line, never an unlogged file.
await logExport(db, {
  actor: `cli:${os.userInfo().username}`,
  kind: o.kind,
  params: { top: o.top, out: path.basename(o.out), institution: institution.code },
  runId: file.runId,
  rows: file.rows,
  ...CLI_ORIGIN,
});
const tmp = `${o.out}.tmp-${process.pid}`;
fs.writeFileSync(tmp, file.csv, { mode: 0o600 }); // student-derived data: owner only
fs.renameSync(tmp, o.out); // never leave a half-written file behind
console.log(
  `Wrote ${file.rows.toLocaleString()} rows (${institution.code}, model run ${file.runId}) to ${o.out}.`,
);
await db.$disconnect();
