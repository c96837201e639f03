//! Which content field each paragraph and table cell of a rendered document shows: the
//! page served by `huibao serve` asks it of a spot clicked, and the Word writer marks every
//! paragraph and cell with the answer, so that a revised `.docx` comes back field by field
//! (`huibao import 修改稿.docx`).
//!
//! A spot's text is matched against the fields of the content files it can come from (a
//! report paragraph: `meeting.yaml` and the annexes' `_annex.yaml`; an annex's row group: its
//! item's file, a row its `rows[N]`). Only a field's whole value, or one value inside text the
//! templates put around it (`（一）` before a heading), is that field; text assembled from
//! several fields, or prose run through a template expression, is the templates'.

use crate::content::Project;
use crate::document::{Block, Document};
use crate::layout::Origin;
use crate::render::RenderedProject;
use std::collections::HashMap;
use std::path::Path;

/// A field a spot may show: its path and its value as written and as shown.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// `rows[0].progress`.
    pub path: &'a str,
    /// The value.
    pub value: &'a str,
    /// The value [`normalized`], made once for every spot it is compared with.
    shown: String,
}

impl<'a> Candidate<'a> {
    /// Field `path` holding `value`.
    pub fn new(path: &'a str, value: &'a str) -> Candidate<'a> {
        Candidate {
            path,
            value,
            shown: normalized(value),
        }
    }
}

/// What a spot's text is made of, by index into the candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Match {
    /// The whole text is these fields' value (one: that field; several: which is not known).
    Exact(Vec<usize>),
    /// The values inside the text, none part of a longer one (one: that field inside
    /// template text; several: text composed of fields).
    Inside(Vec<usize>),
    /// Text the templates make; `near` the prose field whose expressions made it.
    Template {
        /// The field whose template expressions made it, when one is recognised.
        near: Option<usize>,
    },
}

