//! The look: page geometry, fonts by role, sizes, table column widths and XLSX settings, read
//! from `templates/style.yaml`. No layout number lives in Rust code.

use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;

/// The whole style file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Page geometry by orientation.
    pub pages: Pages,
    /// Font files by name; roles refer to these names.
    pub fonts: BTreeMap<String, FontSpec>,
    /// Use only the bundled fonts (and `system` ones), never `installed` ones: every machine
    /// makes the same bytes. `huibao build --bundled-fonts` sets it for one run.
    #[serde(default)]
    pub bundled_fonts: bool,
    /// Paragraph and cell roles (`body`, `title`, `h1`, `cell`, `header-cell`, …).
    pub roles: BTreeMap<String, Role>,
    /// The page number.
    pub page_number: PageNumber,
    /// The Word version.
    #[serde(default)]
    pub docx: DocxStyle,
    /// The PDF files.
    #[serde(default)]
    pub pdf: PdfStyle,
    /// Tables.
    pub table: TableStyle,
    /// XLSX workbooks.
    pub xlsx: XlsxStyle,
    /// The role of markup elements without a `class`.
    #[serde(default)]
    pub defaults: DefaultRoles,
    /// The roles in name order, indexed by [`RoleId`] (filled by [`Style::parse`]).
    #[serde(skip)]
    resolved: Vec<(String, Role)>,
}

/// The PDF files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfStyle {
    /// PDF/A-1b, the archival PDF institutions ask for (XMP metadata, an sRGB output intent,
    /// every font embedded with its CIDSet); false writes plain PDF.
    pub archival: bool,
}

impl Default for PdfStyle {
    fn default() -> PdfStyle {
        PdfStyle { archival: true }
    }
}

/// A style role resolved once, when markup is parsed ([`Style::role_id`]): the later stages
/// look roles up by this index, with no name to mistype and nothing to fall back on. It is
/// only meaningful with the style that issued it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleId(u16);

/// The roles `<p>`, `<th>` and `<td>` get when the template names none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefaultRoles {
    /// `<p>`.
    pub paragraph: String,
    /// `<th>`.
    pub header_cell: String,
    /// `<td>`.
    pub cell: String,
    /// `cell`, resolved by [`Style::parse`].
    #[serde(skip)]
    pub cell_id: RoleId,
}

impl Default for DefaultRoles {
    fn default() -> Self {
        DefaultRoles {
            paragraph: "body".into(),
            header_cell: "header-cell".into(),
            cell: "cell".into(),
            cell_id: RoleId::default(),
        }
    }
}

/// Portrait and landscape page geometry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pages {
    /// Report pages.
    pub portrait: PageGeometry,
    /// Annex pages.
    pub landscape: PageGeometry,
}

/// A page size and its margins, in millimetres.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageGeometry {
    /// Paper width.
    pub width: f32,
    /// Paper height.
    pub height: f32,
    /// Top margin (to the text block).
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Left margin (the binding side on odd pages).
    pub left: f32,
    /// Right margin.
    pub right: f32,
}

impl PageGeometry {
    /// Width of the text block.
    pub fn text_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    /// Height of the text block.
    pub fn text_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// Where a font comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontSpec {
    /// A font file, relative to `templates/` (or absolute).
    #[serde(default)]
    pub file: Option<String>,
    /// An installed font by family name (仿宋_GB2312, 方正小标宋简体), searched in the system's
    /// font folders; tried before `file`, and a warning when it is not installed.
    #[serde(default)]
    pub system: Option<String>,
    /// Installed fonts tried in order before `file`, quietly: the official faces (仿宋_GB2312,
    /// 仿宋, FangSong) where the machine has them, else the bundled file without a word (the
    /// build says which fonts it used). Ignored when the fonts are pinned (`bundled_fonts`).
    #[serde(default)]
    pub installed: Vec<String>,
    /// Face index inside a `.ttc` collection.
    #[serde(default)]
    pub index: u32,
    /// Fonts tried, in order, for a character this font lacks (a role naming this font gets
    /// this chain unless it lists its own).
    #[serde(default)]
    pub fallback: Vec<String>,
    /// The license of `file` lets anyone copy, change and pass it on (the Arphic Public License,
    /// the SIL OFL): its subset is embedded in Word files as editable whatever its embedding
    /// flags (`fsType`) say. Any other font (an installed one too) is embedded only where its
    /// flags allow editing.
    #[serde(default)]
    pub free_license: bool,
}

