//! `huibao check` and `huibao list` on the seed content and on one broken fixture per kind of
//! bad input, asserting the exact file, line and message a user sees.

use crate::common::*;

/// Asserts that check fails and that its error output contains each expected line.
fn assert_errors(f: &Fixture, expected: &[&str]) {
    let (ok, _, err) = f.check();
    assert!(!ok, "check should fail");
    for line in expected {
        assert!(
            err.lines().any(|l| l == *line),
            "missing line\n  {line}\nin\n{err}"
        );
    }
}

#[test]
fn seed_content_is_valid() {
    let (ok, out, err) = Fixture::seed().check();
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "content is valid: 2 annexes, 12 items, 14 rows");
}

#[test]
fn list_shows_items_rows_and_exclusions() {
    let out = Fixture::seed().run(&["list"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("附件1 永安市  content/yongan: 3 items, 4 rows, 0 excluded"));
    assert!(text.contains("附件2 大田县  content/datian: 9 items, 10 rows, 4 excluded"));
    assert!(text.contains("6     EOD项目"));
    assert_eq!(text.matches("不纳入").count(), 4);
}

#[test]
fn unknown_key_is_an_error_at_the_key() {
    let f = Fixture::seed();
    f.edit(YONGAN1, "    lead_dept: 环保处", "    lead_dep: 环保处");
    assert_errors(
        &f,
        &[
            "error: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dep: unknown field `lead_dep`",
        ],
    );
}

#[test]
fn every_error_of_every_file_in_one_run() {
    let f = Fixture::seed();
    f.edit(
        YONGAN2,
        "      2024: 在环城生态公园带等",
        "      2026: 在环城生态公园带等",
    );
    f.edit(YONGAN2, "    lead_dept: 绿林处", "    lead_dept: \"  \"");
    f.edit(DATIAN3, "      2024: 加强", "      2023-2024: 加强");
    let (ok, _, err) = f.check();
    assert!(!ok);
    let expected = "\
error: content/datian/03-土壤环境保护.yaml:9:7: rows[0].plans.2023-2024 (2023-2024年计划): overlaps the plan for 2023: each year has one plan
error: content/yongan/02-拓展竹林产业市场.yaml:7:7: rows[0].plans.2026 (2026年计划): 2026 is not a plan year of meeting.yaml (years: 2023, 2024, 2025)
error: content/yongan/02-拓展竹林产业市场.yaml:11:5: rows[0].lead_dept (牵头部门): missing: name the 牵头部门
3 problems in 2 files
";
    assert_eq!(err, expected);
}

#[test]
fn seq_must_be_unique_and_without_gaps() {
    let f = Fixture::seed();
    f.edit(DATIAN3, "seq: 3", "seq: 2");
    assert_errors(
        &f,
        &[
            "error: content/datian/03-土壤环境保护.yaml:1:1: seq (序号): seq 2 is already used by content/datian/02-污水垃圾处理.yaml",
        ],
    );
    let f = Fixture::seed();
    f.edit(DATIAN3, "seq: 3", "seq: 10");
    assert_errors(
        &f,
        &[
            "error: content/datian/03-土壤环境保护.yaml:1:1: seq (序号): seq 10 leaves a gap: numbers run 1..9 and no item has seq 3",
        ],
    );
}

#[test]
fn excluded_item_needs_feedback_and_no_plans() {
    let f = Fixture::seed();
    f.write(
        "content/datian/06-EOD项目.yaml",
        "seq: 6\ntitle: EOD项目\nrows:\n  - content: 引进\n    plans:\n      2024: x\nexcluded: []\n",
    );
    assert_errors(
        &f,
        &[
            "error: content/datian/06-EOD项目.yaml:5:5: rows[0].plans (年度计划): an excluded item has only content in its rows: remove this field or the item's `excluded`",
            "error: content/datian/06-EOD项目.yaml:7:1: excluded (不纳入意见): an excluded item needs at least one department's feedback ({by: 环保处, text: …})",
        ],
    );
}

#[test]
fn duplicate_annex_numbers() {
    let f = Fixture::seed();
    f.edit("content/datian/_annex.yaml", "number: 2", "number: 1");
    assert_errors(
        &f,
        &[
            "error: content/yongan/_annex.yaml:1:1: number (附件序号): 附件 number 1 is already used by content/datian/_annex.yaml",
        ],
    );
}

#[test]
fn malformed_yaml_and_wrong_types() {
    let f = Fixture::seed();
    f.write(DATIAN6, "seq: 6\ntitle: \"unclosed\n");
    f.edit(YONGAN1, "seq: 1", "seq: first");
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(
        err.contains("error: content/datian/06-EOD项目.yaml:2:8: a quote or bracket is opened and not closed before the end of the file"),
        "{err}"
    );
    assert!(
        err.contains("error: content/yongan/01-加强生态环境保护.yaml:1:6: seq (序号): the text \"first\" where a whole number belongs"),
        "{err}"
    );
}

#[test]
fn encoding_problems() {
    let f = Fixture::seed();
    f.write(DATIAN6, b"seq: 6\ntitle: \xff\xfe\n".as_slice());
    assert_errors(
        &f,
        &[
            "error: content/datian/06-EOD项目.yaml:2:8: not valid UTF-8 (byte 0xFF): save the file as UTF-8",
        ],
    );
    // A file saved by Notepad in GBK: named as such, its line shown as it reads, and saving it
    // as UTF-8 (what the message says) makes it load.
    let f = Fixture::seed();
    let text = f.read(DATIAN6);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    f.write(DATIAN6, gbk.as_ref());
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(
        err.contains("content/datian/06-EOD项目.yaml:2:11: this file is in GBK")
            && err.contains("line 2 reads “title: EOD项目”")
            && err.contains("with the encoding UTF-8"),
        "{err}"
    );
    f.write(DATIAN6, text.as_bytes());
    assert!(f.check().0);
    // A BOM and CRLF line ends are accepted as they are.
    let f = Fixture::seed();
    let text = f.read(DATIAN6).replace('\n', "\r\n");
    f.write(
        DATIAN6,
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    );
    let (ok, _, err) = f.check();
    assert!(ok, "{err}");
}

#[test]
fn tabs_and_duplicate_keys() {
    let f = Fixture::seed();
    f.write(DATIAN6, "seq: 6\ntitle: EOD项目\nrows:\n\t- content: a\n");
    assert_errors(
        &f,
        &[
            "error: content/datian/06-EOD项目.yaml:4:1: this line has a tab: YAML indents with spaces only; replace it with spaces",
        ],
    );
    let f = Fixture::seed();
    f.edit(
        YONGAN2,
        "      2025: 在环城",
        "      2024: 重复\n      2025: 在环城",
    );
    assert_errors(
        &f,
        &[
            "error: content/yongan/02-拓展竹林产业市场.yaml:8:7: rows[0].plans.2024 (2024年计划): written twice in the same mapping: keep one",
        ],
    );
}

#[test]
fn missing_meeting_and_empty_content() {
    let f = Fixture::seed();
    std::fs::remove_file(f.path("content/meeting.yaml")).unwrap();
    assert_errors(
        &f,
        &[
            "error: content/meeting.yaml: missing: create meeting.yaml with meeting, material, title, presenter, years, background, overview and closing",
        ],
    );
    let f = Fixture::seed();
    std::fs::remove_dir_all(f.path("content")).unwrap();
    std::fs::create_dir(f.path("content")).unwrap();
    assert_errors(
        &f,
        &[
            "error: content: content folder is empty: create meeting.yaml and one folder per annex with _annex.yaml and one file per item (`huibao init DIR` writes an example)",
        ],
    );
}

#[test]
fn hidden_files_and_editor_backups_are_ignored() {
    let f = Fixture::seed();
    f.write("content/yongan/.01.yaml.swp", "garbage: [");
    f.write("content/yongan/01-加强生态环境保护.yaml~", "garbage: [");
    f.write("content/.git/config.yaml", "garbage: [");
    let (ok, _, err) = f.check();
    assert!(ok, "{err}");
}

#[test]
fn an_annex_folder_cannot_shadow_the_full_material() {
    let f = Fixture::seed();
    std::fs::rename(f.path("content/datian"), f.path("content/meeting")).unwrap();
    assert_errors(
        &f,
        &[
            "error: content/meeting: an annex folder cannot be called `meeting`: its files would overwrite meeting.pdf on some disks; rename the folder",
        ],
    );
}

#[test]
fn check_reports_broken_expressions_in_prose() {
    let f = Fixture::seed();
    f.edit(
        "content/yongan/_annex.yaml",
        "{{ annex.number }}",
        "{{ annex.number | nope }}",
    );
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(
        err.starts_with(
            "error: content/yongan/_annex.yaml:8:5: report[0] (汇报段落): template expression:"
        ),
        "{err}"
    );
    assert!(
        err.contains("template expression: Filter 'nope' not found"),
        "{err}"
    );
}

/// Runs check and returns its stderr, asserting success (warnings do not fail it).
fn warnings_of(f: &Fixture) -> String {
    let (ok, _, err) = f.check();
    assert!(ok, "check should pass with warnings only:\n{err}");
    err
}

#[test]
fn blank_optional_fields_are_empty_cells() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "    progress: \"\"\n    due: \"  \"",
    );
    f.edit(YONGAN1, "lead_leader: 沈敏", "lead_leader:");
    f.edit(YONGAN1, "support_depts: [监测站]", "support_depts: []");
    f.edit(
        YONGAN2,
        "      2025: ",
        "      2025: \"\"\n      2024-2024: ",
    );
    f.edit(
        YONGAN2,
        "      2024: 在环城生态公园带等公园绿地中逐步推开",
        "",
    );
    let (ok, out, err) = f.check();
    assert!(ok, "{err}");
    assert_eq!(err, "");
    assert!(out.contains("is valid"));
    // Required fields stay errors when blank.
    f.edit(YONGAN1, "title: 加强生态环境保护", "title: \"\"");
    assert_errors(
        &f,
        &["error: content/yongan/01-加强生态环境保护.yaml:2:1: title (事项): must not be blank"],
    );
}

