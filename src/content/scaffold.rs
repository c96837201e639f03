//! New content files for `huibao new`: the next item of an annex, or a new partner's annex
//! folder, with every field present and a Chinese comment on what goes there. Required fields
//! are left blank, so `huibao check` names what is still to be filled in.

use super::load::{self, RawProject};
use crate::diag::Diagnostics;
use std::path::{Path, PathBuf};

/// Characters no file name may hold on Windows, macOS or Linux.
const UNSAFE_IN_NAMES: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// Most characters of a title a file name keeps: a long 事项 would pass the 255 bytes a name
/// may have on Linux (85 Chinese characters) and Windows' 260 for a whole path.
const STEM_CHARS: usize = 40;

/// `title` made safe as part of a file name: unsafe characters and spaces become `-`, and at
/// most its first 40 characters are kept.
pub fn file_stem(title: &str) -> String {
    let stem: String = title
        .trim()
        .chars()
        .take(STEM_CHARS)
        .map(|c| {
            if UNSAFE_IN_NAMES.contains(&c) || c.is_control() || c.is_whitespace() {
                '-'
            } else {
                c
            }
        })
        .collect();
    stem.trim_matches(['-', '.']).to_string()
}

fn parse(root: &Path) -> RawProject {
    let mut diags = Diagnostics::default();
    load::parse_tree(root, &mut diags)
}

fn years_of(raw: &RawProject) -> Vec<u16> {
    raw.meeting
        .as_ref()
        .map(|m| m.value.years.clone())
        .unwrap_or_default()
}

/// The text of a new item file with `seq`, `title` and an empty plan for each of `years`.
pub fn item_text(seq: u32, title: &str, years: &[u16]) -> String {
    let mut plans = String::new();
    for y in years {
        plans.push_str(&format!("      {y}: \"\"\n"));
    }
    if plans.is_empty() {
        plans.push_str("      # 2024: 计划内容\n");
    }
    format!(
        "# 合作事项：{title}。填写后运行 huibao check，它会指出尚未填写的必填项。\n\
         seq: {seq}                   # 序号：本附件内从 1 起连续编号\n\
         title: {}             # 事项\n\
         rows:                        # 每条对口合作交流内容一项，可有多项\n  \
           - content: \"\"            # 对口合作交流内容（必填）\n    \
             due: \"\"                # 预计完成时间，如 2025.12\n    \
             plans:                   # 年度计划：年份: 计划；跨年的同一计划写 2023-2025\n\
         {plans}    \
             progress: \"\"           # 事项推进情况\n    \
             lead_leader: \"\"        # 牵头领导\n    \
             lead_dept: \"\"          # 牵头部门（必填）；几个部门共同牵头写 [甲处, 乙处]\n    \
             support_depts: []        # 配合部门，如 [监测站, 环保处]\n\
         # 不纳入的事项：每行只留 content，并写明各处室的意见：\n\
         # excluded:\n\
         #   - by: 环保处\n\
         #     text: 不纳入的原因\n",
        yaml_scalar(title)
    )
}

/// `text` as a YAML scalar: plain when it is ordinary words (Chinese, letters, digits and
/// Chinese punctuation) that YAML reads back as the same text, else double-quoted (a JSON
/// string is a valid YAML one).
pub fn yaml_scalar(text: &str) -> String {
    let ordinary = |c: char| c.is_alphanumeric() || "（）、，。；“”《》—·-_ ".contains(c);
    let plain = !text.is_empty()
        && text.chars().all(ordinary)
        && text.trim() == text
        && !text.starts_with(['-', ' '])
        && serde_yaml::from_str::<serde_yaml::Value>(text).is_ok_and(|v| v.as_str() == Some(text));
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}

