import fs from "node:fs";
import { resolveInstitution } from "../../lib/institution";
import path from "node:path";
import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "../cli/flags";
import { createDb } from "../../lib/db/client";
import { activeRunId } from "../../lib/models/runs";
import { LAYOUT_DEFAULTS, layoutCourses, type LayoutSettings } from "../../lib/ml/layout";
import { measureLayout } from "../../lib/ml/layout-quality";

const raw = new Command()
  .name("bench:layout")
  .description(
    "Lay out the active course2vec run's vectors with each combination of map settings and print neighbour preservation at 10, the subject-centroid Spearman correlation and the time.",
  )
  .option("--neighbors <list>", "UMAP neighbour counts", "15,30,50")
  .option("--min-dist <list>", "UMAP minimum distances", "0.1,0.3")
  .option("--init <list>", "starts: groups, pca, random", "groups,pca,random")
  .option("--epochs <list>", "UMAP epochs", String(LAYOUT_DEFAULTS.nEpochs))
  .option("--repulsion <list>", "UMAP repulsion strengths", String(LAYOUT_DEFAULTS.repulsion))
  .option(
    "--local <list>",
    "with the groups start: each course's start distance from its group",
    String(LAYOUT_DEFAULTS.localScale),
  )
  .option("--seed <n>", "seed", "42")
  .option("--svg <dir>", "also write each layout as an SVG picture into this folder")
  .parse()
  .opts();
const list = (s: string) => s.split(",").map((x) => x.trim());
const o = parseFlags(
  z.object({
    neighbors: z
      .string()
      .transform((s) => list(s).map(Number))
      .pipe(z.array(z.number().int().min(2))),
    minDist: z
      .string()
      .transform((s) => list(s).map(Number))
      .pipe(z.array(z.number().min(0).max(1))),
    init: z
      .string()
      .transform(list)
      .pipe(z.array(z.enum(["groups", "pca", "random"]))),
    epochs: z
      .string()
      .transform((s) => list(s).map(Number))
      .pipe(z.array(z.number().int().min(1))),
    repulsion: z
      .string()
      .transform((s) => list(s).map(Number))
      .pipe(z.array(z.number().min(0))),
    local: z
      .string()
      .transform((s) => list(s).map(Number))
      .pipe(z.array(z.number().min(0))),
    seed: z.coerce.number().int(),
    svg: z.string().optional(),
  }),
  raw,
);

const db = createDb();
const inst = (await resolveInstitution(db)).id; // benchmarks read the primary institution
const runId = await activeRunId(db, "course2vec", inst);
if (runId === null) {
  console.error("bench:layout: no active course2vec run (run npm run demo -- --no-serve first)");
  process.exit(1);
}
const rows = await db.courseVector.findMany({ where: { runId }, orderBy: { courseId: "asc" } });
const courses = await db.course.findMany({ select: { id: true, subjectCode: true } });
await db.$disconnect();
const subjectOfId = new Map(courses.map((c) => [c.id, c.subjectCode]));
const dim = rows[0]!.vector.length / 4;
const unit = new Float32Array(rows.length * dim);
rows.forEach((r, i) => unit.set(new Float32Array(new Uint8Array(r.vector).buffer), i * dim));
const subjects = [...new Set(rows.map((r) => subjectOfId.get(r.courseId)!))].sort();
const groupOf = Int32Array.from(rows, (r) => subjects.indexOf(subjectOfId.get(r.courseId)!));
console.log(`run ${runId}: ${rows.length} courses, ${dim} dimensions, ${subjects.length} subjects`);
console.log(
  "| start | neighbours | min dist | epochs | repulsion | local | neighbour preservation @10 | centroid Spearman | subject radius | seconds |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
const grid = o.init.flatMap((init) =>
  o.neighbors.flatMap((nNeighbors) =>
    o.minDist.flatMap((minDist) =>
      o.epochs.flatMap((nEpochs) =>
        o.repulsion.flatMap((repulsion) =>
          o.local.map((localScale): LayoutSettings => ({
            init,
            nNeighbors,
            minDist,
            nEpochs,
            repulsion,
            localScale,
          })),
        ),
      ),
    ),
  ),
);
for (const settings of grid) {
  const t0 = performance.now();
  const layout = layoutCourses(unit, dim, o.seed, settings, groupOf);
  const seconds = (performance.now() - t0) / 1000;
  const q = measureLayout(unit, dim, layout, groupOf);
  if (o.svg) writeSvg(o.svg, settings, layout);
  console.log(
    `| ${settings.init} | ${settings.nNeighbors} | ${settings.minDist} | ${settings.nEpochs} | ${settings.repulsion} | ${settings.localScale} | ${q.mapNeighbourPreservation.toFixed(3)} | ${q.mapCentroidSpearman.toFixed(3)} | ${subjectRadius(layout).toFixed(3)} | ${seconds.toFixed(1)} |`,
  );
}

/** How big a subject's clump looks: the median over subjects of its courses' RMS distance from their centre (the map spans [-1, 1]). */
function subjectRadius(layout: { x: Float32Array; y: Float32Array }): number {
  const radii = subjects.map((_, g) => {
    const idx = [...groupOf.keys()].filter((i) => groupOf[i] === g);
    const cx = idx.reduce((a, i) => a + layout.x[i]!, 0) / idx.length;
    const cy = idx.reduce((a, i) => a + layout.y[i]!, 0) / idx.length;
    return Math.sqrt(
      idx.reduce((a, i) => a + (layout.x[i]! - cx) ** 2 + (layout.y[i]! - cy) ** 2, 0) / idx.length,
    );
  });
  return radii.sort((a, b) => a - b)[Math.floor(radii.length / 2)]!;
}

function writeSvg(dir: string, s: LayoutSettings, layout: { x: Float32Array; y: Float32Array }): void {
  fs.mkdirSync(dir, { recursive: true });
  const px = (v: number) => (250 + v * 240).toFixed(1);
  const dots = [...layout.x.keys()].map(
    (i) =>
      `<circle cx="${px(layout.x[i]!)}" cy="${px(-layout.y[i]!)}" r="2" fill="hsl(${(groupOf[i]! * 137.5) % 360} 65% 42%)"/>`,
  );
  const name = `${s.init}-n${s.nNeighbors}-d${s.minDist}-e${s.nEpochs}-r${s.repulsion}-l${s.localScale}.svg`;
  fs.writeFileSync(
    path.join(dir, name),
    `<svg xmlns="http://www.w3.org/2000/svg" width="500" height="500"><rect width="500" height="500" fill="#fff"/>${dots.join("")}</svg>`,
  );
}
