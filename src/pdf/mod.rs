//! Stage 3b: the PDF writer.

pub mod system_fonts;
