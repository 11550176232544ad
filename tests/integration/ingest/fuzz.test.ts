import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { importUniversity, ImportError } from "@/lib/ingest";
import { simulateUniversity } from "@/lib/simulate";
import { createRng, type Rng } from "@/lib/random";
import { usePostgres } from "../../fixtures/postgres";
import { dumpTables, makeTempDb, SALT, type TempDb } from "../helpers";

let t: TempDb;
let good: { catalog: string; enrollments: string; requirements: string };

beforeAll(async () => {
  t = await makeTempDb();
  const sim = simulateUniversity(
    { seed: 3, students: 150, years: 3, perSubject: 6, startYear: 2021 },
    path.join(t.dir, "good"),
  );
  good = {
    catalog: sim.files.catalog,
    enrollments: sim.files.enrollments,
    requirements: sim.files.requirements,
  };
  await importUniversity(t.db, good, { salt: SALT, minStudents: 10 });
});
afterAll(async () => t.cleanup());

type Mutation = { name: string; file: keyof typeof good; apply: (text: Buffer, rng: Rng) => Buffer };

const lines = (b: Buffer) => b.toString("utf8").split("\n");
const pickLine = (ls: string[], rng: Rng) => 1 + rng.int(ls.length - 2);
/** Rewrites one randomly picked data row (never the header or the trailing empty line). */
const editLine = (b: Buffer, rng: Rng, edit: (line: string) => string) => {
  const ls = lines(b);
  const i = pickLine(ls, rng);
  ls[i] = edit(ls[i]!);
  return Buffer.from(ls.join("\n"));
};

const MUTATIONS: Mutation[] = [
  {
    name: "truncated mid-row",
    file: "enrollments",
    apply: (b, rng) => {
      const ls = lines(b);
      const i = pickLine(ls, rng);
      const cut = ls[i]!.slice(0, 1 + rng.int(ls[i]!.indexOf(",") - 1)); // inside the student id: one field left
      return Buffer.from([...ls.slice(0, i), cut].join("\n"));
    },
  },
  {
    name: "not UTF-8",
    file: "catalog",
    apply: (b, rng) => {
      const ls = lines(b);
      const i = pickLine(ls, rng);
      const at = Buffer.byteLength([...ls.slice(0, i)].join("\n")) + 2;
      return Buffer.concat([b.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3]), b.subarray(at)]);
    },
  },
  {
    name: "duplicate row",
    file: "enrollments",
    apply: (b, rng) => {
      const ls = lines(b);
      const i = pickLine(ls, rng);
      return Buffer.from([...ls.slice(0, i + 1), ls[i]!, ...ls.slice(i + 1)].join("\n"));
    },
  },
  {
    name: "unknown course",
    file: "enrollments",
    apply: (b, rng) =>
      editLine(b, rng, (line) => {
        const f = line.split(",");
        f[2] = `GHOST ${rng.int(1000)}`;
        return f.join(",");
      }),
  },
  {
    name: "1 MB field",
    file: "catalog",
    apply: (b, rng) =>
      editLine(b, rng, (line) => line.replace(/^([^,]*),([^,]*),/, `$1,$2,"${"x".repeat(1 << 20)}",`)),
  },
  {
    name: "unbalanced quote",
    file: "enrollments",
    apply: (b, rng) => editLine(b, rng, (line) => `"${line}`),
  },
  {
    name: "bad term",
    file: "enrollments",
    apply: (b, rng) =>
      editLine(b, rng, (line) => {
        const f = line.split(",");
        f[1] = rng.pick(["Autumn 2020", "Fall", "2020", "Fall 20", "Spring 1066"]);
        return f.join(",");
      }),
  },
  {
    name: "non-numeric units",
    file: "catalog",
    apply: (b, rng) => {
      const rows: string[][] = parse(b);
      const col = rows[0]!.indexOf("units");
      rows[1 + rng.int(rows.length - 1)]![col] = rng.pick(["four", "4 units", "-1", "1e9"]);
      return Buffer.from(stringify(rows));
    },
  },
  { name: "empty file", file: "requirements", apply: () => Buffer.alloc(0) },
  {
    name: "wrong header",
    file: "requirements",
    apply: (b) => Buffer.from(b.toString("utf8").replace(/^program,/, "programme,")),
  },
];

function fileBytes(): string {
  if (usePostgres) return "";
  const main = t.url.replace(/^file:/, "");
  const h = createHash("sha256");
  for (const f of [main, `${main}-wal`]) if (fs.existsSync(f)) h.update(fs.readFileSync(f));
  return h.digest("hex");
}

describe("import fuzz: malformed CSVs", () => {
  it("give a clear file:line error every time and leave the database byte-for-byte unchanged", async () => {
    const before = await dumpTables(t.db);
    const bytes = fileBytes();
    let cases = 0;
    for (const m of MUTATIONS) {
      for (let seed = 0; seed < 12; seed++) {
        const rng = createRng(seed * 31 + m.name.length);
        const bad = path.join(t.dir, `bad-${m.file}.csv`);
        fs.writeFileSync(bad, m.apply(fs.readFileSync(good[m.file]), rng));
        const err = await importUniversity(
          t.db,
          { ...good, [m.file]: bad },
          { salt: SALT, minStudents: 10 },
        ).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err, `${m.name} #${seed} was accepted`).toBeInstanceOf(ImportError);
        expect((err as Error).message, m.name).toMatch(/^bad-\w+\.csv:\d+: [\w-]+: .+/m);
        cases++;
      }
    }
    expect(await dumpTables(t.db)).toBe(before);
    expect(fileBytes()).toBe(bytes);
    expect(cases).toBe(120);
  });
});
