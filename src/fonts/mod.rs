//! Fonts, shared by layout and the PDF writer: loading the style's fonts (files, built-in or
//! installed), fallback chains, measuring, coverage, and subsetting to the characters a
//! document uses (with fontcull-klippa, cmap kept) for the PDFs and the Word files to embed, so
//! a file carries kilobytes of font instead of megabytes.

pub mod system;

use crate::diag::{Diagnostic, Diagnostics};
use crate::document::Document;
use crate::style::FontSpec;
use crate::style::Style;
use crate::theme::DEFAULT_TEMPLATES;
use crate::theme::Theme;
use fontcull_klippa::{Plan, SubsetFlags, subset_font};
use fontcull_skrifa::instance::{LocationRef, Size};
use fontcull_skrifa::{FontRef, MetadataProvider};
use fontcull_write_fonts::read::TableProvider;
use fontcull_write_fonts::read::collections::IntSet;
use fontcull_write_fonts::types::{NameId, Tag};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

/// One of the style's fonts, as the layout engine and the PDF writer both name it: its place
/// in the style's (sorted) font list, [`FontSet::names`] and [`crate::layout::Layout::fonts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontId(u16);

impl FontId {
    /// The font at `index` of the style's font list (at most 65,536 fonts; a larger index
    /// names the first).
    pub fn new(index: usize) -> FontId {
        FontId(u16::try_from(index).unwrap_or(0))
    }

    /// Its place in the style's font list, for indexing per-font tables.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// Font measurements the layout needs; [`crate::fonts::FontSet`] implements it from the
/// font files' metrics (the same advances genpdf and the embedded subsets use).
pub trait Measure {
    /// The advance of `ch` in font `font`, in em.
    fn advance(&self, font: FontId, ch: char) -> f32;

    /// Whether font `font` has a glyph for `ch` (fallback chains try the next font if not).
    fn has_glyph(&self, font: FontId, ch: char) -> bool;

    /// The top of font `font`'s em box above the baseline, in em: where a line's ideographs
    /// sit when the em box is centred in the line pitch.
    fn ascent(&self, font: FontId) -> f32;

    /// The top of `ch`'s ink above the baseline in font `font`, in em, when known (the page
    /// number's dash is placed by its ink, as GB/T 9704 measures it).
    fn ink_top(&self, _font: FontId, _ch: char) -> Option<f32> {
        None
    }

    /// The first of the style's fonts drawn from the same face as `font` (the same file and
    /// index): the default style's Song stands for both 仿宋 and 小标宋, and a PDF then embeds
    /// one subset of it, not two.
    fn face_of(&self, font: FontId) -> FontId {
        font
    }
}

/// A role's fonts, tried in order for each character: the first font with a glyph draws it.
/// A fixed array keeps [`TextStyle`] `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FontChain {
    ids: [FontId; crate::style::MAX_CHAIN],
    len: u8,
}

impl FontChain {
    /// A chain of `fonts`, at most [`crate::style::MAX_CHAIN`] of them.
    pub fn new(fonts: &[FontId]) -> FontChain {
        let mut ids = [FontId::default(); crate::style::MAX_CHAIN];
        let len = fonts.len().clamp(1, ids.len());
        for (slot, &f) in ids.iter_mut().zip(fonts) {
            *slot = f;
        }
        FontChain {
            ids,
            len: len as u8,
        }
    }

    /// The fonts in order.
    pub fn fonts(&self) -> impl Iterator<Item = FontId> + '_ {
        self.ids[..usize::from(self.len)].iter().copied()
    }

    /// The first font in the chain that has `ch`, if any does.
    pub fn find(&self, measure: &dyn Measure, ch: char) -> Option<FontId> {
        self.fonts().find(|&f| measure.has_glyph(f, ch))
    }
}

