import Link from "next/link";
import type { ExploreItem } from "@/lib/queries/explore";

/** A list of courses to explore with their reasons (used on /recommend and on course pages). */
export function ExploreList({
  heading,
  intro,
  items,
}: {
  heading: string;
  intro: string;
  items: ExploreItem[];
}) {
  return (
    <section aria-labelledby="explore-h" data-testid="explore">
      <h2 id="explore-h">{heading}</h2>
      <p className="small muted">{intro}</p>
      <ol className="panel" style={{ paddingLeft: "2rem" }}>
        {items.map((c) => (
          <li key={c.code} style={{ marginBottom: "0.5rem" }}>
            <Link href={`/courses/${encodeURIComponent(c.code)}`}>{c.code}</Link> {c.title}
            <ul className="why">
              {c.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
