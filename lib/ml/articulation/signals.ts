/** The signals, in the order every feature row stores them (no imports: the read side uses this too). */
export const SIGNALS = ["enrollment", "description", "title", "number", "level", "neighbour"] as const;
export type Signal = (typeof SIGNALS)[number];
export const F = 6 satisfies (typeof SIGNALS)["length"];
