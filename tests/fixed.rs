//! The fixed-point scalars: rounding, saturation and its count, and the sigmoid and tanh
//! tables against the exact functions (std's `f64` `exp` and `tanh`) over their whole input
//! range.

use constnet::{reset_saturations, saturations, Real, Q16_16, Q8_8};

/// The largest error of `approximation` against `exact` over `inputs`, and where it is.
fn largest_error<T: Real>(
    inputs: impl Iterator<Item = T>,
    approximation: impl Fn(T) -> T,
    exact: impl Fn(f64) -> f64,
) -> (f64, f64) {
    inputs
        .map(|x| {
            let error = (approximation(x).to_f64() - exact(x.to_f64())).abs();
            (error, x.to_f64())
        })
        .fold(
            (0.0, 0.0),
            |worst, next| if next.0 > worst.0 { next } else { worst },
        )
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

#[test]
fn q8_8_sigmoid_and_tanh_are_within_their_stated_errors_for_every_input() {
    let every = || (i16::MIN..=i16::MAX).map(Q8_8::from_bits);
    let ulp = 1.0 / 256.0;
    let (error, at) = largest_error(every(), Real::sigmoid, sigmoid);
    assert!(error <= ulp, "sigmoid errs by {error} at {at}");
    let (error, at) = largest_error(every(), Real::portable_tanh, f64::tanh);
    assert!(error <= 2.0 * ulp, "tanh errs by {error} at {at}");
}

#[test]
fn q16_16_sigmoid_and_tanh_are_within_their_stated_errors_for_every_input() {
    // Every input below 24 in magnitude (the table ends at 12, tanh's at 6), then every
    // 65,521st beyond, where both are at ±1 and 0 and the exact functions within 4 · 10⁻¹¹ of
    // them: the errors there cannot exceed the bounds while the outputs are those ends.
    let near = || (-24 << 16..24 << 16).map(Q16_16::from_bits);
    let far = || {
        (i32::MIN..=i32::MAX)
            .step_by(65_521)
            .filter(|bits| bits.unsigned_abs() >= 24 << 16)
            .map(Q16_16::from_bits)
    };
    for inputs in [&mut near() as &mut dyn Iterator<Item = Q16_16>, &mut far()] {
        let inputs: Vec<Q16_16> = inputs.collect();
        let (error, at) = largest_error(inputs.iter().copied(), Real::sigmoid, sigmoid);
        assert!(error <= 2.0e-4, "sigmoid errs by {error} at {at}");
        let (error, at) = largest_error(inputs.iter().copied(), Real::portable_tanh, f64::tanh);
        assert!(error <= 4.0e-4, "tanh errs by {error} at {at}");
    }
    for bits in far().map(Q16_16::to_bits) {
        let x = Q16_16::from_bits(bits);
        let (one, zero) = (Q16_16::ONE, Q16_16::from_bits(0));
        let expected = if bits > 0 { (one, one) } else { (zero, -one) };
        assert_eq!((x.sigmoid(), x.portable_tanh()), expected, "at {x}");
    }
}

#[test]
fn the_sigmoid_is_symmetric_and_monotone() {
    // σ(-x) = 1 - σ(x) exactly, and never decreasing: a table with a knot out of order, or
    // an interpolation that overshoots, would break one or the other.
    let mut previous = Q8_8::MIN.sigmoid();
    for bits in i16::MIN + 1..=i16::MAX {
        let x = Q8_8::from_bits(bits);
        assert_eq!((-x).sigmoid(), Q8_8::ONE - x.sigmoid(), "at {x}");
        assert!(x.sigmoid() >= previous, "σ decreases at {x}");
        previous = x.sigmoid();
    }
    assert_eq!(Q8_8::from_bits(0).sigmoid(), Q8_8::from_f64(0.5));
    assert_eq!(Q16_16::from_bits(0).sigmoid(), Q16_16::from_f64(0.5));
}

#[test]
fn conversions_round_to_nearest() {
    // 0.1 · 256 = 25.6 → 26; halves go up: 1.5 → 2, -1.5 → -1, -2.5 → -2.
    assert_eq!(Q8_8::from_f64(0.1).to_bits(), 26);
    assert_eq!(Q8_8::from_f64(-0.1).to_bits(), -26);
    assert_eq!(Q8_8::from_f64(1.5 / 256.0).to_bits(), 2);
    assert_eq!(Q8_8::from_f64(-1.5 / 256.0).to_bits(), -1);
    assert_eq!(Q8_8::from_f64(-2.5 / 256.0).to_bits(), -2);
    // 0.1 · 65536 = 6553.6 → 6554.
    assert_eq!(Q16_16::from_f64(0.1).to_bits(), 6554);
    assert_eq!(Q16_16::from_f64(-3.25).to_f64(), -3.25);
    assert_eq!(Q16_16::lit(0.75), Q16_16::from_bits(49_152));
    assert_eq!(Q8_8::from_bits(26).to_string(), "0.1015625");
    assert_eq!(format!("{:?}", Q16_16::from_f64(-3.25)), "-3.25");
}

#[test]
fn products_round_to_nearest_and_quotients_truncate() {
    let q = Q8_8::from_f64;
    assert_eq!(q(1.5) * q(2.25), q(3.375));
    assert_eq!(q(-1.5) * q(2.25), q(-3.375));
    // 2⁻⁸ · 0.5 = 2⁻⁹, half a unit: up to 2⁻⁸; -2⁻⁹ up to 0.
    assert_eq!(Q8_8::DELTA * q(0.5), Q8_8::DELTA);
    assert_eq!(-Q8_8::DELTA * q(0.5), q(0.0));
    // 2⁻⁸ · 0.25 = 2⁻¹⁰: a quarter unit, down to 0.
    assert_eq!(Q8_8::DELTA * q(0.25), q(0.0));
    // 1 / 3 = 0.33203125 + 0.0013…: truncated to 85 / 256; -1 / 3 to -85 / 256.
    assert_eq!((q(1.0) / q(3.0)).to_bits(), 85);
    assert_eq!((q(-1.0) / q(3.0)).to_bits(), -85);
    assert_eq!(q(7.5) / q(-2.5), q(-3.0));
    let q = Q16_16::from_f64;
    assert_eq!(q(300.5) * q(-4.0), q(-1202.0));
    // 1 / 3 · 65536 = 21845.33…: 21845.
    assert_eq!((q(1.0) / q(3.0)).to_bits(), 21_845);
}

/// Operands for the exhaustive-at-the-edges checks: the ends of the range, values around
/// zero and around the halves' boundaries, then pseudo-random ones (xorshift32), as raw
/// integers of `bits` bits.
fn operands(bits: u32) -> Vec<i64> {
    let (min, max) = (-(1i64 << (bits - 1)), (1i64 << (bits - 1)) - 1);
    let half = 1i64 << (bits / 2);
    let mut values = vec![min, min + 1, -half - 1, -half, -half + 1, -1, 0, 1];
    values.extend([half - 1, half, half + 1, max - 1, max]);
    let mut x: u32 = 2_463_534_242;
    for _ in 0..300 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        values.push((x as i32 >> (32 - bits)).into());
    }
    values
}

