import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "@/lib/db/client";
import { resolveInstitution } from "@/lib/institution";
import { evaluateArticulationRun } from "@/lib/models/articulation-evaluation";
import { parseKnownFile } from "@/lib/models/articulation-known";
import { runArticulation } from "@/lib/models/articulation-pipeline";
import { findArticulationRun, readArticulationModel } from "@/lib/models/articulation-runs";
import { articulationsFor, resolveArticulationScope } from "@/lib/queries/articulation";
import { decideArticulation, exportDecisions } from "@/lib/queries/articulation-staff";
import { collegeSimDir } from "../../fixtures/build-fixture";
import { usePostgres } from "../../fixtures/postgres";

const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
const quiet = { phase: () => {} };
const origin = { clientAddress: "203.0.113.9", userAgent: "vitest" };
let dir: string;
let url: string;
let db: Db;
let simDir: string;

beforeAll(() => {
  if (usePostgres) return;
  // A private copy of the trained fixture: these tests train runs and record decisions.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "atlas-artic-"));
  fs.copyFileSync(inject("fixtureUrl").replace(/^file:/, ""), path.join(dir, "db.sqlite"));
  url = `file:${path.join(dir, "db.sqlite")}`;
  db = createDb(url);
  simDir = collegeSimDir(inject("fixtureSim"));
});
afterAll(async () => {
  if (usePostgres) return;
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

const train = (args: string[]) =>
  spawnSync(tsx, ["scripts/train-articulation.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
const read = (name: string) => fs.readFileSync(path.join(simDir, name), "utf8");
const staff = async () => {
  const u = await db.staffUser.findFirstOrThrow();
  return { id: u.id, email: u.email, name: u.name };
};

// Works on a copy of the SQLite fixture file; the queries are the same on PostgreSQL.
describe.skipIf(usePostgres)("articulation training, decisions and evaluation", () => {
  it("refuses a known file with unknown codes or a bad line, naming file, line and field, and writes nothing", async () => {
    const bad = path.join(dir, "bad.csv");
    const [first] = parseKnownFile(read("articulation-known.csv"), "known");
    const { from, to } = first!;
    fs.writeFileSync(bad, `from_course,to_course\n${from},NOPE 404\nNOPE 9,${to}\n,${to}\n`);
    const runsBefore = await db.modelRun.count();
    const r = train(["--from", "CC", "--to", "UNIV", "--known", bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:4: from_course: empty`);
    expect(r.stderr).toContain("Nothing was written.");
    fs.writeFileSync(bad, `from_course,to_course\n${from},NOPE 404\nNOPE 9,${to}\n`);
    const codes = train(["--from", "CC", "--to", "UNIV", "--known", bad]);
    expect(codes.status).toBe(1);
    expect(codes.stderr).toContain(`${bad}:2: to_course: NOPE 404 is not a course of UNIV`);
    expect(codes.stderr).toContain(`${bad}:3: from_course: NOPE 9 is not a course of CC`);
    expect(await db.modelRun.count()).toBe(runsBefore);
    expect(
      train(["--from", "CC", "--to", "CC", "--known", path.join(simDir, "articulation-known.csv")]).stderr,
    ).toContain("same institution");
  });

  it("accepted pairs become known pairs of the next run, rejected ones stop being known", async () => {
    const univ = await resolveInstitution(db, "UNIV");
    const before = (await findArticulationRun(db, univ.id, "CC"))!;
    const known = parseKnownFile(read("articulation-known.csv"), "articulation-known.csv");
    const heldout = parseKnownFile(read("articulation-heldout.csv"), "articulation-heldout.csv");
    const scope = await resolveArticulationScope(db, "CC", "UNIV");
    const me = await staff();
    await decideArticulation(
      db,
      scope,
      { from: heldout[0]!.from, to: heldout[0]!.to, status: "accepted" },
      me,
      origin,
    );
    await decideArticulation(
      db,
      scope,
      { from: known[0]!.from, to: known[0]!.to, status: "rejected", note: "not equivalent" },
      me,
      origin,
    );
    const audit = await db.auditEvent.findMany({
      where: { event: { startsWith: "articulation-" } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.event, a.actor, a.clientAddress])).toEqual([
      ["articulation-accepted", me.email, origin.clientAddress],
      ["articulation-rejected", me.email, origin.clientAddress],
    ]);
    expect(audit[1]!.detail).toBe(`CC ${known[0]!.from} → UNIV ${known[0]!.to}: not equivalent`);

    const r = await runArticulation(
      db,
      {
        from: "CC",
        to: "UNIV",
        knownFile: "articulation-known.csv",
        knownRows: known,
        top: 10,
        folds: 5,
        seed: 1,
      },
      { backend: "cpu", progress: quiet },
    );
    expect(r.activated).toBe(true);
    expect(r.acceptedAdded).toBe(1);
    expect(r.rejectedRemoved).toBe(1);
    const stored = (await readArticulationModel(db, r.runId)).known;
    expect(stored).toContainEqual([heldout[0]!.from, heldout[0]!.to]);
    expect(stored).not.toContainEqual([known[0]!.from, known[0]!.to]);
    expect(stored).toHaveLength(known.length);
    const run = (await findArticulationRun(db, univ.id, "CC"))!;
    expect(run.id).toBe(r.runId);
    expect(run.id).not.toBe(before.id);
    expect(run.params).toMatchObject({ from: "CC", to: "UNIV", acceptedAdded: 1, rejectedRemoved: 1 });
    expect(await db.articulationCandidate.count({ where: { runId: r.runId } })).toBe(r.candidates);

    // The student's view: the accepted pair is agreed, the rejected known one no longer is.
    const now = await resolveArticulationScope(db, "CC", "UNIV");
    const ids = await db.course.findMany({
      where: { institutionId: now.from.id, code: { in: [heldout[0]!.from, known[0]!.from] } },
      select: { id: true, code: true },
    });
    const views = await articulationsFor(
      db,
      now,
      ids.map((c) => c.id),
    );
    const of = (code: string) => views.find((v) => v.course.code === code)!;
    expect(of(heldout[0]!.from).agreed.map((a) => [a.code, a.source])).toContainEqual([
      heldout[0]!.to,
      "accepted",
    ]);
    expect(of(known[0]!.from).agreed.map((a) => a.code)).not.toContain(known[0]!.to);
  });

  it("evaluates held-out pairs with the stored run, skipping pairs it was trained on, and records the result", async () => {
    const univ = await resolveInstitution(db, "UNIV");
    const run = (await findArticulationRun(db, univ.id, "CC"))!;
    const rows = parseKnownFile(read("articulation-heldout.csv"), "articulation-heldout.csv");
    const e = await evaluateArticulationRun(db, run, rows, "articulation-heldout.csv");
    // The held-out pair accepted above is now a known pair of the run.
    expect(e.skippedKnown).toBe(1);
    expect(e.combined.pairs).toBe(rows.length - 1);
    for (const m of [e.enrollment, e.description, e.combined]) {
      expect(m.recallAt10).toBeGreaterThanOrEqual(m.recallAt5);
      expect(m.recallAt5).toBeGreaterThanOrEqual(m.recallAt1);
    }
    // The combination is no worse than either signal alone on the fixture.
    expect(e.combined.mrr).toBeGreaterThan(e.enrollment.mrr);
    expect(e.combined.mrr).toBeGreaterThan(e.description.mrr);
    const again = (await findArticulationRun(db, univ.id, "CC"))!;
    expect(again.results?.metrics.heldout?.combined.mrr).toBeCloseTo(e.combined.mrr, 10);

    // The CLI prints the same figures and exits 0.
    const out = spawnSync(tsx, ["scripts/evaluate.ts", "--model", "articulation", "--json"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: url },
    });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ run: run.id, from: "CC", to: "UNIV" });
  });

  it("exports every decision as CSV with the site's formula escaping, and logs the export", async () => {
    const scope = await resolveArticulationScope(db, "CC", "UNIV");
    const me = await staff();
    const file = await exportDecisions(db, scope, me, origin);
    const rows = parse<Record<string, string>>(file.csv, { columns: true });
    expect(Object.keys(rows[0]!)).toEqual(["from_course", "to_course", "status", "decided_by", "decided_at"]);
    expect(rows.map((r) => r.status).sort()).toEqual(["accepted", "rejected"]);
    expect(rows[0]!.decided_by).toBe(`${me.name} <${me.email}>`);
    const log = await db.exportLog.findFirstOrThrow({ orderBy: { id: "desc" } });
    expect(log).toMatchObject({
      kind: "articulation",
      actor: me.email,
      rows: 2,
      clientAddress: origin.clientAddress,
    });
  });
});