/// The most fonts one role may chain.
pub const MAX_CHAIN: usize = 8;

/// A role's `font`: one name (followed by that font's `fallback`) or an explicit chain.
fn de_font_chain<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct ChainVisitor;
    impl<'de> serde::de::Visitor<'de> for ChainVisitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(
                "a font name (song) or a list of font names tried in order ([song, ming, hei])",
            )
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(name) = seq.next_element::<String>()? {
                out.push(name);
            }
            Ok(out)
        }
    }
    d.deserialize_any(ChainVisitor)
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush left (justified when the role says so).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Vertical alignment inside a table cell.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum VAlign {
    /// At the top.
    #[default]
    Top,
    /// Centred.
    Middle,
}

/// A tenth of an em: a justified line's characters stand at most 1.1 em apart; wider than
/// that they read as gaps, and the line is left short by the rest.
fn default_max_stretch() -> f32 {
    0.1
}

/// How text of one role looks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// A font name from `fonts`, or a list of them tried in order for each character; after
    /// parsing, the whole fallback chain (the named font followed by its `fallback`).
    #[serde(deserialize_with = "de_font_chain")]
    pub font: Vec<String>,
    /// Size in points (16) or as a Chinese 字号 (三号, 小四).
    #[serde(deserialize_with = "de_size")]
    pub size: f32,
    /// Distance between baselines in points (default 1.5 × size).
    #[serde(default)]
    pub line_pitch: Option<f32>,
    /// First-line indent in characters.
    #[serde(default)]
    pub indent: f32,
    /// Indent of every line in characters (for hanging lists).
    #[serde(default)]
    pub left_indent: f32,
    /// Horizontal alignment.
    #[serde(default)]
    pub align: Align,
    /// Vertical alignment in a table cell.
    #[serde(default)]
    pub valign: VAlign,
    /// Justify lines to both edges (the last line of a paragraph stays left).
    #[serde(default)]
    pub justify: bool,
    /// How far each gap of a justified line may widen, in em; a line that needs more is
    /// widened that far and left short by the rest.
    #[serde(default = "default_max_stretch")]
    pub max_stretch: f32,
    /// Characters per full line: sets the character pitch of the GB/T 9704 grid (28 for body).
    #[serde(default)]
    pub chars_per_line: Option<u32>,
    /// Extra space before the paragraph, in lines.
    #[serde(default)]
    pub space_before: f32,
    /// Extra space after the paragraph, in lines.
    #[serde(default)]
    pub space_after: f32,
    /// Bold, in the workbook and the Word version only: the PDF has one face per font and draws
    /// no synthetic bold, so the default style sets none (pick a heavier font instead).
    #[serde(default)]
    pub bold: bool,
    /// Never the last thing on a page: moves to the next page with the start of what follows
    /// (headings, the annex label).
    #[serde(default)]
    pub keep_with_next: bool,
    /// Never split over two pages: the paragraph moves to the next page whole when its lines
    /// do not all fit (each entry of the attachment list).
    #[serde(default)]
    pub keep_together: bool,
    /// Where lines may break: `chars` (running text), `pairs` (headers: 牵头/部门), `names`
    /// (only after 、 — a name or department is never split unless it alone is too wide).
    #[serde(default, rename = "break")]
    pub breaks: Breaks,
    /// A title: when it runs over lines, they break between words and are balanced (GB/T
    /// 9704 7.3.1); a text with its own line breaks (a `|` block) keeps them.
    #[serde(default)]
    pub balance: bool,
}

