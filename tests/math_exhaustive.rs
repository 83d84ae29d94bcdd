//! `math::expf` and `math::tanhf` on every finite `f32` input, against std's `f64` functions.
//!
//! An `f64` result is within an `f64` ULP of the exact value, which is 2^-29 of an `f32`
//! ULP: as good as exact for measuring `f32` errors. Errors are in ULPs of the exact result
//! (`2^(e-23)` in the binade `[2^e, 2^(e+1))`, `2^-149` for subnormal results).

use constnet::math::{expf, tanhf};
use std::fmt;
use std::thread;
use std::time::Instant;

/// Largest error of `expf`, in ULPs, that the tests accept; the module documentation states it.
const EXPF_BOUND: f64 = 0.78;
/// Largest error of `tanhf`, in ULPs, that the tests accept.
const TANHF_BOUND: f64 = 0.84;

/// `e^x`, exactly enough: std's `f64` `exp`, or where its `f32` answer is plain, a cheaper
/// expression of the same accuracy. Nine inputs in ten fall in the cheap ranges, which
/// shortens the run about fivefold.
fn exp_reference(x: f64) -> f64 {
    if x.abs() < 1e-6 {
        // Taylor series: the first omitted term, x⁴/24, is below 2^-83.
        1.0 + (x + x * x * (0.5 + x / 6.0))
    } else if x > 100.0 {
        // e^100 > 2^128: overflows, like every larger value.
        f64::INFINITY
    } else if x < -110.0 {
        // e^-110 < 2^-158: rounds to 0; counting the exact value as 0 understates the
        // error of a correct 0 by less than 2^-9 ULP.
        0.0
    } else {
        x.exp()
    }
}

/// `tanh x`, exactly enough: std's `f64` `tanh`, or a cheaper expression where it suffices.
/// (Both are within about 2^-52 of the exact value relative, 2^-28 `f32` ULP.)
fn tanh_reference(x: f64) -> f64 {
    if x.abs() < 1.0 / 64.0 {
        // Taylor series: the first omitted term, 1382x¹¹/155925, is below 2^-66 |x|.
        let s = x * x;
        let p = -17.0 / 315.0 + s * (62.0 / 2835.0);
        x + x * s * (-1.0 / 3.0 + s * (2.0 / 15.0 + s * p))
    } else if x.abs() > 20.0 {
        // 1 - tanh 20 < 2^-56: within 2^-32 f32 ULP of ±1.
        1f64.copysign(x)
    } else {
        x.tanh()
    }
}

/// `2^128`: one ULP past `f32::MAX`, where `+∞` sits for measuring errors.
const TWO_128: f64 = 340_282_366_920_938_463_463_374_607_431_768_211_456.0;

/// The spacing of `f32` values at the magnitude of `v`.
fn ulp_f32(v: f64) -> f64 {
    let a = v.abs().min(f64::from(f32::MAX));
    // 2^(e-23) for e the binade's exponent, built from the exponent bits (powi calls out,
    // and this runs 2^32 times); e < -126 is the subnormal range, spaced 2^-149.
    let exponent = (((a.to_bits() >> 52) as i64) - 1023).max(-126);
    f64::from_bits(((exponent - 23 + 1023) as u64) << 52)
}

/// The error of `got` in ULPs of `want`; a wrong infinity or a NaN is an infinite error.
fn error_ulps(got: f32, want: f64) -> f64 {
    if got.is_nan() {
        return f64::INFINITY;
    }
    // An infinity stands for ±2^128, as rounding past f32::MAX treats it.
    let got = if got.is_infinite() {
        TWO_128.copysign(f64::from(got))
    } else {
        f64::from(got)
    };
    let want = want.clamp(-TWO_128, TWO_128);
    (got - want).abs() / ulp_f32(want)
}

/// The largest error seen, and where.
#[derive(Clone, Copy, Debug, Default)]
struct Worst {
    ulps: f64,
    x: f32,
    got: f32,
    want: f64,
}

impl Worst {
    fn see(&mut self, ulps: f64, x: f32, got: f32, want: f64) {
        if ulps > self.ulps {
            *self = Worst { ulps, x, got, want };
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
        if self.ulps == 0.0 {
            return write!(f, "none: every result the nearest f32");
        }
        write!(
            f,
            "{:.4} ULP at x = {:e} ({:#010x}): got {:e}, exact {:e}",
            self.ulps,
            self.x,
            self.x.to_bits(),
            self.got,
            self.want
        )
    }
}

/// The worst cases of a scan, for normal and for subnormal exact results, and how many
/// results differ from the nearest `f32`.
#[derive(Clone, Copy, Debug, Default)]
struct Scan {
    normal: Worst,
    subnormal: Worst,
    not_nearest: u64,
    count: u64,
}

impl Scan {
    fn worst(&self) -> f64 {
        self.normal.ulps.max(self.subnormal.ulps)
    }

