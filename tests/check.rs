//! `huibao check` and `huibao list` on the seed content and on one broken fixture per kind of
//! bad input, asserting the exact file, line and message a user sees.

mod common;
use common::*;

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
        &["error: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dep: unknown field `lead_dep`, expected one of `content`, `due`, `plans`, `progress`, `lead_leader`, `lead_dept`, `support_depts`"],
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
        &["error: content/datian/03-土壤环境保护.yaml:1:1: seq (序号): seq 2 is already used by content/datian/02-污水垃圾处理.yaml"],
    );
    let f = Fixture::seed();
    f.edit(DATIAN3, "seq: 3", "seq: 10");
    assert_errors(
        &f,
        &["error: content/datian/03-土壤环境保护.yaml:1:1: seq (序号): seq 10 leaves a gap: numbers run 1..9 and no item has seq 3"],
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
        &["error: content/yongan/_annex.yaml:1:1: number (附件序号): 附件 number 1 is already used by content/datian/_annex.yaml"],
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
        err.contains("error: content/datian/06-EOD项目.yaml:3:1: found unexpected end of stream, while scanning a quoted scalar"),
        "{err}"
    );
    assert!(
        err.contains("error: content/yongan/01-加强生态环境保护.yaml:1:6: seq (序号): invalid type: string \"first\", expected a whole number"),
        "{err}"
    );
}

#[test]
fn encoding_problems() {
    let f = Fixture::seed();
    f.write(DATIAN6, b"seq: 6\ntitle: \xff\xfe\n".as_slice());
    assert_errors(
        &f,
        &["error: content/datian/06-EOD项目.yaml:2:8: not valid UTF-8 (byte 0xFF): save the file as UTF-8"],
    );
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
        &["error: content/datian/06-EOD项目.yaml:4:1: found character that cannot start any token, while scanning for the next token (this line has a tab: YAML indents with spaces only)"],
    );
    let f = Fixture::seed();
    f.edit(
        YONGAN2,
        "      2025: 在环城",
        "      2024: 重复\n      2025: 在环城",
    );
    assert_errors(
        &f,
        &["error: content/yongan/02-拓展竹林产业市场.yaml:8:7: rows[0].plans.2024 (2024年计划): written twice in the same mapping: keep one"],
    );
}

#[test]
fn missing_meeting_and_empty_content() {
    let f = Fixture::seed();
    std::fs::remove_file(f.path("content/meeting.yaml")).unwrap();
    assert_errors(
        &f,
        &["error: content/meeting.yaml: missing: create meeting.yaml with meeting, material, title, presenter, years, background, overview and closing"],
    );
    let f = Fixture::seed();
    std::fs::remove_dir_all(f.path("content")).unwrap();
    std::fs::create_dir(f.path("content")).unwrap();
    assert_errors(
        &f,
        &["error: content: content folder is empty: create meeting.yaml and one folder per annex with _annex.yaml and one file per item (`huibao init DIR` writes an example)"],
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
        &["error: content/meeting: an annex folder cannot be called `meeting`: its files would overwrite meeting.pdf; rename the folder"],
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
