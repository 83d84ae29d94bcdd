//! The dense operations of a layer, written over nalgebra's column-major arrays in the order
//! that vectorizes.
//!
//! nalgebra stores an `R × C` matrix as `C` contiguous columns of `R` elements. So a batch
//! `X` (`B × IN`) is `IN` columns of `B` values, and `W` (`IN × OUT`) is `OUT` columns of `IN`
//! weights. Every loop below runs its innermost index along one such column, with any other
//! operand broadcast as a scalar, so the compiler turns it into SIMD without gathers or
//! scatters. Only the order of operations is chosen here: no fused multiply-adds, no
//! reassociation the source does not spell out, so every target computes the same bits.
//!
//! | operation | formula | innermost loop runs along |
//! |---|---|---|
//! | [`affine`] | `V[:, j] = bⱼ + Σᵢ Wᵢⱼ X[:, i]`, in lanes | the batch, or the lanes for one row |
//! | [`input_gradient`] | `∂X[:, i] = Σⱼ Wᵢⱼ Δ[:, j]`; for `B = 1`, `∂x = Σⱼ δⱼ W[:, j]` | the batch, or a column of `W` |
//! | [`weight_gradient`] | `∂W[:, j] = Σᵣ Δᵣⱼ X[r, :]`; for `B = 1`, `δⱼ x` | a tile of `X`'s rows, copied contiguous |
//! | [`bias_gradient`] | `∂bⱼ = Σᵣ Δᵣⱼ` | a column of `Δ` |
//!
//! Every sum runs in an order that does not depend on the batch size, so a row gives the same
//! bits alone or within a batch. Dot products accumulate in [`Real::Sum`]: for the floats the
//! type itself, so the operations above are exactly those written; for fixed point twice its
//! width, rounded once per sum.

use nalgebra::{ArrayStorage, SMatrix};

use crate::Real;

/// Independent partial sums of a dot product: enough for the compiler to fill a SIMD register
/// on common targets, few enough for short vectors. It is fixed, not chosen per target, so
/// that the summation order, and so the result, is the same everywhere.
const LANES: usize = 8;

/// A floating-point sum carried through a loop over columns, in order, then kept.
///
/// Columns of nalgebra's storage lie `R` elements apart. When a column's own loop is short,
/// the compiler unrolls it and may then vectorize across columns instead, with gathers and
/// scatters (or, without them, element-by-element loads and inserts). An in-order
/// floating-point sum from one column to the next is a dependence it may not reorder, so it
/// vectorizes within each column. Keeping the sum (through `black_box`, one store when the
/// loop ends) stops the dependence from being optimized away. The sum is never read, so
/// results do not depend on it. It is kept only for the floats on targets with SIMD units the
/// compiler vectorizes for; on the others (a Cortex-M) it would only cost instructions, and a
/// fixed-point sum could saturate and be counted.
pub(crate) struct ColumnByColumn<T: Real>(T);

/// Whether the target has SIMD units that the compiler vectorizes loops for.
const SIMD_TARGET: bool = cfg!(any(
    target_arch = "x86",
    target_arch = "x86_64",
    target_arch = "aarch64"
));

impl<T: Real> ColumnByColumn<T> {
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Self(T::zero())
    }

    /// Marks the end of a column whose results include `value`.
    #[inline(always)]
    pub(crate) fn next(&mut self, value: T) {
        if SIMD_TARGET && T::FLOAT {
            self.0 += value;
        }
    }

    /// [`ColumnByColumn::next`] for a sum not yet rounded (for the floats, the same value).
    #[inline(always)]
    pub(crate) fn next_sum(&mut self, value: T::Sum) {
        if SIMD_TARGET && T::FLOAT {
            self.0 += T::sum_value(value);
        }
    }
}

impl<T: Real> Drop for ColumnByColumn<T> {
    #[inline(always)]
    fn drop(&mut self) {
        if SIMD_TARGET && T::FLOAT {
            core::hint::black_box(self.0);
        }
    }
}

/// Tile width of [`weight_gradient`]: how many entries of one row of `X` are laid out
/// contiguously at a time; the tile's sums stay in registers.
const TILE: usize = 32;

/// A matrix of zeros, written as one array expression: nalgebra's `zeros` goes through
/// temporaries that, without full optimization, each take a copy of the matrix on the stack.
#[inline(always)]
pub(crate) fn zeros<T: Real, const R: usize, const C: usize>() -> SMatrix<T, R, C> {
    SMatrix::from_array_storage(ArrayStorage([[T::zero(); R]; C]))
}

