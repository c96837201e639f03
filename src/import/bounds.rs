//! Limits on a returned workbook, checked before calamine reads it: an `.xlsx` is a zip of XML
//! parts, and a few kilobytes of it can claim a cell at XFD1048576 (calamine would allocate the
//! whole grid) or inflate to gigabytes of shared strings. Each part import reads is inflated
//! through a cap and its cell positions are scanned, so such a file is refused in milliseconds
//! with the reason.

use quick_xml::events::Event;
use std::io::Read;
use std::path::Path;

/// Largest workbook file.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest XML part (a sheet, the shared strings) once inflated.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most parts in the zip.
pub const MAX_PARTS: usize = 2_000;
/// Most columns a sheet may use (huibao's data sheet has about 16).
pub const MAX_COLUMNS: u32 = 128;

fn refuse(path: &Path, why: String) -> String {
    crate::tr!("import-refused", file = crate::diag::shown(path), why = why)
}

/// Refuses `path` when it is larger than a returned workbook of at most `max_rows` rows per
/// sheet can be: file size, number of parts, inflated size of every sheet and of the shared
/// strings, and every cell position.
pub fn check(path: &Path, max_rows: u32) -> Result<(), String> {
    file_size(path).map_err(|why| refuse(path, why))?;
    let file = std::fs::File::open(path).map_err(|e| refuse(path, e.to_string()))?;
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        // Not a zip (an old .xls, say): calamine says what it is.
        return Ok(());
    };
    part_count(&zip).map_err(|why| refuse(path, why))?;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| refuse(path, e.to_string()))?;
        let name = part.name().to_string();
        let sheet = name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        if !sheet && name != "xl/sharedStrings.xml" {
            continue;
        }
        let mut capped = (&mut part).take(MAX_PART_BYTES + 1);
        if sheet {
            scan_cells(&mut capped, max_rows)
                .map_err(|why| refuse(path, format!("{name}: {why}")))?;
        } else {
            std::io::copy(&mut capped, &mut std::io::sink())
                .map_err(|e| refuse(path, e.to_string()))?;
        }
        if capped.limit() == 0 {
            return Err(refuse(
                path,
                crate::tr!(
                    "import-part-too-large",
                    part = name.as_str(),
                    mb = MAX_PART_BYTES >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// Whether a regular file stands at `path` (a link followed): a missing file is said so; a
/// folder, a named pipe, a device or a broken link is refused by what it is (`refuse` says
/// it for the kind of file read), never opened.
pub fn regular_file(path: &Path, refuse: impl Fn(String) -> String) -> Result<(), String> {
    match crate::files::not_a_file(path) {
        None => Ok(()),
        Some(_) if std::fs::symlink_metadata(path).is_err() => Err(crate::tr!(
            "import-no-file",
            file = crate::diag::shown(path)
        )),
        Some(kind) => Err(refuse(crate::tr!("file-not-a-file", kind = kind))),
    }
}

/// Why `path` is too large a file to read (a returned workbook or Word file), if it is.
pub fn file_size(path: &Path) -> Result<(), String> {
    let size = std::fs::metadata(path)
        .map_err(|e| crate::i18n::io_reason(&e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(crate::tr!(
            "import-too-large",
            bytes = size.to_string(),
            mb = MAX_FILE_BYTES >> 20
        ));
    }
    Ok(())
}

/// Why a package has too many parts to read, if it has.
pub fn part_count<R: Read + std::io::Seek>(zip: &zip::ZipArchive<R>) -> Result<(), String> {
    if zip.len() > MAX_PARTS {
        return Err(crate::tr!("import-too-many-parts", parts = zip.len()));
    }
    Ok(())
}

/// Scans a sheet's XML for the positions of the cells that hold something (a value, an
/// inline string or a formula). Empty cells anywhere are nothing: LibreOffice Calc writes an
/// empty, formatted row 1048576 after a row is deleted, and a column formatted down to XFD is
/// as empty; calamine reads neither (it keeps only cells with values, and sizes nothing by the
/// sheet's `dimension`).
fn scan_cells(part: &mut impl Read, max_rows: u32) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    // The reference of the `<c>` being read, until it shows it holds something.
    let mut open: Option<String> = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                b"c" => {
                    open = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == b"r")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                }
                b"v" | b"is" | b"f" => {
                    if let Some(place) = open.take() {
                        check_place(&place, max_rows)?;
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == b"c" => open = None,
            Ok(Event::Eof) => return Ok(()),
            Err(e) => return Err(crate::tr!("import-bad-xml", detail = e.to_string())),
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// A cell reference (`XFD1048576`) or a row number (`12`) inside the bounds.
fn check_place(place: &str, max_rows: u32) -> Result<(), String> {
    let letters: String = place
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    let digits = &place[letters.len()..];
    let col = letters.chars().fold(0u32, |n, c| {
        n.saturating_mul(26)
            .saturating_add(u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1))
    });
    let row: u32 = digits.parse().unwrap_or(0);
    if row > max_rows {
        return Err(crate::tr!(
            "import-cell-past-rows",
            place = place,
            row = row,
            max = max_rows
        ));
    }
    if col > MAX_COLUMNS {
        return Err(crate::tr!(
            "import-cell-past-columns",
            place = place,
            max = MAX_COLUMNS
        ));
    }
    Ok(())
}
