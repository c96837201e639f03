//! Chinese line breaking (after JIS X 4051 / the W3C clreq notes): a line may break between any
//! two CJK characters, never before closing punctuation (，。、；：？！）》” …), never after
//! opening punctuation (（《“ …); numbers stay with their unit (2023年, 100%); Latin words
//! break only at spaces. Lines can be justified to both edges by spreading the slack over the
//! gaps between characters.

/// Characters that must not start a line.
use std::sync::LazyLock;

const NO_BREAK_BEFORE: &str = "，。、；：？！）》”’」』】〕〉｝］…—–·%‰℃,.;:!?)]}>'\"、～";
/// Characters that must not end a line.
const NO_BREAK_AFTER: &str = "（《“‘「『【〔〈｛［([{<";
/// Full-width opening brackets: the glyph sits in the right half of the em box.
const OPENING: &str = "（《“‘「『【〔〈｛［";
/// Full-width closing brackets and stops: the glyph sits in the left half (GB style, where
/// ；：？！ sit left too: `；“`, `：“` and `？”` compress as `，“` does).
const CLOSING: &str = "）》”’」』】〕〉｝］，。、；：？！";

/// Punctuation compression (clreq 3.1.6, JIS X 4051): the advance of each character after
/// the blank half of a pair of adjacent full-width marks is taken out (”“ ，《 。） （《 set
/// one and a half em, not two). Taking it from the first mark keeps both glyphs where they
/// belong: a closing mark's glyph is in its left half, an opening mark's in its right half,
/// and the next mark's box moves up by half an em.
fn compressed(chars: &[char], widths: &mut [f32], full: f32) {
    let (opening, closing) = (&*OPENING_SET, &*CLOSING_SET);
    for i in 0..chars.len().saturating_sub(1) {
        let (a, b) = (chars[i], chars[i + 1]);
        let pair = (closing.contains(a) && (opening.contains(b) || closing.contains(b)))
            || (opening.contains(a) && opening.contains(b));
        if pair && widths[i] >= 0.9 * full {
            widths[i] -= full / 2.0;
        }
    }
    // The 间隔号 · takes half an em (GB/T 15834): a full-width font centres it in a whole em,
    // so a quarter em comes off it and a quarter off the character before, which sets its ink
    // in the middle of a half-em box.
    for i in 1..chars.len() {
        if chars[i] == '·' && widths[i] >= 0.9 * full && widths[i - 1] >= 0.9 * full {
            widths[i - 1] -= full / 4.0;
            widths[i] -= full / 4.0;
        }
    }
}

/// The dashes of a range of numbers (2023—2025, 2026-2028, 2026～2028).
const RANGE_DASHES: &str = "—–-～~";

/// Characters that stay with a number before them (2023年, 12月, 5项).
const NUMBER_UNITS: &str = "年月日号时分秒个项次件元万亿岁名家人天周届批期%‰";

/// One character placed on a line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    /// The character.
    pub ch: char,
    /// Its left edge from the line's start, in points.
    pub x: f32,
    /// Its advance as measured, in points.
    pub advance: f32,
}

/// A finished line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The characters with their positions (spaces at the ends removed).
    pub glyphs: Vec<Glyph>,
    /// The width the glyphs cover, in points.
    pub width: f32,
}

impl Line {
    /// The line's text.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// Shifts every glyph right by `dx`.
    pub fn shift(&mut self, dx: f32) {
        for g in &mut self.glyphs {
            g.x += dx;
        }
    }
}

/// What a line may break inside, beyond the clreq rules every text follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Units {
    /// Between any two CJK characters (running text).
    #[default]
    Chars,
    /// Between pairs of CJK characters only (table headers: 牵头/部门, 预计/完成/时间).
    Pairs,
    /// Only after a separator (、，,；/) or at a space: names and departments stay whole
    /// (市容环卫处、/废管中心) unless one alone is wider than the line.
    Names,
}

/// Characters after which a list of names may break.
const NAME_SEPARATORS: &str = "、，,；;/／";

