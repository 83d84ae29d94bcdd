//! A batch of no samples is refused when the plan is built.
use constnet::{Batch, Mse, Plan};

fn main() {
    let plan = Plan::new(Mse, Batch::<0>, 10).target_loss(0.1_f32).unwrap();
    let _ = plan;
}
