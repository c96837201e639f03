//! How far a build has got, for a progress bar: the pipeline says which stage it is in and,
//! for the writers, how many of how many files are done. What shows it (and whether at all)
//! is the caller's business; the pipeline only calls.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A stage and its count: `("drawing", 2, 5)` — 2 of 5 sections done.
type Report = dyn Fn(&str, usize, usize) + Send + Sync;

/// Where the pipeline reports its progress; the default reports nowhere.
#[derive(Clone, Default)]
pub struct Progress(Option<Arc<Report>>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(reporting)"
        } else {
            "Progress(none)"
        })
    }
}

impl Progress {
    /// Reports to `f` (stage, done, total).
    pub fn new(f: impl Fn(&str, usize, usize) + Send + Sync + 'static) -> Progress {
        Progress(Some(Arc::new(f)))
    }

    /// Says the build entered `stage`, with `total` steps (0 when it has none).
    pub fn stage(&self, stage: &str, total: usize) {
        if let Some(f) = &self.0 {
            f(stage, 0, total);
        }
    }

    /// A counter for the steps of `stage`, safe to call from any thread.
    pub fn counter<'a>(&'a self, stage: &'a str, total: usize) -> Counter<'a> {
        self.stage(stage, total);
        Counter {
            progress: self,
            stage,
            total,
            done: AtomicUsize::new(0),
        }
    }
}

/// Counts finished steps of one stage.
pub struct Counter<'a> {
    progress: &'a Progress,
    stage: &'a str,
    total: usize,
    done: AtomicUsize,
}

impl Counter<'_> {
    /// One more step done.
    pub fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(f) = &self.progress.0 {
            f(self.stage, done, self.total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn stages_and_steps_reach_the_reporter() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let p = Progress::new(move |s, d, t| sink.lock().unwrap().push(format!("{s} {d}/{t}")));
        p.stage("loading", 0);
        let c = p.counter("drawing", 2);
        c.step();
        c.step();
        assert_eq!(
            *seen.lock().unwrap(),
            ["loading 0/0", "drawing 0/2", "drawing 1/2", "drawing 2/2"]
        );
        Progress::default().stage("nowhere", 1);
    }
}
