import { Matrix, QR } from "ml-matrix";
import type { ArticulationCourse } from "@/lib/ml/articulation/features";

/** A seeded uniform generator (mulberry32) and a normal one from it. */
export function rng(seed: number): { uniform: () => number; normal: () => number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** A random d×d orthogonal matrix (Q of the QR of a Gaussian matrix). */
export function randomRotation(d: number, normal: () => number): Matrix {
  const G = new Matrix(Array.from({ length: d }, () => Array.from({ length: d }, normal)));
  return new QR(G).orthogonalMatrix;
}

/** n points in d dimensions with a decaying spectrum (so principal axes are well defined). */
export function anisotropic(n: number, d: number, normal: () => number): Matrix {
  return new Matrix(
    Array.from({ length: n }, () => Array.from({ length: d }, (_, k) => normal() * 0.9 ** k)),
  );
}

const course = (
  code: string,
  title: string,
  description: string,
  vector: number[] | null,
): ArticulationCourse => ({
  code,
  subject: code.split(" ")[0]!,
  number: code.split(" ")[1]!,
  title,
  description,
  levelRank: 1,
  vector,
});

/**
 * Two institutions: `to` has 120 courses; `from` has 60, of which 0-49 have an equivalent
 * (the `to` course of the same index; 0-4 also `to` 100+i, a one-to-two equivalence) and 50-59
 * none. `from` vectors are the equivalent's latent vector plus noise, rotated by a planted R.
 * Descriptions share three of the equivalent's six words and add three random ones, so
 * description alone confuses courses whose words collide.
 */
export function twoInstitutions(seed = 7, { d = 16, vectorNoise = 0.35 } = {}) {
  const { uniform, normal } = rng(seed);
  const R = randomRotation(d, normal);
  const latent = anisotropic(120, d, normal);
  for (let i = 0; i < 5; i++)
    latent.setRow(
      100 + i,
      latent.getRow(i).map((x) => x + 0.05 * normal()),
    );
  const word = () => `w${Math.floor(uniform() * 150)}`;
  const words = Array.from({ length: 120 }, () => Array.from({ length: 6 }, word));
  const to = words.map((w, j) => course(`U ${j}`, `Topic ${w[0]}`, w.join(" "), latent.getRow(j)));
  const from = Array.from({ length: 60 }, (_, i) => {
    const base = i < 50 ? latent.getRow(i) : Array.from({ length: d }, (_, k) => normal() * 0.9 ** k);
    const noisy = new Matrix([base.map((x) => x + vectorNoise * normal())]).mmul(R).getRow(0);
    const w = i < 50 ? [...words[i]!.slice(0, 3), word(), word(), word()] : Array.from({ length: 6 }, word);
    return course(`C ${i + 200}`, `Topic ${w[Math.floor(uniform() * 6)]}`, w.join(" "), noisy);
  });
  const truth: [number, number][] = [];
  for (let i = 0; i < 50; i++) {
    truth.push([i, i]);
    if (i < 5) truth.push([i, 100 + i]);
  }
  return { from, to, truth, R };
}