/// Where a role's lines may break (see [`Role::breaks`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Breaks {
    /// Between any two CJK characters.
    #[default]
    Chars,
    /// Between pairs of CJK characters (table headers).
    Pairs,
    /// Only after a separator between names.
    Names,
}

impl Breaks {
    /// The line breaker's units for this setting.
    pub fn units(self) -> crate::text::linebreak::Units {
        use crate::text::linebreak::Units;
        match self {
            Breaks::Chars => Units::Chars,
            Breaks::Pairs => Units::Pairs,
            Breaks::Names => Units::Names,
        }
    }
}

impl Role {
    /// The distance between baselines, in points.
    pub fn pitch(&self) -> f32 {
        self.line_pitch.unwrap_or(self.size * 1.5)
    }
}

/// The page number's look and place.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageNumber {
    /// A role from `roles`.
    pub role: String,
    /// That role, resolved by [`Style::parse`].
    #[serde(skip)]
    pub role_id: RoleId,
    /// Distance from the bottom of the text block to the number's top, in mm.
    pub below_text: f32,
    /// Characters in from the text block's edge.
    pub inset_chars: f32,
    /// The text around the number, `{}` standing for it.
    pub format: String,
}

/// Table look.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableStyle {
    /// Column widths by `<col class>`, as weights scaled to the text block's width.
    pub columns: BTreeMap<String, f32>,
    /// Padding inside a cell, in mm.
    pub padding: f32,
    /// Rule width, in points.
    pub rule: f32,
    /// How full (0–1) a page must be before a row group that does not fit may move whole to
    /// the next page; below it the group is split there (at a row, or inside its cells).
    #[serde(default = "default_min_page_fill")]
    pub min_page_fill: f32,
    /// Columns (by `<col class>`) whose cells a split group shows again on the next page
    /// (序号 and 事项).
    #[serde(default)]
    pub repeat_on_split: Vec<String>,
    /// The fewest characters a column (by class) is wide, whatever its content (事项: 4, so
    /// 加强生态环境保护 does not break as 加强生/态环境).
    #[serde(default)]
    pub min_chars: BTreeMap<String, f32>,
    /// The largest share (0–1) of the table one unbreakable unit (a long department's name) may
    /// claim as its column's minimum; a wider unit breaks inside instead of wrecking the table.
    #[serde(default = "default_max_unit_share")]
    pub max_unit_share: f64,
}

fn default_max_unit_share() -> f64 {
    0.15
}

fn default_min_page_fill() -> f32 {
    0.75
}

/// XLSX workbook settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XlsxStyle {
    /// Font for cells and notes (Excel renders with what the PC has).
    pub font: String,
    /// Font size of cells, in points.
    pub size: f64,
    /// Font of the header row.
    pub header_font: String,
    /// Paragraph rows (label, title, notes) by role: font, size and whether the row is merged
    /// across the table; a role not listed looks as in the PDF, merged.
    #[serde(default)]
    pub paragraphs: BTreeMap<String, XlsxParagraph>,
    /// The Excel font family for each of the style's fonts (song → 宋体): the print sheet sets
    /// every cell and paragraph in its role's family and size, as the PDF does.
    #[serde(default = "default_families")]
    pub families: BTreeMap<String, String>,
    /// Total width of the table in Excel character units (spread by the column weights).
    pub table_width: f64,
    /// Page margins in inches: left, right, top, bottom.
    pub margins: [f64; 4],
    /// Header and footer margins in inches.
    pub header_footer_margin: f64,
    /// Excel's paper code (9 is A4).
    pub paper: u8,
    /// The page footer, in Excel's header/footer codes (`&C` centre, `&P` page, `&N` pages).
    pub footer: String,
    /// The data sheet (one row per content row, filterable).
    pub data_sheet: DataSheetStyle,
    /// Table columns (by class) whose cells the print sheet writes as numbers (序号), so Excel
    /// shows no "number stored as text" mark.
    #[serde(default = "default_number_columns")]
    pub number_columns: Vec<String>,
    /// Also write `departments/<部门>.xlsx`: each department's rows across all annexes.
    #[serde(default)]
    pub department_workbooks: bool,
}

