//! The optimizers: Momentum and Adam checked step by step against the textbook formulas
//! written out with scalars, Rprop's step-size rules on hand-made gradient sequences, Sgd's
//! weight decay, and the guarantee that a non-finite update changes neither the network nor
//! the optimizer.

use approx::assert_relative_eq;
use constnet::{
    apply_rule, Adam, Dense, DenseGradients, Gradients, Identity, Layer, Momentum, Mse, Network,
    NonFiniteUpdate, Optimizer, Parameters, Real, RmsProp, RmsPropRule, Rprop, Rule, RuleState,
    Sgd, Sigmoid,
};
use nalgebra::{matrix, SMatrix};

type Lecture = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 2, Sigmoid>)>;
type Lecture32 = Network<(Dense<f32, 2, 3, Sigmoid>, Dense<f32, 3, 2, Sigmoid>)>;
/// One weight and one bias: `ŷ = x w + b`.
type Line = Network<(Dense<f64, 1, 1, Identity>,)>;
type LineGradients = <Line as Parameters>::Gradients;

const W0: [[f64; 3]; 2] = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]];
const B0: [f64; 3] = [0.2, 0.25, 0.3];
const W1: [[f64; 2]; 3] = [[0.3, 0.4], [0.5, 0.6], [0.7, 0.8]];
const B1: [f64; 2] = [0.3, 0.35];

fn lecture() -> Lecture {
    Network::new((Dense::from_rows(W0, B0), Dense::from_rows(W1, B1)))
}

fn lecture32() -> Lecture32 {
    let w0 = W0.map(|row| row.map(|v| v as f32));
    let w1 = W1.map(|row| row.map(|v| v as f32));
    let (b0, b1) = (B0.map(|v| v as f32), B1.map(|v| v as f32));
    Network::new((Dense::from_rows(w0, b0), Dense::from_rows(w1, b1)))
}

/// The lecture's gradients at the current parameters of `net`, computed by the library.
fn lecture_gradients(net: &Lecture) -> <Lecture as Parameters>::Gradients {
    let (x, y): (SMatrix<f64, 1, 2>, SMatrix<f64, 1, 2>) = (matrix![0.3, 0.7], matrix![1.0, 0.0]);
    net.loss_and_gradients::<Mse, 1>(&x, &y).1
}

/// Every element of `p`, in the crate's flat order.
fn flat<P: Parameters>(p: &P) -> Vec<P::Scalar> {
    let mut out = Vec::new();
    p.visit(&mut |_, elements| out.extend_from_slice(elements));
    assert_eq!(out.len(), P::COUNT);
    out
}

fn assert_all_close(what: &str, actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths");
    for (i, (&a, &e)) in actual.iter().zip(expected).enumerate() {
        assert!(
            a.is_finite() && (a - e).abs() <= 1e-12 * e.abs(),
            "{what}[{i}]: {a} ≠ {e}"
        );
    }
}

fn line(w: f64, b: f64) -> Line {
    Network::new((Dense::from_rows([[w]], [b]),))
}

fn line_gradients(w: f64, b: f64) -> LineGradients {
    Gradients {
        layers: (DenseGradients {
            w: matrix![w],
            b: matrix![b],
        },),
    }
}

/// `[w, b]` of a one-weight network, or of its gradients or optimizer state.
fn pair<P: Parameters<Scalar = f64>>(p: &P) -> [f64; 2] {
    let v = flat(p);
    [v[0], v[1]]
}

// ---------------------------------------------------------------------------------------------
// Momentum

