//! The Word version set by LibreOffice, measured against huibao's PDF as a reviewer measures
//! a page (`pdftotext -bbox-layout`, `pdffonts`): LibreOffice here has no Chinese font and no
//! alias, so what it shows comes from the faces embedded in the .docx. Same page count, the
//! report's 28 characters on every full line and its 22-line grid, the header words of the
//! tables broken where the PDF breaks them, the indents within 0.5 mm, and no face but the
//! PDF's (no sans-serif stand-in) — with the embedding switched off, none of them embedded.

use crate::common::*;
use std::path::{Path, PathBuf};

/// A line of a page: its left, top and right edges in points and its text.
#[derive(Debug, Clone)]
struct Line {
    x0: f32,
    y0: f32,
    x1: f32,
    text: String,
}

/// A page: its width and its lines, top to bottom.
struct Page {
    width: f32,
    lines: Vec<Line>,
}

/// The pages of `pdf` as pdftotext lays out their lines, the page numbers (`—3—`) left out.
fn pages(pdf: &Path) -> Vec<Page> {
    let out = std::process::Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let xml = String::from_utf8_lossy(&out.stdout);
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, opts).unwrap();
    let num = |n: roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f32>().unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| Page {
            width: num(page, "width"),
            lines: page
                .descendants()
                .filter(|n| n.has_tag_name("line"))
                .map(|line| Line {
                    x0: num(line, "xMin"),
                    y0: num(line, "yMin"),
                    x1: num(line, "xMax"),
                    text: line
                        .descendants()
                        .filter(|n| n.has_tag_name("word"))
                        .filter_map(|w| w.text())
                        .collect(),
                })
                .filter(|l| !(l.text.starts_with('—') && l.text.ends_with('—')))
                .collect(),
        })
        .collect()
}

/// LibreOffice's PDF of `docx`, made with a profile of its own in `dir`.
fn libreoffice_pdf(docx: &Path, dir: &Path) -> PathBuf {
    let profile = format!("file://{}", dir.join("lo-profile").display());
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir)
        .arg(docx)
        .output()
        .unwrap();
    let pdf = dir.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&out.stderr));
    pdf
}

/// The fonts `pdffonts` lists for `pdf`, their subset tags taken off.
fn fonts_of(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdffonts")
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|name| name.split_once('+').map_or(name, |(_, n)| n).to_string())
        .collect()
}

fn here() -> bool {
    let ok = libreoffice_uno() && runs_here("pdftotext", &["-v"]) && runs_here("pdffonts", &["-v"]);
    required_in_ci(ok, "soffice, pdftotext and pdffonts");
    if !ok {
        println!(
            "soffice or poppler-utils not found: LibreOffice's setting of the Word file is not measured"
        );
    }
    ok
}

/// Width in characters: a full-width character one, anything narrower half.
fn chars(text: &str) -> f32 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The report's pages: the portrait ones before the first annex.
fn report(pages: &[Page]) -> &[Page] {
    let n = pages.iter().take_while(|p| p.width < 600.0).count();
    &pages[..n]
}

