//! `huibao clean`: removes what the last build wrote into the output folder.

use super::{Failure, Outcome};
use std::fmt::Write as _;
use std::path::Path;

/// `huibao clean`: removes every file the last build wrote (its manifest lists them) and
/// nothing else; says what it removed.
pub fn clean(output: &Path) -> Result<Outcome, Failure> {
    let removed = crate::pipeline::clean(output)?;
    let mut out = String::new();
    for p in &removed {
        let _ = writeln!(out, "removed {}", crate::diag::shown(p));
    }
    let _ = write!(
        out,
        "{} files removed from {}",
        removed.len(),
        crate::diag::shown(output)
    );
    Ok(Outcome::from(out))
}