/// The fonts of a role's chain `names`, in chain order, found in `known` (font names in the
/// style's order, as [`FontSet::names`] and the layout engine hold them).
pub fn chain_ids(known: &[String], names: &[String]) -> Vec<FontId> {
    names
        .iter()
        .filter_map(|name| known.iter().position(|k| k == name))
        .map(FontId::new)
        .collect()
}

/// Where a font's bytes come from.
#[derive(Debug, Clone)]
pub enum FontSource {
    /// A file (in the templates folder, or installed).
    File(std::path::PathBuf),
    /// A file built into huibao.
    Builtin(&'static [u8]),
    /// A file in the templates folder with the name of a built-in one: usually its copy (the
    /// repository's own templates folder holds them), which is then used from the binary
    /// instead of read into memory (a CJK font is 10–20 MB).
    FileLikeBuiltin(std::path::PathBuf, &'static [u8]),
}

/// Face `face` of `data` when it parses and every table measuring, subsetting and drawing read
/// is there and whole: a truncated or damaged file is refused here, with the table it lacks,
/// instead of failing halfway through a PDF.
fn usable(data: &[u8], face: u32) -> Result<FontRef<'_>, String> {
    let font = FontRef::from_index(data, face).map_err(|e| e.to_string())?;
    let e = |e: fontcull_write_fonts::read::ReadError| e.to_string();
    font.head().map_err(e)?;
    font.hhea().map_err(e)?;
    font.maxp().map_err(e)?;
    font.hmtx().map_err(e)?;
    font.cmap().map_err(e)?;
    let truetype = font.glyf().and_then(|_| font.loca(None)).map(|_| ());
    let postscript = font.cff().map(|_| ()).or_else(|_| font.cff2().map(|_| ()));
    truetype.or(postscript).map_err(e)?;
    Ok(font)
}

/// Largest font file read: the largest CJK fonts (a full 思源宋体 .ttc) are under 100 MB; a
/// sparse or runaway file is refused by its size before it is read.
const MAX_FONT_BYTES: u64 = 128 * 1024 * 1024;

/// Whether the file at `path` holds exactly `bytes`, read in small blocks (a copy of a
/// built-in font is compared without reading it into memory whole).
fn same_contents(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    if file.metadata()?.len() != bytes.len() as u64 {
        return Ok(false);
    }
    let mut block = vec![0u8; 256 * 1024];
    let mut at = 0;
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            return Ok(at == bytes.len());
        }
        if at + n > bytes.len() || block[..n] != bytes[at..at + n] {
            return Ok(false);
        }
        at += n;
    }
}

/// A font's bytes, read the first time they are needed: a fallback font (UMing's 12 MB, say)
/// that no character of the document needs is never read. Fonts set in the same file share
/// one reading (song and xbs are both `gbsn00lp.ttf`).
struct LazyFont {
    name: String,
    source: FontSource,
    bytes: Arc<std::sync::OnceLock<Result<Cow<'static, [u8]>, String>>>,
}

impl LazyFont {
    /// The font `name` from `source`, sharing the reading of an earlier font in `earlier`
    /// from the same file (or the same built-in file).
    fn new(name: &str, source: FontSource, earlier: &[LazyFont]) -> LazyFont {
        let same = |a: &FontSource, b: &FontSource| match (a, b) {
            (
                FontSource::File(p) | FontSource::FileLikeBuiltin(p, _),
                FontSource::File(q) | FontSource::FileLikeBuiltin(q, _),
            ) => p == q,
            // The same built-in file (a project without its own templates).
            (FontSource::Builtin(x), FontSource::Builtin(y)) => std::ptr::eq(*x, *y),
            _ => false,
        };
        let bytes = earlier
            .iter()
            .find(|f| same(&f.source, &source))
            .map_or_else(Default::default, |f| Arc::clone(&f.bytes));
        LazyFont {
            name: name.to_string(),
            source,
            bytes,
        }
    }

