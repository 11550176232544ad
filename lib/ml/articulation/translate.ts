import { EVD, Matrix, SVD } from "ml-matrix";

/**
 * A linear translation from one institution's course2vec space into another's, learned from known
 * equivalences (Mikolov, Le & Sutskever 2013: a linear map between two languages' word vectors
 * learned from a small dictionary; Pardos, Chau & Zhao 2019 apply it to course2vec).
 *
 * Each space is first normalised the way Artetxe, Labaka & Agirre (2016, 2018) found best for
 * orthogonal maps: unit length, centred on the institution's mean course, unit length again; then
 * optionally reduced to its top principal components, since with a few dozen known pairs a map of
 * all 128 dimensions is underdetermined (the dimensionality-reduction step of Artetxe et al. 2018).
 */

export type TranslationKind = "procrustes" | "ridge";
export type TranslationConfig = { kind: TranslationKind; dims: number; lambda: number };

/** One institution's vectors prepared for mapping: rows are courses (null: no vector). */
export type PreparedSpace = {
  /** [n, dims] rows of the reduced, normalised space; a course without a vector is a zero row. */
  rows: Float64Array;
  dims: number;
  has: boolean[];
};

/** A space's normalisation and principal axes, computed once without any known pair. */
export type SpaceBasis = { mean: Float64Array; axes: Matrix; dim: number };

function unit(v: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! ** 2;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  return Float64Array.from(v, (x) => x * inv);
}

/** Mean of the unit vectors and the principal axes (eigenvectors of the covariance, largest first). */
export function fitSpaceBasis(vectors: (ArrayLike<number> | null)[]): SpaceBasis {
  const present = vectors.filter((v): v is ArrayLike<number> => v !== null).map(unit);
  const dim = present[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const v of present) for (let k = 0; k < dim; k++) mean[k]! += v[k]! / present.length;
  const X = new Matrix(present.map((v) => Array.from(v, (x, k) => x - mean[k]!)));
  const cov = X.transpose().mmul(X);
  const evd = new EVD(cov, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, i) => ({ value, i })).sort((a, b) => b.value - a.value);
  const axes = new Matrix(dim, dim);
  order.forEach(({ i }, col) => axes.setColumn(col, evd.eigenvectorMatrix.getColumn(i)));
  return { mean, axes, dim };
}

/** Unit → centred → projected on the first `dims` axes → unit, per course. */
export function prepareSpace(
  vectors: (ArrayLike<number> | null)[],
  basis: SpaceBasis,
  dims: number,
): PreparedSpace {
  const d = Math.min(dims, basis.dim);
  const rows = new Float64Array(vectors.length * d);
  const has = vectors.map((v) => v !== null);
  vectors.forEach((v, r) => {
    if (!v) return;
    const u = unit(v);
    const centred = Array.from(u, (x, k) => x - basis.mean[k]!);
    const projected = new Float64Array(d);
    for (let c = 0; c < d; c++) {
      let s = 0;
      for (let k = 0; k < basis.dim; k++) s += centred[k]! * basis.axes.get(k, c);
      projected[c] = s;
    }
    rows.set(unit(projected), r * d);
  });
  return { rows, dims: d, has };
}

function rowsOf(space: PreparedSpace, index: number[]): Matrix {
  return new Matrix(index.map((i) => Array.from(space.rows.subarray(i * space.dims, (i + 1) * space.dims))));
}

/** W minimising ‖XW − Z‖ over orthogonal W: U Vᵀ from the SVD of the d×d cross-covariance XᵀZ. */
export function fitProcrustes(X: Matrix, Z: Matrix): Matrix {
  const svd = new SVD(X.transpose().mmul(Z), { autoTranspose: true });
  return svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose());
}

/** W minimising ‖XW − Z‖² + λ‖W‖²: (XᵀX + λI)⁻¹ XᵀZ. */
export function fitRidge(X: Matrix, Z: Matrix, lambda: number): Matrix {
  const A = X.transpose().mmul(X).add(Matrix.eye(X.columns).mul(lambda));
  return new SVD(A).solve(X.transpose().mmul(Z));
}

/** Learns W from (from row, to row) pairs whose courses both have vectors. */
export function fitTranslation(
  from: PreparedSpace,
  to: PreparedSpace,
  pairs: [number, number][],
  config: TranslationConfig,
): Matrix {
  if (from.dims !== to.dims) throw new Error(`Spaces differ in dimension (${from.dims} vs ${to.dims})`);
  const usable = pairs.filter(([a, b]) => from.has[a] && to.has[b]);
  if (usable.length === 0) return Matrix.eye(from.dims);
  const X = rowsOf(
    from,
    usable.map((p) => p[0]),
  );
  const Z = rowsOf(
    to,
    usable.map((p) => p[1]),
  );
  return config.kind === "procrustes" ? fitProcrustes(X, Z) : fitRidge(X, Z, config.lambda);
}

/**
 * Cosine of each translated `from` row (of `rows`) with every `to` course: [rows.length, nTo].
 * A course without a vector on either side gets 0.
 */
export function translatedSimilarity(
  from: PreparedSpace,
  to: PreparedSpace,
  W: Matrix,
  rows: number[],
): Float64Array {
  const d = to.dims;
  const nTo = to.has.length;
  const out = new Float64Array(rows.length * nTo);
  const mapped = rowsOf(from, rows).mmul(W);
  rows.forEach((r, i) => {
    if (!from.has[r]) return;
    const m = unit(mapped.getRow(i));
    for (let j = 0; j < nTo; j++) {
      if (!to.has[j]) continue;
      let s = 0;
      for (let k = 0; k < d; k++) s += m[k]! * to.rows[j * d + k]!;
      out[i * nTo + j] = s;
    }
  });
  return out;
}
