//! Finding an installed font by family name (仿宋_GB2312 on an office PC), so `style.yaml` can
//! name fonts the way users know them.

use fontcull_write_fonts::read::{FileRef, FontRef, TableProvider};
use std::path::{Path, PathBuf};

/// Folders where operating systems keep fonts.
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![
        PathBuf::from("/usr/share/fonts"),
        PathBuf::from("/usr/local/share/fonts"),
        PathBuf::from("/Library/Fonts"),
        PathBuf::from("/System/Library/Fonts"),
        PathBuf::from("C:\\Windows\\Fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    dirs
}

fn family_names(font: &FontRef) -> Vec<String> {
    let Ok(name) = font.name() else {
        return Vec::new();
    };
    name.name_record()
        .iter()
        .filter(|r| matches!(r.name_id().to_u16(), 1 | 4 | 16))
        .filter_map(|r| r.string(name.string_data()).ok())
        .map(|s| s.chars().collect::<String>())
        .collect()
}

fn matches(path: &Path, family: &str) -> bool {
    let Ok(data) = std::fs::read(path) else {
        return false;
    };
    let Ok(file) = FileRef::new(&data) else {
        return false;
    };
    let found = file
        .fonts()
        .flatten()
        .any(|f| family_names(&f).iter().any(|n| n == family));
    found
}

/// The first installed font file whose family (or full) name is `family`.
pub fn find(family: &str) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = font_dirs()
        .into_iter()
        .filter(|d| d.is_dir())
        .flat_map(|d| {
            walkdir::WalkDir::new(d)
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .map(|e| e.into_path())
        })
        .filter(|p| {
            matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("ttf" | "ttc" | "otf")
            )
        })
        .collect();
    candidates.sort();
    candidates.into_iter().find(|p| matches(p, family))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_family_names_of_a_font_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("song.ttf");
        let data = crate::theme::DEFAULT_TEMPLATES
            .get_file("fonts/gbsn00lp.ttf")
            .unwrap()
            .contents();
        std::fs::write(&path, data).unwrap();
        assert!(matches(&path, "AR PL SungtiL GB"));
        assert!(!matches(&path, "仿宋_GB2312"));
        let ttc = dir.path().join("hei.ttc");
        std::fs::write(
            &ttc,
            crate::theme::DEFAULT_TEMPLATES
                .get_file("fonts/wqy-microhei.ttc")
                .unwrap()
                .contents(),
        )
        .unwrap();
        assert!(matches(&ttc, "WenQuanYi Micro Hei"));
    }
}