    fn bytes(&self) -> Result<&[u8], &str> {
        self.bytes
            .get_or_init(|| match &self.source {
                FontSource::Builtin(b) => Ok(Cow::Borrowed(*b)),
                FontSource::FileLikeBuiltin(path, b) if same_contents(path, b).unwrap_or(false) => {
                    Ok(Cow::Borrowed(*b))
                }
                FontSource::File(path) | FontSource::FileLikeBuiltin(path, _) => {
                    crate::files::read(path, MAX_FONT_BYTES)
                        .map(Cow::Owned)
                        .map_err(|r| {
                            crate::tr!(
                                "font-unreadable-file",
                                font = self.name.as_str(),
                                file = path.display().to_string(),
                                detail = r.reason(MAX_FONT_BYTES)
                            )
                        })
                }
            })
            .as_ref()
            .map(|b| &b[..])
            .map_err(String::as_str)
    }
}

/// Reads and checks the fonts `checked` (each role's first) side by side, a thread a file: a
/// CJK font is 5–12 MB to read or to compare with its built-in copy. The first problem in
/// their order is the error.
fn check_first_fonts(all: &[LazyFont], faces: &[u32], checked: &[usize]) -> Result<(), String> {
    let check = |i: usize| -> Result<(), String> {
        let font = &all[i];
        let data = font.bytes().map_err(str::to_string)?;
        usable(data, faces[i]).map(|_| ()).map_err(|detail| {
            crate::tr!(
                "font-unusable",
                font = font.name.as_str(),
                face = faces[i],
                detail = detail
            )
        })
    };
    let threads = vec![(); checked.len()];
    let results = crate::parallel::map_claimed(checked, threads, |&i, ()| check(i));
    results.into_iter().collect()
}

/// The style's fonts: the first font of each role read and checked at once, fallback fonts
/// when a character first needs them.
pub struct FontSet {
    /// Font names, in the style's (sorted) order; layout font indexes refer to these.
    pub names: Vec<String>,
    data: Arc<Vec<LazyFont>>,
    index: Vec<u32>,
    /// Advances looked up, by font and character (asked for every character laid out).
    cache: RefCell<fnv::FnvHashMap<(FontId, char), Option<f32>>>,
    /// What loading found that does not stop a build (a named system font not installed).
    pub warnings: Diagnostics,
    /// Fonts of the style an installed font stands for, with its family name.
    installed: BTreeMap<String, String>,
}

impl FontSet {
    /// Finds every font the style names; reads and checks those that begin a role's chain
    /// (a fallback is read when a character first needs it, see [`FontSet::problems`]).
    pub fn load(theme: &Theme) -> Result<FontSet, String> {
        let mut names = Vec::new();
        let mut all = Vec::new();
        let mut index = Vec::new();
        let mut warnings = Diagnostics::default();
        let first: BTreeSet<&String> = theme
            .style
            .roles
            .values()
            .filter_map(|r| r.font.first())
            .collect();
        let installed_fonts = system::Installed::default();
        let mut installed = BTreeMap::new();
        // A font whose source cannot be found stops the loading, after the checks of the
        // fonts before it (whose problems come first, in the style's order).
        let mut unfound = None;
        for (name, spec) in &theme.style.fonts {
            let (source, face, family) =
                match font_source(theme, name, spec, &installed_fonts, &mut warnings) {
                    Ok(found) => found,
                    Err(e) => {
                        unfound = Some(e);
                        break;
                    }
                };
            if let Some(family) = family {
                installed.insert(name.clone(), family);
            }
            let font = LazyFont::new(name, source, &all);
            names.push(name.clone());
            all.push(font);
            index.push(face);
        }
        let checked: Vec<usize> = (0..all.len())
            .filter(|i| first.contains(&names[*i]))
            .collect();
        check_first_fonts(&all, &index, &checked)?;
        if let Some(e) = unfound {
            return Err(e);
        }
        Ok(FontSet {
            names,
            data: Arc::new(all),
            index,
            cache: RefCell::new(fnv::FnvHashMap::default()),
            warnings,
            installed,
        })
    }

