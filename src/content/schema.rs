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

/// What a project's schemas know of it: its plan years and its departments (from
/// meeting.yaml), so an editor completes and checks them as huibao does.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// `years` of meeting.yaml (empty: any year).
    pub years: Vec<u16>,
    /// `departments` of meeting.yaml (empty: any name).
    pub departments: Vec<String>,
}

impl Facts {
    /// The facts of the content folder `content`, or none when its meeting.yaml does not
    /// read (the schemas then take any year and any department).
    pub fn of(content: &std::path::Path) -> Facts {
        let mut diags = crate::diag::Diagnostics::default();
        let meeting = super::load::parse_file::<Meeting>(
            &content.join("meeting.yaml"),
            FileKind::Meeting,
            &mut diags,
        );
        meeting.map_or_else(Facts::default, |m| Facts {
            years: m.value.years,
            departments: m.value.departments,
        })
    }
}

/// The JSON Schema (draft-07, which every YAML language server reads) of one kind of file,
/// pretty-printed with a final newline.
pub fn json(kind: FileKind) -> String {
    json_for(kind, &Facts::default())
}

/// The schema of one kind of file of a project with these [`Facts`]: plan keys from its
/// years, departments from its list; everything huibao refuses refused (blank required
/// texts, `seq: 0`, no rows), everything it accepts accepted (numbers for texts).
pub fn json_for(kind: FileKind, facts: &Facts) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = match kind {
        FileKind::Meeting => generator.into_root_schema_for::<Meeting>(),
        FileKind::Annex => generator.into_root_schema_for::<AnnexMeta>(),
        FileKind::Item => generator.into_root_schema_for::<Item>(),
    };
    let (title, description) = match kind {
        FileKind::Meeting => (
            "汇报 meeting.yaml",
            "汇报及其会议：会议名称、标题、各部分段落。",
        ),
        FileKind::Annex => (
            "附件 _annex.yaml",
            "一个合作地区的附件表（合作交流项目表）及其在汇报中的一节。",
        ),
        FileKind::Item => ("事项", "一个合作交流事项：附件表中的一组行。"),
    };
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    let mut value = schema.to_value();
    add_labels(kind, &mut value);
    fit(&mut value, facts);
    // A JSON value always serializes.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The comment line that points an editor at a schema, relative to the YAML file.
pub fn modeline(relative: &str) -> String {
    format!("# yaml-language-server: $schema={relative}\n")
}

/// Texts huibao requires: blank is refused.
const REQUIRED_TEXTS: &[&str] = &[
    "meeting",
    "material",
    "title",
    "presenter",
    "overview_heading",
    "progress_heading",
    "closing",
    "partner",
    "short_title",
    "heading",
    "content",
    "text",
];

/// What each field holds, in the words of the office that fills it in (editors show it on
/// hover).
const DESCRIPTIONS: &[(&str, &str)] = &[
    ("meeting", "会议名称，如“第21次局长办公会”。"),
    ("material", "材料编号，如“会议材料之6”。"),
    ("title", "标题（汇报标题、附件表标题或事项名称）。"),
    ("presenter", "汇报单位。"),
    (
        "years",
        "计划年度，从小到大，如 [2023, 2024, 2025]；事项的计划按这些年度分列。",
    ),
    ("background", "背景段落，每段一项。"),
    ("overview_heading", "第一部分标题。"),
    ("overview", "第一部分段落，每段一项。"),
    ("progress_heading", "第二部分标题。"),
    ("closing", "结束语，如“以上汇报，请予审议。”"),
    ("date", "成文日期，年-月-日，如 2023-09-01。"),
    (
        "departments",
        "处室名单：事项中的牵头部门、配合部门须是其中之一。",
    ),
    ("number", "附件序号，从 1 开始。"),
    ("partner", "合作地区，如“永安市”。"),
    ("short_title", "简称，汇报中引用本附件时用。"),
    ("heading", "汇报中本附件一节的小标题。"),
    ("report", "汇报中本附件一节的段落，每段一项。"),
    ("notes", "表下的注，每条一项（不写序号，自动编号）。"),
    ("seq", "序号：本附件中从 1 起连续编号。"),
    ("rows", "对口合作交流内容，每条一项；至少一条。"),
    ("excluded", "不纳入的事项：各部门的反馈意见。"),
    ("content", "对口合作交流内容。"),
    ("due", "预计完成时间，如“2025年”。"),
    (
        "plans",
        "年度计划：年度（2024）或年度范围（2023-2025）→ 计划内容。",
    ),
    ("progress", "事项推进情况。"),
    ("lead_leader", "牵头领导。"),
    (
        "lead_dept",
        "牵头部门：一个部门，几个部门共同牵头时写成列表。",
    ),
    ("support_depts", "配合部门列表；没有时写 [无] 或 []。"),
    ("by", "反馈处室。"),
    ("text", "反馈意见。"),
];

