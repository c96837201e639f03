//! `huibao init DIR`: a starter project: the seed content (each file pointing its editor at
//! the schema), the templates a user may edit, the schemas, and what a git repository wants.

use super::{Failure, Outcome};
use crate::content::labels::FileKind;
use crate::content::schema;
use crate::import::table::FromTables;
use crate::theme::{DEFAULT_TEMPLATES, STARTER_CONTENT};
use include_dir::Dir;
use std::path::{Path, PathBuf};

/// `huibao init DIR [--from TABLE…]`: writes a starter project, its content the seed's or
/// read from the office's own annex tables (each cell it could not place listed).
pub fn init(dir: &Path, from: &[PathBuf]) -> Result<Outcome, Failure> {
    let tables = if from.is_empty() {
        None
    } else {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        Some(crate::import::table::content_from(from, &today).map_err(Failure::Other)?)
    };
    let existed = dir.exists();
    let mut written = Vec::new();
    if let Err(e) = write_project(dir, tables.as_ref(), &mut written) {
        remove_written(dir, existed, &written);
        return Err(Failure::Other(e));
    }
    let cd = shell_word(&dir.display().to_string());
    let folder = dir.display().to_string();
    let Some(tables) = tables else {
        return Ok(Outcome::from(crate::tr!(
            "init-wrote",
            count = written.len(),
            folder = folder,
            cd = cd
        )));
    };
    let mut lines = crate::import::table::unplaced_lines(&tables.unplaced);
    lines.push(crate::tr!(
        "init-from-wrote",
        annexes = tables.annexes,
        items = tables.items,
        folder = folder,
        cd = cd
    ));
    if !tables.unplaced.is_empty() {
        lines.push(crate::tr!(
            "init-from-unplaced",
            count = tables.unplaced.len()
        ));
    }
    Ok(Outcome::from(lines.join("\n")))
}

/// The Chinese guide for the office, written beside `content/` (and shipped in the Windows zip).
const GUIDE: (&str, &str) = ("使用说明.md", include_str!("../../docs/使用说明.md"));

/// The files `init` writes beside `content/` and `templates/`, for the project's git repository.
const REPOSITORY_FILES: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# What huibao builds: made again from content/ by `huibao build`.\n/output/*\n!/output/.gitkeep\n# huibao's lock while a build reads content/ and `import --write` edits it.\n.huibao-lock\n",
    ),
    (
        ".gitattributes",
        "# Content and templates are UTF-8 text with LF line ends on every machine.\n*.yaml text eol=lf\n*.yml text eol=lf\n*.html text eol=lf\n# Fonts and built files are binary.\n*.ttf binary\n*.ttc binary\n*.pdf binary\n*.xlsx binary\n",
    ),
    ("output/.gitkeep", ""),
    (
        "README.md",
        "# 会议材料\n\n本仓库用 huibao 生成局长办公会会议材料（汇报及附件表格）。\n\n- `content/`：内容，`meeting.yaml` 为汇报，每个附件一个文件夹，每个合作事项一个 YAML 文件。\n- `templates/`：模板与版式（`style.yaml`）；字体由 huibao 自带，需要时可放入 `templates/fonts/`。\n- `output/`：生成的 PDF、XLSX 与 DOCX，不纳入版本管理。\n\n安装、每周的工作流程、每个字段的写法和常见提示，见 `使用说明.md`。\n\n## 常用命令\n\n```sh\nhuibao check                      # 检查内容，列出所有问题\nhuibao build                      # 生成 output/ 中的 PDF、XLSX 和 Word 文件\nhuibao watch                      # 每次保存后自动重新生成\nhuibao new yongan \"环保宣传\"       # 在附件 yongan 中新建一个事项文件\nhuibao list                       # 列出附件、事项和行\nhuibao import 返回/环保处.xlsx     # 查看部门交回的工作簿改了什么（加 --write 写入）\nhuibao changes --format docx --out 修改说明.docx   # 生成修改说明\nhuibao clean                      # 删除上次生成的文件\n```\n\n每个命令加 `--help` 可看说明；提示默认按系统语言显示，`--lang en` 改为英文。\n\n## 用 git 保存版本\n\n第一次（只需一次）：\n\n```sh\ngit init\ngit config core.quotepath false   # 中文文件名正常显示\ngit add -A\ngit commit -m \"第一版\"\n```\n\n以后每次改完：`git add -A`，再 `git commit -m \"写明改了什么\"`；`huibao changes HEAD` 列出还没提交的修改。\n",
    ),
];