/// Refuses a title or partner that would not stay on its line of YAML: control characters and
/// line or paragraph separators (U+2028 ends a line in some editors and not in YAML).
fn one_line_text(what: String, text: &str) -> Result<(), String> {
    match text
        .chars()
        .find(|&c| c.is_control() || crate::diag::is_format_control(c))
    {
        Some(c) => Err(crate::tr!(
            "new-control-character",
            what = what,
            char = c.escape_unicode().to_string()
        )),
        None => Ok(()),
    }
}

/// Writes the next item file of `annex` (a folder under `root`): the next free seq, a file
/// name from seq and title; or, with `at`, the item at that number, the items from there on
/// moved one down (their seq and numbered names) in the same all-or-nothing change. Returns
/// the path written and the items moved.
pub fn new_item(
    root: &Path,
    annex: &str,
    title: &str,
    at: Option<u32>,
) -> Result<(PathBuf, Vec<super::renumber::Move>), String> {
    // An annex is a folder name inside content/: never `../templates` or `/abs/dir`.
    let dir = crate::paths::inside(root, annex)?;
    if !dir.is_dir() {
        return Err(crate::tr!(
            "new-no-annex",
            folder = dir.display().to_string(),
            annex = annex
        ));
    }
    if file_stem(title).is_empty() {
        return Err(crate::tr!("new-no-title"));
    }
    one_line_text(crate::tr!("new-what-title"), title)?;
    let raw = parse(root);
    let seq = raw.annexes.iter().find(|a| a.dir == dir).map_or(0, |a| {
        a.items.iter().map(|i| i.value.seq).max().unwrap_or(0) + a.unparsed as u32
    }) + 1;
    let seq = match at {
        Some(n) if n == 0 || n > seq => {
            return Err(crate::tr!("new-at-range", at = n, last = seq));
        }
        Some(n) => n,
        None => seq,
    };
    let path = dir.join(format!("{seq:02}-{}.yaml", file_stem(title)));
    let text =
        schema_line(root, "item.schema.json") + &item_text(seq, title.trim(), &years_of(&raw));
    // Held from before the items are read until the moves are made.
    let folder = match at {
        Some(_) => Some(crate::transaction::Folder::open(root)?),
        None => None,
    };
    let moves = match at {
        Some(n) => super::renumber::plan(root, Some(annex), Some(n))?,
        None => Vec::new(),
    };
    let Some(folder) = folder.filter(|_| !moves.is_empty()) else {
        write_new(&path, &text)?;
        return Ok((path, moves));
    };
    if path.exists() && !moves.iter().any(|m| m.from == path && m.to != path) {
        let exists = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
        return Err(format!(
            "{}: {}",
            crate::diag::shown(&path),
            crate::i18n::io_reason(&exists)
        ));
    }
    super::renumber::apply(&folder, &moves, Some((&path, &text)))?;
    Ok((path, moves))
}

/// A place's short name as a report calls it (永安市 → 永安): the last unit of the name
/// (三明市沙县区 → 沙县区) with one unit suffix taken off while two characters remain
/// (沙县区 → 沙县, 浦东新区 → 浦东), and for an autonomous region the people's name too
/// (宁夏回族自治区 → 宁夏).
pub fn short_name(place: &str) -> String {
    const HIGHER: [char; 4] = ['省', '市', '州', '盟'];
    const SUFFIXES: [&str; 12] = [
        "自治区",
        "自治州",
        "自治县",
        "自治旗",
        "新区",
        "地区",
        "林区",
        "特区",
        "区",
        "县",
        "市",
        "旗",
    ];
    const PEOPLES: [&str; 12] = [
        "回族",
        "壮族",
        "维吾尔",
        "藏族",
        "苗族",
        "土家族",
        "侗族",
        "彝族",
        "布依族",
        "朝鲜族",
        "蒙古族",
        "哈萨克",
    ];
    let chars: Vec<char> = place.chars().collect();
    // The last unit: after the last higher unit with three characters or more after it.
    let start = chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| HIGHER.contains(c) && chars.len() - i > 3)
        .map(|(i, _)| i + 1)
        .next_back()
        .unwrap_or(0);
    let unit: String = chars[start..].iter().collect();
    let mut short = unit.as_str();
    if let Some(rest) = SUFFIXES
        .iter()
        .find_map(|s| short.strip_suffix(s).filter(|r| r.chars().count() >= 2))
    {
        short = rest;
    }
    if let Some(at) = PEOPLES
        .iter()
        .filter_map(|p| short.find(p))
        .filter(|&at| short[..at].chars().count() >= 2)
        .min()
    {
        short = &short[..at];
    }
    short.to_string()
}

