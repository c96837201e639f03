//! Taking returned workbooks back into the content (`huibao import`): departments fill in
//! progress and plans in the annex or department workbooks and send them back; each row is
//! matched to its content row by the hidden key ([`read`]), every changed cell becomes a change
//! of one YAML field, and with `--write` those fields are edited in place
//! ([`crate::content::edit`]), all files or none, then the content is checked.
//!
//! A row whose content changed since the workbook was built (its fingerprint differs) is a
//! conflict: shown, and written only when forced. Rows added or deleted in the workbook,
//! unknown sheets and cells import cannot map (纳入, 不纳入原因, a plan over several years
//! changed in one of them) are reported, never guessed.

pub mod bounds;
pub mod document;
mod percent;
pub mod prints;
pub mod read;
pub mod revised;
pub mod run;
pub mod table;

use crate::content::Project;
use crate::content::edit::{Edit, NewValue};
use crate::content::labels::{FileKind, field};
use crate::content::model::Row;
use crate::transaction::{self, Folder, Permissions};
use crate::xlsx::data::{self, DataRow};
use read::Returned;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One field to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The content file.
    pub file: PathBuf,
    /// The field's line in it (0 when the field is not written yet).
    pub line: usize,
    /// `rows[0].progress (事项推进情况)`.
    pub field: String,
    /// The content's text now.
    pub old: String,
    /// The workbook's text.
    pub new: String,
    /// The edit that makes it.
    pub edit: Edit,
    /// The row's content changed since the workbook was built.
    pub conflict: bool,
    /// Where it came from: `yongan.xlsx row 3`.
    pub origin: String,
    /// What the office program turned the typed text into (a date, a number), when it did:
    /// written only with `--force`.
    pub typed: Option<String>,
    /// The column is locked in the workbook (事项, 对口合作交流内容, 牵头领导, 牵头部门,
    /// 配合部门): a department that lifted the protection changed what the office decides,
    /// which is shown, never written.
    pub locked: bool,
    /// Tracked changes of a Word file in the paragraph or cell it was read from, not yet
    /// accepted there (read as accepted).
    pub revisions: usize,
}

impl Change {
    /// Whether `--write` writes it: never a locked column's; a conflict or a typed value only
    /// with `--force`.
    pub fn written(&self, force: bool) -> bool {
        !self.locked && (force || (!self.conflict && self.typed.is_none()))
    }
}

/// A note on something import did not do, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The workbook.
    pub file: PathBuf,
    /// Its row (0 for the workbook as a whole).
    pub row: usize,
    /// What was not done and what to do.
    pub message: String,
}

/// Everything the returned workbooks would change, and what they hold that import leaves.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Field changes, in file and line order.
    pub changes: Vec<Change>,
    /// What was not imported.
    pub notes: Vec<Note>,
}

/// A content row a returned row may belong to.
struct Candidate<'a> {
    item: &'a crate::content::load::Sourced<crate::content::model::Item>,
    index: usize,
    now: DataRow,
}

