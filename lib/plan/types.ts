import type { Season, Term } from "../ingest/terms";

/**
 * The planner's view of the catalog: courses by dense index (0..n-1), their prerequisites (all
 * required) and cross-listed partners as indices, and the seasons the institution teaches in.
 * Built once per catalog and model (lib/queries/plan.ts); tests build small ones by hand.
 */
export type PlanCourse = {
  code: string;
  title: string;
  subject: string;
  units: number | null;
  /** Seasons it is taught in; empty = no restriction known (as /recommend reads it). */
  offered: Season[];
  prereqs: number[];
  partners: number[];
  /** Not taught any more (no enrollments lately): never planned. */
  retired?: boolean;
};

export type PlanCatalog = {
  courses: PlanCourse[];
  /** The institution's calendar: the seasons its terms fall in (e.g. Spring, Summer, Fall). */
  seasons: Season[];
};

export type PlanRequirement = { name: string; count: number; courses: number[] };

export type LoadLimit = { min: number; max: number; unit: "courses" | "units" };

export type PlanInput = {
  /** Past terms, oldest first, with course indices. */
  history: { term: Term; courses: number[] }[];
  /** The term the plan follows: the history's last term, or the current term for a new student. */
  after: Term;
  requirements: PlanRequirement[];
  maxTerms: number;
  load: LoadLimit;
  pinned: { term: Term; course: number }[];
  excluded: number[];
  summers: boolean;
};

/**
 * The model in the loop: for each history (terms of course indices, oldest first, planned terms
 * appended), next-term probabilities by course index. Majors are bound into the scorer.
 */
export type Scorer = (histories: number[][][]) => ArrayLike<number>[];

export type PlannedCourse = { course: number; reasons: string[] };
export type PlannedTerm = { term: Term; courses: PlannedCourse[] };
export type Unmet = { requirement: string; reason: string };

export type Plan = {
  terms: PlannedTerm[];
  unmet: Unmet[];
  /** Search statistics, for the benchmark and tests (never shown to students). */
  stats: { statesExpanded: number; scorerCalls: number; ms: number; budgetHit: boolean };
};

export type SearchOptions = {
  beamWidth: number;
  /** Candidate term sets tried per beam state and term. */
  variants: number;
  /** Past this many milliseconds the search finishes greedily (beam width 1). */
  budgetMs: number;
  /** Weight of one unit of requirement progress against the model's log-probability ratio. */
  requirementWeight: number;
  /** Weight of a prerequisite of a still-needed requirement course. */
  unlockWeight: number;
  /** An optional course beyond the minimum load (or in a summer) needs at least this value. */
  extraThreshold: number;
};

export const DEFAULT_SEARCH: SearchOptions = {
  beamWidth: 6,
  variants: 4,
  budgetMs: 200,
  requirementWeight: 6,
  unlockWeight: 4,
  extraThreshold: 2,
};

export const DEFAULT_LOAD: LoadLimit = { min: 3, max: 5, unit: "courses" };
export const DEFAULT_MAX_TERMS = 10;

/** A request the planner cannot honour as asked (a pin in a term outside the plan, …): a 400. */
export class PlanInputError extends Error {}
