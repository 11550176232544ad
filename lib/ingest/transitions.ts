/**
 * Counts, for each ordered course pair (a, b), the distinct students who took b in the term right
 * after a term in which they took a ("what students take next"). Enrollment arrays are parallel.
 * Returns pairs with at least `minStudents` students as [a, b, students].
 * Keys go into a typed array that is sorted and run-length counted: at Berkeley scale (~20M pair
 * occurrences) this needs a fraction of the memory of a Map.
 */
export function countTransitions(
  student: Int32Array,
  course: Int32Array,
  term: Int32Array,
  courseCount: number,
  minStudents: number,
): [number, number, number][] {
  const order = sortByStudentTerm(student, term);
  // Pair keys a * courseCount + b fit 32 bits up to 65,536 courses: half the memory of doubles.
  const Keys = courseCount * courseCount <= 2 ** 32 ? Uint32Array : Float64Array;
  let keys: Uint32Array | Float64Array = new Keys(1 << 20);
  let n = 0;
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
    if (n + perStudent.size > keys.length) {
      const grown = new Keys(Math.max(Math.ceil(keys.length * 1.5), n + perStudent.size));
      grown.set(keys.subarray(0, n));
      keys = grown;
    }
    for (const key of perStudent) keys[n++] = key;
  }
  const sorted = keys.subarray(0, n).sort();
  const out: [number, number, number][] = [];
  for (let j = 0; j < n;) {
    let k = j;
    while (k < n && sorted[k] === sorted[j]) k++;
    if (k - j >= minStudents)
      out.push([Math.floor(sorted[j]! / courseCount), sorted[j]! % courseCount, k - j]);
    j = k;
  }
  return out;
}

/** Distinct students per course index, from parallel enrollment arrays (sort-based, low memory). */
export function countStudentsPerCourse(
  student: Int32Array,
  course: Int32Array,
  courseCount: number,
): Int32Array {
  const keys = new Float64Array(student.length);
  for (let i = 0; i < student.length; i++) keys[i] = course[i]! * 1e7 + student[i]!;
  keys.sort();
  const counts = new Int32Array(courseCount);
  for (let i = 0; i < keys.length; i++)
    if (i === 0 || keys[i] !== keys[i - 1]) counts[Math.floor(keys[i]! / 1e7)]!++;
  return counts;
}

/**
 * Enrollment indices ordered by student, then term (stable): a counting sort by student, then an
 * insertion sort of each student's few rows by term. A comparator sort of 4.4M indices took seconds.
 */
export function sortByStudentTerm(student: Int32Array, term: Int32Array): Uint32Array {
  let students = 0;
  for (let i = 0; i < student.length; i++) if (student[i]! >= students) students = student[i]! + 1;
  const start = new Uint32Array(students + 1);
  for (let i = 0; i < student.length; i++) start[student[i]! + 1]!++;
  for (let s = 0; s < students; s++) start[s + 1]! += start[s]!;
  const order = new Uint32Array(student.length);
  const next = start.slice(0, students);
  for (let i = 0; i < student.length; i++) order[next[student[i]!]!++] = i;
  for (let s = 0; s < students; s++) {
    for (let i = start[s]! + 1; i < start[s + 1]!; i++) {
      const e = order[i]!;
      let j = i - 1;
      for (; j >= start[s]! && term[order[j]!]! > term[e]!; j--) order[j + 1] = order[j]!;
      order[j + 1] = e;
    }
  }
  return order;
}