/// `-0`, the identity of IEEE addition (`-0 + x = x` for every `x`, `-0` included), so a sum
/// started from it is exactly the sum of its terms, and the compiler may drop unused lanes.
#[inline(always)]
fn neg_zero<T: Real>() -> T {
    -T::zero()
}

/// `v = x W + b` for every row of `x`: the pre-activation of a dense layer.
///
/// Each row's `x · W[:, j]` is summed in [`LANES`] interleaved partial sums (input `i` goes to
/// lane `i mod LANES`), which are then added pairwise and to `bⱼ`. For one row the lanes fill
/// a SIMD register; for a batch each lane is a column of partial sums over the rows, and the
/// lanes are independent chains of additions that keep the floating-point units busy. The
/// order is the same for every batch size, so a row gives the same bits alone or in a batch.
/// Fixed point, whose sums are exact, keeps one running sum per row instead when there are
/// fewer inputs than lanes.
#[inline]
pub(crate) fn affine<T: Real, const B: usize, const IN: usize, const OUT: usize>(
    x: &SMatrix<T, B, IN>,
    w: &SMatrix<T, IN, OUT>,
    b: &SMatrix<T, 1, OUT>,
) -> SMatrix<T, B, OUT> {
    if !T::FLOAT && IN < LANES {
        // Fixed point sums exactly, so the order cannot change the result (short of the wide
        // type's ends). With fewer inputs than lanes, each lane would hold one product.
        return if T::CHEAP_PRODUCT {
            affine_by_running_sums(x, w, b)
        } else {
            affine_by_dots(x, w, b)
        };
    }
    let mut v = zeros::<T, B, OUT>();
    let (x_chunks, x_rest) = x.data.0.as_chunks::<LANES>();
    let mut columns = ColumnByColumn::new();
    for ((v, w), b) in v.data.0.iter_mut().zip(&w.data.0).zip(b.as_slice()) {
        let mut lanes = [[T::sum_zero(); B]; LANES];
        let (w_chunks, w_rest) = w.as_chunks::<LANES>();
        for (w, x) in w_chunks.iter().zip(x_chunks) {
            // The eight lanes written out rather than looped over: a loop over the lanes is
            // one the compiler would vectorize across them, gathering from strided memory.
            let [l0, l1, l2, l3, l4, l5, l6, l7] = &mut lanes;
            add_scaled(l0, w[0], &x[0]);
            add_scaled(l1, w[1], &x[1]);
            add_scaled(l2, w[2], &x[2]);
            add_scaled(l3, w[3], &x[3]);
            add_scaled(l4, w[4], &x[4]);
            add_scaled(l5, w[5], &x[5]);
            add_scaled(l6, w[6], &x[6]);
            add_scaled(l7, w[7], &x[7]);
        }
        for ((lane, w), x) in lanes.iter_mut().zip(w_rest).zip(x_rest) {
            add_scaled(lane, *w, x);
        }
        let [l0, l1, l2, l3, l4, l5, l6, l7] = lanes;
        let add = T::sum_add;
        for (r, v) in v.iter_mut().enumerate() {
            let sum = add(
                add(add(l0[r], l4[r]), add(l2[r], l6[r])),
                add(add(l1[r], l5[r]), add(l3[r], l7[r])),
            );
            *v = *b + T::sum_value(sum);
        }
        columns.next(v[0]);
    }
    drop(columns);
    v
}

/// [`affine`] with one running sum per row: fewer wide values live than in lanes, which on a
/// 32-bit core are two registers each. (For wider layers it is faster still on a Cortex-M3,
/// but the compiler unrolls it into more code.)
#[inline(always)]
fn affine_by_running_sums<T: Real, const B: usize, const IN: usize, const OUT: usize>(
    x: &SMatrix<T, B, IN>,
    w: &SMatrix<T, IN, OUT>,
    b: &SMatrix<T, 1, OUT>,
) -> SMatrix<T, B, OUT> {
    let mut v = zeros::<T, B, OUT>();
    for ((v, w), b) in v.data.0.iter_mut().zip(&w.data.0).zip(b.as_slice()) {
        let mut sum = [T::sum_zero(); B];
        for (w, x) in w.iter().zip(&x.data.0) {
            add_scaled(&mut sum, *w, x);
        }
        for (v, sum) in v.iter_mut().zip(sum) {
            *v = *b + T::sum_value(sum);
        }
    }
    v
}

