//! Shared helpers for the integration tests: a copy of the seed project in a temp folder, and a
//! way to run the huibao binary in it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary project folder holding a copy of the repository's `content/`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        // huibao's own lock, left in the repository's content/ by a build there.
        if entry.file_name().to_string_lossy().starts_with(".huibao-") {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs huibao with `args` in `dir` (without SOURCE_DATE_EPOCH from the environment), in
/// an English locale whatever the machine's (tests in Chinese pass `--lang zh`).
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .output()
        .unwrap()
}

/// Asserts that a huibao run succeeded, showing its errors when it did not.
pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir` (subfolders included) with its path relative to `dir`, sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Fixture {
    /// A project with the seed content (and no templates: the built-in ones are used).
    pub fn seed() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        Fixture { dir }
    }

    /// The seed content, committed in a new git repository (as an office keeps it).
    pub fn seed_in_git() -> Fixture {
        let f = Fixture::seed();
        f.git(&["init", "-q"]);
        f.git(&["add", "content"]);
        f.git(&["commit", "-q", "-m", "seed"]);
        f
    }

    /// A project with the seed content and the repository's templates.
    pub fn seed_with_templates() -> Fixture {
        let f = Fixture::seed();
        copy_dir(&repo().join("templates"), &f.dir.path().join("templates"));
        f
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces `from` by `to` in a file, asserting that `from` is there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Runs huibao with `args` in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(self.dir.path(), args)
    }

    /// Runs git in the project folder as the office (its own name and address, so no global
    /// configuration is needed, and Chinese names unquoted), asserting that it succeeds;
    /// returns what it printed.
    pub fn git(&self, args: &[&str]) -> String {
        let o = Command::new("git")
            .args([
                "-c",
                "user.email=office@example.org",
                "-c",
                "user.name=办公室",
                "-c",
                "core.quotepath=false",
            ])
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Runs `huibao build`, asserting that it succeeds.
    pub fn build_ok(&self) {
        assert_ok(&self.run(&["build"]));
    }

    /// Runs `huibao build` and returns (success, stderr), problems in the short format (one
    /// line each, no source snippet).
    pub fn build(&self) -> (bool, String) {
        let out = self.run(&["build", "--message-format", "short"]);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    }

    /// Runs `huibao build --markup` (which also writes each part's markup into
    /// `output/markup/`) and returns the markup of part `stem`.
    pub fn build_markup(&self, stem: &str) -> String {
        assert_ok(&self.run(&["build", "--markup"]));
        self.read(&format!("output/markup/{stem}.html"))
    }

    /// The text of a built PDF in `output/`, whitespace removed, and its page count.
    pub fn pdf_text(&self, name: &str) -> (String, usize) {
        let pages = pdf::extract(&std::fs::read(self.path(&format!("output/{name}"))).unwrap());
        (
            pages.iter().map(|p| pdf::squash(&p.text)).collect(),
            pages.len(),
        )
    }

    /// Runs `huibao check` and returns (success, stdout, stderr), problems in the short format
    /// (one line each, no source snippet).
    pub fn check(&self) -> (bool, String, String) {
        let out = self.run(&["check", "--message-format", "short"]);
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    }
}

/// The seed's documents as huibao renders them (the text every output must carry): the
/// report, then each annex.
pub fn seed_documents() -> Vec<huibao::document::Document> {
    let project = huibao::content::load(&repo().join("content")).unwrap();
    let theme = huibao::theme::Theme::load(&repo().join("templates")).unwrap();
    let r = huibao::render::render(&project, &theme).unwrap();
    std::iter::once(r.report.document)
        .chain(r.annexes.into_iter().map(|(_, r)| r.document))
        .collect()
}

/// Whether `program` runs here with `args` and succeeds (an outside tool a test may use).
pub fn runs_here(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether LibreOffice (`soffice`) and its Python UNO bridge (Debian's python3) are here. In
/// CI (`CI=true`, where `.ci/run` installs them) their absence fails the test instead of
/// skipping it: the tests that drive the real office programs must run there.
pub fn libreoffice_uno() -> bool {
    let here = runs_here("soffice", &["--version"])
        && runs_here("/usr/bin/python3", &["-c", "import uno"]);
    required_in_ci(here, "LibreOffice with Python UNO");
    here
}

/// Panics when `here` is false in CI, naming `what`: a real-client test never skips there.
pub fn required_in_ci(here: bool, what: &str) {
    assert!(
        here || std::env::var("CI").as_deref() != Ok("true"),
        "{what} is missing in CI: .ci/run installs it"
    );
}

#[path = "common_pdf.rs"]
pub mod pdf;

pub const YONGAN1: &str = "content/yongan/01-加强生态环境保护.yaml";
pub const YONGAN2: &str = "content/yongan/02-拓展竹林产业市场.yaml";
pub const DATIAN3: &str = "content/datian/03-土壤环境保护.yaml";
pub const DATIAN6: &str = "content/datian/06-EOD项目.yaml";

/// The seed with a departments list, as `huibao init` writes it.
pub fn seed_with_departments() -> Fixture {
    let f = Fixture::seed();
    f.edit(
        "content/meeting.yaml",
        "years: [2023, 2024, 2025]\n",
        "years: [2023, 2024, 2025]\ndepartments: [水利处, 市容环卫处, 废管中心, 供排水处, 区供排水中心, 各镇, 环保处, 环境管理事务中心, 监测站, 督察处, 绿林处, 基建处]\n",
    );
    f
}
