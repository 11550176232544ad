import { describe, expect, it } from "vitest";
import { parseTerm, termFromOrdinal } from "@/lib/ingest/terms";
import { hashStudentId } from "@/lib/ingest/hash";

describe("parseTerm", () => {
  it.each([
    ["Fall 2019", "Fall 2019"],
    ["2019 Fall", "Fall 2019"],
    ["fall-2019", "Fall 2019"],
    ["SPRING 2020", "Spring 2020"],
    ["summer_2021", "Summer 2021"],
    [" Winter 2022 ", "Winter 2022"],
    ["Autumn 2019", "Autumn 2019"],
    ["January term 2020", "January term 2020"],
    ["J-Term 2020", "January term 2020"],
    ["2020 IAP", "IAP 2020"],
    ["maymester 2021", "May term 2021"],
  ])("reads %s", (text, label) => {
    expect(parseTerm(text)?.label).toBe(label);
  });

  it.each(["Autumnal 2019", "Fall", "2019", "Fall 19", "Fall 2019 extra", "", "Fall-2019-2020"])(
    "rejects %j",
    (text) => {
      expect(parseTerm(text)).toBeNull();
    },
  );

  it("orders terms chronologically, Winter first in its year", () => {
    const order = [
      "Fall 2019",
      "January term 2020",
      "Winter 2020",
      "Spring 2020",
      "May term 2020",
      "Summer 2020",
      "Autumn 2020",
      "IAP 2021",
    ].map((t) => parseTerm(t)!.ordinal);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(termFromOrdinal(parseTerm("Summer 2020")!.ordinal).label).toBe("Summer 2020");
  });
});

describe("hashStudentId", () => {
  it("is stable for the same id and salt, and hides the id", () => {
    const a = hashStudentId("S1234567", "salt-one-0123456789");
    expect(hashStudentId("S1234567", "salt-one-0123456789")).toBe(a);
    expect(a).not.toContain("1234567");
    expect(a).toHaveLength(32);
  });

  it("depends on the salt and the id", () => {
    expect(hashStudentId("S1", "salt-one-0123456789")).not.toBe(hashStudentId("S1", "salt-two-0123456789"));
    expect(hashStudentId("S1", "salt-one-0123456789")).not.toBe(hashStudentId("S2", "salt-one-0123456789"));
  });
});
