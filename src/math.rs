//! `exp` and `tanh` in `f32` and `f64`, computed from basic IEEE-754 operations only.
//!
//! Every function here uses nothing but addition, subtraction, multiplication, division,
//! comparisons and bit manipulation through `to_bits`/`from_bits`: no fused multiply-add,
//! no library call, no table. IEEE-754 rounds each of those operations the same way on
//! every conforming target, and Rust never contracts `a * b + c` into an FMA by itself, so
//! the results are bit-identical on an x86-64 host and on a Cortex-M4F. The `f32`
//! functions compute in `f32` only, which the Cortex-M4F's single-precision FPU does in
//! hardware.
//!
//! # Algorithm
//!
//! [`expf`] and [`exp`] reduce `x = k ln 2 + r` with `k = round(x / ln 2)` (rounded by adding
//! and subtracting `1.5 · 2^23`, resp. `1.5 · 2^52`) and `|r| ≤ ln 2 / 2`. `ln 2` is split in
//! two constants (Cody and Waite): the high part has so few significant bits that
//! `x - k ln2_hi` is exact, the low part is subtracted afterwards. Then
//! `e^r = 1 + r + r² q(r)`, where `q` is a minimax polynomial (degree 4 for `f32`, 10 for
//! `f64`; so `e^r` is approximated to degree 6, resp. 12). Its coefficients come from a
//! Remez exchange run in 45-digit arithmetic (mpmath) on `|r| ≤ 0.3467`, minimizing the
//! error of `r² q(r)` relative to `e^r` (the weight kept away from zero at `r = 0` for the
//! exchange's sake), then rounded to the working precision; rounded, the approximation
//! errs by at most 2^-27.9 (`f32`), resp. 2^-60.6 (`f64`), relative: a small share of an
//! ULP. (A degree-7 `f32` polynomial, 2^-32.9, lowered the largest error only from 0.743 to
//! 0.701 ULP, for a dependency chain 3 operations longer.) The sum is ordered to keep
//! rounding errors small: `1 + r_hi` is formed exactly as a rounded sum plus its error term
//! (Fast2Sum), and the low part of the reduction, that error term and the polynomial tail
//! are added together before the last addition, so only the last addition rounds at full
//! weight. The result is scaled by `2^k` through two exactly
//! representable powers of two (`2^⌊k/2⌋ · 2^(k-⌊k/2⌋)`), so the only rounding into the
//! subnormal range is the last multiplication's: gradual underflow is right, and so is
//! overflow to `+∞`. Inputs far enough out that `k` would leave that range get `+∞` or `0`
//! by a final select (NaN runs through the arithmetic), so there is no branch.
//!
//! [`tanhf`] and [`tanh`] use an odd minimax polynomial `x + x³ P(x²)` for `|x| < 0.5625`
//! (degree 11, resp. 23, fitted the same way, to 2^-28.4, resp. 2^-59.0, relative) and
//! `1 - 2 / (e^{2|x|} + 1)` above it, where the subtraction cannot cancel (the result is at
//! least `tanh 0.5625 ≈ 0.51`). There `e^{2|x|}` comes from the same reduction, kept as an
//! unrounded sum, and the roundings of `e^{2|x|}`, of `e^{2|x|} + 1` and of `1 - q` are
//! carried as Fast2Sum error terms to the final addition. The sign is put back from the
//! input. Both sides are computed and one is selected, so loops over arrays vectorize.
//!
//! # Accuracy
//!
//! Errors measured in units in the last place (ULP) of the exact result, against a
//! reference far more precise than the result (see `tests/math_exhaustive.rs` and
//! `tests/math_f64.rs`):
//!
//! | function | inputs | max error, normal results | max error, subnormal results |
//! |---|---|---|---|
//! | [`expf`] | every finite `f32` | 0.743 at x = 4.5054693 | 0.777 at x = -87.68234 |
//! | [`tanhf`] | every finite `f32` | 0.834 at x = 0.5134848 | 0 (`tanh x = x` there) |
//! | [`exp`] | 10^8 random and 160,008 edge inputs | 0.702 at x = 247.80676427505205 | 0.791 at x = -708.7471062848643 |
//! | [`tanh`] | 10^8 random and 160,016 edge inputs | 0.927 at x = 0.5468090858656436 | 0 |
//!
//! All four are faithfully rounded (error below 1 ULP) wherever measured; the `f32` figures
//! cover every input, the `f64` ones a sample. `expf` returns the nearest `f32` for all but
//! 0.104% of the inputs, `tanhf` for all but 0.094%. Subnormal results of `exp` err a little
//! more because their rounding to fewer bits comes on top of the error before it. `tanh`
//! errs most just below `tanh x = 1/2`, where the ULP halves and the polynomial's `x³`
//! term is largest.

