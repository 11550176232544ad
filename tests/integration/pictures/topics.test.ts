import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { resolveInstitution } from "@/lib/institution";
import { createDb, type Db } from "@/lib/db/client";
import { getCatalog } from "@/lib/queries/catalog";
import { searchCourses } from "@/lib/queries/search";
import { findTopicCourses } from "@/lib/queries/topics";

let db: Db;
let inst: number;
beforeAll(async () => {
  db = createDb(inject("fixtureUrl"));
  inst = (await resolveInstitution(db)).id;
});
afterAll(async () => db.$disconnect());

describe("topic search", () => {
  it("finds courses that students treat as the topic though their text does not say it", async () => {
    const catalog = await getCatalog(db, inst);
    const text = searchCourses(catalog, "buddhism", 50);
    const shown = new Set(text.map((c) => c.code));
    const r = (await findTopicCourses(db, inst, "buddhism", shown))!;
    expect(r.matched).toEqual(["buddhism"]);
    expect(r.courses.length).toBeGreaterThan(2);
    for (const c of r.courses) {
      expect(shown.has(c.code)).toBe(false);
      expect(catalog.byCode.get(c.code)!.description.toLowerCase()).not.toContain("buddhism");
    }
    // Students who take Buddhism courses take East-Asian and South-Asian humanities (planted).
    const subjects = r.courses.map((c) => catalog.byCode.get(c.code)!.subjectCode);
    expect(
      subjects.filter((s) =>
        ["JAPAN", "CHINESE", "TIBETAN", "SSEASN", "EALANG", "RELIGST", "BUDDSTD", "ART"].includes(s),
      ).length,
    ).toBeGreaterThan(r.courses.length / 2);
    expect(await findTopicCourses(db, inst, "qwertyuiop", new Set())).toBeNull();
  });
});
