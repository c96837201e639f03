//! The template context: the content plus what templates need and should not compute (counts,
//! plan cells with their column spans, feedback lines).

use crate::content::model::{Feedback, Row};
use crate::content::{Annex, Project};
use crate::diag::Diagnostics;
use serde::Serialize;

/// Everything a template sees.
#[derive(Debug, Serialize)]
pub struct Context {
    /// `meeting.yaml`, prose rendered.
    pub meeting: MeetingCtx,
    /// The plan years (table columns).
    pub years: Vec<u16>,
    /// The annexes, by number.
    pub annexes: Vec<AnnexCtx>,
}

/// The report's fields.
#[derive(Debug, Serialize)]
pub struct MeetingCtx {
    /// 第21次局长办公会.
    pub meeting: String,
    /// 会议材料之6.
    pub material: String,
    /// The title.
    pub title: String,
    /// The presenting office.
    pub presenter: String,
    /// Paragraphs before section 一.
    pub background: Vec<String>,
    /// Heading of section 一.
    pub overview_heading: String,
    /// Paragraphs of section 一.
    pub overview: Vec<String>,
    /// Heading of section 二.
    pub progress_heading: String,
    /// The closing line.
    pub closing: String,
}

/// One annex with its counts.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexCtx {
    /// 附件 number.
    pub number: u32,
    /// The annex folder's name (used for output file names).
    pub slug: String,
    /// The partner.
    pub partner: String,
    /// Full table title.
    pub title: String,
    /// The report's name for the table.
    pub short_title: String,
    /// The report's section heading.
    pub heading: String,
    /// Paragraphs of the report section.
    pub report: Vec<String>,
    /// 注 lines.
    pub notes: Vec<String>,
    /// The plan years.
    pub years: Vec<u16>,
    /// Number of items.
    pub item_count: usize,
    /// Number of content rows over all items.
    pub row_count: usize,
    /// Items kept in the plan.
    pub included_count: usize,
    /// Items left out.
    pub excluded_count: usize,
    /// Titles of the items left out.
    pub excluded_titles: Vec<String>,
    /// The items, by seq.
    pub items: Vec<ItemCtx>,
}

/// One item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemCtx {
    /// 序号.
    pub seq: u32,
    /// 事项.
    pub title: String,
    /// Left out of the plan.
    pub excluded: bool,
    /// Feedback lines, `环保处反馈：…`.
    pub feedback: Vec<String>,
    /// Number of rows (the rowspan of 序号 and 事项).
    pub row_count: usize,
    /// The rows.
    pub rows: Vec<RowCtx>,
}

/// One content row.
#[derive(Debug, Clone, Serialize)]
pub struct RowCtx {
    /// 对口合作交流内容.
    pub content: String,
    /// 预计完成时间.
    pub due: String,
    /// One cell per plan, spanning its years; empty years get an empty cell.
    pub plan_cells: Vec<PlanCell>,
    /// 事项推进情况.
    pub progress: String,
    /// 牵头领导.
    pub lead_leader: String,
    /// 牵头部门.
    pub lead_dept: String,
    /// 配合部门 as a list.
    pub support_depts: Vec<String>,
    /// 配合部门 joined with 、.
    pub support: String,
}

/// A plan cell of a row.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCell {
    /// The plan text (empty for a year without plan).
    pub text: String,
    /// Year columns spanned.
    pub colspan: usize,
}

/// Cells for the year columns: a plan over several years is one cell spanning them.
pub fn plan_cells(row: &Row, years: &[u16]) -> Vec<PlanCell> {
    let mut cells = Vec::with_capacity(years.len());
    let mut i = 0;
    while i < years.len() {
        let y = years[i];
        match row
            .plans
            .0
            .iter()
            .find(|p| p.span.first <= y && y <= p.span.last)
        {
            Some(plan) => {
                let span = years[i..]
                    .iter()
                    .take_while(|&&y2| y2 <= plan.span.last)
                    .count();
                cells.push(PlanCell {
                    text: text(&plan.text),
                    colspan: span,
                });
                i += span;
            }
            None => {
                cells.push(PlanCell {
                    text: String::new(),
                    colspan: 1,
                });
                i += 1;
            }
        }
    }
    cells
}

