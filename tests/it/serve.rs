//! `huibao serve` in a real browser: Debian's Chromium driven by Playwright (from PyPI) through
//! `tests/it/browser/serve.py`, as a clerk uses the page.

use crate::common::{Fixture, repo, required_in_ci, runs_here};
use crate::served::Served;
use std::process::Command;

/// Python with Playwright, and Debian's Chromium, are here (required in CI).
fn browser_here() -> bool {
    let here = runs_here("python3", &["-c", "import playwright"])
        && std::path::Path::new("/usr/bin/chromium").exists();
    required_in_ci(
        here,
        "Chromium with Playwright (python3 -m pip install playwright)",
    );
    if !here {
        eprintln!("skipped: no /usr/bin/chromium or no Playwright for python3");
    }
    here
}

#[test]
fn serve_shows_the_pages_live_takes_an_edit_from_the_page_and_refuses_other_sites() {
    if !browser_here() {
        return;
    }
    let f = Fixture::seed_with_templates();
    f.git(&["init", "-q"]);
    f.git(&["add", "-A"]);
    f.git(&["commit", "-qm", "seed"]);
    let serve = Served::start(f.dir.path(), &["--lang", "zh"]);
    let shots = std::env::var_os("HUIBAO_SERVE_SHOTS");
    let out = Command::new("python3")
        .arg(repo().join("tests/it/browser/serve.py"))
        .arg(&serve.url)
        .arg(f.dir.path())
        .args(shots)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = |k: &str| seen[k].as_str().unwrap_or_default().to_string();
    let number = |k: &str| seen[k].as_i64().unwrap_or(-1);
    // The seed's pages, as the PDF has them, with the parts to jump to.
    assert_eq!(number("pages"), number("pages_built"));
    assert!(number("pages") >= 8, "{seen}");
    assert!(text("first_page").contains("生态环境领域合作交流项目制定情况的汇报"));
    assert!(text("first_page").contains("— 1 —"), "{seen}");
    assert_eq!(seen["parts"], serde_json::json!(["汇报", "附件1", "附件2"]));
    assert!(number("fonts_loaded") >= 1, "{seen}");
    // A save on disk: the new text on the page, only the changed pages fetched, the reader
    // left where they were.
    assert_eq!(seen["rebuilt"], true, "{seen}");
    assert_eq!(seen["new_text_shown"], true, "{seen}");
    assert!(number("pages_changed") >= 1, "{seen}");
    assert_eq!(number("pages_fetched"), number("pages_changed"), "{seen}");
    assert!(number("pages_fetched") < number("pages"), "{seen}");
    assert_eq!(number("scroll_after"), number("scroll_before"), "{seen}");
    // A YAML mistake: said on the page with its file and line, over the last good pages.
    let problems = text("problems");
    assert!(
        problems.contains("03-推广海西汽车产品.yaml:") && problems.contains("lead_leader"),
        "{problems}"
    );
    assert_eq!(number("pages_during_problem"), number("pages"));
    assert_eq!(seen["problems_cleared"], true);
    // The cell's source, then an edit typed over it: that line changes, and the page shows it.
    let source = text("source");
    assert!(
        source.contains("03-推广海西汽车产品.yaml")
            && source.contains("rows[0].progress (事项推进情况)")
            && source.contains("\n12\n"),
        "{source}"
    );
    assert!(text("source_value").starts_with("一是多次开展交流沟通。"));
    assert_eq!(text("edit_error"), "");
    assert_eq!(seen["edit_rebuilt"], true, "{seen}");
    assert_eq!(seen["edited_shown"], true, "{seen}");
    let diff = f.git(&["diff", "-U0", "--no-color"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| {
            (l.starts_with('-') || l.starts_with('+'))
                && !l.starts_with("---")
                && !l.starts_with("+++")
        })
        .collect();
    assert_eq!(changed.len(), 2, "{diff}");
    assert!(
        changed[0].starts_with("-    progress: 一是积极开展交流沟通。"),
        "{diff}"
    );
    assert!(
        changed[1].starts_with("+    progress: 一是三次开展交流沟通。"),
        "{diff}"
    );
    // A column head is the templates' text: said so, no edit box.
    assert!(text("head_note").contains("模板"), "{seen}");
    assert_eq!(seen["head_editable"], false);
    // Another site, or a request without the page's secret: refused, nothing written (the
    // diff above is all there is).
    assert_eq!(number("foreign_host"), 403);
    assert_eq!(number("foreign_host_edit"), 403);
    assert_eq!(number("foreign_origin"), 403);
    assert_eq!(number("no_secret"), 403);
    assert_eq!(number("outside_content"), 422);
    assert_eq!(number("too_large"), 413);
    assert_eq!(number("traversal"), 404);
    assert_eq!(f.git(&["diff", "--stat"]).lines().count(), 2);
    assert_eq!(seen["errors"], serde_json::json!([]));
}

/// An edit from the page, through the library as the server makes it: refused while the file
/// differs from what the page was drawn from, refused for a field that is not there, put back
/// when the content would no longer build; written, one line, when all is well.
#[test]
fn an_edit_from_the_page_is_a_conflict_when_the_file_changed_since_the_page_was_drawn() {
    use huibao::pipeline::{self, BuildOptions, Cache};
    use huibao::serve::source::{Refused, edit};
    let f = Fixture::seed_with_templates();
    let opts = BuildOptions {
        content: f.path("content"),
        templates: f.path("templates"),
        output: f.path("output"),
        ..BuildOptions::default()
    };
    let mut cache = Cache::for_showing();
    pipeline::produce_with(&opts, &mut cache).unwrap();
    let (shown, _, _) = cache.shown().unwrap();
    let rel = "content/yongan/03-推广海西汽车产品.yaml";
    let file = f.path(rel);
    let drawn = f.read(rel);
    // Another program saved the file after the page was drawn.
    f.edit(rel, "lead_leader: 薛加良", "lead_leader: 薛加良 # 已核对");
    let saved = f.read(rel);
    let leader = (file.as_path(), "rows[0].lead_leader");
    let refused = edit(shown, &opts, leader, ("薛加良", "王某"));
    assert!(
        matches!(&refused, Err(Refused::Conflict(why)) if why.contains("03-推广海西汽车产品.yaml")),
        "{refused:?}"
    );
    assert_eq!(f.read(rel), saved);
    // As drawn again: a field that is not in the file, a file that is not content.
    f.write(rel, &drawn);
    let missing = edit(shown, &opts, (&file, "rows[0].nothing"), ("", "x"));
    assert!(matches!(missing, Err(Refused::Invalid(_))), "{missing:?}");
    let style = f.path("templates/style.yaml");
    let outside = edit(shown, &opts, (&style, "pages"), ("", "x"));
    assert!(matches!(outside, Err(Refused::Invalid(_))), "{outside:?}");
    // A character no font has: the content does not build, and the file is put back.
    let unprintable = edit(shown, &opts, leader, ("薛加良", "薛加良😀"));
    assert!(
        matches!(&unprintable, Err(Refused::Invalid(why)) if why.contains("U+1F600")),
        "{unprintable:?}"
    );
    assert_eq!(f.read(rel), drawn);
    // And a good edit changes that one value, comments and all else kept.
    edit(shown, &opts, leader, ("薛加良", "王某某")).unwrap();
    assert_eq!(
        f.read(rel),
        drawn.replace("lead_leader: 薛加良", "lead_leader: 王某某")
    );
}