/// Three steps of the generalized delta rule, `Δw(t) = -ε ∂E/∂w + α Δw(t-1)`, `w += Δw(t)`,
/// against the same arithmetic on plain `f64`s.
#[test]
fn momentum_three_steps_match_the_generalized_delta_rule() {
    let (epsilon, alpha) = (0.5, 0.9);
    let mut net = lecture();
    let mut momentum = Momentum::<Lecture>::new(epsilon, alpha).unwrap();
    assert!(flat(momentum.velocity()).iter().all(|&v| v == 0.0));

    let mut w = flat(&net);
    let mut change = vec![0.0; w.len()];
    let mut g = Vec::new();
    let loss_before = net.loss::<Mse, 1>(&matrix![0.3, 0.7], &matrix![1.0, 0.0]);
    for t in 1..=3 {
        let mut gradients = lecture_gradients(&net);
        g = flat(&gradients);
        momentum.step(&mut net, &mut gradients).unwrap();
        for i in 0..w.len() {
            change[i] = -epsilon * g[i] + alpha * change[i];
            w[i] += change[i];
        }
        assert_all_close(&format!("parameters after step {t}"), &flat(&net), &w);
        assert_all_close(
            &format!("Δw after step {t}"),
            &flat(momentum.velocity()),
            &change,
        );
    }
    // The momentum term mattered: the last change is not just -ε g.
    assert!(change
        .iter()
        .zip(&g)
        .any(|(c, g)| (c + epsilon * g).abs() > 1e-6));
    assert!(net.loss::<Mse, 1>(&matrix![0.3, 0.7], &matrix![1.0, 0.0]) < loss_before);
}

#[test]
fn momentum_zero_is_gradient_descent_and_reset_forgets() {
    let mut a = lecture();
    let mut b = lecture();
    let mut momentum = Momentum::<Lecture>::new(0.3, 0.0).unwrap();
    let mut sgd = Sgd::new(0.3).unwrap();
    for _ in 0..2 {
        let ga = lecture_gradients(&a);
        let gb = lecture_gradients(&b);
        momentum.step(&mut a, &mut ga.clone()).unwrap();
        sgd.step(&mut b, &mut gb.clone()).unwrap();
    }
    assert_all_close("momentum 0 vs sgd", &flat(&a), &flat(&b));

    let mut momentum = Momentum::<Lecture>::new(0.3, 0.9).unwrap();
    momentum.step(&mut a, &mut lecture_gradients(&b)).unwrap();
    assert!(flat(momentum.velocity()).iter().any(|&v| v != 0.0));
    momentum.reset();
    assert_eq!(momentum, Momentum::new(0.3, 0.9).unwrap());
}

// ---------------------------------------------------------------------------------------------
// Adam

/// Three Adam steps with hyperparameters `(η, β₁, β₂, ε)` against Algorithm 1 of Kingma & Ba
/// on plain `f64`s.
fn check_adam_three_steps(mut adam: Adam<Lecture>, eta: f64, beta1: f64, beta2: f64, eps: f64) {
    let mut net = lecture();
    let mut theta = flat(&net);
    let mut m = vec![0.0; theta.len()];
    let mut v = vec![0.0; theta.len()];
    for t in 1..=3 {
        let mut gradients = lecture_gradients(&net);
        let g = flat(&gradients);
        let before = theta.clone();
        adam.step(&mut net, &mut gradients).unwrap();
        for i in 0..theta.len() {
            m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
            let m_hat = m[i] / (1.0 - beta1.powi(t));
            let v_hat = v[i] / (1.0 - beta2.powi(t));
            theta[i] -= eta * m_hat / (v_hat.sqrt() + eps);
        }
        assert_eq!(adam.steps(), t as u64);
        assert_all_close(&format!("θ after step {t}"), &flat(&net), &theta);
        assert_all_close(&format!("m after step {t}"), &flat(adam.first_moment()), &m);
        assert_all_close(
            &format!("v after step {t}"),
            &flat(adam.second_moment()),
            &v,
        );
        if t == 1 {
            // Bias-corrected, the first step is η g / (|g| + ε) ≈ η sign(g) for every
            // parameter: without the correction it would be far smaller.
            for (i, (after, before)) in flat(&net).iter().zip(&before).enumerate() {
                let moved = (after - before).abs();
                assert!((moved - eta).abs() < 1e-3 * eta, "θ[{i}] moved {moved}");
            }
        }
    }
}

#[test]
fn adam_three_steps_match_kingma_and_ba_with_the_defaults() {
    let adam = Adam::<Lecture>::new(0.01).unwrap();
    assert_eq!(
        (adam.beta1, adam.beta2, adam.epsilon, adam.steps()),
        (0.9, 0.999, 1e-8, 0)
    );
    check_adam_three_steps(adam, 0.01, 0.9, 0.999, 1e-8);
}

