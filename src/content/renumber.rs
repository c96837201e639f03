//! Numbering an annex's items 1, 2, 3… again: after an item file was deleted (`huibao
//! renumber`), or to make room for a new item at a given place (`huibao new --at N`). Each
//! file whose number changes gets its `seq:` value changed in place (every other byte kept)
//! and, when its name starts with its old number (`03-环保宣传.yaml`, as `huibao new` names
//! files), that prefix too; all files of the content folder change together or none does.

use super::load::{self, RawAnnex};
use crate::diag::Diagnostics;
use crate::transaction::{Change, Folder, Permissions};
use std::path::{Path, PathBuf};

/// One item file's new number, and its new name when the name carries the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// The file now.
    pub from: PathBuf,
    /// Its name after (the same when the name does not carry the number).
    pub to: PathBuf,
    /// Its `seq` now.
    pub old_seq: u32,
    /// Its `seq` after.
    pub new_seq: u32,
    /// Its text after.
    pub text: String,
}

/// The moves that number the items of `annex` (a folder under `root`; every annex when None)
/// 1, 2, 3… in their present order (by `seq`, then file name), leaving out `hole` (a number
/// kept free for a new item). Refused while an item file does not parse or has no number:
/// renumbering would guess its place.
pub fn plan(root: &Path, annex: Option<&str>, hole: Option<u32>) -> Result<Vec<Move>, String> {
    let raw = load::parse_tree(root, &mut Diagnostics::default());
    let Some(annex) = annex else {
        let mut moves = Vec::new();
        for found in &raw.annexes {
            moves.extend(annex_moves(found, hole)?);
        }
        refuse_taken_names(&moves)?;
        return Ok(moves);
    };
    let dir = crate::paths::inside(root, annex)?;
    let Some(found) = raw.annexes.iter().find(|a| a.dir == dir) else {
        return Err(crate::tr!(
            "new-no-annex",
            folder = dir.display().to_string(),
            annex = annex
        ));
    };
    let moves = annex_moves(found, hole)?;
    refuse_taken_names(&moves)?;
    Ok(moves)
}

/// The moves of one annex's items (see [`plan`]).
fn annex_moves(found: &RawAnnex, hole: Option<u32>) -> Result<Vec<Move>, String> {
    refuse_unparsed(found)?;
    let mut items: Vec<_> = found.items.iter().collect();
    items.sort_by(|a, b| (a.value.seq, &a.source.path).cmp(&(b.value.seq, &b.source.path)));
    let mut moves = Vec::new();
    let mut next = 1;
    for item in items {
        if hole == Some(next) {
            next += 1;
        }
        let old_seq = item.value.seq;
        let new_seq = next;
        next += 1;
        if old_seq == new_seq {
            continue;
        }
        let text = std::fs::read_to_string(&item.source.path).map_err(|e| {
            format!(
                "{}: {}",
                item.source.path.display(),
                crate::i18n::io_reason(&e)
            )
        })?;
        moves.push(Move {
            to: renamed(&item.source.path, old_seq, new_seq),
            from: item.source.path.clone(),
            old_seq,
            new_seq,
            text: with_seq(&text, new_seq)
                .map_err(|why| format!("{}: {why}", crate::diag::shown(&item.source.path)))?,
        });
    }
    Ok(moves)
}

