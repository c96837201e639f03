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
        .ok_or("style.yaml: no such built-in file")?;
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

fn read(dir: &Path, name: &str) -> Result<TemplateText, String> {
    let path = dir.join(name);
    if path.is_file() {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        return Ok(TemplateText {
            name: path.display().to_string(),
            text,
        });
    }
    let text = DEFAULT_TEMPLATES
        .get_file(name)
        .and_then(|f| f.contents_utf8())
        .ok_or_else(|| format!("{name}: no such built-in template"))?;
    Ok(TemplateText {
        name: format!("{name} (built-in)"),
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

/// Writes a starter project (the seed content and the default templates) into `dir`.
/// The files `init` writes beside `content/` and `templates/`, for the project's git repository.
const REPOSITORY_FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# What huibao builds: made again from content/ by `huibao build`.\n/output/*\n!/output/.gitkeep\n",
    ),
    (
        ".gitattributes",
        "# Content and templates are UTF-8 text with LF line ends on every machine.\n*.yaml text eol=lf\n*.yml text eol=lf\n*.html text eol=lf\n# Fonts and built files are binary.\n*.ttf binary\n*.ttc binary\n*.pdf binary\n*.xlsx binary\n",
    ),
    ("output/.gitkeep", ""),
    (
        "README.md",
        "# 会议材料\n\n本仓库用 huibao 生成局长办公会会议材料（汇报及附件表格）。\n\n- `content/`：内容，`meeting.yaml` 为汇报，每个附件一个文件夹，每个合作事项一个 YAML 文件。\n- `templates/`：模板与版式（`style.yaml`）；字体由 huibao 自带，需要时可放入 `templates/fonts/`。\n- `output/`：生成的 PDF 与 XLSX，不纳入版本管理。\n\n## 两个命令\n\n```sh\nhuibao check   # 检查内容，列出所有问题\nhuibao build   # 生成 output/ 中的 PDF 和 XLSX\n```\n\n中文文件名在 git 中显示为转义码时，执行一次：\n\n```sh\ngit config core.quotepath false\n```\n",
    ),
];

/// Writes a starter project into `dir`: the seed content, the templates a user may edit (the
/// fonts stay in the binary unless the user adds some) and the files a git repository wants.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    let parts = [
        (&STARTER_CONTENT, "content"),
        (&DEFAULT_TEMPLATES, "templates"),
    ];
    // Check every target before writing any, so a refused init leaves nothing behind.
    let targets = parts
        .iter()
        .map(|(_, sub)| *sub)
        .chain(REPOSITORY_FILES.iter().map(|(name, _)| *name));
    for sub in targets {
        let target = dir.join(sub);
        if target.exists() {
            return Err(format!(
                "{} already exists: init only writes a new project",
                target.display()
            ));
        }
    }
    for (root, sub) in parts {
        write_dir(root, &dir.join(sub), &mut written)?;
    }
    for (name, text) in REPOSITORY_FILES {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

fn write_dir(dir: &Dir, target: &Path, written: &mut Vec<PathBuf>) -> Result<(), String> {
    std::fs::create_dir_all(target).map_err(|e| format!("{}: {e}", target.display()))?;
    for file in dir.files() {
        let name = file.path().file_name().unwrap_or_default();
        let path = target.join(name);
        std::fs::write(&path, file.contents()).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    for sub in dir.dirs() {
        // The built-in fonts are in the binary: a project holds only fonts its user adds.
        if sub.path() == Path::new("fonts") {
            continue;
        }
        let name = sub.path().file_name().unwrap_or_default();
        write_dir(sub, &target.join(name), written)?;
    }
    Ok(())
}
