//! Deleting a middle item and putting one between two: `check` says how to number again, the
//! hint works when typed, and `huibao renumber` / `huibao new --at` change only each moved
//! file's number (its `seq` line and its name's prefix), as git sees it.

use crate::common::*;

/// The files staged after `git add -A`, renames found (`R100\told\tnew`).
fn staged(f: &Fixture) -> String {
    f.git(&["add", "-A"]);
    f.git(&["diff", "--cached", "-M", "--name-status"])
}

/// The lines of `git diff --cached -M` that change something, file headers left out.
fn changed_lines(f: &Fixture) -> Vec<String> {
    f.git(&["diff", "--cached", "-M", "-U0"])
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn a_deleted_item_is_closed_up_by_the_hint_and_a_new_one_goes_between_two() {
    let f = Fixture::seed();
    // As `huibao init` writes it: huibao's lock stays out of the repository.
    f.write(".gitignore", ".huibao-lock\n");
    f.git(&["init", "-q"]);
    f.git(&["add", "-A"]);
    f.git(&["commit", "-q", "-m", "seed"]);
    std::fs::remove_file(f.path(DATIAN3)).unwrap();
    f.git(&["commit", "-q", "-a", "-m", "item 3 goes"]);

    let (ok, _, stderr) = f.check();
    assert!(!ok);
    assert!(
        stderr.contains("no item has seq 3")
            && stderr.contains(
                "hint: number the items again in their order with: `huibao renumber datian`"
            ),
        "{stderr}"
    );
    // The hint, typed as it says.
    let out = f.run(&["renumber", "datian"]);
    assert_ok(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("content/datian/04-气候投融资.yaml → 03-气候投融资.yaml: seq 4 → 3\n"),
        "{stdout}"
    );
    assert!(stdout.ends_with("renumbered 6 items\n"), "{stdout}");
    let (ok, _, stderr) = f.check();
    assert!(ok, "{stderr}");
    // Six renames, each changing its seq line and nothing else.
    let status = staged(&f);
    assert_eq!(status.lines().count(), 6, "{status}");
    assert!(status.lines().all(|l| l.starts_with('R')), "{status}");
    assert!(status.contains(
        "content/datian/09-生态环境损害赔偿.yaml\tcontent/datian/08-生态环境损害赔偿.yaml"
    ));
    let mut lines = changed_lines(&f);
    lines.sort();
    let mut expected: Vec<String> = (3..=8)
        .flat_map(|n| [format!("+seq: {n}"), format!("-seq: {}", n + 1)])
        .collect();
    expected.sort();
    assert_eq!(lines, expected);
    f.git(&["commit", "-q", "-m", "renumbered"]);

    // A new item at 2: the items from 2 on move down, and the material builds in that order.
    let out = f.run(&["new", "datian", "固废协同处置", "--at", "2"]);
    assert_ok(&out);
    assert!(f.path("content/datian/02-固废协同处置.yaml").is_file());
    assert!(
        f.read("content/datian/02-固废协同处置.yaml")
            .contains("seq: 2 ")
    );
    assert!(
        f.read("content/datian/03-污水垃圾处理.yaml")
            .starts_with("seq: 3\n")
    );
    assert!(
        f.read("content/datian/09-生态环境损害赔偿.yaml")
            .starts_with("seq: 9\n")
    );
    f.edit(
        "content/datian/02-固废协同处置.yaml",
        "  - content: \"\"",
        "  - content: 交流一般工业固废协同处置经验",
    );
    f.edit(
        "content/datian/02-固废协同处置.yaml",
        "    lead_dept: \"\"",
        "    lead_dept: 环保处",
    );
    f.build_ok();
    let (text, _) = f.pdf_text("datian.pdf");
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not in {text}"));
    assert!(at("水环境") < at("固废协同处置") && at("固废协同处置") < at("污水垃圾处理"));
    // Out of range, and nothing moved.
    let out = f.run(&["new", "datian", "又一个", "--at", "12"]);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --at 12: an item of this annex can go at 1 to 10\n"
    );
    assert!(!f.path("content/datian/12-又一个.yaml").exists());
}