#[test]
fn departments_are_checked_against_the_list_with_suggestions() {
    let f = Fixture::seed();
    f.edit(
        "content/meeting.yaml",
        "closing:",
        "departments: [环保处, 监测站, 绿林处, 基建处, 供排水处, 区供排水中心, 各镇, 市容环卫处, 废管中心, 水利处, 环境管理事务中心, 督察处, 无]\nclosing:",
    );
    let (ok, _, err) = f.check();
    assert!(ok, "{err}");
    f.edit(YONGAN1, "lead_dept: 环保处", "lead_dept: 环报处");
    f.edit(
        YONGAN1,
        "support_depts: [监测站]",
        "support_depts: [监测站, 宣传处]",
    );
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert_eq!(
        err,
        "\
error: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dept (牵头部门): `环报处` is not one of the departments listed in meeting.yaml
  hint: did you mean 环保处?
error: content/yongan/01-加强生态环境保护.yaml:10:26: rows[0].support_depts[1] (配合部门): `宣传处` is not one of the departments listed in meeting.yaml
  hint: add it to `departments` in meeting.yaml if it is a new department
2 problems in 1 file
"
    );
}

#[test]
fn warnings_are_printed_counted_and_denied_on_request() {
    let f = Fixture::seed();
    // A full-width comma inside one entry: probably two departments.
    f.edit(
        YONGAN1,
        "support_depts: [监测站]",
        "support_depts: [监测站，环保处]",
    );
    // An item without any plan.
    f.edit(
        YONGAN1,
        "    plans:\n      2023-2025: 按需求，梳理技术支撑关键点，完成技术帮扶，合作交流。\n",
        "",
    );
    // Files huibao does not read.
    f.write("content/yongan/说明.docx", "draft");
    f.write("content/notes.txt", "notes");
    let err = warnings_of(&f);
    assert_eq!(
        err,
        "\
warning: content/notes.txt: ignored: huibao reads only .yaml and .yml files in content/
  hint: keep other files (Word drafts, notes) outside content/, or rename a YAML file to end in .yaml
warning: content/yongan/01-加强生态环境保护.yaml:3:1: rows (对口合作交流内容): this item has no plan in any year: its plan columns will be empty
  hint: add `plans:` with a year (2024: …) to a row, or mark the item `excluded` if it was left out
warning: content/yongan/01-加强生态环境保护.yaml:8:21: rows[0].support_depts[0] (配合部门): `监测站，环保处` looks like several departments in one entry
  hint: write one department per entry: change `监测站，环保处` to `监测站, 环保处`
warning: content/yongan/说明.docx: ignored: huibao reads only .yaml and .yml files in content/
  hint: keep other files (Word drafts, notes) outside content/, or rename a YAML file to end in .yaml
4 warnings
"
    );
    // A build with warnings succeeds and says them too.
    let out = f.run(&["build", "--message-format", "short"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), err);
    // --deny-warnings fails and writes nothing new.
    std::fs::remove_dir_all(f.path("output")).unwrap();
    for args in [
        &["check", "--deny-warnings", "--message-format", "short"][..],
        &["build", "--deny-warnings", "--message-format", "short"],
    ] {
        let out = f.run(args);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!(
                "{err}error: warnings are errors here (--deny-warnings); nothing was written\n"
            )
        );
    }
    assert!(!f.path("output").exists());
}

