//! Bad input never panics: every truncation and many byte flips of the seed's files load to a
//! result (valid or a list of problems), and extreme but valid content builds with every
//! character kept.

use crate::common::*;

fn load(dir: &std::path::Path) {
    let result = std::panic::catch_unwind(|| huibao::content::load(dir));
    assert!(result.is_ok(), "loading panicked");
}

#[test]
fn truncated_and_corrupted_files_never_panic() {
    let f = Fixture::seed();
    let files = [
        "content/meeting.yaml",
        "content/yongan/_annex.yaml",
        YONGAN2,
        "content/datian/08-双碳方案.yaml",
    ];
    let mut rng = crate::synth::Rng::new(42);
    for rel in files {
        let original = std::fs::read(f.path(rel)).unwrap();
        for cut in (0..original.len()).step_by(5) {
            f.write(rel, &original[..cut]);
            load(&f.path("content"));
        }
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..rng.range(1, 4) {
                let i = rng.range(0, bytes.len() - 1);
                bytes[i] = b"\t\n :-[]{}\"'#&*!|>%@`\xff\x00\xe4"[rng.range(0, 22)];
            }
            f.write(rel, &bytes);
            load(&f.path("content"));
        }
        f.write(rel, &original);
    }
}

#[test]
fn extreme_content_builds_and_keeps_every_character() {
    let f = Fixture::seed();
    let long_word = "A".repeat(3000);
    let long_text = "很长的推进情况说明，".repeat(400);
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        &format!("progress: {long_text}"),
    );
    f.edit(
        YONGAN1,
        "lead_leader: 沈敏",
        &format!("lead_leader: {long_word}"),
    );
    let markup = f.build_markup("yongan");
    let (text, pages) = f.pdf_text("yongan.pdf");
    // A split cell interleaves with the repeated header, so count characters, not phrases.
    for c in ['A', '很', '说'] {
        assert_eq!(text.matches(c).count(), markup.matches(c).count(), "{c}");
    }
    assert_eq!(text.matches('A').count(), 3000);
    assert_eq!(text.matches('很').count(), 400);
    assert!(pages > 3, "the long cell runs over several pages");
}

#[test]
fn markup_characters_in_content_reach_both_outputs_unchanged() {
    let f = Fixture::seed();
    let tricky = r#"a<b>&amp;"c"'d' {x} 1/2"#;
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        &format!("progress: '{}'", tricky.replace('\'', "''")),
    );
    f.build_ok();
    let (text, _) = f.pdf_text("yongan.pdf");
    assert!(text.contains(&crate::common::pdf::squash(tricky)), "{text}");
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(f.path("output/yongan.xlsx")).unwrap();
    let range = wb.worksheet_range("附件1").unwrap();
    assert_eq!(
        range.get_value((3, 7)),
        Some(&calamine::Data::String(tricky.to_string()))
    );
}

#[test]
fn line_breaks_written_in_content_are_kept() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "progress: |-\n      第一行 one\n      第二行 two",
    );
    let markup = f.build_markup("yongan");
    assert!(markup.contains("第一行 one\u{2028}第二行 two"), "{markup}");
    let pages = crate::common::pdf::extract(&std::fs::read(f.path("output/yongan.pdf")).unwrap());
    assert!(
        pages[0].text.contains("第一行 one\n第二行 two"),
        "{}",
        pages[0].text
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(f.path("output/yongan.xlsx")).unwrap();
    let range = wb.worksheet_range("附件1").unwrap();
    assert_eq!(
        range.get_value((3, 7)),
        Some(&calamine::Data::String("第一行 one\n第二行 two".into()))
    );
}