/// The Word version of the material (`meeting.docx`, `<annex>.docx`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocxStyle {
    /// Write the `.docx` files (false: none, and the next build removes them).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The name Word shows for each role's paragraph style (title → 标题); a role not listed
    /// is shown by its own name.
    #[serde(default)]
    pub styles: BTreeMap<String, String>,
    /// Embed the faces the PDF is drawn with in each Word file (subset, obfuscated), under the
    /// names the styles give, so a machine without the official fonts shows the PDF's faces.
    #[serde(default = "yes")]
    pub embed_fonts: bool,
}

impl Default for DocxStyle {
    fn default() -> Self {
        DocxStyle {
            enabled: true,
            styles: BTreeMap::new(),
            embed_fonts: true,
        }
    }
}

/// The data sheet's name and column widths.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSheetStyle {
    /// Sheet name.
    pub name: String,
    /// Width of a text column, in Excel units.
    pub width: f64,
    /// Width of the short columns (附件, 序号, 纳入, 牵头领导).
    pub narrow_width: f64,
    /// Background of the columns a department fills in (the rest is locked).
    #[serde(default = "default_fill_color")]
    pub fill_color: String,
}

fn default_number_columns() -> Vec<String> {
    vec!["seq".into()]
}

fn default_fill_color() -> String {
    "#FFF2CC".into()
}

/// How a paragraph row of one role looks in the workbook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XlsxParagraph {
    /// Font name; left out, the role's font as `xlsx.families` names it.
    #[serde(default)]
    pub font: Option<String>,
    /// Size in points; left out, the role's size.
    #[serde(default)]
    pub size: Option<f64>,
    /// Merged across the table (a title), or one cell whose text runs over its empty neighbours
    /// (the 附件N label).
    #[serde(default = "yes")]
    pub merged: bool,
}

fn default_families() -> BTreeMap<String, String> {
    [
        ("song", "宋体"),
        ("ming", "宋体"),
        ("hanamin", "宋体"),
        ("kai", "楷体"),
        ("ukai", "楷体"),
        ("hei", "黑体"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect()
}

fn yes() -> bool {
    true
}

/// Every number of `style.yaml` finite and in a range a page can hold, with its line: a
/// `.nan`, `.inf`, `1e308` or a negative length would otherwise reach the writers as `NaN`
/// operators in a PDF or `w:after="4294967295"` in a .docx, or text off the paper. Lengths,
/// sizes and counts lie in 0 to [`MAX_NUMBER`]; an `indent` (hanging when negative) within
/// ±[`MAX_INDENT`] characters.
fn check_numbers(text: &str) -> Result<(), String> {
    let locator = crate::content::locate::Locator::new(text);
    for (path, pos, value) in &locator.scalars {
        let Some(number) = yaml_number(value) else {
            continue;
        };
        let key = path.rsplit('.').next().unwrap_or(path);
        let (min, max) = if key == "indent" {
            (-MAX_INDENT, MAX_INDENT)
        } else {
            (0.0, MAX_NUMBER)
        };
        if !(number.is_finite() && (min..=max).contains(&number)) {
            let message = crate::tr!(
                "style-number",
                field = path.as_str(),
                value = value.as_str(),
                min = min.to_string(),
                max = max.to_string()
            );
            return Err(crate::tr!(
                "yaml-at-line",
                message = message,
                line = pos.line,
                column = pos.column
            ));
        }
    }
    Ok(())
}

/// Largest length, size or count in `style.yaml` (an A3 page is 420 mm; 5000 leaves room).
const MAX_NUMBER: f64 = 5000.0;
/// Largest indent, in characters, either way.
const MAX_INDENT: f64 = 100.0;

/// A scalar as YAML 1.2's core schema reads a number (`.nan`, `-.inf`, `1e3`, `0x1F`), or
/// `None` for text.
fn yaml_number(value: &str) -> Option<f64> {
    let v = value.trim();
    match v.to_ascii_lowercase().as_str() {
        ".nan" => return Some(f64::NAN),
        ".inf" | "+.inf" => return Some(f64::INFINITY),
        "-.inf" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    if let Some(hex) = v.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok().map(|n| n as f64);
    }
    let numeric = v.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c));
    numeric.then(|| v.parse::<f64>().ok()).flatten()
}

