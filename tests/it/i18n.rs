//! The catalogs: both languages hold every message the code asks for, and a run in Chinese
//! says nothing in English.

use crate::common::*;
use huibao::i18n::{self, Lang};
use std::collections::BTreeSet;

/// Every message id written in the source as a string literal (`tr!("id")`,
/// `message("id")` and the tables that name ids).
fn ids_in_source() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let prefixes = [
        "diag-",
        "load-",
        "limits-",
        "name-",
        "check-",
        "yaml-",
        "slip-",
        "build-",
        "clean-",
        "new-",
        "init-",
        "schema-",
        "watch-",
        "fonts-",
        "stage-",
        "cli-",
        "changes-",
        "import-",
        "output-",
        "transaction-",
        "env-",
        "git-",
        "list-",
        "templates-",
        "edit-",
        "style-",
        "theme-",
        "markup-",
        "tera-",
        "render-",
        "guard-",
        "font-",
        "pdf-",
        "xlsx-",
        "internal-",
        "cause-",
        "io-",
    ];
    for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // Whatever `tr!` names, whatever its prefix.
        for after in text.split("tr!(").skip(1) {
            if let Some(id) = after
                .trim_start()
                .strip_prefix('"')
                .and_then(|r| r.split('"').next())
                .filter(|id| {
                    id.contains('-')
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                })
            {
                ids.insert(id.to_string());
            }
        }
        for literal in text.split('"').skip(1).step_by(2) {
            let is_id = prefixes.iter().any(|p| literal.starts_with(p))
                && literal.len() > 4
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !literal.ends_with('-');
            if is_id {
                ids.insert(literal.to_string());
            }
        }
    }
    ids
}

#[test]
fn both_catalogs_parse_and_hold_the_same_messages() {
    for lang in Lang::ALL {
        assert_eq!(i18n::catalog_errors(lang), Vec::<String>::new(), "{lang:?}");
    }
    let en: BTreeSet<String> = i18n::ids(Lang::En).into_iter().collect();
    let zh: BTreeSet<String> = i18n::ids(Lang::Zh).into_iter().collect();
    let missing_in_zh: Vec<_> = en.difference(&zh).collect();
    assert!(missing_in_zh.is_empty(), "not in zh.ftl: {missing_in_zh:?}");
    // The Chinese catalog has the help texts besides (English help is the doc comments).
    let missing_in_en: Vec<_> = zh
        .difference(&en)
        .filter(|id| !id.starts_with("cli-"))
        .collect();
    assert!(missing_in_en.is_empty(), "not in en.ftl: {missing_in_en:?}");
}

#[test]
fn every_message_the_code_names_is_in_both_catalogs() {
    let ids = ids_in_source();
    assert!(ids.len() > 140, "{} ids found", ids.len());
    for lang in Lang::ALL {
        let known: BTreeSet<String> = i18n::ids(lang).into_iter().collect();
        // The help texts (`cli-…`) are looked up in Chinese only: English help is the
        // commands' doc comments.
        let missing: Vec<_> = ids
            .iter()
            .filter(|id| !known.contains(*id))
            .filter(|id| lang == Lang::Zh || !id.starts_with("cli-"))
            .collect();
        assert!(
            missing.is_empty(),
            "not in the {lang:?} catalog: {missing:?}"
        );
    }
}

#[test]
fn plural_forms_in_english_one_form_in_chinese() {
    use huibao::i18n::{Arg, message_in};
    let count = |lang, p: usize, f: usize| {
        message_in(
            lang,
            "diag-count",
            &[("problems", Arg::from(p)), ("files", Arg::from(f))],
        )
    };
    assert_eq!(count(Lang::En, 1, 1), "1 problem in 1 file");
    assert_eq!(count(Lang::En, 3, 2), "3 problems in 2 files");
    assert_eq!(count(Lang::Zh, 3, 2), "共 3 个问题，涉及 2 个文件");
    assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
    assert_eq!(Lang::from_locale("zh-Hans-CN"), Lang::Zh);
    assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
    assert_eq!(Lang::from_locale("C"), Lang::En);
}

/// An English phrase: two words of three letters or more (field names and keys are single
/// words in backticks, which are left out first).
fn english_phrase(line: &str) -> Option<String> {
    let mut plain = String::new();
    let mut in_code = false;
    for c in line.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            plain.push(c);
        }
    }
    // Names in capitals (PDF, XLSX, YAML) are the same in Chinese.
    let word = |w: &str| {
        let w = w.trim_matches(|c: char| ",.;:()[]".contains(c));
        w.len() >= 3
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && w.chars().any(|c| c.is_ascii_lowercase())
    };
    let tokens: Vec<&str> = plain.split(' ').collect();
    tokens
        .windows(2)
        .find(|w| word(w[0]) && word(w[1]))
        .map(|w| w.join(" "))
}

