//! How long work tells its caller how far it has gone — stages of steps (folds trained,
//! candidates tried, models fitted) — so the command line can draw a bar with the time left;
//! the library's own callers and the Python binding pass [`Silent`].

/// Told of long work's stages and steps; called from worker threads.
pub trait Progress: Send + Sync {
    /// A stage of `total` steps begins, named for people (`cross-validation folds`).
    fn start(&self, what: &str, total: u64);
    /// The current stage turns out to need `n` more steps.
    fn extend(&self, n: u64);
    /// `n` more steps of the current stage are done.
    fn advance(&self, n: u64);
    /// The current stage is over.
    fn done(&self);
}

/// Progress nobody is told of.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _what: &str, _total: u64) {}
    fn extend(&self, _n: u64) {}
    fn advance(&self, _n: u64) {}
    fn done(&self) {}
}
