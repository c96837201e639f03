//! `cargo bench --bench watch`: the edit-to-new-PDF time of `huibao watch` on the seed — what a
//! user waits between saving a file and seeing the new PDF — for an edit to one annex item, an
//! edit to the report and an edit that changes no output (a comment), as a Markdown table.
//!
//! Each edit is timed from the file write to the end of the build (load, render, the sections
//! the change touched, the writers, files swapped in), with the session's cache as `watch`
//! keeps it; the watcher's debounce (50 ms of quiet) comes on top and is not counted.

// A test or benchmark fails by panicking: unwrapping is its way to say what went wrong.
#![allow(clippy::unwrap_used)]

mod shared;

use huibao::pipeline::{self, BuildOptions, Cache};
use std::path::Path;
use std::time::{Duration, Instant};

/// Replaces `from` by `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["content", "templates"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        shared::copy(&root.join(sub), &dir.path().join(sub));
    }
    let opts = BuildOptions {
        content: dir.path().join("content"),
        templates: dir.path().join("templates"),
        output: dir.path().join("output"),
        ..BuildOptions::default()
    };
    let mut cache = Cache::for_session();
    let clock = Instant::now();
    pipeline::write(&opts, pipeline::produce_with(&opts, &mut cache).unwrap()).unwrap();
    let first = clock.elapsed();

    let item = opts.content.join("yongan/01-加强生态环境保护.yaml");
    let meeting = opts.content.join("meeting.yaml");
    let runs = 21;
    let mut rows = Vec::new();
    type Edit<'a> = (&'a str, &'a Path, &'a str, &'a str);
    let cases: [Edit; 3] = [
        (
            "edit an annex item",
            &item,
            "尽快开展需求沟通",
            "尽快开展需求沟通交流",
        ),
        ("edit the report", &meeting, "以上汇报", "以上情况汇报"),
        ("add a comment", &item, "seq: 1", "seq: 1 #"),
    ];
    for (name, file, from, to) in cases {
        let mut times = Vec::new();
        for i in 0..runs {
            // Alternate between two texts so every run is a real change.
            let (a, b) = if i % 2 == 0 { (from, to) } else { (to, from) };
            edit(file, a, b);
            let clock = Instant::now();
            let produced = pipeline::produce_with(&opts, &mut cache).unwrap();
            let report = pipeline::write(&opts, produced).unwrap();
            times.push(clock.elapsed());
            if name != "add a comment" {
                assert!(!report.written.is_empty(), "{name}: nothing written");
            }
        }
        if runs % 2 == 1 {
            edit(file, to, from);
        }
        times.sort();
        rows.push((name, times[times.len() / 2], times[times.len() - 1]));
    }
    let ms = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
    println!(
        "first build in the session: {} ms; peak memory {:.0} MB\n",
        ms(first),
        shared::peak_rss_mb()
    );
    println!("| edit | median ms | max ms | < 100 ms |");
    println!("| --- | --- | --- | --- |");
    for (name, median, max) in rows {
        let ok = if median < Duration::from_millis(100) {
            "yes"
        } else {
            "no"
        };
        println!("| {name} | {} | {} | {ok} |", ms(median), ms(max));
    }
}
