//! `math::exp` and `math::tanh` (`f64`) against a double-double reference.
//!
//! std's `f64` functions are within about an `f64` ULP of the exact value, too coarse to
//! measure the ULP error of an `f64` result, so the reference here computes in
//! double-double arithmetic (about 104 significant bits): `e^x` by an exact-enough
//! reduction `x = k ln 2 + r`, a Taylor series for `e^(r/256)` and eight squarings; `tanh`
//! as `expm1(2x) / (expm1(2x) + 2)`. The reference is itself checked against values
//! computed to 50 digits with mpmath.

// Expected values are written out as computed elsewhere, e included.
#![allow(clippy::approx_constant)]

use constnet::math::{exp, tanh};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use std::fmt;
use std::thread;
use std::time::Instant;

/// Largest error of `exp`, in ULPs, that the tests accept; the module documentation states it.
const EXP_BOUND: f64 = 1.0;
/// Largest error of `tanh`, in ULPs, that the tests accept.
const TANH_BOUND: f64 = 1.0;

// ---------------------------------------------------------------------------------------
// Double-double arithmetic: a value is hi + lo with |lo| ≤ ulp(hi) / 2.

#[derive(Clone, Copy, Debug)]
struct Dd {
    hi: f64,
    lo: f64,
}

impl Dd {
    fn new(hi: f64) -> Dd {
        Dd { hi, lo: 0.0 }
    }

    fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }

    /// Multiplies by a power of two: exact while both parts stay normal.
    fn scale(self, factor: f64) -> Dd {
        Dd {
            hi: self.hi * factor,
            lo: self.lo * factor,
        }
    }
}

/// a + b = s + e exactly, any magnitudes (Knuth).
fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    Dd {
        hi: s,
        lo: (a - (s - bb)) + (b - bb),
    }
}

/// a + b = s + e exactly, for |a| ≥ |b| (Dekker).
fn fast_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd {
        hi: s,
        lo: b - (s - a),
    }
}

/// Splits a into two halves of 26 bits each (Veltkamp).
fn split(a: f64) -> (f64, f64) {
    let t = 134_217_729.0 * a;
    let hi = t - (t - a);
    (hi, a - hi)
}

/// a · b = p + e exactly (Dekker), barring overflow and underflow.
fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    Dd {
        hi: p,
        lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl,
    }
}

fn add(a: Dd, b: Dd) -> Dd {
    let s = two_sum(a.hi, b.hi);
    let t = two_sum(a.lo, b.lo);
    let u = fast_two_sum(s.hi, s.lo + t.hi);
    fast_two_sum(u.hi, u.lo + t.lo)
}

fn sub(a: Dd, b: Dd) -> Dd {
    add(a, b.neg())
}

fn mul(a: Dd, b: Dd) -> Dd {
    let p = two_prod(a.hi, b.hi);
    fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi))
}

fn mul_f(a: Dd, b: f64) -> Dd {
    let p = two_prod(a.hi, b);
    fast_two_sum(p.hi, p.lo + a.lo * b)
}

fn div(a: Dd, b: Dd) -> Dd {
    // Long division, three quotient digits.
    let q1 = a.hi / b.hi;
    let r = sub(a, mul_f(b, q1));
    let q2 = r.hi / b.hi;
    let r = sub(r, mul_f(b, q2));
    let q3 = r.hi / b.hi;
    add(fast_two_sum(q1, q2), Dd::new(q3))
}

fn div_f(a: Dd, b: f64) -> Dd {
    let q1 = a.hi / b;
    let p = two_prod(q1, b);
    // a.hi - p.hi is exact: p.hi is a.hi within an ULP.
    let q2 = (((a.hi - p.hi) - p.lo) + a.lo) / b;
    fast_two_sum(q1, q2)
}

/// `2^k` for `-1022 ≤ k ≤ 1023`.
fn pow2(k: i32) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// `ln 2` as a double-double (mpmath, 50 digits: 0.69314718055994530941723212145817656807550).
const LN2: Dd = Dd {
    hi: 0.693_147_180_559_945_3,
    lo: 2.319_046_813_846_299_6e-17,
};