/// Makes `moves` (and writes `extra`, a new item file) in the content folder `folder`, all or
/// nothing. The caller opens (locks) the folder before [`plan`] reads it, so an `import
/// --write` cannot slip between the reading and the writing.
pub fn apply(folder: &Folder, moves: &[Move], extra: Option<(&Path, &str)>) -> Result<(), String> {
    let root = folder.root();
    let name = |path: &Path| -> Result<String, String> {
        let name = crate::paths::relative_name(root, path)?;
        crate::paths::inside(root, &name).map(|_| name)
    };
    let mut writes: Vec<(String, &[u8])> = Vec::new();
    for m in moves {
        writes.push((name(&m.to)?, m.text.as_bytes()));
    }
    if let Some((path, text)) = extra {
        writes.push((name(path)?, text.as_bytes()));
    }
    // A file renamed away goes, unless another takes its name (then it is replaced).
    let mut removals = Vec::new();
    for m in moves.iter().filter(|m| m.from != m.to) {
        let old = name(&m.from)?;
        if !writes.iter().any(|(n, _)| *n == old) {
            removals.push(old);
        }
    }
    let changes: Vec<Change> = writes
        .iter()
        .map(|(name, bytes)| Change {
            name,
            bytes: Some(bytes),
        })
        .chain(removals.iter().map(|name| Change { name, bytes: None }))
        .collect();
    folder.commit(&changes, Permissions::KeepRefuseReadOnly)
}

/// Refuses an annex with an item file that did not parse, or whose `seq` was not read.
fn refuse_unparsed(annex: &RawAnnex) -> Result<(), String> {
    let unnumbered = annex
        .items
        .iter()
        .find(|i| i.source.stand_ins.iter().any(|p| p == "seq"));
    if annex.unparsed > 0 || unnumbered.is_some() {
        return Err(crate::tr!(
            "renumber-unparsed",
            folder = crate::diag::shown(&annex.dir)
        ));
    }
    Ok(())
}

/// Refuses moves whose new name is a file that stays where it is.
fn refuse_taken_names(moves: &[Move]) -> Result<(), String> {
    for m in moves.iter().filter(|m| m.from != m.to) {
        if m.to.exists() && !moves.iter().any(|other| other.from == m.to) {
            return Err(crate::tr!(
                "renumber-name-taken",
                file = crate::diag::shown(&m.from),
                taken = crate::diag::shown(&m.to)
            ));
        }
    }
    Ok(())
}

/// `path` with its number prefix changed from `old` to `new` (`03-x.yaml` → `02-x.yaml`, the
/// width kept at two digits or more); unchanged when its name does not start with `old`.
fn renamed(path: &Path, old: u32, new: u32) -> PathBuf {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return path.to_path_buf();
    };
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    let number_matches = name[..digits].parse::<u32>().ok() == Some(old);
    let rest = &name[digits..];
    if digits == 0 || !number_matches || !rest.starts_with(['-', '_', ' ', '.']) {
        return path.to_path_buf();
    }
    path.with_file_name(format!("{new:0width$}{rest}", width = digits.max(2)))
}

/// `text` (an item file) with its top-level `seq:` value set to `seq`, only those digits
/// changed (the in-place edit `import --write` makes, which reads the result back).
pub fn with_seq(text: &str, seq: u32) -> Result<String, String> {
    let edit = super::edit::Edit {
        path: "seq".into(),
        value: super::edit::NewValue::Number(seq),
    };
    super::edit::apply(text, &[edit]).map_err(|_| crate::tr!("renumber-no-seq"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_number_changes_in_the_text_and_the_name() {
        let text = "\u{feff}# 合作事项\nseq: 3   # 序号\ntitle: 环保宣传\n";
        assert_eq!(
            with_seq(text, 2).unwrap(),
            "\u{feff}# 合作事项\nseq: 2   # 序号\ntitle: 环保宣传\n"
        );
        assert!(with_seq("seq: \"3\"\n", 2).is_err());
        let p = Path::new("c/yongan/03-环保宣传.yaml");
        assert_eq!(renamed(p, 3, 2), Path::new("c/yongan/02-环保宣传.yaml"));
        assert_eq!(renamed(p, 4, 2), p);
        assert_eq!(
            renamed(Path::new("c/a/环保.yaml"), 3, 2),
            Path::new("c/a/环保.yaml")
        );
        assert_eq!(
            renamed(Path::new("c/a/3-x.yaml"), 3, 12),
            Path::new("c/a/12-x.yaml")
        );
    }
}
