//! The content model: what a user writes in `content/`, as typed Rust values.
//!
//! Field names here are the user-facing contract documented in the README; unknown keys are
//! rejected so that a typo never silently drops data.

use schemars::JsonSchema;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// `content/meeting.yaml`: the report (汇报) and the meeting it is for.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// The meeting, e.g. 第21次局长办公会.
    pub meeting: String,
    /// Which material of the meeting this is, e.g. 会议材料之6.
    pub material: String,
    /// The report's title.
    pub title: String,
    /// The presenting office, e.g. 办公室（政策法规处）.
    pub presenter: String,
    /// The plan years, one table column each.
    pub years: Vec<u16>,
    /// Paragraphs before section 一.
    #[serde(default)]
    pub background: Vec<String>,
    /// Heading of section 一.
    #[serde(default = "default_overview_heading")]
    pub overview_heading: String,
    /// Paragraphs of section 一.
    #[serde(default)]
    pub overview: Vec<String>,
    /// Heading of section 二 (the per-partner sections).
    #[serde(default = "default_progress_heading")]
    pub progress_heading: String,
    /// The closing line, e.g. 以上汇报，请予审议。
    pub closing: String,
    /// The document date (YYYY-MM-DD), used for file metadata when SOURCE_DATE_EPOCH is unset.
    #[serde(default)]
    pub date: Option<String>,
    /// The bureau's departments (处室). When listed, every 牵头部门, 配合部门 and 反馈处室 must
    /// be one of them, so a typo is caught rather than printed.
    #[serde(default, deserialize_with = "de_list")]
    #[schemars(schema_with = "crate::content::schema::list")]
    pub departments: Vec<String>,
}

fn default_overview_heading() -> String {
    "生态环境领域合作交流项目情况".into()
}

fn default_progress_heading() -> String {
    "工作推进情况".into()
}

/// `content/<annex>/_annex.yaml`: one partner's annex table and its report section.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnexMeta {
    /// 附件 number, 1-based.
    pub number: u32,
    /// The partner place, e.g. 永安市.
    pub partner: String,
    /// The full table title.
    pub title: String,
    /// How the report names the table, e.g. 永安合作交流项目表.
    pub short_title: String,
    /// The report's section heading for this partner.
    pub heading: String,
    /// Paragraphs of that report section.
    #[serde(default)]
    pub report: Vec<String>,
    /// The 注 lines under the table.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One cooperation item (事项) file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// 序号 within the annex, 1..n.
    pub seq: u32,
    /// 事项.
    pub title: String,
    /// One row per 对口合作交流内容.
    pub rows: Vec<Row>,
    /// Present when the item was left out: each department's feedback.
    #[serde(default)]
    pub excluded: Option<Vec<Feedback>>,
}

impl Item {
    /// Treats blank optional fields of every row (and a blank 反馈处室) as absent.
    pub fn drop_blanks(&mut self) {
        for row in &mut self.rows {
            row.drop_blanks();
        }
        for f in self.excluded.iter_mut().flatten() {
            if f.by.as_deref().is_some_and(|b| b.trim().is_empty()) {
                f.by = None;
            }
        }
    }

    /// Whether the item was left out of the plan.
    pub fn is_excluded(&self) -> bool {
        self.excluded.is_some()
    }
}

/// One content row of an item.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// 对口合作交流内容.
    pub content: String,
    /// 预计完成时间.
    #[serde(default)]
    pub due: Option<String>,
    /// Plans by year or year range.
    #[serde(default)]
    pub plans: Plans,
    /// 事项推进情况.
    #[serde(default)]
    pub progress: Option<String>,
    /// 牵头领导.
    #[serde(default)]
    pub lead_leader: Option<String>,
    /// 牵头部门: one department, or a list when several lead together.
    #[serde(default, deserialize_with = "de_one_or_many")]
    #[schemars(schema_with = "crate::content::schema::one_or_many")]
    pub lead_dept: Vec<String>,
    /// 配合部门.
    #[serde(default, deserialize_with = "de_list")]
    #[schemars(schema_with = "crate::content::schema::list")]
    pub support_depts: Vec<String>,
}

