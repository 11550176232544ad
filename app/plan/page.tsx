import { currentInstitution } from "@/lib/institution-request";
import { getDb } from "@/lib/db/client";
import { listPrograms } from "@/lib/queries/programs";
import { listSubjects } from "@/lib/queries/subjects";
import { PlanForm } from "./plan-form";
import { EMPTY_PLAN_INPUT, type PlanView } from "./view";

export const dynamic = "force-dynamic";
export const metadata = { title: "Plan to graduation" };

type SP = Record<string, string | string[] | undefined>;

export default async function PlanPage({ searchParams }: { searchParams: Promise<SP> }) {
  const sp = await searchParams;
  const db = getDb();
  const inst = (await currentInstitution()).id;
  const want = ([sp.want ?? []].flat()[0] ?? "").slice(0, 64);
  const [subjects, programs, model] = await Promise.all([
    listSubjects(db, inst),
    listPrograms(db, inst),
    db.modelRun.findFirst({ where: { kind: "rnn", isActive: true }, select: { id: true } }),
  ]);
  const initial: PlanView = {
    input: { ...EMPTY_PLAN_INPUT, wanted: want },
    result: null,
    checklist: null,
    error: "",
  };
  return (
    <>
      <h1>Plan to graduation</h1>
      <p className="muted">
        A term-by-term plan until your program is done: the LSTM predicts each next term from your history and
        the terms planned before it, and every plan keeps to prerequisites, the terms each course is taught
        in, your load, and your pins. Your history is kept in this browser only and sent in the body of each
        request; it is never stored or logged.
      </p>
      {!model && (
        <p className="notice">
          No recommendation model is trained yet: run <code>npm run train:rnn</code>.
        </p>
      )}
      <PlanForm
        initial={initial}
        want={want}
        majorOptions={subjects.filter((s) => s.courses > 0).map((s) => ({ code: s.code, name: s.name }))}
        programs={programs}
      />
    </>
  );
}
