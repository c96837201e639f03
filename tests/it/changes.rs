//! `huibao changes`: what changed in the content between git revisions.

use crate::common::{Fixture, YONGAN1, assert_ok, run_in};

/// The seed committed as the first revision.
/// Commits the content as `message` and returns what `huibao changes HEAD~1 HEAD` prints with
/// `options`.
fn commit_and_compare(f: &Fixture, message: &str, options: &[&str]) -> String {
    f.git(&["add", "-A", "content"]);
    f.git(&["commit", "-q", "-m", message]);
    let mut args = vec!["changes", "HEAD~1", "HEAD"];
    args.extend_from_slice(options);
    stdout(f, &args)
}

/// A Word file's `document.xml` and its text runs joined with `|`.
fn docx_words(path: &std::path::Path) -> (String, String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let words = roxmltree::Document::parse(&xml)
        .unwrap()
        .descendants()
        .filter(|n| n.has_tag_name((w, "t")))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("|");
    (xml, words)
}

fn stdout(f: &Fixture, args: &[&str]) -> String {
    let out = f.run(args);
    assert_ok(&out);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn changes_since_a_revision_are_listed_by_annex_and_item_with_the_changed_characters() {
    let f = Fixture::seed_in_git();
    f.edit(
        YONGAN1,
        "尽快开展需求沟通。",
        "尽快开展需求沟通，已约谈两次。",
    );
    f.edit("content/meeting.yaml", "以上汇报", "以上情况汇报");
    // A comment is no change.
    let text = f.read("content/datian/01-水环境.yaml");
    f.write("content/datian/01-水环境.yaml", format!("# 待核实\n{text}"));
    assert_ok(&f.run(&["new", "datian", "生态修复"]));
    let out = stdout(&f, &["changes", "HEAD"]);
    let short = &out["changes in content from ".len()..][..7];
    assert_eq!(
        out,
        format!(
            "\
changes in content from {short} (HEAD) to the working tree

汇报
  meeting.yaml
    结束语, line 17: 以上{{+情况+}}汇报，请予审议。

附件1 永安市
  1. 加强生态环境保护 (yongan/01-加强生态环境保护.yaml)
    第1条 事项推进情况, line 7: 2023年年内完成需求梳理。尽快开展需求沟通{{+，已约谈两次+}}。

附件2 大田县
  added: 10. 生态修复 (datian/10-生态修复.yaml)

3 files: 2 changed, 1 added, 0 removed

The material is not compared: the working tree does not build (3 problems; huibao check shows them).
"
        )
    );

    // Committed, the same changes show between the two revisions; as Markdown for a 修改说明.
    let md = commit_and_compare(&f, "progress", &["--format", "markdown"]);
    // Titled after the report, the versions named by date and message, each change a
    // sentence over whole clauses, an added item with its content.
    let today = chrono::Local::now().format("%Y年%-m月%-d日").to_string();
    assert!(
        md.starts_with(&format!("# 关于《浦东新区生态环境局与永安市、大田县生态环境领域合作交流项目制定情况的汇报》的修改说明\n\n对比：{today}的版本（seed） → {today}的版本（progress）\n")),
        "{md}"
    );
    for line in [
        "## 汇报\n\n- 结束语：将“以上汇报”修改为“以上情况汇报”。\n",
        "## 附件1 永安市\n\n### 1. 加强生态环境保护\n\n- 第1条 事项推进情况：将“尽快开展需求沟通”修改为“尽快开展需求沟通，已约谈两次”。\n",
        "## 附件2 大田县\n\n### 新增：10. 生态修复\n\n- 序号：10\n- 事项：生态修复\n",
        "共 3 个文件：修改 2，新增 1，删除 0。\n",
    ] {
        assert!(md.contains(line), "{line}\nnot in\n{md}");
    }
    assert!(stdout(&f, &["changes", "HEAD"]).ends_with("no content changed\n"));
}

#[test]
fn a_removed_item_and_a_changed_department_are_shown() {
    let f = Fixture::seed_in_git();
    std::fs::remove_file(f.path("content/datian/09-生态环境损害赔偿.yaml")).unwrap();
    f.edit(YONGAN1, "    lead_dept: 环保处", "    lead_dept: 监测站");
    let out = stdout(&f, &["changes", "HEAD", "--color", "never"]);
    assert!(
        out.contains("    第1条 牵头部门, line 9: [-环保处-]{+监测站+}\n"),
        "{out}"
    );
    assert!(
        out.contains("  removed: 9. 生态环境损害赔偿 (datian/09-生态环境损害赔偿.yaml)\n"),
        "{out}"
    );
    let coloured = stdout(&f, &["changes", "HEAD", "--color", "always"]);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
}

#[test]
fn outside_a_repository_or_with_an_unknown_revision_the_error_says_what_to_do() {
    let f = Fixture::seed();
    let out = f.run(&["changes", "HEAD"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: content: not in a git repository: `huibao changes` compares revisions of content kept in git (git init, git add, git commit)\n"
    );
    let f = Fixture::seed_in_git();
    let out = run_in(f.dir.path(), &["changes", "v9"]);
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success());
    assert!(
        err.starts_with("error: `v9`: no such revision in "),
        "{err}"
    );
}

#[test]
fn history_is_read_within_the_loaders_limits_and_any_file_name_works() {
    let f = Fixture::seed_in_git();
    // A 2 MB file and a name holding a line break in an old revision.
    f.write("content/yongan/09-big.yaml", "x".repeat(2 * 1024 * 1024));
    f.write("content/yongan/10-a\nb.yaml", "seq: 10\ntitle: 新事项\n");
    f.git(&["add", "content"]);
    f.git(&["commit", "-q", "-m", "hostile"]);
    std::fs::remove_file(f.path("content/yongan/09-big.yaml")).unwrap();
    std::fs::remove_file(f.path("content/yongan/10-a\nb.yaml")).unwrap();
    let out = f.run(&["changes", "HEAD"]);
    assert_ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("yongan/09-big.yaml: 2097152 bytes at this revision, more than the 1 MB a content file may have: not compared"),
        "{err}"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("  removed: 10. 新事项 (yongan/10-a\\u{a}b.yaml)\n"),
        "{text}"
    );
}

