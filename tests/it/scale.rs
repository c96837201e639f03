//! Synthetic projects (the benchmark's generator) are valid and build: many annexes, many
//! items, tables that run over many pages.

use crate::common::{assert_ok, run_in};

#[test]
fn a_generated_project_is_valid_deterministic_and_builds() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    crate::synth::write_project(a.path(), 3, 40, 7).unwrap();
    crate::synth::write_project(b.path(), 3, 40, 7).unwrap();
    let item = "content/partner002/00017.yaml";
    assert_eq!(
        std::fs::read(a.path().join(item)).unwrap(),
        std::fs::read(b.path().join(item)).unwrap()
    );
    assert_ok(&run_in(a.path(), &["build"]));
    for name in ["meeting.pdf", "partner001.pdf", "partner003.xlsx"] {
        assert!(a.path().join("output").join(name).is_file(), "{name}");
    }
    let list = run_in(a.path(), &["list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("3 annexes, 120 items"));
}
