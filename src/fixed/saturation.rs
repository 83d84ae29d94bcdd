//! The count of fixed-point results that saturated.
//!
//! Saturating keeps a result in range, but it is no longer the true value: a training run
//! whose sums or products saturate is computing something else than it seems. Each fixed-point
//! operation that saturates adds one here, and [`train`](crate::train) reports how many of its
//! operations did. Counting costs nothing while nothing saturates: the count is written only
//! on the saturating path.

/// How many fixed-point results saturated since the count was last reset (counting stops at
/// `u32::MAX`).
///
/// With the `std` feature the count is per thread, so that concurrent work (tests, a server's
/// requests) does not mix its counts. Without it there is one count for the program, kept
/// with atomic loads and stores only, which every Cortex-M has; an interrupt handler computing
/// in fixed point while the main program does may then lose one of its counts, though never
/// the fact that something saturated.
pub fn saturations() -> u32 {
    count::get()
}

/// Sets the count of [`saturations`] back to 0.
pub fn reset_saturations() {
    count::set(0);
}

/// Records one saturated result.
#[cold]
#[inline(never)]
pub(crate) fn saturated() {
    count::set(count::get().saturating_add(1));
}

#[cfg(feature = "std")]
mod count {
    use core::cell::Cell;

    std::thread_local! {
        static COUNT: Cell<u32> = const { Cell::new(0) };
    }

    pub(super) fn get() -> u32 {
        COUNT.with(Cell::get)
    }

    pub(super) fn set(value: u32) {
        COUNT.with(|count| count.set(value));
    }
}

#[cfg(not(feature = "std"))]
mod count {
    use core::sync::atomic::{AtomicU32, Ordering};

    static COUNT: AtomicU32 = AtomicU32::new(0);

    pub(super) fn get() -> u32 {
        COUNT.load(Ordering::Relaxed)
    }

    pub(super) fn set(value: u32) {
        COUNT.store(value, Ordering::Relaxed);
    }
}
