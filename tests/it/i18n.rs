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
    ];
    for entry in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
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
