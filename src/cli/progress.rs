//! Progress on standard error for long work (indicatif): shown only when standard error is
//! a terminal and `--quiet` is not given, never in pipes, logs or CI.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts below this many items show no bar: short runs stay quiet.
const SHOW_FROM: u64 = 2000;

/// A count of items done, with its rate; drawn once it passes [`SHOW_FROM`].
pub struct Progress {
    bar: Option<ProgressBar>,
    shown: bool,
}

impl Progress {
    /// A counter of `unit` (e.g. `articles scored`); drawn only on a terminal, unless `quiet`.
    pub fn new(unit: &str, quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            let template = format!("{{spinner}} {{human_pos}} {unit} ({{per_sec}}, {{elapsed}})");
            bar.set_style(
                ProgressStyle::with_template(&template)
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        });
        Progress { bar, shown: false }
    }

    /// Records `n` more items done.
    pub fn add(&mut self, n: u64) {
        let Some(bar) = &self.bar else {
            return;
        };
        bar.inc(n);
        if !self.shown && bar.position() >= SHOW_FROM {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
    }

    /// Clears the bar.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
