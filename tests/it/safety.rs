//! Build safety: valid content of any length builds in bounded time with every character
//! drawn, a build killed at any rename of its swap-in leaves all old files (the next run rolls
//! it back), output names work on every disk, and what huibao prints cannot drive a terminal.

use crate::common::*;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs huibao in the fixture with extra environment variables.
fn run_with(f: &Fixture, args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huibao"));
    cmd.args(args)
        .current_dir(f.dir.path())
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

/// Runs huibao, failing the test (instead of hanging it) when it takes longer than `limit`.
fn run_within(f: &Fixture, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(args)
        .current_dir(f.dir.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("huibao {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn output_tree(f: &Fixture) -> Vec<(String, Vec<u8>)> {
    tree(&f.path("output"))
}

#[test]
fn a_build_killed_at_any_rename_leaves_all_old_files_and_the_next_build_all_new() {
    let old_epoch = [("SOURCE_DATE_EPOCH", "1700000000")];
    let new_epoch = ("SOURCE_DATE_EPOCH", "1800000000");
    let f = Fixture::seed();
    assert_ok(&run_with(&f, &["build"], &old_epoch));
    let all_old = output_tree(&f);
    let g = Fixture::seed();
    assert_ok(&run_with(&g, &["build"], &[new_epoch]));
    let all_new = output_tree(&g);
    let changed = all_old.iter().zip(&all_new).filter(|(a, b)| a != b).count();
    assert!(changed >= 5, "the new epoch changes the PDFs and workbooks");
    // Each changed file: its old version set aside, then its new one renamed into place.
    for k in 1..=2 * changed {
        let renames = k.to_string();
        let out = run_with(
            &f,
            &["build"],
            &[new_epoch, ("HUIBAO_CRASH_AFTER_RENAMES", &renames)],
        );
        assert!(!out.status.success(), "the build was stopped at rename {k}");
        // The next run settles the interrupted swap before anything else.
        assert_ok(&f.run(&["check"]));
        assert_eq!(
            output_tree(&f)
                .iter()
                .map(|(n, _)| n.clone())
                .collect::<Vec<_>>(),
            all_old.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(),
            "after a kill at rename {k}: the same files, no temporaries, no journal"
        );
        assert!(
            output_tree(&f) == all_old,
            "after a kill at rename {k}: all old"
        );
    }
    assert_ok(&run_with(&f, &["build"], &[new_epoch]));
    assert!(output_tree(&f) == all_new, "the next build: all new");
}

/// How often each character occurs in `text`.
fn counts(text: &str) -> std::collections::BTreeMap<char, usize> {
    let mut m = std::collections::BTreeMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

#[test]
fn a_3000_character_item_title_and_meeting_title_build_with_every_character() {
    let f = Fixture::seed();
    let item: String = "生态环境领域合作交流项目".repeat(250);
    let title: String = "浦东新区生态环境局与永安市、大田县合作交流".repeat(150);
    f.edit(
        YONGAN1,
        "title: 加强生态环境保护",
        &format!("title: {item}"),
    );
    f.edit(
        "content/meeting.yaml",
        "title: 浦东新区生态环境局与永安市、大田县生态环境领域合作交流项目制定情况的汇报",
        &format!("title: {title}"),
    );
    assert_ok(&run_within(&f, &["check"], Duration::from_secs(60)));
    assert_ok(&run_within(&f, &["build"], Duration::from_secs(60)));
    let (annex, _) = f.pdf_text("yongan.pdf");
    let (meeting, _) = f.pdf_text("meeting.pdf");
    for (what, text, drawn) in [("事项", &item, &annex), ("title", &title, &meeting)] {
        let have = counts(drawn);
        for (c, n) in counts(text) {
            assert!(
                have.get(&c).copied().unwrap_or(0) >= n,
                "{what}: {c} drawn {} times of {n}",
                have.get(&c).copied().unwrap_or(0)
            );
        }
    }
}

#[test]
fn an_item_title_without_any_break_opportunity_builds() {
    let f = Fixture::seed();
    let item = "环".repeat(3000);
    f.edit(
        YONGAN1,
        "title: 加强生态环境保护",
        &format!("title: {item}"),
    );
    assert_ok(&run_within(&f, &["build"], Duration::from_secs(60)));
    let (annex, _) = f.pdf_text("yongan.pdf");
    assert!(annex.matches('环').count() >= 3000);
}

/// `check`'s first error line.
fn first_error(f: &Fixture) -> String {
    let (ok, _, err) = f.check();
    assert!(!ok, "check passed");
    err.lines().next().unwrap_or_default().to_string()
}

#[test]
fn department_names_that_collide_or_fail_on_windows_are_refused_with_both_places() {
    let f = Fixture::seed();
    let text = f.read(YONGAN1);
    let lead = text
        .lines()
        .find(|l| l.contains("lead_dept:"))
        .unwrap()
        .split_once("lead_dept:")
        .unwrap()
        .1
        .trim()
        .to_string();
    let line = text.lines().position(|l| l.contains("lead_dept:")).unwrap() + 1;
    for (name, why) in [
        (
            "CON",
            "`CON` is a device name on Windows: a file called so cannot be opened there; choose another name",
        ),
        (
            "环保处?",
            "holds `?`, which Windows does not allow in a file name; leave it out or use the full-width form",
        ),
        (
            "环保处.",
            "ends with a dot or a space, which Windows drops from file names; leave it out",
        ),
    ] {
        f.write(
            YONGAN1,
            text.replacen(
                &format!("lead_dept: {lead}"),
                &format!("lead_dept: \"{name}\""),
                1,
            ),
        );
        assert_eq!(
            first_error(&f),
            format!(
                "error: {YONGAN1}:{line}:5: rows[0].lead_dept (牵头部门): `{name}` cannot be a department: the name {why} (each department gets a workbook named after it)"
            ),
        );
    }
    // ABC and abc: one file on Windows and macOS disks.
    f.write(
        YONGAN1,
        text.replacen(&format!("lead_dept: {lead}"), "lead_dept: ABC", 1),
    );
    f.write(
        YONGAN2,
        f.read(YONGAN2)
            .replacen("lead_dept: ", "lead_dept: abc # ", 1),
    );
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(
        err.contains(&format!("`abc` and `ABC` ({YONGAN1}:{line}) would be the same file departments/abc.xlsx on Windows and macOS disks, which do not tell them apart: spell the departments the same way, or make them differ by more than case, width or Unicode form (é typed as e + ´, 六 as its compatibility form)")),
        "{err}"
    );
}

#[test]
fn annex_folders_that_collide_or_fail_on_windows_are_refused() {
    let f = Fixture::seed();
    std::fs::rename(f.path("content/datian"), f.path("content/Meeting")).unwrap();
    assert_eq!(
        first_error(&f),
        "error: content/Meeting: an annex folder cannot be called `Meeting`: its files would overwrite meeting.pdf on some disks; rename the folder"
    );
    std::fs::rename(f.path("content/Meeting"), f.path("content/nul")).unwrap();
    assert_eq!(
        first_error(&f),
        "error: content/nul: the folder name `nul` is a device name on Windows: a file called so cannot be opened there; choose another name"
    );
    std::fs::rename(f.path("content/nul"), f.path("content/YongAn")).unwrap();
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(
        err.contains("`yongan` and `YongAn` (content/YongAn) would be the same file yongan.pdf on Windows and macOS disks"),
        "{err}"
    );
    // A line break in a folder name: refused, so no manifest or message can be misread.
    std::fs::rename(f.path("content/YongAn"), f.path("content/a\nnotes")).unwrap();
    assert_eq!(
        first_error(&f),
        "error: content/a\\u{a}notes: the folder name holds the control character \\u{a}: file names cannot"
    );
}

#[test]
fn long_names_that_check_also_build_again_and_again() {
    let f = Fixture::seed();
    let long = "局".repeat(83);
    std::fs::rename(f.path("content/datian"), f.path(&format!("content/{long}"))).unwrap();
    f.edit(YONGAN1, "lead_dept: ", &format!("lead_dept: {long} # "));
    assert!(f.check().0);
    f.build_ok();
    f.build_ok();
    run_with(&f, &["build"], &[("SOURCE_DATE_EPOCH", "1800000000")]);
    assert!(f.path(&format!("output/departments/{long}.xlsx")).is_file());
    assert!(f.path(&format!("output/{long}.xlsx")).is_file());
}

#[test]
fn the_manifest_names_files_so_none_is_misread_and_only_huibao_files_are_removed() {
    let f = Fixture::seed();
    f.build_ok();
    let manifest: Vec<String> =
        serde_json::from_str(&f.read("output/.huibao-manifest.json")).unwrap();
    assert!(manifest.contains(&"meeting.pdf".to_string()));
    assert!(manifest.iter().any(|n| n.starts_with("departments/")));
    // A user's own files in output/ stay when an annex goes.
    f.write("output/notes.pdf", "mine");
    std::fs::rename(f.path("content/datian"), f.path("content/tian")).unwrap();
    f.build_ok();
    assert!(!f.path("output/datian.pdf").exists());
    assert_eq!(f.read("output/notes.pdf"), "mine");
}

#[test]
fn printed_paths_and_texts_cannot_drive_the_terminal() {
    let f = Fixture::seed();
    std::fs::rename(
        f.path("content/datian"),
        f.path("content/da\u{1b}]0;x\u{7}\u{202e}tian"),
    )
    .unwrap();
    let out = f.run(&["list"]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{202e}'),
        "{all}"
    );
    assert!(all.contains("da\\u{1b}]0;x\\u{7}\\u{202e}tian"), "{all}");
    let (_, _, err) = f.check();
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{err}"
    );
}

#[test]
fn new_writes_its_title_as_one_yaml_value_and_refuses_line_breaks() {
    let f = Fixture::seed();
    let out = f.run(&["new", "yongan", "x\nseq: 99"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: the title holds \\u{a}, a line break or control character: give it on one line without control characters\n"
    );
    let out = f.run(&["new", "yongan", "a\u{2028}b"]);
    assert!(!out.status.success());
    let out = f.run(&["new", "yongan", "已完成: 第一阶段 #1"]);
    assert_ok(&out);
    let written = std::fs::read_dir(f.path("content/yongan"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("04-"))
        .unwrap();
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(text.contains("title: \"已完成: 第一阶段 #1\""), "{text}");
    let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(value["title"].as_str(), Some("已完成: 第一阶段 #1"));
    assert_eq!(value["seq"].as_u64(), Some(4));
}

#[test]
fn a_malformed_source_date_epoch_is_an_error_naming_the_variable() {
    let f = Fixture::seed();
    let out = run_with(&f, &["build"], &[("SOURCE_DATE_EPOCH", "2024-01-01")]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: the environment variable SOURCE_DATE_EPOCH is `2024-01-01`: it must be whole seconds since 1970-01-01 UTC, such as 1700000000; correct or unset it\n"
    );
    assert!(!f.path("output").exists());
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let f = Fixture::seed();
    for args in [&["fonts"][..], &["list"], &["completions", "bash"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_huibao"))
            .args(args)
            .current_dir(f.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away at once, as `| head -0` would.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        assert_ne!(out.status.code(), Some(101), "{args:?}");
    }
}

#[test]
fn spaces_that_the_pdf_folds_are_warned_with_their_place() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "title: 加强生态环境保护",
        "title: 加强生态  环境保护",
    );
    let (ok, _, err) = f.check();
    assert!(ok, "{err}");
    assert!(
        err.starts_with(&format!("warning: {YONGAN1}:2:8: title (事项): holds a tab or a run of spaces: the PDF shows it as one gap (the workbook keeps it as typed)\n  hint: write one space, or none between Chinese characters; a new line for a break")),
        "{err}"
    );
}

#[test]
fn the_longest_cell_and_texts_of_punctuation_alone_build_with_every_character() {
    let f = Fixture::seed();
    // 32,767 characters (Excel's limit) with no break opportunity but between punctuation.
    let cell: String = "、，。；：？！“”（）《》"
        .chars()
        .cycle()
        .take(32_767)
        .collect();
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        &format!("progress: \"{cell}\""),
    );
    let title: String = "、，。；：？！（）《》".repeat(30);
    f.edit(
        YONGAN1,
        "title: 加强生态环境保护",
        &format!("title: \"{title}\""),
    );
    assert_ok(&run_within(&f, &["build"], Duration::from_secs(120)));
    let (annex, _) = f.pdf_text("yongan.pdf");
    let have = counts(&annex);
    let mut want = counts(&cell);
    for (c, n) in counts(&title) {
        *want.entry(c).or_insert(0) += n;
    }
    for (c, n) in want {
        assert!(
            have.get(&c).copied().unwrap_or(0) >= n,
            "{c}: {:?} of {n}",
            have.get(&c)
        );
    }
}

#[test]
fn clean_removes_what_the_build_wrote_and_nothing_else() {
    let f = Fixture::seed();
    f.build_ok();
    f.write("output/mine.txt", "a note of mine");
    let out = f.run(&["clean"]);
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("removed output/meeting.pdf\n"), "{text}");
    assert!(
        text.trim_end().ends_with("files removed from output"),
        "{text}"
    );
    let left: Vec<String> = tree(&f.path("output"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(left, [".huibao-lock", "mine.txt"], "{left:?}");
    assert!(!f.path("output/departments").exists());
}

#[test]
fn a_command_run_inside_the_project_finds_it_upward() {
    let f = Fixture::seed();
    let out = run_in(
        &f.path("content/yongan"),
        &["check", "--message-format", "short"],
    );
    assert_ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "content is valid: 2 annexes, 12 items, 14 rows\n"
    );
    assert_ok(&run_in(&f.path("content/yongan"), &["build", "-q"]));
    assert!(
        f.path("output/meeting.pdf").is_file(),
        "built at the project's top"
    );
}
