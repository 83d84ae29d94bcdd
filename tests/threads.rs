//! Every value a user holds can move to another thread and be shared between threads: a
//! network trained in one thread and served from others.

use constnet::{
    Adam, Batch, ConfusionMatrix, DataError, Dataset, Dense, ExportError, Gradients, Identity,
    Momentum, Mse, Network, NonFiniteUpdate, Plan, Relu, Residual, RmsProp, Rprop, Scaler, Sgd,
    SoftmaxCrossEntropy, TrainError,
};

fn send_and_sync<T: Send + Sync>() {}

type Net = Network<(
    Dense<f32, 4, 8, Relu>,
    Residual<Dense<f32, 8, 8, Relu>>,
    Dense<f32, 8, 3, Identity>,
)>;

#[test]
fn networks_optimizers_data_and_errors_are_send_and_sync() {
    send_and_sync::<Net>();
    send_and_sync::<
        Gradients<(
            constnet::DenseGradients<f32, 4, 8>,
            constnet::DenseGradients<f32, 8, 3>,
        )>,
    >();
    send_and_sync::<Sgd<f32>>();
    send_and_sync::<Momentum<Net>>();
    send_and_sync::<Adam<Net>>();
    send_and_sync::<Rprop<Net>>();
    send_and_sync::<RmsProp<Net>>();
    send_and_sync::<Dataset<'static, f32, 4, 3>>();
    send_and_sync::<Plan<Mse, 4, f32>>();
    send_and_sync::<Plan<SoftmaxCrossEntropy, 32, f64>>();
    send_and_sync::<Scaler<f64, 4>>();
    send_and_sync::<ConfusionMatrix<10>>();
    send_and_sync::<Batch<4>>();
    send_and_sync::<TrainError<f32>>();
    send_and_sync::<DataError>();
    send_and_sync::<ExportError>();
    send_and_sync::<NonFiniteUpdate>();
    #[cfg(all(feature = "std", feature = "serde"))]
    send_and_sync::<constnet::FileError>();
}

#[test]
fn a_network_is_shared_by_threads_that_run_it() {
    use constnet::{Init, Initialize, Layer};
    let net = std::sync::Arc::new(Net::seeded(Init::He, 1));
    let x = nalgebra::matrix![0.1f32, -0.2, 0.3, 0.4];
    let alone = net.forward(&x);
    let outputs: Vec<_> = (0..4)
        .map(|_| {
            let net = std::sync::Arc::clone(&net);
            std::thread::spawn(move || net.forward(&x))
        })
        .map(|handle| handle.join().unwrap())
        .collect();
    assert!(outputs.iter().all(|y| *y == alone));
}