/// How to break a paragraph.
#[derive(Debug, Clone, Copy)]
pub struct BreakOptions {
    /// Width of every line, in points.
    pub width: f32,
    /// Extra indent of the first line of each paragraph, in points (may be negative).
    pub first_indent: f32,
    /// Indent of every line, in points.
    pub left_indent: f32,
    /// Spread each full line to both edges (the last line of a paragraph stays left).
    pub justify: bool,
    /// Largest gap justification may add between two characters, in points.
    pub max_stretch: f32,
    /// What a line may break inside.
    pub units: Units,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F |
        0x3200..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// True where a line must not break between `a` and `b`.
fn glued(a: char, b: char) -> bool {
    if a.is_whitespace() || b.is_whitespace() {
        return false;
    }
    if NO_BREAK_BEFORE_SET.contains(b) || NO_BREAK_AFTER_SET.contains(a) {
        return true;
    }
    if a.is_ascii_digit() && NUMBER_UNITS_SET.contains(b) {
        return true;
    }
    if (a == '—' && b == '—') || (a == '…' && b == '…') {
        return true;
    }
    // A range of years or numbers (2023—2025) stays on one line.
    if a == '—' && b.is_ascii_digit() {
        return true;
    }
    // Inside a run of Latin letters, digits and their punctuation: one word.
    !is_cjk(a) && !is_cjk(b) && a != '—' && b != '—'
}

/// Characters that end a word of an organisation's name (保护区, 管理局, 事务中心, 环保处): where
/// a name too long for its line breaks.
const WORD_ENDS: &str = "区局处站所院委办厅县市省心会部队馆园司科室组";

/// Words of measure that stay whole, with `/` between two of them (微克/立方米).
const UNIT_WORDS: &[&str] = &[
    "微克",
    "毫克",
    "千克",
    "公斤",
    "立方米",
    "平方米",
    "平方公里",
    "平方千米",
    "公顷",
    "公里",
    "千米",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "吨标准煤",
    "万元",
    "亿元",
    "毫升",
    "分贝",
];

/// Characters of a Chinese numeral (二〇二六年).
const CHINESE_DIGITS: &str = "〇零一二三四五六七八九十";

/// A set of characters looked up in constant time: a bit per character of the Basic
/// Multilingual Plane (8 KB), a sorted list of the few beyond it. The line breaker asks for
/// every character of every cell, several times; `str::contains` scanned the set's text each
/// time, a binary search took a dozen comparisons.
pub(crate) struct CharSet {
    bmp: Box<[u64; 1024]>,
    astral: Vec<char>,
}

impl CharSet {
    fn new(chars: &str) -> CharSet {
        let mut set = CharSet {
            bmp: Box::new([0; 1024]),
            astral: Vec::new(),
        };
        for c in chars.chars() {
            let code = c as usize;
            if code < 0x10000 {
                set.bmp[code >> 6] |= 1 << (code & 63);
            } else {
                set.astral.push(c);
            }
        }
        set.astral.sort_unstable();
        set.astral.dedup();
        set
    }

    /// Whether `c` is in the set.
    pub(crate) fn contains(&self, c: char) -> bool {
        let code = c as usize;
        match self.bmp.get(code >> 6) {
            Some(word) => word & (1 << (code & 63)) != 0,
            None => self.astral.binary_search(&c).is_ok(),
        }
    }
}

/// The character classes of the line breaker, built once.
static NO_BREAK_BEFORE_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(NO_BREAK_BEFORE));
static NO_BREAK_AFTER_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(NO_BREAK_AFTER));
static NUMBER_UNITS_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(NUMBER_UNITS));
static CHINESE_DIGITS_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(CHINESE_DIGITS));
static WORD_ENDS_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(WORD_ENDS));
static NAME_SEPARATORS_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(NAME_SEPARATORS));
static OPENING_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(OPENING));
static CLOSING_SET: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(CLOSING));
/// The first characters of [`UNIT_WORDS`]: only there can a unit word start.
static UNIT_WORD_STARTS: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new(
        &UNIT_WORDS
            .iter()
            .filter_map(|w| w.chars().next())
            .collect::<String>(),
    )
});

/// For each character, whether a line must not break before it for a reason two neighbours
/// cannot tell: inside a word of measure and the `/` joining two of them (微克/立方米), inside a
/// year written in Chinese numerals (二〇二六年).
fn kept_together(chars: &[char]) -> Vec<bool> {
    let mut kept = vec![false; chars.len()];
    let starts_with = |at: usize, word: &str| {
        word.chars()
            .enumerate()
            .all(|(k, c)| chars.get(at + k) == Some(&c))
    };
    let unit_start = &*UNIT_WORD_STARTS;
    let mut i = 0;
    while i < chars.len() {
        if let Some(word) = unit_start
            .contains(chars[i])
            .then(|| UNIT_WORDS.iter().find(|w| starts_with(i, w)))
            .flatten()
        {
            let n = word.chars().count();
            kept[i + 1..i + n].fill(true);
            // 微克/立方米: the slash and the next word join on.
            if chars.get(i + n) == Some(&'/')
                && UNIT_WORDS.iter().any(|w| starts_with(i + n + 1, w))
            {
                kept[i + n] = true;
                kept[i + n + 1] = true;
            }
            i += n;
            continue;
        }
        let run = chars[i..]
            .iter()
            .take_while(|c| CHINESE_DIGITS_SET.contains(**c))
            .count();
        if run >= 2 && chars.get(i + run) == Some(&'年') {
            kept[i + 1..=i + run].fill(true);
            i += run + 1;
            continue;
        }
        i += 1;
    }
    kept
}

