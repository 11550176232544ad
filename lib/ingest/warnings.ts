import type { Problem, ProblemList } from "./csv";

/**
 * What an import accepts but reports (the policy): fatal problems stop the import, these do not.
 * Each kind is reported once, with a count and its first examples; `--strict` makes them fatal.
 */
export const WARNING_KINDS = {
  "empty-title": "courses with an empty title (the code is shown instead)",
  "empty-units": "courses with empty units",
  "not-in-catalog":
    'courses named by enrollments but not in the catalog (imported as "not in the current catalog")',
  "unknown-reference": "cross-listings or prerequisites naming codes not in the catalog (skipped)",
  "unknown-requirement-course": "requirement courses not in the catalog (skipped)",
  "unknown-column": "unknown columns (ignored)",
} as const;
export type WarningKind = keyof typeof WARNING_KINDS;

export type WarningExample = { file: string; line: number; column: string; detail: string };
export type WarningEntry = { kind: WarningKind; count: number; rows: number; examples: WarningExample[] };

const EXAMPLES = 3;

export class WarningList {
  private readonly byKind = new Map<WarningKind, WarningEntry>();

  /** One occurrence (a course, a column, a reference); `rows` counts the data rows it stands for. */
  add(kind: WarningKind, example: WarningExample, rows = 1): void {
    let e = this.byKind.get(kind);
    if (!e) this.byKind.set(kind, (e = { kind, count: 0, rows: 0, examples: [] }));
    e.count++;
    e.rows += rows;
    if (e.examples.length < EXAMPLES) e.examples.push(example);
  }

  /** Adds rows to an occurrence already counted (more enrollments in one not-in-catalog course). */
  addRows(kind: WarningKind, rows: number): void {
    const e = this.byKind.get(kind);
    if (e) e.rows += rows;
  }

  get entries(): WarningEntry[] {
    return Object.keys(WARNING_KINDS).flatMap((k) => this.byKind.get(k as WarningKind) ?? []);
  }

  get isEmpty(): boolean {
    return this.byKind.size === 0;
  }

  /** `--strict`: every occurrence shown becomes a problem (file:line: column: reason). */
  addToProblems(problems: ProblemList): void {
    for (const e of this.entries) {
      for (const x of e.examples) problems.add(toProblem(e.kind, x));
      // Only the first examples are known by line; the rest are counted.
      problems.total += e.count - e.examples.length;
    }
  }
}

function toProblem(kind: WarningKind, x: WarningExample): Problem {
  return {
    file: x.file,
    line: x.line,
    column: x.column,
    reason: `${x.detail}: ${kind} (an error under --strict)`,
  };
}

/** One line per kind: `warning: 14 courses with an empty title …, e.g. courses.csv:5 (AAS 999), …`. */
export function formatWarning(e: WarningEntry): string {
  const rows = e.rows !== e.count ? ` (${e.rows.toLocaleString("en-US")} rows)` : "";
  const eg = e.examples.map((x) => `${x.file}:${x.line} ${x.detail}`).join("; ");
  return `${e.count.toLocaleString("en-US")} ${WARNING_KINDS[e.kind]}${rows}, e.g. ${eg}`;
}

/** The summary's last line: the count of each warning. */
export function formatWarningCounts(entries: readonly WarningEntry[]): string {
  if (entries.length === 0) return "Warnings: none.";
  return `Warnings: ${entries.map((e) => `${e.kind} ${e.count.toLocaleString("en-US")}`).join(", ")}.`;
}
