import type { SimCatalog } from "./catalog";

export type SimRequirement = { name: string; count: number; classes: number[] };
export type SimProgram = { subject: string; name: string; requirements: SimRequirement[] };

/**
 * Planted substitutes: each group is a "take one of" slot in several majors, so its courses are
 * taken by the same kind of student at the same point, and rarely together.
 */
export const SUBSTITUTE_GROUPS: { name: string; topics: [string, string][] }[] = [
  {
    name: "Introductory statistics",
    topics: [
      ["STAT", "Introduction to Statistics"],
      ["DATA", "Foundations of Data Science"],
      ["PSYCH", "Research Methods"],
    ],
  },
  {
    name: "Writing",
    topics: [
      ["ENGLISH", "Reading and Composition"],
      ["ENGLISH", "Creative Writing"],
      ["FILM", "Screenwriting"],
    ],
  },
  {
    name: "Programming",
    topics: [
      ["COMPSCI", "Structure and Interpretation of Programs"],
      ["DATA", "Principles and Techniques of Data Science"],
      ["ELENG", "Digital Design"],
    ],
  },
];

export function findClass(catalog: SimCatalog, subject: string, title: string): number | undefined {
  return catalog.bySubject.get(subject)?.find((id) => catalog.classes[id]!.title === title);
}

/** One major per subject: lower core, upper core, electives, a related-subject course, a substitute slot. */
export function buildPrograms(catalog: SimCatalog): SimProgram[] {
  const substitutes = SUBSTITUTE_GROUPS.map((g) => ({
    name: g.name,
    classes: g.topics.map(([s, t]) => findClass(catalog, s, t)).filter((x): x is number => x !== undefined),
  }));
  return catalog.subjects.map((s, si) => {
    const own = catalog.bySubject.get(s.code)!;
    const lower = own.filter((id) => catalog.classes[id]!.level === 1);
    const upper = own.filter((id) => catalog.classes[id]!.level === 2);
    const requirements: SimRequirement[] = [
      { name: "Lower-division core", count: Math.min(3, lower.length), classes: lower.slice(0, 3) },
      { name: "Upper-division core", count: Math.min(2, upper.length), classes: upper.slice(0, 2) },
    ];
    const electives = upper.slice(2);
    if (electives.length)
      requirements.push({
        name: "Upper-division electives",
        count: Math.min(4, electives.length),
        classes: electives,
      });
    const related = s.related
      .map((r) => catalog.bySubject.get(r)?.[0])
      .filter((x): x is number => x !== undefined);
    if (related.length) requirements.push({ name: "Related field", count: 1, classes: related.slice(0, 2) });
    const slot = substitutes[si % substitutes.length]!;
    if (slot.classes.length > 1) requirements.push({ name: slot.name, count: 1, classes: slot.classes });
    return { subject: s.code, name: `${s.name} BA`, requirements };
  });
}
