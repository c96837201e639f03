//! `huibao clean`: removes what the last build wrote into the output folder.

use super::{Failure, Outcome};
use std::fmt::Write as _;
use std::path::Path;

/// `huibao clean`: removes every file the last build wrote (its manifest lists them) and
/// nothing else; says what it removed.
pub fn clean(output: &Path) -> Result<Outcome, Failure> {
    // As build refuses to write there, clean refuses to remove from the sources.
    crate::paths::not_a_source(output, &super::sources(Path::new("content")))
        .map_err(Failure::Other)?;
    let removed = crate::pipeline::clean(output)?;
    let mut out = String::new();
    for p in &removed {
        let _ = writeln!(
            out,
            "{}",
            crate::tr!("clean-removed", file = crate::diag::shown(p))
        );
    }
    let _ = write!(
        out,
        "{}",
        crate::tr!(
            "clean-summary",
            count = removed.len(),
            folder = crate::diag::shown(output)
        )
    );
    Ok(Outcome::from(out))
}
