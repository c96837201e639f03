//! Finding an installed font by family name (仿宋_GB2312 on an office PC), so `style.yaml` can
//! name fonts the way users know them. fontdb reads the system's font folders and every face's
//! family names (localized ones included), as typst does.

use std::path::PathBuf;

/// An installed font face: its file and the face's index in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemFont {
    /// The font file.
    pub path: PathBuf,
    /// The face inside a `.ttc` collection (0 for a single font).
    pub index: u32,
}

/// The operating system's installed fonts, read once (on first use) for every lookup of one
/// load.
#[derive(Default)]
pub struct Installed {
    db: std::sync::OnceLock<fontdb::Database>,
}

impl Installed {
    /// The installed face whose family name (in any language) is `family`.
    pub fn find(&self, family: &str) -> Option<SystemFont> {
        let db = self.db.get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        });
        find_in(db, family)
    }
}

/// The face of `db` whose family name is `family`.
fn find_in(db: &fontdb::Database, family: &str) -> Option<SystemFont> {
    let id = db.query(&fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        ..fontdb::Query::default()
    })?;
    match db.face_source(id)? {
        (fontdb::Source::File(path), index) => Some(SystemFont { path, index }),
        (fontdb::Source::SharedFile(path, _), index) => Some(SystemFont { path, index }),
        (fontdb::Source::Binary(_), _) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_face_by_family_name_in_a_font_folder() {
        let dir = tempfile::tempdir().unwrap();
        for (name, file) in [
            ("song.ttf", "fonts/gbsn00lp.ttf"),
            ("hei.ttc", "fonts/wqy-microhei.ttc"),
        ] {
            let data = crate::theme::DEFAULT_TEMPLATES
                .get_file(file)
                .unwrap()
                .contents();
            std::fs::write(dir.path().join(name), data).unwrap();
        }
        let mut db = fontdb::Database::new();
        db.load_fonts_dir(dir.path());
        let song = find_in(&db, "AR PL SungtiL GB").unwrap();
        assert_eq!(song.path.file_name().unwrap(), "song.ttf");
        let hei = find_in(&db, "WenQuanYi Micro Hei").unwrap();
        assert_eq!(
            (hei.path.file_name().unwrap().to_str(), hei.index),
            (Some("hei.ttc"), 0)
        );
        assert_eq!(find_in(&db, "仿宋_GB2312"), None);
    }
}
