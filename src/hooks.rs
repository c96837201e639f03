//! Failure points for the tests: a kill in the middle of a swap, a pause in the middle of
//! reading the content. Compiled only with the `test-hooks` feature (which `cargo test` turns
//! on); a release build has neither, and the functions below say "none".

#[cfg(feature = "test-hooks")]
use std::sync::atomic::{AtomicUsize, Ordering};

#[cfg(feature = "test-hooks")]
static CRASH_AFTER_RENAMES: AtomicUsize = AtomicUsize::new(0);
#[cfg(feature = "test-hooks")]
static PAUSE_MID_READ_MS: AtomicUsize = AtomicUsize::new(0);

/// Sets the failure points from the environment: `HUIBAO_CRASH_AFTER_RENAMES` (abort after
/// that many renames of a swap) and `HUIBAO_PAUSE_MID_READ_MS` (sleep between reading
/// `meeting.yaml` and the item files). Does nothing without the `test-hooks` feature.
pub fn from_environment() {
    #[cfg(feature = "test-hooks")]
    for (name, hook) in [
        ("HUIBAO_CRASH_AFTER_RENAMES", &CRASH_AFTER_RENAMES),
        ("HUIBAO_PAUSE_MID_READ_MS", &PAUSE_MID_READ_MS),
    ] {
        if let Some(n) = std::env::var(name).ok().and_then(|v| v.trim().parse().ok()) {
            hook.store(n, Ordering::Relaxed);
        }
    }
}

/// After how many renames a test wants the process stopped, if it does.
pub fn crash_after_renames() -> Option<usize> {
    #[cfg(feature = "test-hooks")]
    {
        let n = CRASH_AFTER_RENAMES.load(Ordering::Relaxed);
        if n > 0 {
            return Some(n);
        }
    }
    None
}

/// Sleeps where a test wants a build stopped in the middle of reading the content.
pub fn pause_mid_read() {
    #[cfg(feature = "test-hooks")]
    {
        let ms = PAUSE_MID_READ_MS.load(Ordering::Relaxed);
        if ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(ms as u64));
        }
    }
}