/// `x / 2^frac` rounded to nearest with halves up, clamped to `bits` bits: the definition,
/// in 128-bit integers, where nothing overflows.
fn reference(x: i128, frac: u32, bits: u32) -> (i64, bool) {
    let rounded = (x + (1 << (frac - 1))).div_euclid(1 << frac);
    let (min, max) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
    (
        rounded.clamp(min, max) as i64,
        rounded < min || rounded > max,
    )
}

/// Checks `T`'s product and `a b - c d` against [`reference`] on every pair (and a spread of
/// quadruples) of [`operands`], results and saturation counts both.
fn check_products<T: Real>(bits: u32, frac: u32, from: fn(i64) -> T, to: fn(T) -> i64) {
    let values = operands(bits);
    for &a in &values {
        for &b in &values {
            reset_saturations();
            let product = to(from(a) * from(b));
            let (expected, saturated) = reference(a as i128 * b as i128, frac, bits);
            assert_eq!(
                (product, saturations()),
                (expected, saturated as u32),
                "{a} · {b}"
            );
        }
    }
    for (i, &a) in values.iter().enumerate() {
        for (j, &b) in values.iter().enumerate().step_by(7) {
            let (c, d) = (
                values[(i * 31 + j) % values.len()],
                values[(i + j * 17) % values.len()],
            );
            reset_saturations();
            let difference = to(T::product_difference(from(a), from(b), from(c), from(d)));
            let exact = a as i128 * b as i128 - c as i128 * d as i128;
            let (expected, saturated) = reference(exact, frac, bits);
            assert_eq!(
                (difference, saturations()),
                (expected, saturated as u32),
                "{a} · {b} - {c} · {d}"
            );
        }
    }
}

