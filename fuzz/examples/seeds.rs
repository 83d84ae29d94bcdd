//! Writes the valid inputs the fuzzers start from into `corpus/<target>/seed-*`: a network
//! and an optimizer in JSON and postcard, the PyTorch example's safetensors file, and CSV
//! tables like the train command's. `cargo run --example seeds`, from `fuzz/`.

use std::error::Error;
use std::fs;
use std::path::Path;

use constnet::nalgebra::SMatrix;
use constnet::{to_safetensors, Init, Initialize, Layer, Mse, Optimizer as _};
use constnet_fuzz::{Model, Optimizer};

fn main() -> Result<(), Box<dyn Error>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let write = |target: &str, name: &str, bytes: &[u8]| -> std::io::Result<()> {
        let folder = root.join("corpus").join(target);
        fs::create_dir_all(&folder)?;
        fs::write(folder.join(format!("seed-{name}")), bytes)
    };

    let model = Model::seeded(Init::Xavier, 7);
    let mut optimizer = Optimizer::new(0.01)?;
    let x = SMatrix::<f32, 1, 4>::from_row_slice(&[0.5, -1.0, 0.25, 2.0]);
    let t = SMatrix::<f32, 1, 3>::from_row_slice(&[1.0, 0.0, 0.0]);
    let mut trained = model;
    let (_, mut gradients) = trained.loss_and_gradients::<Mse, 1>(&x, &t);
    optimizer.step(&mut trained, &mut gradients)?;

    write("json", "model", &serde_json::to_vec_pretty(&model)?)?;
    write("json", "adam", &serde_json::to_vec_pretty(&optimizer)?)?;
    write("postcard", "model", &constnet::postcard::to_stdvec(&model)?)?;
    write(
        "postcard",
        "adam",
        &constnet::postcard::to_stdvec(&optimizer)?,
    )?;
    write("safetensors", "generated", &to_safetensors(&model, 2)?)?;
    write(
        "safetensors",
        "pytorch",
        &fs::read(root.join("../examples/pytorch/model.safetensors"))?,
    )?;
    write(
        "csv",
        "numbers",
        b"a,b,label\n0.5,1,0\n-2,3e2,1\n 4 , 5 ,9\n",
    )?;
    write("csv", "quoted", b"\"x\",y\n\"1.5\",2\n\n3,\"4\"\n")?;
    write("csv", "ragged", b"a,b,y\n1,2,0\n3,4\n")?;
    Ok(())
}
