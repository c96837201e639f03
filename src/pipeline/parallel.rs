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
    let threads = thread_count(threads).min(items.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, R, Duration)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let local = state.fork();
                let (next, f) = (&next, &f);
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        let clock = Instant::now();
                        let r = f(item, &local);
                        done.push((i, r, clock.elapsed()));
                    }
                    done
                })
            })
            .collect();
        crate::parallel::join_all(workers)
    });
    out.sort_by_key(|(i, _, _)| *i);
    out.into_iter().map(|(_, r, d)| (r, d)).collect()
}