    /// The style's fonts that an installed font stands for, with that font's family name
    /// (song → 仿宋_GB2312): the workbook and the Word file then name the same family.
    pub fn installed(&self) -> &BTreeMap<String, String> {
        &self.installed
    }

    /// One line saying which fonts the documents are set in: the installed official faces
    /// used, or that the bundled set is.
    pub fn used(&self) -> String {
        if self.installed.is_empty() {
            crate::tr!("fonts-bundled")
        } else {
            let mut families: Vec<&str> = self.installed.values().map(String::as_str).collect();
            families.dedup();
            crate::tr!("fonts-installed", families = crate::i18n::join(&families))
        }
    }

    /// A copy for another thread: the font data is shared, the measurement cache copied.
    pub fn fork(&self) -> FontSet {
        FontSet {
            names: self.names.clone(),
            data: Arc::clone(&self.data),
            index: self.index.clone(),
            cache: RefCell::new(self.cache.borrow().clone()),
            warnings: self.warnings.clone(),
            installed: self.installed.clone(),
        }
    }

    fn font(&self, id: FontId) -> Option<FontRef<'_>> {
        let i = id.index();
        FontRef::from_index(self.data.get(i)?.bytes().ok()?, self.index[i]).ok()
    }

    /// Fallback fonts that were needed but could not be read or parsed: each would have
    /// drawn some character, so a build with one is an error.
    pub fn problems(&self) -> Vec<String> {
        self.data
            .iter()
            .zip(&self.index)
            .filter_map(|(f, &face)| match f.bytes.get()? {
                Err(e) => Some(e.clone()),
                Ok(b) => usable(b, face).err().map(|detail| {
                    crate::tr!(
                        "font-unusable",
                        font = f.name.as_str(),
                        face = face,
                        detail = detail
                    )
                }),
            })
            .fold(Vec::new(), |mut all, problem| {
                // Fonts sharing a file share its reading, and so a failure to read it.
                if !all.contains(&problem) {
                    all.push(problem);
                }
                all
            })
    }

    /// The style's name of font `id` (`song`, `hei`, …).
    pub fn name(&self, id: FontId) -> &str {
        self.names.get(id.index()).map_or("?", String::as_str)
    }

    /// The advance of `c` in em, or None when font `id` has no glyph for it.
    pub fn lookup(&self, id: FontId, c: char) -> Option<f32> {
        if let Some(v) = self.cache.borrow().get(&(id, c)) {
            return *v;
        }
        let v = self.font(id).and_then(|f| advance_em(&f, c));
        self.cache.borrow_mut().insert((id, c), v);
        v
    }

    /// Font `id` as a file of its own, for a browser (`huibao serve`): the file itself, or
    /// for a face of a collection (`.ttc`, which browsers do not load) its tables copied into
    /// a font file of their own.
    pub fn whole_face(&self, id: FontId) -> Result<Vec<u8>, String> {
        let name = self.name(id);
        let bytes = self
            .data
            .get(id.index())
            .and_then(|d| d.bytes().ok())
            .ok_or_else(|| crate::tr!("font-unreadable", font = name))?;
        if !bytes.starts_with(b"ttcf") {
            return Ok(bytes.to_vec());
        }
        let font = self
            .font(id)
            .ok_or_else(|| crate::tr!("font-unreadable", font = name))?;
        let mut builder = fontcull_write_fonts::FontBuilder::new();
        builder.copy_missing_tables(font);
        Ok(builder.build())
    }

    /// A copy of font `i` holding only `chars` (glyph advances unchanged), as a standalone
    /// TrueType file (a `.ttc` face becomes a font of its own).
    pub fn subset(&self, id: FontId, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
        let name = self.name(id);
        let font = self
            .font(id)
            .ok_or_else(|| crate::tr!("font-unreadable", font = name))?;
        let mut unicodes = IntSet::<u32>::empty();
        for c in chars {
            unicodes.insert(*c as u32);
        }
        let mut name_ids = IntSet::empty();
        name_ids.insert_range(NameId::from(0)..=NameId::from(6));
        let mut name_languages = IntSet::<u16>::empty();
        name_languages.insert(0x0409);
        let plan = Plan::new(
            &IntSet::empty(),
            &unicodes,
            &font,
            SubsetFlags::SUBSET_FLAGS_NO_HINTING,
            &IntSet::<Tag>::empty(),
            &IntSet::<Tag>::empty(),
            &IntSet::<Tag>::empty(),
            &name_ids,
            &name_languages,
        );
        subset_font(&font, &plan)
            .map_err(|e| crate::tr!("font-subsetting", font = name, detail = e.to_string()))
    }
}

