//! What a session that shows the material (`huibao serve`) keeps of its last good build: each
//! part's document and the content files its text came from, beside the laid-out pages the
//! cache keeps anyway. The pages tell where each paragraph and cell stands
//! ([`crate::layout::Area`]); this tells what they are and where they come from.

use crate::content::Project;
use crate::document::Document;
use crate::render::RenderedProject;
use crate::style::Style;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The last good build, as shown.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The report, then each annex, in the order `meeting.pdf` has them.
    pub parts: Vec<Part>,
    /// The style the pages were laid out with (page numbers are drawn with it).
    pub style: Style,
    /// Each content file with the fingerprint of the bytes the build read: an edit made from
    /// the page is refused when the file changed since.
    pub read_as: BTreeMap<PathBuf, u64>,
}

/// One part of the material: the report or an annex.
#[derive(Debug, Clone)]
pub struct Part {
    /// `汇报`, `附件1`, … (for the list of parts).
    pub name: String,
    /// The annex's own PDF (`yongan.pdf`); for the report, `meeting.pdf`.
    pub file: String,
    /// The section key its layout is kept under.
    pub key: u64,
    /// Its document (the text of every paragraph and cell).
    pub document: Document,
    /// The content files its paragraphs can come from: `meeting.yaml` and the annexes'
    /// `_annex.yaml` for the report, the annex's `_annex.yaml` for an annex.
    pub files: Vec<PathBuf>,
    /// An annex's items in the table's order (row group `i` is `items[i]`): file and title.
    pub items: Vec<(PathBuf, String)>,
}

/// What `project` and `rendered` show, with the section `keys` (report first).
pub fn of(project: &Project, rendered: &RenderedProject, keys: &[u64], style: &Style) -> Shown {
    let metas: Vec<PathBuf> = project
        .annexes
        .iter()
        .map(|a| a.meta.source.path.clone())
        .collect();
    let mut files = vec![project.meeting.source.path.clone()];
    files.extend(metas.iter().cloned());
    let mut parts = vec![Part {
        name: crate::tr!("serve-part-report"),
        file: crate::content::names::meeting_pdf(),
        key: keys.first().copied().unwrap_or_default(),
        document: rendered.report.document.clone(),
        files,
        items: Vec::new(),
    }];
    for (i, ((heading, r), annex)) in rendered.annexes.iter().zip(&project.annexes).enumerate() {
        parts.push(Part {
            name: crate::tr!("serve-part-annex", number = heading.number),
            file: crate::content::names::section_file(&r.stem, "pdf"),
            key: keys.get(i + 1).copied().unwrap_or_default(),
            document: r.document.clone(),
            files: vec![annex.meta.source.path.clone()],
            items: annex
                .items
                .iter()
                .map(|item| (item.source.path.clone(), item.value.title.clone()))
                .collect(),
        });
    }
    Shown {
        parts,
        style: style.clone(),
        read_as: project
            .sources()
            .map(|s| (s.path.clone(), s.read_as))
            .collect(),
    }
}
