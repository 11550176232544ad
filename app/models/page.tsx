import { currentInstitution } from "@/lib/institution-request";
import { getDb } from "@/lib/db/client";
import { listPublicRuns } from "@/lib/queries/models";
import type { Course2VecResults, RnnResults, RunParams } from "@/lib/models/run-schemas";
import { describeRnnConfig } from "@/lib/models/rnn-config";
import { env } from "@/lib/env";
import { formatCount, publishCount } from "@/lib/queries/disclosure";
import { latestCalendar } from "@/lib/queries/imports";
import { LossChart } from "../_components/loss-chart";
import { PlanTable } from "./plan-table";
import { ArticulationTable } from "./articulation-table";

export const dynamic = "force-dynamic";
export const metadata = { title: "Models" };

const pct = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`;
const KIND_NAMES = { rnn: "next-term LSTM", course2vec: "course2vec", articulation: "articulation" } as const;
const num = (x: number) => (Number.isNaN(x) ? "–" : x.toFixed(3));

export default async function ModelsPage() {
  const institution = await currentInstitution();
  const inst = institution.id;
  const runs = await listPublicRuns(getDb(), inst, env.MIN_STUDENTS, 30);
  const calendar = await latestCalendar(getDb(), inst);
  return (
    <>
      <p className="kicker">{institution.name}</p>
      <h1>Model report</h1>
      <p className="muted">
        Every training run with its settings, its metrics beside its baselines&apos;, and its training curve.
        The site uses the active run of each kind.
      </p>
      {calendar && <p className="small">Calendar: {calendar}; &ldquo;next term&rdquo; follows it.</p>}
      {runs.length === 0 && <p className="notice">No model has been trained yet.</p>}
      {runs.map((r) => {
        const history =
          r.kind === "rnn"
            ? (r.results?.history ?? []).map((h) => ({ x: h.epoch, loss: h.loss, recall: h.recallAt10 }))
            : r.kind === "course2vec"
              ? (r.results?.history ?? []).map((h) => ({ x: h.step, loss: h.loss, recall: null }))
              : [];
        return (
          <section key={r.id} className="panel" style={{ marginBottom: "1rem" }} aria-label={`Run ${r.id}`}>
            <h2 style={{ marginTop: 0 }}>
              Run {r.id} · {KIND_NAMES[r.kind]}{" "}
              {r.isActive ? (
                <span className="pill good">active</span>
              ) : (
                <span className={`pill ${r.status === "finished" ? "" : "warn"}`}>{r.status}</span>
              )}
            </h2>
            <p className="small muted">
              {r.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC ·{" "}
              {(r.durationMs / 1000).toFixed(1)} s on {r.backend || "?"} · data {r.dataHash.slice(0, 10)}
              {r.problem && ` · stored in an older format (${r.problem})`}
            </p>
            {r.kind === "rnn"
              ? r.results && (
                  <>
                    <RnnTable results={r.results} params={r.params} />
                    {r.results.metrics.plan && <PlanTable plan={r.results.metrics.plan} />}
                  </>
                )
              : r.kind === "articulation"
                ? r.results && <ArticulationTable params={r.params} results={r.results} />
                : r.results && <C2vTable results={r.results} />}
            {history.length > 1 && (
              <LossChart
                xLabel={r.kind === "rnn" ? "epoch" : "Adam step"}
                points={history.map((h) => ({ ...h, loss: Number(h.loss.toFixed(4)) }))}
              />
            )}
            <details className="small">
              <summary>Hyper-parameters</summary>
              <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(r.params, null, 1)}</pre>
            </details>
          </section>
        );
      })}
    </>
  );
}

function RnnTable({
  results: { metrics, baselines },
  params,
}: {
  results: RnnResults;
  params: RunParams<"rnn"> | null;
}) {
  const rows: [string, RnnResults["metrics"]["model"]][] = [
    ["LSTM", metrics.model],
    ["LSTM (taken courses allowed)", metrics.modelRaw],
    ["Popularity", baselines.popularity],
    ["Co-occurrence", baselines.cooccurrence],
    ["Same major, same point", baselines.majorAtPoint],
  ];
  // listPublicRuns has dropped the buckets of fewer than MIN_STUDENTS students.
  const buckets = Object.keys(metrics.model.byPriorTerms);
  const tested = publishCount(metrics.model.students, []);
  return (
    <div className="table-wrap">
      <p className="small">
        Test term {metrics.testTerm} · {tested === null ? "too few" : formatCount(tested)} students ·{" "}
        {metrics.vocabSize} courses · {Math.round(metrics.samplesPerSecond)} samples/s
      </p>
      {params && <p className="small">Configuration: {describeRnnConfig(params, metrics)}</p>}
      <table>
        <thead>
          <tr>
            <th>Method</th>
            <th className="num">Recall@10</th>
            <th className="num">MRR@10</th>
            {buckets.map((b) => (
              <th key={b} className="num">
                R@10, {b} prior terms
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, m]) => (
            <tr key={name}>
              <td>{name}</td>
              <td className="num">{pct(m.recallAt10)}</td>
              <td className="num">{num(m.mrrAt10)}</td>
              {buckets.map((b) => (
                <td key={b} className="num">
                  {pct(m.byPriorTerms[b]?.recallAt10)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function C2vTable({ results: { metrics, baselines } }: { results: Course2VecResults }) {
  const rows: [string, Course2VecResults["baselines"]["pmi"]][] = [
    ["course2vec", metrics],
    ["Co-enrollment PMI", baselines.pmi],
  ];
  return (
    <div className="table-wrap">
      <p className="small">
        {metrics.vocabSize} courses with vectors · {metrics.crossListedPairs} cross-listed pairs (both
        directions)
        {metrics.mapNeighbourPreservation !== undefined &&
          metrics.mapCentroidSpearman !== undefined &&
          ` · map: ${(metrics.mapNeighbourPreservation * 100).toFixed(1)}% of each course's 10 nearest kept, subject distances rank-correlated ${metrics.mapCentroidSpearman.toFixed(2)} (Spearman)`}
      </p>
      <table>
        <thead>
          <tr>
            <th>Method</th>
            <th className="num">Subject P@10</th>
            <th className="num">Cross-listed partner median rank</th>
            <th className="num">Partners in top 10</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, m]) => (
            <tr key={name}>
              <td>{name}</td>
              <td className="num">{num(m.subjectPrecisionAt10)}</td>
              <td className="num">{Number.isNaN(m.crossListMedianRank) ? "–" : m.crossListMedianRank}</td>
              <td className="num">{pct(m.crossListTop10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