/// Bits of an `f32` other than the sign.
const ABS_MASK_32: u32 = 0x7fff_ffff;
/// Bits of an `f64` other than the sign.
const ABS_MASK_64: u64 = 0x7fff_ffff_ffff_ffff;

/// `1 / ln 2`, rounded.
const LOG2E_32: f32 = core::f32::consts::LOG2_E;
/// High part of `ln 2`: 15 significant bits, so `k · LN2_HI_32` is exact for `|k| < 2^9`.
/// (Exactly 0.693145751953125.)
const LN2_HI_32: f32 = f32::from_bits(0x3f31_7200);
/// `ln 2 - LN2_HI_32`, rounded.
const LN2_LO_32: f32 = 1.428_606_8e-6;
/// `1.5 · 2^23`: adding it to a float of magnitude below `2^22` rounds that float to an
/// integer, and leaves the integer in the low bits of the sum.
const SHIFT_32: f32 = 12_582_912.0;
/// Below this, `e^x` rounds to 0 (`e^-104 < 2^-150`); down to it, `k ≥ -150`.
const EXP_LO_32: f32 = -104.0;
/// Above this, `e^x` overflows (`ln f32::MAX ≈ 88.72`); up to it, `k ≤ 128`.
const EXP_HI_32: f32 = 89.0;
/// Coefficients of `q(r) ≈ (e^r - 1 - r) / r²`, lowest degree first.
const EXP_Q_32: [f32; 5] = [
    0.499_999_94,
    0.166_665_21,
    0.041_668_378,
    0.008_368_665,
    0.001_381_492_9,
];

/// `1 / ln 2`, rounded.
const LOG2E_64: f64 = core::f64::consts::LOG2_E;
/// High part of `ln 2`: 42 significant bits, so `k · LN2_HI_64` is exact for `|k| < 2^11`.
const LN2_HI_64: f64 = f64::from_bits(0x3fe6_2e42_fefa_3800);
/// `ln 2 - LN2_HI_64`, rounded.
const LN2_LO_64: f64 = 5.497_923_018_708_371e-14;
/// `1.5 · 2^52`, the `f64` counterpart of [`SHIFT_32`].
const SHIFT_64: f64 = 6_755_399_441_055_744.0;
/// Below this, `e^x` rounds to 0 (`e^-746 < 2^-1075`); down to it, `k ≥ -1077`.
const EXP_LO_64: f64 = -746.0;
/// Above this, `e^x` overflows (`ln f64::MAX ≈ 709.78`); up to it, `k ≤ 1025`.
const EXP_HI_64: f64 = 710.0;
/// Coefficients of `q(r) ≈ (e^r - 1 - r) / r²`, lowest degree first.
const EXP_Q_64: [f64; 11] = [
    0.5,
    0.166_666_666_666_666_82,
    0.041_666_666_666_666_116,
    0.008_333_333_333_317_374,
    0.001_388_888_888_911_013_4,
    0.000_198_412_698_956_955_68,
    2.480_158_693_218_651e-5,
    2.755_723_544_144_458e-6,
    2.755_757_954_346_158e-7,
    2.511_186_287_217_665e-8,
    2.082_688_772_329_854e-9,
];

