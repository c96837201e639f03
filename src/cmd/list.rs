//! `huibao list`: annexes, items, rows and exclusions as a terminal table.

use super::{Failure, Outcome, format_table};
use crate::content;
use crate::diag::escape_controls;
use std::fmt::Write as _;
use std::path::Path;

/// `huibao list`: a terminal table of annexes, items, rows and exclusions.
pub fn list(content_dir: &Path) -> Result<Outcome, Failure> {
    let project = content::load(content_dir)?;
    let mut out = String::new();
    for annex in &project.annexes {
        let meta = &annex.meta.value;
        let rows: usize = annex.items.iter().map(|i| i.value.rows.len()).sum();
        let excluded = annex.items.iter().filter(|i| i.value.is_excluded()).count();
        // Writing to a String cannot fail.
        let _ = writeln!(
            out,
            "{}",
            crate::tr!(
                "list-annex",
                number = meta.number,
                partner = escape_controls(&meta.partner),
                folder = crate::diag::shown(&annex.dir),
                items = annex.items.len(),
                rows = rows,
                excluded = excluded
            )
        );
        let mut table = vec![vec![
            "序号".to_string(),
            "事项".to_string(),
            "行".to_string(),
            "状态".to_string(),
            "文件".to_string(),
        ]];
        for item in &annex.items {
            let v = &item.value;
            table.push(vec![
                v.seq.to_string(),
                escape_controls(&v.title).to_string(),
                v.rows.len().to_string(),
                if v.is_excluded() {
                    "不纳入"
                } else {
                    "纳入"
                }
                .to_string(),
                item.source
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            ]);
        }
        out.push_str(&format_table(&table));
        out.push('\n');
    }
    out.push_str(&project.summary());
    Ok(Outcome {
        message: out,
        warnings: project.warnings,
        ..Outcome::default()
    })
}
