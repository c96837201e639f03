//! The Windows program a clerk installs (`.ci/dist-windows.sh`'s zip), run under wine as a
//! clerk would use it: unpacked, building the seed (byte for byte what the Linux build makes,
//! with a drive-letter path), taking a department's workbook back, and refusing to replace an
//! output another program holds open with the Chinese advice to close it.
//!
//! Debian's wine 8 lacks `bcryptprimitives.dll` (Rust's standard library imports `ProcessPrng`
//! from it): the test builds a stand-in from `fixtures/windows/bcryptprimitives.c` beside the
//! unpacked program. The zip itself ships without it.

use crate::common::*;
use crate::import::{data_sheet, save, set};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// The zip `.ci/dist-windows.sh` packs.
const ZIP: &str = "target/dist/huibao-windows-x86_64.zip";

/// A wine prefix of the test's own and the unpacked program.
struct Wine {
    prefix: tempfile::TempDir,
    unpacked: tempfile::TempDir,
}

impl Wine {
    /// Unpacks the zip and builds the test's helpers beside it; None (skipped, with the reason
    /// printed) where wine, mingw or the zip is missing, which fails the test in CI.
    fn start() -> Option<Wine> {
        let zip = repo().join(ZIP);
        let here = zip.is_file()
            && runs_here("wine", &["--version"])
            && runs_here("x86_64-w64-mingw32-gcc", &["--version"]);
        required_in_ci(
            here,
            "wine, mingw-w64 or the Windows zip (.ci/dist-windows.sh)",
        );
        if !here {
            eprintln!(
                "skipped: needs wine, x86_64-w64-mingw32-gcc and {ZIP} (.ci/dist-windows.sh)"
            );
            return None;
        }
        let unpacked = tempfile::tempdir().unwrap();
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
        archive.extract(unpacked.path()).unwrap();
        let wine = Wine {
            prefix: tempfile::tempdir().unwrap(),
            unpacked,
        };
        let fixtures = repo().join("tests/it/fixtures/windows");
        for (source, out, flags) in [
            (
                "bcryptprimitives.c",
                "bcryptprimitives.dll",
                &["-shared", "-ladvapi32"][..],
            ),
            ("holder.c", "holder.exe", &["-municode"][..]),
        ] {
            let made = Command::new("x86_64-w64-mingw32-gcc")
                .arg("-O2")
                .arg("-o")
                .arg(wine.program_dir().join(out))
                .arg(fixtures.join(source))
                .args(flags)
                .output()
                .unwrap();
            assert_ok(&made);
        }
        Some(wine)
    }

    fn program_dir(&self) -> PathBuf {
        self.unpacked.path().join("huibao")
    }

    /// `wine PROGRAM args…` in `dir`, in an English locale, wine's own chatter off; PROGRAM
    /// is one in the unpacked folder (`huibao.exe`) or one of wine's (`cmd`).
    fn command(&self, program: &str, dir: &Path, args: &[&str]) -> Command {
        let mut command = Command::new("wine");
        let unpacked = self.program_dir().join(program);
        command
            .arg(if unpacked.is_file() {
                unpacked
            } else {
                program.into()
            })
            .args(args)
            .current_dir(dir)
            .env("WINEPREFIX", self.prefix.path())
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("LC_ALL")
            .env("LANG", "C.UTF-8");
        command
    }

    /// huibao.exe with `args` in `dir`.
    fn huibao(&self, dir: &Path, args: &[&str]) -> Output {
        self.command("huibao.exe", dir, args).output().unwrap()
    }
}

impl Drop for Wine {
    /// Ends the prefix's wineserver before its folder goes (it would write its registry there).
    fn drop(&mut self) {
        let _ = Command::new("wineserver")
            .arg("-k")
            .env("WINEPREFIX", self.prefix.path())
            .status();
    }
}

