//! Writing PDF objects byte for byte as lopdf writes them (`Document::save_to`), with every
//! reference passed through a renumbering: the composer writes the objects of drawn sections
//! under an output file's numbers straight from where they are kept, without copying them
//! into a new document first.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::fmt::Write as _;

/// What a reference becomes in the file being written.
pub type Renumber<'a> = &'a dyn Fn(ObjectId) -> ObjectId;

/// A PDF file being written: its bytes and where each object starts, for the cross-reference
/// table.
pub struct PdfFile {
    bytes: Vec<u8>,
    /// Offsets of objects 1, 2, … in order, with their generation.
    offsets: Vec<(usize, u16)>,
}

impl PdfFile {
    /// A file with the header of `version`, room reserved for about `capacity` bytes.
    pub fn new(version: &str, capacity: usize) -> PdfFile {
        let mut bytes = Vec::with_capacity(capacity);
        bytes.extend_from_slice(b"%PDF-");
        bytes.extend_from_slice(version.as_bytes());
        // A comment of four bytes above 127 marks the file as binary (PDF/A-1, 6.1.2).
        bytes.extend_from_slice(b"\n%\xE2\xE3\xCF\xD3\n");
        PdfFile {
            bytes,
            offsets: Vec::new(),
        }
    }

    /// The number the next object written gets.
    pub fn next_id(&self) -> u32 {
        self.offsets.len() as u32 + 1
    }

    /// Starts the next indirect object (`N G obj` and an end of line, as PDF/A-1 6.1.8 asks).
    fn open(&mut self, generation: u16) {
        let id = self.next_id();
        self.offsets.push((self.bytes.len(), generation));
        let _ = writeln!(Text(&mut self.bytes), "{id} {generation} obj");
    }

    /// Ends the indirect object opened: `endobj` on a line of its own.
    fn close(&mut self) {
        self.bytes.extend_from_slice(b"\nendobj\n");
    }

    /// Writes `object` as the next indirect object, its references renumbered by `map`.
    pub fn object(&mut self, generation: u16, object: &Object, map: Renumber) {
        self.open(generation);
        write_object(&mut self.bytes, object, map);
        self.close();
    }

    /// Writes the dictionary `dict` as the next indirect object with the entries named in
    /// `replaced` taken out and `added` put at its end (as lopdf's `set` of a key moves it
    /// to the end): the dictionary's own references are renumbered by `map`, the added
    /// entries' by `added_map`.
    pub fn dictionary_with(
        &mut self,
        generation: u16,
        dict: &Dictionary,
        map: Renumber,
        added: &[(&[u8], &Object)],
        added_map: Renumber,
    ) {
        self.open(generation);
        self.bytes.extend_from_slice(b"<<");
        for (key, value) in dict {
            if added.iter().any(|(k, _)| *k == key.as_slice()) {
                continue;
            }
            write_entry(&mut self.bytes, key, value, map);
        }
        for (key, value) in added {
            write_entry(&mut self.bytes, key, value, added_map);
        }
        self.bytes.extend_from_slice(b">>");
        self.close();
    }

    /// Ends the file: the cross-reference table, the trailer `trailer` (its references
    /// renumbered by `map`, `Size` added) and the pointer to the table.
    pub fn finish(mut self, trailer: &Dictionary, map: Renumber) -> Vec<u8> {
        let start = self.bytes.len();
        let size = self.offsets.len() + 1;
        let mut text = String::with_capacity(20 * size + 64);
        let _ = writeln!(text, "xref\n0 {size}");
        let _ = writeln!(text, "{:>010} {:>05} f ", 0, 65535);
        for (offset, generation) in &self.offsets {
            let _ = writeln!(text, "{offset:>010} {generation:>05} n ");
        }
        text.push_str("trailer\n");
        self.bytes.extend_from_slice(text.as_bytes());
        let mut trailer = trailer.clone();
        trailer.set("Size", size as i64);
        write_dictionary(&mut self.bytes, &trailer, map);
        let _ = write!(Text(&mut self.bytes), "\nstartxref\n{start}\n%%EOF");
        self.bytes.shrink_to_fit();
        self.bytes
    }
}