/// Splits `chars` into atoms that a line may not break inside; spaces are atoms of their own.
fn atoms(chars: &[char], units: Units) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    // CJK characters in the atom being built, and whether it has other ones (for pairs:
    // 2023年 is a unit like 计划).
    let (mut cjk, mut latin) = (0, false);
    let kept = kept_together(chars);
    for i in 1..=chars.len() {
        if is_cjk(chars[i - 1]) {
            cjk += usize::from(!NO_BREAK_BEFORE_SET.contains(chars[i - 1]));
        } else {
            latin = true;
        }
        let boundary = i == chars.len() || !(glued(chars[i - 1], chars[i]) || kept[i]);
        let allowed = boundary
            && match units {
                Units::Chars => true,
                Units::Pairs => {
                    i == chars.len() || cjk >= 2 || (cjk >= 1 && latin) || !is_cjk(chars[i])
                }
                Units::Names => {
                    i == chars.len()
                        || NAME_SEPARATORS_SET.contains(chars[i - 1])
                        || chars[i - 1].is_whitespace()
                        || chars[i].is_whitespace()
                }
            };
        if allowed {
            out.push(start..i);
            start = i;
            (cjk, latin) = (0, false);
        }
    }
    out
}

/// The width of the widest atom of `text` (what its column must hold for no unit to be split)
/// and of its widest unbroken line (what the column would take for no line to wrap).
pub fn unit_and_natural_width(
    text: &str,
    units: Units,
    advance: &dyn Fn(char) -> f32,
) -> (f32, f32) {
    let mut unit: f32 = 0.0;
    let mut natural: f32 = 0.0;
    for para in text.split('\n') {
        let chars: Vec<char> = para.chars().collect();
        let widths: Vec<f32> = chars.iter().map(|&c| advance(c)).collect();
        for atom in atoms(&chars, units) {
            if !chars[atom.start].is_whitespace() {
                unit = unit.max(widths[atom].iter().sum());
            }
        }
        natural = natural.max(widths.iter().sum());
    }
    (unit, natural)
}

/// A line narrower than this many full-width characters breaks between words where that costs
/// no line: in a column of four characters a word split over two lines is half of each, while in
/// running text breaking anywhere is Chinese practice (clreq 3.1.7). At 8 the seed's seven-
/// character progress column went ragged (6 of 7 characters on many lines) for words a reader
/// of that width does not miss.
const NARROW: f32 = 6.0;

/// ICU4X's dictionary word segmenter: its Chinese dictionary is compiled in, so it costs no time
/// to load (jieba's took longer than a whole build of the seed).
static SEGMENTER: LazyLock<icu_segmenter::WordSegmenterBorrowed<'static>> = LazyLock::new(|| {
    icu_segmenter::WordSegmenter::new_dictionary(
        icu_segmenter::options::WordBreakInvariantOptions::default(),
    )
});

/// For each position of `chars` (and the end), whether a word starts there.
fn word_starts(chars: &[char]) -> Vec<bool> {
    let text: String = chars.iter().collect();
    let mut starts = vec![false; chars.len() + 1];
    let mut bytes = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for boundary in SEGMENTER.segment_str(&text) {
        while bytes.next_if(|&(_, b)| b < boundary).is_some() {}
        let at = bytes.peek().map_or(chars.len(), |&(i, _)| i);
        starts[at] = true;
    }
    starts
}

/// `atoms` joined into words: an atom that does not start a word joins the one before it
/// (环/境/监/测、 → 环境/监测、). Spaces stay atoms of their own.
fn word_atoms(
    chars: &[char],
    atoms: &[std::ops::Range<usize>],
    starts: &[bool],
) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(atoms.len());
    for atom in atoms {
        match out.last_mut() {
            Some(last)
                if !starts[atom.start]
                    && !chars[atom.start].is_whitespace()
                    && !chars[last.end - 1].is_whitespace() =>
            {
                last.end = atom.end;
            }
            _ => out.push(atom.clone()),
        }
    }
    out
}

/// Breaks `text` into lines. `advance` gives each character's advance in points. `\n` forces
/// a break. Every character except spaces at line ends appears exactly once, in order.
pub fn break_lines(text: &str, opts: &BreakOptions, advance: &dyn Fn(char) -> f32) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, para) in text.split('\n').enumerate() {
        let _ = i;
        break_paragraph(para, opts, advance, &mut lines);
    }
    lines
}

struct Builder<'a> {
    opts: &'a BreakOptions,
    glyphs: Vec<Glyph>,
    x: f32,
    first: bool,
    /// The advance of a full-width character (一), for punctuation compression.
    full: f32,
}

