//! Large networks on the heap, built there: never a copy on the stack.
//!
//! A 784→128→10 network is about 400 KB, and so are its gradients; Adam's state is four times
//! that. `Box::new(Network::default())` builds the value on the stack first (always in debug
//! builds), which overflows a thread's default 2 MiB stack. [`boxed_zeroed`] asks the allocator
//! for zeroed memory instead: all-zero bytes are a valid network (every weight `0.0`), valid
//! gradients and a valid optimizer state, which the types promise by deriving
//! [`Zeroable`](bytemuck::Zeroable).

use std::boxed::Box;

use bytemuck::Zeroable;

/// A value with every byte zero, allocated directly on the heap: a network, its gradients
/// or an optimizer's state with every number `0.0`.
///
/// Initialize a network in place afterwards ([`Initialize`](crate::Initialize)); the
/// optimizers have their own `boxed` constructors, which set their hyperparameters in place.
///
/// ```
/// use constnet::{boxed_zeroed, Dense, Identity, Init, Initialize, Network, Parameters, Relu};
/// type Mnist = Network<(Dense<f32, 784, 128, Relu>, Dense<f32, 128, 10, Identity>)>;
/// let mut net = boxed_zeroed::<Mnist>();
/// net.initialize_seeded(Init::He, 1);
/// let gradients = boxed_zeroed::<<Mnist as Parameters>::Gradients>();
/// # let _ = gradients;
/// ```
///
/// Networks of up to 8 layers qualify (bytemuck implements `Zeroable` for tuples of up to 8).
pub fn boxed_zeroed<T: Zeroable>() -> Box<T> {
    bytemuck::zeroed_box()
}
