//! Plain data parallelism shared by the early stages (parsing item files, rendering annexes):
//! a map over a slice on every core, each thread taking the next item, with results in input order, so
//! what comes out never depends on scheduling. (The writers' queue, with per-thread fonts,
//! is `pipeline::parallel`.)

/// Below this many items one core does it all: spawning threads would cost more.
const MIN_ITEMS_PER_THREAD: usize = 2;

/// `f` over `items` on every core, results in the order of `items`; a panic in `f` is
/// passed on. Each thread takes the next item not yet taken, so one long item (the report,
/// whose context is the whole project) does not hold up a thread's share of the rest.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2 * MIN_ITEMS_PER_THREAD {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        join_all(workers)
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Every worker's results, in the workers' order; a worker's panic is passed on.
pub fn join_all<R>(workers: Vec<std::thread::ScopedJoinHandle<'_, Vec<R>>>) -> Vec<R> {
    workers
        .into_iter()
        .flat_map(|w| {
            w.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
        .collect()
}
