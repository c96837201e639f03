//! Semantic checks: what YAML types cannot say (sequence numbers, plan years, blank text).

use super::load::{RawAnnex, RawProject, Source, Sourced};
use super::model::{AnnexMeta, Item, Meeting, Row};
use super::names;
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;

/// Runs every check on what parsed, adding problems to `diags`.
pub fn validate(raw: &RawProject, diags: &mut Diagnostics) {
    let before = diags.len();
    checks(raw, diags);
    // What the checks said about a stand-in (a field whose error is already reported) is
    // about the stand-in, not the clerk's text.
    let stand_ins: BTreeMap<&std::path::Path, &[String]> = raw
        .sources()
        .filter(|s| !s.stand_ins.is_empty())
        .map(|s| (s.path.as_path(), s.stand_ins.as_slice()))
        .collect();
    if stand_ins.is_empty() {
        return;
    }
    let found = diags.0.split_off(before);
    diags.0.extend(found.into_iter().filter(|d| {
        !stand_ins
            .get(d.file.as_path())
            .is_some_and(|ins| super::stand_in::under_stand_in(&d.field, ins))
    }));
}

/// The year ranges a title names (`（2023—2025年）`), as (the range as written, first, last).
fn year_ranges(text: &str) -> Vec<(String, u16, u16)> {
    let chars: Vec<char> = text.chars().collect();
    let year_at = |i: usize| -> Option<u16> {
        let s: String = chars.get(i..i + 4)?.iter().collect();
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        let after = chars.get(i + 4);
        let alone =
            !before.is_some_and(char::is_ascii_digit) && !after.is_some_and(char::is_ascii_digit);
        alone.then(|| s.parse().ok()).flatten()
    };
    let mut found = Vec::new();
    for i in 0..chars.len() {
        let Some(first) = year_at(i) else { continue };
        let Some(dash) = chars.get(i + 4) else {
            continue;
        };
        if !matches!(dash, '-' | '—' | '–' | '～' | '~' | '至' | '到') {
            continue;
        }
        let next = i + 5 + usize::from(chars.get(i + 5) == Some(&'—'));
        if let Some(last) = year_at(next) {
            found.push((chars[i..next + 4].iter().collect(), first, last));
        }
    }
    found
}

/// Titles and headings that name a year range other than the plan years of `meeting.yaml`
/// (a year added to `years` while the table titles still say 2023—2025): a warning on each.
fn check_title_years(raw: &RawProject, years: &[u16], diags: &mut Diagnostics) {
    let (Some(&first), Some(&last)) = (years.first(), years.last()) else {
        return;
    };
    let mut titles: Vec<(&Source, &str, &str)> = Vec::new();
    if let Some(m) = &raw.meeting {
        titles.push((&m.source, "title", &m.value.title));
        titles.push((&m.source, "overview_heading", &m.value.overview_heading));
        titles.push((&m.source, "progress_heading", &m.value.progress_heading));
    }
    for meta in raw.annexes.iter().filter_map(|a| a.meta.as_ref()) {
        for (field, text) in [
            ("title", &meta.value.title),
            ("short_title", &meta.value.short_title),
            ("heading", &meta.value.heading),
        ] {
            titles.push((&meta.source, field, text));
        }
    }
    for (source, field, text) in titles {
        for (written, a, b) in year_ranges(text) {
            if (a, b) != (first, last) {
                // The years are ASCII digits: the four bytes at each end.
                let fixed = format!("{first}{}{last}", &written[4..written.len() - 4]);
                diags.push(
                    source
                        .diag(
                            field,
                            crate::tr!(
                                "check-title-years",
                                written = written.as_str(),
                                first = first.to_string(),
                                last = last.to_string()
                            ),
                        )
                        .warning()
                        .with_hint(crate::tr!(
                            "check-title-years-hint",
                            written = written.as_str(),
                            fixed = fixed
                        )),
                );
            }
        }
    }
}

