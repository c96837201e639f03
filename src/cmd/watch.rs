//! `huibao watch`: build, then rebuild on every change under `content/` and the templates,
//! until stopped (Ctrl-C). Problems are printed and the loop goes on; since every build writes
//! all or nothing, the last good outputs stay in place. Fonts and each section's layout are
//! kept between builds ([`crate::pipeline::Cache`]), so an edit to one annex re-lays that
//! annex and the report (when its text changed), not the others.

use super::{Environment, Failure, Outcome, options};
use crate::pipeline::{self, Cache};
use notify_debouncer_mini::{DebounceEventResult, new_debouncer, notify::RecursiveMode};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long the folders must be quiet before a rebuild (an editor's save is often several
/// writes: a temporary file, a rename).
const QUIET: Duration = Duration::from_millis(50);

/// Builds, then watches and rebuilds; `report` gets each build's outcome (what was written and
/// how long it took, or the problems). Returns only when watching fails.
pub fn watch(
    content: &Path,
    templates: Option<&Path>,
    output: &Path,
    env: Environment,
    report: &mut dyn FnMut(Result<Outcome, Failure>),
) -> Result<Outcome, Failure> {
    let opts = options(content, templates, output, env)?;
    watch_with(&opts, Cache::for_session(), &mut |_, _| {}, report)
}

/// [`watch`] with the build options made, a `cache` of the session's kind, and `built` called
/// after every build with the cache and the build's failure, if it failed (`serve` shows the
/// pages or the problems).
pub(crate) fn watch_with(
    opts: &pipeline::BuildOptions,
    mut cache: Cache,
    built: &mut dyn FnMut(&Cache, Option<&Failure>),
    report: &mut dyn FnMut(Result<Outcome, Failure>),
) -> Result<Outcome, Failure> {
    pipeline::check_output_folder(
        &opts.output,
        &[("content", &opts.content), ("templates", &opts.templates)],
    )?;
    // Watching starts before the first build and the state is taken before it too, so a
    // save during the first build is not missed.
    let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
    let watching = |e: &dyn std::fmt::Display| {
        Failure::Other(crate::tr!("watch-cannot", error = e.to_string()))
    };
    let mut debouncer = new_debouncer(QUIET, tx).map_err(|e| watching(&e))?;
    let mut folders = vec![opts.content.clone()];
    if opts.templates.is_dir() {
        folders.push(opts.templates.clone());
    }
    for folder in &folders {
        debouncer
            .watcher()
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| watching(&format!("{}: {e}", folder.display())))?;
    }
    // Reading a file raises an event too (the build reads every content file): what decides
    // is whether a file's size or modification time changed.
    let mut content_state = snapshot(&opts.content);
    let mut templates_state = snapshot(&opts.templates);
    let mut failing = false;
    let mut stamped = |result: Result<Outcome, Failure>| {
        let now = chrono::Local::now().format("%H:%M:%S");
        let result = match result {
            Ok(mut o) => {
                if std::mem::take(&mut failing) {
                    o.message.push_str(&crate::tr!("watch-fixed"));
                }
                o.message = format!("[{now}] {}", o.message);
                Ok(o)
            }
            Err(e) => {
                failing = true;
                Err(e)
            }
        };
        report(result);
    };
    let mut once = |cache: &mut Cache, again: bool| {
        let result = build_once(opts, cache, again);
        built(cache, result.as_ref().err());
        result
    };
    stamped(once(&mut cache, false));
    stamped(Ok(Outcome::from(crate::tr!(
        "watch-watching",
        folders = crate::i18n::join(
            &folders
                .iter()
                .map(|f| crate::diag::shown(f))
                .collect::<Vec<_>>()
        )
    ))));
    for events in rx {
        events.map_err(|e| watching(&e))?;
        let (content_now, templates_now) = (snapshot(&opts.content), snapshot(&opts.templates));
        if content_now == content_state && templates_now == templates_state {
            continue;
        }
        if templates_now != templates_state {
            cache.clear();
        }
        (content_state, templates_state) = (content_now, templates_now);
        stamped(once(&mut cache, true));
    }
    Ok(Outcome::default())
}

/// One build with the session's cache: what it wrote and how long it took.
fn build_once(
    opts: &pipeline::BuildOptions,
    cache: &mut Cache,
    again: bool,
) -> Result<Outcome, Failure> {
    let clock = Instant::now();
    let produced = pipeline::produce_with(opts, cache)?;
    let report = pipeline::write(opts, produced)?;
    let ms = clock.elapsed().as_millis().max(1).to_string();
    let mut out = if again {
        crate::tr!("watch-rebuilt", ms = ms)
    } else {
        crate::tr!("watch-built", ms = ms)
    };
    if report.written.is_empty() && report.removed.is_empty() {
        out.push_str(&crate::tr!("watch-nothing"));
    } else {
        let names: Vec<String> = report
            .written
            .iter()
            .map(|p| crate::diag::shown(p))
            .collect();
        out.push_str(&crate::tr!(
            "watch-wrote",
            files = crate::i18n::join(&names)
        ));
        for p in &report.removed {
            out.push_str(&crate::tr!("watch-removed", file = crate::diag::shown(p)));
        }
    }
    Ok(Outcome {
        message: out,
        warnings: report.warnings,
        ..Outcome::default()
    })
}

/// Every file under `dir` with its size and modification time (editor leftovers left out),
/// sorted: two equal snapshots mean nothing a build reads changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_editor_noise(e.path()))
        .filter_map(Result::ok)
        // Every entry but folders: a named pipe put where a file was is a change to report.
        .filter(|e| !e.file_type().is_dir() && !is_editor_noise(e.path()))
        .filter_map(|e| {
            let meta = std::fs::symlink_metadata(e.path()).ok()?;
            Some((e.into_path(), meta.len(), meta.modified().ok()))
        })
        .collect();
    files.sort();
    files
}

/// A file an editor writes beside the one being edited (`.x.swp`, `x~`, `#x#`, `4913`), which
/// the loader ignores anyway: no reason to rebuild.
fn is_editor_noise(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Beyond what the loader skips: vim's swap variant and its write probe.
    crate::content::load::is_ignored(&name) || name.ends_with(".swx") || name == "4913"
}