#[test]
fn common_yaml_slips_get_a_hint() {
    let cases = [
        (
            "    progress:",
            "      progress:",
            "error: content/yongan/01-加强生态环境保护.yaml:7:7: rows[0].plans (年度计划): plan key `progress` is not a year (2024) or a year range (2023-2025)\n  hint: `progress` is indented too far: it belongs to the row, not to plans; line it up with `plans:`",
        ),
        (
            "    lead_dept: 环保处",
            "      lead_dept: 环保处",
            "error: content/yongan/01-加强生态环境保护.yaml:9:16: a `: ` inside a value, or a line indented too far: YAML reads it as a new key\n  hint: this line is indented further than `lead_leader:` above it: line it up with `lead_leader:`",
        ),
        (
            "    lead_leader: 沈敏",
            "    lead_leader: 负责人: 沈敏",
            "error: content/yongan/01-加强生态环境保护.yaml:8:21: a `: ` inside a value, or a line indented too far: YAML reads it as a new key\n  hint: the value holds `: `, which YAML reads as a new key: put it in quotes:     lead_leader: \"负责人: 沈敏\"",
        ),
        (
            "      2023-2025:",
            "    2023-2025:",
            "error: content/yongan/01-加强生态环境保护.yaml:6:5: rows[0].2023-2025: unknown field `2023-2025`\n  hint: `2023-2025` looks like a plan year: indent it under `plans:`, two spaces further than `plans:`",
        ),
        (
            "seq: 1",
            "seq: 一",
            "error: content/yongan/01-加强生态环境保护.yaml:1:6: seq (序号): the text \"一\" where a whole number belongs\n  hint: write: seq: 1",
        ),
        (
            "support_depts: [监测站]",
            "support_depts: 监测站、环保处",
            "error: content/yongan/01-加强生态环境保护.yaml:10:20: rows[0].support_depts (配合部门): the text \"监测站、环保处\" where a list belongs\n  hint: write:     support_depts: [监测站, 环保处]",
        ),
    ];
    for (from, to, expected) in cases {
        let f = Fixture::seed();
        f.edit(YONGAN1, from, to);
        let (ok, _, err) = f.check();
        assert!(!ok);
        assert_eq!(err, format!("{expected}\n1 problem in 1 file\n"), "{to}");
    }
}