/// `e^x = 2^k · m` with `m` in about `[0.7, 1.42]`, to about 2^-95 relative.
fn exp_reference(x: f64) -> (Dd, i32) {
    let k = (x / LN2.hi).round();
    // k · ln 2 to 106 bits, |k| ≤ 1100; the error of LN2 (2^-107 relative) times k stays
    // below 2^-96 in r, hence in e^r.
    let r = sub(Dd::new(x), add(two_prod(k, LN2.hi), two_prod(k, LN2.lo)));
    // e^(r/256) by its Taylor series to the 12th power (the 13th term is below 2^-140),
    // in Horner's form, then squared eight times.
    let small = r.scale(1.0 / 256.0);
    let mut m = Dd::new(1.0);
    for n in (1..=12).rev() {
        m = add(Dd::new(1.0), div_f(mul(small, m), f64::from(n)));
    }
    for _ in 0..8 {
        m = mul(m, m);
    }
    (m, k as i32)
}

/// `e^y - 1` with no cancellation near 0, for `|y| ≤ 41`.
fn expm1_reference(y: f64) -> Dd {
    if y.abs() < 0.5 {
        // y (1 + y/2 (1 + y/3 (…))): the 26th term, y^26/26!, is below 2^-114.
        let mut m = Dd::new(1.0);
        for n in (2..=25).rev() {
            m = add(Dd::new(1.0), div_f(mul_f(m, y), f64::from(n)));
        }
        mul_f(m, y)
    } else {
        let (m, k) = exp_reference(y);
        sub(m.scale(pow2(k)), Dd::new(1.0))
    }
}

/// `tanh x` to about 2^-100 relative.
fn tanh_reference(x: f64) -> Dd {
    let a = x.abs();
    let t = if a < 1e-150 {
        // tanh x = x - x³/3 + …, and x³ is negligible (and would underflow the products).
        Dd::new(a)
    } else if a > 20.0 {
        // tanh a = 1 - 2 e^{-2a} + …; the next term (2 e^{-4a}) is below 2^-115.
        fast_two_sum(1.0, -2.0 * (-2.0 * a).exp())
    } else {
        let m = expm1_reference(2.0 * a);
        div(m, add(m, Dd::new(2.0)))
    };
    if x < 0.0 {
        t.neg()
    } else {
        t
    }
}

// ---------------------------------------------------------------------------------------
// Errors in ULPs.

/// The binade exponent of the exact value hi + lo (one less than hi's when hi is a power of
/// two and lo pulls the value below it).
fn exponent(v: Dd) -> i32 {
    let bits = v.hi.abs().to_bits();
    let mut e = (bits >> 52) as i32 - 1023;
    if bits & ((1 << 52) - 1) == 0 && v.lo != 0.0 && (v.lo < 0.0) != (v.hi < 0.0) {
        e -= 1;
    }
    e
}

/// The error of `got` in ULPs of the exact normal value `want`.
fn error_ulps(got: f64, want: Dd) -> f64 {
    if got.is_nan() {
        return f64::INFINITY;
    }
    let ulp = pow2(exponent(want).max(-1022) - 52);
    // got - want.hi is exact when got is within a factor 2 of it, as any sensible result is.
    ((got - want.hi) - want.lo).abs() / ulp
}

/// The error of `got` in ULPs of `e^x = 2^k m`, also for subnormal, zero and infinite `got`.
fn exp_error_ulps(got: f64, m: Dd, k: i32) -> f64 {
    if got.is_nan() {
        return f64::INFINITY;
    }
    // Everything in units of 2^k, where m lives; 2^-k in two exact steps.
    let k1 = k / 2;
    let k2 = k - k1;
    let binade = exponent(m) + k;
    let got = if got.is_infinite() {
        // +∞ stands for 2^1024, as rounding past f64::MAX treats it.
        pow2(1024 - k)
    } else {
        got * pow2(-k1) * pow2(-k2)
    };
    let ulp = if binade >= -1022 {
        pow2(exponent(m) - 52)
    } else {
        pow2(-1074 - k1) * pow2(-k2)
    };
    if binade >= 1024 && got == pow2(1024 - k) {
        return 0.0; // the exact value overflows and the result is +∞
    }
    ((got - m.hi) - m.lo).abs() / ulp
}

// ---------------------------------------------------------------------------------------
// The reference against published values.

/// Relative difference of two double-doubles.
fn relative(a: Dd, b: Dd) -> f64 {
    (sub(a, b).hi / b.hi).abs()
}

