//! Hostile and broken projects of the second reliability audit, each a way to spoil a copy of
//! the seed (with its templates): shared by the hostile benchmark (time and peak memory) and
//! the integration tests (the located message, and `watch` living through each).
#![allow(dead_code)]

use std::path::Path;

/// One spoilt project.
pub struct Spoilt {
    /// What was done.
    pub name: &'static str,
    /// The file the error must name, relative to the project.
    pub file: &'static str,
    /// Words the error must hold (in English).
    pub says: &'static str,
    /// Spoils the project at the given folder (a copy of the seed with `templates/`).
    pub spoil: fn(&Path),
    /// The files it touched, which the seed's copy restores (or removes, where the seed has
    /// none).
    pub touches: &'static [&'static str],
}

const ITEM: &str = "content/yongan/01-加强生态环境保护.yaml";

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("a seed file");
    assert!(text.contains(from), "{file} holds no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("written");
}

fn write(root: &Path, file: &str, text: &str) {
    std::fs::write(root.join(file), text).expect("written");
}

fn fifo(root: &Path, file: &str) {
    let path = root.join(file);
    std::fs::remove_file(&path).expect("removed");
    let made = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
}

/// Every spoilt project.
pub fn all() -> Vec<Spoilt> {
    vec![
        Spoilt {
            name: "10,000-deep block list (20 KB)",
            file: ITEM,
            says: "nested 10001 levels deep",
            spoil: |r| {
                replace(
                    r,
                    ITEM,
                    "rows:\n",
                    &format!("rows:\n{}x\n", "- ".repeat(10_000)),
                );
            },
            touches: &[ITEM],
        },
        Spoilt {
            name: "YAML tag !!binary",
            file: "content/meeting.yaml",
            says: "the YAML tag `!!binary`",
            spoil: |r| {
                replace(
                    r,
                    "content/meeting.yaml",
                    "meeting: 第21次局长办公会",
                    "meeting: !!binary 5Lit5paH",
                );
            },
            touches: &["content/meeting.yaml"],
        },
        Spoilt {
            name: "template includes itself",
            file: "report.html",
            says: "report.html → report.html",
            spoil: |r| write(r, "templates/report.html", "{% include \"report.html\" %}"),
            touches: &["templates/report.html"],
        },
        Spoilt {
            name: "two templates include each other",
            file: "annex.html",
            says: "annex.html → report.html → annex.html",
            spoil: |r| {
                write(r, "templates/report.html", "{% include \"annex.html\" %}");
                write(r, "templates/annex.html", "{% include \"report.html\" %}");
            },
            touches: &["templates/report.html", "templates/annex.html"],
        },
        Spoilt {
            name: "recursive macro in a template",
            file: "report.html",
            says: "report.html::m → report.html::m",
            spoil: |r| {
                write(
                    r,
                    "templates/report.html",
                    "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}{{ self::m(n=1) }}",
                );
            },
            touches: &["templates/report.html"],
        },
        Spoilt {
            name: "nested range() loops in a template",
            file: "annex.html",
            says: "range loops nest",
            spoil: |r| {
                write(
                    r,
                    "templates/annex.html",
                    "{% for i in range(end=9000) %}{% for j in range(end=9000) %}x{% endfor %}{% endfor %}",
                );
            },
            touches: &["templates/annex.html"],
        },
        Spoilt {
            name: "style.yaml: .nan",
            file: "templates/style.yaml",
            says: "the number .nan is not between",
            spoil: |r| {
                replace(
                    r,
                    "templates/style.yaml",
                    "line_pitch: 28.95",
                    "line_pitch: .nan",
                );
            },
            touches: &["templates/style.yaml"],
        },
        Spoilt {
            name: "style.yaml: .inf",
            file: "templates/style.yaml",
            says: "the number .inf is not between",
            spoil: |r| replace(r, "templates/style.yaml", "padding: ", "padding: .inf #"),
            touches: &["templates/style.yaml"],
        },
        Spoilt {
            name: "style.yaml: 1e308",
            file: "templates/style.yaml",
            says: "the number 1e308 is not between",
            spoil: |r| replace(r, "templates/style.yaml", "top: 37", "top: 1e308"),
            touches: &["templates/style.yaml"],
        },
        Spoilt {
            name: "style.yaml: a negative space",
            file: "templates/style.yaml",
            says: "the number -3 is not between",
            spoil: |r| {
                replace(
                    r,
                    "templates/style.yaml",
                    "space_after: 0.5",
                    "space_after: -3",
                );
            },
            touches: &["templates/style.yaml"],
        },
        Spoilt {
            name: "meeting.yaml is a named pipe",
            file: "content/meeting.yaml",
            says: "a named pipe",
            spoil: |r| fifo(r, "content/meeting.yaml"),
            touches: &["content/meeting.yaml"],
        },
        Spoilt {
            name: "style.yaml is a named pipe",
            file: "templates/style.yaml",
            says: "a named pipe",
            spoil: |r| fifo(r, "templates/style.yaml"),
            touches: &["templates/style.yaml"],
        },
        Spoilt {
            name: "report.html is a folder",
            file: "templates/report.html",
            says: "a folder",
            spoil: |r| {
                std::fs::remove_file(r.join("templates/report.html")).expect("removed");
                std::fs::create_dir(r.join("templates/report.html")).expect("a folder");
            },
            touches: &["templates/report.html"],
        },
        Spoilt {
            name: "style.yaml is a broken link",
            file: "templates/style.yaml",
            says: "a link to a file that does not exist",
            spoil: |r| {
                std::fs::remove_file(r.join("templates/style.yaml")).expect("removed");
                std::os::unix::fs::symlink(r.join("gone.yaml"), r.join("templates/style.yaml"))
                    .expect("a link");
            },
            touches: &["templates/style.yaml"],
        },
        Spoilt {
            name: "2 GB sparse font file",
            file: "templates/fonts/big.ttf",
            says: "over the limit",
            spoil: |r| {
                let big = std::fs::File::create(r.join("templates/fonts/big.ttf")).expect("made");
                big.set_len(2 << 30).expect("sparse");
                replace(
                    r,
                    "templates/style.yaml",
                    "file: fonts/gbsn00lp.ttf, fallback",
                    "file: fonts/big.ttf, fallback",
                );
            },
            touches: &["templates/fonts/big.ttf", "templates/style.yaml"],
        },
    ]
}

/// Puts back what `spoilt` touched from the repository at `repo`: the seed's file, or
/// nothing where the seed has none.
pub fn restore(spoilt: &Spoilt, repo: &Path, root: &Path) {
    for file in spoilt.touches {
        let path = root.join(file);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path).expect("removed"),
            Ok(_) => std::fs::remove_file(&path).expect("removed"),
            Err(_) => {}
        }
        let seed = repo.join(file);
        if seed.exists() {
            std::fs::copy(&seed, &path).expect("restored");
        }
    }
}