impl Builder<'_> {
    fn indent(&self) -> f32 {
        self.opts.left_indent
            + if self.first {
                self.opts.first_indent
            } else {
                0.0
            }
    }

    fn room(&self) -> f32 {
        self.opts.width - self.indent()
    }

    fn push(&mut self, ch: char, advance: f32) {
        self.glyphs.push(Glyph {
            ch,
            x: self.x,
            advance,
        });
        self.x += advance;
    }

    fn finish(&mut self, last: bool, out: &mut Vec<Line>) {
        while self.glyphs.last().is_some_and(|g| g.ch.is_whitespace()) {
            self.glyphs.pop();
        }
        // A closing mark ending a full line is set half width (its blank half would show as
        // a ragged edge); justification then closes the line up to the margin. The last line
        // takes it too when that is what keeps it inside the room.
        let over = self
            .glyphs
            .last()
            .is_some_and(|g| g.x + g.advance > self.room() + 0.01);
        if (!last || over)
            && let Some(g) = self.glyphs.last_mut()
            && CLOSING_SET.contains(g.ch)
            && g.advance >= 0.9 * self.full
        {
            g.advance -= self.full / 2.0;
        }
        let mut width = self.glyphs.last().map_or(0.0, |g| g.x + g.advance);
        if self.opts.justify && !last {
            let room = self.room();
            width = justify(&mut self.glyphs, width, room, self.opts.max_stretch);
        }
        let mut line = Line {
            glyphs: std::mem::take(&mut self.glyphs),
            width,
        };
        line.shift(self.indent());
        out.push(line);
        self.x = 0.0;
        self.first = false;
    }
}

fn break_paragraph(
    text: &str,
    opts: &BreakOptions,
    advance: &dyn Fn(char) -> f32,
    out: &mut Vec<Line>,
) {
    let chars: Vec<char> = text.chars().collect();
    let full = advance('一');
    let mut widths: Vec<f32> = chars.iter().map(|&c| advance(c)).collect();
    compressed(&chars, &mut widths, full);
    let atoms = atoms(&chars, opts.units);
    let para = Paragraph {
        chars: &chars,
        widths: &widths,
        atoms: &atoms,
        full,
        words: std::cell::OnceCell::new(),
    };
    let lines = para.lines(opts);
    // A narrow cell keeps its words whole (环境/监测、 rather than 环境监/测、) where that
    // costs no line.
    if opts.units == Units::Chars
        && lines.len() > 1
        && opts.width - opts.left_indent < NARROW * full
    {
        let words = word_atoms(&chars, &atoms, para.word_starts());
        let by_words = Paragraph {
            atoms: &words,
            ..para
        }
        .lines(opts);
        if by_words.len() <= lines.len() {
            out.extend(by_words);
            return;
        }
    }
    out.extend(lines);
}

/// A paragraph's characters, their advances and the atoms a line may not break inside.
struct Paragraph<'a> {
    chars: &'a [char],
    widths: &'a [f32],
    atoms: &'a [std::ops::Range<usize>],
    full: f32,
    /// Where words start ([`word_starts`]), found when first asked for.
    words: std::cell::OnceCell<Vec<bool>>,
}

