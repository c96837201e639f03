//! The rest of a file whose first field error was reported: every other problem in the same
//! run.
//!
//! serde stops at the first field it cannot take (a missing `title`, a misspelt key, a year
//! written as text), which hid every later problem of the file until the clerk fixed that one
//! and ran `check` again. Here the file is read again as plain YAML, the failing field gets a
//! stand-in (the unknown key taken out, a missing or mistyped value replaced by one of the
//! right kind) and the file is deserialized again, each new error reported, until it parses.
//! The parsed value then goes through validation like any other (its departments, plan years
//! and texts are checked), with the stand-ins' own fields left out of what validation says.
//! The file always carries an error by then, so it never reaches a build.

use super::load::{Source, Sourced, yaml_error};
use crate::diag::Diagnostics;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// How many stand-ins one file may get: enough for every field of an item, few enough that a
/// hostile file costs nothing.
const MAX_STAND_INS: usize = 32;

/// After `first` was reported for `text`: the value with stand-ins, each further error pushed
/// to `diags`; `None` when the file cannot be read as YAML at all or a field cannot be stood in.
pub fn parse_rest<T: DeserializeOwned>(
    mut source: Source,
    text: &str,
    first: &serde_yaml::Error,
    diags: &mut Diagnostics,
) -> Option<Sourced<T>> {
    let mut value: Value = serde_yaml::from_str(text).ok()?;
    let mut message = first.to_string();
    for _ in 0..MAX_STAND_INS {
        let (path, mut fix) = failing_field(&crate::diag::yaml::strip_positions(&message))?;
        match source.stand_ins.iter().filter(|p| **p == path).count() {
            0 => {}
            // A value of the kind serde named that still does not fit: taken as absent.
            1 if matches!(fix, Fix::Put(_)) => fix = Fix::Put(Value::Null),
            _ => return None,
        }
        fix.apply(&mut value, &path)?;
        source.stand_ins.push(path);
        // Written out and read again, so that serde_yaml names the failing field's path.
        let again = serde_yaml::to_string(&value).ok()?;
        match serde_yaml::from_str::<T>(&again) {
            Ok(value) => return Some(Sourced { value, source }),
            Err(err) => {
                message = err.to_string();
                // A second stand-in for the same field says nothing new.
                let again = failing_field(&crate::diag::yaml::strip_positions(&message))
                    .is_some_and(|(p, _)| source.stand_ins.contains(&p));
                if !again {
                    diags.push(yaml_error(&source, text, &err, None));
                }
            }
        }
    }
    None
}

/// What to put in place of a failing field.
enum Fix {
    /// Read a misspelt key (the first) as the key it is closest to (the second).
    Rename(String, String),
    /// Put a value of the expected kind at the field.
    Put(Value),
}

/// The failing field's path and the stand-in for it, from serde_yaml's message (`rows[0]:
/// missing field `content``, `seq: invalid type: string "一", expected u32`).
fn failing_field(message: &str) -> Option<(String, Fix)> {
    let (prefix, rest) = crate::diag::yaml::split_field(message);
    let prefix = prefix.to_string();
    let quoted = |marker: &str| crate::diag::yaml::backticked(rest, marker);
    let join = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    if let Some(name) = quoted("unknown field `") {
        // A misspelt key is read under the name it is closest to (its value still checked
        // for kind); any other unknown key stops here, since what it meant is unknown.
        let allowed: Vec<&str> = rest
            .split_once("expected ")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let meant = super::slips::closest_key(&name, &allowed)?;
        return Some((join(&meant), Fix::Rename(name, meant)));
    }
    if let Some(name) = quoted("missing field `") {
        return Some((join(&name), Fix::Put(Value::String("…".into()))));
    }
    let expected = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))?
        .split_once(", expected ")?
        .1;
    (!prefix.is_empty()).then(|| (prefix, Fix::Put(of_kind(expected))))
}