#[test]
fn adam_three_steps_match_kingma_and_ba_with_other_hyperparameters() {
    let adam = Adam::<Lecture>::new(0.05)
        .unwrap()
        .with_betas(0.8, 0.95)
        .unwrap()
        .with_epsilon(1e-6)
        .unwrap();
    check_adam_three_steps(adam, 0.05, 0.8, 0.95, 1e-6);
}

#[test]
fn adam_reset_forgets_moments_and_steps() {
    let mut net = lecture();
    let mut adam = Adam::<Lecture>::new(0.01).unwrap();
    adam.step(&mut net, &mut lecture_gradients(&lecture()))
        .unwrap();
    assert_eq!(adam.steps(), 1);
    assert_ne!(adam, Adam::new(0.01).unwrap());
    adam.reset();
    assert_eq!(adam, Adam::new(0.01).unwrap());
}

// ---------------------------------------------------------------------------------------------
// Rprop

#[test]
fn rprop_defaults_are_fanns() {
    let rprop = Rprop::<Lecture>::new();
    assert_eq!(
        (
            rprop.increase,
            rprop.decrease,
            rprop.min_step,
            rprop.max_step,
            rprop.initial_step()
        ),
        (1.2, 0.5, 0.0, 50.0, 0.1)
    );
    // Every step size of every matrix starts at Δ₀, every previous gradient at 0.
    let steps = flat(rprop.step_sizes());
    assert_eq!(steps.len(), 2 * 3 + 3 + 3 * 2 + 2);
    assert!(steps.iter().all(|&s| s == 0.1), "{steps:?}");
    assert!(flat(rprop.previous_gradients()).iter().all(|&g| g == 0.0));
    assert_eq!(Rprop::<Lecture>::default(), rprop);
}

#[test]
fn rprop_initial_step_fills_every_matrix_and_reset_restores_it() {
    let mut rprop = Rprop::<Lecture>::new().with_initial_step(0.25).unwrap();
    assert_eq!(rprop.initial_step(), 0.25);
    assert!(flat(rprop.step_sizes()).iter().all(|&s| s == 0.25));
    let mut net = lecture();
    for _ in 0..2 {
        let mut gradients = lecture_gradients(&net);
        rprop.step(&mut net, &mut gradients).unwrap();
    }
    assert!(flat(rprop.step_sizes()).iter().any(|&s| s != 0.25));
    rprop.reset();
    assert_eq!(rprop, Rprop::new().with_initial_step(0.25).unwrap());
}

/// The step-size rules on a hand-made sequence of gradients for `w`, while `b` always has
/// gradient `+1`: the two parameters keep separate step sizes.
#[test]
fn rprop_follows_the_sign_rules() {
    let mut net = line(0.0, 0.0);
    let mut rprop = Rprop::<Line>::new();
    // (g_w, Δ_w after, w after, g₋ of w after), worked out by hand from Δ₀ = 0.1.
    let sequence = [
        // g₋ = 0: no growth, move against the sign.
        (2.0, 0.1, -0.1, 2.0),
        // Same sign: Δ grows by 1.2.
        (3.0, 0.12, -0.22, 3.0),
        (1.0, 0.144, -0.364, 1.0),
        // Sign change: Δ shrinks by 0.5, w stays, 0 is stored.
        (-1.0, 0.072, -0.364, 0.0),
        // After the change g₋ = 0: no second shrink, a plain step.
        (-1.0, 0.072, -0.292, -1.0),
        (-5.0, 0.0864, -0.2056, -5.0),
        // g = 0: sign(0) = 0, no move, Δ kept, 0 stored.
        (0.0, 0.0864, -0.2056, 0.0),
        // g₋ = 0 again: neither growth nor shrink.
        (2.0, 0.0864, -0.292, 2.0),
    ];
    let (mut b, mut step_b) = (0.0, 0.1);
    for (t, &(g, step, w, previous)) in sequence.iter().enumerate() {
        rprop.step(&mut net, &mut line_gradients(g, 1.0)).unwrap();
        // b: g = +1 every time, so Δ grows from the second step on.
        if t > 0 {
            step_b *= 1.2;
        }
        b -= step_b;
        let what = format!("step {} (g = {g})", t + 1);
        assert_relative_eq!(rprop.step_sizes().0.w[(0, 0)], step, max_relative = 1e-12);
        assert_relative_eq!(pair(&net)[0], w, max_relative = 1e-12);
        assert_eq!(pair(rprop.previous_gradients()), [previous, 1.0], "{what}");
        assert_relative_eq!(rprop.step_sizes().0.b[(0, 0)], step_b, max_relative = 1e-12);
        assert_relative_eq!(pair(&net)[1], b, max_relative = 1e-12);
    }
}

