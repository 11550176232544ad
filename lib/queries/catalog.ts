import type { Db } from "../db/client";
import { DEFAULT_CALENDAR, parseCalendar, type Calendar } from "../ingest/calendar";

export type CourseInfo = {
  id: number;
  code: string;
  title: string;
  subjectCode: string;
  subjectName: string;
  division: string;
  number: string;
  units: number | null;
  level: string;
  levelRank: number;
  description: string;
  offered: string[];
  // false: known from enrollments only (a retired course), never offered next term.
  inCatalog: boolean;
  students: number;
  // For search: lower-cased words of code, title and subject; the code without spaces or
  // punctuation; the subject's initials + number ("cs61a" for COMPSCI 61A = Computer Science 61A).
  words: string[];
  descWords: string[];
  compact: string[];
};

export type SubjectInfo = { code: string; name: string; division: string; courses: number };

export type Catalog = {
  /** The institution whose catalog this is: every query that holds a catalog reads its runs only. */
  institutionId: number;
  courses: CourseInfo[];
  byId: Map<number, CourseInfo>;
  byCode: Map<string, CourseInfo>;
  subjects: Map<string, SubjectInfo>;
  version: number;
  /** The institution's calendar, as the latest import detected or was told. */
  calendar: Calendar;
};

const CHECK_EVERY_MS = 5_000;
const caches = new Map<number, { catalog: Catalog; checkedAt: number }>();

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * An institution's catalog held in memory (9k courses is a few MB) for search and lookups; reloaded
 * when a new import of it lands. Portable across SQLite and PostgreSQL, and fast: no query per keystroke.
 */
export async function getCatalog(db: Db, institutionId: number): Promise<Catalog> {
  const now = Date.now();
  const cache = caches.get(institutionId);
  if (cache && now - cache.checkedAt < CHECK_EVERY_MS) return cache.catalog;
  const last = await db.importRun.findFirst({
    where: { institutionId },
    orderBy: { id: "desc" },
    select: { id: true, calendar: true },
  });
  const version = last?.id ?? 0;
  if (cache && cache.catalog.version === version) {
    cache.checkedAt = now;
    return cache.catalog;
  }
  const [subjects, courses] = await Promise.all([
    db.subject.findMany({ where: { institutionId }, include: { _count: { select: { courses: true } } } }),
    db.course.findMany({ where: { institutionId }, orderBy: { code: "asc" } }),
  ]);
  const subjectMap = new Map(
    subjects.map((s) => [
      s.code,
      { code: s.code, name: s.name, division: s.division, courses: s._count.courses },
    ]),
  );
  const infos: CourseInfo[] = courses.map((c) => {
    const subj = subjectMap.get(c.subjectCode);
    const name = subj?.name ?? c.subjectCode;
    const initials = wordsOf(name)
      .filter((w) => !["and", "of", "the"].includes(w))
      .map((w) => w[0])
      .join("");
    const num = c.number.toLowerCase().replace(/[^a-z0-9]/g, "");
    return {
      id: c.id,
      code: c.code,
      title: c.title,
      subjectCode: c.subjectCode,
      subjectName: name,
      division: subj?.division ?? "",
      number: c.number,
      units: c.units,
      level: c.level,
      levelRank: c.levelRank,
      description: c.description,
      offered: c.offered ? c.offered.split(";") : [],
      inCatalog: c.inCatalog,
      students: c.students,
      words: [...new Set([...wordsOf(c.code), ...wordsOf(c.title), ...wordsOf(name)])],
      descWords: [...new Set(wordsOf(c.description))],
      compact: [c.code.toLowerCase().replace(/[^a-z0-9]/g, ""), initials + num],
    };
  });
  const catalog: Catalog = {
    institutionId,
    courses: infos,
    byId: new Map(infos.map((c) => [c.id, c])),
    byCode: new Map(infos.map((c) => [c.code, c])),
    subjects: subjectMap,
    version,
    calendar: (last && parseCalendar(last.calendar)) ?? DEFAULT_CALENDAR,
  };
  caches.set(institutionId, { catalog, checkedAt: now });
  return catalog;
}

/** Makes the next getCatalog ask the database for the last import (the read cache saw a change). */
export function invalidateCatalog(): void {
  for (const c of caches.values()) c.checkedAt = 0;
}

/** Finds a course by code, forgiving case and spacing ("compsci  61a" → COMPSCI 61A). */
export function findCourse(catalog: Catalog, code: string): CourseInfo | undefined {
  const exact = catalog.byCode.get(code);
  if (exact) return exact;
  const norm = code.trim().toLowerCase().replace(/\s+/g, " ");
  return catalog.courses.find((c) => c.code.toLowerCase() === norm);
}

/**
 * Subjects with at least one course of `min` or more students: a subject relation is a statistic
 * about its courses' students, so it is shown under the same threshold as a similar-course row.
 */
export function subjectsWithStudents(catalog: Catalog, min: number): Set<string> {
  return new Set(catalog.courses.filter((c) => c.students >= min).map((c) => c.subjectCode));
}
