//! `huibao build`: validate, render and write every output.

use super::{Environment, Failure, Outcome, options};
use std::fmt::Write as _;
use std::path::Path;

/// `huibao build`: writes every output; returns what it did and the warnings found.
pub fn build(
    content: &Path,
    templates: Option<&Path>,
    output: &Path,
    timings: bool,
    deny_warnings: bool,
    env: Environment,
) -> Result<Outcome, Failure> {
    let mut opts = options(content, templates, output, env)?;
    let bar = env.progress_bar.then(|| {
        let (bar, progress) = super::progress_bar::Bar::start();
        opts.progress = progress;
        bar
    });
    let opts = &opts;
    crate::pipeline::check_output_folder(
        &opts.output,
        &[("content", &opts.content), ("templates", &opts.templates)],
    )?;
    let report = crate::pipeline::build(opts, |warnings| {
        if deny_warnings && !warnings.is_empty() {
            return Err(Failure::Denied(warnings.clone()));
        }
        Ok(())
    })?;
    drop(bar);
    let mut out = String::new();
    for p in &report.written {
        let _ = writeln!(
            out,
            "{}",
            crate::tr!("build-wrote", file = crate::diag::shown(p))
        );
    }
    for p in &report.removed {
        let _ = writeln!(
            out,
            "{}",
            crate::tr!("build-removed", file = crate::diag::shown(p))
        );
    }
    let _ = write!(
        out,
        "{}",
        crate::tr!(
            "build-summary",
            written = report.written.len(),
            unchanged = report.unchanged.len(),
            folder = opts.output.display().to_string()
        )
    );
    let _ = write!(out, "\n{}", report.fonts);
    if timings {
        let stages: Vec<String> = report
            .timings
            .stages()
            .iter()
            .map(|(name, d)| {
                crate::tr!(
                    "build-stage-time",
                    stage = crate::i18n::message(&format!("stage-{}", name.replace(' ', "-")), &[]),
                    ms = format!("{:.0}", d.as_secs_f64() * 1000.0)
                )
            })
            .collect();
        let _ = write!(out, "\n{}", crate::i18n::join(&stages));
    }
    Ok(Outcome {
        message: out,
        warnings: report.warnings,
        ..Outcome::default()
    })
}