/// Text compared as the page shows it: line ends and runs of spaces as one space, no space at
/// either end.
pub fn normalized(text: &str) -> String {
    let normal = !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.chars().any(|c| c.is_whitespace() && c != ' ');
    if normal {
        return text.to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text compared as a revised document gives it back: without any whitespace, since Word and
/// LibreOffice break lines where they like and a header's breaks are the writer's.
pub fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Fields whose value is shown but made into something else by the templates (an item's
/// number is `seq`, renumbered with `huibao renumber`, not typed over).
pub fn is_template_only(path: &str) -> bool {
    path == "seq" || path == "number" || path.starts_with("years")
}

/// What `text` is made of among `candidates`; in a row group (`row_prefix` `rows[N].`), a
/// value of the cell's own row wins over the same text in another row.
pub fn find(text: &str, candidates: &[Candidate], row_prefix: Option<&str>) -> Match {
    let text = normalized(text);
    let mut exact = Vec::new();
    let mut inside = Vec::new();
    let mut near = None;
    for (i, c) in candidates.iter().enumerate() {
        if is_template_only(c.path) {
            continue;
        }
        let shown_as = &c.shown;
        if *shown_as == text {
            exact.push(i);
        } else if shown_as.chars().count() >= 2 && text.contains(shown_as.as_str()) {
            inside.push(i);
        } else if near.is_none() && is_expression_of(c.value, &text) {
            near = Some(i);
        }
    }
    if !exact.is_empty() {
        return Match::Exact(own_row(exact, candidates, row_prefix));
    }
    // Prose whose template expressions made the text is what it comes from, whatever values
    // the expressions put in.
    if near.is_some() {
        return Match::Template { near };
    }
    // Values inside the text: those not part of a longer one (`永安市` in a heading that
    // holds the partner's whole heading field) are what it is made of.
    let within: Vec<usize> = inside
        .iter()
        .copied()
        .filter(|&f| {
            let value = candidates[f].shown.as_str();
            !inside.iter().any(|&g| {
                candidates[g].value.len() > candidates[f].value.len()
                    && candidates[g].shown.contains(value)
            })
        })
        .collect();
    if within.is_empty() {
        Match::Template { near: None }
    } else {
        Match::Inside(within)
    }
}

/// Of several fields with a spot's text, those of the cell's own row (`row_prefix`), when any.
fn own_row(exact: Vec<usize>, candidates: &[Candidate], row_prefix: Option<&str>) -> Vec<usize> {
    if exact.len() > 1
        && let Some(prefix) = row_prefix
    {
        let own: Vec<usize> = exact
            .iter()
            .copied()
            .filter(|&i| candidates[i].path.starts_with(prefix))
            .collect();
        if !own.is_empty() {
            return own;
        }
    }
    exact
}

/// Whether `value` is prose with template expressions that plausibly made `text`: its text
/// before the first expression starts `text` (at least six characters of it).
fn is_expression_of(value: &str, text: &str) -> bool {
    let Some(at) = value.find(['{']) else {
        return false;
    };
    let lead = normalized(&value[..at]);
    lead.chars().count() >= 6 && text.starts_with(&lead)
}

/// One paragraph or table cell of a document, in the order the Word writer writes them.
#[derive(Debug, Clone, Copy)]
pub struct Spot<'d> {
    /// Where it is.
    pub origin: Origin,
    /// Its text.
    pub text: &'d str,
}

/// Every paragraph and every cell (header rows, then each row group's) of `doc`, in order.
pub fn spots(doc: &Document) -> Vec<Spot<'_>> {
    let mut out = Vec::new();
    for (section, s) in doc.sections.iter().enumerate() {
        for (block, b) in s.blocks.iter().enumerate() {
            match b {
                Block::Paragraph(p) => out.push(Spot {
                    origin: Origin::Paragraph { section, block },
                    text: &p.text,
                }),
                Block::Table(t) => {
                    let groups = std::iter::once((None, &t.head))
                        .chain(t.groups.iter().enumerate().map(|(g, rows)| (Some(g), rows)));
                    for (group, rows) in groups {
                        for (row, r) in rows.iter().enumerate() {
                            for (cell, c) in r.cells.iter().enumerate() {
                                out.push(Spot {
                                    origin: Origin::Cell {
                                        section,
                                        block,
                                        group,
                                        row,
                                        cell,
                                    },
                                    text: &c.text,
                                });
                            }
                        }
                    }
                }
                Block::PageBreak => {}
            }
        }
    }
    out
}

/// Where each spot of `doc` ([`spots`]) stands, as a reader names it: a paragraph `{part}
/// 第N段`, a header cell `{part} 表头`, a body cell by its row group and its column's head
/// (`附件1 第3项 事项推进情况`). Chinese whatever the interface's language, like the material.
pub fn places(doc: &Document, part: &str) -> Vec<String> {
    let mut paragraphs = 0;
    let mut heads: Vec<String> = Vec::new();
    spots(doc)
        .iter()
        .map(|spot| match spot.origin {
            Origin::Paragraph { .. } => {
                paragraphs += 1;
                format!("{part} 第{paragraphs}段")
            }
            Origin::Cell { group: None, .. } => format!("{part} 表头"),
            Origin::Cell {
                section,
                block,
                group: Some(g),
                row,
                cell,
            } => {
                let Some(Block::Table(t)) = doc.sections[section].blocks.get(block) else {
                    return part.to_string();
                };
                if g == 0 && row == 0 && cell == 0 {
                    heads = column_heads(t);
                }
                let col = crate::document::place(&t.groups[g], t.columns.len())
                    .get(row)
                    .and_then(|cols| cols.get(cell))
                    .copied()
                    .unwrap_or_default();
                let head = heads.get(col).map_or("", String::as_str);
                format!("{part} 第{}项 {head}", g + 1)
            }
        })
        .collect()
}

/// Each column's head: the last header row's cell over it, without line breaks.
fn column_heads(t: &crate::document::Table) -> Vec<String> {
    let columns = t.columns.len();
    t.head.last().map_or_else(Vec::new, |row| {
        let placed = crate::document::place(std::slice::from_ref(row), columns);
        let mut heads = vec![String::new(); columns];
        for (cell, &col) in row.cells.iter().zip(&placed[0]) {
            heads[col.min(columns.saturating_sub(1))] = cell.text.replace('\n', "");
        }
        heads
    })
}

/// The fields of one content file, as the spots that may show them see it.
#[derive(Debug, Clone, Copy)]
pub struct FileFields<'a> {
    /// The file relative to the content folder, `/`-separated (`yongan/01-….yaml`).
    pub name: &'a str,
    /// Its scalars: (path, position, value).
    pub scalars: &'a [(String, crate::content::locate::Pos, String)],
}

/// Where a spot's text can come from: the files of its document's paragraphs, and per row
/// group its item's file.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// The files a paragraph can come from.
    pub paragraphs: Vec<FileFields<'a>>,
    /// Row group `g`'s item file.
    pub groups: Vec<FileFields<'a>>,
}

/// What a marked spot shows: one field (its key's hash and a print of its value), or text
/// the templates make (a print of the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// One field's value: the whole text (`whole`), or inside template text.
    Field {
        /// [`key_hash`] of `yongan/01-….yaml#rows[0].progress`.
        key: u32,
        /// [`print`] of the value as built.
        print: u32,
        /// The spot's whole text is the value.
        whole: bool,
    },
    /// Text the templates make, or compose of several fields: [`print`] of the text.
    Template {
        /// [`print`] of the text as built.
        print: u32,
    },
}

