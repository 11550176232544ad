import { parseTerm } from "../ingest/terms";

export type HistoryEntry = { term: string; courses: string[] };

/**
 * Parses the recommend page's history box: one term per line, "Fall 2019: COMPSCI 61A, MATH 1A"
 * (codes separated by commas or semicolons). Returns entries and readable problems by line.
 */
export function parseHistoryText(text: string): { history: HistoryEntry[]; problems: string[] } {
  const history: HistoryEntry[] = [];
  const problems: string[] = [];
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .forEach((line, i) => {
      if (!line) return;
      const m = /^([^:]+):(.*)$/.exec(line);
      const term = m ? parseTerm(m[1]!) : null;
      if (!m || !term) {
        problems.push(`Line ${i + 1}: start with a term and a colon, like "Fall 2019: COMPSCI 61A, MATH 1A"`);
        return;
      }
      const courses = m[2]!
        .split(/[,;]/)
        .map((c) => c.trim())
        .filter(Boolean);
      history.push({ term: term.label, courses });
    });
  return { history, problems };
}

export function formatHistoryText(history: HistoryEntry[]): string {
  return history.map((h) => `${h.term}: ${h.courses.join(", ")}`).join("\n");
}
