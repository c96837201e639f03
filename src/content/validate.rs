//! Semantic checks: what YAML types cannot say (sequence numbers, plan years, blank text).

use super::load::{RawAnnex, RawProject, Source, Sourced};
use super::model::{AnnexMeta, Item, Meeting, Row};
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;

/// Runs every check on what parsed, adding problems to `diags`.
pub fn validate(raw: &RawProject, diags: &mut Diagnostics) {
    let years = raw.meeting.as_ref().map(|m| {
        check_meeting(m, diags);
        m.value.years.clone()
    });
    let mut numbers: BTreeMap<u32, &Source> = BTreeMap::new();
    for annex in &raw.annexes {
        check_annex(annex, years.as_deref(), diags);
        if let Some(meta) = &annex.meta {
            if let Some(first) = numbers.get(&meta.value.number) {
                diags.push(meta.source.diag(
                    "number",
                    format!(
                        "附件 number {} is already used by {}",
                        meta.value.number,
                        first.path.display()
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
        diags.push(source.diag(path, "must not be blank"));
    }
}

fn require_paragraphs(source: &Source, path: &str, list: &[String], diags: &mut Diagnostics) {
    for (i, p) in list.iter().enumerate() {
        require_text(source, &format!("{path}[{i}]"), p, diags);
    }
}

fn check_meeting(m: &Sourced<Meeting>, diags: &mut Diagnostics) {
    let (v, s) = (&m.value, &m.source);
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
        diags.push(s.diag(
            "years",
            "list at least one plan year, e.g. [2023, 2024, 2025]",
        ));
    }
    for (i, y) in v.years.iter().enumerate() {
        if !(1900..=2200).contains(y) {
            diags.push(s.diag(
                &format!("years[{i}]"),
                format!("{y} is not a plausible year"),
            ));
        }
        if i > 0 && *y <= v.years[i - 1] {
            diags.push(s.diag(
                &format!("years[{i}]"),
                "years must be listed in increasing order without repeats",
            ));
        }
    }
    if let Some(date) = &v.date {
        if crate::date::parse_ymd(date).is_none() {
            diags.push(s.diag("date", format!("`{date}` is not a date like 2023-09-01")));
        }
    }
}

fn check_annex_meta(meta: &Sourced<AnnexMeta>, diags: &mut Diagnostics) {
    let (v, s) = (&meta.value, &meta.source);
    if v.number == 0 {
        diags.push(s.diag("number", "附件 numbers start at 1"));
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
}

fn check_annex(annex: &RawAnnex, years: Option<&[u16]>, diags: &mut Diagnostics) {
    // Output files are named after the folder; `meeting` is the full material's name.
    if annex.dir.file_name().is_some_and(|n| n == "meeting") {
        diags.push(Diagnostic::file(
            &annex.dir,
            "an annex folder cannot be called `meeting`: its files would overwrite meeting.pdf; rename the folder",
        ));
    }
    if !annex.has_meta_file {
        diags.push(Diagnostic::file(
            &annex.dir.join("_annex.yaml"),
            "missing: every annex folder needs _annex.yaml (number, partner, title, short_title, heading, report, notes)",
        ));
    }
    if let Some(meta) = &annex.meta {
        check_annex_meta(meta, diags);
        if annex.items.is_empty() && annex.unparsed == 0 {
            diags.push(meta.source.diag(
                "",
                "this annex has no items: add one YAML file per cooperation item beside _annex.yaml",
            ));
        }
    }
    let mut by_seq: BTreeMap<u32, &Sourced<Item>> = BTreeMap::new();
    for item in &annex.items {
        check_item(item, years, diags);
        let seq = item.value.seq;
        if let Some(first) = by_seq.get(&seq) {
            diags.push(item.source.diag(
                "seq",
                format!(
                    "seq {seq} is already used by {}",
                    first.source.path.display()
                ),
            ));
        } else {
            by_seq.insert(seq, item);
        }
    }
    if annex.unparsed > 0 {
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
                format!("seq {seq} is out of range: numbers run 1..{n}")
            } else {
                format!(
                    "seq {seq} leaves a gap: numbers run 1..{n} and no item has seq {}",
                    missing.join(", ")
                )
            };
            diags.push(item.source.diag("seq", msg));
        }
    }
}

fn check_item(item: &Sourced<Item>, years: Option<&[u16]>, diags: &mut Diagnostics) {
    let (v, s) = (&item.value, &item.source);
    require_text(s, "title", &v.title, diags);
    if v.rows.is_empty() {
        diags.push(s.diag("rows", "an item needs at least one row (content: …)"));
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
            diags.push(s.diag(
                "excluded",
                "an excluded item needs at least one department's feedback ({by: 环保处, text: …})",
            ));
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
    let msg =
        "an excluded item has only content in its rows: remove this field or the item's `excluded`";
    if !row.plans.0.is_empty() {
        diags.push(s.diag(&format!("{p}.plans"), msg));
    }
    for (name, present) in [
        ("due", row.due.is_some()),
        ("progress", row.progress.is_some()),
        ("lead_leader", row.lead_leader.is_some()),
        ("lead_dept", row.lead_dept.is_some()),
        ("support_depts", !row.support_depts.is_empty()),
    ] {
        if present {
            diags.push(s.diag(&format!("{p}.{name}"), msg));
        }
    }
}

fn check_row(s: &Source, p: &str, row: &Row, years: Option<&[u16]>, diags: &mut Diagnostics) {
    for (name, value) in [
        ("due", &row.due),
        ("progress", &row.progress),
        ("lead_leader", &row.lead_leader),
    ] {
        if let Some(v) = value {
            require_text(s, &format!("{p}.{name}"), v, diags);
        }
    }
    match &row.lead_dept {
        Some(d) => require_text(s, &format!("{p}.lead_dept"), d, diags),
        None => diags.push(s.diag(&format!("{p}.lead_dept"), "missing: name the 牵头部门")),
    }
    for (i, d) in row.support_depts.iter().enumerate() {
        require_text(s, &format!("{p}.support_depts[{i}]"), d, diags);
    }
    for (i, plan) in row.plans.0.iter().enumerate() {
        let path = format!("{p}.plans.{}", plan.key);
        require_text(s, &path, &plan.text, diags);
        if plan.span.first > plan.span.last {
            diags.push(s.diag(&path, format!("range {} runs backwards", plan.key)));
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
                    format!(
                        "{} is not a plan year of meeting.yaml (years: {})",
                        outside.join(", "),
                        years
                            .iter()
                            .map(|y| y.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        for earlier in &row.plans.0[..i] {
            if earlier.span.overlaps(&plan.span) {
                diags.push(s.diag(
                    &path,
                    format!(
                        "overlaps the plan for {}: each year has one plan",
                        earlier.key
                    ),
                ));
            }
        }
    }
}