/// Below this `|x|`, `tanh` uses its odd polynomial; above, the exponential.
const TANH_SPLIT_32: f32 = 0.5625;
/// `tanh` of half this rounds to 1 (`1 - tanh 10 < 2^-27`).
const TANH_EXP_MAX_32: f32 = 20.0;
/// Coefficients of `P(s) ≈ (tanh x - x) / x³` in `s = x²`, lowest degree first.
const TANH_P_32: [f32; 5] = [
    -0.333_333_2,
    0.133_325_87,
    -0.053_849_027,
    0.021_047_922,
    -0.006_229_423,
];
/// `tanh` of half this rounds to 1 (`1 - tanh 20 < 2^-56`).
const TANH_EXP_MAX_64: f64 = 40.0;
/// The `f64` counterpart of [`TANH_SPLIT_32`].
const TANH_SPLIT_64: f64 = 0.5625;
/// Coefficients of `P(s) ≈ (tanh x - x) / x³` in `s = x²`, lowest degree first.
const TANH_P_64: [f64; 11] = [
    -0.333_333_333_333_333_2,
    0.133_333_333_333_287_78,
    -0.053_968_253_964_423_514,
    0.021_869_488_392_673_38,
    -0.008_863_232_562_162_869,
    0.003_592_090_434_947_986,
    -0.001_455_526_338_486_141_2,
    0.000_588_355_421_136_603_8,
    -0.000_233_109_851_380_695,
    8.287_214_043_949_977e-5,
    -1.919_136_450_826_738_7e-5,
];

/// `e^x` for `f32`, computed in `f32` only.
///
/// Faithfully rounded over the whole domain, subnormal results included (see the
/// [module documentation](self) for the measured error). `expf(±0) = 1` exactly,
/// `expf(+∞) = +∞`, `expf(-∞) = 0`, NaN gives NaN; results past `f32::MAX` are `+∞` and
/// results below half the smallest subnormal are `0`.
// Inlined where loops over arrays can vectorize it; out of line on 32-bit Arm, whose
// microcontrollers have no SIMD to gain and little flash for a copy at every call site.
#[cfg_attr(not(target_arch = "arm"), inline)]
#[cfg_attr(target_arch = "arm", inline(never))]
pub fn expf(x: f32) -> f32 {
    // Outside [EXP_LO_32, EXP_HI_32] the arithmetic below is meaningless, and the final
    // select replaces it; inside, it overflows and underflows correctly by itself. Selecting
    // at the end rather than clamping first keeps the clamp off the dependency chain. NaN
    // fails both comparisons and runs through the arithmetic to a NaN result.
    let (a, tail, k) = exp_parts_32(x);
    let y = a + tail;
    // 2^k as two factors that stay normal for -150 ≤ k ≤ 128, so that only the final
    // multiplication rounds (into the subnormal range, or to +∞).
    let k1 = k >> 1;
    let k2 = k.wrapping_sub(k1);
    let y = y * pow2_32(k1) * pow2_32(k2);
    if x > EXP_HI_32 {
        f32::INFINITY
    } else if x < EXP_LO_32 {
        0.0
    } else {
        y
    }
}

/// `e^x = 2^k (a + tail)` for `-104 ≤ x ≤ 89`, with `a ≈ 1` and `|tail| < 0.1 · |a|`; the
/// unrounded sum errs by at most about a quarter of an ULP of the result.
#[inline(always)]
fn exp_parts_32(x: f32) -> (f32, f32, i32) {
    let shifted = x * LOG2E_32 + SHIFT_32;
    let k = shifted - SHIFT_32;
    // |k| ≤ 150, so the difference of the bit patterns is the integer k. (Wrapping: an input
    // out of range gives nonsense bits here, which the callers discard.)
    let ki = (shifted.to_bits() as i32).wrapping_sub(SHIFT_32.to_bits() as i32);

    // Exact: k·LN2_HI has at most 23 significant bits, and x is within a factor 2 of it.
    let r_hi = x - k * LN2_HI_32;
    let r_lo = k * LN2_LO_32;
    let r = r_hi - r_lo;

    // 1 + r_hi = a + a_err exactly (Fast2Sum: |r_hi| < 1).
    let a = 1.0 + r_hi;
    let a_err = (1.0 - a) + r_hi;

    // r² q(r), in Estrin's scheme: independent halves shorten the dependency chain.
    let [c2, c3, c4, c5, c6] = EXP_Q_32;
    let r2 = r * r;
    let low = r2 * (c2 + c3 * r);
    let high = (r2 * r2) * ((c4 + c5 * r) + c6 * r2);
    let tail = ((a_err - r_lo) + low) + high;
    (a, tail, ki)
}

