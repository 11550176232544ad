import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUniversity } from "@/lib/ingest";
import { loadMapping } from "@/lib/ingest/mapping";
import { makeTempDb, SALT, writeFile, type TempDb } from "../helpers";

/**
 * A real public catalog, read where it lies beside the repository (`../shared/data/uiuc`, or beside
 * the main checkout when this is a git worktree); never copied into the repository. Skipped without it.
 */
function findUiuc(): string | null {
  const root = path.resolve(import.meta.dirname, "../../..");
  const candidates = [path.join(root, "../shared/data/uiuc")];
  const dotGit = path.join(root, ".git");
  if (fs.existsSync(dotGit) && fs.statSync(dotGit).isFile()) {
    const gitdir = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, "utf8"))?.[1];
    // <main>/.git/worktrees/<name> → <main>/../shared/data/uiuc
    if (gitdir) candidates.push(path.resolve(gitdir, "../../../../shared/data/uiuc"));
  }
  return candidates.find((c) => fs.existsSync(path.join(c, "catalog/2019-fa-detailed.csv"))) ?? null;
}

const uiuc = findUiuc();
let t: TempDb;
beforeAll(async () => {
  if (uiuc) t = await makeTempDb();
});
afterAll(async () => t?.cleanup());

describe.skipIf(!uiuc)("a real catalog: UIUC Fall 2019 (Course Explorer CSV)", () => {
  it("imports through a mapping (Subject + Number, Name, Credit Hours as text) and reports its warnings", async () => {
    // Enrollments are not public: a few made-up rows, two naming courses this catalog lacks.
    const enrollments = writeFile(
      t.dir,
      "enrollments.csv",
      [
        "student,term,course",
        "U1,Fall 2019,CS 125",
        "U1,Fall 2019,MATH 221",
        "U2,Fall 2019,CS 125",
        "U2,Spring 2012,CS 9999",
        "U3,Spring 2012,CS 9999",
        "U3,Fall 2011,MATH 9998",
      ].join("\n"),
    );
    const messages: string[] = [];
    const summary = await importUniversity(
      t.db,
      { catalog: path.join(uiuc!, "catalog/2019-fa-detailed.csv"), enrollments },
      {
        salt: SALT,
        minStudents: 1,
        mapping: loadMapping("docs/import-mappings/uiuc-catalog.yaml"),
        onWarning: (m) => messages.push(m),
      },
    );
    expect(summary).toMatchObject({ courses: 8_591, subjects: 181, enrollments: 6, terms: 3 });
    expect(summary.warnings.map((w) => [w.kind, w.count, w.rows])).toEqual([
      ["not-in-catalog", 2, 3],
      ["unknown-column", 6, 6],
    ]);
    expect(messages[1]).toBe(
      '6 unknown columns (ignored), e.g. 2019-fa-detailed.csv:1 column "Year"; 2019-fa-detailed.csv:1 column "Term"; 2019-fa-detailed.csv:1 column "YearTerm"',
    );
    const units = async (code: string) => (await t.db.course.findFirstOrThrow({ where: { code } })).units;
    expect(await units("AAS 100")).toBe(3); // "3 hours."
    expect(await units("AAS 199")).toBe(5); // "1 TO 5 hours.": the highest
    expect(await t.db.course.count({ where: { units: null } })).toBe(2); // the two not in the catalog
    expect(await t.db.course.findFirstOrThrow({ where: { code: "AAS 100" } })).toMatchObject({
      title: "Intro Asian American Studies",
      subjectCode: "AAS",
      inCatalog: true,
    });
  });
});
