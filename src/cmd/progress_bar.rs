//! The progress bar of a long build (indicatif): hidden for the first second, so a build that
//! takes less (the seed takes a fifth of one) prints nothing but its result.

use crate::pipeline::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a build runs before its bar shows.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A bar on stderr that appears after [`SHOW_AFTER`]; dropped, it clears itself.
pub struct Bar {
    bar: ProgressBar,
    done: Arc<AtomicBool>,
}

impl Bar {
    /// Starts the (hidden) bar and returns it with the [`Progress`] that moves it.
    pub fn start() -> (Bar, Progress) {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg} {pos}/{len} [{elapsed}]")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        let done = Arc::new(AtomicBool::new(false));
        {
            let (bar, done) = (bar.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                std::thread::sleep(SHOW_AFTER);
                if !done.load(Ordering::Relaxed) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        let moved = bar.clone();
        let progress = Progress::new(move |stage, pos, len| {
            // Position first: no frame shows a count above its total.
            moved.set_position(0);
            moved.set_length(len as u64);
            moved.set_position(pos as u64);
            moved.set_message(crate::i18n::message(
                &format!("stage-{}", stage.replace(' ', "-")),
                &[],
            ));
        });
        (Bar { bar, done }, progress)
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        self.bar.finish_and_clear();
    }
}
