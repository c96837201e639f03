//! Plain data parallelism shared by the stages: a map over a slice on several threads, each
//! taking the next item not yet taken, with results in input order, so what comes out never
//! depends on scheduling. [`map_in_order`] serves the early stages (parsing item files,
//! rendering); the writers' queue gives each thread its own fonts (`pipeline::parallel`).

/// Below this many items one core does it all: spawning threads would cost more.
const MIN_ITEMS_PER_THREAD: usize = 2;

/// `f` over `items` on every core, results in the order of `items`; a panic in `f` is
/// passed on. One long item (the report, whose context is the whole project) does not hold up
/// a thread's share of the rest.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2 * MIN_ITEMS_PER_THREAD {
        return items.iter().map(f).collect();
    }
    let states = vec![(); threads.min(items.len())];
    map_claimed(items, states, |item, ()| f(item))
}

/// `f` over `items` on one thread per state in `states` (each thread gets its own), every
/// thread taking the next item not yet taken; results in the order of `items`, a panic in `f`
/// passed on.
pub fn map_claimed<T: Sync, S: Send, R: Send>(
    items: &[T],
    states: Vec<S>,
    f: impl Fn(&T, &S) -> R + Sync,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (f, next) = (&f, &next);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = states
            .into_iter()
            .map(|state| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item, &state)));
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
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}
