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
        let style = ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
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
            let name = crate::i18n::message(&format!("stage-{}", stage.replace(' ', "-")), &[]);
            moved.set_message(counted(&name, pos, len));
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

/// A stage's line: with its count when it has steps (`正在生成文件 3/52`), without one when it
/// has none (`正在保存`, not `正在保存 0/0`).
fn counted(stage: &str, pos: usize, len: usize) -> String {
    if len == 0 {
        stage.to_string()
    } else {
        format!("{stage} {}/{len}", pos.min(len))
    }
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn a_stage_without_steps_shows_no_count() {
        assert_eq!(counted("正在保存", 0, 0), "正在保存");
        assert_eq!(counted("正在生成文件", 3, 52), "正在生成文件 3/52");
        assert_eq!(counted("正在生成文件", 53, 52), "正在生成文件 52/52");
    }
}