/// [`affine`] with each row's dot product from [`Real::dot`], which may take a quicker way
/// for a whole row: for a type whose product is built from partial products.
#[inline(always)]
fn affine_by_dots<T: Real, const B: usize, const IN: usize, const OUT: usize>(
    x: &SMatrix<T, B, IN>,
    w: &SMatrix<T, IN, OUT>,
    b: &SMatrix<T, 1, OUT>,
) -> SMatrix<T, B, OUT> {
    let mut v = zeros::<T, B, OUT>();
    for r in 0..B {
        let x: [T; IN] = core::array::from_fn(|i| x.data.0[i][r]);
        for ((v, w), b) in v.data.0.iter_mut().zip(&w.data.0).zip(b.as_slice()) {
            v[r] = *b + T::dot(w.iter().copied().zip(x));
        }
    }
    v
}

/// `sum += w · x`, element by element.
#[inline(always)]
fn add_scaled<T: Real, const B: usize>(sum: &mut [T::Sum; B], w: T, x: &[T; B]) {
    for (sum, x) in sum.iter_mut().zip(x) {
        *sum = T::sum_product(*sum, w, *x);
    }
}

/// `∂L/∂X = Δ Wᵀ` (`B×OUT · OUT×IN`): entry `(r, i)` is `Σⱼ Δᵣⱼ Wᵢⱼ`, summed over `j` in order.
#[inline]
pub(crate) fn input_gradient<T: Real, const B: usize, const IN: usize, const OUT: usize>(
    delta: &SMatrix<T, B, OUT>,
    w: &SMatrix<T, IN, OUT>,
) -> SMatrix<T, B, IN> {
    let mut dx = zeros::<T, B, IN>();
    if B == 1 && OUT == 1 {
        // One output: each entry is one product, the same value as a sum of one term.
        let (w, delta) = (&w.data.0[0], delta[0]);
        for (dx, w) in dx.as_mut_slice().iter_mut().zip(w) {
            *dx = delta * *w;
        }
    } else if B == 1 {
        // One row: add up the columns of W, each scaled by its δⱼ.
        let mut sum = [T::sum_zero(); IN];
        for (w, delta) in w.data.0.iter().zip(delta.as_slice()) {
            for (sum, w) in sum.iter_mut().zip(w) {
                *sum = T::sum_product(*sum, *delta, *w);
            }
        }
        for (dx, sum) in dx.as_mut_slice().iter_mut().zip(sum) {
            *dx = T::sum_value(sum);
        }
    } else {
        let mut columns = ColumnByColumn::new();
        for (i, dx) in dx.data.0.iter_mut().enumerate() {
            let mut sum = [T::sum_zero(); B];
            for (w, delta) in w.data.0.iter().zip(&delta.data.0) {
                let w = w[i];
                for (sum, delta) in sum.iter_mut().zip(delta) {
                    *sum = T::sum_product(*sum, *delta, w);
                }
            }
            for (dx, sum) in dx.iter_mut().zip(sum) {
                *dx = T::sum_value(sum);
            }
            columns.next(dx[0]);
        }
    }
    dx
}

