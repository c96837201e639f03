//! The templates folder: Tera templates, `style.yaml` and fonts, each taken from `templates/`
//! when the file is there and from the defaults compiled into the binary when it is not, so a
//! folder holding only `content/` builds.

use crate::style::Style;
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};

/// The default templates, style and fonts (the repository's `templates/`).
pub static DEFAULT_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The seed content, written by `huibao init`.
pub static STARTER_CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");

/// The built-in `style.yaml`, parsed (for tests and tools that need the default look).
pub fn default_style() -> Result<Style, String> {
    let text = DEFAULT_TEMPLATES
        .get_file("style.yaml")
        .and_then(|f| f.contents_utf8())
        .ok_or_else(|| crate::tr!("theme-no-builtin", name = "style.yaml"))?;
    Style::parse(text)
}

/// A template's text and the name errors use for it.
#[derive(Debug, Clone)]
pub struct TemplateText {
    /// `templates/annex.html`, or `annex.html (built-in)`.
    pub name: String,
    /// The template source.
    pub text: String,
}

/// Templates and style, ready to render.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The templates folder the user named (it may not exist).
    pub dir: PathBuf,
    /// `report.html`.
    pub report: TemplateText,
    /// `annex.html`.
    pub annex: TemplateText,
    /// `style.yaml`, parsed.
    pub style: Style,
    /// How errors and warnings name `style.yaml` (`templates/style.yaml`, or `style.yaml
    /// (built-in)`).
    pub style_name: String,
}

/// Largest template or `style.yaml` read (the built-in ones are under 20 KB).
const MAX_TEMPLATE_BYTES: u64 = 4 * 1024 * 1024;

fn read(dir: &Path, name: &str) -> Result<TemplateText, String> {
    let path = dir.join(name);
    // Only a name that is not there at all falls back to the built-in file: a pipe, a folder
    // or a broken link there is the user's and is refused, never silently replaced.
    if std::fs::symlink_metadata(&path).is_ok() {
        let unreadable = |detail: String| {
            crate::tr!(
                "theme-unreadable",
                file = path.display().to_string(),
                detail = detail
            )
        };
        let bytes = crate::files::read(&path, MAX_TEMPLATE_BYTES)
            .map_err(|r| unreadable(r.reason(MAX_TEMPLATE_BYTES)))?;
        let text = String::from_utf8(bytes).map_err(|e| unreadable(e.to_string()))?;
        return Ok(TemplateText {
            name: path.display().to_string(),
            text,
        });
    }
    let text = DEFAULT_TEMPLATES
        .get_file(name)
        .and_then(|f| f.contents_utf8())
        .ok_or_else(|| crate::tr!("theme-no-builtin", name = name))?;
    Ok(TemplateText {
        name: crate::tr!("theme-builtin-name", name = name),
        text: text.to_string(),
    })
}

impl Theme {
    /// Reads `dir` (falling back to the built-in files one by one).
    pub fn load(dir: &Path) -> Result<Theme, String> {
        let style_text = read(dir, "style.yaml")?;
        let style =
            Style::parse(&style_text.text).map_err(|e| format!("{}: {e}", style_text.name))?;
        Ok(Theme {
            dir: dir.to_path_buf(),
            report: read(dir, "report.html")?,
            annex: read(dir, "annex.html")?,
            style,
            style_name: style_text.name,
        })
    }
}