#[test]
fn messages_name_no_internal_types_or_templates() {
    let f = Fixture::seed();
    f.edit(YONGAN1, "      2023-2025:", "      [2023]:");
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert_eq!(
        err,
        "error: content/yongan/01-加强生态环境保护.yaml:6:7: rows[0].plans (年度计划): a list where a year (2024) or a year range (2023-2025) belongs\n1 problem in 1 file\n"
    );
    let f = Fixture::seed();
    f.edit(
        "content/yongan/_annex.yaml",
        "{{ annex.item_count | zh_num }}",
        "{{ annex.itemcount | zh_num }}",
    );
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(!err.contains("__tera"), "{err}");
    assert!(
        err.starts_with("error: content/yongan/_annex.yaml:"),
        "{err}"
    );
    assert!(
        err.contains("Variable `annex.itemcount` not found in context"),
        "{err}"
    );
}

#[test]
fn fonts_shows_each_role_chain_and_its_coverage() {
    let out = Fixture::seed().run(&["fonts"]);
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "body",
                    "song",
                    "→",
                    "ming",
                    "→",
                    "hanamin",
                    "→",
                    "hei",
                    "20971/20992",
                    "6582/6592"
                ]),
        "{text}"
    );
    assert!(text.contains("ming     fonts/uming-cn-extra.ttf"), "{text}");
}

#[test]
fn completions_are_printed_for_a_shell() {
    let out = Fixture::seed().run(&["completions", "bash"]);
    assert_ok(&out);
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(script.contains("_huibao()"));
    for command in ["build", "check", "fonts", "init", "list"] {
        assert!(script.contains(command), "{command}");
    }
}

