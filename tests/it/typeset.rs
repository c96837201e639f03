//! Typesetting on positions (not pictures): table columns fitted to their content and the
//! text block, no header word, name or department split; the attachment list.

use crate::common::*;
use huibao::document::Document;
use huibao::layout::{Drawn, Layout};

/// The annex documents of a content folder as huibao renders them, laid out.
fn laid_annexes(content: &std::path::Path) -> (Vec<Layout>, huibao::style::Style) {
    let project = huibao::content::load(content).unwrap();
    let theme = huibao::theme::Theme::load(&repo().join("templates")).unwrap();
    let fonts = huibao::fonts::FontSet::load(&theme).unwrap();
    let r = huibao::render::render(&project, &theme).unwrap();
    let docs: Vec<Document> = r.annexes.into_iter().map(|(_, r)| r.document).collect();
    let laid = docs
        .iter()
        .map(|d| huibao::layout::lay_out(d, &theme.style, &fonts))
        .collect();
    (laid, theme.style)
}

/// Per page: the x of each vertical table rule (column edges), the bottom of the header row,
/// and each cell line's column, baseline and text.
fn cell_lines(page: &huibao::layout::Page) -> (Vec<f32>, f32, Vec<(usize, f32, String)>) {
    let rows = rule_positions(page, false);
    let header_bottom = rows.get(1).copied().unwrap_or(0.0);
    let edges = column_edges(page);
    let mut lines: Vec<(usize, f32, f32, String)> = Vec::new();
    for d in &page.items {
        if let Drawn::Text {
            x, baseline, text, ..
        } = d
        {
            let Some(col) = edges.windows(2).position(|w| w[0] <= *x && *x < w[1]) else {
                continue;
            };
            match lines
                .iter_mut()
                .find(|(c, b, _, _)| *c == col && (b - baseline).abs() < 0.1)
            {
                Some((_, _, first_x, t)) => {
                    if *x < *first_x {
                        t.insert_str(0, text);
                        *first_x = *x;
                    } else {
                        t.push_str(text);
                    }
                }
                None => lines.push((col, *baseline, *x, text.clone())),
            }
        }
    }
    (
        edges,
        header_bottom,
        lines.into_iter().map(|(c, b, _, t)| (c, b, t)).collect(),
    )
}

/// Asserts that every name and department of the project's 牵头领导, 牵头部门 and 配合部门
/// columns, and every two-character word of the header, is on one line of its column.
fn assert_units_whole(content: &std::path::Path) {
    let project = huibao::content::load(content).unwrap();
    let (laid, style) = laid_annexes(content);
    let mut names = std::collections::BTreeSet::new();
    for annex in &project.annexes {
        for item in &annex.items {
            for row in &item.value.rows {
                names.extend(row.lead_leader.iter().cloned());
                names.extend(row.lead_dept.iter().cloned());
                names.extend(row.support_depts.iter().cloned());
            }
        }
    }
    let headers = [
        "序号",
        "事项",
        "对口合作交流内容",
        "预计完成时间",
        "事项推进情况",
        "牵头领导",
        "牵头部门",
        "配合部门",
    ];
    let text_width = style.page(true).text_width() * huibao::layout::PT_PER_MM;
    for layout in &laid {
        for page in &layout.pages {
            let (edges, header_bottom, lines) = cell_lines(page);
            if edges.len() < 2 {
                continue;
            }
            // The columns fill the text block exactly.
            let span = edges[edges.len() - 1] - edges[0];
            assert!(
                (span - text_width).abs() < 0.5,
                "{span} against {text_width}"
            );
            let columns = edges.len() - 1;
            let in_last_three = |c: usize| c + 3 >= columns;
            for name in &names {
                let whole = lines
                    .iter()
                    .any(|(c, _, t)| in_last_three(*c) && t.contains(name.as_str()));
                let mentioned = lines.iter().any(|(c, _, t)| {
                    in_last_three(*c) && !t.is_empty() && name.starts_with(t.as_str()) && t != name
                });
                assert!(!mentioned || whole, "{name} is split: {lines:?}");
            }
            // A header line holds whole two-character words: 牵头/部门, never 牵头部/门.
            for (_, baseline, t) in &lines {
                if *baseline < header_bottom
                    && headers.iter().any(|h| h.contains(t.as_str()) && h != t)
                {
                    assert!(
                        t.chars().count() % 2 == 0,
                        "header split inside a word: {t}"
                    );
                }
            }
        }
    }
}

#[test]
fn no_header_word_name_or_department_is_split_and_columns_fill_the_block() {
    assert_units_whole(&repo().join("content"));
    let dir = tempfile::tempdir().unwrap();
    crate::synth::write_project(dir.path(), 2, 60, 7).unwrap();
    assert_units_whole(&dir.path().join("content"));
}

