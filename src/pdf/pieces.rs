//! genpdf's drawing of each piece of a section ([`super::chunk`]), kept by a watch session by
//! what the piece shows: an edit to one item of a long annex changes the pages of one or two
//! of its pieces, and the others are taken from the last build instead of being drawn again
//! (genpdf and printpdf's encoding are most of a piece's cost). What a drawing is finished
//! with — the subsets, their names, compression — is done again, so a kept drawing gives the
//! same bytes as a new one even when the section's subsets changed (a character added or
//! removed renumbers their glyphs): its text, spelled in the glyph ids of the subsets it was
//! drawn with, is respelled in the new ones ([`embed::StandIn::drawn_in`]).
//!
//! A drawing is kept for the same pages, the same stand-in slots and the same font metrics
//! (genpdf places a run by its font's glyph and line height): everything else genpdf writes
//! is the same for the same pages.

use super::embed::{self, Spelling, StandIn};
use super::write::SectionFonts;
use crate::layout::{Drawn, Page};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What a kept drawing is found by: a fingerprint of [`shows`].
type Key = [u8; 16];

/// One piece as genpdf drew it, with how its stand-in text is spelled (per font index) and
/// what its key was made from (compared on a hit, so two pieces never pass for each other).
struct Drawing {
    bytes: Arc<[u8]>,
    spellings: Vec<Option<Spelling>>,
    shows: Vec<u8>,
}

/// The drawings of a session's sections, by [`Key`].
#[derive(Default)]
pub struct Pieces {
    kept: Mutex<HashMap<Key, Arc<Drawing>>>,
    /// The drawings of each section, by the section's key: kept while the section is.
    sections: Mutex<HashMap<u64, Vec<Key>>>,
    /// How many pieces genpdf drew (the rest were kept ones).
    drawn: AtomicUsize,
}

/// A piece's genpdf output and the stand-ins to finish it with.
pub struct DrawnPiece<'s> {
    /// genpdf's output.
    pub bytes: Arc<[u8]>,
    /// The stand-ins its text is drawn through.
    pub stand_ins: Vec<StandIn<'s>>,
}

impl Pieces {
    /// The piece of `pages` of the section `section_key` drawn with `section`'s fonts: kept
    /// from an earlier build when it shows the same, else drawn by `draw` and kept.
    pub fn draw<'s>(
        &self,
        section_key: u64,
        pages: &[Page],
        section: &'s SectionFonts,
        metrics: &[Option<(f64, f64)>],
        draw: impl FnOnce() -> Result<Vec<u8>, String>,
    ) -> Result<DrawnPiece<'s>, String> {
        let shows = shows(pages, section, metrics);
        let key = super::finish::fingerprint(&shows);
        if let Ok(mut sections) = self.sections.lock() {
            let keys = sections.entry(section_key).or_default();
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let kept = self.kept.lock().ok().and_then(|k| k.get(&key).cloned());
        if let Some(drawing) = kept.filter(|d| d.shows == shows)
            && let Some(stand_ins) = respelled(section, &drawing.spellings)
        {
            return Ok(DrawnPiece {
                bytes: Arc::clone(&drawing.bytes),
                stand_ins,
            });
        }
        let bytes: Arc<[u8]> = draw()?.into();
        self.drawn.fetch_add(1, Ordering::Relaxed);
        let drawing = Drawing {
            bytes: Arc::clone(&bytes),
            spellings: section
                .subsets
                .iter()
                .map(|s| s.as_ref().map(embed::Subset::spelling))
                .collect(),
            shows,
        };
        if let Ok(mut kept) = self.kept.lock() {
            kept.insert(key, Arc::new(drawing));
        }
        Ok(DrawnPiece {
            bytes,
            stand_ins: section.stand_ins(),
        })
    }

    /// How many pieces were drawn by genpdf so far, not taken from earlier builds.
    pub fn drawn(&self) -> usize {
        self.drawn.load(Ordering::Relaxed)
    }

    /// Forgets the drawings of every section but `live` (call once a build is done, with
    /// the sections it kept).
    pub fn keep_sections(&self, live: &[u64]) {
        if let (Ok(mut kept), Ok(mut sections)) = (self.kept.lock(), self.sections.lock()) {
            sections.retain(|k, _| live.contains(k));
            let used: HashSet<&Key> = sections.values().flatten().collect();
            kept.retain(|k, _| used.contains(k));
        }
    }
}

/// `section`'s stand-ins for a drawing spelled in `spellings`; None when some glyph cannot be
/// carried over (then the piece is drawn again).
fn respelled<'s>(
    section: &'s SectionFonts,
    spellings: &[Option<Spelling>],
) -> Option<Vec<StandIn<'s>>> {
    let mut out = Vec::new();
    for (i, (subset, slot)) in section.subsets.iter().zip(&section.slots).enumerate() {
        let (Some(subset), Some(slot)) = (subset, slot) else {
            continue;
        };
        let spelling = spellings.get(i)?.as_ref()?;
        out.push(StandIn::drawn_in(*slot, subset, spelling)?);
    }
    Some(out)
}

/// The genpdf metrics each font of `section` is drawn with (per point of size: glyph height
/// and line height, in mm), which place its runs.
pub fn metrics(section: &SectionFonts) -> Result<Vec<Option<(f64, f64)>>, String> {
    section
        .subsets
        .iter()
        .map(|s| s.as_ref().map(super::write::genpdf_metrics).transpose())
        .collect()
}

/// What genpdf draws for `pages` with `section`'s fonts, as bytes.
fn shows(pages: &[Page], section: &SectionFonts, metrics: &[Option<(f64, f64)>]) -> Vec<u8> {
    let mut bytes = Vec::new();
    for (slot, metric) in section.slots.iter().zip(metrics) {
        bytes.push(slot.map_or(u8::MAX, |s| s as u8));
        let (glyph, line) = metric.unwrap_or_default();
        bytes.extend_from_slice(&glyph.to_le_bytes());
        bytes.extend_from_slice(&line.to_le_bytes());
    }
    for page in pages {
        bytes.extend_from_slice(&page.width.to_le_bytes());
        bytes.extend_from_slice(&page.height.to_le_bytes());
        for item in &page.items {
            match item {
                Drawn::Text {
                    font,
                    size,
                    x,
                    baseline,
                    text,
                } => {
                    bytes.push(b'T');
                    bytes.extend_from_slice(&(font.index() as u32).to_le_bytes());
                    bytes.extend_from_slice(&size.to_le_bytes());
                    bytes.extend_from_slice(&x.to_le_bytes());
                    bytes.extend_from_slice(&baseline.to_le_bytes());
                    bytes.extend_from_slice(&(text.len() as u32).to_le_bytes());
                    bytes.extend_from_slice(text.as_bytes());
                }
                Drawn::Rule { from, to, width } => {
                    bytes.push(b'R');
                    for v in [from.0, from.1, to.0, to.1, *width] {
                        bytes.extend_from_slice(&v.to_le_bytes());
                    }
                }
            }
        }
        bytes.push(b'P');
    }
    bytes
}
