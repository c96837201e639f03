//! What changed in the content between two git revisions (`huibao changes`): the content
//! files of each side ([`git`]), compared field by field ([`diff`]) with a character-level
//! marking of what changed, written for a terminal or as Markdown for a 修改说明 ([`report`]); and the material both
//! sides make, compared paragraph by paragraph and cell by cell ([`material`]).
//!
//! It reads YAML the way the loader locates fields ([`crate::content::locate`]), so a file
//! that does not validate today (an old revision written under older rules) still compares.

pub mod diff;
pub mod git;
pub mod material;
pub mod report;
