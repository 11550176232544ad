import { describe, expect, it } from "vitest";
import { foldNumber, jaccard, levelCue, numberCue } from "@/lib/ml/articulation/cues";
import { cosineSparse, sharedTerms, stem, tfidfVectors, tokenize } from "@/lib/ml/articulation/text";

describe("catalog text", () => {
  it("folds case, accents and plurals and drops stop words and catalog boilerplate", () => {
    expect(
      tokenize("An Introduction to Différential Equations; the course covers Series and 3 proofs."),
    ).toEqual(["introduction", "differential", "equation", "sery", "proof"]);
    expect(stem("calculus")).toBe("calculus");
    expect(stem("class")).toBe("class");
    expect(stem("theories")).toBe("theory");
  });

  it("remembers a readable word for each stem", () => {
    const surface = new Map<string, string>();
    tokenize("Differential equations", surface);
    expect(surface.get("equation")).toBe("equations");
  });

  it("scores shared rare terms above shared common ones and names them", () => {
    const docs = [
      "linear algebra matrices vector spaces",
      "matrices eigenvalues linear algebra",
      "american history survey",
      "european history survey",
      "world history survey",
    ].map((t) => tokenize(t));
    const v = tfidfVectors(docs);
    expect(cosineSparse(v[0]!, v[1]!)).toBeGreaterThan(0.4);
    expect(cosineSparse(v[0]!, v[2]!)).toBe(0);
    // "history" and "survey" are in three documents, "american"/"european" in one each.
    expect(cosineSparse(v[2]!, v[3]!)).toBeLessThan(cosineSparse(v[0]!, v[1]!));
    expect(sharedTerms(v[0]!, v[1]!)).toEqual(expect.arrayContaining(["linear", "algebra", "matrice"]));
    expect(sharedTerms(v[0]!, v[2]!)).toEqual([]);
  });
});

describe("title and number cues", () => {
  it("compares titles as word sets and numbers after folding", () => {
    expect(jaccard(["calculus", "i"], ["calculus", "i"])).toBe(1);
    expect(jaccard(["calculus"], ["calculus", "ii"])).toBe(0.5);
    expect(jaccard([], ["x"])).toBe(0);
    expect(foldNumber("001a")).toBe("1A");
    expect(numberCue("1A", "1a")).toBe(1);
    expect(numberCue("1A", "1B")).toBe(0.5);
    expect(numberCue("1A", "10A")).toBe(0);
    expect(numberCue("", "1")).toBe(0);
    expect(levelCue(1, 1)).toBe(1);
    expect(levelCue(1, 2)).toBe(0);
    expect(levelCue(0, 2)).toBe(0.5);
  });
});
