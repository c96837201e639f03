//! `cargo bench --bench hostile`: each hostile input of the reliability audit, checked in a fresh
//! process (`huibao check`, which does everything `build` does short of writing), with its wall
//! time and peak memory. The target: every case answered in under a second and 200 MB; each
//! hostile returned workbook (`huibao import`) in under a second and 100 MB.

// A test or benchmark fails by panicking: unwrapping is its way to say what went wrong.
#![allow(clippy::unwrap_used)]

mod shared;
mod spoilt;

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

/// Runs spoilt project `i` in this process: a copy of the seed with its templates, spoilt,
/// checked; prints one table row.
fn run_spoilt(i: usize) {
    let s = &spoilt::all()[i];
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&repo().join("content"), &dir.path().join("content"));
    copy(&repo().join("templates"), &dir.path().join("templates"));
    (s.spoil)(dir.path());
    let clock = Instant::now();
    let result = huibao::cmd::check(
        &dir.path().join("content"),
        Some(&dir.path().join("templates")),
        false,
        huibao::cmd::Environment::default(),
    );
    let wall = clock.elapsed();
    let answer = answer(result, |line| line);
    let mb = peak_rss_mb();
    let ok = wall.as_secs_f64() < 1.0 && mb < 200.0;
    println!(
        "| {} | {:.0} | {mb:.0} | {} | {answer} |",
        s.name,
        wall.as_secs_f64() * 1000.0,
        if ok { "yes" } else { "NO" }
    );
}

/// What a run answered, for the table: `accepted`, or the first 90 characters of the part of
/// its first line that `shown` picks.
fn answer<T>(result: Result<T, huibao::cmd::Failure>, shown: impl Fn(&str) -> &str) -> String {
    match result {
        Ok(_) => "accepted".to_string(),
        Err(e) => shown(e.to_string().lines().next().unwrap_or(""))
            .chars()
            .take(90)
            .collect(),
    }
}

/// A hostile returned workbook: its name, the part of the seed's yongan.xlsx it replaces, and
/// how that part's text is changed.
type WorkbookCase = (&'static str, &'static str, fn(&str) -> String);

/// Hostile returned workbooks.
fn workbook_cases() -> Vec<WorkbookCase> {
    fn far(sheet: &str, cell: &str) -> String {
        let row = cell.trim_start_matches(char::is_alphabetic);
        sheet.replace(
            "</sheetData>",
            &format!("<row r=\"{row}\"><c r=\"{cell}\" t=\"n\"><v>1</v></c></row></sheetData>"),
        )
    }
    vec![
        (
            "workbook: a cell at XFD1048576",
            "xl/worksheets/sheet2.xml",
            |s| far(s, "XFD1048576"),
        ),
        (
            "workbook: a cell at CV1048576",
            "xl/worksheets/sheet2.xml",
            |s| far(s, "CV1048576"),
        ),
        (
            "workbook: 1,048,576-row 明细",
            "xl/worksheets/sheet2.xml",
            |s| {
                let rows: String = (6..=1_048_576)
                    .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"n\"><v>1</v></c></row>"))
                    .collect();
                s.replace("</sheetData>", &format!("{rows}</sheetData>"))
            },
        ),
        (
            "workbook: shared strings bomb (100 MB)",
            "xl/sharedStrings.xml",
            |_| {
                format!(
                    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">{}</sst>",
                    "<si><t>炸炸炸炸</t></si>".repeat(4_000_000)
                )
            },
        ),
    ]
}

/// Builds the seed in a temporary folder and writes hostile workbook `i` there (in the parent
/// process, so the child's peak memory is the import's alone).
fn prepare_workbook(i: usize) -> tempfile::TempDir {
    use std::io::{Read, Write};
    let (_, part, how) = workbook_cases()[i];
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy(&repo().join("content"), &dir.path().join("content"));
    let opts = huibao::pipeline::BuildOptions {
        content: dir.path().join("content"),
        templates: dir.path().join("templates"),
        output: dir.path().join("output"),
        ..Default::default()
    };
    huibao::pipeline::run(&opts).expect("the seed builds");
    let built = dir.path().join("output/yongan.xlsx");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&built).expect("built")).expect("zip");
    let out = std::fs::File::create(dir.path().join("back.xlsx")).expect("create");
    let mut w = zip::ZipWriter::new(out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for k in 0..zip.len() {
        let mut entry = zip.by_index(k).expect("entry");
        let name = entry.name().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("text");
        let text = if name == part { how(&text) } else { text };
        w.start_file(name.as_str(), opts).expect("start");
        w.write_all(text.as_bytes()).expect("write");
    }
    w.finish().expect("finish");
    dir
}

/// Imports the prepared workbook in `dir` in this process and prints one table row.
fn run_import(i: usize, dir: &std::path::Path) {
    let name = workbook_cases()[i].0;
    let clock = Instant::now();
    let result = huibao::cmd::import(
        &dir.join("content"),
        None,
        &[dir.join("back.xlsx")],
        huibao::cmd::ImportOptions::default(),
        huibao::cmd::Environment::default(),
    );
    let wall = clock.elapsed();
    let answer = answer(result, |line| line.split_once(": ").map_or("", |(_, m)| m));
    let mb = peak_rss_mb();
    let ok = wall.as_secs_f64() < 1.0 && mb < 100.0;
    println!(
        "| {name} | {:.0} | {mb:.0} | {} | {answer} |",
        wall.as_secs_f64() * 1000.0,
        if ok { "yes (< 100 MB)" } else { "NO" }
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
    if let Some(i) = args.iter().position(|a| a == "--spoilt") {
        run_spoilt(args[i + 1].parse().expect("a case number"));
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--import") {
        let case = args[i + 1].parse().expect("a case number");
        run_import(case, std::path::Path::new(&args[i + 2]));
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
    for i in 0..spoilt::all().len() {
        let status = Command::new(&me)
            .args(["--spoilt", &i.to_string()])
            .status()
            .expect("run a case");
        assert!(status.success(), "spoilt project {i} crashed");
    }
    for i in 0..workbook_cases().len() {
        let dir = prepare_workbook(i);
        let status = Command::new(&me)
            .args(["--import", &i.to_string()])
            .arg(dir.path())
            .status()
            .expect("run a case");
        assert!(status.success(), "workbook case {i} crashed");
    }
}