/// A stand-in of the kind serde_yaml expected.
fn of_kind(expected: &str) -> Value {
    if expected.starts_with('u') || expected.starts_with('i') || expected.contains("integer") {
        Value::Number(1.into())
    } else if expected.contains("sequence") || expected.contains("list") {
        Value::Sequence(Vec::new())
    } else if expected.contains("map") || expected.starts_with("struct") {
        Value::Mapping(Mapping::new())
    } else {
        Value::String("…".into())
    }
}

impl Fix {
    /// Applies the stand-in at `path` (`rows[0].lead_dept`) of `root`.
    fn apply(self, root: &mut Value, path: &str) -> Option<()> {
        let (parent, last) = match path.rfind(['.', '[']) {
            Some(i) if path.as_bytes()[i] == b'.' => (&path[..i], &path[i + 1..]),
            Some(i) => (&path[..i], &path[i..]),
            None => ("", path),
        };
        let parent = walk(root, parent)?;
        match (self, last.strip_prefix('[')) {
            (Fix::Rename(from, to), None) => {
                let map = parent.as_mapping_mut()?;
                let value = map.remove(from.as_str())?;
                map.insert(Value::String(to), value);
                Some(())
            }
            (Fix::Put(v), None) => {
                let map = parent.as_mapping_mut()?;
                map.insert(Value::String(last.to_string()), v);
                Some(())
            }
            (Fix::Put(v), Some(index)) => {
                let i: usize = index.strip_suffix(']')?.parse().ok()?;
                *parent.as_sequence_mut()?.get_mut(i)? = v;
                Some(())
            }
            (Fix::Rename(..), Some(_)) => None,
        }
    }
}

/// The value at `path` (`rows[0].plans`, or empty for the root).
fn walk<'a>(root: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut here = root;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, indexes) = part.split_once('[').map_or((part, ""), |(k, i)| (k, i));
        if !key.is_empty() {
            here = here.as_mapping_mut()?.get_mut(key)?;
        }
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            here = here.as_sequence_mut()?.get_mut(i)?;
        }
    }
    Some(here)
}

/// Whether a diagnostic's field (`rows[0].lead_dept (牵头部门)`) lies at, under or above one
/// of the stand-ins' paths: what validation says there is about the stand-in (an item's
/// rows without plans, when `plans` had the wrong kind), not the clerk's text.
pub fn under_stand_in(field: &str, stand_ins: &[String]) -> bool {
    let path = field.split(' ').next().unwrap_or(field);
    let within = |inner: &str, outer: &str| {
        inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    };
    !path.is_empty() && stand_ins.iter().any(|p| within(path, p) || within(p, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_ins_go_where_the_path_says() {
        let mut v: Value =
            serde_yaml::from_str("rows:\n  - content: x\n    lead_dep: y\n").unwrap();
        Fix::Rename("lead_dep".into(), "lead_dept".into())
            .apply(&mut v, "rows[0].lead_dep")
            .unwrap();
        Fix::Put(Value::String("…".into()))
            .apply(&mut v, "title")
            .unwrap();
        Fix::Put(Value::Sequence(Vec::new()))
            .apply(&mut v, "rows[0].support_depts")
            .unwrap();
        assert_eq!(
            serde_yaml::to_string(&v).unwrap(),
            "rows:\n- content: x\n  lead_dept: y\n  support_depts: []\ntitle: …\n"
        );
    }

    #[test]
    fn a_field_under_a_stand_in_is_recognised() {
        let ins = vec!["rows[0].plans".to_string()];
        assert!(under_stand_in("rows[0].plans (年度计划)", &ins));
        assert!(under_stand_in("rows[0].plans.2024 (2024年计划)", &ins));
        assert!(under_stand_in("rows (对口合作交流内容)", &ins));
        assert!(!under_stand_in("rows[0].plansx", &ins));
        assert!(!under_stand_in("title (事项)", &ins));
        assert!(!under_stand_in("rows[1].plans", &ins));
    }
}
