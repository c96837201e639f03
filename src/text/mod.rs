//! Text handling shared by layout (PDF) and the XLSX row heights: Chinese line breaking.

pub mod balance;
pub mod linebreak;