fn checks(raw: &RawProject, diags: &mut Diagnostics) {
    let years = raw.meeting.as_ref().and_then(|m| {
        check_meeting(m, diags);
        // Plan years are checked against `years` only when it was read as written.
        let stand_in = m.source.stand_ins.iter().any(|p| p.starts_with("years"));
        (!stand_in).then(|| m.value.years.clone())
    });
    if let Some(years) = &years {
        check_title_years(raw, years, diags);
    }
    let departments: &[String] = raw
        .meeting
        .as_ref()
        .map_or(&[], |m| m.value.departments.as_slice());
    let mut numbers: BTreeMap<u32, &Source> = BTreeMap::new();
    // Names that become files, by their case- and width-folded form: the first place each
    // was written (its spelling and where).
    let mut folders: BTreeMap<String, (String, Diagnostic)> = BTreeMap::new();
    let mut department_files: BTreeMap<String, (String, Diagnostic)> = BTreeMap::new();
    for annex in &raw.annexes {
        check_annex(annex, years.as_deref(), diags);
        let folder = annex
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let here = Diagnostic::file(&annex.dir, "");
        if let Some(d) = same_file(&mut folders, &folder, here, SameFile::Folder, |n| {
            names::section_file(n, "pdf")
        }) {
            diags.push(d);
        }
        for item in &annex.items {
            check_departments(item, departments, &mut department_files, diags);
        }
        if let Some(meta) = &annex.meta {
            if let Some(first) = numbers.get(&meta.value.number) {
                diags.push(meta.source.diag(
                    "number",
                    crate::tr!(
                        "check-annex-number-taken",
                        number = meta.value.number,
                        file = first.path.display().to_string()
                    ),
                ));
            } else {
                numbers.insert(meta.value.number, &meta.source);
            }
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn require_text(source: &Source, path: &str, value: &str, diags: &mut Diagnostics) {
    if blank(value) {
        diags.push(source.diag(path, crate::tr!("check-blank")));
    }
}

fn require_paragraphs(source: &Source, path: &str, list: &[String], diags: &mut Diagnostics) {
    for (i, p) in list.iter().enumerate() {
        require_text(source, &format!("{path}[{i}]"), p, diags);
    }
}

fn check_meeting(m: &Sourced<Meeting>, diags: &mut Diagnostics) {
    let (v, s) = (&m.value, &m.source);
    for (i, d) in v.departments.iter().enumerate() {
        require_text(s, &format!("departments[{i}]"), d, diags);
        if v.departments[..i].contains(d) {
            diags.push(s.diag(
                &format!("departments[{i}]"),
                crate::tr!("check-department-twice", name = d),
            ));
        }
    }
    for (path, value) in [
        ("meeting", &v.meeting),
        ("material", &v.material),
        ("title", &v.title),
        ("presenter", &v.presenter),
        ("overview_heading", &v.overview_heading),
        ("progress_heading", &v.progress_heading),
        ("closing", &v.closing),
    ] {
        require_text(s, path, value, diags);
    }
    require_paragraphs(s, "background", &v.background, diags);
    require_paragraphs(s, "overview", &v.overview, diags);
    if v.years.is_empty() {
        diags.push(s.diag("years", crate::tr!("check-no-years")));
    }
    for (i, y) in v.years.iter().enumerate() {
        if !(1900..=2200).contains(y) {
            diags.push(s.diag(
                &format!("years[{i}]"),
                crate::tr!("check-implausible-year", year = y.to_string()),
            ));
        }
        if i > 0 && *y <= v.years[i - 1] {
            diags.push(s.diag(&format!("years[{i}]"), crate::tr!("check-years-order")));
        }
    }
    if let Some(date) = &v.date
        && crate::date::parse_ymd(date).is_none()
    {
        diags.push(s.diag("date", crate::tr!("check-date", date = date)));
    }
}

fn check_annex_meta(meta: &Sourced<AnnexMeta>, diags: &mut Diagnostics) {
    let (v, s) = (&meta.value, &meta.source);
    if v.number == 0 {
        diags.push(s.diag("number", crate::tr!("check-annex-number-zero")));
    }
    for (path, value) in [
        ("partner", &v.partner),
        ("title", &v.title),
        ("short_title", &v.short_title),
        ("heading", &v.heading),
    ] {
        require_text(s, path, value, diags);
    }
    require_paragraphs(s, "report", &v.report, diags);
    require_paragraphs(s, "notes", &v.notes, diags);
    // Notes are numbered by the template: a number typed (or pasted) with the text would
    // print twice (注：1、1、…). Said once, for the first such note.
    if let Some((i, n)) = v
        .notes
        .iter()
        .enumerate()
        .find_map(|(i, n)| note_number(n).map(|len| (i, n[..len].trim_end())))
    {
        diags.push(
            s.diag(
                &format!("notes[{i}]"),
                crate::tr!("check-note-number", number = n),
            )
            .warning()
            .with_hint(crate::tr!("check-note-number-hint")),
        );
    }
}

/// The length in bytes of a number a note's text starts with (`1、`, `2.`, `3．`, `（4）`,
/// `(5)`, `⑥`) and the spaces after it, or None.
pub fn note_number(text: &str) -> Option<usize> {
    let t = text.trim_start();
    let lead = text.len() - t.len();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let marker = if digits > 0 {
        let rest = &t[digits..];
        rest.chars()
            .next()
            .filter(|c| "、.．".contains(*c))
            .map(|c| digits + c.len_utf8())
    } else if let Some(inner) = t.strip_prefix('（').or_else(|| t.strip_prefix('(')) {
        let n = inner.chars().take_while(char::is_ascii_digit).count();
        let close = inner[n..].chars().next().filter(|c| "）)".contains(*c));
        close
            .filter(|_| n > 0)
            .map(|c| t.len() - inner.len() + n + c.len_utf8())
    } else {
        t.chars()
            .next()
            .filter(|c| ('①'..='⑳').contains(c))
            .map(char::len_utf8)
    }?;
    let after = t[marker..].len() - t[marker..].trim_start().len();
    (marker + after < t.len()).then_some(lead + marker + after)
}

fn check_annex(annex: &RawAnnex, years: Option<&[u16]>, diags: &mut Diagnostics) {
    // Output files are named after the folder; `meeting` is the full material's name.
    let folder = annex
        .dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if names::fold(&folder) == names::MEETING_STEM {
        diags.push(Diagnostic::file(
            &annex.dir,
            crate::tr!("check-folder-meeting", folder = &folder),
        ));
    } else if let Some(problem) = names::problem(&folder) {
        diags.push(Diagnostic::file(
            &annex.dir,
            crate::tr!("check-folder-name", problem = problem),
        ));
    }
    if !annex.has_meta_file {
        diags.push(Diagnostic::file(
            &annex.dir.join("_annex.yaml"),
            crate::tr!("check-no-annex-file"),
        ));
    }
    if let Some(meta) = &annex.meta {
        check_annex_meta(meta, diags);
        if annex.items.is_empty() && annex.unparsed == 0 {
            diags.push(meta.source.diag("", crate::tr!("check-no-items")));
        }
    }
    let mut by_seq: BTreeMap<u32, &Sourced<Item>> = BTreeMap::new();
    let mut by_title: BTreeMap<&str, &Sourced<Item>> = BTreeMap::new();
    for item in &annex.items {
        let title = item.value.title.trim();
        if let Some(first) = by_title.get(title).filter(|_| !title.is_empty()) {
            diags.push(
                item.source
                    .diag(
                        "title",
                        crate::tr!(
                            "check-title-twice",
                            title = title,
                            file = first.source.path.display().to_string()
                        ),
                    )
                    .warning()
                    .with_hint(crate::tr!("check-title-twice-hint")),
            );
        } else {
            by_title.insert(title, item);
        }
        check_item(item, years, diags);
        if item.source.stand_ins.iter().any(|p| p == "seq") {
            continue;
        }
        let seq = item.value.seq;
        if let Some(first) = by_seq.get(&seq) {
            diags.push(item.source.diag(
                "seq",
                crate::tr!(
                    "check-seq-taken",
                    seq = seq,
                    file = first.source.path.display().to_string()
                ),
            ));
        } else {
            by_seq.insert(seq, item);
        }
    }
    let seq_unknown = annex
        .items
        .iter()
        .any(|i| i.source.stand_ins.iter().any(|p| p == "seq"));
    if annex.unparsed > 0 || seq_unknown {
        return;
    }
    let n = by_seq.len() as u32;
    for (&seq, item) in &by_seq {
        if seq == 0 || seq > n {
            let missing: Vec<String> = (1..=n)
                .filter(|s| !by_seq.contains_key(s))
                .map(|s| s.to_string())
                .collect();
            let msg = if missing.is_empty() {
                crate::tr!("check-seq-range", seq = seq, count = n)
            } else {
                crate::tr!(
                    "check-seq-gap",
                    seq = seq,
                    count = n,
                    missing = crate::i18n::join(&missing)
                )
            };
            let slug = annex
                .dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            diags.push(
                item.source
                    .diag("seq", msg)
                    .with_hint(crate::tr!("check-seq-gap-hint", annex = slug)),
            );
        }
    }
}

fn check_item(item: &Sourced<Item>, years: Option<&[u16]>, diags: &mut Diagnostics) {
    let (v, s) = (&item.value, &item.source);
    require_text(s, "title", &v.title, diags);
    if !v.is_excluded() && !v.rows.is_empty() && v.rows.iter().all(|r| r.plans.0.is_empty()) {
        diags.push(
            s.diag("rows", crate::tr!("check-no-plans"))
                .warning()
                .with_hint(crate::tr!("check-no-plans-hint")),
        );
    }
    if v.rows.is_empty() {
        diags.push(s.diag("rows", crate::tr!("check-no-rows")));
    }
    if v.rows.len() > super::limits::MAX_ROWS {
        diags.push(s.diag(
            "rows",
            crate::tr!(
                "check-too-many-rows",
                rows = v.rows.len(),
                max = super::limits::MAX_ROWS
            ),
        ));
    }
    for (i, row) in v.rows.iter().enumerate() {
        let p = format!("rows[{i}]");
        require_text(s, &format!("{p}.content"), &row.content, diags);
        if v.is_excluded() {
            check_excluded_row(s, &p, row, diags);
        } else {
            check_row(s, &p, row, years, diags);
        }
    }
    if let Some(feedback) = &v.excluded {
        if feedback.is_empty() {
            diags.push(s.diag("excluded", crate::tr!("check-excluded-no-feedback")));
        }
        for (i, f) in feedback.iter().enumerate() {
            require_text(s, &format!("excluded[{i}].text"), &f.text, diags);
            if let Some(by) = &f.by {
                require_text(s, &format!("excluded[{i}].by"), by, diags);
            }
        }
    }
}

fn check_excluded_row(s: &Source, p: &str, row: &Row, diags: &mut Diagnostics) {
    let msg = crate::tr!("check-excluded-field");
    if !row.plans.0.is_empty() {
        diags.push(s.diag(&format!("{p}.plans"), msg.clone()));
    }
    for (name, present) in [
        ("due", row.due.is_some()),
        ("progress", row.progress.is_some()),
        ("lead_leader", row.lead_leader.is_some()),
        ("lead_dept", !row.lead_dept.is_empty()),
        ("support_depts", !row.support_depts.is_empty()),
    ] {
        if present {
            diags.push(s.diag(&format!("{p}.{name}"), msg.clone()));
        }
    }
}

fn check_row(s: &Source, p: &str, row: &Row, years: Option<&[u16]>, diags: &mut Diagnostics) {
    for (i, d) in row.support_depts.iter().enumerate() {
        if row.lead_dept.iter().any(|l| l.trim() == d.trim()) {
            diags.push(
                s.diag(
                    &format!("{p}.support_depts[{i}]"),
                    crate::tr!("check-lead-and-support", name = d.trim()),
                )
                .warning()
                .with_hint(crate::tr!("check-lead-and-support-hint", name = d.trim())),
            );
        }
    }
    for (name, value) in [
        ("due", &row.due),
        ("progress", &row.progress),
        ("lead_leader", &row.lead_leader),
    ] {
        if let Some(v) = value {
            require_text(s, &format!("{p}.{name}"), v, diags);
        }
    }
    if row.lead_dept.iter().all(|d| blank(d)) {
        diags.push(s.diag(&format!("{p}.lead_dept"), crate::tr!("check-no-lead-dept")));
    }
    for (i, d) in row.support_depts.iter().enumerate() {
        require_text(s, &format!("{p}.support_depts[{i}]"), d, diags);
    }
    for (i, plan) in row.plans.0.iter().enumerate() {
        let path = format!("{p}.plans.{}", plan.key);
        require_text(s, &path, &plan.text, diags);
        if plan.span.first > plan.span.last {
            let (first, last) = (plan.span.first, plan.span.last);
            // `2024-25`: the later year shortened to its last digits, not a range backwards.
            let d = if first >= 1000 && last < 100 && first % 100 < last {
                let full = format!("{first}-{}", first / 100 * 100 + last);
                s.diag(&path, crate::tr!("check-range-short", range = &plan.key))
                    .with_hint(crate::tr!(
                        "hint-change",
                        from = plan.key.as_str(),
                        to = full.as_str()
                    ))
            } else {
                s.diag(
                    &path,
                    crate::tr!("check-range-backwards", range = &plan.key),
                )
            };
            diags.push(d);
            continue;
        }
        if let Some(years) = years {
            let outside: Vec<String> = (plan.span.first..=plan.span.last)
                .filter(|y| !years.contains(y))
                .map(|y| y.to_string())
                .collect();
            if !outside.is_empty() {
                diags.push(s.diag(
                    &path,
                    crate::tr!(
                        "check-not-a-plan-year",
                        outside = crate::i18n::join(&outside),
                        years = crate::i18n::join(
                            &years
                                .iter()
                                .map(std::string::ToString::to_string)
                                .collect::<Vec<_>>()
                        )
                    ),
                ));
            }
        }
        for earlier in &row.plans.0[..i] {
            if earlier.span.overlaps(&plan.span) {
                diags.push(s.diag(
                    &path,
                    crate::tr!("check-plan-overlap", range = &earlier.key),
                ));
            }
        }
    }
}

/// Marks that separate several names: an entry holding one is probably several departments.
pub(crate) const SEPARATORS: &[char] = &['、', '，', ',', ';', '；', '/', '／'];

/// Every department named by an item: on the meeting's list when there is one (with a
/// suggestion for a near miss), and one department per entry.
fn check_departments(
    item: &Sourced<Item>,
    known: &[String],
    files: &mut BTreeMap<String, (String, Diagnostic)>,
    diags: &mut Diagnostics,
) {
    let (v, s) = (&item.value, &item.source);
    let mut named: Vec<(String, &str)> = Vec::new();
    for (i, row) in v.rows.iter().enumerate() {
        for (j, d) in row.lead_dept.iter().enumerate() {
            let path = if row.lead_dept.len() == 1 {
                format!("rows[{i}].lead_dept")
            } else {
                format!("rows[{i}].lead_dept[{j}]")
            };
            named.push((path, d));
        }
        for (j, d) in row.support_depts.iter().enumerate() {
            named.push((format!("rows[{i}].support_depts[{j}]"), d));
        }
    }
    for (i, f) in v.excluded.iter().flatten().enumerate() {
        if let Some(by) = &f.by {
            named.push((format!("excluded[{i}].by"), by));
        }
    }
    for (path, name) in named {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if NOT_A_DEPARTMENT.contains(&name) {
            continue;
        }
        if let Some(problem) = names::problem(name) {
            diags.push(s.diag(
                &path,
                crate::tr!("check-department-name", name = name, problem = problem),
            ));
            continue;
        }
        if let Some(d) = same_file(
            files,
            name,
            s.diag(&path, ""),
            SameFile::Department,
            names::department_workbook,
        ) {
            diags.push(d);
            continue;
        }
        if name.contains(SEPARATORS) {
            let parts: Vec<&str> = name
                .split(SEPARATORS)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            diags.push(
                s.diag(&path, crate::tr!("check-several-departments", name = name))
                    .warning()
                    .with_hint(crate::tr!(
                        "check-several-departments-hint",
                        name = name,
                        list = if path.ends_with(']') || s.locator.has(&format!("{path}[0]")) {
                            // An entry of a list: the names become entries of that list.
                            parts.join(", ")
                        } else {
                            format!("[{}]", parts.join(", "))
                        }
                    )),
            );
            continue;
        }
        if known.is_empty() || known.iter().any(|k| k == name) {
            continue;
        }
        let mut d = s.diag(&path, crate::tr!("check-unknown-department", name = name));
        match closest(name, known) {
            Some(best) => d = d.with_hint(crate::tr!("check-did-you-mean", name = best)),
            None => {
                d = d.with_hint(crate::tr!("check-new-department-hint"));
            }
        }
        diags.push(d);
    }
}

/// Entries that say "none" where a department would stand (the seed's 配合部门 无): no
/// department, no workbook.
pub const NOT_A_DEPARTMENT: &[&str] = &["无", "暂无", "—", "/"];

/// What two names that would make the same file are.
#[derive(Clone, Copy)]
enum SameFile {
    /// Annex folders.
    Folder,
    /// Departments (their workbooks).
    Department,
}

/// Records `name` written at `here`; when another spelling of the same file name was seen
/// before (`ABC` and `abc`, `ＡＢＣ`), the error naming both places.
fn same_file(
    seen: &mut BTreeMap<String, (String, Diagnostic)>,
    name: &str,
    here: Diagnostic,
    what: SameFile,
    file: impl Fn(&str) -> String,
) -> Option<Diagnostic> {
    let key = names::fold(name);
    match seen.get(&key) {
        Some((first, _)) if first == name => None,
        Some((first, at)) => {
            let place = if at.line > 0 {
                format!("{}:{}", at.file.display(), at.line)
            } else {
                at.file.display().to_string()
            };
            let mut d = here;
            let id = match what {
                SameFile::Folder => "check-same-file-folder",
                SameFile::Department => "check-same-file-department",
            };
            d.message = crate::i18n::message(
                id,
                &[
                    ("name", name.into()),
                    ("first", first.as_str().into()),
                    ("place", place.into()),
                    ("file", file(name).into()),
                ],
            );
            Some(d)
        }
        None => {
            seen.insert(key, (name.to_string(), here));
            None
        }
    }
}

/// The known department closest to `name`, when it is a near miss: one character off for a
/// name of up to three characters, two for a longer one (edit distance over characters).
fn closest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(name, k), k))
        .filter(|(dist, k)| *dist <= if k.chars().count() <= 3 { 1 } else { 2 })
        .min_by_key(|(dist, _)| *dist)
        .map(|(_, k)| k.as_str())
}

#[cfg(test)]
mod tests {
    use super::note_number;

    #[test]
    fn a_note_starting_with_its_number_is_recognised() {
        for (text, rest) in [
            ("1、在《…》中", "在《…》中"),
            ("2. 永安市", "永安市"),
            ("（3）说明", "说明"),
            ("(4)说明", "说明"),
            ("⑤ 说明", "说明"),
            ("12．说明", "说明"),
        ] {
            let n = note_number(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(&text[n..], rest);
        }
        for text in ["2023年年内完成", "1", "永安市提出", "（注）"] {
            assert_eq!(note_number(text), None, "{text}");
        }
    }
}
