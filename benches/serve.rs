//! `cargo bench --bench serve`: what a clerk waits in `huibao serve` between saving a file and
//! seeing the page change in the browser — file written, watcher's quiet (50 ms), rebuild,
//! the page told, the changed pages fetched and drawn — measured in Chromium driven by
//! Playwright (`benches/serve.py`), on the seed (an annex item edited) and on one annex of 400
//! items (one item's title). Prints a Markdown table; says so and stops where Chromium or
//! Playwright is missing.

// A test or benchmark fails by panicking: unwrapping is its way to say what went wrong.
#![allow(clippy::unwrap_used)]

mod served;
// Only its copy of a folder: the server's memory is not this process's.
#[allow(dead_code)]
mod shared;
mod synth;

use std::path::Path;
use std::process::Command;

/// Serves `root`, times `runs` saves of `file` (`from` and `to` in turn) in the browser;
/// returns the median and the slowest, in ms.
fn time_saves(root: &Path, file: &Path, (from, to): (&str, &str), runs: usize) -> (f64, f64) {
    let served = served::Served::start(root, &[]);
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/serve.py"))
        .arg(&served.url)
        .arg(file)
        .args([from, to])
        .arg(runs.to_string())
        .output()
        .unwrap();
    drop(served);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut times: Vec<f64> = serde_json::from_slice(&out.stdout).unwrap();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() - 1])
}

fn main() {
    let here = Command::new("python3")
        .args(["-c", "import playwright"])
        .status()
        .is_ok_and(|s| s.success())
        && Path::new("/usr/bin/chromium").exists();
    if !here {
        println!("serve bench skipped: needs /usr/bin/chromium and python3 with playwright");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seed = tempfile::tempdir().unwrap();
    for sub in ["content", "templates"] {
        std::fs::create_dir_all(seed.path().join(sub)).unwrap();
        shared::copy(&root.join(sub), &seed.path().join(sub));
    }
    let item = seed.path().join("content/yongan/01-加强生态环境保护.yaml");
    let mut rows = vec![(
        "seed: edit an annex item",
        time_saves(
            seed.path(),
            &item,
            ("尽快开展需求沟通", "尽快开展需求沟通交流"),
            21,
        ),
    )];
    let (big, middle, title) = synth::four_hundred_items();
    rows.push((
        "400-item annex: edit one item's title",
        time_saves(big.path(), &middle, (&title, &format!("{title}改")), 11),
    ));
    println!("| save → page updated | median ms | max ms |");
    println!("| --- | --- | --- |");
    for (name, (median, max)) in rows {
        println!("| {name} | {median:.0} | {max:.0} |");
    }
}
