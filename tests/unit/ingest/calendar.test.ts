import { describe, expect, it } from "vitest";
import { detectCalendar, nextRegularTerm } from "@/lib/ingest/calendar";
import { decodeTermCode, TERM_PRESETS } from "@/lib/ingest/term-codes";
import { parseTerm } from "@/lib/ingest/terms";
import { parseUnitsText } from "@/lib/ingest/units";

const next = (term: string, kind: "semester" | "quarter", fallName: "Fall" | "Autumn" = "Fall") =>
  nextRegularTerm(parseTerm(term)!, { kind, fallName }).label;

describe("next term follows the institution's calendar", () => {
  it.each([
    ["Fall 2019", "Spring 2020"],
    ["Spring 2020", "Fall 2020"],
    ["Summer 2020", "Fall 2020"],
    ["January term 2020", "Spring 2020"],
    ["Winter 2020", "Spring 2020"],
  ])("semesters: %s → %s", (term, label) => expect(next(term, "semester")).toBe(label));

  it.each([
    ["Autumn 2019", "Winter 2020"],
    ["Winter 2020", "Spring 2020"],
    ["Spring 2020", "Autumn 2020"],
    ["Summer 2020", "Autumn 2020"],
  ])("quarters: %s → %s", (term, label) => expect(next(term, "quarter", "Autumn")).toBe(label));

  it("detects a quarter system from how many enroll in Winter", () => {
    const rows = (w: number) =>
      new Map([
        [parseTerm("Autumn 2019")!.ordinal, 1000],
        [parseTerm("Winter 2020")!.ordinal, w],
        [parseTerm("Spring 2020")!.ordinal, 950],
      ]);
    expect(detectCalendar(rows(900), true)).toEqual({ kind: "quarter", fallName: "Autumn" });
    expect(detectCalendar(rows(40), false)).toEqual({ kind: "semester", fallName: "Fall" });
  });
});

describe("term codes", () => {
  const ps = { preset: "peoplesoft" as const, seasons: TERM_PRESETS.peoplesoft };
  const banner = { preset: "banner" as const, seasons: { ...TERM_PRESETS.banner, "10": "Spring" } };
  it("decodes PeopleSoft STRM and Banner term codes", () => {
    expect(decodeTermCode("2198", ps)).toBe("Fall 2019");
    expect(decodeTermCode("2202", ps)).toBe("Spring 2020");
    expect(decodeTermCode("1995", ps)).toBe("Summer 1999");
    expect(decodeTermCode("2200", ps)).toBe("January term 2020");
    expect(decodeTermCode("201980", banner)).toBe("Fall 2019");
    expect(decodeTermCode("202010", banner)).toBe("Spring 2020");
  });

  it("says why a code cannot be read", () => {
    expect(decodeTermCode("2199", ps)).toEqual({
      error: 'term code "2199": term digit 9 not in the season table (0, 1, 2, 4, 5, 8)',
    });
    expect(decodeTermCode("Fall 2019", ps)).toEqual({
      error: 'term code "Fall 2019": not a PeopleSoft STRM (4 digits, CYYT)',
    });
    const table = { seasons: {}, table: new Map([["F19", "Fall 2019"]]) };
    expect(decodeTermCode("F19", table)).toBe("Fall 2019");
    expect(decodeTermCode("S20", table)).toEqual({ error: 'term code "S20": not in the terms table' });
  });
});

describe("units as text", () => {
  it.each([
    ["3 hours.", "3"],
    ["1 TO 4 hours.", "4"],
    ["3 OR 4 hours.", "4"],
    ["0.5 hours.", "0.5"],
    ["2-4 units", "4"],
    ["4", "4"],
  ])("%s → %s", (text, units) => expect(parseUnitsText(text)).toBe(units));

  it("rejects what it cannot read", () => {
    expect(parseUnitsText("variable")).toEqual({
      error: 'units must read like "3 hours." or "1 TO 4 hours.", got "variable"',
    });
  });
});