/// Compares the returned rows of one or more workbooks with the content.
pub fn plan(project: &Project, returned: &[Returned]) -> Plan {
    let years = &project.meeting.value.years;
    let mut out = Plan::default();
    // Every content row by its place, with what its cells show now.
    let mut rows: BTreeMap<String, Candidate> = BTreeMap::new();
    for annex in &project.annexes {
        let folder = data::annex_folder(annex);
        let mut flat = data::rows(annex, years).into_iter();
        for item in &annex.items {
            for index in 0..item.value.rows.len() {
                let Some(now) = flat.next() else { break };
                rows.insert(
                    data::row_place(&folder, item, index),
                    Candidate { item, index, now },
                );
            }
        }
    }
    let mut by_prints: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (place, c) in &rows {
        by_prints
            .entry(c.now.field_prints())
            .or_default()
            .push(place);
    }
    for r in returned {
        let note = |message: String| Note {
            file: r.file.clone(),
            row: r.row,
            message,
        };
        let Some((folder, file, index, print)) = parse_key(&r.key) else {
            out.notes
                .push(note(crate::tr!("import-foreign-key", key = &r.key)));
            continue;
        };
        let place = format!("{folder}/{file}#rows[{index}]");
        let at_place = rows.get(&place);
        let unchanged_here = at_place.is_some_and(|c| c.now.field_prints() == print);
        // A row whose file was renamed, or that moved when a row was inserted above it, is
        // found again by its fingerprint when exactly one content row has it.
        let moved = match by_prints.get(print).map(Vec::as_slice) {
            Some([only]) if !unchanged_here => Some(*only),
            _ => None,
        };
        let found = match moved {
            Some(p) => {
                out.notes
                    .push(note(crate::tr!("import-moved", place = &place, now = p)));
                rows.get(p)
            }
            None => at_place,
        };
        let Some(c) = found else {
            out.notes.push(note(crate::tr!(
                "import-row-gone",
                file = format!("{folder}/{file}"),
                row = index + 1
            )));
            continue;
        };
        let built = Built::from_key(print, c);
        let origin = crate::tr!(
            "import-origin",
            file = r
                .file
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            row = r.row
        );
        let ctx = RowContext {
            item_file: &c.item.source.path,
            source: &c.item.source,
            row: &c.item.value.rows[c.index],
            index: c.index,
            years,
            built: &built,
            origin: &origin,
        };
        compare_row(&ctx, r, &c.now, &mut out);
    }
    let data_rows: BTreeMap<String, Vec<DataRow>> = project
        .annexes
        .iter()
        .map(|a| (data::annex_folder(a), data::rows(a, years)))
        .collect();
    deleted_rows(returned, &data_rows, &mut out);
    out.changes = agreed(std::mem::take(&mut out.changes), &mut out.notes);
    out
}