// Values from `python3 -c "from mpmath import mp, mpf, exp, tanh; mp.dps = 50; ..."`,
// printed to 40 digits and as (float(v), float(v - float(v))).
#[test]
fn reference_exp_matches_published_values() {
    let published: [(f64, &str, Dd); 8] = [
        (
            1.0,
            "2.718281828459045235360287471352662497757",
            Dd {
                hi: 2.718281828459045,
                lo: 1.4456468917292502e-16,
            },
        ),
        (
            10.0,
            "22026.46579480671651695790064528424436635",
            Dd {
                hi: 22026.465794806718,
                lo: -1.3780134700517372e-12,
            },
        ),
        (
            -10.0,
            "4.539992976248485153559151556055061023792e-5",
            Dd {
                hi: 4.5399929762484854e-5,
                lo: -2.637554055327531e-21,
            },
        ),
        (
            0.5,
            "1.648721270700128146848650787814163571654",
            Dd {
                hi: 1.6487212707001282,
                lo: -4.731568479435833e-17,
            },
        ),
        (
            -0.25,
            "0.7788007830714048682451702669783206472968",
            Dd {
                hi: 0.7788007830714049,
                lo: -1.0231869534531498e-17,
            },
        ),
        (
            -100.0,
            "3.720075976020835962959695803863118337359e-44",
            Dd {
                hi: 3.720075976020836e-44,
                lo: -1.5705024907732008e-60,
            },
        ),
        (
            700.0,
            "1.014232054735004509455329595231267615205e+304",
            Dd {
                hi: 1.0142320547350045e304,
                lo: 1.6666571920734673e287,
            },
        ),
        (
            709.5,
            "1.354986319314632830876632274053603338299e+308",
            Dd {
                hi: 1.3549863193146328e308,
                lo: -1.950359478583155e290,
            },
        ),
    ];
    for (x, digits, want) in published {
        let (m, k) = exp_reference(x);
        let got = m.scale(pow2(k / 2)).scale(pow2(k - k / 2));
        let rel = relative(got, want);
        assert!(
            rel < 2f64.powi(-95),
            "e^{x} = {digits}: reference {got:?}, off by {rel:e}"
        );
    }
}

#[test]
fn reference_tanh_matches_published_values() {
    let published: [(f64, &str, Dd); 6] = [
        (
            0.5,
            "0.4621171572600097585023184836436725487303",
            Dd {
                hi: 0.46211715726000974,
                lo: 2.1916603238260928e-17,
            },
        ),
        (
            1.0,
            "0.7615941559557648881194582826047935904128",
            Dd {
                hi: 0.7615941559557649,
                lo: 3.7090214482164924e-17,
            },
        ),
        (
            1.0 / 65536.0,
            "1.525878906131576210717679043854480266972e-5",
            Dd {
                hi: 1.5258789061315762e-5,
                lo: 5.647989222511969e-22,
            },
        ),
        (
            0.5625,
            "0.5098299737352565824893121350705313565524",
            Dd {
                hi: 0.5098299737352566,
                lo: -4.2722008489587145e-17,
            },
        ),
        (
            3.0,
            "0.9950547536867304513318801852554884750978",
            Dd {
                hi: 0.9950547536867305,
                lo: -1.2991892863562624e-17,
            },
        ),
        (
            -0.75,
            "-0.6351489523872873192144343573124964950925",
            Dd {
                hi: -0.6351489523872873,
                lo: -1.7012977006564836e-17,
            },
        ),
    ];
    for (x, digits, want) in published {
        let got = tanh_reference(x);
        let rel = relative(got, want);
        assert!(
            rel < 2f64.powi(-95),
            "tanh {x} = {digits}: reference {got:?}, off by {rel:e}"
        );
    }
}

/// The measurement must be able to fail: e's nearest double is 0.3255 ULP off (its low part
/// over its ULP, 1.4456e-16 / 2^-51), the next one up 0.6745 ULP, the one after 1.6745.
#[test]
fn error_measurement_counts_ulps() {
    let e = Dd {
        hi: 2.718281828459045,
        lo: 1.4456468917292502e-16,
    };
    let up = |n: u64| f64::from_bits(e.hi.to_bits() + n);
    for (got, want) in [(e.hi, 0.3255), (up(1), 0.6745), (up(2), 1.6745)] {
        let err = error_ulps(got, e);
        assert!((err - want).abs() < 1e-4, "{got}: {err} ULP, not {want}");
    }
    // The same through the scaled measurement used for exp: e = 2^1 · (e/2).
    let (m, k) = exp_reference(1.0);
    assert_eq!(k, 1);
    assert!((exp_error_ulps(up(2), m, k) - 1.6745).abs() < 1e-4);
    // And a subnormal result: e^-745 is 0.57125 of the smallest subnormal 2^-1074
    // (mpmath: exp(-745) / 2^-1074 = 0.571250147...), so 2^-1074 is 0.42875 ULP off and 0 is
    // 0.57125.
    let (m, k) = exp_reference(-745.0);
    assert!((exp_error_ulps(5e-324, m, k) - 0.42875).abs() < 1e-4);
    assert!((exp_error_ulps(0.0, m, k) - 0.57125).abs() < 1e-4);
}

