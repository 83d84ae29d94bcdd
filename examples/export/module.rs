//! The text of `examples/firmware/src/trained.rs` and `trained_fixed.rs`: XOR trained on the
//! host by the firmware's own recipe, as `const` items the firmware compiles into flash, and
//! the same network converted to fixed point, with the recipe trained in Q16.16 besides.

use std::error::Error;
use std::fmt::Write;
use std::ops::ControlFlow;

use constnet::nalgebra::SMatrix;
use constnet::{
    convert, largest_output_error, write_rust_const, Init, Initialize, Layer, Mse, Real,
    StopReason, WithScalar, Q16_16, Q8_8,
};

use crate::recipe;

/// The recipe's network trained in `T`, or an error if it did not reach the target loss.
fn trained<T: Real>() -> Result<(recipe::XorIn<T>, usize), Box<dyn Error>> {
    let (network, report) = recipe::train_xor::<T, _>(|_, _| ControlFlow::Continue(()))
        .map_err(|error| error.to_string())?;
    if report.stop != StopReason::TargetLoss {
        return Err(format!(
            "the recipe did not reach L ≤ {} in {} epochs in {} (L = {:?})",
            recipe::TARGET_LOSS,
            report.epochs,
            std::any::type_name::<T>(),
            report.loss
        )
        .into());
    }
    Ok((network, report.epochs))
}

/// Trains XOR and returns the module's source. The same recipe gives the same bytes on every
/// run and every host: seeded weights, no shuffling, and `libm` for `exp`.
pub fn trained_module() -> Result<String, Box<dyn Error>> {
    let (network, epochs) = trained::<f32>()?;
    let (x, y) = (recipe::input_batch(), recipe::target_batch());
    let outputs = network.forward(&x);
    let loss = network.loss::<Mse, 4>(&x, &y);

    let mut source = header("Dense, Network, Sigmoid")?;
    writeln!(
        source,
        "\n/// XOR as the host trained it with `recipe::train_xor`, ready for flash."
    )?;
    write_rust_const(&mut source, "XOR", &network)?;
    writeln!(
        source,
        "\n/// Epochs the host trained for.\npub const EPOCHS: usize = {epochs};"
    )?;
    writeln!(
        source,
        "\n/// `L` (`Mse`) of [`XOR`] on the four rows, computed on the host.\n\
         pub const LOSS: f32 = {loss:?};"
    )?;
    let outputs: Vec<String> = outputs.iter().map(|y| format!("{y:?}")).collect();
    writeln!(
        source,
        "\n/// `ŷ` of [`XOR`] for each row of `recipe::INPUTS`, computed on the host.\n\
         pub const OUTPUTS: [f32; 4] = [{}];",
        outputs.join(", ")
    )?;
    Ok(source)
}

/// `[a, b, c, d]`, each value written as a `const` expression.
fn literals<T: Real>(values: impl Iterator<Item = T>) -> Result<String, Box<dyn Error>> {
    let mut written = Vec::new();
    for value in values {
        let mut literal = String::new();
        value.write_literal(&mut literal)?;
        written.push(literal);
    }
    Ok(format!("[{}]", written.join(", ")))
}

/// Writes `network` converted to `T`, named `name`, with its outputs on the four rows and what
/// the conversion cost.
fn write_converted<T: Real>(
    source: &mut String,
    name: &str,
    network: &recipe::Xor,
) -> Result<(), Box<dyn Error>> {
    let converted = convert::<T, _>(network);
    if converted.saturated > 0 {
        return Err(format!("{} parameters saturated in {name}", converted.saturated).into());
    }
    let rows = recipe::INPUTS.map(|[a, b]| SMatrix::<f32, 1, 2>::new(a, b));
    let error =
        largest_output_error(network, &converted.network, &rows).ok_or("no rows to compare")?;
    let outputs = rows.iter().map(|x| {
        let x = x.map(|v| T::lit(v.into()));
        converted.network.forward::<1>(&x)[0]
    });
    let kind = short_name::<T>();
    writeln!(
        source,
        "\n/// [`trained::XOR`](crate::trained::XOR) converted to {kind}: the largest weight \
         change is\n/// {:.3e} (at {}), the largest output change on the four rows {:.3e}.",
        converted.largest_weight_error,
        converted
            .worst_weight
            .map_or_else(|| "-".to_string(), |at| at.to_string()),
        error.largest
    )?;
    write_rust_const(source, name, &converted.network)?;
    writeln!(
        source,
        "\n/// `ŷ` of [`{name}`] for each row of `recipe::INPUTS`, computed on the host.\n\
         pub const {name}_OUTPUTS: [{kind}; 4] = {};",
        literals(outputs)?
    )?;
    Ok(())
}