/// One change per field. Several rows of an item may carry the same new 事项, and several
/// workbooks the same text: kept once. Workbooks that disagree on a field import neither
/// text, and every source is named.
pub(crate) fn agreed(mut changes: Vec<Change>, notes: &mut Vec<Note>) -> Vec<Change> {
    changes.sort_by(|a, b| (&a.file, a.line, &a.edit.path).cmp(&(&b.file, b.line, &b.edit.path)));
    let mut groups: Vec<Vec<Change>> = Vec::new();
    for c in changes {
        match groups.last_mut() {
            Some(g) if g[0].file == c.file && g[0].edit.path == c.edit.path => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    let mut kept = Vec::new();
    for mut group in groups {
        let first = group[0].new.clone();
        if group.iter().all(|c| c.new == first) {
            kept.push(group.swap_remove(0));
            continue;
        }
        let sources: Vec<String> = group
            .iter()
            .map(|c| {
                crate::tr!(
                    "import-source",
                    origin = &c.origin,
                    value = c.new.replace('\n', "⏎")
                )
            })
            .collect();
        notes.push(Note {
            file: group[0].file.clone(),
            row: group[0].line,
            message: crate::tr!(
                "import-disagree",
                field = &group[0].field,
                sources = sources.join(&crate::tr!("list-separator-long"))
            ),
        });
    }
    kept
}

/// What a returned row was built from, as far as its key says.
enum Built {
    /// The fingerprint of each shown field ([`DataRow::field_prints`]).
    Fields(Vec<String>),
    /// A key of a workbook built before per-field fingerprints: whether the row's content
    /// changed since (one fingerprint for the row, 事项 not in it).
    Legacy { changed: bool },
}

impl Built {
    fn from_key(print: &str, c: &Candidate) -> Built {
        let fields: Vec<String> = print.split('.').map(str::to_string).collect();
        if fields.len() == c.now.shown_fields().len() && fields.iter().all(|f| f.len() == 8) {
            Built::Fields(fields)
        } else {
            Built::Legacy {
                changed: data::legacy_fingerprint(&c.item.value.rows[c.index]) != print,
            }
        }
    }

    /// For field `i` showing `now` in the content and `returned` in the workbook: None when
    /// nothing is to be imported (equal, or only the office changed it since the build),
    /// else whether it is a conflict (both changed it).
    fn decide(&self, i: usize, now: &str, returned: &str) -> Option<bool> {
        if now == returned {
            return None;
        }
        match self {
            Built::Legacy { changed } => Some(*changed),
            Built::Fields(fields) => {
                let built = fields.get(i).map(String::as_str);
                if built == Some(data::text_print(now).as_str()) {
                    Some(false)
                } else if built == Some(data::text_print(returned).as_str()) {
                    None
                } else {
                    Some(true)
                }
            }
        }
    }
}

/// Rows a workbook was built with that it no longer holds (deleted in Excel): an annex
/// workbook holds every row of its annex, a department's (it has a 角色 column) every row the
/// department leads or supports. Reported; the content keeps them.
fn deleted_rows(returned: &[Returned], data_rows: &BTreeMap<String, Vec<DataRow>>, out: &mut Plan) {
    let mut by_file: BTreeMap<&PathBuf, Vec<&Returned>> = BTreeMap::new();
    for r in returned {
        by_file.entry(&r.file).or_default().push(r);
    }
    let place = |key: &str| data::key_place(key).to_string();
    for (file, rows) in by_file {
        let present: std::collections::BTreeSet<String> =
            rows.iter().map(|r| place(&r.key)).collect();
        let department = rows.iter().all(|r| r.cells.contains_key("角色"));
        let expected: Vec<&DataRow> = if department {
            let Some(dept) = department_of(&rows) else {
                continue;
            };
            let dept = &dept;
            data_rows
                .values()
                .flatten()
                .filter(|d| {
                    departments(&d.lead_dept).contains(dept)
                        || departments(&d.support).contains(dept)
                })
                .collect()
        } else {
            let folders: std::collections::BTreeSet<&str> = rows
                .iter()
                .filter_map(|r| r.key.split_once('/').map(|(f, _)| f))
                .collect();
            folders
                .iter()
                .filter_map(|f| data_rows.get(*f))
                .flatten()
                .collect()
        };
        for d in expected {
            let key = place(&d.key);
            if !present.contains(&key) {
                let row = key
                    .rsplit_once("#rows[")
                    .and_then(|(_, n)| n.trim_end_matches(']').parse::<usize>().ok())
                    .map_or(0, |n| n + 1);
                out.notes.push(Note {
                    file: file.clone(),
                    row: 0,
                    message: crate::tr!(
                        "import-row-missing",
                        seq = d.seq.to_string(),
                        title = d.title.as_str(),
                        row = row,
                        file = key.split('#').next().unwrap_or_default()
                    ),
                });
            }
        }
    }
}

/// The department a department's workbook was made for: the one every row names in the
/// column its 角色 says (牵头: 牵头部门, 配合: 配合部门), or in either when a row has no role.
pub(crate) fn department_of(rows: &[&Returned]) -> Option<String> {
    let named = |r: &Returned| -> Vec<String> {
        let columns: &[&str] = match r.cells.get("角色").map(String::as_str) {
            Some("牵头") => &["牵头部门"],
            Some("配合") => &["配合部门"],
            _ => &["牵头部门", "配合部门"],
        };
        columns
            .iter()
            .flat_map(|c| departments(r.cells.get(*c).map_or("", String::as_str)))
            .collect()
    };
    let mut common = rows.first().map(|r| named(r))?;
    for r in rows {
        let theirs = named(r);
        common.retain(|d| theirs.contains(d));
    }
    match common.as_slice() {
        [dept] => Some(dept.clone()),
        _ => None,
    }
}

/// Where a returned row points in the content.
struct RowContext<'a> {
    item_file: &'a std::path::Path,
    source: &'a crate::content::load::Source,
    row: &'a Row,
    index: usize,
    years: &'a [u16],
    built: &'a Built,
    origin: &'a str,
}

/// `yongan/01-….yaml#rows[2]@0123abcd…` → (folder, file, 2, fingerprint).
fn parse_key(key: &str) -> Option<(&str, &str, usize, &str)> {
    let (place, print) = key.rsplit_once('@')?;
    let (path, row) = place.rsplit_once("#rows[")?;
    let index = row.strip_suffix(']')?.parse().ok()?;
    let (folder, file) = path.split_once('/')?;
    Some((folder, file, index, print))
}

/// Departments as a cell shows them (`甲、乙`) back to a list.
fn departments(cell: &str) -> Vec<String> {
    cell.split(['、', '，', ','])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

fn compare_row(ctx: &RowContext, r: &Returned, now: &DataRow, out: &mut Plan) {
    let cell = |title: &str| r.cells.get(title).map(String::as_str);
    if !now.included {
        // A left-out item keeps only its content: what was typed into its plan or progress
        // cannot be written (the check would refuse it), so it is said here, not announced
        // as a change.
        let typed: Vec<&str> = r
            .cells
            .iter()
            .filter(|(title, text)| data::is_fill_column(title) && !text.is_empty())
            .map(|(title, _)| title.as_str())
            .collect();
        if !typed.is_empty() {
            out.notes.push(Note {
                file: r.file.clone(),
                row: r.row,
                message: crate::tr!(
                    "import-excluded-filled",
                    columns = crate::i18n::join(&typed),
                    file = crate::diag::shown(ctx.item_file)
                ),
            });
        }
    }
    let i = ctx.index;
    let years = ctx.years.len();
    let mut push =
        |path: String, column: &str, old: &str, new: &str, value: NewValue, conflict: bool| {
            // A left-out item's fill-in columns are said above, not changes.
            if !now.included && data::is_fill_column(column) {
                return;
            }
            // `find` falls back to an ancestor for a field not written yet: that one has no line.
            let line = match ctx.source.locator.find(&path) {
                Some(p) if ctx.source.locator.has(&path) => p.line,
                _ => 0,
            };
            out.changes.push(Change {
                file: ctx.item_file.to_path_buf(),
                line,
                field: field(FileKind::Item, &path),
                old: old.to_string(),
                new: new.to_string(),
                edit: Edit { path, value },
                conflict,
                origin: ctx.origin.to_string(),
                typed: r.typed.get(column).cloned(),
                locked: !data::is_fill_column(column),
                revisions: 0,
            });
        };
    // (column, field path, field index in the fingerprints, text now)
    let texts: [(&str, String, usize, &str); 5] = [
        ("事项", "title".to_string(), 0, &now.title),
        (
            "对口合作交流内容",
            format!("rows[{i}].content"),
            1,
            &now.content,
        ),
        ("预计完成时间", format!("rows[{i}].due"), 2, &now.due),
        (
            "事项推进情况",
            format!("rows[{i}].progress"),
            3 + years,
            &now.progress,
        ),
        (
            "牵头领导",
            format!("rows[{i}].lead_leader"),
            4 + years,
            &now.lead_leader,
        ),
    ];
    for (title, path, index, old) in texts {
        if let Some(new) = cell(title)
            && let Some(conflict) = ctx.built.decide(index, old, new)
        {
            push(
                path,
                title,
                old,
                new,
                NewValue::Text(new.to_string()),
                conflict,
            );
        }
    }
    for (title, path, index, old) in [
        (
            "牵头部门",
            format!("rows[{i}].lead_dept"),
            5 + years,
            &now.lead_dept,
        ),
        (
            "配合部门",
            format!("rows[{i}].support_depts"),
            6 + years,
            &now.support,
        ),
    ] {
        let Some(new) = cell(title) else { continue };
        let joined = departments(new).join("、");
        if departments(new) == departments(old) {
            continue;
        }
        if let Some(conflict) = ctx.built.decide(index, old, &joined) {
            push(
                path,
                title,
                old,
                new,
                NewValue::List(departments(new)),
                conflict,
            );
        }
    }
    compare_plans(ctx, r, now, &mut push, &mut out.notes);
    let included = if now.included { "纳入" } else { "不纳入" };
    if cell("纳入").is_some_and(|c| c != included)
        || cell("不纳入原因").is_some_and(|c| c != now.feedback)
    {
        out.notes.push(Note {
            file: r.file.clone(),
            row: r.row,
            message: crate::tr!(
                "import-excluded-by-hand",
                file = crate::diag::shown(ctx.item_file)
            ),
        });
    }
}

/// The plan columns: one per year; a plan over several years shows in each of its columns and
/// is imported only when all of them say the same.
fn compare_plans(
    ctx: &RowContext,
    r: &Returned,
    now: &DataRow,
    push: &mut impl FnMut(String, &str, &str, &str, NewValue, bool),
    notes: &mut Vec<Note>,
) {
    let cell = |title: &str| r.cells.get(title).map(String::as_str);
    let i = ctx.index;
    let mut spans_done = Vec::new();
    for (y_index, &year) in ctx.years.iter().enumerate() {
        let title = format!("{year}年计划");
        let old = now.plans.get(y_index).map_or("", String::as_str);
        let Some(new) = cell(&title) else { continue };
        let Some(conflict) = ctx.built.decide(3 + y_index, old, new) else {
            continue;
        };
        let plan = ctx
            .row
            .plans
            .0
            .iter()
            .find(|p| p.span.first <= year && year <= p.span.last);
        // The plan's key: its year, or its range when the workbook changed every year of it.
        let key = match plan {
            Some(p) if p.span.first == p.span.last => p.key.clone(),
            Some(p) => {
                if spans_done.contains(&p.key) {
                    continue;
                }
                spans_done.push(p.key.clone());
                let same = ctx
                    .years
                    .iter()
                    .filter(|&&y| p.span.first <= y && y <= p.span.last)
                    .all(|y| cell(&format!("{y}年计划")) == Some(new));
                if !same {
                    notes.push(Note {
                        file: r.file.clone(),
                        row: r.row,
                        message: crate::tr!(
                            "import-plan-span",
                            field = field(FileKind::Item, &format!("rows[{i}].plans.{}", p.key)),
                            years = p.key.as_str(),
                            file = crate::diag::shown(ctx.item_file)
                        ),
                    });
                    continue;
                }
                p.key.clone()
            }
            None => year.to_string(),
        };
        push(
            format!("rows[{i}].plans.{key}"),
            &title,
            old,
            new,
            NewValue::Text(new.to_string()),
            conflict,
        );
    }
}

/// The new text of every file the changes touch (conflicts only when `force`), checked to
/// parse to exactly the intended values; nothing is written.
pub fn edited_files(
    plan: &Plan,
    project: &Project,
    force: bool,
) -> Result<Vec<(PathBuf, String)>, String> {
    let mut by_file: BTreeMap<&PathBuf, Vec<Edit>> = BTreeMap::new();
    for c in plan.changes.iter().filter(|c| c.written(force)) {
        by_file.entry(&c.file).or_default().push(c.edit.clone());
    }
    let read_as: BTreeMap<&PathBuf, u64> =
        project.sources().map(|s| (&s.path, s.read_as)).collect();
    let mut out = Vec::new();
    for (file, edits) in by_file {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        if read_as
            .get(file)
            .is_some_and(|&r| r != crate::content::load::fingerprint(&bytes))
        {
            return Err(crate::tr!(
                "import-changed-meanwhile",
                file = crate::diag::shown(file)
            ));
        }
        let text = String::from_utf8(bytes).map_err(|e| format!("{}: {e}", file.display()))?;
        let edited = crate::content::edit::apply(&text, &edits)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        out.push((file.clone(), edited));
    }
    Ok(out)
}

/// Writes the edited files all or nothing through [`crate::transaction`] under a lock on
/// the content folder: a failed or killed write leaves every old file (the next huibao run
/// rolls an interrupted swap back); each file keeps its mode, and a read-only one is refused.
pub fn write_files(folder: &Folder, files: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    let names: Vec<(String, &[u8])> = files
        .iter()
        .map(|(path, bytes)| {
            Ok((
                crate::paths::relative_name(folder.root(), path)?,
                bytes.as_slice(),
            ))
        })
        .collect::<Result<_, String>>()?;
    let changes: Vec<transaction::Change> = names
        .iter()
        .map(|(name, bytes)| transaction::Change {
            name,
            bytes: Some(bytes),
        })
        .collect();
    folder.commit(&changes, Permissions::KeepRefuseReadOnly)
}
