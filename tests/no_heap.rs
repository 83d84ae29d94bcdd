//! Training never touches the heap: a counting global allocator sees no allocation during a
//! forward pass, backpropagation, a step of every optimizer, and a whole `train` run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ops::ControlFlow;

use constnet::{
    train, Adam, Batch, Dataset, Dense, Identity, Init, Initialize, Layer, Momentum, Mse, Network,
    Optimizer, Parameters, Plan, Relu, Rprop, Sgd, Sigmoid, SoftmaxCrossEntropy,
};
use nalgebra::SMatrix;

/// Counts the allocations made by the thread that asked to be watched; the test harness's own
/// threads allocate at any time and are not counted.
struct Counting;

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// The allocator only counts and forwards to the system allocator.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCHING.with(Cell::get) {
            ALLOCATIONS.with(|n| n.set(n.get() + 1));
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|n| n.set(0));
    WATCHING.with(|w| w.set(true));
    f();
    WATCHING.with(|w| w.set(false));
    ALLOCATIONS.with(Cell::get)
}

type Net = Network<(Dense<f32, 4, 8, Relu>, Dense<f32, 8, 3, Identity>)>;
type Lecture = Network<(Dense<f64, 2, 3, Sigmoid>, Dense<f64, 3, 2, Sigmoid>)>;

#[test]
fn forward_backward_every_optimizer_and_train_allocate_nothing() {
    let mut net = Net::seeded(Init::He, 3);
    let x = SMatrix::<f32, 5, 4>::from_fn(|r, c| (r * 4 + c) as f32 / 20.0 - 0.5);
    let y = SMatrix::<f32, 5, 3>::from_fn(|r, c| if r % 3 == c { 1.0 } else { 0.0 });
    let mut gradients = <Net as Parameters>::Gradients::default();
    let (mut sgd, mut momentum) = (
        Sgd::new(0.1).unwrap(),
        Momentum::<Net>::new(0.1, 0.9).unwrap(),
    );
    let (mut adam, mut rprop) = (Adam::<Net>::new(0.01).unwrap(), Rprop::<Net>::new());

    let mut losses = Vec::with_capacity(8);
    let counted = allocations(|| {
        std::hint::black_box(net.forward(&x));
        let trace = net.forward_trace(&x);
        std::hint::black_box(net.backward(&trace, &SMatrix::from_element(0.1)));
        let optimizers: [&mut dyn Optimizer<Net>; 4] =
            [&mut sgd, &mut momentum, &mut adam, &mut rprop];
        for optimizer in optimizers {
            let loss =
                net.loss_and_gradients_into::<SoftmaxCrossEntropy, 5>(&x, &y, &mut gradients);
            optimizer.step(&mut net, &mut gradients).expect("finite");
            losses.push(loss);
        }
    });
    assert_eq!(
        counted, 0,
        "allocations in forward, backward and the optimizers"
    );
    assert!(losses.iter().all(|l| l.is_finite()));

    let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]].map(SMatrix::from);
    let targets = [[0.0, 1.0], [1.0, 0.0], [1.0, 0.0], [0.0, 1.0]].map(SMatrix::from);
    let data = Dataset::new(&inputs, &targets).expect("finite data");
    let plan = Plan::new(Mse, Batch::<2>, 50).shuffle(9);
    let mut lecture = Lecture::seeded(Init::Uniform(1.0), 1);
    let mut report = None;
    let counted = allocations(|| {
        report = Some(train(
            &mut lecture,
            &mut Momentum::new(0.5, 0.9).unwrap(),
            &data,
            &plan,
            |_, _, _| ControlFlow::Continue(()),
        ));
    });
    assert_eq!(counted, 0, "allocations in a train run");
    assert_eq!(report.map(|r| r.map(|r| r.epochs)), Some(Ok(50)));
}

#[test]
fn the_counter_sees_an_allocation() {
    // The control: the same counter counts a Vec's allocation.
    assert_eq!(allocations(|| drop(std::hint::black_box(vec![1_u8; 3]))), 1);
}