/// `∂L/∂W = Xᵀ Δ` (`IN×B · B×OUT`) written into `dw`: entry `(i, j)` is `Σᵣ Xᵣᵢ Δᵣⱼ`, summed
/// over the rows `r` in order.
#[inline]
pub(crate) fn weight_gradient<T: Real, const B: usize, const IN: usize, const OUT: usize>(
    x: &SMatrix<T, B, IN>,
    delta: &SMatrix<T, B, OUT>,
    dw: &mut SMatrix<T, IN, OUT>,
) {
    if B == 1 {
        // An outer product: column j of ∂W is x scaled by δⱼ.
        let x = x.as_slice();
        let mut columns = ColumnByColumn::new();
        for (dw, delta) in dw.data.0.iter_mut().zip(delta.as_slice()) {
            for (dw, x) in dw.iter_mut().zip(x) {
                *dw = *x * *delta;
            }
            columns.next(dw[0]);
        }
        return;
    }
    // The rows of X are strided in memory: a tile of TILE of its columns is first copied into
    // rows of TILE contiguous values (element by element: a transpose vectorized either way
    // needs gathers or scatters), then reused for every column of ∂W, whose tile of entries
    // sums Δᵣⱼ times those rows over r, in order.
    for start in (0..IN).step_by(TILE) {
        let width = TILE.min(IN - start);
        let mut rows = [[T::zero(); TILE]; B];
        let mut copied = ColumnByColumn::new();
        for (t, x) in x.data.0.iter().skip(start).take(width).enumerate() {
            for (row, x) in rows.iter_mut().zip(x) {
                if let Some(entry) = row.get_mut(t) {
                    *entry = *x;
                }
            }
            copied.next(x[0]);
        }
        drop(copied);
        // Four columns of ∂W at a time: four independent chains of additions share each
        // row of the tile.
        let mut columns = ColumnByColumn::<T>::new();
        let (dw_blocks, dw_rest) = dw.data.0.as_chunks_mut::<4>();
        let (delta_blocks, delta_rest) = delta.data.0.as_chunks::<4>();
        for (dw, [d0, d1, d2, d3]) in dw_blocks.iter_mut().zip(delta_blocks) {
            let mut sums = [[T::sum_zero(); TILE]; 4];
            let [s0, s1, s2, s3] = &mut sums;
            for ((((row, d0), d1), d2), d3) in rows.iter().zip(d0).zip(d1).zip(d2).zip(d3) {
                add_scaled(s0, *d0, row);
                add_scaled(s1, *d1, row);
                add_scaled(s2, *d2, row);
                add_scaled(s3, *d3, row);
            }
            for (dw, sum) in dw.iter_mut().zip(&sums) {
                store_tile(dw, start, sum);
            }
            columns.next_sum(sums[0][0]);
        }
        for (dw, delta) in dw_rest.iter_mut().zip(delta_rest) {
            let mut sum = [T::sum_zero(); TILE];
            for (row, delta) in rows.iter().zip(delta) {
                add_scaled(&mut sum, *delta, row);
            }
            store_tile(dw, start, &sum);
            columns.next_sum(sum[0]);
        }
    }
}

/// Writes a tile's sums into entries `start..` of a column of ∂W (as many as remain).
#[inline(always)]
fn store_tile<T: Real, const IN: usize>(dw: &mut [T; IN], start: usize, sum: &[T::Sum; TILE]) {
    for (dw, sum) in dw.iter_mut().skip(start).zip(sum) {
        *dw = T::sum_value(*sum);
    }
}

/// `∂L/∂b` written into `db`: the column sums of `Δ`, each over the rows in order.
#[inline]
pub(crate) fn bias_gradient<T: Real, const B: usize, const OUT: usize>(
    delta: &SMatrix<T, B, OUT>,
    db: &mut SMatrix<T, 1, OUT>,
) {
    let mut columns = ColumnByColumn::new();
    for (db, delta) in db.as_mut_slice().iter_mut().zip(&delta.data.0) {
        *db = delta.iter().fold(neg_zero::<T>(), |sum, d| sum + *d);
        columns.next(*db);
    }
}

