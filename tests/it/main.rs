//! The integration tests, one binary (linked once): each module tests one concern through the
//! huibao binary or the library, with the helpers in [`common`].

// A test or benchmark fails by panicking: unwrapping is its way to say what went wrong.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "../../benches/served.rs"]
mod served;
#[path = "../../benches/spoilt.rs"]
mod spoilt;
#[path = "../../benches/synth.rs"]
mod synth;

mod build_markup;
mod changes;
mod check;
mod docx;
mod docx_layout;
mod hostile;
mod i18n;
mod import;
mod init_from;
mod paths;
mod pdf;
mod renumber;
mod returns;
mod revise;
mod robustness;
mod safety;
mod scale;
mod schema;
mod serve;
mod slips;
mod typeset;
mod warnings;
mod watch;
mod windows;
mod xlsx;
