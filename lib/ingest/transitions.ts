/**
 * Counts, for each ordered course pair (a, b), the distinct students who took b in the term right
 * after a term in which they took a ("what students take next"). Enrollment arrays are parallel.
 * Returns pairs with at least `minStudents` students as [a, b, students].
 */
export function countTransitions(
  student: Int32Array,
  course: Int32Array,
  term: Int32Array,
  courseCount: number,
  minStudents: number,
): [number, number, number][] {
  const order = sortByStudentTerm(student, term);
  const counts = new Map<number, number>();
  const perStudent = new Set<number>();
  let i = 0;
  while (i < order.length) {
    const s = student[order[i]!]!;
    perStudent.clear();
    // Walk this student's terms; prev holds the courses of the previous term.
    let prev: number[] = [];
    let cur: number[] = [];
    let curTerm = -1;
    for (; i < order.length && student[order[i]!] === s; i++) {
      const e = order[i]!;
      if (term[e] !== curTerm) {
        if (cur.length) prev = cur;
        cur = [];
        curTerm = term[e]!;
      }
      const c = course[e]!;
      cur.push(c);
      for (const a of prev) perStudent.add(a * courseCount + c);
    }
    for (const key of perStudent) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const out: [number, number, number][] = [];
  for (const [key, n] of counts) {
    if (n >= minStudents) out.push([Math.floor(key / courseCount), key % courseCount, n]);
  }
  return out;
}

/** Enrollment indices ordered by student, then term. */
export function sortByStudentTerm(student: Int32Array, term: Int32Array): Uint32Array {
  const order = new Uint32Array(student.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((x, y) => student[x]! - student[y]! || term[x]! - term[y]!);
}
