//! `cargo bench`: full builds of the seed and of synthetic projects with 10 to 10,000 items,
//! reporting wall time, time per stage, peak memory and output sizes as a Markdown table.
//!
//! `cargo bench --bench build -- --quick` stops at 1,000 items; `-- --write DIR N` writes a
//! synthetic project with N items into DIR (for profiling `huibao build` on it).

mod synth;

use huibao::build::{self, BuildOptions, Timings};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Counts live heap bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded to the system allocator with the caller's layout.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

struct Row {
    name: String,
    items: usize,
    wall: Duration,
    t: Timings,
    peak_mb: f64,
    pdf_bytes: u64,
    xlsx_bytes: u64,
    pages: usize,
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

fn measure(name: &str, root: &Path, items: usize, runs: usize) -> Row {
    let opts = BuildOptions {
        content: root.join("content"),
        templates: root.join("templates"),
        output: root.join("output"),
    };
    let mut best: Option<(Duration, Timings, usize)> = None;
    for _ in 0..runs {
        PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
        let base = LIVE.load(Ordering::Relaxed);
        let clock = Instant::now();
        let report = build::build(&opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let wall = clock.elapsed();
        let peak = PEAK.load(Ordering::Relaxed) - base;
        if best.as_ref().is_none_or(|(w, _, _)| wall < *w) {
            best = Some((wall, report.timings, peak));
        }
    }
    let (wall, t, peak) = best.expect("at least one run");
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
        .map(|b| String::from_utf8_lossy(&b).matches("/Type /Page/").count())
        .unwrap_or(0);
    Row {
        name: name.to_string(),
        items,
        wall,
        t,
        peak_mb: peak as f64 / 1_048_576.0,
        pdf_bytes: size("pdf"),
        xlsx_bytes: size("xlsx"),
        pages,
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--write") {
        let dir = PathBuf::from(&args[1]);
        let items: usize = args[2].parse().expect("a number of items");
        let annexes = (items / 500).clamp(1, 20);
        synth::write_project(&dir, annexes, items / annexes, 1).expect("write project");
        println!(
            "wrote {items} items in {annexes} annexes to {}",
            dir.display()
        );
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut rows = Vec::new();
    let seed = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(seed.path().join("content")).expect("dir");
    copy(&repo.join("content"), &seed.path().join("content"));
    rows.push(measure("seed", seed.path(), 12, 5));
    for (items, annexes, runs) in [(10, 1, 5), (100, 2, 3), (1_000, 10, 2), (10_000, 20, 1)] {
        if quick && items > 1_000 {
            break;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        synth::write_project(dir.path(), annexes, items / annexes, 1).expect("write project");
        rows.push(measure(
            &format!("synthetic {annexes}×{}", items / annexes),
            dir.path(),
            items,
            runs,
        ));
    }
    println!("| content | items | pages | wall ms | load | validate | render | layout | pdf (sum) | xlsx (sum) | writers wall | peak MB | PDF KB | XLSX KB |");
    println!("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for r in &rows {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} | {} | {} |",
            r.name,
            r.items,
            r.pages,
            ms(r.wall),
            ms(r.t.load),
            ms(r.t.validate),
            ms(r.t.render),
            ms(r.t.layout),
            ms(r.t.pdf),
            ms(r.t.xlsx),
            ms(r.t.writers_wall),
            r.peak_mb,
            r.pdf_bytes / 1024,
            r.xlsx_bytes / 1024
        );
    }
}

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).min_depth(1) {
        let entry = entry.expect("readable");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