/// The field a spot shows, in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<'a> {
    /// Its file, relative to the content folder.
    pub name: &'a str,
    /// The field path.
    pub path: &'a str,
    /// Its line.
    pub line: usize,
    /// Its value.
    pub value: &'a str,
    /// The spot's whole text is the value (else it is inside template text).
    pub whole: bool,
}

impl Located<'_> {
    /// `file#path`, what [`key_hash`] hashes.
    pub fn key(&self) -> String {
        format!("{}#{}", self.name, self.path)
    }
}

/// A fingerprint of a text as a revised document gives it back ([`squeezed`]).
pub fn print(text: &str) -> u32 {
    fnv32(squeezed(text).as_bytes())
}

/// The 32-bit FNV-1a hash of `bytes`, as the bookmarks carry hashes and fingerprints.
fn fnv32(bytes: &[u8]) -> u32 {
    use std::hash::Hasher;
    let mut h = fnv::FnvHasher::default();
    h.write(bytes);
    h.finish() as u32
}

/// The mark of every spot of `doc` ([`spots`]), from `sources`.
pub fn marks(doc: &Document, sources: &Sources) -> Vec<Mark> {
    let spots = spots(doc);
    spots
        .iter()
        .zip(located(&spots, sources))
        .map(|(spot, field)| match field {
            Some(f) => Mark::Field {
                key: key_hash(&f.key()),
                print: print(f.value),
                whole: f.whole,
            },
            None => Mark::Template {
                print: print(spot.text),
            },
        })
        .collect()
}

/// The fields of some files, as candidates for the spots that may show them.
struct Pool<'a> {
    owners: Vec<(&'a str, &'a Scalar)>,
    candidates: Vec<Candidate<'a>>,
}

/// A scalar of a file: path, position, value.
type Scalar = (String, crate::content::locate::Pos, String);

impl<'a> Pool<'a> {
    fn of(files: &[FileFields<'a>]) -> Pool<'a> {
        let owners: Vec<(&'a str, &'a Scalar)> = files
            .iter()
            .flat_map(|f| f.scalars.iter().map(move |s| (f.name, s)))
            .collect();
        let candidates: Vec<Candidate> = owners
            .iter()
            .map(|(_, (path, _, value))| Candidate::new(path, value))
            .collect();
        Pool { owners, candidates }
    }

    /// The field `text` shows among the pool's, when it shows one: as [`find`] finds it.
    fn locate(&self, text: &str, row_prefix: Option<&str>) -> Option<Located<'a>> {
        // Most spots are one field's whole value: found by equality alone, before comparing
        // the spot with every field as [`find`] does.
        let shown = normalized(text);
        let exact: Vec<usize> = (0..self.candidates.len())
            .filter(|&i| {
                let c = &self.candidates[i];
                c.shown == shown && !is_template_only(c.path)
            })
            .collect();
        let found = if !exact.is_empty() {
            Match::Exact(own_row(exact, &self.candidates, row_prefix))
        } else if shown.is_empty() {
            // No field is inside an empty spot, nor made it.
            return None;
        } else {
            find(text, &self.candidates, row_prefix)
        };
        let (i, whole) = match found {
            Match::Exact(only) if only.len() == 1 => (only[0], true),
            Match::Inside(only) if only.len() == 1 => (only[0], false),
            _ => return None,
        };
        let (name, (path, pos, value)) = self.owners[i];
        Some(Located {
            name,
            path,
            line: pos.line,
            value,
            whole,
        })
    }
}

/// The field each of `spots` shows (None: the templates' text), from `sources`: the
/// paragraphs' candidates made once, a row group's once for all its cells.
pub fn located<'a>(spots: &[Spot], sources: &Sources<'a>) -> Vec<Option<Located<'a>>> {
    let paragraphs = Pool::of(&sources.paragraphs);
    let mut group: Option<(usize, Pool<'a>)> = None;
    spots
        .iter()
        .map(|spot| match spot.origin {
            Origin::Paragraph { .. } => paragraphs.locate(spot.text, None),
            Origin::Cell {
                group: Some(g),
                row,
                ..
            } => {
                if group.as_ref().is_none_or(|(at, _)| *at != g) {
                    let files = sources.groups.get(g).map(std::slice::from_ref);
                    group = Some((g, Pool::of(files.unwrap_or(&[]))));
                }
                let pool = group.as_ref().map(|(_, pool)| pool)?;
                pool.locate(spot.text, Some(&format!("rows[{row}].")))
            }
            Origin::Cell { group: None, .. } => None,
        })
        .collect()
}

/// Content files' names relative to the content folder, `/`-separated, by path.
pub type Names<'p> = HashMap<&'p Path, String>;

/// The names of `project`'s files relative to its folder.
pub fn relative_names(project: &Project) -> Names<'_> {
    project
        .sources()
        .map(|s| {
            let rel = s.path.strip_prefix(&project.root).unwrap_or(&s.path);
            let name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (s.path.as_path(), name.join("/"))
        })
        .collect()
}