/// `2^k` for `-126 ≤ k ≤ 127`, built from its exponent bits.
#[inline(always)]
fn pow2_32(k: i32) -> f32 {
    f32::from_bits((k.wrapping_add(127) as u32) << 23)
}

/// `e^x` for `f64`.
///
/// Faithfully rounded over the whole domain, subnormal results included (see the
/// [module documentation](self) for the measured error). `exp(±0) = 1` exactly,
/// `exp(+∞) = +∞`, `exp(-∞) = 0`, NaN gives NaN; results past `f64::MAX` are `+∞` and
/// results below half the smallest subnormal are `0`.
// Inlined where loops over arrays can vectorize it; out of line on 32-bit Arm, whose
// microcontrollers have no SIMD to gain and little flash for a copy at every call site.
#[cfg_attr(not(target_arch = "arm"), inline)]
#[cfg_attr(target_arch = "arm", inline(never))]
pub fn exp(x: f64) -> f64 {
    // Same steps as `expf`; comments there.
    let (a, tail, k) = exp_parts_64(x);
    let y = a + tail;
    // ⌊k/2⌋ by a logical shift of k + 2048 ≥ 0: x86 before AVX-512 has no 64-bit arithmetic
    // shift, and without one the loop does not vectorize.
    let k1 = ((k.wrapping_add(2048) as u64) >> 1) as i64 - 1024;
    let k2 = k.wrapping_sub(k1);
    let y = y * pow2_64(k1) * pow2_64(k2);
    if x > EXP_HI_64 {
        f64::INFINITY
    } else if x < EXP_LO_64 {
        0.0
    } else {
        y
    }
}

/// `e^x = 2^k (a + tail)` for `-746 ≤ x ≤ 710`; the `f64` counterpart of [`exp_parts_32`].
#[inline(always)]
fn exp_parts_64(x: f64) -> (f64, f64, i64) {
    let shifted = x * LOG2E_64 + SHIFT_64;
    let k = shifted - SHIFT_64;
    let ki = (shifted.to_bits() as i64).wrapping_sub(SHIFT_64.to_bits() as i64);

    let r_hi = x - k * LN2_HI_64;
    let r_lo = k * LN2_LO_64;
    let r = r_hi - r_lo;

    let a = 1.0 + r_hi;
    let a_err = (1.0 - a) + r_hi;

    // r² q(r) = r²(c2 + c3 r + c4 r² + c5 r³) + r⁶(c6 + c7 r + c8 r² + c9 r³)
    //           + r¹⁰(c10 + c11 r + c12 r²), each group in Estrin's scheme.
    let c = EXP_Q_64;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r6 = r4 * r2;
    let g1 = (c[0] + c[1] * r) + r2 * (c[2] + c[3] * r);
    let g2 = (c[4] + c[5] * r) + r2 * (c[6] + c[7] * r);
    let g3 = (c[8] + c[9] * r) + r2 * c[10];
    let tail = ((a_err - r_lo) + r2 * g1) + r6 * (g2 + r4 * g3);
    (a, tail, ki)
}

/// `2^k` for `-1022 ≤ k ≤ 1023`, built from its exponent bits.
#[inline(always)]
fn pow2_64(k: i64) -> f64 {
    f64::from_bits((k.wrapping_add(1023) as u64) << 52)
}