// ---------------------------------------------------------------------------------------
// The scans.

/// The largest error seen, and where.
#[derive(Clone, Copy, Debug, Default)]
struct Worst {
    ulps: f64,
    x: f64,
    got: f64,
}

impl Worst {
    fn see(&mut self, ulps: f64, x: f64, got: f64) {
        if ulps > self.ulps {
            *self = Worst { ulps, x, got };
        }
    }

    fn max(self, other: Worst) -> Worst {
        if other.ulps > self.ulps {
            other
        } else {
            self
        }
    }
}

impl fmt::Display for Worst {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.4} ULP at x = {:e} ({:#018x}): got {:e}",
            self.ulps,
            self.x,
            self.x.to_bits(),
            self.got
        )
    }
}

/// Random inputs for `exp`, spread over its whole useful domain and its edges.
fn exp_input(rng: &mut SmallRng) -> f64 {
    match rng.random_range(0..10) {
        // Uniform over every input with a finite, nonzero result.
        0..=4 => rng.random_range(-746.0..710.0),
        // Uniform in the bit patterns of |x| in [2^-60, 8): every binade equally.
        5 | 6 => random_magnitude(rng, -60, 3),
        // Tiny |x|: the result rounds to 1 or just below.
        7 => random_magnitude(rng, -1074, -60),
        // Near overflow (ln f64::MAX ≈ 709.78).
        8 => rng.random_range(709.0..709.8),
        // Subnormal results and the underflow edge (ln 2^-1022 ≈ -708.40, ln 2^-1075 ≈ -745.13).
        _ => rng.random_range(-745.2..-708.3),
    }
}

/// Random inputs for `tanh`.
fn tanh_input(rng: &mut SmallRng) -> f64 {
    match rng.random_range(0..10) {
        0..=3 => rng.random_range(-20.0..20.0),
        // Where the error peaks: results just below 1/2 (ULP halved) from the polynomial,
        // and the switch to the exponential at 0.5625.
        4 => rng.random_range(0.4..0.6) * if rng.random::<bool>() { -1.0 } else { 1.0 },
        5..=7 => random_magnitude(rng, -30, 5),
        8 => random_magnitude(rng, -1074, -30),
        _ => rng.random_range(-1000.0..1000.0),
    }
}

/// ±2^e · (1 + f) with e uniform in `[lo, hi)` and f uniform, or subnormal at the bottom.
fn random_magnitude(rng: &mut SmallRng, lo: i32, hi: i32) -> f64 {
    let e = rng.random_range(lo..hi).max(-1023);
    let bits = (((e + 1023) as u64) << 52) | (rng.random::<u64>() >> 12);
    let x = f64::from_bits(bits);
    if rng.random::<bool>() {
        -x
    } else {
        x
    }
}

/// Inputs around the edges, checked one by one: consecutive values around each threshold.
fn exp_edges() -> Vec<f64> {
    let mut xs = vec![0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324, 1e-300, -1e-300];
    // ln f64::MAX, ln 2^-1022 (subnormal from here down), ln 2^-1074, ln 2^-1075 (0 below).
    for centre in [
        709.782_712_893_384,
        -708.396_418_532_264_1,
        -744.440_071_921_381_3,
        -745.133_219_101_941_1,
    ] {
        let bits = f64::to_bits(centre);
        for d in 0..20_000u64 {
            xs.push(f64::from_bits(bits + d));
            xs.push(f64::from_bits(bits - d));
        }
    }
    xs
}

