import { createHash } from "node:crypto";
import fs from "node:fs";

/** One imported file as the import report shows it. */
export type FileReport = {
  kind: "catalog" | "enrollments" | "requirements";
  name: string;
  rows: number;
  sha256: string;
};

/** SHA-256 of a file, streamed (a 170 MB export is never held in memory whole). */
export async function hashFile(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** The import's identity: its files' hashes and the mapping that read them. */
export function hashImport(files: readonly FileReport[], mappingText: string): string {
  const h = createHash("sha256");
  for (const f of files) h.update(`${f.kind}:${f.sha256}\0`);
  h.update(mappingText);
  return h.digest("hex");
}
