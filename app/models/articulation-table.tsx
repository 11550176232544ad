import type { ArticulationEvaluation, ArticulationParams } from "@/lib/models/articulation-schemas";
import type { RunResults } from "@/lib/models/run-schemas";

const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(x * 100).toFixed(1)}%`);
const num = (x: number) => (Number.isNaN(x) ? "–" : x.toFixed(3));

/** An articulation run on /models: cross-validated metrics on the known pairs, held-out ones once evaluated. */
export function ArticulationTable({
  params,
  results: { metrics },
}: {
  params: ArticulationParams | null;
  results: RunResults<"articulation">;
}) {
  const t = metrics.translation;
  const heldout = metrics.heldout;
  return (
    <div className="table-wrap">
      <p className="small">
        {params ? `${params.from} → ${params.to}` : "?"} · {metrics.fromCourses} courses against{" "}
        {metrics.toCourses} · {params?.knownPairs ?? "?"} known pairs ({params?.acceptedAdded ?? 0} accepted
        by staff added, {params?.rejectedRemoved ?? 0} rejected removed) · translation:{" "}
        {t.kind === "procrustes" ? "orthogonal Procrustes" : `ridge, λ = ${t.lambda}`}, {t.dims} dimensions ·
        weights{" "}
        {Object.entries(metrics.weights)
          .map(([s, w]) => `${s} ${w.toFixed(2)}`)
          .join(", ")}
      </p>
      <MetricsTable
        caption={`Cross-validated on the known pairs (${metrics.cv.combined.courses} courses)`}
        m={metrics.cv}
      />
      {heldout && (
        <MetricsTable
          caption={`Held-out equivalences (${heldout.combined.courses} courses, ${heldout.file}, ${heldout.evaluatedAt.slice(0, 16).replace("T", " ")} UTC)`}
          m={heldout}
        />
      )}
    </div>
  );
}

function MetricsTable({ caption, m }: { caption: string; m: ArticulationEvaluation }) {
  const rows = [
    ["Enrollment only (translated course2vec)", m.enrollment],
    ["Description only (TF-IDF)", m.description],
    ["Combined", m.combined],
  ] as const;
  return (
    <table>
      <caption className="small muted">{caption}</caption>
      <thead>
        <tr>
          <th>Signal</th>
          <th className="num">Recall@1</th>
          <th className="num">Recall@5</th>
          <th className="num">Recall@10</th>
          <th className="num">MRR</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, r]) => (
          <tr key={name}>
            <td>{name}</td>
            <td className="num">{pct(r.recallAt1)}</td>
            <td className="num">{pct(r.recallAt5)}</td>
            <td className="num">{pct(r.recallAt10)}</td>
            <td className="num">{num(r.mrr)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
