//! Stage 2: render. Tera templates turn the content into XHTML markup, which is parsed into
//! the [`crate::document::Document`] model the writers consume.

pub mod context;
pub mod filters;
pub mod guard;
pub mod markup;
mod recursion;

use crate::content::Project;
use crate::diag::Failure;
use crate::document::Document;
use crate::theme::Theme;
use context::AnnexCtx;

/// A rendered template: its markup (written as `.html` for inspection) and its document.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The output file stem (`meeting`, or the annex folder name).
    pub stem: String,
    /// The XHTML the template produced.
    pub markup: String,
    /// The parsed document.
    pub document: Document,
}

/// The report and each annex, rendered.
#[derive(Debug, Clone)]
pub struct RenderedProject {
    /// The report.
    pub report: Rendered,
    /// Each annex with its number and title.
    pub annexes: Vec<(AnnexHeading, Rendered)>,
}

/// What the writers need of an annex's context once it is rendered: its number and title
/// (for bookmarks, sheet names and file metadata), not the items the template read.
#[derive(Debug, Clone)]
pub struct AnnexHeading {
    /// 附件 number.
    pub number: u32,
    /// Full table title.
    pub title: String,
}

/// Renders the Tera expressions in the content's prose (no templates needed), so that
/// `huibao check` reports a broken expression with its file, line and field.
pub fn check_prose(project: &Project) -> Result<(), Failure> {
    let mut tera = tera::Tera::default();
    filters::register(&mut tera);
    guard::register(&mut tera);
    context::build(project, &mut tera)?;
    Ok(())
}

fn new_tera(theme: &Theme) -> Result<tera::Tera, Failure> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    filters::register(&mut tera);
    guard::register(&mut tera);
    for (key, t) in [("report.html", &theme.report), ("annex.html", &theme.annex)] {
        guard::check_nesting(&t.text).map_err(|e| Failure::Other(format!("{}: {e}", t.name)))?;
        tera.add_raw_template(key, &t.text)
            .map_err(|e| Failure::Other(format!("{}: {}", t.name, context::error_chain(&e))))?;
    }
    recursion::check(&tera).map_err(Failure::Other)?;
    Ok(tera)
}

fn render_one(
    tera: &tera::Tera,
    key: &str,
    name: &str,
    ctx: &tera::Context,
    theme: &Theme,
    stem: String,
) -> Result<Rendered, Failure> {
    let markup = tera
        .render(key, ctx)
        .map_err(|e| Failure::Other(format!("{name}: {}", context::error_chain(&e))))?;
    let document = markup::parse(&markup, name, &theme.style).map_err(Failure::Other)?;
    Ok(Rendered {
        stem,
        markup,
        document,
    })
}

/// Renders the report and every annex.
pub fn render(project: &Project, theme: &Theme) -> Result<RenderedProject, Failure> {
    let mut tera = new_tera(theme)?;
    let ctx = context::build(project, &mut tera)?;
    // The report (its context is the whole project) beside the annexes, each with a context
    // of its own, on every core; the first failure in that order is reported.
    let report = || -> Result<Rendered, Failure> {
        let base = tera::Context::from_serialize(&ctx)
            .map_err(|e| Failure::Other(crate::tr!("render-context", detail = e.to_string())))?;
        render_one(
            &tera,
            "report.html",
            &theme.report.name,
            &base,
            theme,
            "meeting".into(),
        )
    };
    let annex = |annex: &AnnexCtx| -> Result<Rendered, Failure> {
        let mut local = tera::Context::new();
        local.insert("years", &ctx.years);
        local.insert("meeting", &ctx.meeting);
        local.insert("annex", annex);
        render_one(
            &tera,
            "annex.html",
            &theme.annex.name,
            &local,
            theme,
            annex.slug.clone(),
        )
    };
    let parts: Vec<Option<&AnnexCtx>> = std::iter::once(None)
        .chain(ctx.annexes.iter().map(Some))
        .collect();
    let mut rendered = crate::parallel::map_in_order(&parts, |part| match part {
        None => report(),
        Some(a) => annex(a),
    })
    .into_iter();
    let report = rendered.next().ok_or_else(|| {
        Failure::Other(crate::tr!(
            "internal-error",
            detail = "the report was not rendered"
        ))
    })??;
    let annexes = ctx
        .annexes
        .iter()
        .zip(rendered)
        .map(|(a, r)| {
            let heading = AnnexHeading {
                number: a.number,
                title: a.title.clone(),
            };
            r.map(|r| (heading, r))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(RenderedProject { report, annexes })
}
