//! `huibao renumber [ANNEX]`: an annex's items numbered 1, 2, 3… again, after an item file
//! was deleted.

use super::{Failure, Outcome};
use crate::content::renumber;
use std::path::Path;

/// `huibao renumber`: renumbers `annex` (or every annex) and says what it changed.
pub fn renumber(content: &Path, annex: Option<&str>) -> Result<Outcome, Failure> {
    let folder = crate::transaction::Folder::open(content).map_err(Failure::Other)?;
    let moves = renumber::plan(content, annex, None).map_err(Failure::Other)?;
    if moves.is_empty() {
        return Ok(Outcome::from(crate::tr!("renumber-nothing")));
    }
    renumber::apply(&folder, &moves, None).map_err(Failure::Other)?;
    Ok(Outcome::from(moved_lines(&moves)))
}

/// One line per file: `content/yongan/03-x.yaml → 02-x.yaml: seq 3 → 2`, then a count.
pub(crate) fn moved_lines(moves: &[renumber::Move]) -> String {
    let mut lines: Vec<String> = moves
        .iter()
        .map(|m| {
            let file = crate::diag::shown(&m.from);
            if m.from == m.to {
                crate::tr!(
                    "renumber-moved",
                    file = file,
                    old = m.old_seq,
                    new = m.new_seq
                )
            } else {
                let to = crate::diag::shown(Path::new(m.to.file_name().unwrap_or_default()));
                crate::tr!(
                    "renumber-moved-renamed",
                    file = file,
                    to = to,
                    old = m.old_seq,
                    new = m.new_seq
                )
            }
        })
        .collect();
    lines.push(crate::tr!("renumber-summary", count = moves.len()));
    lines.join("\n")
}
