//! Running writer jobs on all cores. Each thread gets its own fork of the fonts (their
//! measurement cache is not shared); results come back in input order, so output bytes never
//! depend on scheduling.

use crate::pdf::fonts::FontSet;
use std::time::{Duration, Instant};

/// How many threads the writers use: `HUIBAO_THREADS` when set (1 gives a serial build),
/// else the number of cores.
pub fn thread_count() -> usize {
    std::env::var("HUIBAO_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Runs `f` over `items` on up to [`thread_count`] threads, each thread with its own fork of
/// the fonts. Results come back in the order of `items`, with the time each took.
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    fonts: &FontSet,
    f: impl Fn(&T, &FontSet) -> R + Sync,
) -> Vec<(R, Duration)> {
    let threads = thread_count().min(items.len()).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<(usize, R, Duration)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let local = fonts.fork();
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
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    out.sort_by_key(|(i, _, _)| *i);
    out.into_iter().map(|(_, r, d)| (r, d)).collect()
}
