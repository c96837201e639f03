//! What a revised Word file changes in the content: each paragraph and cell is found by the
//! bookmark the writer put in it ([`crate::fields`]) and compared with the field it came from,
//! as a returned workbook's cell is. The rule for tracked changes: the text is read as if every
//! revision were accepted (the leader's word), and the revisions still open are counted and
//! said, so the office can reject one in Word first. What import cannot take back into one
//! field (an edit of the templates' text, a paragraph or row added, deleted or merged, a
//! comment) is reported with where it is, never dropped and never guessed.

use super::document::{Revised, Unit};
use super::{Change, Note};
use crate::content::Project;
use crate::content::edit::{Edit, NewValue};
use crate::content::labels;
use crate::fields::{Located, normalized, print, squeezed};
use crate::render::RenderedProject;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One paragraph or cell of the material as it is now.
struct Now<'a> {
    place: String,
    text: &'a str,
    field: Option<Located<'a>>,
}

/// Every paragraph and cell of the material as it is now, per section document, with the
/// field it shows.
fn material_now<'a>(
    rendered: &'a RenderedProject,
    sources: &[crate::fields::Sources<'a>],
) -> Vec<Vec<Now<'a>>> {
    let documents = std::iter::once(("汇报".to_string(), &rendered.report.document)).chain(
        rendered
            .annexes
            .iter()
            .map(|(h, r)| (format!("附件{}", h.number), &r.document)),
    );
    documents
        .zip(sources)
        .map(|((part, doc), sources)| {
            let places = crate::fields::places(doc, &part);
            let spots = crate::fields::spots(doc);
            let fields = crate::fields::located(&spots, sources);
            spots
                .iter()
                .zip(places)
                .zip(fields)
                .map(|((spot, place), field)| Now {
                    place,
                    text: spot.text,
                    field,
                })
                .collect()
        })
        .collect()
}

/// The changes and notes of the revised Word file `path`, or why none of it is imported (it
/// has no huibao marks, or fewer than half of its fields were built from values this content
/// still has: it was made from another project).
pub fn plan(
    project: &Project,
    rendered: &RenderedProject,
    path: &Path,
    revised: &Revised,
) -> Result<(Vec<Change>, Vec<Note>), String> {
    if revised.units.iter().all(|u| u.marks.is_empty()) {
        return Err(crate::tr!(
            "import-doc-unmarked",
            file = crate::diag::shown(path)
        ));
    }
    let names = crate::fields::relative_names(project);
    let sources = crate::fields::material_sources(project, &names);
    let now = material_now(rendered, &sources);
    let mut by_key: HashMap<u32, &Now> = HashMap::new();
    for spot in now.iter().flatten() {
        if let Some(f) = &spot.field {
            by_key
                .entry(crate::fields::key_hash(&f.key()))
                .or_insert(spot);
        }
    }
    let reading = Reading {
        now: &now,
        by_key,
        by_name: project
            .sources()
            .filter_map(|s| names.get(s.path.as_path()).map(|n| (n.as_str(), s)))
            .collect(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let mut out = Read::default();
    for unit in &revised.units {
        reading.unit(unit, &mut out);
    }
    // A Word file of this content, however stale, still has most of its fields as they are
    // now; one made from another project has few (its items are other files, its sentences
    // other sentences), even where both projects start from the same `meeting.yaml`.
    if out.fields > 0 && out.matched * 2 < out.fields {
        return Err(crate::tr!(
            "import-doc-foreign",
            file = crate::diag::shown(path)
        ));
    }
    for (section, (count, present)) in &out.seen {
        let gone: Vec<String> = (0..*count)
            .filter(|n| !present.contains(n))
            .map(|n| reading.place(*section, n))
            .collect();
        if !gone.is_empty() {
            let first: Vec<&str> = gone.iter().take(5).map(String::as_str).collect();
            out.notes.push(crate::tr!(
                "import-doc-deleted",
                count = gone.len(),
                places = first.join("、")
            ));
        }
    }
    if revised.revisions > 0 {
        out.notes.push(crate::tr!(
            "import-doc-revisions",
            count = revised.revisions
        ));
    }
    let notes = out
        .notes
        .into_iter()
        .map(|message| Note {
            file: path.to_path_buf(),
            row: 0,
            message,
        })
        .collect();
    Ok((out.changes, notes))
}

/// The material as it is now, looked up by what a Word file's marks say.
struct Reading<'a> {
    now: &'a [Vec<Now<'a>>],
    /// The spot showing each field, by its key's hash.
    by_key: HashMap<u32, &'a Now<'a>>,
    /// Each content file by its name relative to the content folder.
    by_name: HashMap<&'a str, &'a crate::content::load::Source>,
    /// The Word file's name, for where a change came from.
    file_name: String,
}

/// What the units of a Word file said so far.
#[derive(Default)]
struct Read {
    changes: Vec<Change>,
    notes: Vec<String>,
    /// Per section document: its spot count and the spots found.
    seen: BTreeMap<usize, (usize, BTreeSet<usize>)>,
    /// Field marks, and those built from the value the field has now.
    fields: usize,
    matched: usize,
}

