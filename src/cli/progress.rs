//! Progress on standard error for long work (indicatif): shown only when standard error is
//! a terminal and `--quiet` is not given, never in pipes, logs or CI. Warnings printed while
//! a bar is shown go above it (indicatif's `suspend`), so the bar is not garbled.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::options::Notes;

/// Counts below this many items show no bar: short runs stay quiet.
const SHOW_FROM: u64 = 2000;

/// How often a bar of slow steps redraws its elapsed time.
const TICK: Duration = Duration::from_millis(500);

/// Whether bars may be drawn: standard error is a terminal and `--quiet` is not given.
fn attended(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// Prints `line` on standard error, above `bar` when there is one.
fn print_above(bar: Option<&ProgressBar>, line: &str) {
    match bar {
        Some(bar) => bar.suspend(|| eprintln!("{line}")),
        None => eprintln!("{line}"),
    }
}

/// A count of items done, with its rate; drawn once it passes [`SHOW_FROM`].
pub struct Counter {
    bar: Option<ProgressBar>,
    shown: bool,
}

impl Counter {
    /// A counter of `unit` (e.g. `articles scored`); drawn only on a terminal, unless `quiet`.
    pub fn new(unit: &str, quiet: bool) -> Self {
        let bar = attended(quiet).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            let template = format!("{{spinner}} {{human_pos}} {unit} ({{per_sec}}, {{elapsed}})");
            bar.set_style(
                ProgressStyle::with_template(&template)
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        });
        Counter { bar, shown: false }
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

    /// Prints a warning (`standpoint: warning: …`) above the bar.
    pub fn warn(&self, warning: &str) {
        let bar = self.bar.as_ref().filter(|_| self.shown);
        print_above(bar, &format!("standpoint: warning: {warning}"));
    }

    /// Clears the bar.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The stages of long work ([`crate::progress::Progress`]) as a bar with the steps done,
/// the time elapsed and the time left, one stage after another.
pub struct Steps {
    attended: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Steps {
    /// Bars drawn only on a terminal, unless `quiet`.
    pub fn new(quiet: bool) -> Self {
        Steps {
            attended: attended(quiet),
            bar: Mutex::new(None),
        }
    }

    fn with_bar(&self, f: impl FnOnce(&mut Option<ProgressBar>)) {
        if self.attended {
            f(&mut self.bar.lock().unwrap_or_else(|e| e.into_inner()));
        }
    }

    /// Prints `line` on standard error, above the bar if one is shown.
    pub fn println(&self, line: &str) {
        let bar = self.bar.lock().unwrap_or_else(|e| e.into_inner());
        print_above(bar.as_ref(), line);
    }
}

impl crate::progress::Progress for Steps {
    fn start(&self, what: &str, total: u64) {
        self.with_bar(|slot| {
            if let Some(old) = slot.take() {
                old.finish_and_clear();
            }
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:30}] {pos}/{len} ({elapsed} elapsed, {eta} left)",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message(what.to_string());
            bar.enable_steady_tick(TICK);
            *slot = Some(bar);
        });
    }

    fn extend(&self, n: u64) {
        self.with_bar(|slot| slot.iter().for_each(|b| b.inc_length(n)));
    }

    fn advance(&self, n: u64) {
        self.with_bar(|slot| slot.iter().for_each(|b| b.inc(n)));
    }

    fn done(&self) {
        self.with_bar(|slot| {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        });
    }
}

impl Drop for Steps {
    fn drop(&mut self) {
        crate::progress::Progress::done(self);
    }
}

/// Standard error, as the command line reports: warnings and notes, printed above the
/// progress bar of long work.
pub struct Terminal {
    steps: Arc<Steps>,
}

impl Terminal {
    /// Bars drawn only on a terminal, unless `quiet`.
    pub fn new(quiet: bool) -> Self {
        Terminal {
            steps: Arc::new(Steps::new(quiet)),
        }
    }
}

impl Notes for Terminal {
    fn warn(&mut self, warning: String) {
        self.steps
            .println(&format!("standpoint: warning: {warning}"));
    }
    fn note(&mut self, note: String) {
        self.steps.println(&note);
    }
    fn progress(&self) -> Arc<dyn crate::progress::Progress> {
        self.steps.clone()
    }
}
