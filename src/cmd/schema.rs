//! `huibao schema`: the JSON Schemas editors use to complete and check content files.

use super::{Failure, Outcome};
use crate::content::labels::FileKind;
use crate::content::schema;
use std::path::Path;

/// Which schema to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// `meeting.yaml`.
    Meeting,
    /// `_annex.yaml`.
    Annex,
    /// An item file.
    Item,
}

/// Prints one schema, or with `out` writes all three into that folder (creating it); the
/// schemas know the years and departments of the project in `content` when it has one.
pub fn schema(
    content: &Path,
    kind: Option<SchemaKind>,
    out: Option<&Path>,
) -> Result<Outcome, Failure> {
    let facts = schema::Facts::of(content);
    if let Some(dir) = out {
        crate::paths::not_a_source(dir, &super::sources(content)).map_err(Failure::Other)?;
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::Other(format!("{}: {}", dir.display(), crate::i18n::io_reason(&e)))
        })?;
        let mut written = Vec::new();
        for (kind, name) in schema::KINDS {
            let path = dir.join(name);
            std::fs::write(&path, schema::json_for(kind, &facts)).map_err(|e| {
                Failure::Other(format!(
                    "{}: {}",
                    path.display(),
                    crate::i18n::io_reason(&e)
                ))
            })?;
            written.push(path.display().to_string());
        }
        return Ok(Outcome::from(crate::tr!(
            "schema-wrote",
            files = crate::i18n::join(&written),
            line = schema::modeline("../schema/item.schema.json").trim_end()
        )));
    }
    let kind = match kind {
        Some(SchemaKind::Meeting) => FileKind::Meeting,
        Some(SchemaKind::Annex) => FileKind::Annex,
        Some(SchemaKind::Item) => FileKind::Item,
        None => {
            return Err(Failure::Other(crate::tr!("schema-which")));
        }
    };
    Ok(Outcome::from(
        schema::json_for(kind, &facts).trim_end().to_string(),
    ))
}