/// What a font file says about embedding it in a document: its embedding flags (OS/2
/// `fsType`), its panose classification and whether its IBM family class is sans-serif.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FaceFacts {
    /// 0 installable, bit 1 restricted, bit 2 preview and print, bit 3 editable.
    pub fs_type: u16,
    /// The ten panose bytes.
    pub panose: [u8; 10],
    /// Sans-serif by its family class (8) or its panose serif style (11–13).
    pub sans: bool,
}

/// The facts of the font file `bytes` (a subset), or None when it has no OS/2 table.
pub fn face_facts(bytes: &[u8]) -> Option<FaceFacts> {
    let os2 = FontRef::new(bytes).ok()?.os2().ok()?;
    let mut panose = [0u8; 10];
    for (slot, byte) in panose.iter_mut().zip(os2.panose_10()) {
        *slot = *byte;
    }
    let class = os2.s_family_class().to_be_bytes()[0];
    Some(FaceFacts {
        fs_type: os2.fs_type(),
        panose,
        sans: class == 8 || (panose[0] == 2 && (11..=13).contains(&panose[1])),
    })
}

/// The font file `bytes` with its embedding flags set to `fs_type` (0: installable), every
/// other table as it was.
pub fn with_fs_type(bytes: &[u8], fs_type: u16) -> Result<Vec<u8>, String> {
    use fontcull_write_fonts::FontBuilder;
    use fontcull_write_fonts::from_obj::ToOwnedTable;
    use fontcull_write_fonts::tables::os2::Os2;
    let err = |e: String| crate::tr!("internal-error", detail = format!("OS/2: {e}"));
    let font = FontRef::new(bytes).map_err(|e| err(e.to_string()))?;
    let mut os2: Os2 = font.os2().map_err(|e| err(e.to_string()))?.to_owned_table();
    os2.fs_type = fs_type;
    let mut builder = FontBuilder::new();
    builder.add_table(&os2).map_err(|e| err(e.to_string()))?;
    builder.copy_missing_tables(font);
    Ok(builder.build())
}

/// A character that no font of its role's chain has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    /// The character.
    pub ch: char,
    /// The role whose fonts lack it.
    pub role: String,
    /// The role's font chain, by the style's names.
    pub fonts: Vec<String>,
}

/// What the text of documents asks of the fonts: the characters no font of their role's
/// chain can draw, and the characters each face draws.
#[derive(Debug, Clone, Default)]
pub struct GlyphUse {
    /// Every character that no font of its role's chain has (first occurrence each).
    pub missing: Vec<MissingGlyph>,
    /// Per face (font index, as the layout numbers them), the characters it draws: a material
    /// cuts one subset of each face from these, so its sections share it.
    pub by_face: Vec<std::collections::BTreeSet<char>>,
}

