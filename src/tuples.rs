//! The arities a [`Network`](crate::Network) can have, listed once for every macro that
//! implements a trait for networks (and their gradients) of 1 to 12 layers.

/// Calls `$callback!` once per arity with: every layer in order (its type parameter, tuple
/// index, trace and gradient names), the last layer, each pair of neighbouring layers, and
/// the layers after the first from last to first (the order of backpropagation).
macro_rules! for_each_arity {
    ($callback:ident) => {
        $callback! { all: [L0 0 t0 g0], last: [L0 0], wiring: [], backward: [] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1], last: [L1 1], wiring: [L0 t0 => L1 1 t1], backward: [L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2], last: [L2 2], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2], backward: [L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3], last: [L3 3], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3], backward: [L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4], last: [L4 4], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4], backward: [L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4, L5 5 t5 g5], last: [L5 5], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4, L4 t4 => L5 5 t5], backward: [L5 5 g5, L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4, L5 5 t5 g5, L6 6 t6 g6], last: [L6 6], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4, L4 t4 => L5 5 t5, L5 t5 => L6 6 t6], backward: [L6 6 g6, L5 5 g5, L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4, L5 5 t5 g5, L6 6 t6 g6, L7 7 t7 g7], last: [L7 7], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4, L4 t4 => L5 5 t5, L5 t5 => L6 6 t6, L6 t6 => L7 7 t7], backward: [L7 7 g7, L6 6 g6, L5 5 g5, L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4, L5 5 t5 g5, L6 6 t6 g6, L7 7 t7 g7, L8 8 t8 g8], last: [L8 8], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4, L4 t4 => L5 5 t5, L5 t5 => L6 6 t6, L6 t6 => L7 7 t7, L7 t7 => L8 8 t8], backward: [L8 8 g8, L7 7 g7, L6 6 g6, L5 5 g5, L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4, L5 5 t5 g5, L6 6 t6 g6, L7 7 t7 g7, L8 8 t8 g8, L9 9 t9 g9], last: [L9 9], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4, L4 t4 => L5 5 t5, L5 t5 => L6 6 t6, L6 t6 => L7 7 t7, L7 t7 => L8 8 t8, L8 t8 => L9 9 t9], backward: [L9 9 g9, L8 8 g8, L7 7 g7, L6 6 g6, L5 5 g5, L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4, L5 5 t5 g5, L6 6 t6 g6, L7 7 t7 g7, L8 8 t8 g8, L9 9 t9 g9, L10 10 t10 g10], last: [L10 10], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4, L4 t4 => L5 5 t5, L5 t5 => L6 6 t6, L6 t6 => L7 7 t7, L7 t7 => L8 8 t8, L8 t8 => L9 9 t9, L9 t9 => L10 10 t10], backward: [L10 10 g10, L9 9 g9, L8 8 g8, L7 7 g7, L6 6 g6, L5 5 g5, L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
        $callback! { all: [L0 0 t0 g0, L1 1 t1 g1, L2 2 t2 g2, L3 3 t3 g3, L4 4 t4 g4, L5 5 t5 g5, L6 6 t6 g6, L7 7 t7 g7, L8 8 t8 g8, L9 9 t9 g9, L10 10 t10 g10, L11 11 t11 g11], last: [L11 11], wiring: [L0 t0 => L1 1 t1, L1 t1 => L2 2 t2, L2 t2 => L3 3 t3, L3 t3 => L4 4 t4, L4 t4 => L5 5 t5, L5 t5 => L6 6 t6, L6 t6 => L7 7 t7, L7 t7 => L8 8 t8, L8 t8 => L9 9 t9, L9 t9 => L10 10 t10, L10 t10 => L11 11 t11], backward: [L11 11 g11, L10 10 g10, L9 9 g9, L8 8 g8, L7 7 g7, L6 6 g6, L5 5 g5, L4 4 g4, L3 3 g3, L2 2 g2, L1 1 g1] }
    };
}

pub(crate) use for_each_arity;
