//! `cargo bench --bench hostile`: each hostile input of the reliability audit, checked in a fresh
//! process (`huibao check`, which does everything `build` does short of writing), with its wall
//! time and peak memory. The target: every case answered in under a second and 200 MB.

// A test or benchmark fails by panicking: unwrapping is its way to say what went wrong.
#![allow(clippy::unwrap_used)]

mod shared;

use shared::{copy, peak_rss_mb};
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

const ITEM: &str = "content/yongan/01-加强生态环境保护.yaml";

/// (name, file to change, text to replace, replacement).
fn cases() -> Vec<(&'static str, &'static str, &'static str, String)> {
    let prose = |p: &str| format!("background:\n  - {p:?}\n");
    vec![
        (
            "recursive macro",
            "content/meeting.yaml",
            "background:\n",
            prose("{% macro m() %}{{ self::m() }}{% endmacro m %}{{ self::m() }}"),
        ),
        (
            "10,000 nested (",
            "content/meeting.yaml",
            "background:\n",
            prose(&format!(
                "{{{{ {}1{} }}}}",
                "(".repeat(10_000),
                ")".repeat(10_000)
            )),
        ),
        (
            "5,000 nested if",
            "content/meeting.yaml",
            "background:\n",
            prose(&format!(
                "{}x{}",
                "{% if true %}".repeat(5_000),
                "{% endif %}".repeat(5_000)
            )),
        ),
        (
            "loop over range(100,000,000)",
            "content/meeting.yaml",
            "background:\n",
            prose("{% for i in range(end=100000000) %}x{% endfor %}"),
        ),
        (
            "set range(200,000,000)",
            "content/meeting.yaml",
            "background:\n",
            prose("{% set r = range(end=200000000) %}"),
        ),
        (
            "get_env",
            "content/meeting.yaml",
            "background:\n",
            prose("{{ get_env(name=\"HOME\") }}"),
        ),
        (
            "61,105 rows",
            ITEM,
            "rows:",
            format!(
                "rows:{}",
                "\n  - {content: 一段内容, lead_dept: 环保处}".repeat(61_105)
            ),
        ),
        ("YAML alias bomb", ITEM, "seq: 1", {
            let mut s = String::from(
                "seq: 1\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
            );
            for i in 1..9 {
                let refs = vec![format!("*a{}", i - 1); 9].join(",");
                s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
            }
            s
        }),
        ("1 MB cell", ITEM, "沈敏", "沈".repeat(340_000)),
        ("40,000-character cell", ITEM, "沈敏", "沈".repeat(40_000)),
        ("NUL byte", ITEM, "沈敏", "沈\u{0}敏".into()),
        (
            "3,000-character 事项",
            ITEM,
            "title: 加强生态环境保护",
            format!("title: {}", "生态环境领域合作交流项目".repeat(250)),
        ),
        (
            "3,000-character meeting title",
            "content/meeting.yaml",
            "title: 浦东新区生态环境局与永安市、大田县生态环境领域合作交流项目制定情况的汇报",
            format!(
                "title: {}",
                "浦东新区生态环境局与永安市、大田县合作交流".repeat(150)
            ),
        ),
        (
            "3,000 characters without a break",
            ITEM,
            "title: 加强生态环境保护",
            format!("title: {}", "环".repeat(3_000)),
        ),
        (
            "deep YAML nesting",
            ITEM,
            "seq: 1",
            format!("seq: 1\nx: {}{}", "[".repeat(5_000), "]".repeat(5_000)),
        ),
    ]
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs case `i` in this process: writes the project, checks it, prints one table row.
fn run(i: usize) {
    let (name, file, from, to) = &cases()[i];
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&repo().join("content"), &dir.path().join("content"));
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("seed file");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    let clock = Instant::now();
    let result = huibao::cmd::check(
        &dir.path().join("content"),
        None,
        false,
        huibao::cmd::Environment::default(),
    );
    let wall = clock.elapsed();
    let answer = match result {
        Ok(_) => "accepted".to_string(),
        Err(e) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("");
            // The message without the file and position before it.
            let msg = first.split_once(".yaml").map_or(first, |(_, rest)| rest);
            let msg = msg.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
            msg.trim().chars().take(90).collect()
        }
    };
    let mb = peak_rss_mb();
    let ok = wall.as_secs_f64() < 1.0 && mb < 200.0;
    println!(
        "| {name} | {:.0} | {mb:.0} | {} | {answer} |",
        wall.as_secs_f64() * 1000.0,
        if ok { "yes" } else { "NO" }
    );
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let Some(i) = args.iter().position(|a| a == "--case") {
        run(args[i + 1].parse().expect("a case number"));
        return;
    }
    println!("| case | ms | peak MB | < 1 s and < 200 MB | answer |");
    println!("| --- | --- | --- | --- | --- |");
    let me = std::env::current_exe().expect("own path");
    for i in 0..cases().len() {
        let status = Command::new(&me)
            .args(["--case", &i.to_string()])
            .status()
            .expect("run a case");
        assert!(status.success(), "case {i} crashed");
    }
}
