//! huibao (汇报) builds Chinese government meeting materials from YAML content kept in git.
//!
//! The stages read top to bottom:
//! [`content`] (model, load, validate) → [`render`] (Tera → [`render::document::Document`]) →
//! [`layout`] + [`pdf`] and [`xlsx`] (writers) → [`build`] (orchestration, output files).
//! [`commands`] holds what each CLI subcommand does.

pub mod build;
pub mod commands;
pub mod content;
pub mod date;
pub mod diag;
pub mod layout;
pub mod pdf;
pub mod render;
pub mod style;
pub mod theme;
pub mod xlsx;
