//! The one way huibao runs work in parallel: a map over a slice on scoped threads, each taking
//! the next item not yet taken, with results in input order, so what comes out never depends on
//! scheduling. [`map_in_order`] serves the early stages (parsing item files, rendering, the Word
//! files' marks); [`par_map_ready`] the writers' queue, each thread with its own fork of the
//! fonts (their measurement cache is not shared) and an item that would only wait for another
//! thread's work taken after the work that can be done meanwhile.

use std::time::{Duration, Instant};

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
    let claim = || Some(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    run_claiming(items, states, claim, f)
}

/// [`map_claimed`], each thread taking the first item not yet taken that `ready` says can
/// start now, or the first not yet taken when none can: an item that would only wait for
/// another thread's work goes after the work that can be done meanwhile.
pub fn map_claimed_ready<T: Sync, S: Send, R: Send>(
    items: &[T],
    states: Vec<S>,
    ready: impl Fn(&T) -> bool + Sync,
    f: impl Fn(&T, &S) -> R + Sync,
) -> Vec<R> {
    // The first item not yet taken, and which are taken.
    let taken = std::sync::Mutex::new((0, vec![false; items.len()]));
    let claim = || {
        let mut guard = taken
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (first, flags) = &mut *guard;
        while flags.get(*first).copied() == Some(true) {
            *first += 1;
        }
        if *first >= flags.len() {
            return None;
        }
        let pick = (*first..flags.len())
            .find(|&i| !flags[i] && items.get(i).is_some_and(&ready))
            .unwrap_or(*first);
        flags[pick] = true;
        Some(pick)
    };
    run_claiming(items, states, claim, f)
}

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
/// wait for another thread ([`map_claimed_ready`]).
pub fn par_map_ready<T: Sync, S: Fork + Send, R: Send>(
    threads: Option<usize>,
    items: &[T],
    state: &S,
    ready: impl Fn(&T) -> bool + Sync,
    f: impl Fn(&T, &S) -> R + Sync,
) -> Vec<(R, Duration)> {
    let threads = thread_count(threads).min(items.len()).max(1);
    let states: Vec<S> = (0..threads).map(|_| state.fork()).collect();
    map_claimed_ready(items, states, ready, |item, local| {
        let clock = Instant::now();
        let r = f(item, local);
        (r, clock.elapsed())
    })
}

/// The threads of [`map_claimed`]: each takes the item `claim` gives it until there is none.
fn run_claiming<T: Sync, S: Send, R: Send>(
    items: &[T],
    states: Vec<S>,
    claim: impl Fn() -> Option<usize> + Sync,
    f: impl Fn(&T, &S) -> R + Sync,
) -> Vec<R> {
    let (f, claim) = (&f, &claim);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = states
            .into_iter()
            .map(|state| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    while let Some(i) = claim() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn an_item_that_is_not_ready_goes_after_the_work_that_can_be_done_meanwhile() {
        // Item 0 can start only once item 2 is done; one thread must take 1 and 2 first.
        let done_2 = AtomicBool::new(false);
        let order = std::sync::Mutex::new(Vec::new());
        let out = map_claimed_ready(
            &[0, 1, 2],
            vec![()],
            |&i| i != 0 || done_2.load(Ordering::SeqCst),
            |&i, ()| {
                order.lock().unwrap().push(i);
                if i == 2 {
                    done_2.store(true, Ordering::SeqCst);
                }
                i * 10
            },
        );
        assert_eq!(out, vec![0, 10, 20], "results still in input order");
        assert_eq!(*order.lock().unwrap(), vec![1, 2, 0]);
    }

    #[test]
    fn when_nothing_is_ready_the_first_item_not_taken_is() {
        let out = map_claimed_ready(&[3, 4], vec![(), ()], |_| false, |&i, ()| i + 1);
        assert_eq!(out, vec![4, 5]);
    }
}