#[test]
fn libreoffice_sets_the_word_file_as_huibao_sets_the_pdf() {
    if !here() {
        return;
    }
    let f = Fixture::seed();
    f.build_ok();
    let lo = pages(&libreoffice_pdf(
        &f.path("output/meeting.docx"),
        &f.path(""),
    ));
    let ours = pages(&f.path("output/meeting.pdf"));
    assert_eq!(
        lo.len(),
        ours.len(),
        "pages: LibreOffice against huibao's PDF"
    );

    // No face but the ones the PDF is drawn with: AR PL SungtiL (body, title, tables), KaitiM
    // (presenter, 二级标题) and WenQuanYi Micro Hei (黑体 roles), from the .docx.
    let drawn = fonts_of(&f.path("meeting.pdf"));
    for font in &drawn {
        assert!(
            ["BousungEG-Light-GB", "GBZenKai-Medium", "WenQuanYiMicroHei"].contains(&font.as_str()),
            "LibreOffice drew with {font} (a stand-in): {drawn:?}"
        );
    }
    assert!(drawn.iter().any(|f| f == "BousungEG-Light-GB"), "{drawn:?}");

    // The report: 28 characters on every full line (a line reaching the right edge that a
    // line at the left edge follows), 22 lines on the grid of every page.
    let (left, right, pitch) = (79.37, 521.57, 28.95);
    let char_pitch = (right - left) / 28.0;
    let mut full = 0;
    for (n, page) in report(&lo).iter().enumerate() {
        for pair in page.lines.windows(2) {
            let (line, next) = (&pair[0], &pair[1]);
            let continued = (next.x0 - left).abs() < 2.0 && next.y0 > line.y0 + 1.0;
            if line.x1 < right - char_pitch / 2.0 || !continued {
                continue;
            }
            full += 1;
            let indent = ((line.x0 - left) / char_pitch).round();
            let width = indent + chars(&line.text);
            // Punctuation is compressed where two meet (”“ take one character's room) and a
            // half-width run may leave half a character: exactly 28 only for plain text.
            let plain = line
                .text
                .chars()
                .all(|c| !c.is_ascii() && !"，。、；：？！“”‘’《》（）【】—…·".contains(c));
            assert!(
                if plain {
                    width == 28.0
                } else {
                    (27.0..=29.0).contains(&width)
                },
                "page {}: {width} characters in a full line: {}",
                n + 1,
                line.text
            );
        }
        // Every line of a page after the first on the grid of its first line, at most 22.
        if n > 0 {
            let top = page.lines[0].y0;
            for line in &page.lines {
                let slot = (line.y0 - top) / pitch;
                assert!(
                    (slot - slot.round()).abs() < 0.05 && slot.round() < 22.0,
                    "page {}: a line off the 22-line grid (slot {slot}): {}",
                    n + 1,
                    line.text
                );
            }
        }
    }
    assert!(full > 40, "only {full} full lines measured");
    // The first page is full: its last line on the grid's 22nd line, as in the PDF.
    let last = |pages: &[Page]| {
        let p = &pages[0];
        let body = p
            .lines
            .iter()
            .find(|l| l.text.starts_with("2022"))
            .unwrap()
            .y0;
        ((p.lines.last().unwrap().y0 - body) / pitch).round()
    };
    assert_eq!(last(&lo), last(&ours), "lines on page 1");

    // Indents: each line start of the report and of the notes under the tables where the PDF
    // has it, within 0.5 mm (1.42 pt).
    let starts = |pages: &[Page]| -> Vec<(String, f32)> {
        let mut out = Vec::new();
        for page in pages {
            for (i, l) in page.lines.iter().enumerate() {
                let key: String = l.text.chars().take(4).collect();
                let marked = ["附件：", "2.《", "注：", "2、", "以上汇报", "2022"]
                    .iter()
                    .any(|m| l.text.starts_with(m));
                if marked {
                    out.push((key.clone(), l.x0));
                    if let Some(next) = page.lines.get(i + 1) {
                        out.push((format!("{key}…"), next.x0));
                    }
                }
            }
        }
        out
    };
    let (lo_starts, our_starts) = (starts(&lo), starts(&ours));
    assert!(our_starts.len() >= 10, "{our_starts:?}");
    for (key, x) in &our_starts {
        let theirs = lo_starts
            .iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("{key} not found in LibreOffice's PDF: {lo_starts:?}"));
        assert!(
            (theirs.1 - x).abs() <= 1.42,
            "{key}: starts at {x:.1} pt in the PDF, at {:.1} in LibreOffice's",
            theirs.1
        );
    }

    // The tables' header words as the PDF breaks them: on each annex's first page, the lines
    // of the header row (around 序号) are the PDF's lines.
    let header = |pages: &[Page]| -> Vec<Vec<String>> {
        pages
            .iter()
            .filter(|p| p.width > 600.0)
            .filter_map(|p| {
                let seq = p.lines.iter().find(|l| l.text == "序号")?;
                let mut words: Vec<String> = p
                    .lines
                    .iter()
                    .filter(|l| (l.y0 - seq.y0).abs() < 19.0)
                    .map(|l| l.text.clone())
                    .collect();
                words.sort();
                Some(words)
            })
            .collect()
    };
    let (lo_head, our_head) = (header(&lo), header(&ours));
    assert!(!our_head.is_empty() && our_head[0].contains(&"预计".to_string()));
    assert_eq!(lo_head, our_head, "table header lines");
}

#[test]
fn without_embedding_the_word_file_carries_no_font_and_names_the_official_faces() {
    let f = Fixture::seed_with_templates();
    f.edit(
        "templates/style.yaml",
        "  embed_fonts: true",
        "  embed_fonts: false",
    );
    f.build_ok();
    let file = std::fs::File::open(f.path("output/meeting.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    assert!(!names.iter().any(|n| n.ends_with(".odttf")), "{names:?}");
    let mut table = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/fontTable.xml").unwrap(), &mut table)
        .unwrap();
    for face in ["仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体"] {
        assert!(
            table.contains(&format!("w:name=\"{face}\"")),
            "{face}: {table}"
        );
    }
    assert!(table.contains("<w:altName w:val=\"仿宋\" />"), "{table}");
    assert!(!table.contains("embedRegular"), "{table}");
}