/// Runs huibao build under bash with a file-size limit (in KB); `ignore_signal` makes an
/// over-size write fail with an error (as on a full disk) instead of killing the process.
fn build_with_file_limit(f: &Fixture, kb: u32, ignore_signal: bool) -> std::process::Output {
    let trap = if ignore_signal { "trap '' XFSZ; " } else { "" };
    std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("{trap}ulimit -f {kb}; exec \"$0\" build",))
        .arg(env!("CARGO_BIN_EXE_huibao"))
        .current_dir(f.dir.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

#[test]
fn a_failed_write_leaves_every_old_file_as_it_was() {
    let f = Fixture::seed();
    f.build_ok();
    let before = tree(&f.path("output"));
    // A change to every output, then a disk that takes no file over 200 KB: meeting.pdf
    // cannot be written, so nothing may change.
    f.edit(
        "content/meeting.yaml",
        "以上汇报，请予审议。",
        "以上汇报，请审议。",
    );
    f.edit(YONGAN1, "沈敏", "沈敏华");
    f.edit(DATIAN3, "加强", "强化");
    let out = build_with_file_limit(&f, 200, true);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: output/meeting.pdf: cannot write: File too large"),
        "{err}"
    );
    assert_eq!(tree(&f.path("output")), before, "an old file changed");
}

#[test]
fn a_build_killed_while_writing_leaves_no_temporaries_after_the_next() {
    let f = Fixture::seed();
    f.build_ok();
    f.edit(
        "content/meeting.yaml",
        "以上汇报，请予审议。",
        "以上汇报，请审议。",
    );
    // The kernel kills the build (SIGXFSZ) in the middle of writing meeting.pdf.
    let out = build_with_file_limit(&f, 200, false);
    assert!(!out.status.success());
    let leftovers = |f: &Fixture| -> Vec<String> {
        tree(&f.path("output"))
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| n.starts_with(".huibao-tmp-") || n.starts_with(".huibao-old-"))
            .collect()
    };
    assert!(!leftovers(&f).is_empty(), "the kill left no temporary");
    f.build_ok();
    assert_eq!(leftovers(&f), Vec::<String>::new());
    let (text, _) = f.pdf_text("meeting.pdf");
    assert!(text.contains("以上汇报，请审议。"));
}

