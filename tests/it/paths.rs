//! huibao never deletes, moves or writes anything it did not write, whatever a journal or a
//! manifest says and wherever a link in its folders points: each case asserts that the file
//! outside is untouched, and the exact message.

use crate::common::*;

/// A folder outside the project holding one file the user cares about, and `output/shared`
/// linking to it.
fn victim(f: &Fixture) -> std::path::PathBuf {
    let outside = f.path("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("victim.xlsx"), "the user's file").unwrap();
    std::fs::create_dir_all(f.path("output")).unwrap();
    std::os::unix::fs::symlink(&outside, f.path("output/shared")).unwrap();
    outside.join("victim.xlsx")
}

fn untouched(victim: &std::path::Path) {
    assert_eq!(std::fs::read_to_string(victim).unwrap(), "the user's file");
}

#[test]
fn a_journal_entry_through_a_linked_folder_touches_nothing_outside() {
    for committed in [false, true] {
        let f = Fixture::seed();
        let victim = victim(&f);
        // Rolled back, the entry would remove the target; finished, its `old`.
        let journal = serde_json::json!({
            "committed": committed,
            "entries": [{
                "target": "shared/victim.xlsx",
                "new": ".huibao-tmp-gone",
                "old": if committed { Some("shared/victim.xlsx") } else { None },
            }],
        });
        f.write("output/.huibao-journal", journal.to_string());
        let out = f.run(&["check"]);
        assert_ok(&out);
        untouched(&victim);
        assert!(!f.path("output/.huibao-journal").exists());
    }
}

#[test]
fn a_manifest_naming_a_file_through_a_linked_folder_removes_nothing_outside() {
    let f = Fixture::seed();
    f.build_ok();
    let victim = victim(&f);
    let manifest: Vec<String> =
        serde_json::from_str::<Vec<String>>(&f.read("output/.huibao-manifest.json"))
            .unwrap()
            .into_iter()
            .chain(["shared/victim.xlsx".to_string()])
            .collect();
    f.write(
        "output/.huibao-manifest.json",
        serde_json::to_string(&manifest).unwrap(),
    );
    // A build removes the files of the last one it no longer makes; clean removes them all.
    f.build_ok();
    untouched(&victim);
    f.write(
        "output/.huibao-manifest.json",
        serde_json::to_string(&manifest).unwrap(),
    );
    assert_ok(&f.run(&["clean"]));
    untouched(&victim);
}

#[test]
fn a_linked_subfolder_of_output_is_not_written_through() {
    let f = Fixture::seed();
    let outside = f.path("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(f.path("output")).unwrap();
    std::os::unix::fs::symlink(&outside, f.path("output/departments")).unwrap();
    let (ok, err) = f.build();
    assert!(!ok);
    assert!(
        err.contains("`departments/")
            && err.contains("is a symbolic link, which would lead outside the folder"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn a_lock_that_is_a_link_creates_nothing_at_its_target() {
    let f = Fixture::seed();
    std::fs::create_dir_all(f.path("output")).unwrap();
    std::os::unix::fs::symlink(f.path("made-by-huibao"), f.path("output/.huibao-lock")).unwrap();
    let (ok, err) = f.build();
    assert!(!ok);
    assert!(err.contains("`.huibao-lock`"), "{err}");
    assert!(!f.path("made-by-huibao").exists());
}

#[test]
fn clean_and_changes_out_refuse_the_sources() {
    let f = Fixture::seed();
    f.build_ok();
    let before = tree(&f.path("content"));
    // A manifest in content/ (left by a build that once wrote there) is not obeyed.
    f.write(
        "content/.huibao-manifest.json",
        r#"["meeting.yaml","yongan/_annex.yaml"]"#,
    );
    let out = f.run(&["clean", "--output", "content"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: content: the output folder is inside the content folder"),
        "{err}"
    );
    std::fs::remove_file(f.path("content/.huibao-manifest.json")).unwrap();
    assert_eq!(tree(&f.path("content")), before);
    // A 修改说明 written over a content file.
    assert!(runs_here(
        "git",
        &["init", "-q", f.path(".").to_str().unwrap()]
    ));
    let out = f.run(&[
        "changes",
        "--format",
        "docx",
        "--out",
        "content/meeting.yaml",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(
            "error: content/meeting.yaml: the output folder is inside the content folder"
        ),
        "{err}"
    );
    assert_eq!(tree(&f.path("content")), before);
    let out = f.run(&["schema", "--out", "templates/schemas"]);
    assert!(!out.status.success());
}

#[test]
fn new_writes_only_inside_content() {
    let f = Fixture::seed();
    std::fs::create_dir_all(f.path("templates")).unwrap();
    let abs = f.path("abs");
    std::fs::create_dir_all(&abs).unwrap();
    for annex in ["../templates", abs.to_str().unwrap()] {
        let out = f.run(&["new", annex, "事项"]);
        assert!(!out.status.success(), "{annex}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a path inside the folder"), "{err}");
    }
    assert_eq!(std::fs::read_dir(f.path("templates")).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(&abs).unwrap().count(), 0);
    for annex in ["../templates", abs.to_str().unwrap()] {
        let out = f.run(&["new", "--annex", annex, "三明市"]);
        assert!(!out.status.success(), "{annex}");
    }
    assert_eq!(std::fs::read_dir(f.path("templates")).unwrap().count(), 0);
}

/// Mounts a tmpfs of `kb` KiB at `dir`; false where this machine does not let the tests mount
/// (not root).
fn mount_tmpfs(dir: &std::path::Path, kb: usize) -> bool {
    std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={kb}k"), "tmpfs"])
        .arg(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A disk that fills up at any step of a swap (staging, the journal, the renames, the mark
/// that commits it): every size of a small tmpfs, 4 KiB apart, from too small for anything to
/// large enough for all. After each failure the folder holds every old file and the message
/// says so; after each success every new one; and the next run leaves either as it is.
#[test]
fn a_full_disk_at_any_step_leaves_all_old_or_all_new_files_and_says_which() {
    use huibao::transaction::{Change, Folder, Permissions};
    let names: Vec<String> = (0..12).map(|i| format!("f{i:02}.pdf")).collect();
    let old: Vec<Vec<u8>> = (0..12).map(|i| vec![b'o' + (i % 2); 6000]).collect();
    let new: Vec<Vec<u8>> = (0..12).map(|i| vec![b'N' + (i % 2); 6000]).collect();
    let probe = tempfile::tempdir().unwrap();
    let can_mount = mount_tmpfs(probe.path(), 64);
    let _ = std::process::Command::new("umount")
        .arg(probe.path())
        .status();
    required_in_ci(can_mount, "mounting a tmpfs (root)");
    if !can_mount {
        println!("cannot mount a tmpfs here (not root): the full-disk sweep is skipped");
        return;
    }
    let (mut failed, mut succeeded) = (0, 0);
    for kb in (96..=216).step_by(4) {
        let dir = tempfile::tempdir().unwrap();
        assert!(mount_tmpfs(dir.path(), kb));
        let root = dir.path();
        let written = names
            .iter()
            .zip(&old)
            .all(|(n, b)| std::fs::write(root.join(n), b).is_ok());
        let state = || -> Vec<Vec<u8>> {
            names
                .iter()
                .map(|n| std::fs::read(root.join(n)).unwrap_or_default())
                .collect()
        };
        let others = || -> Vec<String> {
            std::fs::read_dir(root)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| !names.contains(n) && n != ".huibao-lock")
                .collect()
        };
        if written {
            let changes: Vec<Change> = names
                .iter()
                .zip(&new)
                .map(|(name, b)| Change {
                    name,
                    bytes: Some(b),
                })
                .collect();
            let result = Folder::open(root).and_then(|f| f.commit(&changes, Permissions::Inherit));
            let after = state();
            match &result {
                Ok(()) => {
                    assert_eq!(after, new, "{kb} KiB: success but not all new");
                    succeeded += 1;
                }
                Err(e) => {
                    assert_eq!(after, old, "{kb} KiB: {e}\nfailed but not all old");
                    assert!(
                        e.ends_with("nothing was replaced: every file is as it was"),
                        "{kb} KiB: {e}"
                    );
                    failed += 1;
                }
            }
            assert_eq!(others(), Vec::<String>::new(), "{kb} KiB: leftovers");
            // The next run settles nothing differently.
            drop(Folder::open(root));
            assert_eq!(state(), after, "{kb} KiB: the next run changed the files");
        }
        let _ = std::process::Command::new("umount").arg(root).status();
    }
    assert!(
        failed > 0 && succeeded > 0,
        "{failed} failed, {succeeded} succeeded"
    );
}

/// A build that reads the content while `import --write` swaps three item files sees all old
/// or all new content: the build holds the content folder's lock shared while it reads, the
/// import holds it exclusively. The build is stopped for a while between reading
/// `meeting.yaml` and the item files (a test-only pause); the import started meanwhile waits.
#[test]
fn a_build_reading_while_an_import_writes_sees_all_old_or_all_new() {
    use crate::import::{data_sheet, save, set};
    let f = Fixture::seed();
    f.build_ok();
    let mut rows = data_sheet(&f.path("output/yongan.xlsx"));
    for (key, text) in [
        ("yongan/01-", "第一项已更新"),
        ("yongan/02-", "第二项已更新"),
        ("yongan/03-", "第三项已更新"),
    ] {
        set(&mut rows, key, "事项推进情况", text);
    }
    save(&f.path("back.xlsx"), &rows, &[]);
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(["build", "-q"])
        .current_dir(f.dir.path())
        .env("HUIBAO_PAUSE_MID_READ_MS", "1500")
        .env("LANG", "C.UTF-8")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let clock = std::time::Instant::now();
    let import = f.run(&["import", "back.xlsx", "--write"]);
    assert_ok(&import);
    // The import waited for the build's reading (it says so on stderr).
    assert!(
        String::from_utf8_lossy(&import.stderr).contains("waiting"),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(clock.elapsed() >= std::time::Duration::from_millis(800));
    let build = build.wait_with_output().unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let (text, _) = f.pdf_text("yongan.pdf");
    let updated = ["第一项已更新", "第二项已更新", "第三项已更新"]
        .iter()
        .filter(|t| text.contains(*t))
        .count();
    assert_eq!(updated, 0, "the build read part of the import");
    // The next build has all of it.
    f.build_ok();
    let (text, _) = f.pdf_text("yongan.pdf");
    assert!(text.contains("第一项已更新") && text.contains("第三项已更新"));
}

/// A build killed in the middle of its swap leaves output/ mixed, with its journal: the next
/// command of any kind (an import here) settles it to all old before anything else.
#[test]
fn every_command_settles_a_swap_a_killed_build_left() {
    let f = Fixture::seed();
    f.build_ok();
    std::fs::copy(f.path("output/yongan.xlsx"), f.path("back.xlsx")).unwrap();
    let before = tree(&f.path("output"));
    f.edit(YONGAN1, "尽快开展需求沟通。", "尽快开展需求沟通，已约谈。");
    let killed = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(["build", "-q"])
        .current_dir(f.dir.path())
        .env("HUIBAO_CRASH_AFTER_RENAMES", "2")
        .output()
        .unwrap();
    assert!(!killed.status.success());
    assert!(f.path("output/.huibao-journal").exists());
    for command in [&["import", "back.xlsx"][..], &["list"], &["changes"]] {
        let out = f.run(command);
        assert!(
            !f.path("output/.huibao-journal").exists(),
            "{command:?}: {out:?}"
        );
        assert_eq!(tree(&f.path("output")), before, "{command:?}");
    }
}

/// Names that are one file on some disk are one name to huibao: NFC and NFD forms of a
/// department, a CJK compatibility ideograph in an annex folder; and a folder whose name is
/// GBK bytes (what unzip leaves from a zip made on Chinese Windows) is named with the fix.
#[test]
fn names_equal_on_some_disk_and_names_in_gbk_are_refused_with_the_fix() {
    let f = Fixture::seed();
    f.edit(YONGAN1, "support_depts: [监测站]", "support_depts: [Café]");
    f.edit(
        YONGAN2,
        "support_depts: [基建处]",
        "support_depts: [Cafe\u{301}]",
    );
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(
        err.contains("would be the same file departments/Caf"),
        "{err}"
    );

    let f = Fixture::seed();
    std::fs::rename(f.path("content/datian"), f.path("content/\u{F9D1}合")).unwrap();
    std::fs::create_dir(f.path("content/六合")).unwrap();
    std::fs::copy(
        f.path("content/yongan/_annex.yaml"),
        f.path("content/六合/_annex.yaml"),
    )
    .unwrap();
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert!(err.contains("would be the same file"), "{err}");

    let f = Fixture::seed();
    let gbk =
        <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&[0xD3, 0xC0, 0xB0, 0xB2]);
    std::fs::rename(f.path("content/yongan"), f.path("content").join(gbk)).unwrap();
    let (ok, _, err) = f.check();
    assert!(!ok);
    assert_eq!(
        err,
        "error: content/\\xD3\\xC0\\xB0\\xB2: the name `\\xD3\\xC0\\xB0\\xB2` is not UTF-8: huibao cannot read it reliably, and it could become the same name as another file\n  hint: it is “永安” in GBK: rename it to 永安 (or unzip with unzip -O GBK, or with 7-Zip)\n1 problem in 1 file\n"
    );
}