fn feedback_line(f: &Feedback) -> String {
    match &f.by {
        Some(by) => format!("{}反馈：{}", text(by), text(&f.text)),
        None => text(&f.text),
    }
}

/// Departments as one cell: each as content text, joined with 、.
fn joined(list: &[String]) -> String {
    list.iter().map(|s| text(s)).collect::<Vec<_>>().join("、")
}

fn opt(s: &Option<String>) -> String {
    text(s.as_deref().unwrap_or(""))
}

/// Content text for the markup: trimmed, its own line breaks (a YAML `|` block) marked so
/// that they survive as forced breaks when template whitespace is removed.
pub fn text(s: &str) -> String {
    s.trim().replace('\n', "\u{2028}")
}

fn annex_ctx(annex: &Annex, years: &[u16]) -> AnnexCtx {
    let meta = &annex.meta.value;
    let items: Vec<ItemCtx> = annex
        .items
        .iter()
        .map(|i| {
            let v = &i.value;
            ItemCtx {
                seq: v.seq,
                title: text(&v.title),
                excluded: v.is_excluded(),
                feedback: v.excluded.iter().flatten().map(feedback_line).collect(),
                row_count: v.rows.len(),
                rows: v
                    .rows
                    .iter()
                    .map(|r| RowCtx {
                        content: text(&r.content),
                        due: opt(&r.due),
                        plan_cells: plan_cells(r, years),
                        progress: opt(&r.progress),
                        lead_leader: opt(&r.lead_leader),
                        lead_dept: joined(&r.lead_dept),
                        support_depts: r.support_depts.iter().map(|s| text(s)).collect(),
                        support: joined(&r.support_depts),
                    })
                    .collect(),
            }
        })
        .collect();
    let excluded: Vec<&ItemCtx> = items.iter().filter(|i| i.excluded).collect();
    AnnexCtx {
        number: meta.number,
        slug: annex
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default(),
        partner: text(&meta.partner),
        title: text(&meta.title),
        short_title: text(&meta.short_title),
        heading: text(&meta.heading),
        report: meta.report.clone(),
        notes: meta.notes.clone(),
        years: years.to_vec(),
        item_count: items.len(),
        row_count: items.iter().map(|i| i.row_count).sum(),
        included_count: items.len() - excluded.len(),
        excluded_count: excluded.len(),
        excluded_titles: excluded.iter().map(|i| i.title.clone()).collect(),
        items,
    }
}

/// Builds the context; prose fields are rendered as Tera templates themselves (so that
/// `{{ annex.item_count | zh_num }}` in a paragraph follows the content). A prose string that
/// does not render is reported against its content file and field.
pub fn build(project: &Project, tera: &mut tera::Tera) -> Result<Context, Diagnostics> {
    let m = &project.meeting.value;
    let years = m.years.clone();
    let mut annexes: Vec<AnnexCtx> = project
        .annexes
        .iter()
        .map(|a| annex_ctx(a, &years))
        .collect();
    let mut base = tera::Context::new();
    base.insert("years", &years);
    base.insert("annexes", &annexes);
    base.insert("meeting", m);
    let mut diags = Diagnostics::default();
    let mut prose =
        |raw: &str, ctx: &tera::Context, source: &crate::content::load::Source, path: &str| {
            let raw = raw.trim();
            if !raw.contains("{{") && !raw.contains("{%") {
                return text(raw);
            }
            if let Err(msg) = super::guard::check_prose(raw) {
                diags.push(source.diag(path, msg));
                return text(raw);
            }
            match tera.render_str(raw, ctx) {
                Ok(s) if s.chars().count() > super::guard::MAX_PROSE_OUTPUT => {
                    diags.push(source.diag(
                        path,
                        crate::tr!("render-too-long", max = super::guard::MAX_PROSE_OUTPUT),
                    ));
                    text(raw)
                }
                Ok(s) => text(&s),
                Err(e) => {
                    diags.push(source.diag(
                        path,
                        crate::tr!("render-expression", detail = prose_error(&e)),
                    ));
                    text(raw)
                }
            }
        };
    let ms = &project.meeting.source;
    let background = m
        .background
        .iter()
        .enumerate()
        .map(|(i, p)| prose(p, &base, ms, &format!("background[{i}]")))
        .collect();
    let overview = m
        .overview
        .iter()
        .enumerate()
        .map(|(i, p)| prose(p, &base, ms, &format!("overview[{i}]")))
        .collect();
    for (ctx, annex) in annexes.iter_mut().zip(&project.annexes) {
        // An annex's prose sees its own annex, not every other annex's items.
        let mut local = tera::Context::new();
        local.insert("years", &years);
        local.insert("meeting", m);
        local.insert("annex", ctx);
        let src = &annex.meta.source;
        ctx.report = ctx
            .report
            .iter()
            .enumerate()
            .map(|(i, p)| prose(p, &local, src, &format!("report[{i}]")))
            .collect();
        ctx.notes = ctx
            .notes
            .iter()
            .enumerate()
            .map(|(i, p)| {
                // A number typed with the note's text is left out: the template numbers them
                // (warned about at load).
                let p = crate::content::validate::note_number(p).map_or(p.as_str(), |n| &p[n..]);
                prose(p, &local, src, &format!("notes[{i}]"))
            })
            .collect();
    }
    if !diags.is_empty() {
        diags.sort();
        return Err(diags);
    }
    Ok(Context {
        meeting: MeetingCtx {
            meeting: text(&m.meeting),
            material: text(&m.material),
            title: text(&m.title),
            presenter: text(&m.presenter),
            background,
            overview_heading: text(&m.overview_heading),
            overview,
            progress_heading: text(&m.progress_heading),
            closing: text(&m.closing),
        },
        years,
        annexes,
    })
}

