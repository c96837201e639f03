//! A leader's revisions of `meeting.docx` come back into the content (`huibao import
//! 修改稿.docx`): typed in LibreOffice Writer with track changes on, written the way Word writes
//! revisions, stale, from another project, and hostile.

use crate::common::*;
use std::io::{Read, Write};
use std::path::Path;

/// The parts of a .docx, in order.
fn parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut part = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            part.read_to_end(&mut bytes).unwrap();
            (part.name().to_string(), bytes)
        })
        .collect()
}

/// Writes `parts` as a .docx at `path`.
fn write_parts(path: &Path, parts: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// `meeting.docx` with `edit` applied to its `word/document.xml`, and `extra` parts put in.
fn revised(f: &Fixture, out: &str, edit: impl Fn(String) -> String, extra: &[(&str, &str)]) {
    let mut all = parts(&f.path("output/meeting.docx"));
    for (name, bytes) in &mut all {
        if name == "word/document.xml" {
            *bytes = edit(String::from_utf8(bytes.clone()).unwrap()).into_bytes();
        }
    }
    for (name, xml) in extra {
        match all.iter_mut().find(|(n, _)| n == name) {
            Some((_, bytes)) => *bytes = xml.as_bytes().to_vec(),
            None => all.push((name.to_string(), xml.as_bytes().to_vec())),
        }
    }
    write_parts(&f.path(out), &all);
}

/// The range of the `<w:p>` holding `text`.
fn paragraph_of(xml: &str, text: &str) -> std::ops::Range<usize> {
    let at = xml
        .find(text)
        .unwrap_or_else(|| panic!("{text} not in the Word file"));
    let start = xml[..at].rfind("<w:p ").unwrap();
    let end = at + xml[at..].find("</w:p>").unwrap() + "</w:p>".len();
    start..end
}

/// The paragraph holding `text` with its runs replaced by `runs` (its bookmark kept).
fn rewrite(xml: &str, text: &str, runs: &str) -> String {
    let range = paragraph_of(xml, text);
    let p = &xml[range.clone()];
    let first_run = p.find("<w:r>").unwrap();
    let rebuilt = format!("{}{runs}</w:p>", &p[..first_run]);
    format!("{}{rebuilt}{}", &xml[..range.start], &xml[range.end..])
}

fn out_err(o: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

const CLOSING: &str = "content/meeting.yaml";

/// Word's way of writing a revision: the changed words as `w:del`/`w:ins` with author and
/// date, the sentence split over runs of several formats and a proofing mark.
fn as_word_revises(xml: String) -> String {
    let d = r#"w:author="张局长" w:date="2026-12-01T09:00:00Z""#;
    let xml = rewrite(
        &xml,
        "以上汇报，请予审议。",
        &format!(
            r#"<w:r><w:t>以上</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>汇报，</w:t></w:r><w:proofErr w:type="spellStart"/><w:del w:id="901" {d}><w:r><w:delText>请予</w:delText></w:r></w:del><w:ins w:id="902" {d}><w:r><w:t>请</w:t></w:r></w:ins><w:proofErr w:type="spellEnd"/><w:r><w:rPr><w:i/></w:rPr><w:t>审议。</w:t></w:r>"#
        ),
    );
    // A comment on the overview, and a paragraph added after the closing.
    let overview = paragraph_of(&xml, "2023年，永安市");
    let p = &xml[overview.clone()];
    let at = p.find("<w:r>").unwrap();
    let commented = format!(
        r#"{}<w:commentRangeStart w:id="7"/>{}<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r></w:p>"#,
        &p[..at],
        &p[at..p.len() - "</w:p>".len()]
    );
    let xml = format!(
        "{}{commented}{}",
        &xml[..overview.start],
        &xml[overview.end..]
    );
    let closing = paragraph_of(&xml, "审议。");
    format!(
        "{}<w:p><w:r><w:t>请各处室抓紧落实。</w:t></w:r></w:p>{}",
        &xml[..closing.end],
        &xml[closing.end..]
    )
}

const COMMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7" w:author="张局长" w:date="2026-12-01T09:00:00Z"><w:p><w:r><w:t>数字再核实一下</w:t></w:r></w:p></w:comment></w:comments>"#;

#[test]
fn a_revision_written_as_word_writes_it_is_read_as_accepted_with_its_comment_and_additions() {
    let f = Fixture::seed();
    f.build_ok();
    revised(
        &f,
        "修改稿.docx",
        as_word_revises,
        &[("word/comments.xml", COMMENTS)],
    );
    let o = f.run(&["import", "修改稿.docx"]);
    assert_ok(&o);
    let (out, err) = out_err(&o);
    assert!(
        out.contains(&format!(
            "{CLOSING}:17 closing (结束语): 以上汇报，请予审议。 → 以上汇报，请审议。\n  (with 2 tracked changes not accepted yet, read as accepted)"
        )),
        "{out}"
    );
    assert!(out.contains("1 change in 1 file;"), "{out}");
    for said in [
        "2 tracked changes are not accepted yet",
        "汇报 第6段 has a comment (张局长): “数字再核实一下”",
        "an added paragraph “请各处室抓紧落实。”: not imported",
    ] {
        assert!(err.contains(said), "{said} not in {err}");
    }
    // Two leaders' files that disagree on a field: neither text is imported.
    revised(
        &f,
        "另一稿.docx",
        |xml| {
            rewrite(
                &xml,
                "以上汇报，请予审议。",
                "<w:r><w:t>以上汇报，请审定。</w:t></w:r>",
            )
        },
        &[],
    );
    let (out, err) = out_err(&f.run(&["import", "修改稿.docx", "另一稿.docx"]));
    assert!(out.contains("0 changes"), "{out}");
    assert!(
        err.contains("closing (结束语): the returned files disagree (修改稿.docx 汇报 第13段: “以上汇报，请审议。”; 另一稿.docx 汇报 第13段: “以上汇报，请审定。”): neither is imported"),
        "{err}"
    );
    assert_ok(&f.run(&["import", "修改稿.docx", "--write"]));
    assert!(f.read(CLOSING).contains("closing: 以上汇报，请审议。\n"));
    assert!(!f.read(CLOSING).contains("请各处室"));
}

#[test]
fn a_field_the_office_changed_since_is_a_conflict_and_only_force_writes_it() {
    let f = Fixture::seed();
    f.build_ok();
    revised(&f, "修改稿.docx", as_word_revises, &[]);
    f.edit(
        CLOSING,
        "closing: 以上汇报，请予审议。",
        "closing: 以上汇报，请审定。",
    );
    let (out, _) = out_err(&f.run(&["import", "修改稿.docx", "--write"]));
    assert!(
        out.contains("conflict: ") && out.contains("以上汇报，请审定。 → 以上汇报，请审议。"),
        "{out}"
    );
    assert!(f.read(CLOSING).contains("closing: 以上汇报，请审定。"));
    assert_ok(&f.run(&["import", "修改稿.docx", "--write", "--force"]));
    assert!(f.read(CLOSING).contains("closing: 以上汇报，请审议。"));
    // Only the office's change since, the leader's text as built: nothing to import.
    let g = Fixture::seed();
    g.build_ok();
    std::fs::copy(g.path("output/meeting.docx"), g.path("原稿.docx")).unwrap();
    g.edit(
        CLOSING,
        "closing: 以上汇报，请予审议。",
        "closing: 以上汇报，请审定。",
    );
    let (out, _) = out_err(&g.run(&["import", "原稿.docx"]));
    assert!(out.contains("0 changes"), "{out}");
}

#[test]
fn a_word_file_of_another_project_an_old_doc_and_hostile_packages_are_refused() {
    let f = Fixture::seed();
    f.build_ok();
    // Another project's Word file: its fields have other values.
    let other = tempfile::tempdir().unwrap();
    crate::synth::write_project(other.path(), 1, 5, 7).unwrap();
    assert_ok(&run_in(other.path(), &["build"]));
    std::fs::copy(
        other.path().join("output/meeting.docx"),
        f.path("别的项目.docx"),
    )
    .unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "旧格式.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            "Word 97–2003 (.doc) or WPS (.wps)",
        ),
        (
            "文字.wps",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            "Save As → Word Document (*.docx)",
        ),
        (
            "不是.docx",
            b"just text".to_vec(),
            "not a Word document (.docx)",
        ),
    ];
    for (name, bytes, _) in &cases {
        f.write(name, bytes);
    }
    // A 1 GB document.xml (it deflates to about a megabyte), and an entity bomb.
    let mut huge = parts(&f.path("output/meeting.docx"));
    for (name, bytes) in &mut huge {
        if name == "word/document.xml" {
            *bytes = vec![b' '; 1 << 30];
        }
    }
    write_parts(&f.path("巨大.docx"), &huge);
    assert!(std::fs::metadata(f.path("巨大.docx")).unwrap().len() < 100 << 20);
    revised(
        &f,
        "炸弹.docx",
        |_| {
            let mut x =
                String::from(r#"<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa">"#);
            for i in 1..10 {
                x.push_str(&format!(
                    r#"<!ENTITY a{i} "{}">"#,
                    format!("&a{};", i - 1).repeat(10)
                ));
            }
            x.push_str(
                "]><w:document><w:body><w:p><w:r><w:t>&a9;</w:t></w:r></w:p></w:body></w:document>",
            );
            x.replace("&a0;", "&a;")
        },
        &[],
    );
    let before = tree(&f.path("content"));
    let refused = |name: &str, said: &str| {
        let start = std::time::Instant::now();
        let o = f.run(&["import", name, "--write"]);
        let (_, err) = out_err(&o);
        assert!(!o.status.success(), "{name} was imported");
        assert!(err.contains(name) && err.contains(said), "{name}: {err}");
        start.elapsed()
    };
    refused(
        "别的项目.docx",
        "none of its fields belongs to this content",
    );
    refused("没有.docx", "no such file");
    std::fs::create_dir(f.path("文件夹.docx")).unwrap();
    refused("文件夹.docx", "not an ordinary file but a folder");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(f.path("不在.docx"), f.path("断链.docx")).unwrap();
        refused("断链.docx", "a link to a file that does not exist");
        // A link to the Word file is the Word file.
        std::os::unix::fs::symlink(f.path("output/meeting.docx"), f.path("链接.docx")).unwrap();
        assert_ok(&f.run(&["import", "链接.docx"]));
    }
    for (name, _, said) in &cases {
        refused(name, said);
    }
    let huge_took = refused("巨大.docx", "word/document.xml inflates to more than 64 MB");
    refused("炸弹.docx", "not readable XML (XML with DTD detected)");
    // Refused on its declared size, before any of it is inflated (a debug build).
    assert!(huge_took.as_secs_f32() < 2.0, "{huge_took:?}");
    assert_eq!(
        tree(&f.path("content")),
        before,
        "a refused file changed the content"
    );
}