#[test]
fn a_run_in_chinese_says_nothing_in_english() {
    let f = Fixture::seed();
    // Many problems at once: an unknown field, a bad department, a slip, a warning, a file
    // that is not YAML, a gap in the numbers.
    f.edit(YONGAN1, "    lead_dept: 环保处\n", "    lead_dep: 环保处\n");
    f.edit(YONGAN2, "seq: 2", "seq: 5");
    f.write("content/说明.docx", "x");
    f.edit(DATIAN6, "title: EOD项目", "title: “EOD项目”");
    let out = f.run(&["--lang", "zh", "check", "--message-format", "short"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("错误"), "{err}");
    for line in err.lines() {
        // The file:line:column and field path stay as they are written.
        let message = line.rsplit(": ").next().unwrap_or(line);
        assert_eq!(english_phrase(message), None, "{line}");
    }
    for args in [
        &["--lang", "zh", "--help"][..],
        &["--lang", "zh", "build", "--help"],
        &["--lang", "zh", "import", "--help"],
        &["--lang", "zh", "changes", "--help"],
    ] {
        let out = f.run(args);
        let help = String::from_utf8_lossy(&out.stdout);
        // Command lines and flag names are what the user types.
        for line in help.lines().filter(|l| {
            !l.trim_start().starts_with(['-', '<', '[']) && !l.trim_start().starts_with("huibao ")
        }) {
            let text = line.split("  ").last().unwrap_or(line);
            assert_eq!(english_phrase(text), None, "{args:?}: {line}");
        }
    }
}

#[test]
fn returned_workbooks_are_reported_in_chinese() {
    let f = crate::import::returned_with_added_and_deleted_rows();
    let out = f.run(&[
        "--lang",
        "zh",
        "import",
        "back.xlsx",
        "--message-format",
        "short",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        "\
警告: back.xlsx: 2. 拓展竹林产业市场（第1条，yongan/02-拓展竹林产业市场.yaml）不在工作簿中（在那里删除了？）：内容保留它；如确要删除，请在 YAML 中删去
警告: back.xlsx: 工作表“草稿”不读取：导入只读工作表“明细”
警告: back.xlsx:5:1: 工作簿中在 3. 推广海西汽车产品（yongan/03-推广海西汽车产品.yaml）下新增的一行（没有键）：不导入；请在内容中把它加到该事项的 rows，或用 huibao new 新建事项
3 个警告
"
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Sheet1").unwrap();
    book.save(f.path("other.xlsx")).unwrap();
    f.write("notes.xlsx", "这不是工作簿");
    let out = f.run(&[
        "--lang",
        "zh",
        "import",
        "other.xlsx",
        "missing.xlsx",
        "notes.xlsx",
    ]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "错误: other.xlsx：没有工作表“明细”：导入只读 huibao 生成的附件工作簿和部门工作簿",
            "错误: missing.xlsx：没有这个文件",
        ],
        "{stderr}"
    );
    assert!(
        lines[2].starts_with("错误: notes.xlsx：不是 huibao 能读取的工作簿："),
        "{stderr}"
    );
}

#[test]
fn style_and_template_problems_are_reported_in_chinese() {
    let cases = [
        (
            "templates/style.yaml",
            "body:          {font: song,",
            "body:          {font: fangsong,",
            "templates/style.yaml: roles.body.font：“fangsong”不是已定义的字体（hanamin、hei、kai、ming、song、ukai、xbs）",
        ),
        (
            "templates/style.yaml",
            "title:         {font: xbs,  size: 二号,",
            "title:         {font: xbs,  size: 二点五号,",
            "templates/style.yaml: roles.title：未知字号“二点五号”：请用磅值（例如 16）或以下之一：初号 小初 一号 小一 二号 小二 三号 小三 四号 小四 五号 小五 六号 小六",
        ),
        (
            "templates/style.yaml",
            "portrait:  {width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26}",
            "portrait:  {width: 210, height: 297, top: 37, bottom: 35, left: 100, right: 100}",
            "templates/style.yaml: pages.portrait：页边距只留下 10 × 225 毫米的版心，至少需要 30 × 30 毫米",
        ),
        (
            "templates/report.html",
            "<p class=\"closing\">",
            "<p class=\"shouting\">",
            "templates/report.html：class“shouting”不是 style.yaml 中的样式",
        ),
    ];
    for (file, from, to, expected) in cases {
        let f = Fixture::seed_with_templates();
        f.edit(file, from, to);
        let out = f.run(&["--lang", "zh", "build"]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "expected {expected:?} in\n{err}");
        for line in err.lines() {
            let message = line.rsplit(['：', ':']).next().unwrap_or(line);
            assert_eq!(english_phrase(message), None, "{line}");
        }
    }
}

#[test]
fn command_line_mistakes_are_explained_in_chinese() {
    let f = Fixture::seed();
    let out = f.run(&["--lang", "zh", "build", "--outptu", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "错误: 无法识别参数“--outptu”\n\n  提示：是不是要用“--output”？\n\n用法：huibao build [选项]\n\n更多信息请运行 huibao --help\n"
    );
    let out = f.run(&["--lang", "zh", "biuld"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "错误: 没有“biuld”这个命令\n\n  提示：是不是要用“build”？\n\n用法：huibao [选项] <命令>\n\n更多信息请运行 huibao --help\n"
    );
    let out = f.run(&["--lang", "zh", "changes", "--format", "pdf"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).lines().next(),
        Some("错误: “pdf”不是 --format <FORMAT> 可用的值（可用：text、markdown、docx）")
    );
    // In English, clap's own words.
    let out = f.run(&["--lang", "en", "biuld"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error: unrecognized subcommand 'biuld'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