/// Writes a starter project into `dir`: the seed content (or `tables`' content), the
/// templates a user may edit (the fonts stay in the binary unless the user adds some), the
/// Chinese guide and the files a git repository wants.
fn write_project(
    dir: &Path,
    tables: Option<&FromTables>,
    written: &mut Vec<PathBuf>,
) -> Result<(), String> {
    // Check every target before writing any, so a refused init leaves nothing behind.
    let targets = ["content", "templates", GUIDE.0]
        .into_iter()
        .chain(REPOSITORY_FILES.iter().map(|(name, _)| *name))
        .chain([schema::FOLDER]);
    for sub in targets {
        let target = dir.join(sub);
        if target.exists() {
            return Err(crate::tr!(
                "init-exists",
                path = target.display().to_string()
            ));
        }
    }
    match tables {
        Some(tables) => write_tables(tables, &dir.join("content"), written)?,
        None => write_dir(&STARTER_CONTENT, &dir.join("content"), true, written)?,
    }
    write_dir(&DEFAULT_TEMPLATES, &dir.join("templates"), false, written)?;
    // The schemas know the starter's years and departments, as `huibao schema` would.
    let facts = schema::Facts::of(&dir.join("content"));
    for (kind, name) in schema::KINDS {
        let path = dir.join(schema::FOLDER).join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: {}", parent.display(), crate::i18n::io_reason(&e)))?;
        }
        std::fs::write(&path, schema::json_for(kind, &facts))
            .map_err(|e| format!("{}: {}", path.display(), crate::i18n::io_reason(&e)))?;
        written.push(path);
    }
    for (name, text) in REPOSITORY_FILES.iter().chain([&GUIDE]) {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: {}", parent.display(), crate::i18n::io_reason(&e)))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| format!("{}: {}", path.display(), crate::i18n::io_reason(&e)))?;
        written.push(path);
    }
    Ok(())
}

/// After a failed write (a full disk, a name the disk refuses): the files written so far go,
/// then each folder they leave empty, up to `dir` itself when init made it, so a failed init
/// leaves nothing behind.
fn remove_written(dir: &Path, existed: bool, written: &[PathBuf]) {
    // The lock reading the new content for the schemas made: content/ is init's own.
    let _ = std::fs::remove_file(dir.join("content").join(".huibao-lock"));
    for path in written {
        let _ = std::fs::remove_file(path);
        crate::paths::remove_empty_folders(path, dir);
    }
    // A folder made before its first file was written (content/, or an annex's).
    if !existed {
        let _ = remove_empty_tree(dir);
    }
}

/// Removes `dir` and the empty folders under it; stops at any file.
fn remove_empty_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() && !path.is_symlink() {
            remove_empty_tree(&path)?;
        }
    }
    std::fs::remove_dir(dir)
}

/// The content read from tables, each file with its schema line on top.
fn write_tables(
    tables: &FromTables,
    target: &Path,
    written: &mut Vec<PathBuf>,
) -> Result<(), String> {
    for (name, text) in &tables.files {
        // Names made from the tables' words (the partner, each 事项): under content/ by the one
        // rule for paths, whatever a title holds.
        let path = crate::paths::inside(target, name)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: {}", parent.display(), crate::i18n::io_reason(&e)))?;
        }
        std::fs::write(&path, modeline(Path::new(name)) + text)
            .map_err(|e| format!("{}: {}", path.display(), crate::i18n::io_reason(&e)))?;
        written.push(path);
    }
    Ok(())
}