impl GlyphUse {
    /// Adds what `doc`'s text asks: each character is asked about once per role, each role's
    /// fonts are found once.
    pub fn add(&mut self, doc: &Document, style: &Style, fonts: &FontSet) {
        let mut seen: fnv::FnvHashSet<(crate::style::RoleId, char)> = Default::default();
        let mut chains: fnv::FnvHashMap<crate::style::RoleId, Vec<FontId>> = Default::default();
        self.by_face.resize(fonts.names.len(), Default::default());
        for (role, text) in doc.texts() {
            let chain = &style.role(role).font;
            let ids = chains
                .entry(role)
                .or_insert_with(|| chain_ids(&fonts.names, chain));
            for ch in text.chars() {
                if ch == '\n' || !seen.insert((role, ch)) {
                    continue;
                }
                // The face the layout draws it with: the first of the chain that has it.
                let first = ids.first().copied().unwrap_or_default();
                let drawn_by = match ch.is_whitespace() {
                    true => Some(first),
                    false => ids
                        .iter()
                        .copied()
                        .find(|&fi| fonts.lookup(fi, ch).is_some()),
                };
                match drawn_by {
                    Some(font) => {
                        let face = fonts.face_of(font).index();
                        if let Some(set) = self.by_face.get_mut(face) {
                            set.insert(ch);
                        }
                    }
                    None => self.missing.push(MissingGlyph {
                        ch,
                        role: style.role_name(role).to_string(),
                        fonts: chain.clone(),
                    }),
                }
            }
        }
    }
}

/// Where a font's bytes are and the face index to use in them: an installed system font when
/// `system` is given and found, else `file` from the templates folder, else the built-in
/// file of that name. A named system font that is not installed adds a warning to
/// `warnings` saying which file stood in.
pub fn font_source(
    theme: &Theme,
    name: &str,
    spec: &FontSpec,
    installed: &system::Installed,
    warnings: &mut Diagnostics,
) -> Result<(FontSource, u32, Option<String>), String> {
    if !theme.style.bundled_fonts {
        for family in &spec.installed {
            if let Some(found) = installed.find(family) {
                return Ok((
                    FontSource::File(found.path),
                    found.index,
                    Some(family.clone()),
                ));
            }
        }
    }
    if let Some(family) = &spec.system {
        if let Some(found) = installed.find(family) {
            return Ok((
                FontSource::File(found.path),
                found.index,
                Some(family.clone()),
            ));
        }
        let Some(file) = &spec.file else {
            return Err(crate::tr!(
                "font-not-installed",
                font = name,
                family = family
            ));
        };
        let mut d = Diagnostic::file(
            Path::new(&theme.style_name),
            crate::tr!("font-stands-in", family = family, file = file),
        )
        .warning();
        d.field = format!("fonts.{name}.system");
        warnings.push(d);
    }
    let file = spec
        .file
        .as_deref()
        .ok_or_else(|| crate::tr!("font-no-source", font = name))?;
    let path = theme.dir.join(file);
    let builtin = DEFAULT_TEMPLATES.get_file(file);
    if path.is_file() {
        let source = match builtin {
            Some(b) => FontSource::FileLikeBuiltin(path, b.contents()),
            None => FontSource::File(path),
        };
        return Ok((source, spec.index, None));
    }
    builtin
        .map(|f| (FontSource::Builtin(f.contents()), spec.index, None))
        .ok_or_else(|| {
            crate::tr!(
                "font-file-missing",
                font = name,
                file = path.display().to_string()
            )
        })
}

/// The em box's ascent in em: the typographic ascender over the typographic ascender plus
/// descender (OS/2), which for CJK fonts frame the ideographic em box; the hhea values when a
/// font has no OS/2 table.
pub fn em_box_ascent(font: &FontRef) -> f32 {
    let from = |asc: f32, desc: f32| {
        let height = asc - desc;
        (height > 0.0).then(|| asc / height)
    };
    font.os2()
        .ok()
        .and_then(|os2| {
            from(
                f32::from(os2.s_typo_ascender()),
                f32::from(os2.s_typo_descender()),
            )
        })
        .or_else(|| {
            font.hhea().ok().and_then(|h| {
                from(
                    f32::from(h.ascender().to_i16()),
                    f32::from(h.descender().to_i16()),
                )
            })
        })
        .unwrap_or(1.0)
}