#[test]
fn rprop_step_size_is_clamped_at_its_maximum() {
    let mut net = line(0.0, 0.0);
    let mut rprop = Rprop::<Line>::new().with_step_limits(0.0, 0.3).unwrap();
    // Δ: 0.1, 0.12, 0.144, 0.1728, 0.20736, 0.248832, 0.2985984, then 0.3582… > 0.3.
    let mut w = 0.0;
    for (t, expected) in [
        0.1, 0.12, 0.144, 0.1728, 0.20736, 0.248832, 0.2985984, 0.3, 0.3, 0.3,
    ]
    .into_iter()
    .enumerate()
    {
        rprop
            .step(&mut net, &mut line_gradients(-1.0, 0.0))
            .unwrap();
        w += expected;
        let step = rprop.step_sizes().0.w[(0, 0)];
        assert_relative_eq!(step, expected, max_relative = 1e-12);
        assert!(step <= 0.3, "step {t}: Δ = {step}");
        assert_relative_eq!(pair(&net)[0], w, max_relative = 1e-12);
    }
    // b had gradient 0 throughout: it never moved and kept Δ₀.
    assert_eq!(pair(&net)[1], 0.0);
    assert_eq!(rprop.step_sizes().0.b[(0, 0)], 0.1);
}

#[test]
fn rprop_default_maximum_is_50() {
    let mut net = line(0.0, 0.0);
    let mut rprop = Rprop::<Line>::new();
    // 0.1 · 1.2ⁿ passes 50 at n = 35.
    for _ in 0..40 {
        rprop.step(&mut net, &mut line_gradients(1.0, 1.0)).unwrap();
    }
    assert_eq!(pair(rprop.step_sizes()), [50.0, 50.0]);
}

#[test]
fn rprop_step_size_is_clamped_at_its_minimum() {
    let mut net = line(0.0, 0.0);
    let mut rprop = Rprop::<Line>::new().with_step_limits(0.03, 50.0).unwrap();
    // +1: plain step (Δ 0.1); -1: flip (Δ 0.05); -1: plain step; +1: flip, 0.025 → 0.03.
    let expected = [(1.0, 0.1, -0.1), (-1.0, 0.05, -0.1), (-1.0, 0.05, -0.05)];
    for (g, step, w) in expected {
        rprop.step(&mut net, &mut line_gradients(g, 0.0)).unwrap();
        assert_relative_eq!(rprop.step_sizes().0.w[(0, 0)], step, max_relative = 1e-12);
        assert_relative_eq!(pair(&net)[0], w, max_relative = 1e-12);
    }
    rprop.step(&mut net, &mut line_gradients(1.0, 0.0)).unwrap();
    assert_eq!(rprop.step_sizes().0.w[(0, 0)], 0.03);
    assert_relative_eq!(pair(&net)[0], -0.05, max_relative = 1e-12);
    // With the default Δmin = 0, repeated flips halve Δ and it stays positive.
    let mut rprop = Rprop::<Line>::new();
    let mut net = line(0.0, 0.0);
    let mut expected_step = 0.1;
    for t in 0..8 {
        // Alternate +1, -1, -1, +1, +1, -1, …: a flip every other step.
        let g = if (t + 1) % 4 < 2 { 1.0 } else { -1.0 };
        rprop.step(&mut net, &mut line_gradients(g, 0.0)).unwrap();
        if t % 2 == 1 {
            expected_step *= 0.5;
        }
        assert_relative_eq!(
            rprop.step_sizes().0.w[(0, 0)],
            expected_step,
            max_relative = 1e-12
        );
    }
    assert_relative_eq!(rprop.step_sizes().0.w[(0, 0)], 0.1 / 16.0);
}

