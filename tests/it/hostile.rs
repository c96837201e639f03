//! The second audit's hostile and broken projects (nesting, tags, template recursion, numbers
//! out of range in style.yaml, special files, a sparse font): each refused with an error that
//! names its file, and `watch` living through every one of them. Their time and memory are
//! measured by `cargo bench --bench hostile`.

use crate::common::*;
use crate::spoilt;

#[test]
fn each_spoilt_project_is_refused_with_its_file_named() {
    for s in spoilt::all() {
        let f = Fixture::seed_with_templates();
        (s.spoil)(f.dir.path());
        let out = f.run(&["check", "--message-format", "short"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", s.name);
        let first = err.lines().next().unwrap_or("");
        assert!(
            first.starts_with("error: ") && first.contains(s.file) && first.contains(s.says),
            "{}: expected an error naming {} and saying {:?}, got:\n{err}",
            s.name,
            s.file,
            s.says
        );
    }
}

#[test]
fn watch_lives_through_every_spoilt_project() {
    let f = Fixture::seed_with_templates();
    let w = crate::watch::Watch::start(&f);
    w.until("watching content");
    for s in spoilt::all() {
        (s.spoil)(f.dir.path());
        w.until_containing(s.says);
        spoilt::restore(&s, &repo(), f.dir.path());
        w.until("rebuilt in ");
    }
    // Still alive and building after all of them.
    f.edit(YONGAN1, "尽快开展需求沟通。", "尽快开展需求沟通，已约谈。");
    w.until("rebuilt in ");
    assert!(f.pdf_text("yongan.pdf").0.contains("已约谈"));
}
