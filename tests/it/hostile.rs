//! The second audit's hostile and broken projects (nesting, tags, template recursion, numbers
//! out of range in style.yaml, special files, a sparse font): each refused with an error that
//! names its file, and `watch` living through every one of them. Their time and memory are
//! measured by `cargo bench --bench hostile`.

use crate::common::*;
use crate::spoilt;

#[test]
fn each_spoilt_project_is_refused_with_its_file_named() {
    for s in spoilt::all() {
        let f = Fixture::seed_with_templates();
        (s.spoil)(f.dir.path());
        let out = f.run(&["check", "--message-format", "short"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", s.name);
        let first = err.lines().next().unwrap_or("");
        assert!(
            first.starts_with("error: ") && first.contains(s.file) && first.contains(s.says),
            "{}: expected an error naming {} and saying {:?}, got:\n{err}",
            s.name,
            s.file,
            s.says
        );
    }
}

#[test]
fn watch_lives_through_every_spoilt_project() {
    let f = Fixture::seed_with_templates();
    let w = crate::watch::Watch::start(&f);
    w.until("watching content");
    for s in spoilt::all() {
        (s.spoil)(f.dir.path());
        w.until_containing(s.says);
        spoilt::restore(&s, &repo(), f.dir.path());
        w.until("rebuilt in ");
        w.settle();
    }
    // Still alive and building after all of them.
    f.edit(YONGAN1, "尽快开展需求沟通。", "尽快开展需求沟通，已约谈。");
    w.until("rebuilt in ");
    assert!(f.pdf_text("yongan.pdf").0.contains("已约谈"));
}

/// Runs huibao in `dir` with `LANG` set to `lang` (and no other locale variable).
fn run_with_lang(dir: &std::path::Path, lang: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .unwrap()
}

#[test]
fn a_gb18030_terminal_reads_the_messages_in_its_encoding() {
    let f = Fixture::seed();
    f.edit(YONGAN1, "seq: 1", "seq: 一");
    let out = run_with_lang(
        f.dir.path(),
        "zh_CN.GB18030",
        &["check", "--message-format", "short"],
    );
    assert!(
        std::str::from_utf8(&out.stderr).is_err(),
        "written as UTF-8"
    );
    let (text, _, bad) = encoding_rs::GB18030.decode(&out.stderr);
    assert!(!bad);
    assert!(
        text.starts_with("错误: content/yongan/01-加强生态环境保护.yaml:1:6: seq (序号)"),
        "{text}"
    );
    // A UTF-8 terminal is unchanged.
    let out = run_with_lang(
        f.dir.path(),
        "zh_CN.UTF-8",
        &["check", "--message-format", "short"],
    );
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("错误: "));
}

#[test]
fn json_lines_escape_direction_controls_in_names() {
    let f = Fixture::seed();
    f.write("content/a\u{202e}b.txt", "x");
    let out = f.run(&["check", "--message-format", "json"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains('\u{202e}'), "{err}");
    let line: serde_json::Value = serde_json::from_str(err.lines().next().unwrap()).unwrap();
    assert_eq!(line["file"], "content/a\u{202e}b.txt");
}

#[test]
fn changes_says_why_git_gave_no_answer() {
    let f = Fixture::seed();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(["changes"])
        .current_dir(f.dir.path())
        .env("PATH", "/nonexistent")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: cannot run git"), "{err}");
    // A repository git refuses (owned by another user): git's own words, not "no repository".
    assert!(runs_here(
        "git",
        &["init", "-q", f.path(".").to_str().unwrap()]
    ));
    if runs_here("chown", &["-R", "nobody", f.path(".").to_str().unwrap()]) {
        let out = f.run(&["changes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("git refused to read this folder"), "{err}");
        assert!(err.contains("dubious ownership"), "{err}");
    }
}

#[test]
fn init_prints_a_cd_line_that_works_when_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["init", "新 项目 2026"]);
    assert_ok(&out);
    let said = String::from_utf8(out.stdout).unwrap();
    let cd = said.split_once("build it with: ").unwrap().1.trim();
    assert_eq!(cd, "cd '新 项目 2026' && huibao build");
    // Pasted into a shell, the line enters the new project.
    let ran = std::process::Command::new("sh")
        .args(["-c", &cd.replace("huibao build", "ls content")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        ran.status.success(),
        "{}",
        String::from_utf8_lossy(&ran.stderr)
    );
    assert!(String::from_utf8_lossy(&ran.stdout).contains("meeting.yaml"));
}