impl Paragraph<'_> {
    /// Where words start, segmented on first use.
    fn word_starts(&self) -> &[bool] {
        self.words.get_or_init(|| word_starts(self.chars))
    }

    /// The paragraph's lines: greedy filling, then a single character alone on the last line
    /// (孤字) is given company: the line before gives up its last unit when it has units to
    /// spare, and the paragraph keeps its number of lines.
    fn lines(&self, opts: &BreakOptions) -> Vec<Line> {
        let (lines, starts) = self.greedy(opts, None);
        if let Some(force) = self.lone_last_character(&starts) {
            let (again, _) = self.greedy(opts, Some(force));
            if again.len() == lines.len() {
                return again;
            }
        }
        lines
    }

    /// Greedy line filling; a line also ends before atom `force` when given. Returns the lines
    /// and, for each line after the first, the atom it starts with.
    fn greedy(&self, opts: &BreakOptions, force: Option<usize>) -> (Vec<Line>, Vec<usize>) {
        let mut out = Vec::new();
        let mut starts = Vec::new();
        let mut b = Builder {
            opts,
            glyphs: Vec::new(),
            x: 0.0,
            first: true,
            full: self.full,
        };
        const EPS: f32 = 0.01;
        for (j, atom) in self.atoms.iter().enumerate() {
            let widths = &self.widths[atom.clone()];
            let piece = &self.chars[atom.clone()];
            if piece[0].is_whitespace() {
                if !b.glyphs.is_empty() {
                    for (&c, &w) in piece.iter().zip(widths) {
                        b.push(c, w);
                    }
                }
                continue;
            }
            if force == Some(j) && !b.glyphs.is_empty() {
                b.finish(false, &mut out);
                starts.push(j);
            }
            let mut w: f32 = widths.iter().sum();
            // A range (2023—2025, 2026-2028, 2026～2028) is kept whole unless that would leave
            // this line more than `LOOSE` ems short: then it breaks after its dash, as a last
            // resort. Of the two evils this is the smaller: a line of 22 characters spread over
            // 28 reads as a gap in the text, a range over a line end still reads as one.
            const LOOSE: f32 = 2.5;
            let (mut piece, mut widths) = (piece, widths);
            if b.x + w > b.room() + EPS && b.room() - b.x > LOOSE * self.full {
                let soft = (1..piece.len())
                    .filter(|&k| RANGE_DASHES.contains(piece[k - 1]) && piece[k].is_ascii_digit())
                    .rfind(|&k| b.x + widths[..k].iter().sum::<f32>() <= b.room() + EPS);
                if let Some(k) = soft {
                    for (&c, &cw) in piece[..k].iter().zip(&widths[..k]) {
                        b.push(c, cw);
                    }
                    b.finish(false, &mut out);
                    starts.push(j);
                    (piece, widths) = (&piece[k..], &widths[k..]);
                    w = widths.iter().sum();
                }
            }
            // A closing mark ending the piece may end the line at half width (see `finish`).
            let hang = match (piece.last(), widths.last()) {
                (Some(&c), Some(&cw)) if CLOSING_SET.contains(c) && cw >= 0.9 * self.full => {
                    self.full / 2.0
                }
                _ => 0.0,
            };
            // Trailing spaces do not count against the room.
            let trailing_space: f32 = b
                .glyphs
                .iter()
                .rev()
                .take_while(|g| g.ch.is_whitespace())
                .map(|g| g.advance)
                .sum();
            if b.x + w - hang > b.room() + EPS && !b.glyphs.is_empty() && b.x - trailing_space > 0.0
            {
                b.finish(false, &mut out);
                starts.push(j);
            }
            if w - hang <= b.room() + EPS || b.x > 0.0 {
                for (&c, &cw) in piece.iter().zip(widths) {
                    b.push(c, cw);
                }
            } else {
                let from = atom.end - piece.len();
                self.break_inside(&mut b, from, &mut out);
                starts.extend(std::iter::repeat_n(j, out.len() - starts.len()));
            }
        }
        b.finish(true, &mut out);
        (out, starts)
    }

    /// Sets `self.chars[from..]`'s atom, wider than a whole line (a long department's name in a
    /// narrow column), over as many lines as it needs: each ends after a word's end (区 局 中心
    /// 处 …) where one fits, else where the segmenter says a word starts in the line's second
    /// half (九段沙湿地国家级 / 自然保护区), else where the line is full; never before a mark
    /// that may not start a line.
    fn break_inside(&self, b: &mut Builder, from: usize, out: &mut Vec<Line>) {
        const EPS: f32 = 0.01;
        let to = self
            .atoms
            .iter()
            .find(|a| a.contains(&from))
            .map_or(from, |a| a.end);
        let (piece, widths) = (&self.chars[from..to], &self.widths[from..to]);
        let mut k = 0;
        while k < piece.len() {
            let mut fit = 0;
            let mut used = 0.0;
            while k + fit < piece.len() && b.x + used + widths[k + fit] <= b.room() + EPS {
                used += widths[k + fit];
                fit += 1;
            }
            if k + fit == piece.len() {
                for (&c, &cw) in piece[k..].iter().zip(&widths[k..]) {
                    b.push(c, cw);
                }
                return;
            }
            if fit == 0 && !b.glyphs.is_empty() {
                b.finish(false, out);
                continue;
            }
            // A closing mark next fits at half width at the line's end.
            if let Some(&c) = piece.get(k + fit)
                && CLOSING_SET.contains(c)
                && widths[k + fit] >= 0.9 * self.full
                && b.x + used + widths[k + fit] - self.full / 2.0 <= b.room() + EPS
            {
                fit += 1;
                if k + fit == piece.len() {
                    for (&c, &cw) in piece[k..].iter().zip(&widths[k..]) {
                        b.push(c, cw);
                    }
                    return;
                }
            }
            let fit = fit.max(1);
            let mut end = (2..=fit)
                .rev()
                .find(|&m| WORD_ENDS_SET.contains(piece[k + m - 1]))
                .or_else(|| {
                    let starts = self.word_starts();
                    (fit.div_ceil(2)..=fit)
                        .rev()
                        .find(|&m| starts[from + k + m])
                })
                .unwrap_or(fit);
            // 办公室（政策法规处 / ）: the character before goes down with the mark.
            while end > 1 && NO_BREAK_BEFORE_SET.contains(piece[k + end]) {
                end -= 1;
            }
            for (&c, &cw) in piece[k..k + end].iter().zip(&widths[k..k + end]) {
                b.push(c, cw);
            }
            b.finish(false, out);
            k += end;
        }
    }

    /// The atom to end the next-to-last line before, when the last line holds one character
    /// (with its punctuation) and the line before it has at least three units to give from.
    fn lone_last_character(&self, starts: &[usize]) -> Option<usize> {
        let (&last, before) = starts.split_last()?;
        let from = before.last().copied().unwrap_or(0);
        let solid = |j: &usize| !self.chars[self.atoms[*j].start].is_whitespace();
        let tail: Vec<usize> = (last..self.atoms.len()).filter(solid).collect();
        let [only] = tail.as_slice() else {
            return None;
        };
        let letters = self.chars[self.atoms[*only].clone()]
            .iter()
            .filter(|c| !NO_BREAK_BEFORE_SET.contains(**c) && !NO_BREAK_AFTER_SET.contains(**c))
            .count();
        let given: Vec<usize> = (from..last).filter(solid).collect();
        (letters <= 1 && given.len() >= 3).then(|| given[given.len() - 1])
    }
}

