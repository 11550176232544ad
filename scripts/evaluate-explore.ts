import { Command } from "commander";
import { z } from "zod";
import { parseFlags } from "./cli/flags";
import { getDb } from "../lib/db/client";
import { createRng } from "../lib/random";
import { exploreCourses, measureList } from "../lib/queries/explore";
import { recommendCourses } from "../lib/queries/recommend";
import { recommendRequestSchema } from "../lib/validations/api";
import { INSTITUTION_FLAG, resolveInstitutionFlag } from "./cli/institution";

const raw = new Command()
  .name("evaluate:explore")
  .description(
    "Compare 'explore' with the plain next-term recommender on students of the active RNN run's held-out test term: " +
      "relevance (share of the test term's courses in the top 10, and students with at least one hit) and " +
      "unexpectedness (mean cosine distance of the suggestions from what students of the major usually take; share outside the student's own subjects).",
  )
  .option("--students <n>", "students sampled from the test term (seeded)", "300")
  .option("--seed <n>", "sampling seed", "42")
  .option(...INSTITUTION_FLAG)
  .parse()
  .opts();
const o = parseFlags(
  z.object({ students: z.coerce.number().int().min(1).max(20_000), seed: z.coerce.number().int() }),
  raw,
);

const db = getDb();
const inst = (await resolveInstitutionFlag(db, raw.institution)).id;
const rnn = await db.modelRun.findFirst({ where: { institutionId: inst, kind: "rnn", isActive: true } });
if (!rnn) {
  console.error("evaluate:explore: no active RNN run (npm run train:rnn)");
  process.exit(1);
}
const testLabel = String((JSON.parse(rnn.metrics) as { testTerm?: unknown }).testTerm);
const test = await db.term.findUnique({
  where: { institutionId_label: { institutionId: inst, label: testLabel } },
});
if (!test) {
  console.error(`evaluate:explore: the RNN run's test term "${testLabel}" is not in the database`);
  process.exit(1);
}
const inTest = await db.enrollment.findMany({
  where: { termId: test.id },
  select: { studentId: true },
  distinct: ["studentId"],
});
const sample = createRng(o.seed)
  .shuffle(inTest.map((e) => e.studentId))
  .slice(0, o.students);
type Tally = { recall: number; hit: number; unexpectedness: number; outside: number; n: number };
const zero = (): Tally => ({ recall: 0, hit: 0, unexpectedness: 0, outside: 0, n: 0 });
const plain = zero();
const explore = zero();
let done = 0;
for (const id of sample) {
  const s = await db.student.findUniqueOrThrow({
    where: { id },
    select: {
      majors: true,
      enrollments: { select: { course: { select: { code: true, subjectCode: true } }, term: true } },
    },
  });
  const majors = s.majors.split(";").filter(Boolean);
  const before = s.enrollments.filter((e) => e.term.ordinal < test.ordinal);
  const target = new Set(
    s.enrollments.filter((e) => e.term.ordinal === test.ordinal).map((e) => e.course.code),
  );
  if (!before.length || !majors.length || !target.size) continue;
  const byTerm = new Map<string, { ordinal: number; courses: string[] }>();
  for (const e of before) {
    const t = byTerm.get(e.term.label) ?? { ordinal: e.term.ordinal, courses: [] };
    t.courses.push(e.course.code);
    byTerm.set(e.term.label, t);
  }
  const history = [...byTerm]
    .sort((a, b) => a[1].ordinal - b[1].ordinal)
    .map(([term, t]) => ({ term, courses: t.courses }));
  const own = new Set([...before.map((e) => e.course.subjectCode), ...majors]);
  const taken = before.map((e) => e.course.code);
  const lists = {
    plain: (
      await recommendCourses(db, inst, recommendRequestSchema.parse({ history, majors, limit: 10 }))
    ).recommendations.map((r) => r.code),
    explore: (await exploreCourses(db, inst, taken, majors, 10, { ignoreUnknownMajors: true })).map(
      (r) => r.code,
    ),
  };
  for (const [name, tally] of [
    ["plain", plain],
    ["explore", explore],
  ] as const) {
    const codes = lists[name];
    const m = await measureList(db, inst, codes, majors, own);
    if (!m) continue;
    const hits = codes.filter((c) => target.has(c)).length;
    tally.recall += hits / target.size;
    tally.hit += hits > 0 ? 1 : 0;
    tally.unexpectedness += m.unexpectedness;
    tally.outside += m.outside;
    tally.n++;
  }
  if (++done % 50 === 0) console.error(`evaluate:explore: ${done} students…`);
}
await db.$disconnect();
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
console.log(`Test term ${testLabel}, ${plain.n} students sampled (seed ${o.seed}), top 10 each`);
console.log("method        recall@10   students with a hit   unexpectedness   outside own subjects");
for (const [name, t] of [
  ["plain (LSTM)", plain],
  ["explore", explore],
] as const)
  console.log(
    `${name.padEnd(12)} ${pct(t.recall / t.n).padStart(10)}   ${pct(t.hit / t.n).padStart(19)}   ${(t.unexpectedness / t.n).toFixed(3).padStart(14)}   ${pct(t.outside / t.n).padStart(20)}`,
  );