/// How far down the text block each page of `layout` is drawn (0–1).
fn fills(layout: &Layout, style: &huibao::style::Style) -> Vec<f32> {
    let frame = huibao::layout::Frame::from_mm(style.page(true));
    layout
        .pages
        .iter()
        .map(|p| {
            let bottom = p
                .items
                .iter()
                .map(|d| match d {
                    Drawn::Rule { from, to, .. } => from.1.max(to.1),
                    Drawn::Text { baseline, .. } => *baseline,
                })
                .fold(0.0, f32::max);
            (bottom - frame.top) / frame.text_height
        })
        .collect()
}

fn assert_pages_full(content: &std::path::Path, min: f32) {
    let (laid, style) = laid_annexes(content);
    for (n, layout) in laid.iter().enumerate() {
        let f = fills(layout, &style);
        for (i, fill) in f.iter().enumerate().take(f.len().saturating_sub(1)) {
            assert!(
                *fill >= min,
                "annex {} page {} is only {:.0}% full: {f:?}",
                n + 1,
                i + 1,
                fill * 100.0
            );
        }
    }
}

#[test]
fn every_table_page_but_the_last_of_an_annex_is_three_quarters_full() {
    assert_pages_full(&repo().join("content"), 0.75);
    let dir = tempfile::tempdir().unwrap();
    crate::synth::write_project(dir.path(), 2, 1000, 11).unwrap();
    assert_pages_full(&dir.path().join("content"), 0.75);
}

/// The report's lines drawn at `size` points, in order (a line may be several runs).
fn lines_of_size(content: &std::path::Path, size: f32) -> Vec<String> {
    let project = huibao::content::load(content).unwrap();
    let theme = huibao::theme::Theme::load(&repo().join("templates")).unwrap();
    let fonts = huibao::fonts::FontSet::load(&theme).unwrap();
    let r = huibao::render::render(&project, &theme).unwrap();
    let laid = huibao::layout::lay_out(&r.report.document, &theme.style, &fonts);
    let mut lines: Vec<(f32, String)> = Vec::new();
    for d in &laid.pages[0].items {
        if let Drawn::Text {
            baseline,
            text,
            size: s,
            ..
        } = d
            && (*s - size).abs() < 0.01
        {
            match lines.iter_mut().find(|(b, _)| (b - baseline).abs() < 0.1) {
                Some((_, t)) => t.push_str(text),
                None => lines.push((*baseline, text.clone())),
            }
        }
    }
    lines.into_iter().map(|(_, t)| t).collect()
}

#[test]
fn the_title_breaks_between_words_in_balanced_lines_unless_the_user_broke_it() {
    let title = lines_of_size(&repo().join("content"), 22.0);
    assert_eq!(
        title,
        [
            "浦东新区生态环境局与永安市、大田县",
            "生态环境领域合作交流项目制定情况的汇报"
        ]
    );
    let counts: Vec<usize> = title.iter().map(|l| l.chars().count()).collect();
    assert!(
        counts[0] <= counts[1] && counts[1] - counts[0] <= 2,
        "{counts:?}"
    );
    // A `|` block keeps the user's own breaks.
    let f = Fixture::seed();
    let meeting = f.read("content/meeting.yaml");
    let old = "title: 浦东新区生态环境局与永安市、大田县生态环境领域合作交流项目制定情况的汇报";
    assert!(meeting.contains(old));
    f.write(
        "content/meeting.yaml",
        meeting.replace(
            old,
            "title: |-\n  浦东新区生态环境局\n  与永安市、大田县生态环境领域\n  合作交流项目制定情况的汇报",
        ),
    );
    assert_eq!(
        lines_of_size(&f.path("content"), 22.0),
        [
            "浦东新区生态环境局",
            "与永安市、大田县生态环境领域",
            "合作交流项目制定情况的汇报"
        ]
    );
}

