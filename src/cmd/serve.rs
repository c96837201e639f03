//! `huibao serve`: `watch`, with the material shown in the browser as it prints
//! ([`crate::serve`]).

use super::watch::watch_with;
use super::{Environment, Failure, Outcome, options};
use crate::pipeline::Cache;
use crate::serve::{Shared, listen};
use std::path::Path;
use std::sync::Arc;

/// Where and how to serve.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServeOptions {
    /// The port (a free one when None).
    pub port: Option<u16>,
    /// Open the system's browser at the page.
    pub open: bool,
}

/// Serves the material on the loopback and rebuilds on every save, until stopped; `report`
/// gets the address, then each build's outcome as `watch` reports it.
pub fn serve(
    content: &Path,
    templates: Option<&Path>,
    output: &Path,
    (env, how): (Environment, ServeOptions),
    report: &mut dyn FnMut(Result<Outcome, Failure>),
) -> Result<Outcome, Failure> {
    let opts = options(content, templates, output, env)?;
    let shared = Arc::new(Shared::default());
    let url = listen(how.port, &opts, &shared).map_err(Failure::Other)?;
    report(Ok(Outcome::from(crate::tr!(
        "serve-listening",
        url = url.clone()
    ))));
    if how.open {
        // The page waits for the first build itself: the browser may open at once.
        let _ = open::that_detached(&url);
    }
    watch_with(
        &opts,
        Cache::for_showing(),
        &mut |cache, failure| shared.take_build(cache, failure),
        report,
    )
}