impl Row {
    /// Treats blank optional fields as absent (`progress: ""` is an empty cell, as when the
    /// key is left out), so an office can leave a cell empty either way. Required fields stay
    /// as written, for validation to report.
    pub fn drop_blanks(&mut self) {
        for field in [&mut self.due, &mut self.progress, &mut self.lead_leader] {
            if field.as_deref().is_some_and(|v| v.trim().is_empty()) {
                *field = None;
            }
        }
        self.plans.0.retain(|p| !p.text.trim().is_empty());
        self.support_depts.retain(|d| !d.trim().is_empty());
    }
}

/// A list that may also be written empty (`support_depts:` with nothing after it).
fn de_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<Option<String>>>::deserialize(d)?
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect())
}

/// One text or a list of texts.
fn de_one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a department (环保处) or a list of departments ([环保处, 监测站])")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(v) = seq.next_element::<Option<String>>()? {
                out.extend(v);
            }
            Ok(out)
        }
    }
    d.deserialize_any(OneOrMany)
}

/// A department's reason for leaving an item out.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// The department that gave the feedback (反馈处室); may be absent for a general reason.
    #[serde(default)]
    pub by: Option<String>,
    /// The feedback itself.
    pub text: String,
}

/// An inclusive span of plan years: `2024` or `2023-2025`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct YearSpan {
    /// First year.
    pub first: u16,
    /// Last year (equal to `first` for a single year).
    pub last: u16,
}

impl YearSpan {
    /// Parses `2024` or `2023-2025` (also with — or ～ between the years).
    pub fn parse(s: &str) -> Option<YearSpan> {
        let s = s.trim();
        let parse_year = |t: &str| t.trim().parse::<u16>().ok();
        for sep in ['-', '—', '–', '～', '~'] {
            if let Some((a, b)) = s.split_once(sep) {
                return Some(YearSpan {
                    first: parse_year(a)?,
                    last: parse_year(b)?,
                });
            }
        }
        let y = parse_year(s)?;
        Some(YearSpan { first: y, last: y })
    }

    /// Whether two spans share a year.
    pub fn overlaps(&self, other: &YearSpan) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

impl fmt::Display for YearSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first == self.last {
            write!(f, "{}", self.first)
        } else {
            write!(f, "{}-{}", self.first, self.last)
        }
    }
}

/// One plan: a text for a year or a span of years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The key exactly as written (for error paths).
    pub key: String,
    /// The years it covers.
    pub span: YearSpan,
    /// The plan text.
    pub text: String,
}

/// A row's plans, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Plans(pub Vec<Plan>);

impl JsonSchema for Plans {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Plans".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::content::schema::plans()
    }
}

impl<'de> Deserialize<'de> for Plans {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(PlansVisitor)
    }
}

struct PlansVisitor;

/// A YAML key that may be written as a number (2024) or a string (2023-2025).
struct PlanKey(String);

impl<'de> Deserialize<'de> for PlanKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = PlanKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a year (2024) or a year range (2023-2025)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PlanKey, E> {
                Ok(PlanKey(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PlanKey, E> {
                Ok(PlanKey(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<PlanKey, E> {
                Ok(PlanKey(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<PlanKey, E> {
                Ok(PlanKey(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PlanKey, E> {
                Ok(PlanKey(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<PlanKey, E> {
                Ok(PlanKey(String::new()))
            }
        }
        d.deserialize_any(KeyVisitor)
    }
}

impl<'de> Visitor<'de> for PlansVisitor {
    type Value = Plans;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map from a year (2024) or a year range (2023-2025) to the plan text")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plans, A::Error> {
        let mut plans = Vec::new();
        while let Some(PlanKey(key)) = map.next_key::<PlanKey>()? {
            let span = YearSpan::parse(&key).ok_or_else(|| {
                de::Error::custom(format!(
                    "plan key `{key}` is not a year (2024) or a year range (2023-2025)"
                ))
            })?;
            // An empty year (`2024:`) is the same as leaving the year out.
            let text: Option<String> = map.next_value()?;
            if let Some(text) = text {
                plans.push(Plan { key, span, text });
            }
        }
        Ok(Plans(plans))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Plans, E> {
        Ok(Plans::default())
    }
}
