import type { Db } from "../db/client";
import { readImportFiles, type ImportFiles, type ReadProgress } from "./read";
import { writeImport, type ImportSummary, type WriteProgress } from "./write";

export { ImportError } from "./read";
export type { ImportFiles } from "./read";
export type { ImportSummary } from "./write";

export type ImportOptions = {
  salt: string;
  minStudents: number;
  // Grades are read (and validated) but stored only when asked for: nothing here uses them.
  keepGrades?: boolean;
  onReadProgress?: ReadProgress;
  onWriteProgress?: WriteProgress;
  onWarning?: (message: string) => void;
};

/** Validates the files, then writes them in one transaction. Throws ImportError (nothing written). */
export async function importUniversity(
  db: Db,
  files: ImportFiles,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const data = await readImportFiles(files, opts.salt, opts.onReadProgress);
  for (const w of data.warnings) opts.onWarning?.(w);
  if (!opts.keepGrades) data.enrollGrade.fill(0); // index 0 is "no grade"
  return writeImport(db, data, opts.minStudents, opts.onWriteProgress);
}