#[test]
fn files_of_a_renamed_annex_are_removed_and_nothing_else() {
    let f = Fixture::seed();
    f.build_ok();
    f.write("output/说明.txt", "the user's own file");
    std::fs::rename(f.path("content/datian"), f.path("content/datian-county")).unwrap();
    let out = f.run(&["build"]);
    assert_ok(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("removed output/datian.pdf (no longer built)"),
        "{stdout}"
    );
    let names: Vec<String> = tree(&f.path("output"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for gone in ["datian.pdf", "datian.xlsx", "datian.docx"] {
        assert!(!names.contains(&gone.to_string()), "{gone} is still there");
    }
    for kept in [
        "datian-county.pdf",
        "datian-county.xlsx",
        "说明.txt",
        "meeting.pdf",
    ] {
        assert!(names.contains(&kept.to_string()), "{kept} is missing");
    }
}

#[test]
fn an_output_folder_inside_the_sources_is_refused() {
    let f = Fixture::seed_with_templates();
    let before = f.read("templates/report.html");
    for (dir, expected) in [
        (
            "templates",
            "error: templates: the output folder is inside the templates folder",
        ),
        (
            "content/out",
            "error: content/out: the output folder is inside the content folder",
        ),
        (
            "content",
            "error: content: the output folder is inside the content folder",
        ),
    ] {
        let out = f.run(&["build", "--output", dir]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with(expected), "{err}");
    }
    assert_eq!(f.read("templates/report.html"), before);
    assert!(!f.path("content/out").exists());
}

#[test]
fn a_second_build_waits_for_the_first() {
    let f = Fixture::seed();
    f.build_ok();
    // Hold the output folder's lock as a running build would.
    let lock = std::fs::File::options()
        .write(true)
        .open(f.path("output/.huibao-lock"))
        .unwrap();
    lock.lock().unwrap();
    f.edit(
        "content/meeting.yaml",
        "以上汇报，请予审议。",
        "以上汇报，请审议。",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .arg("build")
        .current_dir(f.dir.path())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (however slow the machine) until the build says it is waiting for the lock.
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut first).unwrap();
    assert!(
        first.starts_with("waiting for another huibao writing into output to finish"),
        "{first}"
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build did not wait"
    );
    assert!(!f.pdf_text("meeting.pdf").0.contains("以上汇报，请审议。"));
    drop(lock);
    let out = child.wait_with_output().unwrap();
    assert_ok(&out);
    assert!(f.pdf_text("meeting.pdf").0.contains("以上汇报，请审议。"));
}

/// Replaces the first background paragraph of meeting.yaml by `prose` (YAML-quoted).
fn with_background(f: &Fixture, prose: &str) {
    let text = f.read("content/meeting.yaml");
    let quoted = format!("{prose:?}");
    f.write(
        "content/meeting.yaml",
        text.replacen("background:\n", &format!("background:\n  - {quoted}\n"), 1),
    );
}

/// Asserts that `check` and `build` both fail with exactly `expected` (one problem) and that
/// nothing was written.
fn refused(f: &Fixture, expected: &str) {
    let (ok, _, err) = f.check();
    assert!(!ok, "check passed; expected {expected}");
    assert_eq!(err, format!("{expected}\n1 problem in 1 file\n"));
    let out = f.run(&["build", "--message-format", "short"]);
    assert!(!out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), err);
    assert!(!f.path("output").exists());
}

const PROSE_RULE: &str = "is not allowed in content: prose may use variables, filters, arithmetic, `if` and `for` over the content's lists";

#[test]
fn prose_cannot_run_programs_or_read_the_environment() {
    let deep_parens = format!("{{{{ {}1{} }}}}", "(".repeat(10_000), ")".repeat(10_000));
    let deep_ifs = format!(
        "{}x{}",
        "{% if true %}".repeat(100),
        "{% endif %}".repeat(100)
    );
    let cases = [
        (
            "{% macro m() %}{{ self::m() }}{% endmacro m %}{{ self::m() }}",
            format!("a macro {PROSE_RULE}"),
        ),
        (
            deep_parens.as_str(),
            "nested more than 32 levels deep: simplify the expression".to_string(),
        ),
        (
            deep_ifs.as_str(),
            "nested more than 32 levels deep: simplify the expression".to_string(),
        ),
        (
            "{% for i in range(end=100000000) %}x{% endfor %}",
            format!("a loop over `range(…)` or a literal list {PROSE_RULE}"),
        ),
        (
            "{% set r = range(end=200000000) %}",
            format!("`set` {PROSE_RULE}"),
        ),
        (
            "{% for a in annexes %}{% for b in a.items %}{% for c in a.items %}x{% endfor %}{% endfor %}{% endfor %}",
            format!("nesting more than 2 `for` loops {PROSE_RULE}"),
        ),
        (
            "{{ get_env(name=\"HOME\") }}",
            format!("the function `get_env` {PROSE_RULE}"),
        ),
        (
            "{{ __tera_context }}",
            format!("`__tera_context` {PROSE_RULE}"),
        ),
        (
            "{% include \"report.html\" %}",
            format!("`include` {PROSE_RULE}"),
        ),
    ];
    for (prose, message) in cases {
        let f = Fixture::seed();
        with_background(&f, prose);
        refused(
            &f,
            &format!("error: content/meeting.yaml:8:5: background[0] (背景段落): {message}"),
        );
    }
}

#[test]
fn templates_cannot_read_the_environment_or_the_clock() {
    let f = Fixture::seed_with_templates();
    f.edit(
        "templates/report.html",
        "<document>",
        "<document>{{ get_env(name=\"PATH\") }}",
    );
    let out = f.run(&["build"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "the function `get_env` is not available: huibao's output depends on the content alone"
        ),
        "{err}"
    );
    assert!(!f.path("output").exists());
}

#[test]
fn oversized_and_malformed_content_is_refused_at_load_with_its_place() {
    let long_cell = "沈".repeat(40_000);
    let many_rows = "\n  - {content: x, lead_dept: 环保处}".repeat(600);
    let huge = "沈".repeat(400_000);
    let cases: [(&str, &str, String); 6] = [
        ("沈敏", long_cell.as_str(), "error: content/yongan/01-加强生态环境保护.yaml:8:18: rows[0].lead_leader (牵头领导): 40000 characters: a table cell holds at most 32767 (Excel's limit); shorten it or split it over rows".into()),
        ("rows:", &format!("rows:{many_rows}"), "error: content/yongan/01-加强生态环境保护.yaml:3:1: rows (对口合作交流内容): 601 rows: an item may have at most 500 (split it into several items)".into()),
        ("沈敏", huge.as_str(), "error: content/yongan/01-加强生态环境保护.yaml: the file is 1172 KB; a content file may hold at most 1024 KB (one item per file; is pasted data in it?)".into()),
        ("seq: 1", "seq: 1\nx: &a [lol, lol]\ny: [*a, *a]", "error: content/yongan/01-加强生态环境保护.yaml:3:5: y[0]: a YAML alias (*name): content must write each text out, aliases are not read\n  hint: replace the *name by the text it stands for".into()),
        ("沈敏", "沈\u{0}敏", "error: content/yongan/01-加强生态环境保护.yaml:8:19: the control character U+0000 is in the file here: it cannot be printed; remove it".into()),
        ("title: 加强生态环境保护", "title: \"加强\\e[31m生态\"", "error: content/yongan/01-加强生态环境保护.yaml:2:8: title (事项): holds the control character U+001B: it cannot be printed; remove it".into()),
    ];
    for (from, to, expected) in cases {
        let f = Fixture::seed();
        f.edit(YONGAN1, from, to);
        refused(&f, &expected);
    }
    // An escape sequence never reaches the terminal through `list` either.
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "title: 加强生态环境保护",
        "title: \"加强\\e[31m生态\"",
    );
    let out = f.run(&["list"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains('\u{1b}'));
}

#[test]
fn links_hidden_folders_and_long_folder_names_are_named() {
    let f = Fixture::seed();
    std::fs::rename(f.path("content/meeting.yaml"), f.path("meeting.yaml")).unwrap();
    std::os::unix::fs::symlink(f.path("meeting.yaml"), f.path("content/meeting.yaml")).unwrap();
    refused(
        &f,
        "error: content/meeting.yaml: a symbolic link: huibao does not follow links, so it cannot read this\n  hint: copy the file or folder here instead of linking it",
    );

    let f = Fixture::seed();
    std::os::unix::fs::symlink(f.path(YONGAN2), f.path("content/yongan/04-link.yaml")).unwrap();
    refused(
        &f,
        "error: content/yongan/04-link.yaml: a symbolic link: huibao does not follow links, so it cannot read this\n  hint: copy the file or folder here instead of linking it",
    );

    let f = Fixture::seed();
    std::fs::create_dir(f.path("content/.draft")).unwrap();
    f.write("content/.draft/_annex.yaml", "number: 3\n");
    let (ok, _, err) = f.check();
    assert!(ok, "{err}");
    assert_eq!(
        err,
        "warning: content/.draft: a hidden folder: huibao does not read it, so it is no annex\n  hint: rename the folder without the leading `.` to make it an annex\n1 warning\n"
    );

    let f = Fixture::seed();
    let long = "大".repeat(84);
    std::fs::rename(f.path("content/datian"), f.path(&format!("content/{long}"))).unwrap();
    refused(
        &f,
        &format!(
            "error: content/{long}: the folder name is 252 bytes long: a file name made from it needs at most 250 (about 83 Chinese characters); shorten it"
        ),
    );
}

#[test]
fn init_refuses_a_folder_with_a_project_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    let out = run_in(dir.path(), &["init", "."]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: ./templates already exists: init only writes a new project\n"
    );
    assert!(!dir.path().join("content").exists());
}
