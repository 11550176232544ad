import { describe, expect, it } from "vitest";
import { buildMajorVocab, buildRnnData, OTHER_MAJOR } from "@/lib/models/rnn-data";
import { formatCount, publishCount, roundScore } from "@/lib/queries/disclosure";
import type { StudentHistory } from "@/lib/ml/vocab";

describe("publishCount: counts as they may be published", () => {
  it("suppresses small cells and rounds the rest down to a multiple of 5", () => {
    expect(publishCount(9, [], 10)).toBeNull();
    expect(publishCount(10, [], 10)).toBe(10);
    expect(publishCount(14, [], 10)).toBe(10);
    // "11 took both A and B" beside "10 took A, then B": both read 10+, nothing to difference.
    expect([publishCount(11, [], 10), publishCount(10, [], 10)]).toEqual([10, 10]);
    expect(publishCount(1237, [], 10)).toBe(1235);
    expect(formatCount(1235)).toBe("1,235+");
  });
  it("suppresses a count that says (nearly) every student of a course did it", () => {
    // A seminar of 20 where all 20 took the other course too.
    expect(publishCount(20, [20, 400], 10)).toBeNull();
    // The complementary cell (the 5 who did not) is small as well.
    expect(publishCount(25, [30, 400], 10)).toBeNull();
    expect(publishCount(25, [35, 400], 10)).toBe(25);
  });
});

describe("roundScore", () => {
  it("keeps two significant digits", () => {
    expect(roundScore(0.0537218)).toBe(0.054);
    expect(roundScore(0.31254)).toBe(0.31);
    expect(roundScore(0)).toBe(0);
  });
});

const term = (ordinal: number, courses: number[]) => ({ ordinal, courses });
function student(majors: string[], terms: { ordinal: number; courses: number[] }[]): StudentHistory {
  return { majors, terms };
}

describe("the LSTM's major vocabulary", () => {
  it("admits a major only with enough students; the rest pool into one token", () => {
    const h = [
      ...Array.from({ length: 25 }, () => ({ majors: ["COMPSCI"] })),
      { majors: ["ALCHEMY"] },
      ...Array.from({ length: 19 }, (_, i) => ({ majors: [`RARE${i}`] })),
    ];
    const vocab = buildMajorVocab(h, 20);
    expect(vocab.get("COMPSCI")).toBe("COMPSCI");
    expect(vocab.get("ALCHEMY")).toBe(OTHER_MAJOR);
    expect(vocab.get("RARE3")).toBe(OTHER_MAJOR);
    // Fewer than 20 students in all the rare majors together: not even the pooled token.
    expect(buildMajorVocab(h.slice(0, 30), 20).has("ALCHEMY")).toBe(false);
  });

  it("trains no token for a major one student holds", () => {
    const histories = [
      ...Array.from({ length: 30 }, (_, i) =>
        student(["COMPSCI"], [term(1, [1, 2]), term(2, [3, i % 2 ? 4 : 5])]),
      ),
      student(["ALCHEMY"], [term(1, [1, 2]), term(2, [3, 4])]),
    ];
    const data = buildRnnData(histories, 20, 1);
    expect(data.majors).not.toContain("ALCHEMY");
    expect(data.majors.every((m) => m === "COMPSCI")).toBe(true);
    // The lone student's sequence carries no major at all (one student cannot fill the pool).
    expect(data.train.at(-1)!.majors).toEqual([]);
  });
});
