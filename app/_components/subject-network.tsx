import type { SubjectLink, SubjectNode } from "@/lib/queries/subject-network";
import { DIVISION_COLOURS, divisionColour } from "./divisions";
import { NETWORK_HEIGHT, NETWORK_WIDTH, placeNetwork } from "./subject-network-layout";

/**
 * The subject network as a server-rendered SVG: nodes sized by enrollment and coloured by
 * division, each a link to its subject; edges for each subject's strongest relationships, wider
 * and darker the stronger. Forty-odd nodes need no canvas and no client JavaScript.
 */
export function SubjectNetwork({
  nodes,
  links,
  matrix,
}: {
  nodes: SubjectNode[];
  links: SubjectLink[];
  matrix: (number | null)[][];
}) {
  const placed = placeNetwork(nodes, links, matrix);
  const lo = Math.min(...links.map((l) => l.score));
  const hi = Math.max(...links.map((l) => l.score));
  const t = (s: number) => (hi > lo ? (s - lo) / (hi - lo) : 1);
  return (
    <figure className="network">
      <div className="network-scroll">
        <svg
          viewBox={`0 0 ${NETWORK_WIDTH} ${NETWORK_HEIGHT}`}
          role="group"
          aria-label={`Network of ${nodes.length} subjects and their ${links.length} strongest relationships`}
          data-testid="subject-network"
        >
          <g aria-hidden="true">
            {placed.links.map((l) => (
              <line
                key={`${l.a}|${l.b}`}
                x1={l.x1}
                y1={l.y1}
                x2={l.x2}
                y2={l.y2}
                stroke="#55606f"
                strokeOpacity={0.25 + 0.5 * t(l.score)}
                strokeWidth={0.8 + 3.2 * t(l.score)}
              />
            ))}
          </g>
          {placed.nodes.map((n) => (
            <a
              key={n.code}
              href={`/subjects/${encodeURIComponent(n.code)}`}
              aria-label={`${n.code}: ${n.name}, ${n.division}, about ${n.enrollments.toLocaleString("en-US")} enrollments`}
            >
              <title>{`${n.name} (${n.code}) · ${n.division} · about ${n.enrollments.toLocaleString("en-US")} enrollments`}</title>
              <circle
                cx={n.x}
                cy={n.y}
                r={n.r}
                fill={divisionColour(n.division)}
                stroke="#fff"
                strokeWidth={2}
              />
              <text x={n.x} y={n.y + n.r + 12} textAnchor="middle" className="network-label">
                {n.code}
              </text>
            </a>
          ))}
        </svg>
      </div>
      <figcaption>
        <ul className="small map-legend" aria-label="Divisions">
          {Object.entries(DIVISION_COLOURS).map(([d, c]) => (
            <li key={d}>
              <span aria-hidden className="swatch" style={{ background: c }} />
              {d}
            </li>
          ))}
        </ul>
        <p className="small muted">
          Node area follows enrollments; each subject keeps a line to its three most similar subjects
          (course2vec centroid similarity), thicker when stronger. Click a subject to open it.
        </p>
      </figcaption>
    </figure>
  );
}