/// Gradients so small that their product underflows still have signs.
#[test]
fn rprop_compares_signs_not_an_underflowing_product() {
    let mut net = line(0.0, 0.0);
    let mut rprop = Rprop::<Line>::new();
    assert_eq!(1e-200_f64 * 1e-200, 0.0);
    rprop
        .step(&mut net, &mut line_gradients(1e-200, 1e-200))
        .unwrap();
    rprop
        .step(&mut net, &mut line_gradients(1e-200, -1e-200))
        .unwrap();
    // w: same sign, grew; b: flipped, shrank.
    assert_relative_eq!(rprop.step_sizes().0.w[(0, 0)], 0.12, max_relative = 1e-12);
    assert_relative_eq!(rprop.step_sizes().0.b[(0, 0)], 0.05, max_relative = 1e-12);
}

// ---------------------------------------------------------------------------------------------
// RmsProp

/// PyTorch's defaults: `η = 0.01`, `ρ = 0.99`, `ε = 10⁻⁸`.
fn pytorch_rmsprop<T: Real>() -> RmsPropRule<T> {
    RmsPropRule {
        learning_rate: T::lit(0.01),
        rho: T::lit(0.99),
        epsilon: T::lit(1e-8),
    }
}

/// Two steps worked out by hand with `η = 0.5`, `ρ = 0.75`, `ε = 1`, where `ε` outside the
/// root (`√s + ε`) and inside it (`√(s + ε)`) give different results.
#[test]
fn rmsprop_two_steps_match_the_formula_worked_by_hand() {
    let rule = RmsPropRule {
        learning_rate: 0.5,
        rho: 0.75,
        epsilon: 1.0,
    };
    let mut net = line(1.0, 0.0);
    let mut rmsprop = RmsProp::<Line>::from_rule(rule).unwrap();
    assert_eq!(pair(&rmsprop.state()[0]), [0.0, 0.0]);

    // Step 1, g = (2, 0). w: s = 0.25 · 4 = 1, w = 1 - 0.5 · 2 / (√1 + 1) = 0.5.
    // b: s = 0, and a zero gradient moves nothing: 0 / (√0 + 1) = 0.
    rmsprop
        .step(&mut net, &mut line_gradients(2.0, 0.0))
        .unwrap();
    assert_eq!(pair(&rmsprop.state()[0]), [1.0, 0.0]);
    assert_eq!(pair(&net), [0.5, 0.0]);

    // Step 2, g = (-3, 2). w: s = 0.75 · 1 + 0.25 · 9 = 3, w = 0.5 + 0.5 · 3 / (√3 + 1).
    // b: s = 0.75 · 0 + 0.25 · 4 = 1, b = 0 - 0.5 · 2 / (√1 + 1) = -0.5.
    rmsprop
        .step(&mut net, &mut line_gradients(-3.0, 2.0))
        .unwrap();
    assert_eq!(pair(&rmsprop.state()[0]), [3.0, 1.0]);
    let w = 0.5 + 1.5 / (3.0_f64.sqrt() + 1.0);
    assert_relative_eq!(pair(&net)[0], w, max_relative = 1e-15);
    assert_eq!(pair(&net)[1], -0.5);
    assert_eq!(rmsprop.steps(), 2);
    assert!(format!("{rmsprop:?}").contains("mean_square: "));
}

/// With PyTorch's defaults the first step is `η g / (√(0.01 g²) + ε) ≈ 10 η sign(g)` for every
/// parameter; twenty steps reduce the lecture's loss.
#[test]
fn rmsprop_reduces_the_loss() {
    let (x, y) = (matrix![0.3, 0.7], matrix![1.0, 0.0]);
    let mut net = lecture();
    let mut rmsprop = RmsProp::<Lecture>::from_rule(pytorch_rmsprop()).unwrap();
    let before = flat(&net);
    let loss_before = net.loss::<Mse, 1>(&x, &y);
    let mut gradients = lecture_gradients(&net);
    rmsprop.step(&mut net, &mut gradients).unwrap();
    for (i, (after, before)) in flat(&net).iter().zip(&before).enumerate() {
        let moved = (after - before).abs();
        assert!((moved - 0.1).abs() < 1e-4, "θ[{i}] moved {moved}");
    }
    for _ in 1..20 {
        let mut gradients = lecture_gradients(&net);
        rmsprop.step(&mut net, &mut gradients).unwrap();
    }
    assert!(net.loss::<Mse, 1>(&x, &y) < 0.5 * loss_before);
}

