//! Where a diverging run goes back to: the weights at the start of the last epoch whose loss
//! was good.
//!
//! An epoch's loss is measured on the weights as they are during the epoch, before each
//! update, so a good loss vouches for the weights the epoch started from, not for those it
//! ended with. Two copies are kept: the last vouched-for weights, and the start of the current
//! epoch, which becomes the vouched-for copy if the epoch's loss is good.

use crate::Parameters;

/// The two copies, in the caller's memory, and which is which.
pub(crate) struct RestorePoints<'a, N> {
    copies: Option<&'a mut [N; 2]>,
    /// The copy of the last vouched-for weights, and the epoch they are the result of (0 for
    /// the weights training started from).
    good: (usize, usize),
}

impl<'a, N: Parameters> RestorePoints<'a, N> {
    /// Keeps `network`'s starting weights as the first good ones: they are the caller's
    /// choice, and what an immediate divergence goes back to.
    pub(crate) fn new(copies: Option<&'a mut [N; 2]>, network: &N) -> Self {
        let mut points = Self {
            copies,
            good: (0, 0),
        };
        if let Some(copies) = points.copies.as_deref_mut() {
            copies[0].copy_from(network);
        }
        points
    }

    /// At the start of epoch `epoch`, keeps the weights it starts from (for the first epoch,
    /// those are the starting weights, already kept).
    pub(crate) fn begin_epoch(&mut self, epoch: usize, network: &N) {
        if epoch > 1 {
            if let Some(copies) = self.copies.as_deref_mut() {
                copies[1 - self.good.0].copy_from(network);
            }
        }
    }

    /// Epoch `epoch`'s loss was good: the weights it started from, the result of epoch
    /// `epoch - 1`, become the ones to go back to.
    pub(crate) fn vouch(&mut self, epoch: usize) {
        if epoch > 1 {
            self.good = (1 - self.good.0, epoch - 1);
        }
    }

    /// Puts `network` back at the last vouched-for weights; returns the epoch they are the
    /// result of, or `None` when no copies are kept.
    pub(crate) fn restore(&self, network: &mut N) -> Option<usize> {
        let copies = self.copies.as_deref()?;
        network.copy_from(&copies[self.good.0]);
        Some(self.good.1)
    }
}