/// Makes the schema say what huibao accepts and refuses, and what this project's years and
/// departments are.
fn fit(value: &mut Value, facts: &Facts) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(|v| fit(v, facts));
        }
        return;
    };
    if let Some(Value::Object(props)) = map.get_mut("properties") {
        for (name, prop) in props.iter_mut() {
            fit_property(name, prop, facts);
        }
    }
    // The plans' keys: this project's years and spans of them.
    if map.contains_key("propertyNames") {
        map.insert(
            "propertyNames".into(),
            serde_json::json!({ "pattern": year_pattern(&facts.years) }),
        );
        map.insert(
            "description".into(),
            "年度计划：年度（2024）或年度范围（2023-2025）→ 计划内容。".into(),
        );
        if !facts.years.is_empty() {
            let properties: serde_json::Map<String, Value> = facts
                .years
                .iter()
                .map(|y| (y.to_string(), serde_json::json!({ "title": format!("{y}年计划"), "type": ["string", "number", "null"] })))
                .collect();
            map.insert("properties".into(), Value::Object(properties));
        }
        map.insert(
            "additionalProperties".into(),
            serde_json::json!({ "type": ["string", "number", "null"] }),
        );
    }
    for (_, v) in map.iter_mut() {
        fit(v, facts);
    }
}

fn fit_property(name: &str, prop: &mut Value, facts: &Facts) {
    let Value::Object(p) = prop else { return };
    if let Some((_, zh)) = DESCRIPTIONS.iter().find(|(n, _)| *n == name) {
        p.insert("description".into(), (*zh).into());
    }
    let texts = ["string", "number"];
    match p.get("type") {
        Some(Value::String(t)) if t == "string" => {
            p.insert("type".into(), serde_json::json!(texts));
        }
        Some(Value::Array(types)) if types.iter().any(|t| t == "string") => {
            let mut types = types.clone();
            types.push("number".into());
            p.insert("type".into(), Value::Array(types));
        }
        _ => {}
    }
    if REQUIRED_TEXTS.contains(&name) {
        p.insert("minLength".into(), 1.into());
        p.insert("pattern".into(), "\\S".into());
    }
    if matches!(name, "seq" | "number") {
        p.insert("minimum".into(), 1.into());
    }
    if name == "rows" {
        p.insert("minItems".into(), 1.into());
    }
    let department = department_schema(&facts.departments);
    match name {
        "lead_dept" => {
            p.remove("anyOf");
            p.insert(
                "anyOf".into(),
                serde_json::json!([department, { "type": "null" }, { "type": "array", "items": department }]),
            );
        }
        "support_depts" => {
            p.insert("items".into(), department);
        }
        "by" => {
            p.remove("type");
            p.insert(
                "anyOf".into(),
                serde_json::json!([department, { "type": "null" }]),
            );
        }
        _ => {}
    }
}

/// One department: a name on the list (or 无), or any text when there is no list.
fn department_schema(departments: &[String]) -> Value {
    if departments.is_empty() {
        return serde_json::json!({ "type": ["string", "null"] });
    }
    let mut names: Vec<Value> = departments.iter().map(|d| d.as_str().into()).collect();
    names.extend(super::validate::NOT_A_DEPARTMENT.iter().map(|&d| d.into()));
    names.push(Value::Null);
    serde_json::json!({ "enum": names })
}

/// Plan keys: one of `years` or a span of two of them; any four digits without a list.
fn year_pattern(years: &[u16]) -> String {
    let year = if years.is_empty() {
        "[0-9]{4}".to_string()
    } else {
        format!(
            "({})",
            years
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join("|")
        )
    };
    format!("^\\s*{year}\\s*([-—–～~]\\s*{year}\\s*)?$")
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