#[test]
fn a_word_revision_note_has_a_before_and_after_table_per_item() {
    let f = Fixture::seed_in_git();
    f.edit(YONGAN1, "尽快开展需求沟通。", "已开展需求沟通两次。");
    f.edit(
        "content/meeting.yaml",
        "closing: 以上汇报，请予审议。",
        "closing: 以上汇报，请审议。\ndate: 2026-03-05",
    );
    let out = f.run(&["changes", "HEAD", "--format", "docx"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --format docx writes a file: name it with --out, e.g. --out 修改说明.docx\n"
    );
    assert_ok(&f.run(&[
        "changes",
        "HEAD",
        "--format",
        "docx",
        "--out",
        "修改说明.docx",
    ]));
    let (xml, text) = docx_words(&f.path("修改说明.docx"));
    for want in [
        "的汇报》的修改说明",
        "的版本（seed） → 当前工作稿",
        "附件1 永安市",
        "1. 加强生态环境保护",
        "项目|修改前|修改后",
        "2023年年内完成需求梳理。尽快开展需求沟通。|2023年年内完成需求梳理。已开展需求沟通两次。",
        // The report's changes under one heading, 汇报, not two.
        "当前工作稿|汇报|项目|修改前|修改后|结束语",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    // Signed at the end: the presenting office and the document's date.
    assert!(
        text.ends_with("|办公室（政策法规处）|2026年3月5日"),
        "{text}"
    );
    assert!(xml.contains("<w:tblHeader />"));
}

#[test]
fn changes_without_a_revision_compare_with_head() {
    let f = Fixture::seed_in_git();
    f.edit(YONGAN1, "尽快开展需求沟通。", "已开展需求沟通两次。");
    let with = stdout(&f, &["changes", "HEAD"]);
    let without = stdout(&f, &["changes"]);
    assert_eq!(with, without);
    assert!(without.contains("两次"), "{without}");
}

/// A repository with no commit yet: `changes` says to commit first and how, and the hint works
/// when followed.
#[test]
fn changes_before_the_first_commit_says_to_commit_first() {
    let f = Fixture::seed_with_templates();
    f.git(&["init", "-q"]);
    let out = f.run(&["changes"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("has no commit yet") && err.contains("git add content templates"),
        "{err}"
    );
    f.git(&["add", "content", "templates"]);
    f.git(&["commit", "-qm", "first draft"]);
    f.edit(YONGAN1, "尽快开展需求沟通。", "已开展需求沟通两次。");
    let out = f.run(&["changes"]);
    assert_ok(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("两次"));
}

/// An item added between two revisions: besides the new file, the 修改说明 lists what the
/// reader of the material sees change — the report's sentence whose count the templates make
/// (三大类 → 四大类) and the new item's cells — in text, Markdown and the Word document.
#[test]
fn an_added_item_shows_the_reports_changed_count_and_its_cells_in_every_format() {
    let f = Fixture::seed_in_git();
    f.write(
        "content/yongan/04-环保宣传.yaml",
        "seq: 4\ntitle: 环保宣传\nrows:\n  - content: 联合开展六五环境日宣传活动\n    due: 2024年\n    plans:\n      2024: 共同举办一次宣传活动\n    progress: 已完成方案对接。\n    lead_leader: 沈敏\n    lead_dept: 环保处\n    support_depts: [监测站]\n",
    );
    let text = commit_and_compare(&f, "环保宣传", &["--color", "never"]);
    for want in [
        "What a reader of the material sees change",
        "  汇报：办公室根据与永安市座谈情况",
        "等[-三-]{+四+}大类共五项合作交流项目",
        "  附件1 第4项 事项：{+环保宣传+}\n",
        "  附件1 第4项 2024年计划：{+共同举办一次宣传活动+}\n",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    // A year without a plan in the new item is no change a reader sees.
    assert!(!text.contains("2023年计划："), "{text}");
    let md = stdout(&f, &["changes", "HEAD~1", "HEAD", "--format", "markdown"]);
    for want in [
        "\n## 材料中的变化\n\n- 汇报：办公室根据",
        "等~~三~~**四**大类共五项",
        "- 附件1 第4项 事项：**环保宣传**\n",
    ] {
        assert!(md.contains(want), "{want:?} not in\n{md}");
    }
    assert_ok(&f.run(&[
        "changes",
        "HEAD~1",
        "HEAD",
        "--format",
        "docx",
        "--out",
        "修改说明.docx",
    ]));
    let (_, words) = docx_words(&f.path("修改说明.docx"));
    for want in [
        "材料中的变化|位置|修改前|修改后|汇报|",
        "等三大类共五项",
        "等四大类共五项",
        "附件1 第4项 事项|（无）|环保宣传",
    ] {
        assert!(words.contains(want), "{want:?} not in\n{words}");
    }
}

#[test]
fn a_line_break_shows_as_a_mark_and_the_department_list_as_internal_in_every_format() {
    let f = Fixture::seed_in_git();
    f.edit(
        "content/meeting.yaml",
        "closing: 以上汇报，请予审议。",
        "closing: |-\n  以上汇报，\n  请予审议。\ndepartments: [环保处, 监测站]",
    );
    let text = stdout(&f, &["changes"]);
    assert!(
        text.contains("以上汇报，{+⏎+}请予审议。") && !text.contains("{+\n"),
        "{text}"
    );
    assert!(
        text.contains("departments (处室名单) (internal list, not printed in the material)")
            || text.contains("处室名单 (internal list, not printed in the material)"),
        "{text}"
    );
    let md = stdout(&f, &["changes", "--format", "markdown"]);
    assert!(
        !md.contains("<br>") && md.contains("在“以上汇报”后增加“⏎”"),
        "{md}"
    );
    assert!(
        md.contains("(internal list, not printed in the material)"),
        "{md}"
    );
}

#[test]
fn a_new_annex_shows_its_section_of_the_report_and_its_table_in_changes() {
    let f = Fixture::seed_in_git();
    f.write(
        "content/sanming/_annex.yaml",
        "number: 3\npartner: 三明市\ntitle: 浦东新区生态环境局与三明市生态环境领域合作交流项目表（2023—2025年）\nshort_title: 三明合作交流项目表\nheading: 三明市生态环境部门需要支持的事项\nreport:\n  - 办公室根据与三明市座谈情况，收集整理了{{ annex.item_count | zh_num }}大类合作事项（具体见附件{{ annex.number }}）。\nnotes: []\n",
    );
    f.write(
        "content/sanming/01-林业碳汇.yaml",
        "seq: 1\ntitle: 林业碳汇\nrows:\n  - content: 交流林业碳汇项目开发经验\n    due: 2024年\n    plans:\n      2024: 组织一次经验交流\n    progress: 已对接。\n    lead_leader: 沈敏\n    lead_dept: 环保处\n    support_depts: []\n",
    );
    let text = commit_and_compare(&f, "三明", &["--color", "never"]);
    for want in [
        "  汇报：{+（三）三明市生态环境部门需要支持的事项+}\n",
        "  汇报：{+办公室根据与三明市座谈情况，收集整理了一大类合作事项（具体见附件3）。+}\n",
        "  附件3 第1项 事项：{+林业碳汇+}\n",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
}
