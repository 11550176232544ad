import type { Db } from "../db/client";
import type { Calendar } from "./calendar";
import type { Mapping } from "./mapping";
import type { InstitutionChoice } from "../institution";
import { readImportFiles, type ImportFiles, type ReadProgress } from "./read";
import { formatWarning } from "./warnings";
import { writeImport, type ImportSummary, type PhaseListener, type WriteProgress } from "./write";

export { ImportError } from "./read";
export type { ImportFiles } from "./read";
export type { ImportSummary } from "./write";

export type ImportOptions = {
  /** Which institution the files are (default: the primary one; UNIV in an empty database). */
  institution?: InstitutionChoice;
  salt: string;
  minStudents: number;
  mapping?: Mapping;
  mappingText?: string;
  /** Every warning is an error (nothing written). */
  strict?: boolean;
  calendar?: Calendar;
  // Grades are read (and validated) but stored only when asked for: nothing here uses them.
  keepGrades?: boolean;
  onReadProgress?: ReadProgress;
  onWriteProgress?: WriteProgress;
  onWarning?: (message: string) => void;
  /** Called as each phase ends (read = parse + validate, hash, transitions, write …), for the benchmark. */
  onPhase?: PhaseListener;
};

/** Validates the files, then writes them in one transaction. Throws ImportError (nothing written). */
export async function importUniversity(
  db: Db,
  files: ImportFiles,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const startedAt = Date.now();
  const data = await readImportFiles(files, { ...opts, onProgress: opts.onReadProgress });
  for (const w of data.warnings.entries) opts.onWarning?.(formatWarning(w));
  if (!opts.keepGrades) data.enrollGrade.fill(0); // index 0 is "no grade"
  return writeImport(db, data, opts.minStudents, {
    onProgress: opts.onWriteProgress,
    onPhase: opts.onPhase,
    startedAt,
    institution: opts.institution,
  });
}