#[test]
fn rmsprop_refuses_non_finite_updates() {
    let (good, nan) = gradients_with_nan();
    let rmsprop = RmsProp::<Lecture>::from_rule(pytorch_rmsprop()).unwrap();
    check_refused(lecture(), rmsprop.clone(), &good, &nan);
    for value in [f64::INFINITY, f64::NEG_INFINITY] {
        let mut bad = good;
        bad.0.w[(1, 2)] = value;
        check_refused(lecture(), rmsprop.clone(), &good, &bad);
    }
    // Finite f32 gradients that overflow the mean square: (1 - ρ) g · g = 10¹⁹ · 10²¹.
    let good = <Lecture32 as Parameters>::Gradients::default();
    let mut huge = good;
    huge.visit_mut(&mut |_, elements| elements.fill(1e21));
    check_refused(
        lecture32(),
        RmsProp::from_rule(pytorch_rmsprop::<f32>()).unwrap(),
        &good,
        &huge,
    );
}

// ---------------------------------------------------------------------------------------------
// Sgd weight decay

#[test]
fn sgd_weight_decay_step_is_theta_minus_eta_g_plus_lambda_theta() {
    let (eta, lambda) = (0.5, 0.1);
    let mut net = lecture();
    let gradients = lecture_gradients(&net);
    let (theta, g) = (flat(&net), flat(&gradients));
    Sgd::new(eta)
        .unwrap()
        .with_weight_decay(lambda)
        .unwrap()
        .step(&mut net, &mut gradients.clone())
        .unwrap();
    let expected: Vec<f64> = theta
        .iter()
        .zip(&g)
        .map(|(&theta, &g)| theta - eta * (g + lambda * theta))
        .collect();
    assert_all_close("θ after a decayed step", &flat(&net), &expected);
    // Every parameter is positive, so the decay pulled each one below plain descent.
    let mut plain = lecture();
    Sgd::new(eta)
        .unwrap()
        .step(&mut plain, &mut gradients.clone())
        .unwrap();
    for (decayed, plain) in flat(&net).iter().zip(flat(&plain)) {
        assert!(decayed < &plain, "{decayed} vs {plain}");
    }
}

// ---------------------------------------------------------------------------------------------
// Non-finite updates change nothing

/// Takes one good step (so that the optimizer's state is not all zeros), then a step with
/// `bad` gradients that must fail and change nothing; then checks that the optimizer still
/// continues exactly as an untouched copy does.
fn check_refused<N, O>(mut net: N, mut optimizer: O, good: &N::Gradients, bad: &N::Gradients)
where
    N: Layer + Clone + PartialEq + core::fmt::Debug,
    O: Optimizer<N> + Clone + PartialEq + core::fmt::Debug,
{
    optimizer.step(&mut net, &mut good.clone()).unwrap();
    let (net_before, optimizer_before) = (net.clone(), optimizer.clone());
    assert_eq!(
        optimizer.step(&mut net, &mut bad.clone()),
        Err(NonFiniteUpdate)
    );
    assert_eq!(net, net_before);
    assert_eq!(optimizer, optimizer_before);

    let (mut net_copy, mut optimizer_copy) = (net_before, optimizer_before);
    optimizer.step(&mut net, &mut good.clone()).unwrap();
    optimizer_copy
        .step(&mut net_copy, &mut good.clone())
        .unwrap();
    assert_eq!(net, net_copy);
    assert_eq!(optimizer, optimizer_copy);
}

/// The lecture's gradients with one NaN in the last matrix, `b¹`, so that a one-pass update
/// would already have written every other parameter.
fn gradients_with_nan() -> (
    <Lecture as Parameters>::Gradients,
    <Lecture as Parameters>::Gradients,
) {
    let good = lecture_gradients(&lecture());
    let mut bad = good;
    bad.1.b[(0, 1)] = f64::NAN;
    (good, bad)
}

