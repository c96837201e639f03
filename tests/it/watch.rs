//! `huibao watch` through the binary: start, edit, see the rebuild, break and fix, stop.

use crate::common::{DATIAN6, Fixture, YONGAN1};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// A running `huibao watch` with its stdout and stderr lines arriving on one channel.
pub struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    pub fn start(f: &Fixture) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huibao"))
            .args(["watch", "--message-format", "short"])
            .current_dir(f.dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        for stream in [
            Box::new(out) as Box<dyn std::io::Read + Send>,
            Box::new(err),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    if tx.send(line.unwrap()).is_err() {
                        break;
                    }
                }
            });
        }
        Watch { child, lines }
    }

    /// Reads lines until none has come for two seconds: the rebuilds a burst of saves set
    /// off are all done.
    pub fn settle(&self) {
        while self.lines.recv_timeout(Duration::from_secs(2)).is_ok() {}
    }

    /// The lines up to and including the first that contains `words` (panics after 20 s).
    pub fn until_containing(&self, words: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => {
                    let done = line.contains(words);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(_) => panic!("no line containing {words:?}; saw {seen:#?}"),
            }
        }
    }

    /// The lines up to and including the first that starts with `prefix` (panics after 20 s).
    pub fn until(&self, prefix: &str) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => {
                    // Lines of its own carry the time: `[21:40:05] rebuilt in 5 ms: …`.
                    let line = match line.split_once("] ") {
                        Some((time, rest)) if time.starts_with('[') && time.len() == 9 => {
                            rest.to_string()
                        }
                        _ => line,
                    };
                    let done = line.starts_with(prefix);
                    seen.push(line);
                    if done {
                        return seen;
                    }
                }
                Err(_) => panic!("no line starting with {prefix:?}; saw {seen:#?}"),
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_save_reports_problems_and_keeps_the_last_good_output() {
    let f = Fixture::seed();
    let w = Watch::start(&f);
    let first = w.until("built in ");
    assert!(
        first.last().unwrap().contains("output/meeting.pdf"),
        "{first:?}"
    );
    w.until("watching content");

    // An edit to one annex rewrites that annex's files and the full material, not the other
    // annex's — as long as it leaves the columns the annexes share where they were and brings
    // no character new to the material (by design, either moves both annexes: an edit that
    // makes a column want half a character more moves the shared columns, and every PDF of a
    // material embeds one cut of each font, its characters from every part).
    f.edit(YONGAN1, "尽快开展需求沟通。", "尽快开展需求梳理。");
    let rebuilt = w.until("rebuilt in ");
    let line = rebuilt.last().unwrap();
    for name in [
        "output/meeting.pdf",
        "output/yongan.pdf",
        "output/yongan.xlsx",
    ] {
        assert!(line.contains(name), "{line}");
    }
    assert!(!line.contains("datian"), "{line}");
    let (text, _) = f.pdf_text("yongan.pdf");
    assert!(text.contains("尽快开展需求梳理"), "{text}");

    // A mistake is reported, the loop goes on, and the outputs stay as they were.
    let before = std::fs::read(f.path("output/yongan.pdf")).unwrap();
    f.edit(YONGAN1, "    lead_dept: 环保处", "    lead_dep: 环保处");
    // (Under load the watcher may first see the file half written, and report that too: the
    // report of the finished edit follows.)
    let problems = w.until(
        "error: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dep: unknown field",
    );
    assert!(!problems.is_empty());
    w.until("1 problem in 1 file");
    assert_eq!(std::fs::read(f.path("output/yongan.pdf")).unwrap(), before);

    // Fixed, it builds again (nothing new to write: the content is as before the mistake).
    f.edit(YONGAN1, "    lead_dep: 环保处", "    lead_dept: 环保处");
    let fixed = w.until("rebuilt in ");
    assert!(
        fixed
            .last()
            .unwrap()
            .ends_with("nothing changed — the problem is fixed"),
        "{fixed:?}"
    );

    // A comment changes no output.
    let text = f.read(YONGAN1);
    f.write(YONGAN1, format!("{text}# 待核实\n"));
    let comment = w.until("rebuilt in ");
    assert!(
        comment.last().unwrap().ends_with("nothing changed"),
        "{comment:?}"
    );
}