/// `tanh x` for `f32`, computed in `f32` only.
///
/// `tanhf(±0) = ±0`, `tanhf(±∞) = ±1`, NaN gives NaN; see the
/// [module documentation](self) for the measured error.
// Inlined where loops over arrays can vectorize it; out of line on 32-bit Arm, whose
// microcontrollers have no SIMD to gain and little flash for a copy at every call site.
#[cfg_attr(not(target_arch = "arm"), inline)]
#[cfg_attr(target_arch = "arm", inline(never))]
pub fn tanhf(x: f32) -> f32 {
    let ax = f32::from_bits(x.to_bits() & ABS_MASK_32);

    let [p0, p1, p2, p3, p4] = TANH_P_32;
    let s = ax * ax;
    let p = (p0 + p1 * s) + (s * s) * ((p2 + p3 * s) + p4 * (s * s));
    let small = ax + (ax * s) * p;

    // 1 - 2 / (e^{2|x|} + 1). Clamping keeps e^{2|x|} finite (tanh 10 already rounds to 1);
    // written as a comparison, it lets NaN through, to a NaN result.
    let twice = ax + ax;
    let (a, tail, k) = exp_parts_32(if twice > TANH_EXP_MAX_32 {
        TANH_EXP_MAX_32
    } else {
        twice
    });
    let large = one_minus_2_over_e_plus_1_32(a, tail, pow2_32(k));

    let y = if ax < TANH_SPLIT_32 { small } else { large };
    f32::from_bits(y.to_bits() | (x.to_bits() & !ABS_MASK_32))
}

/// `1 - 2 / (e + 1)` for `e = (a + tail) · scale ≥ 1`.
///
/// No cancellation: `tanh` uses it where the quotient is at most 0.49. The roundings that
/// would dominate the error (of `e` itself, of `e + 1`, of `1 - q`) are kept as Fast2Sum
/// error terms and added back at the end; what is left is mostly the division's and the
/// final addition's.
#[inline(always)]
fn one_minus_2_over_e_plus_1_32(a: f32, tail: f32, scale: f32) -> f32 {
    let e_hi = a + tail;
    let e_lo = (a - e_hi) + tail;
    // Exact: scale is a power of two and e stays far from overflow and underflow.
    let (e_hi, e_lo) = (e_hi * scale, e_lo * scale);
    let d = e_hi + 1.0;
    let d_err = ((e_hi - d) + 1.0) + e_lo;
    let q = 2.0 / d;
    // 2 / (d + d_err) ≈ q - q² d_err / 2.
    let q_err = (q * q) * (0.5 * d_err);
    let t = 1.0 - q;
    let t_err = (1.0 - t) - q;
    t + (t_err + q_err)
}

/// `tanh x` for `f64`.
///
/// `tanh(±0) = ±0`, `tanh(±∞) = ±1`, NaN gives NaN; see the
/// [module documentation](self) for the measured error.
// Inlined where loops over arrays can vectorize it; out of line on 32-bit Arm, whose
// microcontrollers have no SIMD to gain and little flash for a copy at every call site.
#[cfg_attr(not(target_arch = "arm"), inline)]
#[cfg_attr(target_arch = "arm", inline(never))]
pub fn tanh(x: f64) -> f64 {
    let ax = f64::from_bits(x.to_bits() & ABS_MASK_64);

    let c = TANH_P_64;
    let s = ax * ax;
    let s2 = s * s;
    let s4 = s2 * s2;
    let s8 = s4 * s4;
    let g1 = (c[0] + c[1] * s) + s2 * (c[2] + c[3] * s);
    let g2 = (c[4] + c[5] * s) + s2 * (c[6] + c[7] * s);
    let g3 = (c[8] + c[9] * s) + s2 * c[10];
    let p = (g1 + s4 * g2) + s8 * g3;
    let small = ax + (ax * s) * p;

    let twice = ax + ax;
    let (a, tail, k) = exp_parts_64(if twice > TANH_EXP_MAX_64 {
        TANH_EXP_MAX_64
    } else {
        twice
    });
    let large = one_minus_2_over_e_plus_1_64(a, tail, pow2_64(k));

    let y = if ax < TANH_SPLIT_64 { small } else { large };
    f64::from_bits(y.to_bits() | (x.to_bits() & !ABS_MASK_64))
}