#[test]
fn new_writes_the_next_item_and_check_names_what_is_missing() {
    let f = Fixture::seed();
    let out = f.run(&["new", "yongan", "环保/宣传"]);
    assert_ok(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "wrote content/yongan/04-环保-宣传.yaml: fill it in, then run huibao check\n"
    );
    let text = f.read("content/yongan/04-环保-宣传.yaml");
    assert!(text.contains("seq: 4 "), "{text}");
    assert!(text.contains("      2025: \"\"\n"), "{text}");
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(err.contains("error: content/yongan/04-环保-宣传.yaml:5:5: rows[0].content (对口合作交流内容): must not be blank"), "{err}");
    assert!(err.contains("error: content/yongan/04-环保-宣传.yaml:13:5: rows[0].lead_dept (牵头部门): missing: name the 牵头部门"), "{err}");
    // Filled in, it checks.
    let filled = text
        .replacen("content: \"\"", "content: 开展环保宣传", 1)
        .replacen("lead_dept: \"\"", "lead_dept: 环保处", 1)
        .replacen("2024: \"\"", "2024: 举办宣传周", 1);
    f.write("content/yongan/04-环保-宣传.yaml", filled);
    let (ok, out, err) = f.check();
    assert!(ok, "{err}");
    assert!(out.contains("13 items"), "{out}");

    // A new partner's folder gets the next 附件 number and its own first item.
    assert_ok(&f.run(&["new", "--annex", "sanming", "三明市"]));
    let meta = f.read("content/sanming/_annex.yaml");
    assert!(meta.contains("number: 3 "), "{meta}");
    assert!(meta.contains("浦东新区生态环境局与三明市生态环境领域合作交流项目表（2023—2025年）"));
    // The report calls the table by the place's short name (三明, not 三明市).
    assert!(meta.contains("short_title: 三明合作交流项目表 "), "{meta}");
    assert_ok(&f.run(&["new", "--annex", "shaxian", "三明市沙县区"]));
    let meta = f.read("content/shaxian/_annex.yaml");
    assert!(meta.contains("short_title: 沙县合作交流项目表 "), "{meta}");
    assert_ok(&f.run(&["new", "sanming", "生态修复"]));
    assert!(f.path("content/sanming/01-生态修复.yaml").is_file());
    // An unknown annex is named, with how to start one.
    let out = f.run(&["new", "putian", "x"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: content/putian: no such annex folder; start one with: huibao new --annex putian 伙伴名称\n"
    );
}

#[test]
fn problems_as_json_lines_for_tools() {
    let f = Fixture::seed();
    f.edit(YONGAN1, "seq: 1", "seq: 一");
    f.write("content/notes.txt", "x");
    let out = f.run(&["check", "--message-format", "json"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(
        lines[1],
        serde_json::json!({
            "severity": "error",
            "file": "content/yongan/01-加强生态环境保护.yaml",
            "line": 1,
            "column": 6,
            "field": "seq (序号)",
            "message": "the text \"一\" where a whole number belongs",
            "hints": ["write: seq: 1"],
        })
    );
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["file"], "content/notes.txt");
}

#[test]
fn problems_show_the_source_line_with_a_caret_and_colour_only_when_asked() {
    let f = Fixture::seed();
    f.edit(YONGAN1, "    lead_dept: 环保处", "    lead_dep: 环保处");
    let out = f.run(&["check"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let expected = "\
error: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dep: unknown field `lead_dep`
  ┌─ content/yongan/01-加强生态环境保护.yaml:9:5
  │
9 │     lead_dep: 环保处
  │     ^^^^^^^^
  │
  = hint: did you mean lead_dept?

1 problem in 1 file
";
    // Piped: no colour codes.
    assert_eq!(err, expected);
    let out = f.run(&["check", "--color", "always"]);
    let coloured = String::from_utf8(out.stderr).unwrap();
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    let out = f.run(&["check", "--message-format", "short"]);
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "{}\n  hint: did you mean lead_dept?\n1 problem in 1 file\n",
            expected.lines().next().unwrap()
        )
    );
}

#[test]
fn ascii_punctuation_between_chinese_and_numbered_notes_are_warned_with_the_fix() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "按需求，梳理技术支撑关键点",
        "按需求,梳理技术支撑关键点",
    );
    let annex = f.read("content/yongan/_annex.yaml");
    f.write(
        "content/yongan/_annex.yaml",
        annex.replace("  - 永安市提出", "  - 2、永安市提出"),
    );
    let (ok, _, err) = f.check();
    assert!(ok, "{err}");
    assert_eq!(
        err,
        "\
warning: content/yongan/01-加强生态环境保护.yaml:6:18: rows[0].plans.2023-2025 (2023-2025年计划): `,` between Chinese characters: an official document uses the full-width `，`
  hint: write `，` instead of `,` (the first of them is named; check the rest of the text too)
warning: content/yongan/_annex.yaml:11:5: notes[1] (注): starts with its own number `2、`: the notes are numbered for you, so it is left out
  hint: write the note's text without the number
2 warnings
"
    );
}