/// The seed's layout as text: per page, each line (runs on one baseline, left to right, cells
/// apart by ` | `), so a change to line breaking or pagination shows in review.
#[test]
fn seed_layout_snapshot() {
    let (docs, theme, fonts) = built_documents(&repo().join("content"));
    let mut out = String::new();
    let mut number = 0;
    for doc in &docs {
        let laid = huibao::layout::lay_out(doc, &theme.style, &fonts);
        for page in &laid.pages {
            number += 1;
            out.push_str(&format!("— page {number} —\n"));
            let mut runs: Vec<(f32, f32, f32, String)> = page
                .items
                .iter()
                .filter_map(|d| match d {
                    Drawn::Text {
                        x,
                        baseline,
                        text,
                        size,
                        font,
                    } => {
                        let w: f32 = text
                            .chars()
                            .map(|c| huibao::fonts::Measure::advance(&fonts, *font, c))
                            .sum::<f32>()
                            * *size;
                        Some(((baseline * 10.0).round() / 10.0, *x, x + w, text.clone()))
                    }
                    _ => None,
                })
                .collect();
            runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let mut line = String::new();
            let mut last: Option<(f32, f32)> = None;
            for (baseline, x, end, text) in runs {
                match last {
                    Some((b, e)) if (b - baseline).abs() < 0.2 && x - e > 4.0 => {
                        line.push_str(" | ");
                    }
                    Some((b, _)) if (b - baseline).abs() < 0.2 => {}
                    Some(_) => {
                        out.push_str(line.trim_end());
                        out.push('\n');
                        line.clear();
                    }
                    None => {}
                }
                line.push_str(&text);
                last = Some((baseline, end));
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    insta::assert_snapshot!("seed_layout", out);
}

/// A content folder's documents as a build renders them (the annexes' column widths shared):
/// the report first, then each annex; with the repository's templates and their fonts.
fn built_documents(
    content: &std::path::Path,
) -> (Vec<Document>, huibao::theme::Theme, huibao::fonts::FontSet) {
    let project = huibao::content::load(content).unwrap();
    let theme = huibao::theme::Theme::load(&repo().join("templates")).unwrap();
    let fonts = huibao::fonts::FontSet::load(&theme).unwrap();
    let mut r = huibao::render::render(&project, &theme).unwrap();
    huibao::pipeline::share_annex_widths(&mut r, &theme.style, &fonts, None);
    let docs = std::iter::once(r.report.document)
        .chain(r.annexes.into_iter().map(|(_, r)| r.document))
        .collect();
    (docs, theme, fonts)
}

/// Every document of a content folder, laid out as a build lays them out (the annexes'
/// column widths shared): the report first, then each annex.
fn laid_all(content: &std::path::Path) -> (Vec<Layout>, huibao::style::Style) {
    let (docs, theme, fonts) = built_documents(content);
    let laid = docs
        .iter()
        .map(|d| huibao::layout::lay_out(d, &theme.style, &fonts))
        .collect();
    (laid, theme.style)
}

/// A page's text runs: (x, baseline, text).
fn runs(page: &huibao::layout::Page) -> Vec<(f32, f32, String)> {
    page.items
        .iter()
        .filter_map(|d| match d {
            Drawn::Text {
                x, baseline, text, ..
            } => Some((*x, *baseline, text.clone())),
            _ => None,
        })
        .collect()
}

fn page_text(page: &huibao::layout::Page) -> String {
    runs(page).into_iter().map(|(_, _, t)| t).collect()
}

#[test]
fn no_page_holds_the_attachment_list_without_the_closing() {
    let (laid, _) = laid_all(&repo().join("content"));
    let report = &laid[0];
    let with_list: Vec<usize> = (0..report.pages.len())
        .filter(|&i| page_text(&report.pages[i]).contains("附件："))
        .collect();
    assert_eq!(with_list.len(), 1);
    let page = page_text(&report.pages[with_list[0]]);
    assert!(
        page.contains("以上汇报，请予审议。"),
        "the closing stays with the list: {page}"
    );
    for entry in [
        "1.《浦东新区生态环境局与永安市",
        "2.《浦东新区生态环境局与大田县",
    ] {
        assert!(page.contains(entry), "the whole list on one page: {entry}");
    }
}

#[test]
fn numbered_notes_print_their_number_once_and_hang() {
    let f = Fixture::seed();
    let annex = f.read("content/yongan/_annex.yaml");
    f.write(
        "content/yongan/_annex.yaml",
        annex
            .replace("  - 在《上海", "  - 1、在《上海")
            .replace("  - 永安市提出", "  - 2、永安市提出"),
    );
    let (laid, _) = laid_all(&f.path("content"));
    let yongan = &laid[1];
    let text: String = yongan.pages.iter().map(page_text).collect();
    assert!(
        text.contains("注：1、在《上海") && text.contains("2、永安市提出"),
        "{text}"
    );
    assert!(!text.contains("1、1、") && !text.contains("2、2、"));
    // The lines of the notes: 注： at the edge, 2、 under 1、, continuation lines under the text.
    let page = yongan
        .pages
        .iter()
        .find(|p| page_text(p).contains("注："))
        .unwrap();
    let mut lines: Vec<(f32, f32, String)> = Vec::new();
    for (x, b, t) in runs(page) {
        match lines.iter_mut().find(|(_, lb, _)| (lb - b).abs() < 0.1) {
            Some((lx, _, lt)) => {
                if x < *lx {
                    *lx = x;
                    lt.insert_str(0, &t);
                } else {
                    lt.push_str(&t);
                }
            }
            None => lines.push((x, b, t)),
        }
    }
    lines.sort_by(|a, b| a.1.total_cmp(&b.1));
    let first = lines
        .iter()
        .position(|l| l.2.starts_with("注：1、"))
        .unwrap();
    let (edge, second, next) = (lines[first].0, &lines[first + 1], &lines[first + 2]);
    let size = 12.0; // 小四
    assert!(
        (second.0 - (edge + 3.5 * size)).abs() < 1.5,
        "a continuation line hangs under the text: {second:?}"
    );
    assert!(next.2.starts_with("2、"));
    assert!(
        (next.0 - (edge + 2.0 * size)).abs() < 1.5,
        "2、 under 1、: {next:?} from {edge}"
    );
}

/// The x of every vertical rule on a page's table: its column edges.
fn column_edges(page: &huibao::layout::Page) -> Vec<f32> {
    rule_positions(page, true)
}

/// Where a page's vertical (the x of each) or horizontal (the y of each) rules stand, sorted,
/// each once.
fn rule_positions(page: &huibao::layout::Page, vertical: bool) -> Vec<f32> {
    let mut at: Vec<f32> = page
        .items
        .iter()
        .filter_map(|d| match d {
            Drawn::Rule { from, to, .. } if vertical && (from.0 - to.0).abs() < 0.01 => {
                Some(from.0)
            }
            Drawn::Rule { from, to, .. } if !vertical && (from.1 - to.1).abs() < 0.01 => {
                Some(from.1)
            }
            _ => None,
        })
        .collect();
    at.sort_by(f32::total_cmp);
    at.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    at
}

#[test]
fn the_item_column_holds_four_characters_and_one_long_name_cannot_wreck_the_table() {
    let (laid, style) = laid_all(&repo().join("content"));
    let pad = style.table.padding * 72.0 / 25.4;
    for annex in &laid[1..] {
        let edges = column_edges(&annex.pages[0]);
        let title = edges[2] - edges[1];
        assert!(title >= 4.0 * 10.0 + 2.0 * pad, "事项 is {title} pt wide");
    }
    // A 19-character department in 配合部门: its column takes no more than 15% of the table.
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "support_depts: [监测站]",
        "support_depts: [九段沙湿地国家级自然保护区管理事务中心]",
    );
    let (laid, _) = laid_all(&f.path("content"));
    let edges = column_edges(&laid[1].pages[0]);
    let total = edges.last().unwrap() - edges[0];
    let widest = edges.windows(2).map(|w| w[1] - w[0]).fold(0.0, f32::max);
    let support = edges[edges.len() - 1] - edges[edges.len() - 2];
    assert!(
        support <= 0.2 * total + 1.0,
        "配合部门 {support} of {total}"
    );
    assert!(
        widest < 0.3 * total,
        "no column takes over the table: {widest} of {total}"
    );
}

#[test]
fn the_table_title_stands_on_the_third_line_under_the_annex_label() {
    let (laid, _) = laid_all(&repo().join("content"));
    let page = &laid[1].pages[0];
    let label = runs(page).into_iter().find(|r| r.2 == "附件1").unwrap();
    let title = runs(page)
        .into_iter()
        .find(|r| r.2.starts_with("浦东新区生态环境局"))
        .unwrap();
    // Baselines two lines apart at least (one blank line between; 28.95 pt the body's line).
    assert!(
        title.1 - label.1 >= 2.0 * 28.95 - 0.5,
        "{} → {}",
        label.1,
        title.1
    );
}

/// The bundled Song renamed (its family, full and typographic names) to `family`, as an
/// installed 仿宋_GB2312 would be on an office PC.
fn renamed_song(family: &str) -> Vec<u8> {
    use fontcull_write_fonts::read::FontRef;
    use fontcull_write_fonts::tables::name::{Name, NameRecord};
    use fontcull_write_fonts::types::NameId;
    let bytes = std::fs::read(repo().join("templates/fonts/gbsn00lp.ttf")).unwrap();
    let font = FontRef::new(&bytes).unwrap();
    // Sorted as the name table wants: by platform, encoding, language, then name id.
    let records = [0x0409u16, 0x0804]
        .iter()
        .flat_map(|&lang| [(1u16, lang), (4, lang), (6, lang), (16, lang)])
        .map(|(id, lang)| {
            // The PostScript name (6) is ASCII; font readers skip a face without one.
            let text = if id == 6 {
                "FangSongGB2312".to_string()
            } else {
                family.to_string()
            };
            NameRecord::new(3, 1, lang, NameId::new(id), text.into())
        })
        .collect();
    let mut builder = fontcull_write_fonts::FontBuilder::new();
    builder.add_table(&Name::new(records)).unwrap();
    builder.copy_missing_tables(font);
    builder.build()
}

#[test]
fn an_installed_official_font_is_used_named_in_the_workbook_and_the_bundled_set_can_be_pinned() {
    let f = Fixture::seed();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".fonts")).unwrap();
    std::fs::write(
        home.path().join(".fonts/fangsong.ttf"),
        renamed_song("仿宋_GB2312"),
    )
    .unwrap();
    let build = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
            .arg("build")
            .args(extra)
            .current_dir(f.dir.path())
            .env("HOME", home.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert_ok(&out);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .last()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(build(&[]), "fonts: installed 仿宋_GB2312; the rest bundled");
    // The PDF embeds the installed face under its own name; the workbook and the Word file
    // name the same family.
    let pdf = std::fs::read(f.path("output/meeting.pdf")).unwrap();
    let fonts = String::from_utf8_lossy(&pdf);
    assert!(
        fonts.contains("FangSongGB2312"),
        "the installed face is embedded under its name"
    );
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(f.path("output/yongan.xlsx")).unwrap()).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains(r#"<name val="仿宋_GB2312"/>"#), "{styles}");
    let docx = std::fs::read(f.path("output/meeting.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut word = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap(), &mut word).unwrap();
    assert!(word.contains(r#"w:eastAsia="仿宋_GB2312""#));
    let with_installed = std::fs::read(f.path("output/yongan.pdf")).unwrap();
    // Pinned: the bundled set, and the bytes of a machine without the font.
    assert_eq!(
        build(&["--bundled-fonts"]),
        "fonts: the bundled set (AR PL SungtiL GB, KaitiM GB, WenQuanYi Micro Hei and fallbacks)"
    );
    let pinned = std::fs::read(f.path("output/yongan.pdf")).unwrap();
    let g = Fixture::seed();
    g.build_ok();
    assert!(pinned == std::fs::read(g.path("output/yongan.pdf")).unwrap());
    assert!(pinned != with_installed);
}

#[test]
fn the_annexes_of_one_material_share_their_column_widths() {
    let (laid, _) = laid_all(&repo().join("content"));
    let yongan = column_edges(&laid[1].pages[0]);
    let datian = column_edges(&laid[2].pages[0]);
    assert_eq!(yongan.len(), datian.len());
    for (a, b) in yongan.iter().zip(&datian) {
        assert!((a - b).abs() < 0.01, "{yongan:?} against {datian:?}");
    }
}

#[test]
fn page_numbers_stand_where_gb_t_9704_puts_them_on_upright_and_turned_pages() {
    let theme = huibao::theme::Theme::load(&repo().join("templates")).unwrap();
    let fonts = huibao::fonts::FontSet::load(&theme).unwrap();
    let style = &theme.style;
    let engine = huibao::layout::Engine::new(style, &fonts);
    let marks = huibao::layout::page_numbers(2, &engine);
    let mm = huibao::layout::PT_PER_MM;
    let g = style.pages.portrait;
    for (i, mark) in marks.iter().enumerate() {
        let Drawn::Text {
            font,
            size,
            x,
            baseline,
            text,
        } = mark
        else {
            panic!()
        };
        assert_eq!(text, &format!("— {} —", i + 1));
        // The dash's ink 7 mm under the text block.
        let ink = huibao::fonts::Measure::ink_top(&fonts, *font, '—').unwrap();
        let ink_at = baseline - ink * *size;
        assert!(
            (ink_at - (g.top + g.text_height() + 7.0) * mm).abs() < 0.2,
            "{ink_at}"
        );
        // Odd pages right, even pages left, a character in from the text block.
        let inset = *size;
        if i == 0 {
            assert!(*x > (g.left + g.text_width() / 2.0) * mm);
        } else {
            assert!((*x - (g.left * mm + inset)).abs() < 0.01);
        }
    }
    // A landscape table page: the number is turned a quarter and stands in its left margin
    // (the foot of the page seen upright, the table's head at the binding edge), as far from
    // the sheet's edge as the portrait pages' numbers (GB/T 9704 §10.1): the review measured
    // 16–19 mm against 26–29 mm.
    let portrait_foot: Vec<f32> = marks
        .iter()
        .map(|m| match m {
            Drawn::Text { baseline, .. } => g.height * mm - baseline,
            _ => panic!(),
        })
        .collect();
    let f = Fixture::seed();
    f.build_ok();
    let doc = lopdf::Document::load(f.path("output/yongan.pdf")).unwrap();
    for (number, id) in doc.get_pages() {
        let content = String::from_utf8_lossy(&doc.get_page_content(id).unwrap()).into_owned();
        let tm = content
            .split("\n0 -1 1 0 ")
            .nth(1)
            .unwrap_or_else(|| panic!("page {number}: no turned number in {content}"));
        let xy: Vec<f32> = tm
            .split_whitespace()
            .take(2)
            .map(|v| v.parse().unwrap())
            .collect();
        let l = style.pages.landscape;
        assert!(
            xy[0] < l.left * mm,
            "page {number}: x {} inside the table",
            xy[0]
        );
        assert!(
            (xy[0] - portrait_foot[0]).abs() < 0.05,
            "page {number}: {} mm from the edge, portrait {} mm",
            xy[0] / mm,
            portrait_foot[0] / mm
        );
        // Odd pages: towards the landscape page's foot; even pages: its head.
        let mid = l.height * mm / 2.0;
        assert_eq!(xy[1] < mid, number % 2 == 1, "page {number}: y {}", xy[1]);
    }
}

#[test]
fn report_lines_stand_on_one_grid_on_every_page_headings_included() {
    let (laid, style) = laid_all(&repo().join("content"));
    let body = style.role(style.role_id("body").unwrap());
    let pitch = body.line_pitch.unwrap();
    let mut reference: Option<f32> = None;
    for page in &laid[0].pages {
        for (_, baseline, text) in runs(page) {
            // The grid's lines: from the first body line on (the label, title and presenter
            // above it have pitches of their own).
            if reference.is_none() && !text.starts_with("2022年12月") {
                continue;
            }
            let r = *reference.get_or_insert(baseline);
            let off = (baseline - r).rem_euclid(pitch);
            assert!(
                off < 0.05 || pitch - off < 0.05,
                "{text}: {off} pt off the grid"
            );
        }
    }
}

#[test]
fn a_paragraph_over_a_page_break_leaves_two_lines_on_each_side() {
    use huibao::document::{Block, Orientation, Paragraph, Section};
    let theme = huibao::theme::Theme::load(&repo().join("templates")).unwrap();
    let fonts = huibao::fonts::FontSet::load(&theme).unwrap();
    let body = theme.style.role_id("body").unwrap();
    // Paragraphs of one character each (甲 甲 …, 乙 乙 …), of 1 to 7 lines, so that page breaks
    // fall at every place in a paragraph.
    let marks: Vec<char> = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
        .chars()
        .collect();
    let mut blocks = Vec::new();
    for (i, &c) in marks.iter().enumerate() {
        let lines = 1 + i % 7;
        blocks.push(Block::Paragraph(Paragraph {
            role: body,
            text: c.to_string().repeat(28 * lines - 2),
        }));
    }
    let doc = Document {
        sections: vec![Section {
            orientation: Orientation::Portrait,
            blocks,
        }],
    };
    let laid = huibao::layout::lay_out(&doc, &theme.style, &fonts);
    assert!(laid.pages.len() >= 3);
    let lines_of = |page: &huibao::layout::Page| -> Vec<char> {
        let mut lines: Vec<(f32, char)> = Vec::new();
        for (_, b, t) in runs(page) {
            if !lines.iter().any(|(lb, _)| (lb - b).abs() < 0.1) {
                lines.push((b, t.chars().next().unwrap()));
            }
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        lines.into_iter().map(|(_, c)| c).collect()
    };
    let total = |c: char| 1 + marks.iter().position(|&m| m == c).unwrap() % 7;
    for (n, page) in laid.pages.iter().enumerate() {
        let lines = lines_of(page);
        for edge in [lines.first(), lines.last()].into_iter().flatten() {
            let here = lines.iter().filter(|c| *c == edge).count();
            assert!(
                here >= 2 || total(*edge) == 1,
                "page {}: {edge} has {here} of {} lines here",
                n + 1,
                total(*edge)
            );
        }
    }
}

/// The sizes a PDF's text is set at, with how many runs each.
fn text_sizes(pdf: &std::path::Path) -> std::collections::BTreeMap<String, usize> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut sizes = std::collections::BTreeMap::new();
    for page in doc.get_pages().into_values() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        for op in content.operations.iter().filter(|o| o.operator == "Tf") {
            let size = op.operands[1]
                .as_f64()
                .or_else(|_| op.operands[1].as_i64().map(|i| i as f64))
                .unwrap();
            *sizes.entry(format!("{size}")).or_insert(0) += 1;
        }
    }
    sizes
}

/// Sizes are real points from `style.yaml` to every writer: the tables' 五号 is 10.5 pt in the
/// PDF (genpdf draws whole points; the text is written at its size), in the Word file's table
/// styles (21 half points) and in the workbook's print sheet; a size changed in `style.yaml`
/// (小五, 9 pt) reaches all three.
#[test]
fn table_text_is_at_the_size_style_yaml_says_in_pdf_word_and_workbook() {
    let f = Fixture::seed_with_templates();
    f.build_ok();
    let part = |file: &str, name: &str| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(f.path(file)).unwrap()).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let check = |size: &str, half_points: &str| {
        let sizes = text_sizes(&f.path("output/yongan.pdf"));
        assert!(sizes.contains_key(size), "{size} not among {sizes:?}");
        assert!(
            sizes.contains_key("16"),
            "the annex label at 三号: {sizes:?}"
        );
        let styles = part("output/yongan.docx", "word/styles.xml");
        let at = styles.find(r#"w:styleId="cell""#).unwrap();
        let cell = &styles[at..at + styles[at..].find("</w:style>").unwrap()];
        assert!(
            cell.contains(&format!(r#"<w:sz w:val="{half_points}" />"#)),
            "{cell}"
        );
        let workbook = part("output/yongan.xlsx", "xl/styles.xml");
        assert!(
            workbook.contains(&format!(r#"<sz val="{size}"/>"#)),
            "{workbook}"
        );
    };
    check("10.5", "21");
    for role in [
        "header-cell:   {font: hei,  size: 五号, line_pitch: 13.5",
        "cell:          {font: song, size: 五号, line_pitch: 13.5",
        "cell-center:   {font: song, size: 五号, line_pitch: 13.5",
        "cell-names:    {font: song, size: 五号, line_pitch: 13.5",
    ] {
        f.edit(
            "templates/style.yaml",
            role,
            &role.replace("五号", "小五").replace("13.5", "12"),
        );
    }
    f.build_ok();
    check("9", "18");
    assert!(!text_sizes(&f.path("output/yongan.pdf")).contains_key("10.5"));
}

/// A heading that keeps with a paragraph that keeps with what follows it (a partner's （N）
/// heading with `report: []`, over the closing and its attachment list) is never left alone at
/// a page's foot: it goes over with them.
#[test]
fn a_heading_with_no_text_under_it_moves_with_the_closing() {
    use huibao::document::{Block, Document, Orientation, Paragraph, Section};
    let theme = huibao::theme::Theme::load(&repo().join("templates")).unwrap();
    let fonts = huibao::fonts::FontSet::load(&theme).unwrap();
    let style = &theme.style;
    let para = |role: &str, text: &str| {
        Block::Paragraph(Paragraph {
            role: style.role_id(role).unwrap(),
            text: text.to_string(),
        })
    };
    let mut blocks: Vec<Block> = (0..20).map(|_| para("body", "一行正文。")).collect();
    blocks.push(para("h2", "（二）丙县需要支持的事项"));
    blocks.push(para("closing", "以上汇报，请予审议。"));
    blocks.push(para("attachment", "附件：1.《甲表》"));
    blocks.push(para("attachment-more", "2.《乙表》"));
    let doc = Document {
        sections: vec![Section {
            orientation: Orientation::Portrait,
            blocks,
        }],
    };
    let laid = huibao::layout::lay_out(&doc, style, &fonts);
    let page_of = |needle: &str| {
        laid.pages
            .iter()
            .position(|p| {
                p.items
                    .iter()
                    .any(|d| matches!(d, Drawn::Text { text, .. } if text.contains(needle)))
            })
            .unwrap()
    };
    // Grid text is drawn a character at a time: each looked for by one of its own.
    assert_eq!(page_of("丙"), page_of("审"), "the heading stayed alone");
    assert_eq!(page_of("审"), page_of("乙"));
}

/// How full each column of an annex's table is over all its pages: the area of its text (each
/// character a square of its size, a line pitch high) over its width times the table's height.
fn column_fills(annex: &Layout) -> Vec<f64> {
    let (mut text, mut area): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for page in &annex.pages {
        let edges = column_edges(page);
        let rules = rule_positions(page, false);
        let (Some(top), Some(bottom)) = (rules.first(), rules.last()) else {
            continue;
        };
        let n = edges.len().saturating_sub(1);
        text.resize(n.max(text.len()), 0.0);
        area.resize(n.max(area.len()), 0.0);
        for (c, w) in edges.windows(2).enumerate() {
            area[c] += f64::from((w[1] - w[0]) * (bottom - top));
        }
        for d in &page.items {
            if let Drawn::Text {
                x,
                baseline,
                text: t,
                size,
                ..
            } = d
                && baseline > top
                && baseline < bottom
                && let Some(c) = edges.windows(2).position(|w| *x >= w[0] && *x < w[1])
            {
                let chars = t.chars().filter(|c| !c.is_whitespace()).count() as f64;
                text[c] += chars * f64::from(*size) * f64::from(*size * 1.286);
            }
        }
    }
    text.iter()
        .zip(&area)
        .map(|(t, a)| t / a.max(1.0))
        .collect()
}

/// The review's second project: a 600-character 事项推进情况 and a 19-character 配合部门. The
/// long text gets the room (before: 6 characters a line); the departments keep what their
/// names need; no column is nearly empty while another is crammed.
#[test]
fn columns_follow_the_text_they_hold() {
    let f = Fixture::seed();
    let long: String = "组织双方技术人员围绕环境监测能力建设开展专题交流与现场调研，形成工作清单。"
        .chars()
        .cycle()
        .take(600)
        .collect();
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        &format!("progress: {long}"),
    );
    f.edit(
        YONGAN1,
        "support_depts: [监测站]",
        "support_depts: [九段沙湿地国家级自然保护区管理事务中心]",
    );
    let (laid, _) = laid_all(&f.path("content"));
    let annex = &laid[1];
    // 5 before the columns followed their text.
    assert!(annex.pages.len() <= 4, "{} pages", annex.pages.len());
    let fills = column_fills(annex);
    let (least, most) = fills
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), f| (lo.min(*f), hi.max(*f)));
    assert!(
        !(least < 0.10 && most > 0.60),
        "fills {:?}",
        fills
            .iter()
            .map(|f| format!("{:.0}%", f * 100.0))
            .collect::<Vec<_>>()
    );
    // The progress column holds at least 10 characters a line (the review found 6).
    let edges = column_edges(&annex.pages[0]);
    let progress = edges[8] - edges[7];
    assert!(progress >= 10.0 * 10.5, "事项推进情况 {progress} pt");
}

/// The report's lines are never letter-spaced into gaps: a justified line spans at most 1.1 em
/// a character, even where a unit that may not break (a title with its years,
/// `（2026—2028年）》`) falls at a line end — the range then breaks after its dash rather than
/// leave 22 characters spread over 28 (the review found 1.27 em).
#[test]
fn no_report_line_is_spread_wider_than_one_and_a_tenth_em_a_character() {
    let f = Fixture::seed();
    let titles = "为落实《上海市浦东新区与永安市对口合作行动计划（2026—2028年）》和《上海市浦东新区与大田县对口合作行动计划（2026-2028年）》，双方签订《生态环境领域合作框架协议（2026～2028年）》。";
    f.edit(
        "content/meeting.yaml",
        "background:\n",
        &format!("background:\n  - {titles}{titles}\n  - 据此，{titles}\n"),
    );
    let (laid, style) = laid_all(&f.path("content"));
    let size = style.role(style.role_id("body").unwrap()).size;
    for page in &laid[0].pages {
        let mut lines: std::collections::BTreeMap<i64, Vec<(f32, String)>> = Default::default();
        for (x, baseline, text) in runs(page) {
            lines
                .entry((baseline * 10.0).round() as i64)
                .or_default()
                .push((x, text));
        }
        for (_, mut line) in lines {
            line.sort_by(|a, b| a.0.total_cmp(&b.0));
            let text: String = line.iter().map(|(_, t)| t.as_str()).collect();
            let chars = text.chars().count();
            let (Some(first), Some(last)) = (line.first(), line.last()) else {
                continue;
            };
            if chars < 10 || line.len() < 2 {
                continue;
            }
            // From the first character's left edge to the last one's, over the characters
            // between: the pitch a reader sees.
            let last_start = last.0 + (last.1.chars().count() as f32 - 1.0) * size;
            let pitch = (last_start - first.0) / (chars as f32 - 1.0);
            assert!(
                pitch <= 1.1 * size + 0.01,
                "{text}: {:.3} em a character",
                pitch / size
            );
        }
    }
}

/// The review's narrow cells: the 事项 `环境监测、环境执法能力提升` in its four-character
/// column and a 19-character department keep 监测 and 自然 whole, and no line of any cell
/// starts with a mark that may not start a line (`办公室（政策法规处` / `）` before).
#[test]
fn cells_keep_words_whole_and_no_line_starts_with_a_closing_mark() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "support_depts: [监测站]",
        "support_depts: [九段沙湿地国家级自然保护区管理事务中心, 办公室（政策法规处）]",
    );
    let (laid, _) = laid_all(&f.path("content"));
    let mut seen = (false, false);
    for annex in &laid[1..] {
        for page in &annex.pages {
            let (_, _, lines) = cell_lines(page);
            let table_bottom = rule_positions(page, false).last().copied().unwrap_or(0.0);
            for (_, _, t) in lines.iter().filter(|(_, b, _)| *b < table_bottom) {
                assert!(
                    !t.starts_with(|c| "）》」』、，。；：？！".contains(c)),
                    "a line starts with a closing mark: {t}"
                );
                for word in ["监测", "自然"] {
                    let (first, second) = word.split_at(word.len() / 2);
                    assert!(
                        !t.ends_with(first) && !t.starts_with(second),
                        "{word} split at {t}: {lines:?}"
                    );
                }
                seen.0 |= t.contains("监测、");
                seen.1 |= t.contains("自然");
            }
        }
    }
    assert_eq!(seen, (true, true), "the review's cases are in the tables");
}
