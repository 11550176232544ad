import type { SubjectNode } from "@/lib/queries/subject-network";

/** Background from white to the accent blue; text black or white, whichever passes 4.5:1 there. */
function cellColours(t: number): { background: string; color: string } {
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  const [r, g, b] = [mix(255, 24), mix(255, 58), mix(255, 85)];
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  // Black passes on luminance >= 0.175, white on <= 0.183: the split sits between.
  return { background: `rgb(${r} ${g} ${b})`, color: lum > 0.179 ? "#000" : "#fff" };
}

/**
 * The same relationships as a matrix, for readers who prefer rows: one row and column per subject
 * (ordered by division), each cell the similarity × 100, shaded by strength.
 */
export function SubjectHeatmap({ nodes, matrix }: { nodes: SubjectNode[]; matrix: (number | null)[][] }) {
  const values = matrix.flat().filter((v): v is number => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return (
    <div className="table-wrap heatmap-wrap">
      <table className="heatmap" data-testid="subject-heatmap">
        <caption className="small muted">
          Subject similarity × 100 (course2vec centroids); darker is closer. Rows and columns in division
          order.
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Subject</span>
            </th>
            {nodes.map((n) => (
              <th key={n.code} scope="col" className="heatmap-col">
                <abbr title={n.name}>{n.code}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {nodes.map((row, i) => (
            <tr key={row.code}>
              <th scope="row">
                <a href={`/subjects/${encodeURIComponent(row.code)}`}>{row.code}</a>
              </th>
              {matrix[i]!.map((v, j) =>
                v === null ? (
                  <td key={nodes[j]!.code} className="heatmap-self" />
                ) : (
                  <td
                    key={nodes[j]!.code}
                    title={`${row.name} – ${nodes[j]!.name}: ${v.toFixed(2)}`}
                    style={cellColours(hi > lo ? (v - lo) / (hi - lo) : 1)}
                  >
                    {Math.round(v * 100)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
