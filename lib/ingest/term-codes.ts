import { parseSeason } from "./terms";

/**
 * Term codes of student information systems. PeopleSoft's STRM is CYYT (2198: century digit 2 =
 * 2000s, year 19, term digit 8 = Fall); Banner's is YYYYTT (201980: 2019, term 80 = Fall). The
 * digits differ by institution, so a mapping file can replace the presets' season tables.
 */
export const TERM_PRESETS: Record<"peoplesoft" | "banner", Record<string, string>> = {
  peoplesoft: {
    "0": "January term",
    "1": "Winter",
    "2": "Spring",
    "4": "May term",
    "5": "Summer",
    "8": "Fall",
  },
  banner: {
    "10": "January term",
    "15": "Winter",
    "20": "Spring",
    "30": "May term",
    "50": "Summer",
    "80": "Fall",
  },
};

export type TermCodes = {
  preset?: "peoplesoft" | "banner";
  seasons: Record<string, string>;
  table?: Map<string, string>;
};

/** A term code → a label such as `Fall 2019`, or why it cannot be read. */
export function decodeTermCode(text: string, codes: TermCodes): string | { error: string } {
  const code = text.trim();
  const fromTable = codes.table?.get(code);
  if (fromTable) return fromTable;
  const fail = (why: string) => ({ error: `term code "${code.slice(0, 20)}": ${why}` });
  if (codes.preset === "peoplesoft") {
    const m = /^(\d)(\d\d)(\d)$/.exec(code);
    if (!m)
      return codes.table ? fail("not in the terms table") : fail("not a PeopleSoft STRM (4 digits, CYYT)");
    return withSeason(codes, m[3]!, 1900 + Number(m[1]) * 100 - 100 + Number(m[2]), fail);
  }
  if (codes.preset === "banner") {
    const m = /^(\d{4})(\d\d)$/.exec(code);
    if (!m) return codes.table ? fail("not in the terms table") : fail("not a Banner term code (YYYYTT)");
    return withSeason(codes, m[2]!, Number(m[1]), fail);
  }
  // Without a preset, a label that is already a term passes through.
  return codes.table ? fail("not in the terms table") : code;
}

function withSeason(
  codes: TermCodes,
  digits: string,
  year: number,
  fail: (why: string) => { error: string },
): string | { error: string } {
  const name = codes.seasons[digits];
  const season = name ? parseSeason(name) : null;
  if (!season)
    return fail(
      `term digit${digits.length > 1 ? "s" : ""} ${digits} not in the season table (${Object.keys(codes.seasons).join(", ")})`,
    );
  return `${season} ${year}`;
}