/// `fmt::Write` into a byte vector.
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// Whether a space must come before `object` after a name or `obj`.
fn need_separator(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// Writes `object`, its references renumbered by `map`.
pub fn write_object(out: &mut Vec<u8>, object: &Object, map: Renumber) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(i) => {
            let _ = write!(Text(out), "{i}");
        }
        Object::Real(r) => {
            let _ = write!(Text(out), "{r:.02?}");
        }
        Object::Name(name) => write_name(out, name),
        Object::String(text, format) => write_string(out, text, format),
        Object::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 && need_separator(item) {
                    out.push(b' ');
                }
                write_object(out, item, map);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict, map),
        Object::Stream(stream) => {
            write_dictionary(out, &stream.dict, map);
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(&stream.content);
            // An end of line before `endstream`, not counted in the length (PDF/A-1 6.1.7).
            out.extend_from_slice(b"\nendstream");
        }
        Object::Reference(id) => {
            let (n, g) = map(*id);
            let _ = write!(Text(out), "{n} {g} R");
        }
    }
}

/// One `/Key value` entry of a dictionary.
fn write_entry(out: &mut Vec<u8>, key: &[u8], value: &Object, map: Renumber) {
    write_name(out, key);
    if need_separator(value) {
        out.push(b' ');
    }
    write_object(out, value, map);
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary, map: Renumber) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_entry(out, key, value, map);
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            let _ = write!(Text(out), "#{byte:02X}");
        } else {
            out.push(byte);
        }
    }
}

fn write_string(out: &mut Vec<u8>, text: &[u8], format: &StringFormat) {
    match format {
        StringFormat::Hexadecimal => {
            out.push(b'<');
            for byte in text {
                let _ = write!(Text(out), "{byte:02X}");
            }
            out.push(b'>');
        }
        StringFormat::Literal => {
            // Unbalanced parentheses, backslashes and carriage returns are escaped.
            let mut escaped = Vec::new();
            let mut open = Vec::new();
            for (i, &byte) in text.iter().enumerate() {
                match byte {
                    b'(' => open.push(i),
                    b')' if open.pop().is_none() => escaped.push(i),
                    b'\\' | b'\r' => escaped.push(i),
                    _ => {}
                }
            }
            escaped.append(&mut open);
            out.push(b'(');
            for (i, &byte) in text.iter().enumerate() {
                if escaped.contains(&i) {
                    out.push(b'\\');
                    out.push(if byte == b'\r' { b'r' } else { byte });
                } else {
                    out.push(byte);
                }
            }
            out.push(b')');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Document, Stream};

    /// Every kind of object written here reads back as itself (lopdf's reader), in the syntax
    /// PDF/A-1 asks: a binary comment after the header, `obj` and `endobj` and `endstream`
    /// each after an end of line.
    #[test]
    fn objects_read_back_as_written_in_pdf_a_syntax() {
        let mut dict = Dictionary::new();
        dict.set("A", Object::Null);
        dict.set("B", false);
        dict.set("C", Object::Name(b"na me#(x)".to_vec()));
        dict.set("D", Object::Real(841.889));
        dict.set("E", Object::Integer(-3));
        dict.set(
            "F",
            Object::Array(vec![
                Object::Integer(1),
                Object::Reference((1, 0)),
                Object::Name(b"Fit".to_vec()),
                Object::Real(0.5),
                Object::String(b"a(b\\c)d)(\r".to_vec(), StringFormat::Literal),
                Object::String(vec![0xFE, 0xFF, 0, 0x41], StringFormat::Hexadecimal),
            ]),
        );
        let objects = vec![
            Object::Null,
            Object::Boolean(true),
            Object::Integer(3),
            Object::Real(0.5),
            Object::Name(b"Type".to_vec()),
            Object::Reference((2, 0)),
            Object::Dictionary(dict.clone()),
            Object::Stream(Stream::new(dict.clone(), b"BT ET".to_vec())),
        ];
        let same = |id: ObjectId| id;
        let mut file = PdfFile::new("1.4", 0);
        for o in &objects {
            file.object(0, o, &same);
        }
        let mut trailer = Dictionary::new();
        trailer.set("Root", Object::Reference((7, 0)));
        let ours = file.finish(&trailer, &same);
        assert!(ours.starts_with(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n"));
        let text = String::from_utf8_lossy(&ours);
        assert!(text.contains("8 0 obj\n<<") && text.contains("\nendstream\nendobj\n"));
        let doc = Document::load_mem(&ours).unwrap();
        for (n, o) in objects.iter().enumerate() {
            let back = &doc.objects[&(n as u32 + 1, 0)];
            match (o, back) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                (Object::Real(a), Object::Real(b)) => assert!((a - b).abs() < 1e-3),
                (Object::Dictionary(_), Object::Dictionary(_)) => {}
                (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
            }
        }
    }
}
