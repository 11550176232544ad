import { currentInstitution } from "@/lib/institution-request";
import { getDb } from "@/lib/db/client";
import { listPrograms } from "@/lib/queries/programs";
import { listSubjects } from "@/lib/queries/subjects";
import { RecommendForm } from "./recommend-form";
import { computeRecommendView, EMPTY_INPUT, readRecommendInput, type RecommendView } from "./view";

export const dynamic = "force-dynamic";
export const metadata = { title: "Recommend" };

type SP = Record<string, string | string[] | undefined>;

export default async function RecommendPage({ searchParams }: { searchParams: Promise<SP> }) {
  const sp = await searchParams;
  const db = getDb();
  const inst = (await currentInstitution()).id;
  const all = (k: string) => [sp[k] ?? []].flat();
  // A query string here is a link someone chose to make ("Copy a link"); the form itself posts.
  const input = readRecommendInput((k) => all(k)[0] ?? "", all);
  const shared = Object.keys(sp).length > 0;
  const [subjects, programs, model] = await Promise.all([
    listSubjects(db, inst),
    listPrograms(db, inst),
    db.modelRun.findFirst({ where: { kind: "rnn", isActive: true }, select: { id: true } }),
  ]);
  const initial: RecommendView = shared
    ? await computeRecommendView(input)
    : { input: EMPTY_INPUT, result: null, error: "", checklist: null, prep: null };
  const options = subjects.map((s) => ({ code: s.code, name: s.name }));

  return (
    <>
      <h1>What should I take next?</h1>
      <p className="muted">
        Enter the terms you have taken so far. Your history is kept in this browser only (its local storage,
        so it is here when you come back; &ldquo;Forget my history&rdquo; removes it). It is sent to the
        server in the body of each request, never in the page&apos;s address, used for that answer and not
        stored or logged. &ldquo;Copy a link&rdquo; makes a link that contains it, for you to share.
      </p>
      {shared && (
        <p className="notice small">Opened from a link: the history below is in this page&apos;s address.</p>
      )}
      {!model && (
        <p className="notice">
          No recommendation model is trained yet: run <code>npm run train:rnn</code>.
        </p>
      )}
      <RecommendForm
        initial={initial}
        shared={shared}
        majorOptions={
          model ? subjects.filter((s) => s.courses > 0).map((s) => ({ code: s.code, name: s.name })) : []
        }
        programs={programs}
        subjects={options}
      />
    </>
  );
}