/// `path` as a Windows program sees it: wine's Z: drive, with backslashes.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// Waits up to a minute for `path` to appear.
fn wait_for(path: &Path) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_windows_program_builds_imports_and_asks_to_close_a_file_held_open() {
    let Some(wine) = Wine::start() else {
        return;
    };
    let linux = Fixture::seed();
    let windows = Fixture::seed();
    assert_ok(&linux.run(&["build", "--bundled-fonts"]));

    // The seed, built with an output folder given as a drive-letter path: the same bytes.
    let output = windows_path(&windows.path("output"));
    let built = wine.huibao(
        windows.path("").as_path(),
        &["build", "--bundled-fonts", "--output", &output],
    );
    assert_ok(&built);
    let files = |f: &Fixture| -> Vec<(String, Vec<u8>)> {
        tree(&f.path("output"))
            .into_iter()
            .map(|(name, bytes)| (name.replace('\\', "/"), bytes))
            .collect()
    };
    let (from_linux, from_windows) = (files(&linux), files(&windows));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&from_windows), names(&from_linux));
    for ((name, a), (_, b)) in from_linux.iter().zip(&from_windows) {
        assert!(
            a == b,
            "{name} differs between the Linux and the Windows build"
        );
    }
    // huibao's bookkeeping is hidden in Explorer; what a clerk opens is not.
    let attrib = |name: &str| -> String {
        let file = format!("output\\{name}");
        let out = wine
            .command("cmd", windows.path("").as_path(), &["/c", "attrib", &file])
            .output()
            .unwrap();
        // `A   H        Z:\…\output\.huibao-manifest.json`: the flags before the path.
        let shown = String::from_utf8_lossy(&out.stdout).into_owned();
        shown.split("Z:").next().unwrap_or_default().to_string()
    };
    let manifest = attrib(".huibao-manifest.json");
    assert!(manifest.contains('H'), "{manifest}");
    let pdf = attrib("yongan.pdf");
    assert!(pdf.contains('A') && !pdf.contains('H'), "{pdf}");

    // 环保处 sends its workbook back with one progress text typed in: imported as on Linux.
    let mut rows = data_sheet(&windows.path("output/departments/环保处.xlsx"));
    set(
        &mut rows,
        "yongan/01-",
        "事项推进情况",
        "已开展需求沟通两次。",
    );
    for f in [&linux, &windows] {
        std::fs::create_dir(f.path("返回")).unwrap();
        save(&f.path("返回/环保处.xlsx"), &rows, &[]);
    }
    assert_ok(&linux.run(&["import", "返回/环保处.xlsx", "--write"]));
    // As the guide says to type it in cmd, which leaves the wildcard to huibao.
    let imported = wine.huibao(
        windows.path("").as_path(),
        &["import", "返回\\*.xlsx", "--write"],
    );
    assert_ok(&imported);
    assert!(
        String::from_utf8_lossy(&imported.stdout).contains("wrote 1 change to 1 file"),
        "{}",
        String::from_utf8_lossy(&imported.stdout)
    );
    assert_eq!(windows.read(YONGAN1), linux.read(YONGAN1));
    assert!(
        windows
            .read(YONGAN1)
            .contains("progress: 已开展需求沟通两次。")
    );

    // yongan.pdf is open in a viewer: the build replaces nothing and says what to do.
    let before = files(&windows);
    let (ready, stop) = (windows.path("ready"), windows.path("stop"));
    let mut holder = wine
        .command(
            "holder.exe",
            windows.path("").as_path(),
            &[
                &windows_path(&windows.path("output/yongan.pdf")),
                &windows_path(&ready),
                &windows_path(&stop),
            ],
        )
        .spawn()
        .unwrap();
    wait_for(&ready);
    let refused = wine.huibao(
        windows.path("").as_path(),
        &["--lang", "zh", "build", "--bundled-fonts"],
    );
    std::fs::write(&stop, "").unwrap();
    assert!(holder.wait().unwrap().success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("yongan.pdf"), "{stderr}");
    assert!(stderr.contains("文件正被另一个程序打开"), "{stderr}");
    assert!(
        stderr.contains(
            "请在打开它的程序（Word、WPS、Excel、PDF 阅读器）中关闭这个文件，然后重新生成"
        ),
        "{stderr}"
    );
    assert!(files(&windows) == before, "a refused build changed output/");

    // Closed: the next build goes through and the PDF shows the imported text.
    assert_ok(&wine.huibao(windows.path("").as_path(), &["build", "--bundled-fonts"]));
    let (text, _) = windows.pdf_text("yongan.pdf");
    assert!(text.contains("已开展需求沟通两次。"), "{text}");

    // A font the style names by its installed family is found in the Windows fonts folder.
    let styled = Fixture::seed_with_templates();
    styled.edit(
        "templates/style.yaml",
        "hei:     {installed: [黑体, SimHei], file: fonts/wqy-microhei.ttc, index: 0,",
        "hei:     {system: WenQuanYi Micro Hei,",
    );
    let before = wine.huibao(styled.path("").as_path(), &["build"]);
    assert!(!before.status.success(), "built without the font installed");
    let stderr = String::from_utf8_lossy(&before.stderr);
    assert!(stderr.contains("WenQuanYi Micro Hei"), "{stderr}");
    let fonts = wine.prefix.path().join("drive_c/windows/Fonts");
    std::fs::copy(
        repo().join("templates/fonts/wqy-microhei.ttc"),
        fonts.join("wqy-microhei.ttc"),
    )
    .unwrap();
    let after = wine.huibao(styled.path("").as_path(), &["build"]);
    assert_ok(&after);
}
