//! The Word version read back: every content string in its paragraph or cell, the sections'
//! orientations, merged cells, the repeated header row, the page-number fields in even and odd
//! footers, the styles' fonts and names, the same bytes on a second build; and, when soffice is
//! here, LibreOffice converting it to PDF with every string and recording a tracked change.

use crate::common::*;
use huibao::document::{Block, Document};

use std::io::Read;

/// Every text of a document (paragraphs and cells), line breaks removed.
fn texts(doc: &Document) -> Vec<String> {
    let mut out = Vec::new();
    for block in doc.sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Paragraph(p) => out.push(p.text.replace('\n', "")),
            Block::Table(t) => {
                for row in t.head.iter().chain(t.groups.iter().flatten()) {
                    out.extend(row.cells.iter().map(|c| c.text.replace('\n', "")));
                }
            }
            Block::PageBreak => {}
        }
    }
    out.retain(|t| !t.is_empty());
    out
}

fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The text of each paragraph (`w:p`) of `xml`, its runs' texts joined.
fn paragraph_texts(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            p.descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|t| t.text())
                .collect()
        })
        .collect()
}

#[test]
fn meeting_docx_holds_every_string_its_sections_merges_header_rows_and_footers() {
    let f = Fixture::seed();
    f.build_ok();
    let path = f.path("output/meeting.docx");
    let document = part(&path, "word/document.xml");
    let paragraphs = paragraph_texts(&document);
    for doc in seed_documents() {
        for text in texts(&doc) {
            assert!(
                paragraphs.contains(&text),
                "missing in meeting.docx: {text}"
            );
        }
    }
    let xml = roxmltree::Document::parse(&document).unwrap();
    let sections: Vec<String> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "pgSz")))
        .map(|n| n.attribute((W, "orient")).unwrap_or("").to_string())
        .collect();
    assert_eq!(sections, ["portrait", "landscape", "landscape"]);
    // Every section refers to the odd (default) and even footers.
    let refs = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "sectPr")))
        .map(|s| {
            s.children()
                .filter(|c| c.has_tag_name((W, "footerReference")))
                .filter_map(|c| c.attribute((W, "type")))
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>();
    assert!(refs.iter().all(|r| r == &["default", "even"]), "{refs:?}");
    assert!(part(&path, "word/settings.xml").contains("<w:evenAndOddHeaders"));
    // The GB/T 9704 grid on the report's pages: 28.95 pt lines (the 28 characters a line come
    // from the roles' character spacing: see docx_layout).
    assert!(document.contains(r#"<w:docGrid w:type="lines" w:linePitch="579""#));
    // Tables: the header row repeats, 序号/事项 merge down, year ranges and feedback across.
    let tables: Vec<_> = xml
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    assert_eq!(tables.len(), 2);
    for t in &tables {
        let rows: Vec<_> = t.children().filter(|n| n.has_tag_name((W, "tr"))).collect();
        let header =
            |r: &roxmltree::Node| r.descendants().any(|n| n.has_tag_name((W, "tblHeader")));
        assert!(header(&rows[0]), "the header row repeats on every page");
        assert!(rows[1..].iter().all(|r| !header(r)));
        // A row splits across pages only where the PDF may split it: a short row never, a
        // row of long texts may (the PDF splits inside cells rather than leave a page empty).
        let kept = |r: &roxmltree::Node| r.descendants().any(|n| n.has_tag_name((W, "cantSplit")));
        let longest = |r: &roxmltree::Node| {
            r.descendants()
                .filter(|n| n.has_tag_name((W, "t")))
                .filter_map(|n| n.text())
                .map(|t| t.chars().count())
                .max()
                .unwrap_or(0)
        };
        assert!(rows[1..].iter().any(kept), "no row kept whole");
        for r in rows[1..].iter().filter(|r| !kept(r)) {
            assert!(longest(r) > 40, "a short row may split: {}", longest(r));
        }
    }
    let count = |tag: &str, value: Option<&str>| {
        xml.descendants()
            .filter(|n| n.has_tag_name((W, tag)))
            .filter(|n| value.is_none_or(|v| n.attribute((W, "val")) == Some(v)))
            .count()
    };
    // 永安 item 2 and 大田 item 2 span two rows each: 序号 and 事项 restart once each.
    assert!(
        count("vMerge", Some("restart")) >= 4,
        "{}",
        count("vMerge", Some("restart"))
    );
    // 永安 item 1's plan over three years, and 大田's left-out items' feedback across.
    assert!(count("gridSpan", Some("3")) >= 1);
    assert!(xml.descendants().any(|n| {
        n.has_tag_name((W, "gridSpan"))
            && n.attribute((W, "val"))
                .is_some_and(|v| v.parse::<u32>().unwrap() >= 7)
    }));
    // Page numbers are fields: — PAGE —, right on odd pages, left on even ones.
    for (name, side) in [("word/footer1.xml", "right"), ("word/footer2.xml", "left")] {
        let footer = part(&path, name);
        assert!(
            footer.contains("<w:instrText>PAGE</w:instrText>"),
            "{footer}"
        );
        assert!(footer.contains("— ") && footer.contains(" —"));
        assert!(
            footer.contains(&format!(r#"<w:jc w:val="{side}" />"#)),
            "{name}: {footer}"
        );
    }
    // Styles named after the roles, each naming its official face (GB/T 9704: 仿宋 body,
    // 小标宋 title, 黑体 and 楷体 headings) with the East Asian font set.
    let styles = part(&path, "word/styles.xml");
    for (id, name, font) in [
        ("body", "正文", "仿宋_GB2312"),
        ("title", "标题", "方正小标宋简体"),
        ("h1", "一级标题", "黑体"),
        ("h2", "二级标题", "楷体_GB2312"),
        ("cell", "表格", "仿宋_GB2312"),
        ("note", "注", "仿宋_GB2312"),
        ("attachment", "附件说明", "仿宋_GB2312"),
    ] {
        let at = styles
            .find(&format!(r#"w:styleId="{id}""#))
            .unwrap_or_else(|| panic!("style {id}"));
        let style = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(
            style.contains(&format!(r#"<w:name w:val="{name}" />"#)),
            "{style}"
        );
        assert!(
            style.contains(&format!(r#"w:eastAsia="{font}""#)),
            "{style}"
        );
    }
    // The body: 三号 (32 half-points), exact 28.95 pt lines, a first-line indent of two of the
    // grid's characters (2 × 15.79 pt, as the PDF indents), 28 a line by character spacing.
    let at = styles.find(r#"w:styleId="body""#).unwrap();
    let body = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
    assert!(
        body.contains(r#"<w:sz w:val="32" />"#)
            && body.contains(r#"w:line="579" w:lineRule="exact""#)
    );
    assert!(
        body.contains(r#"w:firstLineChars="197" w:firstLine="632""#)
            && body.contains(r#"<w:spacing w:val="-5" />"#),
        "{body}"
    );
    let core = part(&path, "docProps/core.xml");
    assert!(core.contains("<dc:title>浦东新区生态环境局与永安市、大田县生态环境领域合作交流项目制定情况的汇报</dc:title>"));
    assert!(core.contains("<dc:creator>办公室（政策法规处）</dc:creator>"));
}

#[test]
fn each_annex_has_its_docx_the_bytes_are_the_same_on_a_second_build_and_a_switch_turns_them_off() {
    let f = Fixture::seed_with_templates();
    f.build_ok();
    let first: Vec<Vec<u8>> = ["meeting", "yongan", "datian"]
        .iter()
        .map(|n| std::fs::read(f.path(&format!("output/{n}.docx"))).unwrap())
        .collect();
    let g = Fixture::seed_with_templates();
    g.build_ok();
    for (i, n) in ["meeting", "yongan", "datian"].iter().enumerate() {
        assert!(
            std::fs::read(g.path(&format!("output/{n}.docx"))).unwrap() == first[i],
            "{n}.docx differs"
        );
    }
    let annex = part(&f.path("output/yongan.docx"), "word/document.xml");
    assert!(annex.contains(r#"w:orient="landscape""#) && !annex.contains(r#"w:orient="portrait""#));
    f.edit("templates/style.yaml", "docx:\n  # meeting.docx and <annex>.docx, for revising in Word or WPS; false writes none.\n  enabled: true", "docx:\n  enabled: false");
    f.build_ok();
    assert!(!f.path("output/meeting.docx").exists() && !f.path("output/yongan.docx").exists());
}

/// LibreOffice (`soffice`), Python UNO and pdftotext, when this machine has them.
fn office() -> bool {
    let ok = libreoffice_uno()
        && std::process::Command::new("pdftotext")
            .arg("-v")
            .output()
            .is_ok();
    required_in_ci(ok, "pdftotext");
    if !ok {
        println!(
            "soffice, Python UNO or pdftotext not found: the LibreOffice checks of the Word file are skipped (the XML checks above cover its content)"
        );
    }
    ok
}

#[test]
fn libreoffice_converts_it_with_every_string_and_records_a_tracked_change() {
    if !office() {
        return;
    }
    let f = Fixture::seed();
    f.build_ok();
    let out = std::process::Command::new("/usr/bin/python3")
        .arg(repo().join("tests/it/calc/docx_roundtrip.py"))
        .arg(f.path("output/meeting.docx"))
        .arg(f.path("edited.docx"))
        .arg(f.path("meeting-lo.pdf"))
        .arg("以上汇报，请予审议。")
        .arg("以上汇报，请审议。")
        .output()
        .unwrap();
    assert_ok(&out);
    let text = std::process::Command::new("pdftotext")
        .arg(f.path("meeting-lo.pdf"))
        .arg("-")
        .output()
        .unwrap();
    // Page by page, the page numbers left out (a paragraph runs on over a page break).
    let squashed: String = String::from_utf8_lossy(&text.stdout)
        .lines()
        .filter(|l| !(l.trim().starts_with('—') && l.trim().ends_with('—')))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace() && *c != '\u{c}')
        .collect();
    // Paragraphs read in one piece; a table's cells come out of pdftotext line by line side
    // by side, so for them every character is counted instead.
    let mut cells = std::collections::BTreeMap::<char, usize>::new();
    for doc in seed_documents() {
        for block in doc.sections.iter().flat_map(|s| &s.blocks) {
            match block {
                Block::Paragraph(p) => {
                    let t: String = p.text.chars().filter(|c| !c.is_whitespace()).collect();
                    assert!(squashed.contains(&t), "missing in LibreOffice's PDF: {t}");
                }
                Block::Table(t) => {
                    for c in t
                        .head
                        .iter()
                        .chain(t.groups.iter().flatten())
                        .flat_map(|r| &r.cells)
                    {
                        for ch in c.text.chars().filter(|c| !c.is_whitespace()) {
                            *cells.entry(ch).or_insert(0) += 1;
                        }
                    }
                }
                Block::PageBreak => {}
            }
        }
    }
    for (ch, n) in cells {
        assert!(
            squashed.matches(ch).count() >= n,
            "{ch}: fewer than {n} in LibreOffice's PDF"
        );
    }
    // The leader's edit is recorded as a tracked change, and the file still opens.
    let edited = part(&f.path("edited.docx"), "word/document.xml");
    assert!(
        edited.contains("<w:del ") && edited.contains("<w:ins "),
        "no tracked change recorded"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("reopened"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// The OOXML validator the tests use: `openxml-audit` from PyPI (the Open XML SDK's schema
/// and semantic rules in Python; `.ci/run` installs it into a venv on the PATH).
fn ooxml_validator() -> bool {
    let here = runs_here("openxml-audit", &["--help"]);
    required_in_ci(here, "openxml-audit");
    if !here {
        println!(
            "openxml-audit not found (pip install openxml-audit): the schema check of the .docx files is skipped"
        );
    }
    here
}

/// The errors the validator finds in `file` for Office 2016 and for Microsoft 365.
fn ooxml_errors(file: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for format in ["office2016", "microsoft365"] {
        let out = std::process::Command::new("openxml-audit")
            .args(["-f", format, "-m", "0", "-o", "json"])
            .arg(file)
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
        for e in report[0]["errors"].as_array().into_iter().flatten() {
            found.push(format!(
                "{format} {} {}: {}",
                e["part_uri"], e["path"], e["description"]
            ));
        }
    }
    found
}

/// Every .docx huibao writes — the material, each annex, a 修改说明 — is valid Office Open XML:
/// no element out of the schema's order, no undeclared attribute, the theme part Word requires.
#[test]
fn every_word_file_is_valid_office_open_xml() {
    if !ooxml_validator() {
        return;
    }
    let f = Fixture::seed_in_git();
    f.build_ok();
    f.edit(YONGAN1, "尽快开展需求沟通。", "尽快开展需求沟通，已对接。");
    assert_ok(&f.run(&["changes", "--format", "docx", "--out", "修改说明.docx"]));
    // Its mode is the umask's, as every output's.
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| std::fs::metadata(f.path(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("修改说明.docx"), mode("output/meeting.docx"));
    }
    for name in [
        "output/meeting.docx",
        "output/yongan.docx",
        "output/datian.docx",
        "修改说明.docx",
    ] {
        let errors = ooxml_errors(&f.path(name));
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    }
    // Content of another shape: two partners of 12 items, every cell four times as long (a
    // progress note over several pages, rows taller than a page).
    let other = tempfile::tempdir().unwrap();
    crate::synth::write_project_scaled(other.path(), 2, 12, 5, 4).unwrap();
    assert_ok(&run_in(other.path(), &["build"]));
    let built: Vec<_> = std::fs::read_dir(other.path().join("output"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    assert_eq!(built.len(), 3, "{built:?}");
    for file in built {
        let errors = ooxml_errors(&file);
        assert!(
            errors.is_empty(),
            "{}:\n{}",
            file.display(),
            errors.join("\n")
        );
    }
}