/// A session reuses the files whose inputs did not change: after each edit (one department's
/// row, the report, a column width's worth of text), every file it produces equals a fresh
/// build's of the same content, so nothing stale is kept.
#[test]
fn a_session_after_edits_gives_the_same_files_as_a_fresh_build() {
    use huibao::pipeline::{self, BuildOptions, Cache};
    let f = Fixture::seed();
    let opts = BuildOptions {
        content: f.path("content"),
        templates: f.path("templates"),
        output: f.path("output"),
        source_date_epoch: Some(1_700_000_000),
        ..BuildOptions::default()
    };
    let mut cache = Cache::for_session();
    pipeline::produce_with(&opts, &mut cache).unwrap();
    let edits = [
        (
            YONGAN1,
            "    lead_dept: 环保处\n",
            "    lead_dept: 监测站\n",
        ),
        (YONGAN1, "沈敏", "沈 敏"),
        ("content/meeting.yaml", "以上汇报", "以上情况汇报"),
        (
            DATIAN6,
            "title: EOD项目",
            "title: EOD项目（生态环境导向的开发模式）",
        ),
    ];
    for (file, from, to) in edits {
        f.edit(file, from, to);
        let session = pipeline::produce_with(&opts, &mut cache).unwrap();
        let fresh = pipeline::produce(&opts).unwrap();
        let names = |p: &pipeline::Produced| -> Vec<String> {
            p.files.iter().map(|f| f.name.clone()).collect()
        };
        assert_eq!(names(&session), names(&fresh), "after {to:?}");
        for (a, b) in session.files.iter().zip(&fresh.files) {
            assert!(a.bytes == b.bytes, "{} differs after {to:?}", a.name);
        }
    }
}

/// An edit to a long annex that brings a character new to the material (its faces are cut
/// again, every glyph id after it renumbered) and then takes it away: the session's files
/// equal a fresh build's each time.
#[test]
fn a_session_editing_a_long_annex_gives_the_same_files_as_a_fresh_build() {
    use huibao::pipeline::{self, BuildOptions, Cache};
    let dir = tempfile::tempdir().unwrap();
    // 140 items: about 70 pages, two pieces of drawing.
    crate::synth::write_project(dir.path(), 1, 140, 1).unwrap();
    let opts = BuildOptions {
        content: dir.path().join("content"),
        templates: dir.path().join("templates"),
        output: dir.path().join("output"),
        source_date_epoch: Some(1_700_000_000),
        ..BuildOptions::default()
    };
    let mut cache = Cache::for_session();
    pipeline::produce_with(&opts, &mut cache).unwrap();
    let item = dir.path().join("content/partner001/00130.yaml");
    let text = std::fs::read_to_string(&item).unwrap();
    let title = text.lines().find(|l| l.starts_with("title: ")).unwrap();
    // 改 is in no other item (one character for another: the columns keep their widths; the
    // same fonts draw the annex, with new glyph ids); then back to the original.
    let edited = format!("title: 改{}", title.chars().skip(8).collect::<String>());
    assert_eq!(edited.chars().count(), title.chars().count());
    for (n, edited) in [text.replacen(title, &edited, 1), text.clone()]
        .into_iter()
        .enumerate()
    {
        std::fs::write(&item, &edited).unwrap();
        let session = pipeline::produce_with(&opts, &mut cache).unwrap();
        assert_eq!(cache.sections(), 2, "edit {n}: the report and the annex");
        let fresh = pipeline::produce(&opts).unwrap();
        assert_eq!(session.files.len(), fresh.files.len());
        for (a, b) in session.files.iter().zip(&fresh.files) {
            assert_eq!(a.name, b.name);
            assert!(a.bytes == b.bytes, "{} differs", a.name);
        }
    }
}
