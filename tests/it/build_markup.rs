//! `huibao build` up to the markup stage: snapshots of the seed's rendered markup, counts that
//! follow the content, template and markup errors, reproducibility and atomic output.

use crate::common::*;

/// The seed's markup, reviewed as insta snapshots in `tests/it/snapshots/` (accept a change
/// with `cargo insta review`, or `INSTA_UPDATE=always cargo test`).
#[test]
fn seed_markup_matches_snapshots() {
    let f = Fixture::seed();
    for stem in ["meeting", "yongan", "datian"] {
        insta::assert_snapshot!(format!("{stem}.html"), f.build_markup(stem));
    }
}

#[test]
fn built_in_templates_equal_the_repository_templates() {
    let a = Fixture::seed();
    let b = Fixture::seed_with_templates();
    for stem in ["meeting", "yongan", "datian"] {
        assert_eq!(a.build_markup(stem), b.build_markup(stem));
    }
}

#[test]
fn adding_an_item_changes_the_annex_and_the_report_counts() {
    let f = Fixture::seed();
    f.write(
        "content/yongan/04-新增事项.yaml",
        "seq: 4\ntitle: 新增事项\nrows:\n  - content: 新增内容\n    plans:\n      2024-2025: 新增计划\n    lead_dept: 环保处\n",
    );
    let report = f.build_markup("meeting");
    assert!(report.contains("等四大类共五项合作交流项目"), "{report}");
    let annex = f.read("output/markup/yongan.html");
    assert!(annex.contains("<td class=\"cell-center\" rowspan=\"1\">4</td>"));
    assert!(annex.contains("<td colspan=\"2\">新增计划</td>"));
}

#[test]
fn broken_template_names_template_line_and_cause() {
    let f = Fixture::seed_with_templates();
    f.edit(
        "templates/annex.html",
        "{{ annex.title }}",
        "{{ annex.title ",
    );
    let (ok, err) = f.build();
    assert!(!ok);
    assert!(
        err.starts_with("error: templates/annex.html: Failed to parse"),
        "{err}"
    );
    assert!(err.contains("--> 6:"), "{err}");

    let f = Fixture::seed_with_templates();
    f.edit(
        "templates/annex.html",
        "{{ annex.title }}",
        "{{ annex.titel }}",
    );
    let (ok, err) = f.build();
    assert!(!ok);
    assert!(
        err.contains("templates/annex.html: Failed to render 'annex.html'"),
        "{err}"
    );
    assert!(
        err.contains("Variable `annex.titel` not found in context"),
        "{err}"
    );
}

#[test]
fn broken_markup_names_template_and_output_line() {
    let f = Fixture::seed_with_templates();
    f.edit(
        "templates/report.html",
        "<p class=\"closing\">",
        "<p class=\"closing\"></b>",
    );
    let (ok, err) = f.build();
    assert!(!ok);
    assert!(
        err.starts_with("error: templates/report.html: the rendered markup does not parse:"),
        "{err}"
    );
    assert!(
        err.contains("output line 16: <p class=\"closing\"></b>以上汇报"),
        "{err}"
    );

    let f = Fixture::seed_with_templates();
    f.edit(
        "templates/report.html",
        "<p class=\"closing\">",
        "<p class=\"shouting\">",
    );
    let (ok, err) = f.build();
    assert!(!ok);
    assert!(
        err.contains("templates/report.html: class `shouting` is not a role in style.yaml"),
        "{err}"
    );
}

#[test]
fn prose_expression_errors_point_at_the_content_field() {
    let f = Fixture::seed();
    f.edit(
        "content/yongan/_annex.yaml",
        "{{ annex.number }}",
        "{{ annex.numbr }}",
    );
    let (ok, err) = f.build();
    assert!(!ok);
    assert!(
        err.contains(
            "error: content/yongan/_annex.yaml:8:5: report[0] (汇报段落): template expression:"
        ),
        "{err}"
    );
}

