//! Running jobs on all cores. Each thread gets its own fork of a per-thread state (the fonts,
//! whose measurement cache is not shared); results come back in input order, so output bytes
//! never depend on scheduling.

use std::time::{Duration, Instant};

/// State each thread needs its own copy of.
pub trait Fork {
    /// A copy for another thread.
    fn fork(&self) -> Self;
}

impl Fork for crate::fonts::FontSet {
    fn fork(&self) -> Self {
        crate::fonts::FontSet::fork(self)
    }
}

/// How many threads to use: `requested` when given (1 gives a serial run), else the number of
/// cores.
pub fn thread_count(requested: Option<usize>) -> usize {
    requested
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZero::get))
}

/// Runs `f` over `items` on up to [`thread_count`] threads, each thread with its own fork of
/// `state`. Results come back in the order of `items`, with the time each took.
pub fn par_map<T: Sync, S: Fork + Send, R: Send>(
    threads: Option<usize>,
    items: &[T],
    state: &S,
    f: impl Fn(&T, &S) -> R + Sync,
) -> Vec<(R, Duration)> {
    par_map_ready(threads, items, state, |_| true, f)
}

/// [`par_map`], a thread taking an item that can start now (`ready`) before one that would
/// wait for another thread ([`crate::parallel::map_claimed_ready`]).
pub fn par_map_ready<T: Sync, S: Fork + Send, R: Send>(
    threads: Option<usize>,
    items: &[T],
    state: &S,
    ready: impl Fn(&T) -> bool + Sync,
    f: impl Fn(&T, &S) -> R + Sync,
) -> Vec<(R, Duration)> {
    let threads = thread_count(threads).min(items.len()).max(1);
    let states: Vec<S> = (0..threads).map(|_| state.fork()).collect();
    crate::parallel::map_claimed_ready(items, states, ready, |item, local| {
        let clock = Instant::now();
        let r = f(item, local);
        (r, clock.elapsed())
    })
}
