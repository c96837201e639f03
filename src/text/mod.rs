//! Text handling shared by layout (PDF) and the XLSX row heights: Chinese line breaking.

pub mod linebreak;