#[test]
fn a_nan_gradient_changes_nothing() {
    let (good, bad) = gradients_with_nan();
    check_refused(lecture(), Sgd::new(0.5).unwrap(), &good, &bad);
    check_refused(lecture(), Momentum::new(0.5, 0.9).unwrap(), &good, &bad);
    check_refused(lecture(), Adam::new(0.01).unwrap(), &good, &bad);
    check_refused(lecture(), Rprop::new(), &good, &bad);
}

#[test]
fn adam_does_not_count_a_refused_step() {
    let (good, bad) = gradients_with_nan();
    let mut net = lecture();
    let mut adam = Adam::<Lecture>::new(0.01).unwrap();
    adam.step(&mut net, &mut good.clone()).unwrap();
    assert_eq!(adam.step(&mut net, &mut bad.clone()), Err(NonFiniteUpdate));
    assert_eq!(adam.steps(), 1);
    // The next good step is step 2, with step 2's bias corrections: it equals two good steps
    // of a fresh optimizer.
    adam.step(&mut net, &mut good.clone()).unwrap();
    let mut fresh_net = lecture();
    let mut fresh = Adam::<Lecture>::new(0.01).unwrap();
    fresh.step(&mut fresh_net, &mut good.clone()).unwrap();
    fresh.step(&mut fresh_net, &mut good.clone()).unwrap();
    assert_eq!(adam.steps(), 2);
    assert_eq!(net, fresh_net);
    assert_eq!(adam, fresh);
}

#[test]
fn an_infinite_gradient_changes_nothing() {
    let good = lecture_gradients(&lecture());
    for value in [f64::INFINITY, f64::NEG_INFINITY] {
        let mut bad = good;
        bad.0.w[(1, 2)] = value;
        check_refused(lecture(), Sgd::new(0.5).unwrap(), &good, &bad);
        check_refused(lecture(), Momentum::new(0.5, 0.9).unwrap(), &good, &bad);
        check_refused(lecture(), Adam::new(0.01).unwrap(), &good, &bad);
        check_refused(lecture(), Rprop::new(), &good, &bad);
    }
}

/// An infinite gradient of the sign opposite to the previous one would be a plain sign flip
/// for Rprop (no move, 0 stored); it is refused all the same.
#[test]
fn rprop_refuses_an_infinite_gradient_at_a_sign_flip() {
    check_refused(
        line(0.0, 0.0),
        Rprop::new(),
        &line_gradients(1.0, 1.0),
        &line_gradients(f64::NEG_INFINITY, 1.0),
    );
    check_refused(
        line(0.0, 0.0),
        Rprop::new(),
        &line_gradients(-1.0, 1.0),
        &line_gradients(1.0, f64::NAN),
    );
}

/// Finite `f32` gradients whose update overflows.
#[test]
fn an_overflowing_update_changes_nothing() {
    let good = <Lecture32 as Parameters>::Gradients::default();
    let mut huge = good;
    huge.visit_mut(&mut |_, elements| elements.fill(1e20));
    // η g = 10³⁰ · 10²⁰ overflows f32.
    check_refused(lecture32(), Sgd::new(1e30_f32).unwrap(), &good, &huge);
    check_refused(
        lecture32(),
        Momentum::new(1e30_f32, 0.9).unwrap(),
        &good,
        &huge,
    );
    // (1 - β₂) g² = 10⁵⁷ overflows the second moment (with g = 10²⁰ it would be 10³⁷).
    let mut huger = good;
    huger.visit_mut(&mut |_, elements| elements.fill(1e30));
    check_refused(lecture32(), Adam::new(0.01_f32).unwrap(), &good, &huger);
    // Rprop: a step size that grows past f32::MAX when there is no maximum.
    let rprop = Rprop::<Lecture32>::new()
        .with_initial_step(3e38)
        .unwrap()
        .with_step_limits(0.0, f32::INFINITY)
        .unwrap();
    let (mut net, mut rprop) = (lecture32(), rprop);
    rprop.step(&mut net, &mut huge.clone()).unwrap();
    // The first step had g₋ = 0: Δ stayed 3·10³⁸ and every parameter moved by it.
    assert!(flat(rprop.step_sizes()).iter().all(|&s| s == 3e38));
    assert!(flat(&net).iter().all(|&p| p < -2e38));
    // The second grows Δ to 3.6·10³⁸ > f32::MAX.
    let (net_before, rprop_before) = (net, rprop.clone());
    assert_eq!(
        rprop.step(&mut net, &mut huge.clone()),
        Err(NonFiniteUpdate)
    );
    assert_eq!(net, net_before);
    assert_eq!(rprop, rprop_before);
}

