//! The one worker pool: an ordered parallel map. A reader thread pulls items from a
//! source, worker threads process them, and the calling thread hands the results to a sink
//! in source order. At most a small window of items is in flight, so memory stays flat
//! however long the input. `score` streams articles through it and cross-validation runs
//! its folds on it ([`map`]).
//!
//! Kept hand-written rather than taken from a crate: it is small and tested, its output is
//! the same whatever the number of threads (the determinism tests rely on that), and it
//! gives what rayon's parallel iterators and channel-based pools do not together — a
//! bounded window over a lazy, non-`Send`-free source, per-worker state, and a sink that
//! can stop everything at its first error.

use std::collections::BTreeMap;
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Condvar, Mutex};

/// The number of cores available to this process (the default number of threads).
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on each item of `items` on `threads` workers and returns the results in the
/// items' order (the same whatever the number of threads).
pub fn map<T, R>(
    items: impl Iterator<Item = T> + Send,
    threads: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    map_with(items, threads, || (), |_, item| work(item))
}

/// [`map`] with per-worker state: each worker starts from `init()` and `work` gets it
/// with every item.
pub fn map_with<T, W, R>(
    items: impl Iterator<Item = T> + Send,
    threads: usize,
    init: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, T) -> R + Sync,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    let mut out = Vec::new();
    let done: Result<(), std::convert::Infallible> = ordered(items, threads, init, work, |r| {
        out.push(r);
        Ok(())
    });
    match done {
        Ok(()) => out,
        Err(never) => match never {},
    }
}

/// Items in flight per worker.
const WINDOW_PER_THREAD: usize = 4;

/// Runs `work` on each item of `source` on `threads` workers, each with its own state from
/// `init`, and passes the results to `sink` in source order. With one thread everything
/// runs on the calling thread. Stops at the first error of `sink` and returns it; the
/// output is the same whatever the number of threads.
pub fn ordered<T, W, R, E>(
    source: impl Iterator<Item = T> + Send,
    threads: usize,
    init: impl Fn() -> W + Sync,
    work: impl Fn(&mut W, T) -> R + Sync,
    mut sink: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
    R: Send,
{
    if threads <= 1 {
        let mut state = init();
        for item in source {
            sink(work(&mut state, item))?;
        }
        return Ok(());
    }
    let window = threads * WINDOW_PER_THREAD;
    let reader_window = ReaderWindow::default();
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = sync_channel::<(usize, T)>(threads);
        let job_rx = Arc::new(Mutex::new(job_rx));
        let (res_tx, res_rx) = sync_channel::<(usize, R)>(window);
        let reader_window = &reader_window;
        scope.spawn(move || {
            for (i, item) in source.enumerate() {
                if !reader_window.wait_below(i, window) || job_tx.send((i, item)).is_err() {
                    break;
                }
            }
        });
        for _ in 0..threads {
            let (job_rx, res_tx) = (Arc::clone(&job_rx), res_tx.clone());
            let (init, work) = (&init, &work);
            scope.spawn(move || {
                let mut state = init();
                loop {
                    let job = job_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((i, item))) = job else { break };
                    if res_tx.send((i, work(&mut state, item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop((job_rx, res_tx));
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        'results: for (i, r) in res_rx.iter() {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&next) {
                next += 1;
                if let Err(e) = sink(r) {
                    result = Err(e);
                    break 'results;
                }
                reader_window.done(next);
            }
        }
        // Release the reader; dropping the results makes the workers' sends fail.
        reader_window.stop();
        drop(res_rx);
        result
    })
}

/// How many results the sink has taken, so the reader can stay within the window.
#[derive(Default)]
struct ReaderWindow {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

impl ReaderWindow {
    /// Waits until item `i` is within `window` of the results taken; false once stopped.
    fn wait_below(&self, i: usize, window: usize) -> bool {
        let Ok(mut s) = self.state.lock() else {
            return false;
        };
        while !s.1 && i >= s.0 + window {
            s = match self.changed.wait(s) {
                Ok(s) => s,
                Err(_) => return false,
            };
        }
        !s.1
    }

    fn done(&self, n: usize) {
        if let Ok(mut s) = self.state.lock() {
            s.0 = n;
        }
        self.changed.notify_all();
    }

    fn stop(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.1 = true;
        }
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn squares(n: usize, threads: usize) -> Vec<usize> {
        let mut out = Vec::new();
        ordered(
            0..n,
            threads,
            || 0usize,
            |calls, x| {
                *calls += 1;
                // Uneven work, so results arrive out of order.
                if x % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                x * x
            },
            |r| {
                out.push(r);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        out
    }

    #[test]
    fn results_come_in_source_order_for_any_thread_count() {
        let want: Vec<usize> = (0..200).map(|x| x * x).collect();
        for threads in [1, 2, 3, 8] {
            assert_eq!(squares(200, threads), want, "{threads} threads");
        }
        assert!(squares(0, 4).is_empty());
    }

    #[test]
    fn map_keeps_the_order_of_its_items() {
        for threads in [1, 2, 5] {
            assert_eq!(
                map(0..50usize, threads, |x| x * 3),
                (0..50).map(|x| x * 3).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_first_sink_error_stops_everything_and_is_returned() {
        for threads in [1, 2, 4] {
            let mut seen = Vec::new();
            let r = ordered(
                0..10_000usize,
                threads,
                || (),
                |_, x| x,
                |x| {
                    if x == 37 {
                        return Err(format!("stop at {x}"));
                    }
                    seen.push(x);
                    Ok(())
                },
            );
            assert_eq!(r, Err("stop at 37".to_string()));
            assert_eq!(seen, (0..37).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_reader_stays_within_the_window() {
        let pulled = std::sync::atomic::AtomicUsize::new(0);
        let source = (0..1000usize).inspect(|_| {
            pulled.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        let mut max_ahead = 0;
        let mut taken = 0;
        ordered(
            source,
            2,
            || (),
            |_, x| x,
            |_| {
                taken += 1;
                let ahead = pulled.load(std::sync::atomic::Ordering::SeqCst) - taken;
                max_ahead = max_ahead.max(ahead);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(taken, 1000);
        // The window, plus the one item the reader holds while it waits.
        assert!(max_ahead <= 2 * WINDOW_PER_THREAD + 1, "{max_ahead}");
    }
}