/// The `f64` counterpart of [`one_minus_2_over_e_plus_1_32`].
#[inline(always)]
fn one_minus_2_over_e_plus_1_64(a: f64, tail: f64, scale: f64) -> f64 {
    let e_hi = a + tail;
    let e_lo = (a - e_hi) + tail;
    let (e_hi, e_lo) = (e_hi * scale, e_lo * scale);
    let d = e_hi + 1.0;
    let d_err = ((e_hi - d) + 1.0) + e_lo;
    let q = 2.0 / d;
    let q_err = (q * q) * (0.5 * d_err);
    let t = 1.0 - q;
    let t_err = (1.0 - t) - q;
    t + (t_err + q_err)
}

#[cfg(test)]
// Expected values are written out as computed elsewhere, e and 1/e included.
#[allow(clippy::approx_constant)]
mod tests {
    use super::*;

    /// The largest errors the module documentation states, in ULPs.
    const EXPF_ULP: f64 = 0.78;
    const TANHF_ULP: f64 = 0.84;
    const EXP_ULP: f64 = 1.0;
    const TANH_ULP: f64 = 1.0;

    /// Error of an `f32` result in ULPs of `exact` (an `f64`: exact enough at `f32` scale).
    fn ulps_f32(got: f32, exact: f64) -> f64 {
        let a = exact.abs();
        let binade = ((a.to_bits() >> 52) as i64 - 1023).max(-126);
        let ulp = f64::from_bits(((binade - 23 + 1023) as u64) << 52);
        (f64::from(got) - exact).abs() / ulp
    }

    /// Error of an `f64` result in ULPs of the normal value `hi + lo`.
    fn ulps_f64(got: f64, hi: f64, lo: f64) -> f64 {
        let binade = (hi.abs().to_bits() >> 52) as i64 - 1023;
        let ulp = f64::from_bits(((binade - 52 + 1023) as u64) << 52);
        ((got - hi) - lo).abs() / ulp
    }

    #[test]
    fn expf_special_values() {
        assert!(expf(f32::NAN).is_nan());
        assert!(expf(-f32::NAN).is_nan());
        assert_eq!(expf(f32::INFINITY).to_bits(), f32::INFINITY.to_bits());
        assert_eq!(expf(f32::NEG_INFINITY).to_bits(), 0.0f32.to_bits());
        assert_eq!(expf(0.0).to_bits(), 1.0f32.to_bits());
        assert_eq!(expf(-0.0).to_bits(), 1.0f32.to_bits());
        // Tiny arguments: e^x rounds to 1.
        assert_eq!(expf(1e-10).to_bits(), 1.0f32.to_bits());
        assert_eq!(expf(-1e-10).to_bits(), 1.0f32.to_bits());
        assert_eq!(expf(f32::from_bits(1)).to_bits(), 1.0f32.to_bits());
    }

    #[test]
    fn expf_overflow_and_underflow() {
        // ln f32::MAX = 88.7228390520683... (mpmath). 0x42b17217 = 88.72283172… is below it
        // (e^x = f32::MAX · (1 - 7.3e-6), far from the rounding edge); 0x42b17218 =
        // 88.72283935… is above it by 3.0e-7, which puts e^x 5 ULPs past f32::MAX: +∞.
        assert!(expf(f32::from_bits(0x42b1_7217)) < f32::INFINITY);
        assert!(expf(f32::from_bits(0x42b1_7217)) > 3.4e38);
        assert_eq!(expf(f32::from_bits(0x42b1_7218)), f32::INFINITY);
        assert_eq!(expf(100.0), f32::INFINITY);
        assert_eq!(expf(f32::MAX), f32::INFINITY);
        // ln 2^-149 = -103.27892990343... : e^x there is the smallest subnormal.
        assert_eq!(expf(-103.278_93).to_bits(), 1);
        // ln 2^-150 = -103.97207708399... : below it e^x rounds to 0. e^-104 = 0.486 · 2^-149
        // would allow 2^-149 within 1 ULP, but not within the stated bound.
        assert_eq!(expf(-104.0).to_bits(), 0);
        assert_eq!(expf(-110.0).to_bits(), 0);
        assert_eq!(expf(f32::MIN).to_bits(), 0);
    }

