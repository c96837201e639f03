//! Output file names: the one place that says which file a piece of content becomes and
//! whether that name works on every disk the office uses (Windows, macOS, Linux). The checks
//! run at load, so `check` refuses a name before a build would fail on it or, worse, write two
//! departments into one file.

/// The longest annex folder or department name, in bytes (UTF-8): with the longest extension
/// (`.xlsx`, `.docx`, `.html`) a file name stays within the 255 bytes Linux and macOS allow.
/// Temporaries and set-aside files never contain the name ([`crate::transaction`]).
pub const MAX_NAME_BYTES: usize = 250;

/// Characters no file name may hold on Windows (and `/` nowhere).
const INVALID_CHARS: &[char] = &['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

/// Windows' device names: `CON`, `con.txt` and `Com1.xlsx` all open a device, not a file.
const DEVICE_NAMES: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6",
    "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$",
];

/// The stem of the whole material's files: no annex may take it.
pub const MEETING_STEM: &str = "meeting";
/// The folder of the department workbooks.
pub const DEPARTMENTS_FOLDER: &str = "departments";

/// The whole material's PDF.
pub fn meeting_pdf() -> String {
    format!("{MEETING_STEM}.pdf")
}

/// The file of one section (the report or an annex) with extension `ext`.
pub fn section_file(stem: &str, ext: &str) -> String {
    format!("{stem}.{ext}")
}

/// A department's workbook, `departments/<name>.xlsx`. The name is used as it is: it was
/// checked at load ([`problem`], [`fold`]).
pub fn department_workbook(department: &str) -> String {
    format!("{DEPARTMENTS_FOLDER}/{}.xlsx", department.trim())
}

/// Why `name` cannot be (the stem of) a file name on every disk, or None when it can.
pub fn problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        return Some(crate::tr!("name-blank"));
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(crate::tr!(
            "name-too-long",
            bytes = name.len(),
            max = MAX_NAME_BYTES,
            chars = MAX_NAME_BYTES / 3
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || crate::diag::is_format_control(*c))
    {
        return Some(crate::tr!(
            "name-control",
            code = c.escape_unicode().to_string()
        ));
    }
    if let Some(c) = name.chars().find(|c| INVALID_CHARS.contains(c)) {
        return Some(crate::tr!("name-invalid-char", char = c.to_string()));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(crate::tr!("name-trailing-dot"));
    }
    let device = name.split('.').next().unwrap_or(name).trim_end();
    if DEVICE_NAMES.iter().any(|d| d.eq_ignore_ascii_case(device)) {
        return Some(crate::tr!("name-device", device = device));
    }
    None
}

/// The form under which two names are the same file on a case-insensitive disk (Windows,
/// macOS), with full-width letters and digits as their ASCII twins (`ＡＢＣ`, `abc`, `ABC`).
pub fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // NFC first: `Café` typed as e + U+0301 and as é are one file on macOS disks, and a CJK
    // compatibility ideograph (U+F9D1) is its unified one (六).
    name.trim()
        .nfc()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_equal_on_some_disk_fold_to_one() {
        assert_eq!(fold("Cafe\u{301}"), fold("Café"));
        assert_eq!(fold("\u{F9D1}合作"), fold("六合作"));
        assert_eq!(fold("ＡＢ"), fold("ab"));
    }

    #[test]
    fn names_that_fail_on_some_disk_are_named_with_the_reason() {
        for ok in ["环保处", "yongan", "生态环境保护综合行政执法大队", "A-1_b"] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "CON",
            "nul",
            "Com1",
            "LPT9",
            "con.txt",
            "环保处.",
            "环保处 ",
            "a:b",
            "环保处?",
            "a\u{202E}b",
            "x\ny",
        ] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
        assert!(problem(&"局".repeat(84)).is_some(), "252 bytes");
        assert_eq!(problem(&"局".repeat(83)), None, "249 bytes");
    }

    #[test]
    fn names_the_same_on_a_case_insensitive_disk_fold_alike() {
        assert_eq!(fold("ABC"), fold("abc"));
        assert_eq!(fold("ＡＢＣ"), fold("abc"));
        assert_eq!(fold("Meeting"), MEETING_STEM);
        assert_ne!(fold("环保处"), fold("环保局"));
    }
}