impl Reading<'_> {
    /// Where spot `n` of section document `section` stands now.
    fn place(&self, section: usize, n: usize) -> String {
        self.now
            .get(section)
            .and_then(|s| s.get(n))
            .map_or_else(|| format!("第{}处", n + 1), |s| s.place.clone())
    }

    /// Reads one paragraph or cell: its comments, then what its mark says of it.
    fn unit(&self, unit: &Unit, out: &mut Read) {
        let spots: BTreeSet<(usize, usize)> = unit.marks.iter().map(|m| (m.section, m.n)).collect();
        for m in &unit.marks {
            let entry = out.seen.entry(m.section).or_default();
            entry.0 = m.count;
            entry.1.insert(m.n);
        }
        let shown = snippet(&unit.text);
        for (author, text) in &unit.comments {
            let place = unit
                .marks
                .first()
                .map_or_else(|| shown.clone(), |m| self.place(m.section, m.n));
            out.notes.push(crate::tr!(
                "import-doc-comment",
                place = place,
                author = author.as_str(),
                comment = snippet(text)
            ));
        }
        let [m] = unit.marks.as_slice() else {
            if spots.len() > 1 {
                let places: Vec<String> = spots.iter().map(|&(s, n)| self.place(s, n)).collect();
                out.notes.push(crate::tr!(
                    "import-doc-merged",
                    places = places.join("、"),
                    text = shown
                ));
            } else if spots.is_empty() && !squeezed(&unit.text).is_empty() {
                out.notes.push(if unit.in_table {
                    crate::tr!("import-doc-added-cell", text = shown)
                } else {
                    crate::tr!("import-doc-added", text = shown)
                });
            }
            return;
        };
        let place = self.place(m.section, m.n);
        match m.field {
            None if print(&unit.text) != m.print => out.notes.push(crate::tr!(
                "import-doc-template-edited",
                place = place,
                text = shown
            )),
            None => {}
            Some((key, whole)) => self.field(unit, m, (key, whole), (&place, &shown), out),
        }
    }

    /// A field's paragraph or cell: a change when the leader's text differs from the value
    /// now, a conflict when the office changed the value since the file was made too.
    fn field(
        &self,
        unit: &Unit,
        m: &crate::fields::Bookmark,
        (key, whole): (u32, bool),
        (place, shown): (&str, &str),
        out: &mut Read,
    ) {
        out.fields += 1;
        let Some(spot) = self.by_key.get(&key) else {
            out.notes.push(crate::tr!(
                "import-doc-field-gone",
                place = place,
                text = shown
            ));
            return;
        };
        let Some(field) = &spot.field else { return };
        let unchanged_since = print(field.value) == m.print;
        if unchanged_since {
            out.matched += 1;
        }
        let Some(new) = new_value(field, spot.text, &unit.text, whole) else {
            out.notes.push(crate::tr!(
                "import-doc-around-edited",
                place = place,
                text = shown
            ));
            return;
        };
        // Only the office changed it since the Word file was made: nothing to import.
        if squeezed(&new) == squeezed(field.value) || (!unchanged_since && print(&new) == m.print) {
            return;
        }
        let Some(source) = self.by_name.get(field.name) else {
            return;
        };
        out.changes.push(Change {
            file: source.path.clone(),
            line: field.line,
            field: labels::field(source.kind, field.path),
            old: field.value.to_string(),
            new: new.clone(),
            edit: Edit {
                path: field.path.to_string(),
                value: NewValue::Text(new),
            },
            conflict: !unchanged_since,
            origin: format!("{} {place}", self.file_name),
            typed: None,
            locked: false,
            revisions: unit.revisions,
        });
    }
}

/// The field's new value from the returned text of its spot: the whole text, or (`whole`
/// false) what lies between the template text before and after the value in the spot as it
/// is now; None when that template text was edited too. A line break the Word file has where
/// the value has none (a title balanced over two lines) is the writer's, not the leader's.
fn new_value(field: &Located, spot_now: &str, returned: &str, whole: bool) -> Option<String> {
    let mut text = returned.trim().to_string();
    if !field.value.contains('\n') {
        text = text.replace('\n', "");
    }
    if whole {
        return Some(text);
    }
    let (spot, value) = (normalized(spot_now), normalized(field.value));
    let at = spot.find(&value)?;
    let (before, after) = (&spot[..at], &spot[at + value.len()..]);
    let text = normalized(&text);
    let middle = text.strip_prefix(before)?.strip_suffix(after)?;
    Some(middle.trim().to_string())
}

/// A text shortened for a message: its first 24 characters, on one line.
fn snippet(text: &str) -> String {
    let one_line = normalized(text);
    let mut out: String = one_line.chars().take(24).collect();
    if one_line.chars().count() > 24 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_inside_template_text_is_read_between_it() {
        let field = Located {
            name: "meeting.yaml",
            path: "sections[0]",
            line: 3,
            value: "工作推进情况",
            whole: false,
        };
        let read = |returned| new_value(&field, "二、工作推进情况", returned, false);
        assert_eq!(read("二、工作进展情况").as_deref(), Some("工作进展情况"));
        assert_eq!(read("三、工作进展情况"), None);
    }
}