/// A prose string's Tera error: Tera names the one-off template `__tera_one_off` (or
/// `prose`); the field the diagnostic names says where.
pub fn prose_error(e: &dyn std::error::Error) -> String {
    let chain = error_chain(e);
    let separator = crate::tr!("cause-separator");
    let one_off = [
        crate::tr!("tera-failed-render", name = "__tera_one_off") + &separator,
        crate::tr!("tera-failed-parse", name = "prose") + &separator,
    ];
    one_off
        .iter()
        .fold(chain, |chain, prefix| chain.replace(prefix.as_str(), ""))
}

/// Tera's error with all its causes, which carry the line and what went wrong, each in the
/// user's words where Tera's wording is known.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![tera_in_words(&e.to_string())];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(tera_in_words(&s.to_string()));
        source = s.source();
    }
    parts.join(&crate::tr!("cause-separator"))
}

/// One of Tera's English messages as a catalog message (the parser's own report, with its
/// picture of the line, stays as it is).
fn tera_in_words(message: &str) -> String {
    // Tera's wording: a prefix, the name in quotes, then what must follow it (`None`: any
    // further context, which is kept).
    const KNOWN: [(&str, Option<&str>, &str); 8] = [
        ("Failed to render '", None, "tera-failed-render"),
        ("Failed to parse '", None, "tera-failed-parse"),
        ("Template '", Some(" not found"), "tera-template-missing"),
        ("Filter call '", Some(" failed"), "tera-filter-failed"),
        ("Filter '", Some(" not found"), "tera-filter-missing"),
        ("Test '", Some(" not found"), "tera-test-missing"),
        ("Function call '", Some(" failed"), "tera-function-failed"),
        ("Function '", Some(" not found"), "tera-function-missing"),
    ];
    for (prefix, suffix, id) in KNOWN {
        let Some((name, after)) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once('\''))
        else {
            continue;
        };
        if suffix.is_none_or(|s| s == after) {
            let words = crate::i18n::message(id, &[("name", name.into())]);
            return if suffix.is_none() {
                words + after
            } else {
                words
            };
        }
    }
    let quoted = |prefix: &str, quote: char| -> Option<(String, String)> {
        let rest = message.strip_prefix(prefix)?.strip_prefix(quote)?;
        let (name, after) = rest.split_once(quote)?;
        Some((name.to_string(), after.to_string()))
    };
    if let Some((name, rest)) = quoted("Variable ", '`')
        && let Some(rest) = rest.strip_prefix(" not found in context while rendering ")
    {
        let template = rest.trim_matches('\'');
        if template == "__tera_one_off" {
            return crate::tr!("tera-variable-unknown", name = name);
        }
        if !template.contains('\'') {
            return crate::tr!("tera-variable-missing", name = name, template = template);
        }
    }
    message.to_string()
}
