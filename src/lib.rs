//! huibao (汇报) builds Chinese government meeting materials from YAML content kept in git.
//!
//! The stages read top to bottom, each using only the stages before it and the shared pieces:
//!
//! - [`content`]: find, parse and validate `content/` into a project;
//! - [`render`]: Tera templates and prose → markup → [`document::Document`];
//! - [`layout`]: line breaking, tables and pagination into positioned runs (no PDF types);
//! - [`pdf`], [`xlsx`] and [`docx`]: the writers;
//! - [`pipeline`]: orchestration (produce every output in memory) and all-or-nothing output files;
//! - [`cmd`]: what each CLI subcommand does (`main.rs` only parses arguments).
//!
//! Shared by several stages: [`diag`] (diagnostics and failures), [`document`] (the model the
//! writers consume), [`fonts`] (loading, fallback chains, measuring, subsetting), [`text`]
//! (Chinese line breaking), [`style`] and [`theme`] (the look and the templates folder) and
//! [`date`]; [`i18n`] holds the catalogs every message comes from; [`transaction`] replaces a set of files all or nothing, across a kill, for the
//! output folder and for `import --write`.

// Unit tests fail by panicking: unwrapping is their way to say what went wrong.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod cmd;
pub mod content;
pub mod date;
pub mod diag;
pub mod document;
pub mod docx;
pub mod fields;
pub mod files;
pub mod fonts;
pub mod history;
pub mod hooks;
pub mod i18n;
pub mod import;
pub mod layout;
pub mod parallel;
pub mod paths;
pub mod pdf;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod style;
pub mod text;
pub mod theme;
pub mod transaction;
pub mod xlsx;