/// The advance of `c` in em, or None when `font` has no glyph for it.
pub fn advance_em(font: &FontRef, c: char) -> Option<f32> {
    let gid = font.charmap().map(c)?;
    let upem = font.head().ok()?.units_per_em();
    let adv = font
        .glyph_metrics(Size::unscaled(), LocationRef::default())
        .advance_width(gid)?;
    Some(adv / f32::from(upem.max(1)))
}

impl Measure for FontSet {
    fn face_of(&self, font: FontId) -> FontId {
        let i = font.index();
        let (Some(this), Some(&face)) = (self.data.get(i), self.index.get(i)) else {
            return font;
        };
        self.data
            .iter()
            .zip(&self.index)
            .position(|(other, &f)| f == face && Arc::ptr_eq(&other.bytes, &this.bytes))
            .map_or(font, FontId::new)
    }

    fn advance(&self, font: FontId, ch: char) -> f32 {
        self.lookup(font, ch).unwrap_or(0.5)
    }

    fn has_glyph(&self, font: FontId, ch: char) -> bool {
        self.lookup(font, ch).is_some()
    }

    fn ascent(&self, font: FontId) -> f32 {
        self.font(font).map_or(0.88, |f| em_box_ascent(&f))
    }

    fn ink_top(&self, font: FontId, ch: char) -> Option<f32> {
        let f = self.font(font)?;
        let gid = f.charmap().map(ch)?;
        let upem = f32::from(f.head().ok()?.units_per_em().max(1));
        let bounds = f
            .glyph_metrics(Size::unscaled(), LocationRef::default())
            .bounds(gid)?;
        Some(bounds.y_max / upem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_templates_font_is_taken_from_the_binary_only_when_its_bytes_are_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let builtin: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        let path = dir.path().join("font.ttf");
        std::fs::write(&path, &builtin).unwrap();
        assert!(same_contents(&path, &builtin).unwrap());
        // One byte changed past the first block, and one byte fewer.
        let mut edited = builtin.clone();
        edited[400_000] ^= 1;
        std::fs::write(&path, &edited).unwrap();
        assert!(!same_contents(&path, &builtin).unwrap());
        std::fs::write(&path, &builtin[1..]).unwrap();
        assert!(!same_contents(&path, &builtin).unwrap());
        // A file that differs is read as it is.
        std::fs::write(&path, &edited).unwrap();
        let source = FontSource::FileLikeBuiltin(path, Box::leak(builtin.into_boxed_slice()));
        let font = LazyFont::new("body", source, &[]);
        assert_eq!(font.bytes().unwrap(), &edited[..]);
    }

    #[test]
    fn subsets_keep_every_character_with_its_width() {
        let theme = Theme::load(std::path::Path::new("/nonexistent-templates")).unwrap();
        let fonts = FontSet::load(&theme).unwrap();
        let common = "浦东新区生态环境局与永安市，。、；：“”（）《》—2023年EOD项目 abc%";
        // The fallback fonts hold only what the main fonts lack.
        let rare = "珺昇喆堃赟〇㎡㎞㎏•";
        for (i, name) in fonts.names.iter().enumerate() {
            let text = match name.as_str() {
                "song" | "xbs" | "kai" | "hei" => common,
                "hanamin" => "㐀䶵刏",
                _ => rare,
            };
            let chars: BTreeSet<char> = text.chars().collect();
            let data = fonts.subset(FontId::new(i), &chars).unwrap();
            assert!(
                data.len() < 200_000,
                "{name}: subset is {} bytes",
                data.len()
            );
            let sub = FontRef::new(&data).unwrap();
            for &c in &chars {
                let a = fonts.lookup(FontId::new(i), c);
                let b = advance_em(&sub, c);
                assert!(a.is_some(), "{name} lacks {c}");
                assert_eq!(a, b, "{name}: width of {c}");
            }
            // A character left out of the subset is gone from its cmap.
            assert!(advance_em(&sub, '汇').is_none());
        }
    }
}