fn tanh_edges() -> Vec<f64> {
    let mut xs = vec![0.0, -0.0, 5e-324, -5e-324, 1e-300, 1e-8, 20.0, 40.0];
    // The switch from the polynomial to the exponential, and where tanh reaches 1/2.
    for centre in [0.5625, 0.549_306_144_334_054_8] {
        let bits = f64::to_bits(centre);
        for d in 0..20_000u64 {
            xs.push(f64::from_bits(bits + d));
            xs.push(f64::from_bits(bits - d));
        }
    }
    xs.extend(xs.clone().iter().map(|x| -x));
    xs
}

/// The worst cases for normal and for subnormal exact results.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    normal: Worst,
    subnormal: Worst,
}

impl Tally {
    fn ulps(&self) -> f64 {
        self.normal.ulps.max(self.subnormal.ulps)
    }

    fn max(self, other: Tally) -> Tally {
        Tally {
            normal: self.normal.max(other.normal),
            subnormal: self.subnormal.max(other.subnormal),
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "normal results: max error {}; subnormal results: max error {}",
            self.normal, self.subnormal
        )
    }
}

fn check_exp(x: f64, tally: &mut Tally) {
    let got = exp(x);
    let (m, k) = exp_reference(x);
    let err = exp_error_ulps(got, m, k);
    if exponent(m) + k < -1022 {
        tally.subnormal.see(err, x, got);
    } else {
        tally.normal.see(err, x, got);
    }
}

fn check_tanh(x: f64, tally: &mut Tally) {
    let got = tanh(x);
    let want = tanh_reference(x);
    let err = error_ulps(got, want);
    if want.hi.abs() < f64::MIN_POSITIVE {
        tally.subnormal.see(err, x, got);
    } else {
        tally.normal.see(err, x, got);
    }
}

/// Runs `check` on the edges and on `count` random inputs from `input`, on two threads.
fn scan(
    name: &str,
    count: u64,
    edges: Vec<f64>,
    input: fn(&mut SmallRng) -> f64,
    check: fn(f64, &mut Tally),
) -> (Tally, Tally) {
    let started = Instant::now();
    let mut edge_worst = Tally::default();
    for &x in &edges {
        check(x, &mut edge_worst);
    }
    let random_worst = thread::scope(|scope| {
        let run = move |seed: u64| {
            let mut rng = SmallRng::seed_from_u64(seed);
            let mut worst = Tally::default();
            for _ in 0..count / 2 {
                check(input(&mut rng), &mut worst);
            }
            worst
        };
        let other = scope.spawn(move || run(0x5eed_0001));
        run(0x5eed_0002).max(other.join().unwrap())
    });
    println!(
        "{name}: {} edge inputs; {edge_worst}\n{name}: {count} random inputs; {random_worst}\n{name}: {:.1} s",
        edges.len(),
        started.elapsed().as_secs_f64()
    );
    (edge_worst, random_worst)
}

/// Every random input drawn by the ignored tests: 10^8 per function.
const FULL: u64 = 100_000_000;
/// The sample for the default debug `cargo test`.
const SAMPLE: u64 = 20_000;

// Ignored by default: 10^8 double-double evaluations take minutes in a debug build. They
// are for CI to run in release, where each takes 30 to 60 s on two cores:
// `cargo test --release --test math_f64 -- --ignored`.
#[test]
#[ignore]
fn exp_random_inputs() {
    let (edges, random) = scan("exp", FULL, exp_edges(), exp_input, check_exp);
    assert!(edges.ulps() < EXP_BOUND && random.ulps() < EXP_BOUND);
}

#[test]
#[ignore]
fn tanh_random_inputs() {
    let (edges, random) = scan("tanh", FULL, tanh_edges(), tanh_input, check_tanh);
    assert!(edges.ulps() < TANH_BOUND && random.ulps() < TANH_BOUND);
}

#[test]
fn exp_sampled_inputs() {
    let (edges, random) = scan(
        "exp (sample)",
        SAMPLE,
        exp_edges().into_iter().step_by(39).collect(),
        exp_input,
        check_exp,
    );
    assert!(edges.ulps() < EXP_BOUND && random.ulps() < EXP_BOUND);
}

#[test]
fn tanh_sampled_inputs() {
    let (edges, random) = scan(
        "tanh (sample)",
        SAMPLE,
        tanh_edges().into_iter().step_by(39).collect(),
        tanh_input,
        check_tanh,
    );
    assert!(edges.ulps() < TANH_BOUND && random.ulps() < TANH_BOUND);
}