/// The starter's meeting.yaml with the departments its items name (so a misspelt department
/// is caught from the first edit) and today's date as the document date (成文日期).
fn with_today(meeting: &[u8]) -> String {
    let text = String::from_utf8_lossy(meeting);
    let today = chrono::Local::now().format("%Y-%m-%d");
    let lines = format!(
        "# 处室名单：牵头部门、配合部门须是其中之一（写错时 huibao 会提示）；配合部门写“无”表示没有。\n\
         departments: [{}]\n\
         # 成文日期（年-月-日）：写入 PDF 和 XLSX 的文件属性。\n\
         date: {today}\n",
        starter_departments().join(", ")
    );
    match text.find("\nyears:") {
        Some(at) => {
            let end = text[at + 1..]
                .find('\n')
                .map_or(text.len(), |n| at + 1 + n + 1);
            format!("{}{lines}{}", &text[..end], &text[end..])
        }
        None => format!("{text}{lines}"),
    }
}

/// Every department the starter's items name, in the order they first appear.
fn starter_departments() -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut files: Vec<&include_dir::File> = STARTER_CONTENT
        .dirs()
        .flat_map(include_dir::Dir::files)
        .filter(|f| f.path().file_name().is_some_and(|n| n != "_annex.yaml"))
        .collect();
    files.sort_by_key(|f| f.path());
    for file in files {
        let text = String::from_utf8_lossy(file.contents());
        for (path, _, value) in crate::content::locate::Locator::new(&text).scalars {
            let is_department = [".lead_dept", ".support_depts"]
                .iter()
                .any(|f| path.contains(f))
                || path.ends_with(".by");
            let name = value.trim();
            if is_department
                && !name.is_empty()
                && !crate::content::validate::NOT_A_DEPARTMENT.contains(&name)
                && !found.iter().any(|d| d == name)
            {
                found.push(name.to_string());
            }
        }
    }
    found
}

/// Writes an embedded folder; `content` files get the schema line on top.
fn write_dir(
    dir: &Dir,
    target: &Path,
    content: bool,
    written: &mut Vec<PathBuf>,
) -> Result<(), String> {
    std::fs::create_dir_all(target)
        .map_err(|e| format!("{}: {}", target.display(), crate::i18n::io_reason(&e)))?;
    for file in dir.files() {
        let name = file.path().file_name().unwrap_or_default();
        let path = target.join(name);
        let mut bytes = if content {
            modeline(file.path()).into_bytes()
        } else {
            Vec::new()
        };
        if content && file.path() == Path::new("meeting.yaml") {
            bytes.extend_from_slice(with_today(file.contents()).as_bytes());
        } else {
            bytes.extend_from_slice(file.contents());
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("{}: {}", path.display(), crate::i18n::io_reason(&e)))?;
        written.push(path);
    }
    for sub in dir.dirs() {
        // The built-in fonts are in the binary: a project holds only fonts its user adds.
        if sub.path() == Path::new("fonts") {
            continue;
        }
        let name = sub.path().file_name().unwrap_or_default();
        write_dir(sub, &target.join(name), content, written)?;
    }
    Ok(())
}

/// The schema line for a starter content file (`path` relative to `content/`), or nothing for
/// a template.
fn modeline(path: &Path) -> String {
    if path.extension().is_none_or(|e| e != "yaml") {
        return String::new();
    }
    let depth = path.components().count();
    let kind = match path.file_name().and_then(|n| n.to_str()) {
        Some("meeting.yaml") => FileKind::Meeting,
        Some("_annex.yaml") => FileKind::Annex,
        _ => FileKind::Item,
    };
    let name = schema::KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, n)| n);
    schema::modeline(&format!("{}{}/{name}", "../".repeat(depth), schema::FOLDER))
}

/// `word` as one word on the command line the user pastes it into: quoted when it holds a
/// space or a character the shell reads (`'新 项目'` in a Unix shell, `"新 项目"` in cmd).
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./\\:+,@".contains(c) || !c.is_ascii());
    if plain && !word.chars().any(char::is_whitespace) {
        word.to_string()
    } else if cfg!(windows) {
        format!("\"{word}\"")
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_folder_with_a_space_is_one_word_in_the_cd_line() {
        assert_eq!(super::shell_word("项目"), "项目");
        assert_eq!(super::shell_word("新 项目 2026"), "'新 项目 2026'");
        assert_eq!(super::shell_word("it's"), "'it'\\''s'");
        assert_eq!(super::shell_word("a　b"), "'a　b'");
    }
}