    // Exact values from mpmath at 50 digits, e.g.
    // `python3 -c "from mpmath import mp, exp; mp.dps = 50; print(exp(-1))"`.
    #[test]
    fn expf_known_values() {
        let known: [(f32, f64); 9] = [
            (1.0, 2.718_281_828_459_045),          // e
            (-1.0, 0.367_879_441_171_442_33),      // 1/e
            (10.0, 22_026.465_794_806_718),        // e^10
            (-10.0, 4.539_992_976_248_485_4e-5),   // e^-10
            (0.5, 1.648_721_270_700_128_2),        // √e
            (88.0, 1.651_636_254_994_001_8e38),    // near overflow
            (-87.5, 9.982_350_930_569_248e-39),    // subnormal, just below f32::MIN_POSITIVE
            (-100.0, 3.720_075_976_020_836e-44),   // subnormal: 26.55 · 2^-149
            (-103.0, 1.852_116_769_517_975_4e-45), // 1.32 · 2^-149
        ];
        for (x, exact) in known {
            let err = ulps_f32(expf(x), exact);
            assert!(
                err < EXPF_ULP,
                "expf({x}) = {}, exact {exact}: {err} ULP",
                expf(x)
            );
        }
    }

    #[test]
    fn exp_special_values() {
        assert!(exp(f64::NAN).is_nan());
        assert_eq!(exp(f64::INFINITY).to_bits(), f64::INFINITY.to_bits());
        assert_eq!(exp(f64::NEG_INFINITY).to_bits(), 0.0f64.to_bits());
        assert_eq!(exp(0.0).to_bits(), 1.0f64.to_bits());
        assert_eq!(exp(-0.0).to_bits(), 1.0f64.to_bits());
        assert_eq!(exp(1e-20).to_bits(), 1.0f64.to_bits());
        assert_eq!(exp(f64::from_bits(1)).to_bits(), 1.0f64.to_bits());
    }