/// Chinese 字号 names and their sizes in points.
pub const ZIHAO: &[(&str, f32)] = &[
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
    ("三号", 16.0),
    ("小三", 15.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
    ("六号", 7.5),
    ("小六", 6.5),
];

#[derive(Deserialize)]
#[serde(untagged)]
enum SizeSpec {
    Points(f32),
    Name(String),
}

fn de_size<'de, D: Deserializer<'de>>(d: D) -> Result<f32, D::Error> {
    match SizeSpec::deserialize(d)? {
        SizeSpec::Points(p) if p > 0.0 && p < 200.0 => Ok(p),
        SizeSpec::Points(p) => Err(serde::de::Error::custom(crate::tr!(
            "style-size-range",
            size = f64::from(p)
        ))),
        SizeSpec::Name(n) => ZIHAO
            .iter()
            .find(|(name, _)| *name == n.trim())
            .map(|(_, s)| *s)
            .ok_or_else(|| {
                let names: Vec<&str> = ZIHAO.iter().map(|(name, _)| *name).collect();
                serde::de::Error::custom(crate::tr!(
                    "style-unknown-zihao",
                    name = n.as_str(),
                    names = names.join(" ")
                ))
            }),
    }
}

impl Style {
    /// The page geometry of portrait or landscape pages.
    pub fn page(&self, landscape: bool) -> &PageGeometry {
        if landscape {
            &self.pages.landscape
        } else {
            &self.pages.portrait
        }
    }

    /// The widths of columns of the given `<col class>` keys: their weights from
    /// `table.columns` (1 for a key not listed) scaled so that they sum to `total`. Shared by the
    /// PDF layout (points) and the workbook (Excel units).
    pub fn column_widths(&self, columns: &[String], total: f64) -> Vec<f64> {
        let weights: Vec<f64> = columns
            .iter()
            .map(|c| f64::from(self.table.columns.get(c).copied().unwrap_or(1.0).max(0.0)))
            .collect();
        let sum: f64 = weights.iter().sum::<f64>().max(1e-6);
        weights.iter().map(|w| w / sum * total).collect()
    }

    /// How the print sheet sets role `role`: the Excel family of the role's first font and the
    /// role's size (what the PDF uses), unless `xlsx.paragraphs` overrides them.
    pub fn xlsx_look(&self, role: RoleId) -> (String, f64) {
        let r = self.role(role);
        let over = self.xlsx.paragraphs.get(self.role_name(role));
        let family = over.and_then(|o| o.font.clone()).unwrap_or_else(|| {
            r.font
                .first()
                .and_then(|f| self.xlsx.families.get(f))
                .cloned()
                .unwrap_or_else(|| self.xlsx.font.clone())
        });
        let size = over
            .and_then(|o| o.size)
            .unwrap_or_else(|| f64::from(r.size));
        (family, size)
    }

    /// Parses `style.yaml` and checks that every role names a known font.
    pub fn parse(text: &str) -> Result<Style, String> {
        check_numbers(text)?;
        let mut style: Style =
            serde_yaml::from_str(text).map_err(|e| crate::diag::yaml::in_words(&e))?;
        let known = || crate::i18n::join(&style.fonts.keys().collect::<Vec<_>>());
        for (name, spec) in &style.fonts {
            if let Some(bad) = spec.fallback.iter().find(|f| !style.fonts.contains_key(*f)) {
                return Err(crate::tr!(
                    "style-unknown-font",
                    field = format!("fonts.{name}.fallback"),
                    font = bad,
                    fonts = known()
                ));
            }
        }
        let mut chains = BTreeMap::new();
        for (name, role) in &style.roles {
            if role.font.is_empty() {
                return Err(crate::tr!("style-no-font", role = name));
            }
            if let Some(bad) = role.font.iter().find(|f| !style.fonts.contains_key(*f)) {
                return Err(crate::tr!(
                    "style-unknown-font",
                    field = format!("roles.{name}.font"),
                    font = bad,
                    fonts = known()
                ));
            }
            let mut chain = role.font.clone();
            if chain.len() == 1 {
                chain.extend(style.fonts[&chain[0]].fallback.iter().cloned());
            }
            let mut seen = std::collections::BTreeSet::new();
            chain.retain(|f| seen.insert(f.clone()));
            if chain.len() > MAX_CHAIN {
                return Err(crate::tr!(
                    "style-long-chain",
                    role = name,
                    fonts = chain.len(),
                    max = MAX_CHAIN
                ));
            }
            chains.insert(name.clone(), chain);
        }
        for (name, chain) in chains {
            if let Some(role) = style.roles.get_mut(&name) {
                role.font = chain;
            }
        }
        for (name, g) in [
            ("portrait", &style.pages.portrait),
            ("landscape", &style.pages.landscape),
        ] {
            if g.text_width() < 30.0 || g.text_height() < 30.0 {
                return Err(crate::tr!(
                    "style-text-block",
                    pages = name,
                    width = format!("{:.0}", g.text_width()),
                    height = format!("{:.0}", g.text_height())
                ));
            }
        }
        for (name, role) in &style.roles {
            if role.line_pitch.is_some_and(|p| !(p > 0.0 && p < 500.0)) {
                return Err(crate::tr!("style-line-pitch", role = name));
            }
        }
        if !(style.table.padding >= 0.0 && style.table.padding < 20.0) {
            return Err(crate::tr!("style-padding"));
        }
        let d = &style.defaults;
        for required in [
            &d.paragraph,
            &d.cell,
            &d.header_cell,
            &style.page_number.role,
        ] {
            if !style.roles.contains_key(required) {
                return Err(crate::tr!("style-role-required", role = required));
            }
        }
        if style.roles.len() > usize::from(u16::MAX) {
            return Err(crate::tr!("style-too-many-roles"));
        }
        style.resolved = style
            .roles
            .iter()
            .map(|(name, role)| (name.clone(), role.clone()))
            .collect();
        style.defaults.cell_id = style
            .role_id(&style.defaults.cell)
            .ok_or("defaults.cell: not a role")?;
        style.page_number.role_id = style
            .role_id(&style.page_number.role)
            .ok_or("page_number.role: not a role")?;
        Ok(style)
    }

    /// The role named `name`, if the style has it.
    pub fn role_id(&self, name: &str) -> Option<RoleId> {
        let i = self
            .resolved
            .binary_search_by(|(n, _)| n.as_str().cmp(name))
            .ok()?;
        // `parse` allows at most u16::MAX roles.
        u16::try_from(i).ok().map(RoleId)
    }

    /// The role `id` stands for.
    pub fn role(&self, id: RoleId) -> &Role {
        &self.resolved[usize::from(id.0)].1
    }

    /// The name of role `id`, as style.yaml and the templates spell it.
    pub fn role_name(&self, id: RoleId) -> &str {
        &self.resolved[usize::from(id.0)].0
    }
}
