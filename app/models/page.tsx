import { getDb } from "@/lib/db/client";
import { latestCalendar } from "@/lib/queries/imports";
import { LossChart } from "../_components/loss-chart";

export const dynamic = "force-dynamic";
export const metadata = { title: "Models" };

type Ranking = {
  recallAt10: number;
  mrrAt10: number;
  students: number;
  byPriorTerms?: Record<string, { students: number; recallAt10: number; mrrAt10: number }>;
};

const pct = (x: number | undefined) =>
  x === undefined || Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`;

export default async function ModelsPage() {
  const runs = await getDb().modelRun.findMany({ orderBy: { id: "desc" }, take: 30 });
  const calendar = await latestCalendar(getDb());
  return (
    <>
      <h1>Model report</h1>
      <p className="muted">
        Every training run with its settings, its metrics beside its baselines&apos;, and its training curve.
        The site uses the active run of each kind.
      </p>
      {calendar && <p className="small">Calendar: {calendar}; &ldquo;next term&rdquo; follows it.</p>}
      {runs.length === 0 && <p className="notice">No model has been trained yet.</p>}
      {runs.map((r) => {
        const params = JSON.parse(r.params) as Record<string, unknown>;
        const metrics = JSON.parse(r.metrics) as Record<string, unknown>;
        const baselines = JSON.parse(r.baselines) as Record<string, unknown>;
        const history = JSON.parse(r.history) as {
          step?: number;
          epoch?: number;
          loss: number;
          recallAt10?: number | null;
        }[];
        return (
          <section key={r.id} className="panel" style={{ marginBottom: "1rem" }} aria-label={`Run ${r.id}`}>
            <h2 style={{ marginTop: 0 }}>
              Run {r.id} · {r.kind === "rnn" ? "next-term LSTM" : "course2vec"}{" "}
              {r.isActive ? (
                <span className="pill good">active</span>
              ) : (
                <span className={`pill ${r.status === "finished" ? "" : "warn"}`}>{r.status}</span>
              )}
            </h2>
            <p className="small muted">
              {r.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC ·{" "}
              {(r.durationMs / 1000).toFixed(1)} s on {r.backend || "?"} · data {r.dataHash.slice(0, 10)}
              {r.error && ` · ${r.error.split("\n")[0]}`}
            </p>
            {r.status === "finished" &&
              (r.kind === "rnn" ? (
                <RnnTable metrics={metrics} baselines={baselines} />
              ) : (
                <C2vTable metrics={metrics} baselines={baselines} />
              ))}
            {history.length > 1 && (
              <LossChart
                xLabel={r.kind === "rnn" ? "epoch" : "Adam step"}
                points={history.map((h) => ({
                  x: h.epoch ?? h.step ?? 0,
                  loss: Number(h.loss.toFixed(4)),
                  recall: h.recallAt10 ?? null,
                }))}
              />
            )}
            <details className="small">
              <summary>Hyper-parameters</summary>
              <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(params, null, 1)}</pre>
            </details>
          </section>
        );
      })}
    </>
  );
}

function RnnTable({
  metrics,
  baselines,
}: {
  metrics: Record<string, unknown>;
  baselines: Record<string, unknown>;
}) {
  const rows: [string, Ranking | undefined][] = [
    ["LSTM", metrics.model as Ranking],
    ["LSTM (taken courses allowed)", metrics.modelRaw as Ranking],
    ["Popularity", baselines.popularity as Ranking],
    ["Co-occurrence", baselines.cooccurrence as Ranking],
    ["Same major, same point", baselines.majorAtPoint as Ranking],
  ];
  const buckets = Object.keys((metrics.model as Ranking | undefined)?.byPriorTerms ?? {});
  return (
    <div className="table-wrap">
      <p className="small">
        Test term {String(metrics.testTerm)} · {(metrics.model as Ranking | undefined)?.students ?? 0}{" "}
        students · {String(metrics.vocabSize)} courses · {Math.round(Number(metrics.samplesPerSecond))}{" "}
        samples/s
      </p>
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
              <td className="num">{pct(m?.recallAt10)}</td>
              <td className="num">{m?.mrrAt10?.toFixed(3) ?? "–"}</td>
              {buckets.map((b) => (
                <td key={b} className="num">
                  {pct(m?.byPriorTerms?.[b]?.recallAt10)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type C2v = {
  subjectPrecisionAt10: number;
  crossListMedianRank: number;
  crossListTop10: number;
  crossListedPairs: number;
};

function C2vTable({
  metrics,
  baselines,
}: {
  metrics: Record<string, unknown>;
  baselines: Record<string, unknown>;
}) {
  const rows: [string, C2v | undefined][] = [
    ["course2vec", metrics as unknown as C2v],
    ["Co-enrollment PMI", baselines.pmi as C2v],
  ];
  return (
    <div className="table-wrap">
      <p className="small">
        {String(metrics.vocabSize)} courses with vectors · {(metrics as unknown as C2v).crossListedPairs}{" "}
        cross-listed pairs (both directions)
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
              <td className="num">{m?.subjectPrecisionAt10?.toFixed(3) ?? "–"}</td>
              <td className="num">{m?.crossListMedianRank ?? "–"}</td>
              <td className="num">{pct(m?.crossListTop10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