    #[test]
    fn exp_overflow_and_underflow() {
        // ln f64::MAX = 709.78271289338399673… (mpmath); 0x40862e42fefa39ef is the largest
        // double below it, the next one is above it by 9.0e-14: 811 ULPs past f64::MAX.
        let below = f64::from_bits(0x4086_2e42_fefa_39ef);
        assert!(exp(below) < f64::INFINITY && exp(below) > 1.79e308);
        assert_eq!(exp(f64::from_bits(0x4086_2e42_fefa_39f0)), f64::INFINITY);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(f64::MAX), f64::INFINITY);
        // ln 2^-1075 = -745.13321910194120762… : below it e^x rounds to 0.
        assert_eq!(exp(-745.2).to_bits(), 0);
        assert_eq!(exp(f64::MIN).to_bits(), 0);
        // Subnormal results, in units of 2^-1074 (mpmath: exp(x) · 2^1074): e^-740 =
        // 84.781039…, e^-745 = 0.571250…
        let in_units = |y: f64| y * 2f64.powi(537) * 2f64.powi(537);
        assert!((in_units(exp(-740.0)) - 84.781_039_023_991_91).abs() < EXP_ULP);
        assert!((in_units(exp(-745.0)) - 0.571_250_147_471_054_2).abs() < EXP_ULP);
    }

    #[test]
    fn exp_known_values() {
        // (x, hi, lo): e^x = hi + lo to about 32 digits, from mpmath at 50 digits.
        let known: [(f64, f64, f64); 7] = [
            (1.0, 2.718_281_828_459_045, 1.445_646_891_729_250_2e-16),
            (-1.0, 0.367_879_441_171_442_33, -1.242_875_367_278_836_3e-17),
            (10.0, 22_026.465_794_806_718, -1.378_013_470_051_737_2e-12),
            (
                -10.0,
                4.539_992_976_248_485_4e-5,
                -2.637_554_055_327_531e-21,
            ),
            (0.5, 1.648_721_270_700_128_2, -4.731_568_479_435_833e-17),
            (88.0, 1.651_636_254_994_001_8e38, 4.565_836_380_823_688_3e21),
            (
                -100.0,
                3.720_075_976_020_836e-44,
                -1.570_502_490_773_200_8e-60,
            ),
        ];
        for (x, hi, lo) in known {
            let err = ulps_f64(exp(x), hi, lo);
            assert!(
                err < EXP_ULP,
                "exp({x}) = {}, exact {hi} + {lo}: {err} ULP",
                exp(x)
            );
        }
    }

    #[test]
    fn tanhf_special_values() {
        assert!(tanhf(f32::NAN).is_nan());
        assert_eq!(tanhf(0.0).to_bits(), 0.0f32.to_bits());
        assert_eq!(tanhf(-0.0).to_bits(), (-0.0f32).to_bits());
        assert_eq!(tanhf(f32::INFINITY), 1.0);
        assert_eq!(tanhf(f32::NEG_INFINITY), -1.0);
        assert_eq!(tanhf(f32::MAX), 1.0);
        assert_eq!(tanhf(-50.0), -1.0);
        // tanh x = x - x³/3 + …: x itself for tiny and subnormal x.
        assert_eq!(tanhf(1e-20), 1e-20);
        assert_eq!(
            tanhf(-f32::from_bits(1)).to_bits(),
            (-f32::from_bits(1)).to_bits()
        );
    }

    #[test]
    fn tanhf_known_values() {
        let known: [(f32, f64); 8] = [
            (0.5, 0.462_117_157_260_009_74),
            (1.0, 0.761_594_155_955_764_9),
            (-0.75, -0.635_148_952_387_287_3),
            (1.0 / 65_536.0, 1.525_878_906_131_576_2e-5),
            (0.5625, 0.509_829_973_735_256_6), // where the method switches
            (5.0, 0.999_909_204_262_595_1),
            (10.0, 0.999_999_995_877_692_7),
            (-10.0, -0.999_999_995_877_692_7),
        ];
        for (x, exact) in known {
            let err = ulps_f32(tanhf(x), exact);
            assert!(
                err < TANHF_ULP,
                "tanhf({x}) = {}, exact {exact}: {err} ULP",
                tanhf(x)
            );
        }
    }

    #[test]
    fn tanh_special_values() {
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(0.0).to_bits(), 0.0f64.to_bits());
        assert_eq!(tanh(-0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(tanh(f64::INFINITY), 1.0);
        assert_eq!(tanh(f64::NEG_INFINITY), -1.0);
        assert_eq!(tanh(f64::MAX), 1.0);
        assert_eq!(tanh(-50.0), -1.0);
        assert_eq!(tanh(1e-200), 1e-200);
        assert_eq!(
            tanh(-f64::from_bits(1)).to_bits(),
            (-f64::from_bits(1)).to_bits()
        );
    }

    #[test]
    fn tanh_known_values() {
        let known: [(f64, f64, f64); 7] = [
            (0.5, 0.462_117_157_260_009_74, 2.191_660_323_826_092_8e-17),
            (1.0, 0.761_594_155_955_764_9, 3.709_021_448_216_492_4e-17),
            (
                -0.75,
                -0.635_148_952_387_287_3,
                -1.701_297_700_656_483_6e-17,
            ),
            (
                1.0 / 65_536.0,
                1.525_878_906_131_576_2e-5,
                5.647_989_222_511_969e-22,
            ),
            (
                0.5625,
                0.509_829_973_735_256_6,
                -4.272_200_848_958_714_5e-17,
            ),
            (5.0, 0.999_909_204_262_595_1, 2.298_523_750_966_507e-17),
            (19.0, 0.999_999_999_999_999_9, 4.823_964_662_155_506e-17),
        ];
        for (x, hi, lo) in known {
            let err = ulps_f64(tanh(x), hi, lo);
            assert!(
                err < TANH_ULP,
                "tanh({x}) = {}, exact {hi} + {lo}: {err} ULP",
                tanh(x)
            );
        }
    }
}
