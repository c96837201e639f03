//! JSON Schemas of the three kinds of content file, for editors: with the
//! `# yaml-language-server: $schema=…` line at the top of a file, VS Code (and any editor with
//! the YAML language server) completes field names, shows each field's Chinese label and
//! description, and marks an unknown key or a wrong type while the user types.
//!
//! The schemas are derived from the model the loader deserializes into (schemars reads the same
//! serde attributes), and the Chinese labels come from [`super::labels`], so neither can drift.

use super::labels::{FileKind, label};
use super::model::{AnnexMeta, Item, Meeting};
use schemars::{Schema, generate::SchemaSettings, json_schema};
use serde_json::Value;

/// Each kind of content file with its schema's file name.
pub const KINDS: [(FileKind, &str); 3] = [
    (FileKind::Meeting, "meeting.schema.json"),
    (FileKind::Annex, "annex.schema.json"),
    (FileKind::Item, "item.schema.json"),
];

/// The folder of a project (beside `content/`) that `init` writes the schemas into.
pub const FOLDER: &str = "schema";

/// The JSON Schema (draft-07, which every YAML language server reads) of one kind of file,
/// pretty-printed with a final newline.
pub fn json(kind: FileKind) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = match kind {
        FileKind::Meeting => generator.into_root_schema_for::<Meeting>(),
        FileKind::Annex => generator.into_root_schema_for::<AnnexMeta>(),
        FileKind::Item => generator.into_root_schema_for::<Item>(),
    };
    let (title, description) = match kind {
        FileKind::Meeting => ("汇报 meeting.yaml", "The report (汇报) and its meeting."),
        FileKind::Annex => (
            "附件 _annex.yaml",
            "One partner's annex table (合作交流项目表) and its report section.",
        ),
        FileKind::Item => (
            "事项",
            "One cooperation item (事项): a row group of the annex table.",
        ),
    };
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    let mut value = schema.to_value();
    add_labels(kind, &mut value);
    // A JSON value always serializes.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The comment line that points an editor at a schema, relative to the YAML file.
pub fn modeline(relative: &str) -> String {
    format!("# yaml-language-server: $schema={relative}\n")
}

/// Gives every property the Chinese label users see in the table as its title, recursively
/// (definitions included).
fn add_labels(kind: FileKind, value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(props)) = map.get_mut("properties") {
                for (name, prop) in props.iter_mut() {
                    if let (Some(l), Value::Object(p)) = (label(kind, name), &mut *prop) {
                        p.insert("title".into(), l.into());
                    }
                }
            }
            for (_, v) in map.iter_mut() {
                add_labels(kind, v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| add_labels(kind, v)),
        _ => {}
    }
}

/// A list of texts that may be written empty, or hold blank entries (which are dropped).
pub fn list(_: &mut schemars::SchemaGenerator) -> Schema {
    json_schema!({
        "type": ["array", "null"],
        "items": { "type": ["string", "null"] }
    })
}

/// One department, or a list of them.
pub fn one_or_many(_: &mut schemars::SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": ["string", "null"] },
            { "type": "array", "items": { "type": ["string", "null"] } }
        ]
    })
}

/// A map from a year (`2024`) or a span of years (`2023-2025`) to the plan text.
pub fn plans() -> Schema {
    json_schema!({
        "description": "年度计划: a year (2024) or a span of years (2023-2025) → the plan text",
        "type": ["object", "null"],
        "propertyNames": { "pattern": "^\\s*[0-9]{4}\\s*([-—–～~]\\s*[0-9]{4}\\s*)?$" },
        "additionalProperties": { "type": ["string", "null"] }
    })
}
