//! `cargo bench --bench watch`: the edit-to-new-PDF time of `huibao watch` — what a user
//! waits between saving a file and seeing the new PDF — on the seed (an edit to one annex
//! item, to the report, and one that changes no output: a comment) and on a synthetic
//! project with one annex of 400 items (one field of one item), as a Markdown table.
//!
//! Each edit is timed from the file write to the end of the build (load, render, the sections
//! the change touched, the writers, files swapped in), with the session's cache as `watch`
//! keeps it; the watcher's debounce (50 ms of quiet) comes on top and is not counted.

// A test or benchmark fails by panicking: unwrapping is its way to say what went wrong.
#![allow(clippy::unwrap_used)]

mod shared;
mod synth;

use huibao::pipeline::{self, BuildOptions, Cache};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Replaces `from` by `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// One edit to time: a name, the file, and the text replaced back and forth.
type Edit = (&'static str, PathBuf, String, String);

/// Builds the project at `root` once in a session, then times each edit `runs` times (the
/// median and the slowest), every run a real change; prints the session's first build.
fn session(
    label: &str,
    root: &Path,
    cases: Vec<Edit>,
    runs: usize,
) -> Vec<(String, Duration, Duration)> {
    let templates = root.join("templates");
    let opts = BuildOptions {
        content: root.join("content"),
        templates,
        output: root.join("output"),
        ..BuildOptions::default()
    };
    let mut cache = Cache::for_session();
    let clock = Instant::now();
    pipeline::write(&opts, pipeline::produce_with(&opts, &mut cache).unwrap()).unwrap();
    let first = clock.elapsed();
    println!(
        "{label}: first build in the session {:.0} ms",
        first.as_secs_f64() * 1000.0
    );
    let mut rows = Vec::new();
    for (name, file, from, to) in cases {
        let mut times = Vec::new();
        for i in 0..runs {
            // Alternate between two texts so every run is a real change.
            let (a, b) = if i % 2 == 0 {
                (&from, &to)
            } else {
                (&to, &from)
            };
            edit(&file, a, b);
            let clock = Instant::now();
            let produced = pipeline::produce_with(&opts, &mut cache).unwrap();
            let made = clock.elapsed();
            if std::env::var_os("HUIBAO_BENCH_STAGES").is_some() {
                eprintln!(
                    "{name}: produced in {made:?}: {:?}",
                    produced.timings.stages()
                );
            }
            let report = pipeline::write(&opts, produced).unwrap();
            times.push(clock.elapsed());
            if name != "add a comment" {
                assert!(!report.written.is_empty(), "{name}: nothing written");
            }
        }
        if runs % 2 == 1 {
            edit(&file, &to, &from);
        }
        times.sort();
        rows.push((
            format!("{label}: {name}"),
            times[times.len() / 2],
            times[times.len() - 1],
        ));
    }
    rows
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = tempfile::tempdir().unwrap();
    for sub in ["content", "templates"] {
        std::fs::create_dir_all(seed.path().join(sub)).unwrap();
        shared::copy(&root.join(sub), &seed.path().join(sub));
    }
    let content = seed.path().join("content");
    let item = content.join("yongan/01-加强生态环境保护.yaml");
    let mut rows = session(
        "seed",
        seed.path(),
        vec![
            (
                "edit an annex item",
                item.clone(),
                "尽快开展需求沟通".into(),
                "尽快开展需求沟通交流".into(),
            ),
            (
                "edit the report",
                content.join("meeting.yaml"),
                "以上汇报".into(),
                "以上情况汇报".into(),
            ),
            ("add a comment", item, "seq: 1".into(), "seq: 1 #".into()),
        ],
        21,
    );
    // One annex of 400 items (the built-in templates), an edit to the middle item's title.
    let (big, middle, title) = synth::four_hundred_items();
    rows.extend(session(
        "400-item annex",
        big.path(),
        vec![(
            "edit one item's title",
            middle,
            title.clone(),
            format!("{title}改"),
        )],
        11,
    ));
    let ms = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
    println!("peak memory {:.0} MB\n", shared::peak_rss_mb());
    println!("| edit | median ms | max ms |");
    println!("| --- | --- | --- |");
    for (name, median, max) in rows {
        println!("| {name} | {} | {} |", ms(median), ms(max));
    }
}
