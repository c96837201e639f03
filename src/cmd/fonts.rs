//! `huibao fonts`: the fonts each role draws with and what they cover.

use super::{Failure, Outcome, format_table};
use std::path::Path;

/// `huibao fonts`: each role's font chain, where each font comes from, and how much of CJK the
/// chain covers (Unified Ideographs U+4E00–U+9FFF and Extension A U+3400–U+4DBF).
pub fn fonts(templates: Option<&Path>) -> Result<Outcome, Failure> {
    let dir = templates.unwrap_or(Path::new("templates"));
    let theme = crate::theme::Theme::load(dir).map_err(Failure::Other)?;
    let fonts = crate::fonts::FontSet::load(&theme).map_err(Failure::Other)?;
    let style = &theme.style;
    let mut out = String::new();
    let mut table = vec![vec![
        crate::tr!("fonts-col-font"),
        crate::tr!("fonts-col-from"),
        "URO".to_string(),
        "Ext A".to_string(),
    ]];
    let count = |ids: &[crate::fonts::FontId], range: std::ops::RangeInclusive<u32>| {
        range
            .filter_map(char::from_u32)
            .filter(|&c| ids.iter().any(|&i| fonts.lookup(i, c).is_some()))
            .count()
    };
    for (i, name) in fonts.names.iter().enumerate() {
        let spec = &style.fonts[name];
        let from = match (&spec.system, &spec.file) {
            (Some(family), Some(file)) => {
                crate::tr!("fonts-installed-else", family = family, file = file)
            }
            (Some(family), None) => crate::tr!("fonts-installed-only", family = family),
            (None, Some(file)) => file.clone(),
            (None, None) => String::new(),
        };
        table.push(vec![
            name.clone(),
            from,
            count(&[crate::fonts::FontId::new(i)], 0x4E00..=0x9FFF).to_string(),
            count(&[crate::fonts::FontId::new(i)], 0x3400..=0x4DBF).to_string(),
        ]);
    }
    out.push_str(&format_table(&table));
    out.push('\n');
    let mut roles = vec![vec![
        crate::tr!("fonts-col-role"),
        crate::tr!("fonts-col-chain"),
        "URO".to_string(),
        "Ext A".to_string(),
    ]];
    for (name, role) in &style.roles {
        let ids = crate::fonts::chain_ids(&fonts.names, &role.font);
        roles.push(vec![
            name.clone(),
            role.font.join(" → "),
            format!("{}/20992", count(&ids, 0x4E00..=0x9FFF)),
            format!("{}/6592", count(&ids, 0x3400..=0x4DBF)),
        ]);
    }
    out.push_str(&format_table(&roles));
    Ok(Outcome {
        message: out.trim_end().to_string(),
        warnings: fonts.warnings.clone(),
        ..Outcome::default()
    })
}
