//! The token filter trait: one stage of the token pipeline.

/// One stage of the token pipeline: rewrites a token in place, or drops it.
pub trait TokenFilter {
    /// Rewrites `token`; returns `false` to drop it from the stream.
    fn apply(&mut self, token: &mut String) -> bool;
}