/// The LibreOffice round trip: Writer with track changes on, text selected and typed over.
#[test]
fn a_leaders_revision_typed_in_libreoffice_writer_comes_back_field_by_field() {
    if !libreoffice_uno() {
        println!("soffice or Python UNO not found: the Writer round trip is skipped");
        return;
    }
    let f = Fixture::seed_in_git();
    f.build_ok();
    let o = std::process::Command::new("/usr/bin/python3")
        .arg(repo().join("tests/it/calc/revise.py"))
        .arg(f.path("output/meeting.docx"))
        .arg(f.path("修改稿.docx"))
        .args(["以上汇报，请予审议。", "以上汇报，请审议并提出意见。"])
        .args(["强化生态环境技术交流", "加强生态环境技术交流"])
        .args(["配合部门", "协办部门"])
        .args(["re:^附件1$", "附件一"])
        .output()
        .unwrap();
    assert_ok(&o);
    // Meanwhile a department's workbook came back and was written: the leader's file, made
    // before, still imports cleanly (the same item file, another field).
    let typed = std::process::Command::new("/usr/bin/python3")
        .arg(repo().join("tests/it/calc/type_into.py"))
        .arg(f.path("output/yongan.xlsx"))
        .arg(f.path("环保处.xlsx"))
        .args(["明细", "I2=type:已完成需求梳理"])
        .output()
        .unwrap();
    assert_ok(&typed);
    let (out, _) = out_err(&f.run(&["import", "环保处.xlsx", "--write"]));
    assert!(out.contains("rows[0].progress"), "{out}");
    f.git(&["commit", "-qam", "环保处交回"]);
    let (out, err) = out_err(&f.run(&["import", "修改稿.docx"]));
    assert!(
        out.contains(&format!(
            "{CLOSING}:17 closing (结束语): 以上汇报，请予审议。 → 以上汇报，请审议并提出意见。"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{YONGAN1}:4 rows[0].content (对口合作交流内容): 强化生态环境技术交流"
        )) && out.contains("→ 加强生态环境技术交流，做好污染防治技术的指导"),
        "{out}"
    );
    assert!(out.contains("2 changes in 2 files"), "{out}");
    for heading in ["附件1 表头 (“协办部门”)", "附件1 第1段 (“附件一”)"] {
        assert!(
            err.contains(&format!("{heading} is text the templates make")),
            "{heading}: {err}"
        );
    }
    assert_ok(&f.run(&["import", "修改稿.docx", "--write"]));
    let numstat = f.git(&["diff", "--numstat"]);
    let mut lines: Vec<String> = numstat.lines().map(str::to_string).collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        vec![
            "1\t1\tcontent/meeting.yaml".to_string(),
            format!("1\t1\t{YONGAN1}"),
        ],
        "{numstat}"
    );
    f.build_ok();
    let (text, _) = f.pdf_text("meeting.pdf");
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(flat.contains("以上汇报，请审议并提出意见。"), "{flat}");
    assert!(flat.contains("加强生态环境技术交流"), "{flat}");
    // The 修改说明 lists the leader's edits.
    let (changes, _) = out_err(&f.run(&["changes"]));
    assert!(
        changes.contains("结束语, line 17: 以上汇报，请[-予-]审议{+并提出意见+}。")
            && changes.contains("附件1 第1项 对口合作交流内容：{+加+}强[-化-]生态环境技术交流"),
        "{changes}"
    );
}
