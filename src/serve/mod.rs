//! `huibao serve`: the material in the browser as it prints, live, with the source of every
//! paragraph and cell and an edit box for text that is one field's value.
//!
//! The watch loop ([`crate::cmd`]'s) builds and rebuilds; after each build the pages of the
//! last good build are drawn as SVG ([`view`]) into the shared [`State`] and every open page
//! is told (server-sent events) to fetch what changed. A click asks [`source`] what the spot
//! shows; an edit goes through [`source::edit`]. [`http`] answers the browser and keeps
//! everything else out (loopback only, `Host` and `Origin` checked, a per-session secret).

pub mod http;
pub mod source;
pub mod view;

use crate::diag::Failure;
use crate::fonts::{FontId, FontSet};
use crate::layout::Drawn;
use crate::pipeline::Cache;
use crate::pipeline::shown::Shown;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use view::View;

/// What the browser is shown: the last good build's pages, and the problems of the last
/// build when it failed.
#[derive(Default)]
pub struct State {
    /// Counts the builds; a page that has seen this one is up to date.
    pub generation: u64,
    /// `meeting.pdf`'s pages, then each annex file's.
    pub views: Vec<View>,
    /// The last good build's parts and files.
    pub shown: Option<Arc<Shown>>,
    /// The fonts the pages use, by CSS family name.
    pub fonts: BTreeMap<String, Arc<Vec<u8>>>,
    /// The last build's problems as `check` prints them, when it failed.
    pub problems: Option<String>,
    /// The pages drawn so far, kept for the next build.
    drawings: view::Drawings,
}

/// The state, and the build number the event streams watch.
pub struct Shared {
    /// The state.
    pub state: Mutex<State>,
    /// The number of the last build, sent after every build.
    pub built: tokio::sync::watch::Sender<u64>,
}

impl Default for Shared {
    fn default() -> Shared {
        Shared {
            state: Mutex::default(),
            built: tokio::sync::watch::Sender::new(0),
        }
    }
}

impl Shared {
    /// The state, even when a thread panicked holding it (it is replaced whole by each build,
    /// never left half-changed).
    pub fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes a build's result into the state and wakes every event stream.
    pub fn take_build(&self, cache: &Cache, failure: Option<&Failure>) {
        let mut state = self.lock();
        state.generation += 1;
        match failure {
            Some(f) => {
                state.problems = Some(String::from_utf8_lossy(&f.render(false)).into_owned());
            }
            None => {
                state.problems = None;
                if let Some((shown, layouts, fonts)) = cache.shown() {
                    let families = families(fonts);
                    let views =
                        view::views(shown, &layouts, (fonts, &families), &mut state.drawings);
                    for id in used_fonts(shown, &layouts, fonts) {
                        let family = &families[id.index()];
                        if !state.fonts.contains_key(family)
                            && let Ok(bytes) = fonts.whole_face(id)
                        {
                            state.fonts.insert(family.clone(), Arc::new(bytes));
                        }
                    }
                    state.views = views;
                    // Shared with the cache: one copy of the documents, not one per build.
                    state.shown = Some(Arc::clone(shown));
                }
            }
        }
        let generation = state.generation;
        drop(state);
        self.built.send_replace(generation);
    }
}

/// Listens on the loopback at `port` (a free one when None) and answers the browser from
/// `shared` on a runtime of its own (two threads); returns the address to open. Builds are
/// the caller's (the watch loop, with [`Shared::take_build`]).
pub fn listen(
    port: Option<u16>,
    opts: &crate::pipeline::BuildOptions,
    shared: &Arc<Shared>,
) -> Result<String, String> {
    let cannot = |port: u16, e: &dyn std::fmt::Display| {
        crate::tr!("serve-cannot-listen", port = port, error = e.to_string())
    };
    let asked = port.unwrap_or(0);
    let listener =
        std::net::TcpListener::bind(("127.0.0.1", asked)).map_err(|e| cannot(asked, &e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| cannot(asked, &e))?;
    let port = listener.local_addr().map_err(|e| cannot(asked, &e))?.port();
    let session = Arc::new(http::Session {
        port,
        secret: http::new_secret(),
        opts: opts.clone(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| cannot(port, &e))?;
    let app = http::router(Arc::clone(shared), session);
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let served = match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => axum::serve(listener, app).await,
                Err(e) => Err(e),
            };
            if let Err(e) = served {
                eprintln!("{}", cannot(port, &e));
            }
        });
    });
    Ok(format!("http://127.0.0.1:{port}/"))
}

/// The CSS family each font is served as: its index and a fingerprint of the font set, so a
/// change of the templates' fonts is a new family, never a stale one the browser kept.
fn families(fonts: &FontSet) -> Vec<String> {
    let epoch =
        crate::content::load::fingerprint(format!("{:?}{}", fonts.names, fonts.used()).as_bytes())
            as u32;
    (0..fonts.names.len())
        .map(|i| format!("hb{i}-{epoch:08x}"))
        .collect()
}

/// The fonts the pages draw with, the page numbers' among them.
fn used_fonts(shown: &Shown, layouts: &[&crate::layout::Layout], fonts: &FontSet) -> Vec<FontId> {
    let engine = crate::layout::Engine::new(&shown.style, fonts);
    let number = engine
        .text_style(shown.style.page_number.role_id, 100.0)
        .font;
    let mut used = std::collections::BTreeSet::from([number.index()]);
    for page in layouts.iter().flat_map(|l| &l.pages) {
        for item in &page.items {
            if let Drawn::Text { font, .. } = item {
                used.insert(font.index());
            }
        }
    }
    used.into_iter().map(FontId::new).collect()
}