#[test]
fn building_twice_gives_identical_bytes_and_rewrites_nothing() {
    let f = Fixture::seed();
    assert!(f.build().0);
    let names: Vec<_> = tree(&f.path("output"))
        .into_iter()
        .map(|(n, _)| f.path("output").join(n))
        .collect();
    let first: Vec<_> = names
        .iter()
        .map(|p| {
            (
                std::fs::read(p).unwrap(),
                std::fs::metadata(p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    let out = f.run(&["build"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 files written"));
    let second: Vec<_> = names
        .iter()
        .map(|p| {
            (
                std::fs::read(p).unwrap(),
                std::fs::metadata(p).unwrap().modified().unwrap(),
            )
        })
        .collect();
    assert_eq!(first, second);
}

#[test]
fn a_failed_build_leaves_output_untouched() {
    let f = Fixture::seed();
    assert!(f.build().0);
    let before = tree(&f.path("output"));
    // Valid enough to render the report, invalid in one annex item: nothing may be written.
    f.edit(
        "content/meeting.yaml",
        "以上汇报，请予审议。",
        "以上汇报，请审议。",
    );
    f.edit(YONGAN1, "seq: 1", "seq: 0");
    assert!(!f.build().0);
    let after = tree(&f.path("output"));
    assert_eq!(before, after);
}

#[test]
fn init_writes_a_project_that_builds() {
    let f = Fixture::seed();
    let out = f.run(&["init", "fresh"]);
    assert!(out.status.success());
    assert!(f.path("fresh/templates/style.yaml").is_file());
    assert!(f.path("fresh/content/meeting.yaml").is_file());
    // The fonts stay in the binary; git gets what it needs.
    assert!(!f.path("fresh/templates/fonts").exists());
    assert!(f.read("fresh/.gitignore").contains("/output/*"));
    assert!(
        f.read("fresh/.gitattributes")
            .contains("*.yaml text eol=lf")
    );
    assert!(
        f.read("fresh/README.md")
            .contains("git config core.quotepath false")
    );
    assert!(f.path("fresh/output/.gitkeep").is_file());
    assert_ok(&run_in(&f.path("fresh"), &["build"]));
    let bytes = std::fs::read(f.path("fresh/output/meeting.pdf")).unwrap();
    let text: String = crate::common::pdf::extract(&bytes)
        .iter()
        .map(|p| crate::common::pdf::squash(&p.text))
        .collect();
    assert!(text.contains("以上汇报，请予审议。"), "{text}");
    let again = f.run(&["init", "fresh"]);
    assert!(!again.status.success());
}

#[test]
fn a_parallel_build_equals_a_serial_build() {
    let f = Fixture::seed();
    let run = |threads: &str, out: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
            .args(["build", "--output", out])
            .current_dir(f.dir.path())
            .env("HUIBAO_THREADS", threads)
            .output()
            .unwrap();
        assert!(o.status.success());
    };
    run("1", "serial");
    run("4", "parallel");
    // The lock and the manifest are huibao's own bookkeeping.
    let outputs = |dir: &str| -> Vec<(String, Vec<u8>)> {
        tree(&f.path(dir))
            .into_iter()
            .filter(|(n, _)| !n.starts_with(".huibao-"))
            .collect()
    };
    let (serial, parallel) = (outputs("serial"), outputs("parallel"));
    assert_eq!(
        serial.len(),
        8 + 11,
        "8 files (PDF, XLSX, DOCX) and 11 department workbooks"
    );
    for ((name, a), (_, b)) in serial.iter().zip(&parallel) {
        assert!(
            a == b,
            "{name} differs between a serial and a parallel build"
        );
    }
    assert_eq!(serial.len(), parallel.len());
}

#[test]
fn a_named_templates_folder_must_exist() {
    let f = Fixture::seed();
    let out = f.run(&["build", "--templates", "nope"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: nope: templates folder not found (leave out --templates to use the built-in templates)"
    );
    assert!(!f.path("output").exists());
}

#[test]
fn style_errors_name_the_file_and_the_setting() {
    let cases = [
        (
            "body:          {font: song,",
            "body:          {font: fangsong,",
            "templates/style.yaml: roles.body.font: `fangsong` is not one of the fonts (hanamin, hei, kai, ming, song, ukai, xbs)",
        ),
        (
            "title:         {font: xbs,  size: 二号,",
            "title:         {font: xbs,  size: 二点五号,",
            "templates/style.yaml: roles.title: unknown 字号 `二点五号`",
        ),
        (
            "portrait:  {width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26}",
            "portrait:  {width: 210, height: 297, top: 37, bottom: 35, left: 100, right: 100}",
            "templates/style.yaml: pages.portrait: the margins leave a text block of 10 x 225 mm; at least 30 x 30 mm is needed",
        ),
    ];
    for (from, to, expected) in cases {
        let f = Fixture::seed_with_templates();
        f.edit("templates/style.yaml", from, to);
        let out = f.run(&["build"]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "expected {expected:?} in\n{err}");
    }
}

#[test]
fn quiet_and_verbose() {
    let f = Fixture::seed();
    let out = f.run(&["build", "-q"]);
    assert_ok(&out);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    f.edit(
        "content/meeting.yaml",
        "以上汇报，请予审议。",
        "以上汇报，请审议。",
    );
    let out = f.run(&["-v", "build"]);
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("wrote output/meeting.pdf"), "{text}");
    assert!(
        text.contains("load ") && text.contains(" ms, validate "),
        "{text}"
    );
    // Problems are printed however quiet.
    f.edit(YONGAN1, "seq: 1", "seq: 0");
    let out = f.run(&["-q", "check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("seq (序号)"));
}

/// output/ holds what a clerk opens (the PDFs, workbooks and Word files, the department
/// workbooks) and huibao's hidden bookkeeping; the markup only with `--markup`, in its own
/// folder, and gone again after a plain build.
#[test]
fn output_holds_only_what_a_clerk_opens_unless_markup_is_asked_for() {
    let f = Fixture::seed();
    let top = |f: &Fixture| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(f.path("output"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        names
    };
    f.build_ok();
    let opened = [
        "datian.docx",
        "datian.pdf",
        "datian.xlsx",
        "departments",
        "meeting.docx",
        "meeting.pdf",
        "yongan.docx",
        "yongan.pdf",
        "yongan.xlsx",
    ];
    assert_eq!(top(&f), opened);
    assert!(f.build_markup("yongan").contains("<table"));
    assert!(top(&f).contains(&"markup".to_string()));
    f.build_ok();
    let markup_left: Vec<String> = tree(&f.path("output"))
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.ends_with(".html"))
        .collect();
    assert_eq!(markup_left, Vec::<String>::new());
}
