import { describe, expect, it } from "vitest";
import {
  KnownFileError,
  mergeKnownPairs,
  parseKnownFile,
  resolveKnownRows,
} from "@/lib/models/articulation-known";

const problemsOf = (f: () => unknown): string[] => {
  try {
    f();
  } catch (err) {
    if (err instanceof KnownFileError) return err.problems;
    throw err;
  }
  throw new Error("did not throw");
};

describe("known articulation files", () => {
  it("reads from_course,to_course rows with their lines (BOM, CRLF, quotes, any column order)", () => {
    const text = '\uFEFFto_course,from_course\r\n"MATH 1A",MATH 3A\r\n\r\nMATH 1B,"MATH 3B"\r\n';
    expect(parseKnownFile(text, "k.csv")).toEqual([
      { from: "MATH 3A", to: "MATH 1A", line: 2 },
      { from: "MATH 3B", to: "MATH 1B", line: 4 },
    ]);
  });

  it("names file, line and field for empty cells, duplicates and a wrong header", () => {
    expect(
      problemsOf(() => parseKnownFile("from_course,to_course\nA 1,\n,B 2\nA 1,B 1\nA 1,B 1\n", "k.csv")),
    ).toEqual([
      "k.csv:2: to_course: empty",
      "k.csv:3: from_course: empty",
      "k.csv:5: to_course: duplicate of line 4 (A 1 → B 1)",
    ]);
    expect(problemsOf(() => parseKnownFile("college,univ\nA,B\n", "k.csv"))[0]).toMatch(
      /^k\.csv:1: header: missing column from_course, to_course/,
    );
    expect(problemsOf(() => parseKnownFile("", "k.csv"))[0]).toMatch(/^k\.csv:1: the file is empty/);
    expect(problemsOf(() => parseKnownFile('from_course,to_course\n"A 1,B\n', "k.csv"))[0]).toMatch(
      /^k\.csv:2: /,
    );
  });

  it("lists every code the catalogs lack", () => {
    const rows = parseKnownFile("from_course,to_course\nA 1,B 1\nA 9,B 1\nA 1,B 9\n", "k.csv");
    const ids = (codes: string[]) => new Map(codes.map((c, i) => [c, i + 1]));
    expect(
      problemsOf(() =>
        resolveKnownRows(rows, "k.csv", ids(["A 1"]), ids(["B 1"]), { from: "CC", to: "UNIV" }),
      ),
    ).toEqual([
      "k.csv:3: from_course: A 9 is not a course of CC",
      "k.csv:4: to_course: B 9 is not a course of UNIV",
    ]);
    expect(
      resolveKnownRows(rows.slice(0, 1), "k.csv", ids(["A 1"]), ids(["B 1"]), { from: "CC", to: "UNIV" }),
    ).toEqual([[1, 1]]);
  });

  it("adds accepted decisions and removes rejected ones", () => {
    const merged = mergeKnownPairs(
      [
        [1, 10],
        [2, 20],
      ],
      [
        { fromCourseId: 3, toCourseId: 30, status: "accepted" },
        { fromCourseId: 2, toCourseId: 20, status: "rejected" },
        { fromCourseId: 1, toCourseId: 10, status: "accepted" },
      ],
    );
    expect(merged).toEqual([
      [1, 10],
      [3, 30],
    ]);
  });
});
