//! Compile-fail tests: shape mistakes that must not compile, with the compiler's messages
//! checked in under `tests/ui/`. Each message must name the sizes that disagree
//! (e.g. "expected `3`, found `4`", or a `Concat`'s three widths).
//!
//! After an intended change of wording, regenerate the `.stderr` files with
//! `TRYBUILD=overwrite cargo test --all-features --test compile_fail` and read the diff. The messages are
//! rustc's, so a new toolchain may reword them: the `.stderr` files were made with rustc
//! 1.95.0 (59807616e 2026-04-14).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    // The control case: the lecture's network compiles and runs.
    t.pass("tests/ui/lecture_network.rs");
    // 1. Layers whose widths do not fit.
    t.compile_fail("tests/ui/mismatched_widths_assert_network.rs");
    t.compile_fail("tests/ui/mismatched_widths_forward.rs");
    t.compile_fail("tests/ui/mismatched_widths_deep.rs");
    t.compile_fail("tests/ui/mismatched_widths_deep_forward.rs");
    // 2. An input of the wrong width.
    t.compile_fail("tests/ui/wrong_input_width.rs");
    // 3. A target of the wrong width.
    t.compile_fail("tests/ui/wrong_target_width_gradients.rs");
    t.compile_fail("tests/ui/wrong_target_width_loss.rs");
    // 4. One network's gradients applied to a network of another shape.
    t.compile_fail("tests/ui/gradients_of_another_network_sgd.rs");
    t.compile_fail("tests/ui/gradients_of_another_network_zip.rs");
    // 5. A gradient taken with the wrong shape.
    t.compile_fail("tests/ui/gradient_transposed.rs");
    // 6. Skip connections whose widths do not add up.
    t.compile_fail("tests/ui/residual_changes_width.rs");
    t.compile_fail("tests/ui/concat_wrong_width.rs");
    // 7. A batch of no samples.
    t.compile_fail("tests/ui/batch_of_zero.rs");
    // 8. A loss trained on outputs it cannot take (a sigmoid under softmax cross-entropy).
    t.compile_fail("tests/ui/loss_for_other_outputs.rs");
    // 9. A skip connection, which has no nn.Sequential counterpart, read from safetensors.
    t.compile_fail("tests/ui/safetensors_skip_connection.rs");
    // 10. A loss or an optimizer that needs logarithms or square roots, in fixed point.
    t.compile_fail("tests/ui/float_only_in_fixed_point.rs");
}