    fn merge(self, other: Scan) -> Scan {
        Scan {
            normal: self.normal.max(other.normal),
            subnormal: self.subnormal.max(other.subnormal),
            not_nearest: self.not_nearest + other.not_nearest,
            count: self.count + other.count,
        }
    }
}

/// Scans the finite inputs whose bit patterns are `start, start + step, …` below `end`.
fn scan(
    f: impl Fn(f32) -> f32,
    reference: impl Fn(f64) -> f64,
    start: u64,
    end: u64,
    step: u64,
) -> Scan {
    const BLOCK: usize = 4096;
    let mut s = Scan::default();
    let mut xs = [0f32; BLOCK];
    let mut ys = [0f32; BLOCK];
    let mut bits = start;
    while bits < end {
        let mut n = 0;
        while n < BLOCK && bits < end {
            xs[n] = f32::from_bits(bits as u32);
            bits += step;
            n += 1;
        }
        // A loop of its own, so the function under test runs vectorized as in real use.
        for (y, &x) in ys.iter_mut().zip(&xs) {
            *y = f(x);
        }
        for (&x, &got) in xs[..n].iter().zip(&ys[..n]) {
            if !x.is_finite() {
                continue;
            }
            let want = reference(f64::from(x));
            s.count += 1;
            // The nearest f32 errs by at most half an ULP; any other result by at least
            // that, so the largest error is among the others and the nearest ones need no
            // measuring (most of the run time otherwise).
            if got.to_bits() == (want as f32).to_bits() {
                continue;
            }
            s.not_nearest += 1;
            let err = error_ulps(got, want);
            if want.abs() < f64::from(f32::MIN_POSITIVE) {
                s.subnormal.see(err, x, got, want);
            } else {
                s.normal.see(err, x, got, want);
            }
        }
    }
    s
}

/// Scans every `step`-th bit pattern, on two threads, and prints the worst cases.
fn scan_all<F, R>(name: &str, f: F, reference: R, step: u64) -> Scan
where
    F: Fn(f32) -> f32 + Sync,
    R: Fn(f64) -> f64 + Sync,
{
    let started = Instant::now();
    let half = 1u64 << 31;
    let s = thread::scope(|scope| {
        let positive = scope.spawn(|| scan(&f, &reference, 0, half, step));
        let negative = scan(&f, &reference, half, 2 * half, step);
        positive.join().unwrap().merge(negative)
    });
    println!(
        "{name}: {} finite inputs in {:.1} s; {} ({:.4}%) results not the nearest f32\n  \
         normal results: max error {}\n  subnormal results: max error {}",
        s.count,
        started.elapsed().as_secs_f64(),
        s.not_nearest,
        100.0 * s.not_nearest as f64 / s.count as f64,
        s.normal,
        s.subnormal,
    );
    s
}

// Ignored by default: 2^32 evaluations of each function take minutes in a debug build.
// They are for CI to run in release, where each takes 15 to 20 s on two cores:
// `cargo test --release --test math_exhaustive -- --ignored`.
#[test]
#[ignore]
fn expf_every_finite_input() {
    let s = scan_all("expf", expf, exp_reference, 1);
    assert!(s.worst() < EXPF_BOUND, "{s:?}");
}

#[test]
#[ignore]
fn tanhf_every_finite_input() {
    let s = scan_all("tanhf", tanhf, tanh_reference, 1);
    assert!(s.worst() < TANHF_BOUND, "{s:?}");
}

/// A sample of the inputs, quick enough for the default debug `cargo test`: every 65537th
/// bit pattern (a prime stride, so every exponent and many mantissas are hit).
#[test]
fn expf_sampled_inputs() {
    let s = scan_all("expf (sample)", expf, exp_reference, 65_537);
    assert!(s.worst() < EXPF_BOUND, "{s:?}");
}

#[test]
fn tanhf_sampled_inputs() {
    let s = scan_all("tanhf (sample)", tanhf, tanh_reference, 65_537);
    assert!(s.worst() < TANHF_BOUND, "{s:?}");
}