/// The text of `trained_fixed.rs`: the f32 network converted to Q8.8 and Q16.16, and the recipe
/// trained in Q16.16 from the same start.
pub fn trained_fixed_module() -> Result<String, Box<dyn Error>> {
    let (network, _) = trained::<f32>()?;
    let (fixed, epochs) = trained::<Q16_16>()?;
    let mut source = header("Dense, Network, Sigmoid, Q16_16, Q8_8")?;
    write_converted::<Q8_8>(&mut source, "XOR_Q8_8", &network)?;
    write_converted::<Q16_16>(&mut source, "XOR_Q16_16", &network)?;
    writeln!(
        source,
        "\n/// The recipe trained in Q16.16 on the host, from the same seed (`recipe::train_xor`)."
    )?;
    write_rust_const(&mut source, "TRAINED_Q16_16", &fixed)?;
    writeln!(
        source,
        "\n/// Epochs the Q16.16 run took on the host.\npub const EPOCHS_Q16_16: usize = {epochs};"
    )?;
    Ok(source)
}

/// Writes the sine network in `T`, named `name`, with its output for `recipe::SINE_INPUT`.
fn write_sine<T: Real>(source: &mut String, name: &str) -> Result<(), Box<dyn Error>>
where
    recipe::SineIn<f32>: WithScalar<T, Output = recipe::SineIn<T>>,
{
    let network = convert::<T, _>(&recipe::SineIn::<f32>::seeded(Init::He, recipe::SINE_SEED));
    if network.saturated > 0 {
        return Err(format!("{} parameters saturated in {name}", network.saturated).into());
    }
    let x = SMatrix::<T, 1, 1>::new(T::lit(recipe::SINE_INPUT.into()));
    let output = network.network.forward::<1>(&x)[0];
    writeln!(
        source,
        "\n/// The 1→16→16→1 ReLU network of `recipe::SineIn` in {}, seeded with \
         `recipe::SINE_SEED`.",
        short_name::<T>()
    )?;
    write_rust_const(source, name, &network.network)?;
    let kind = short_name::<T>();
    let mut literal = String::new();
    output.write_literal(&mut literal)?;
    writeln!(
        source,
        "\n/// `ŷ` of [`{name}`] for `recipe::SINE_INPUT`, computed on the host.\n\
         pub const {name}_OUTPUT: {kind} = {literal};"
    )?;
    Ok(())
}

/// The text of `sine.rs`: the sine network's seeded weights in `f32`, Q8.8 and Q16.16.
pub fn sine_module() -> Result<String, Box<dyn Error>> {
    let mut source = header("Dense, Identity, Network, Relu, Q16_16, Q8_8")?;
    write_sine::<f32>(&mut source, "SINE")?;
    write_sine::<Q8_8>(&mut source, "SINE_Q8_8")?;
    write_sine::<Q16_16>(&mut source, "SINE_Q16_16")?;
    Ok(source)
}

/// The first lines of every generated module: where it comes from, and its `use` line.
fn header(imports: &str) -> Result<String, std::fmt::Error> {
    let mut source = String::new();
    writeln!(
        source,
        "// Generated by `cargo run --example export` from `recipe.rs`; do not edit.\n\
         // `tests/export.rs` fails when regenerating would change a byte.\n\
         \n\
         use constnet::{{{imports}}};"
    )?;
    Ok(source)
}

/// A scalar type's name as the generated modules import it: `f32`, `Q8_8`, `Q16_16`.
fn short_name<T>() -> &'static str {
    let path = std::any::type_name::<T>();
    path.rsplit("::").next().unwrap_or(path)
}