/// The marks of each section document of the material `rendered` makes of `project` (the
/// report, then each annex).
pub fn material_marks(project: &Project, rendered: &RenderedProject) -> Vec<Vec<Mark>> {
    let names = relative_names(project);
    let sources = material_sources(project, &names);
    let documents: Vec<(&Sources, &Document)> = sources
        .iter()
        .zip(std::iter::once(&rendered.report).chain(rendered.annexes.iter().map(|(_, r)| r)))
        .map(|(sources, r)| (sources, &r.document))
        .collect();
    // On every core: a 10,000-item material's cells take about 0.2 s on one.
    crate::parallel::map_in_order(&documents, |(sources, doc)| marks(doc, sources))
}

/// Where each section document's spots can come from: the report's paragraphs from
/// `meeting.yaml` and the annexes' `_annex.yaml`; an annex's paragraphs from its `_annex.yaml`,
/// its row groups from its items. `names`: [`relative_names`].
pub fn material_sources<'a>(project: &'a Project, names: &'a Names) -> Vec<Sources<'a>> {
    let fields = |s: &'a crate::content::load::Source| FileFields {
        name: names.get(s.path.as_path()).map_or("", String::as_str),
        scalars: &s.locator.scalars,
    };
    let mut report = vec![fields(&project.meeting.source)];
    report.extend(project.annexes.iter().map(|a| fields(&a.meta.source)));
    std::iter::once(Sources {
        paragraphs: report,
        groups: Vec::new(),
    })
    .chain(project.annexes.iter().map(|a| Sources {
        paragraphs: vec![fields(&a.meta.source)],
        groups: a.items.iter().map(|i| fields(&i.source)).collect(),
    }))
    .collect()
}

/// A mark as a Word bookmark's name (at most 40 characters of letters, digits and `_`; the
/// leading `_` keeps it out of Word's list of bookmarks): section document `section`, spot
/// `n` of `count`, then `f`/`i` (a field, whole or inside), the field key's hash and the
/// value's print, or `t` and the text's print.
pub fn bookmark(section: usize, n: usize, count: usize, mark: &Mark) -> String {
    match mark {
        Mark::Field { key, print, whole } => {
            let kind = if *whole { 'f' } else { 'i' };
            format!("_hb{section}_{n}_{count}_{kind}{key:08x}_{print:08x}")
        }
        Mark::Template { print } => format!("_hb{section}_{n}_{count}_t_{print:08x}"),
    }
}

/// A bookmark's name read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bookmark {
    /// The section document.
    pub section: usize,
    /// The spot's number in it.
    pub n: usize,
    /// How many spots it has.
    pub count: usize,
    /// The field key's hash (None: template text) and whether the text is the whole value.
    pub field: Option<(u32, bool)>,
    /// The print of the value or text as built.
    pub print: u32,
}

/// Reads a name [`bookmark`] wrote; None for any other bookmark.
pub fn parse_bookmark(name: &str) -> Option<Bookmark> {
    let rest = name.strip_prefix("_hb")?;
    let parts: Vec<&str> = rest.split('_').collect();
    let [section, n, count, kind, print] = parts.as_slice() else {
        return None;
    };
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    let field = match kind.split_at_checked(1)? {
        ("t", "") => None,
        ("f", key) => Some((hex(key)?, true)),
        ("i", key) => Some((hex(key)?, false)),
        _ => return None,
    };
    Some(Bookmark {
        section: section.parse().ok()?,
        n: n.parse().ok()?,
        count: count.parse().ok()?,
        field,
        print: hex(print)?,
    })
}

/// The hash of a field key a bookmark carries.
pub fn key_hash(key: &str) -> u32 {
    fnv32(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bookmark_reads_back_and_fits_words_limit() {
        let field = Mark::Field {
            key: key_hash("yongan/01-湿地.yaml#rows[12].progress"),
            print: 0xdead_beef,
            whole: false,
        };
        let name = bookmark(999, 999_999, 999_999, &field);
        assert!(name.len() <= 40, "{name}");
        let read = parse_bookmark(&name).unwrap();
        assert_eq!(
            (read.section, read.n, read.count, read.print),
            (999, 999_999, 999_999, 0xdead_beef)
        );
        assert_eq!(
            read.field,
            Some((key_hash("yongan/01-湿地.yaml#rows[12].progress"), false))
        );
        let t = bookmark(0, 3, 9, &Mark::Template { print: 7 });
        assert_eq!(parse_bookmark(&t).unwrap().field, None);
        assert_eq!(parse_bookmark("_GoBack"), None);
        assert_eq!(parse_bookmark("_hb1_2"), None);
    }
}
