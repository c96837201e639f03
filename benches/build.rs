//! `cargo bench`: full builds of the seed and of synthetic projects with 10 to 10,000 items,
//! reporting wall time, time per stage, peak memory (the process's peak resident set, each
//! scenario in a fresh process) and output sizes as a Markdown table.
//!
//! `cargo bench --bench build -- --quick` stops at 1,000 items; `-- --long` runs only the
//! 10,000 items with long cells (about 4 KB of YAML each); `-- --write DIR N [A [SCALE]]` writes a
//! synthetic project with N items in A annexes into DIR, for profiling `huibao build` on it.

// A test or benchmark fails by panicking: unwrapping is its way to say what went wrong.
#![allow(clippy::unwrap_used)]

mod shared;
mod synth;

use shared::{copy, peak_rss_mb};

use huibao::pipeline::{self, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

/// Runs one scenario `runs` times in this process and prints one table row.
fn one(name: &str, root: &Path, items: usize, runs: usize) {
    let opts = BuildOptions {
        content: root.join("content"),
        templates: root.join("templates"),
        output: root.join("output"),
        ..BuildOptions::default()
    };
    let mut best: Option<(Duration, pipeline::Timings)> = None;
    for _ in 0..runs {
        let clock = Instant::now();
        let report = pipeline::run(&opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let wall = clock.elapsed();
        if best.as_ref().is_none_or(|(w, _)| wall < *w) {
            best = Some((wall, report.timings));
        }
    }
    let (wall, t) = best.expect("at least one run");
    let size = |ext: &str| -> u64 {
        std::fs::read_dir(&opts.output)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.path().extension().is_some_and(|x| x == ext))
                    .map(|e| e.metadata().map_or(0, |m| m.len()))
                    .sum()
            })
            .unwrap_or(0)
    };
    let pages = std::fs::read(opts.output.join("meeting.pdf"))
        .ok()
        .and_then(|b| lopdf::Document::load_mem(&b).ok())
        .map_or(0, |d| d.get_pages().len());
    let stages: String = t
        .stages()
        .iter()
        .map(|(_, d)| format!(" {} |", ms(*d)))
        .collect();
    println!(
        "| {name} | {items} | {pages} | {} |{stages} {:.0} | {} | {} |",
        ms(wall),
        peak_rss_mb(),
        size("pdf") / 1024,
        size("xlsx") / 1024
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("--write") => {
            let dir = PathBuf::from(&args[1]);
            let items: usize = args[2].parse().expect("a number of items");
            let annexes = args
                .get(3)
                .and_then(|a| a.parse().ok())
                .unwrap_or((items / 500).clamp(1, 20));
            let scale = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(1);
            synth::write_project_scaled(&dir, annexes, items / annexes, 1, scale)
                .expect("write project");
            println!(
                "wrote {items} items in {annexes} annexes to {}",
                dir.display()
            );
            return;
        }
        Some("--one") => {
            let items = args[3].parse().expect("items");
            let runs = args[4].parse().expect("runs");
            one(&args[1], Path::new(&args[2]), items, runs);
            return;
        }
        _ => {}
    }
    let quick = args.iter().any(|a| a == "--quick");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().expect("own path");
    let run = |name: &str, dir: &Path, items: usize, runs: usize| {
        let out = Command::new(&exe)
            .args([
                "--one",
                name,
                &dir.to_string_lossy(),
                &items.to_string(),
                &runs.to_string(),
            ])
            .output()
            .expect("run scenario");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        print!("{}", String::from_utf8_lossy(&out.stdout));
    };
    println!(
        "| content | items | pages | wall ms | load | validate | render | layout | pdf (sum) | xlsx (sum) | docx (sum) | writers wall | peak RSS MB | PDF KB | XLSX KB |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    let long = || {
        // Realistic long cells: about 4 KB of YAML an item, 40 MB in all.
        let dir = tempfile::tempdir().expect("temp dir");
        synth::write_project_scaled(dir.path(), 20, 500, 1, 4).expect("write project");
        run("long cells 20×500", dir.path(), 10_000, 1);
    };
    if args.iter().any(|a| a == "--long") {
        long();
        return;
    }
    let seed = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(seed.path().join("content")).expect("dir");
    copy(&repo.join("content"), &seed.path().join("content"));
    run("seed", seed.path(), 12, 10);
    for (items, annexes, runs) in [(10, 1, 10), (100, 2, 5), (1_000, 10, 3), (10_000, 20, 1)] {
        if quick && items > 1_000 {
            break;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        synth::write_project(dir.path(), annexes, items / annexes, 1).expect("write project");
        run(
            &format!("synthetic {annexes}×{}", items / annexes),
            dir.path(),
            items,
            runs,
        );
    }
    if !quick {
        long();
    }
}