/// `f` applied to every element of `a`, in place of nalgebra's generic `map`.
#[inline]
pub(crate) fn map<T: Real, const R: usize, const C: usize>(
    a: &SMatrix<T, R, C>,
    f: impl Fn(T) -> T,
) -> SMatrix<T, R, C> {
    let mut out = *a;
    for e in out.as_mut_slice() {
        *e = f(*e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::matrix;

    /// Entries that are exact binary fractions, so products and sums are exact in `f64` and
    /// the naive nalgebra product gives the same value whatever the summation order.
    fn exact<const R: usize, const C: usize>(seed: usize) -> SMatrix<f64, R, C> {
        SMatrix::from_fn(|r, c| ((r * 7 + c * 3 + seed) % 11) as f64 / 8.0 - 0.5)
    }

    fn check<const B: usize, const IN: usize, const OUT: usize>() {
        let x = exact::<B, IN>(1);
        let w = exact::<IN, OUT>(2);
        let b = exact::<1, OUT>(3);
        let delta = exact::<B, OUT>(4);
        let mut v = x * w;
        for mut row in v.row_iter_mut() {
            row += &b;
        }
        assert_eq!(affine(&x, &w, &b), v, "v = xW + b, B={B} IN={IN} OUT={OUT}");
        assert_eq!(input_gradient(&delta, &w), delta * w.transpose(), "∂X");
        let mut dw = SMatrix::<f64, IN, OUT>::from_element(9.0);
        weight_gradient(&x, &delta, &mut dw);
        assert_eq!(dw, x.transpose() * delta, "∂W");
        let mut db = SMatrix::<f64, 1, OUT>::from_element(9.0);
        bias_gradient(&delta, &mut db);
        assert_eq!(db, delta.row_sum(), "∂b");
    }

    #[test]
    fn kernels_match_nalgebra_products() {
        // One row and batches; widths below, at and across the lane and tile sizes.
        check::<1, 2, 3>();
        check::<1, 3, 2>();
        check::<1, 17, 9>();
        check::<1, 40, 33>();
        check::<4, 2, 3>();
        check::<3, 16, 5>();
        check::<32, 37, 10>();
        check::<5, 1, 1>();
        check::<1, 4, 1>();
    }

    /// A fixed-point matrix from a seed, with entries in `[-2^spread, 2^spread)`, or for
    /// `spread` 0 in `[0, 1]`, one in eleven exactly 1.
    fn fixed<T: Real, const R: usize, const C: usize>(seed: u64, spread: i32) -> SMatrix<T, R, C> {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        SMatrix::from_fn(|_, _| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let unit = (state >> 11) as f64 / (1u64 << 53) as f64;
            T::lit(if spread == 0 {
                (unit * 1.1).min(1.0)
            } else {
                (unit * 2.0 - 1.0) * f64::from(1 << spread)
            })
        })
    }

    fn dots_match_running_sums<
        T: Real + Eq + core::fmt::Debug,
        const B: usize,
        const IN: usize,
        const OUT: usize,
    >() {
        for seed in 0..50 {
            let w = fixed::<T, IN, OUT>(seed, 3);
            let b = fixed::<T, 1, OUT>(seed + 1000, 3);
            for spread in [0, 3] {
                let x = fixed::<T, B, IN>(seed + 2000, spread);
                assert_eq!(
                    affine_by_dots(&x, &w, &b),
                    affine_by_running_sums(&x, &w, &b),
                    "B={B} IN={IN} OUT={OUT}, seed {seed}, inputs within ±2^{spread}"
                );
            }
        }
    }

    #[test]
    fn fixed_point_affine_by_dots_is_by_running_sums() {
        // Inputs in [0, 1] (Q16.16's quicker dot product) and beyond (the general one).
        use crate::{Q16_16, Q8_8};
        dots_match_running_sums::<Q16_16, 1, 2, 3>();
        dots_match_running_sums::<Q16_16, 1, 3, 1>();
        dots_match_running_sums::<Q16_16, 4, 7, 5>();
        dots_match_running_sums::<Q8_8, 1, 2, 3>();
        dots_match_running_sums::<Q8_8, 3, 5, 2>();
    }

    #[test]
    fn affine_sums_in_lanes_then_pairwise() {
        // 1 + 2⁻⁵³ rounds back to 1, so the order of a sum with two such halves shows: left
        // to right gives 1, the lane order adds lanes 1 and 3 first and keeps them.
        let tiny = f64::EPSILON / 2.0;
        let x = SMatrix::<f64, 1, 8>::from_row_slice(&[1.0, tiny, 0.0, tiny, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(x.iter().fold(0.0, |s, a| s + a), 1.0);
        let w = SMatrix::<f64, 8, 1>::from_element(1.0);
        let b = SMatrix::<f64, 1, 1>::new(0.0);
        assert_eq!(affine(&x, &w, &b)[0], 1.0 + f64::EPSILON);
        // The same row within a batch gives the same bits.
        let batch = SMatrix::<f64, 3, 8>::from_fn(|r, c| if r == 1 { x[c] } else { 0.5 });
        assert_eq!(affine(&batch, &w, &b)[1], 1.0 + f64::EPSILON);
    }

    #[test]
    fn affine_of_one_row_is_the_lectures() {
        // The lecture's first layer: v⁰ = x W⁰ + b⁰ = [0.51, 0.62, 0.73] for x = [0.3, 0.7].
        let x = matrix![0.3, 0.7];
        let w = matrix![0.1, 0.2, 0.3; 0.4, 0.5, 0.6];
        let b = matrix![0.2, 0.25, 0.3];
        let v = affine(&x, &w, &b);
        for (v, expected) in v.iter().zip([0.51_f64, 0.66, 0.81]) {
            assert!((v - expected).abs() < 1e-15, "{v} vs {expected}");
        }
    }
}