#[test]
fn products_and_product_differences_round_once_and_saturate_as_defined() {
    check_products::<Q8_8>(16, 8, |n| Q8_8::from_bits(n as i16), |x| x.to_bits().into());
    check_products::<Q16_16>(
        32,
        16,
        |n| Q16_16::from_bits(n as i32),
        |x| x.to_bits().into(),
    );
    // The extreme quadruples: `MIN MIN - MIN MAX` is the largest difference there is.
    let (min, max) = (Q16_16::MIN, Q16_16::MAX);
    reset_saturations();
    assert_eq!(Q16_16::product_difference(min, min, min, max), max);
    assert_eq!(Q16_16::product_difference(min, max, min, min), min);
    assert_eq!(saturations(), 2);
}

#[test]
fn sums_round_once_and_saturate_up_to_the_ends_of_the_wide_type() {
    reset_saturations();
    // Adding the rounding's half to a sum near the top of the wide type wraps; the result
    // must still be the top of the range.
    assert_eq!(Q16_16::sum_value(i64::MAX), Q16_16::MAX);
    assert_eq!(Q16_16::sum_value(i64::MAX - (1 << 14)), Q16_16::MAX);
    assert_eq!(Q16_16::sum_value(i64::MIN), Q16_16::MIN);
    assert_eq!(Q8_8::sum_value(i32::MAX), Q8_8::MAX);
    assert_eq!(Q8_8::sum_value(i32::MIN), Q8_8::MIN);
    assert_eq!(saturations(), 5);
    // The largest sums that round into range, and the smallest that do not.
    reset_saturations();
    let top = ((1i64 << 31) << 16) - (1 << 15) - 1;
    assert_eq!(Q16_16::sum_value(top), Q16_16::MAX);
    assert_eq!(Q16_16::sum_value(-(1i64 << 47) - (1 << 15)), Q16_16::MIN);
    assert_eq!(saturations(), 0);
    assert_eq!(Q16_16::sum_value(top + 1), Q16_16::MAX);
    assert_eq!(
        Q16_16::sum_value(-(1i64 << 47) - (1 << 15) - 1),
        Q16_16::MIN
    );
    assert_eq!(saturations(), 2);
}

#[test]
fn the_sigmoid_slope_is_y_times_one_minus_y_for_every_input() {
    // `logistic_slope` takes a shortcut for y in [0, 1]; it must give what the general
    // product gives, which the product tests above check against the definition.
    for y in i16::MIN..=i16::MAX {
        let y = Q8_8::from_bits(y);
        assert_eq!(y.logistic_slope(), y * (Q8_8::ONE - y), "{y}");
    }
    let edges = (-70_000..140_000).chain([i32::MIN, i32::MIN + 1, -1, i32::MAX - 1, i32::MAX]);
    for y in edges {
        let y = Q16_16::from_bits(y);
        reset_saturations();
        let general = y * (Q16_16::ONE - y);
        let saturated = saturations();
        reset_saturations();
        assert_eq!(
            (y.logistic_slope(), saturations()),
            (general, saturated),
            "{y}"
        );
    }
}

