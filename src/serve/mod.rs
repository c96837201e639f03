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
use std::sync::{Arc, Condvar, Mutex};
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
    pub shown: Option<Shown>,
    /// The fonts the pages use, by CSS family name.
    pub fonts: BTreeMap<String, Arc<Vec<u8>>>,
    /// The last build's problems as `check` prints them, when it failed.
    pub problems: Option<String>,
    /// The pages drawn so far, kept for the next build.
    drawings: view::Drawings,
}

/// The state with the condition the event streams wait on.
#[derive(Default)]
pub struct Shared {
    /// The state.
    pub state: Mutex<State>,
    /// Notified after every build.
    pub built: Condvar,
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
                    state.shown = Some(shown.clone());
                }
            }
        }
        drop(state);
        self.built.notify_all();
    }
}

/// Listens on the loopback at `port` (a free one when None) and answers the browser from
/// `shared` on a few threads; returns the address to open. Builds are the caller's (the watch
/// loop, with [`Shared::take_build`]).
pub fn listen(
    port: Option<u16>,
    opts: &crate::pipeline::BuildOptions,
    shared: &Arc<Shared>,
) -> Result<String, String> {
    let server = tiny_http::Server::http(("127.0.0.1", port.unwrap_or(0))).map_err(|e| {
        crate::tr!(
            "serve-cannot-listen",
            port = port.unwrap_or(0),
            error = e.to_string()
        )
    })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| crate::tr!("serve-cannot-listen", port = 0, error = "no address"))?;
    let session = Arc::new(http::Session {
        port,
        secret: http::new_secret(),
        opts: opts.clone(),
    });
    let server = Arc::new(server);
    // Pages and fonts load side by side; an edit is checked while pages are still served.
    for _ in 0..4 {
        let (server, shared, session) = (
            Arc::clone(&server),
            Arc::clone(shared),
            Arc::clone(&session),
        );
        std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                http::answer(&shared, &session, req);
            }
        });
    }
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
