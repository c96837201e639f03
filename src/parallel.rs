//! Plain data parallelism shared by the early stages (parsing item files, rendering annexes):
//! a map over a slice on every core, in contiguous runs, with results in input order, so
//! what comes out never depends on scheduling. (The writers' queue, with per-thread fonts,
//! is `pipeline::parallel`.)

/// Below this many items one core does it all: spawning threads would cost more.
const MIN_ITEMS_PER_THREAD: usize = 2;

/// `f` over `items` on every core, results in the order of `items`; a panic in `f` is
/// passed on.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2 * MIN_ITEMS_PER_THREAD {
        return items.iter().map(f).collect();
    }
    let size = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let workers: Vec<_> = items
            .chunks(size)
            .map(|chunk| s.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
            .collect();
        join_all(workers)
    })
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