#[test]
fn results_out_of_range_saturate_and_are_counted() {
    reset_saturations();
    let (max, min, one, two) = (Q8_8::MAX, Q8_8::MIN, Q8_8::ONE, Q8_8::from_f64(2.0));
    let cases = [
        ("MAX + δ", max + Q8_8::DELTA, max),
        ("MIN - δ", min - Q8_8::DELTA, min),
        ("-MIN", -min, max),
        ("|MIN|", min.abs(), max),
        ("MAX · 2", max * two, max),
        ("MIN · 2", min * two, min),
        ("MAX · -2", max * -two, min),
        ("1 / 0", one / Q8_8::from_bits(0), max),
        ("-1 / 0", -one / Q8_8::from_bits(0), min),
        ("MIN / -δ", min / -Q8_8::DELTA, max),
        ("200", Q8_8::from_f64(200.0), max),
        ("-1e9", Q8_8::from_f64(-1e9), min),
        ("∞", Q8_8::from_f64(f64::INFINITY), max),
        ("-∞", Q8_8::from_f64(f64::NEG_INFINITY), min),
        ("-1e300", Q8_8::from_f64(-1e300), min),
    ];
    for (what, result, expected) in cases {
        assert_eq!(result, expected, "{what}");
    }
    assert_eq!(saturations(), cases.len() as u32);
    // NaN and 0 / 0 give 0, each counted too.
    assert_eq!(Q8_8::from_f64(f64::NAN), Q8_8::from_bits(0));
    assert_eq!(Q8_8::from_bits(0) / Q8_8::from_bits(0), Q8_8::from_bits(0));
    assert_eq!(saturations(), cases.len() as u32 + 2);
    // The conversion's rounding must not step past the end of its 64-bit integer.
    assert_eq!(Q16_16::from_f64(f64::NEG_INFINITY), Q16_16::MIN);
    assert_eq!(Q16_16::from_f64(-1e300), Q16_16::MIN);
    assert_eq!(saturations(), cases.len() as u32 + 4);
    // Results in range count nothing, up to the ends themselves.
    reset_saturations();
    let _ = (max - Q8_8::DELTA) + Q8_8::DELTA;
    let _ = Q16_16::from_f64(32767.0) * Q16_16::ONE + Q16_16::from_f64(-65535.0 / 2.0);
    let _ = Q16_16::MIN / Q16_16::ONE;
    assert_eq!(saturations(), 0);
    // Saturated values are where training sees a loss as no longer finite.
    assert!(!max.is_finite() && !min.is_finite() && (max - one).is_finite());
}

#[test]
fn saturations_are_counted_per_thread() {
    reset_saturations();
    std::thread::spawn(|| {
        let _ = Q16_16::MAX + Q16_16::ONE;
        assert_eq!(saturations(), 1);
    })
    .join()
    .unwrap();
    assert_eq!(saturations(), 0);
}

#[test]
fn relu_and_identity_are_exact_and_leaky_relu_has_the_rounded_slope() {
    use constnet::{Activation, Identity, LeakyRelu, Relu};
    for bits in i16::MIN..=i16::MAX {
        let x = Q8_8::from_bits(bits);
        let zero = Q8_8::from_bits(0);
        assert_eq!(Relu::apply(x), if bits > 0 { x } else { zero });
        assert_eq!(Identity::apply(x), x);
        // 0.01 is 2.56 units of 2⁻⁸: the slope is 3 units, and each product rounds.
        let leaky = if bits > 0 { x } else { x * Q8_8::from_bits(3) };
        assert_eq!(LeakyRelu::apply(x), leaky);
    }
    assert_eq!(
        LeakyRelu::derivative(Q16_16::from_bits(-1), Q16_16::from_bits(0)).to_bits(),
        655
    );
}