/// Spreads `target - width` over the gaps between characters where a CJK character or a space
/// is on either side (never inside a Latin word), each gap widening by at most `max_stretch`:
/// a line that would need more (a unit that may not break, such as a title's
/// `（2026—2028年）》`, fell to the next line) is spread that far and left short by the rest.
/// Of the two evils this is the smaller: characters a tenth of an em apart still read as
/// running text (clreq's justification by 字距), while 22 characters spread over 28 read as
/// gaps. Returns the new width.
fn justify(glyphs: &mut [Glyph], width: f32, target: f32, max_stretch: f32) -> f32 {
    let slack = target - width;
    if slack <= 0.0 || glyphs.len() < 2 {
        return width;
    }
    let stretchable: Vec<bool> = glyphs
        .windows(2)
        .map(|w| {
            is_cjk(w[0].ch) || is_cjk(w[1].ch) || w[0].ch.is_whitespace() || w[1].ch.is_whitespace()
        })
        .collect();
    let gaps = stretchable.iter().filter(|&&s| s).count();
    if gaps == 0 {
        return width;
    }
    let per_gap = (slack / gaps as f32).min(max_stretch.max(0.0));
    let mut shift = 0.0;
    for (i, g) in glyphs.iter_mut().enumerate() {
        g.x += shift;
        if i < stretchable.len() && stretchable[i] {
            shift += per_gap;
        }
    }
    width + per_gap * gaps as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name with its bracketed office in a column a little narrower than it: the closing
    /// bracket compressed at the line's end keeps it on one line; narrower still, the bracket
    /// never starts a line alone.
    #[test]
    fn a_closing_bracket_compresses_at_the_line_end_and_never_starts_a_line() {
        let name = "办公室（政策法规处）";
        for units in [Units::Names, Units::Chars] {
            let at = |width: f32| -> Vec<String> {
                let o = BreakOptions {
                    units,
                    ..opts(width)
                };
                break_lines(name, &o, &adv).iter().map(Line::text).collect()
            };
            assert_eq!(at(96.0), vec![name.to_string()], "{units:?}");
            for width in [60.0, 75.0, 85.0, 90.0] {
                let lines = at(width);
                assert_eq!(lines.concat(), name);
                assert!(
                    lines.iter().all(|l| !l.starts_with('）')),
                    "{units:?} {width}: {lines:?}"
                );
            }
        }
    }

    /// A narrow cell breaks between words where that costs no line (the review's 事项 in a
    /// column of four characters, a plan in one of four); a name wider than its line breaks
    /// where a word starts (自然 whole); wide lines still break anywhere.
    #[test]
    fn narrow_cells_break_between_words() {
        let at = |text: &str, units: Units, width: f32| -> Vec<String> {
            let o = BreakOptions {
                units,
                ..opts(width)
            };
            break_lines(text, &o, &adv).iter().map(Line::text).collect()
        };
        assert_eq!(
            at("环境监测、环境执法能力提升", Units::Chars, 40.0),
            ["环境", "监测、", "环境执法", "能力提升"]
        );
        assert_eq!(
            at("九段沙湿地国家级自然保护区管理事务中心", Units::Names, 90.0),
            ["九段沙湿地国家级", "自然保护区", "管理事务中心"]
        );
        // Where words would cost a line, the cell keeps its lines.
        assert_eq!(
            at("生态环境执法能力提升", Units::Chars, 30.0),
            ["生态环", "境执法", "能力", "提升"]
        );
        // Running text breaks where the line is full.
        let wide = at(
            "组织双方技术人员围绕环境监测能力建设开展专题交流",
            Units::Chars,
            100.0,
        );
        assert_eq!(wide[0], "组织双方技术人员围绕");
    }

    /// CJK characters 10 pt wide, everything else 5 pt.
    fn adv(c: char) -> f32 {
        if is_cjk(c) || c == '—' { 10.0 } else { 5.0 }
    }

    fn opts(width: f32) -> BreakOptions {
        BreakOptions {
            width,
            first_indent: 0.0,
            left_indent: 0.0,
            justify: false,
            max_stretch: 10.0,
            units: Units::Chars,
        }
    }

    /// Each glyph's character and advance on the lines of `text`.
    fn advances(lines: &[Line]) -> Vec<Vec<(char, f32)>> {
        lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| (g.ch, g.advance)).collect())
            .collect()
    }

    #[test]
    fn adjacent_full_width_marks_are_compressed_to_one_and_a_half_ems() {
        // As in GB fonts, quotation marks are full width too.
        let gb = |c: char| if "“”".contains(c) { 10.0 } else { adv(c) };
        let lines = break_lines("说明”“要求，《规定》。）（《", &opts(1000.0), &gb);
        let a = &advances(&lines)[0];
        let pair = |x: char, y: char| {
            let i = (0..a.len() - 1)
                .find(|&i| a[i].0 == x && a[i + 1].0 == y)
                .unwrap();
            a[i].1 + a[i + 1].1
        };
        // Measured narrower than two full widths: the first of each pair loses its blank half.
        assert_eq!(pair('”', '“'), 15.0);
        assert_eq!(pair('，', '《'), 15.0);
        // 》。） : each of 》 and 。 is followed by a mark, so both lose their blank half.
        assert_eq!(pair('》', '。'), 10.0);
        assert_eq!(pair('（', '《'), 15.0);
        // A mark next to an ideograph keeps its full width.
        assert_eq!(a.iter().find(|w| w.0 == '明').unwrap().1, 10.0);
        // 15 marks and ideographs; six marks are followed by a mark and lose half.
        assert_eq!(lines[0].width, 15.0 * 10.0 - 6.0 * 5.0);
    }

    #[test]
    fn semicolons_and_colons_before_quotes_compress_and_the_middle_dot_takes_half_an_em() {
        let gb = |c: char| if "“”·".contains(c) { 10.0 } else { adv(c) };
        let lines = break_lines("甲；“乙”：“丙”阿·凡", &opts(1000.0), &gb);
        let a = &advances(&lines)[0];
        let at = |x: char| a.iter().position(|w| w.0 == x).unwrap();
        assert_eq!(a[at('；')].1 + a[at('；') + 1].1, 15.0);
        assert_eq!(a[at('：')].1 + a[at('：') + 1].1, 15.0);
        // 阿 and · together take one and a half ems; · alone half of one.
        assert_eq!(a[at('阿')].1 + a[at('·')].1, 15.0);
    }

    #[test]
    fn a_closing_mark_ending_a_line_is_half_width_and_the_line_stays_flush() {
        // 9 ideographs and a comma: 100 wide, on 100-wide lines with justification.
        let text = "一二三四五六七八九，一二三";
        let o = BreakOptions {
            justify: true,
            ..opts(100.0)
        };
        let lines = break_lines(text, &o, &adv);
        assert_eq!(lines[0].text(), "一二三四五六七八九，");
        let last = lines[0].glyphs.last().unwrap();
        assert_eq!(last.advance, 5.0);
        // Justified to the margin: the comma's glyph (its left half) ends at the edge.
        assert!((last.x + last.advance - 100.0).abs() < 0.01, "{last:?}");
    }

    fn texts(text: &str, o: &BreakOptions) -> Vec<String> {
        break_lines(text, o, &adv).iter().map(Line::text).collect()
    }

    #[test]
    fn breaks_between_cjk_characters() {
        // Not 一二三 / 四五六 / 七: a single character alone on the last line (孤字) takes one
        // from the line before.
        assert_eq!(
            texts("一二三四五六七", &opts(30.0)),
            ["一二三", "四五", "六七"]
        );
        // Unless that line has too little to give: then the character stays alone.
        assert_eq!(texts("一二，三", &opts(20.0)), ["一", "二，", "三"]);
    }

    #[test]
    fn a_name_too_long_for_its_line_breaks_after_a_word() {
        let o = BreakOptions {
            units: Units::Names,
            ..opts(140.0)
        };
        // Fourteen characters a line: not 九段沙湿地国家级自然保护区管 / 理事务中心.
        assert_eq!(
            texts("九段沙湿地国家级自然保护区管理事务中心", &o),
            ["九段沙湿地国家级自然保护区", "管理事务中心"]
        );
    }

    #[test]
    fn ranges_units_and_chinese_numeral_years_stay_on_one_line() {
        // The dash of a range is no break opportunity (（2023— / 2025年）》 was)…
        assert_eq!(
            texts("甲乙丙丁戊己庚辛（2023—2025年）》", &opts(100.0)),
            ["甲乙丙丁戊己庚辛", "（2023—2025年）》"]
        );
        // …unless keeping it whole would leave the line more than 2.5 ems short.
        assert_eq!(
            texts("甲乙丙丁（2023—2025年）》", &opts(100.0)),
            ["甲乙丙丁（2023—", "2025年）》"]
        );
        // The same for a range written with a hyphen or a wave dash.
        for range in ["（2026-2028年）》", "（2026～2028年）》"] {
            let lines = texts(&format!("甲乙丙丁{range}"), &opts(100.0));
            assert_eq!(lines.len(), 2, "{lines:?}");
            assert!(lines[0].starts_with("甲乙丙丁（2026") && lines[1].starts_with("2028年"));
        }
        assert_eq!(
            texts("浓度为35微克/立方米", &opts(70.0)),
            ["浓度为35", "微克/立方米"]
        );
        assert_eq!(
            texts("甲乙丙丁二〇二六年", &opts(50.0)),
            ["甲乙丙丁", "二〇二六年"]
        );
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 三 would end the first line, but ， may not start the next: 三， moves down.
        assert_eq!(texts("一二三，四五", &opts(30.0)), ["一二", "三，四", "五"]);
        // 。” moves down with 丙; compressed (。 loses its blank half) 丁 fits after it.
        assert_eq!(texts("甲乙丙。”丁", &opts(30.0)), ["甲乙", "丙。”丁"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(texts("一二（三）", &opts(30.0)), ["一二", "（三）"]);
        assert_eq!(texts("一二《三》", &opts(30.0)), ["一二", "《三》"]);
    }

    #[test]
    fn numbers_stay_with_units_and_latin_words_break_at_spaces() {
        // 2023年 is 4×5+10 = 30 pt: it moves to the next line whole.
        assert_eq!(texts("一二2023年", &opts(40.0)), ["一二", "2023年"]);
        assert_eq!(texts("完成100%。", &opts(40.0)), ["完成", "100%。"]);
        assert_eq!(
            texts("EOD project plan", &opts(50.0)),
            ["EOD", "project", "plan"]
        );
    }

    #[test]
    fn forced_breaks_and_overlong_words() {
        assert_eq!(texts("一二\n三", &opts(100.0)), ["一二", "三"]);
        assert_eq!(texts("abcdefgh", &opts(20.0)), ["abcd", "efgh"]);
    }

    #[test]
    fn no_line_is_wider_than_its_box_and_no_character_is_lost() {
        let text = "学习借鉴浦东先进经验和技术优势，引进浦东国有企业或者专家团队，就城乡生活垃圾处理进行合作交流（2023—2025年），进一步提升100%水平。EOD项目";
        for width in [20.0, 35.0, 47.0, 80.0, 133.0] {
            let mut o = opts(width);
            o.justify = true;
            let lines = break_lines(text, &o, &adv);
            for l in &lines {
                assert!(l.width <= width + 0.01, "{} wider than {width}", l.text());
                for g in &l.glyphs {
                    assert!(g.x + g.advance <= width + 0.02);
                }
            }
            let joined: String = lines.iter().map(Line::text).collect();
            assert_eq!(joined, text, "width {width}");
        }
    }

    #[test]
    fn justified_lines_reach_both_edges_except_the_last() {
        let mut o = opts(45.0);
        o.justify = true;
        let lines = break_lines("一二三四五六七八九", &o, &adv);
        assert_eq!(lines.len(), 3);
        let last = &lines[0].glyphs[3];
        assert!((last.x + last.advance - 45.0).abs() < 0.01);
        // 一二三四 / 五六七 / 八九: the last line keeps two characters (no 孤字).
        assert_eq!(lines[2].width, 20.0);
    }

    #[test]
    fn indents() {
        let mut o = opts(50.0);
        o.first_indent = 20.0;
        let lines = break_lines("一二三四五六", &o, &adv);
        assert_eq!(lines[0].text(), "一二三");
        assert_eq!(lines[0].glyphs[0].x, 20.0);
        assert_eq!(lines[1].glyphs[0].x, 0.0);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn adv(c: char) -> f32 {
        if is_cjk(c) { 10.0 } else { 5.0 }
    }

    /// Text mixing hanzi, punctuation that must not start or end a line, digits with units,
    /// Latin words, spaces and forced breaks.
    fn text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "环",
            "境",
            "保",
            "护",
            "，",
            "。",
            "（",
            "）",
            "“",
            "”",
            "《",
            "》",
            "、",
            "2023",
            "年",
            "100%",
            "EOD",
            " ",
            "abcdefghijklmnopqrstuvwxyz",
            "—",
            "\n",
        ]);
        prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
    }

    proptest! {
        /// No character is lost, duplicated or reordered (spaces at line ends aside), and no
        /// line is wider than its box unless it holds a single character.
        #[test]
        fn lines_keep_every_character_in_order_and_fit(text in text(), width in 12.0f32..400.0, justify in any::<bool>()) {
            let opts = BreakOptions { width, first_indent: 0.0, left_indent: 0.0, justify, max_stretch: 3.0, units: Units::Chars };
            let lines = break_lines(&text, &opts, &adv);
            let drawn: String = lines.iter().map(Line::text).collect::<String>();
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(squash(&drawn), squash(&text));
            for line in &lines {
                let right = line.glyphs.last().map_or(0.0, |g| g.x + g.advance);
                prop_assert!(
                    right <= width + 0.05 || line.glyphs.len() == 1,
                    "line {:?} ends at {} in a box of {}", line.text(), right, width
                );
                for pair in line.glyphs.windows(2) {
                    prop_assert!(pair[1].x >= pair[0].x + pair[0].advance - 0.01, "overlap in {:?}", line.text());
                }
            }
        }
    }
}