#[test]
fn optimizers_print_and_infer_their_network() {
    // The network type is inferred from the first step.
    let mut net = lecture();
    let mut momentum = Momentum::new(0.1, 0.5).unwrap();
    Optimizer::step(&mut momentum, &mut net, &mut lecture_gradients(&lecture())).unwrap();
    let printed = format!("{momentum:?}");
    let rule = "Stateful { rule: MomentumRule { learning_rate: 0.1, momentum: 0.5 }, velocity:";
    assert!(printed.starts_with(rule), "{printed}");
    assert!(printed.ends_with(", steps: 1 }"), "{printed}");
    let printed = format!("{:?}", Adam::<Lecture>::new(0.01).unwrap());
    assert!(printed.contains("beta2: 0.999") && printed.contains("steps: 0"));
    let printed = format!("{:?}", Rprop::<Line>::new());
    assert!(printed.contains("initial_step: 0.1"));
}

// ---------------------------------------------------------------------------------------------
// One pass: each parameter's update is computed once, and the gradients hold the old values

/// Gradient descent that counts how often its rule is evaluated.
struct CountingSgd {
    rate: f64,
    calls: core::cell::Cell<usize>,
}

impl Rule<f64, 1> for CountingSgd {
    fn update(&self, parameter: f64, gradient: f64, [count]: [f64; 1]) -> (f64, [f64; 1]) {
        self.calls.set(self.calls.get() + 1);
        (parameter - self.rate * gradient, [count + 1.0])
    }
}

#[test]
fn an_update_evaluates_each_rule_once_and_keeps_the_old_parameters() {
    let rule = CountingSgd {
        rate: 0.5,
        calls: Default::default(),
    };
    let mut state = RuleState::<<Lecture as Parameters>::Gradients, 2>::default();
    let (mut net, (good, bad)) = (lecture(), gradients_with_nan());

    let mut gradients = good;
    apply_rule(&mut net, &mut gradients, &mut state, &rule).unwrap();
    assert_eq!(
        rule.calls.get(),
        Lecture::COUNT,
        "one evaluation per parameter"
    );
    // The gradients' memory now holds the parameters from before the step.
    assert_eq!(flat(&gradients), flat(&lecture()));
    let expected: Vec<f64> = flat(&lecture())
        .iter()
        .zip(flat(&good))
        .map(|(p, g)| p - 0.5 * g)
        .collect();
    assert_eq!(flat(&net), expected);
    assert!(flat(&state.values()[0]).iter().all(|&c| c == 1.0));

    // A refused update evaluates each rule once too, and restores everything.
    let before = net;
    let mut gradients = bad;
    assert_eq!(
        apply_rule(&mut net, &mut gradients, &mut state, &rule),
        Err(NonFiniteUpdate)
    );
    assert_eq!(rule.calls.get(), 2 * Lecture::COUNT);
    assert_eq!(net, before);
    assert!(flat(&state.values()[0]).iter().all(|&c| c == 1.0));
}

/// A refused update leaves its results in the scratch half of the state: equality looks at the
/// current values only.
#[test]
fn rule_states_are_equal_when_their_current_values_are() {
    let rule = CountingSgd {
        rate: 0.5,
        calls: Default::default(),
    };
    let (good, bad) = gradients_with_nan();
    let mut refused = RuleState::<<Lecture as Parameters>::Gradients, 2>::default();
    let mut clean = refused.clone();
    let (mut net, mut other_net) = (lecture(), lecture());
    apply_rule(&mut net, &mut good.clone(), &mut refused, &rule).unwrap();
    apply_rule(&mut other_net, &mut good.clone(), &mut clean, &rule).unwrap();
    assert!(apply_rule(&mut net, &mut bad.clone(), &mut refused, &rule).is_err());
    assert_eq!(refused, clean);
    // One more step: the counts are 2 in one state and 1 in the other.
    apply_rule(&mut other_net, &mut good.clone(), &mut clean, &rule).unwrap();
    assert_ne!(refused, clean);
}