/// Writes a new annex folder `slug` for `partner` with its `_annex.yaml` (the next free 附件
/// number). Returns the path written.
pub fn new_annex(root: &Path, slug: &str, partner: &str) -> Result<PathBuf, String> {
    if slug.is_empty() || file_stem(slug) != slug || slug.starts_with('.') {
        return Err(crate::tr!("new-bad-slug", slug = slug));
    }
    let dir = crate::paths::inside(root, slug)?;
    if dir.exists() {
        return Err(crate::tr!("new-exists", path = dir.display().to_string()));
    }
    let raw = parse(root);
    let number = raw
        .annexes
        .iter()
        .filter_map(|a| a.meta.as_ref().map(|m| m.value.number))
        .max()
        .unwrap_or(0)
        + 1;
    let years = years_of(&raw);
    let span = match (years.first(), years.last()) {
        (Some(a), Some(b)) => format!("（{a}—{b}年）"),
        _ => String::new(),
    };
    let partner = partner.trim();
    one_line_text(crate::tr!("new-what-partner"), partner)?;
    let short = short_name(partner);
    let text = format!(
        "# 附件{number}：与{partner}的合作交流项目表。各字段含义见 使用说明.md。\n\
         number: {number}             # 附件序号，各附件不重复\n\
         partner: {}           # 合作地区\n\
         title: {}   # 表格标题\n\
         short_title: {}   # 汇报中对本表的简称\n\
         heading: {}   # 汇报中本部分的小标题\n\
         report: []                   # 汇报中本部分的段落，每段一项\n\
         notes: []                    # 表下的注，每条一项\n",
        yaml_scalar(partner),
        yaml_scalar(&format!(
            "浦东新区生态环境局与{partner}生态环境领域合作交流项目表{span}"
        )),
        yaml_scalar(&format!("{short}合作交流项目表")),
        yaml_scalar(&format!("{partner}生态环境部门需要支持的事项")),
    );
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("_annex.yaml");
    write_new(&path, &(schema_line(root, "annex.schema.json") + &text))?;
    Ok(path)
}

/// The `yaml-language-server` line for a file one folder below `root`, when the project has
/// the schemas `init` writes beside `content/` (else nothing, so no line points nowhere).
fn schema_line(root: &Path, name: &str) -> String {
    let folder = root
        .parent()
        .unwrap_or(Path::new(""))
        .join(super::schema::FOLDER);
    if folder.join(name).is_file() {
        super::schema::modeline(&format!("../../{}/{name}", super::schema::FOLDER))
    } else {
        String::new()
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("{}: {}", path.display(), crate::i18n::io_reason(&e)))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {}", path.display(), crate::i18n::io_reason(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_called_by_its_short_name() {
        for (place, short) in [
            ("永安市", "永安"),
            ("大田县", "大田"),
            ("三明市沙县区", "沙县"),
            ("浦东新区", "浦东"),
            ("宁夏回族自治区", "宁夏"),
            ("内蒙古自治区", "内蒙古"),
            ("沙县", "沙县"),
            ("北京市", "北京"),
            ("福建省三明市", "三明"),
        ] {
            assert_eq!(short_name(place), short, "{place}");
        }
    }

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(file_stem(" 环保/宣传:活动? "), "环保-宣传-活动");
        assert_eq!(file_stem("EOD 项目"), "EOD-项目");
        let long = "环".repeat(100);
        assert_eq!(file_stem(&long), "环".repeat(40));
    }
}
