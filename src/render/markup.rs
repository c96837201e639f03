//! Parses the templates' XHTML subset into a [`Document`].
//!
//! The subset: `<document>` holding `<section orientation="portrait|landscape">`, and in a
//! section `<h1>`–`<h4>`, `<p class="ROLE">`, `<pagebreak/>` and `<table>` with `<colgroup>`/`<col
//! class>`, `<thead>`, one `<tbody>` per row group, `<tr>`, `<th>`/`<td>` with `class`, `rowspan`
//! and `colspan`; `<br/>` breaks a line inside a paragraph or cell.

use crate::document::{Block, Cell, Document, Orientation, Paragraph, Row, Section, Table, place};
use crate::style::{RoleId, Style};
use roxmltree::Node;

/// Line-break marker used while whitespace is normalised.
const BR: char = '\u{2028}';

/// Parses `markup` (the output of template `template`) against the roles of `style`.
pub fn parse(markup: &str, template: &str, style: &Style) -> Result<Document, String> {
    let doc = roxmltree::Document::parse(markup).map_err(|e| {
        let pos = e.pos();
        let line = markup.lines().nth(pos.row as usize - 1).unwrap_or("");
        crate::tr!(
            "markup-error",
            template = template,
            message = crate::tr!("markup-unparsed", detail = e.to_string()),
            row = pos.row,
            line = line.trim()
        )
    })?;
    let p = Parser {
        doc: &doc,
        markup,
        template,
        style,
    };
    p.document(doc.root_element())
}

struct Parser<'a, 'i> {
    doc: &'a roxmltree::Document<'i>,
    markup: &'a str,
    template: &'a str,
    style: &'a Style,
}

impl<'a, 'i> Parser<'a, 'i> {
    fn err(&self, node: Node, msg: impl std::fmt::Display) -> String {
        let pos = self.doc.text_pos_at(node.range().start);
        let line = self.markup.lines().nth(pos.row as usize - 1).unwrap_or("");
        crate::tr!(
            "markup-error",
            template = self.template,
            message = msg.to_string(),
            row = pos.row,
            line = line.trim()
        )
    }

    fn expect_only_whitespace(&self, node: Node) -> Result<(), String> {
        for child in node.children() {
            if child.is_text() && !child.text().unwrap_or("").trim().is_empty() {
                return Err(self.err(
                    child,
                    crate::tr!("markup-loose-text", element = node.tag_name().name()),
                ));
            }
        }
        Ok(())
    }

    fn document(&self, root: Node) -> Result<Document, String> {
        if root.tag_name().name() != "document" {
            return Err(self.err(root, crate::tr!("markup-root")));
        }
        self.expect_only_whitespace(root)?;
        let mut sections = Vec::new();
        for node in elements(root) {
            if node.tag_name().name() != "section" {
                return Err(self.err(
                    node,
                    crate::tr!("markup-not-section", element = node.tag_name().name()),
                ));
            }
            sections.push(self.section(node)?);
        }
        Ok(Document { sections })
    }

    fn section(&self, node: Node) -> Result<Section, String> {
        let orientation = match node.attribute("orientation").unwrap_or("portrait") {
            "portrait" => Orientation::Portrait,
            "landscape" => Orientation::Landscape,
            other => {
                return Err(self.err(node, crate::tr!("markup-orientation", value = other)));
            }
        };
        self.expect_only_whitespace(node)?;
        let mut blocks = Vec::new();
        for child in elements(node) {
            let name = child.tag_name().name();
            let block = match name {
                "p" => Block::Paragraph(Paragraph {
                    role: self.role(child, &self.style.defaults.paragraph)?,
                    text: self.text(child)?,
                }),
                "h1" | "h2" | "h3" | "h4" => Block::Paragraph(Paragraph {
                    role: self.role(child, name)?,
                    text: self.text(child)?,
                }),
                "pagebreak" => Block::PageBreak,
                "table" => Block::Table(self.table(child)?),
                other => {
                    return Err(self.err(child, crate::tr!("markup-unknown", element = other)));
                }
            };
            blocks.push(block);
        }
        Ok(Section {
            orientation,
            blocks,
        })
    }

    fn role(&self, node: Node, default: &str) -> Result<RoleId, String> {
        let role = node.attribute("class").unwrap_or(default);
        self.style
            .role_id(role)
            .ok_or_else(|| self.err(node, crate::tr!("markup-unknown-class", class = role)))
    }

    /// The text of an inline container: text and `<br/>`, whitespace from the template's own
    /// line breaks removed.
    fn text(&self, node: Node) -> Result<String, String> {
        let mut raw = String::new();
        self.collect_text(node, &mut raw)?;
        Ok(normalize(&raw))
    }

    fn collect_text(&self, node: Node, out: &mut String) -> Result<(), String> {
        for child in node.children() {
            if child.is_text() {
                out.push_str(child.text().unwrap_or(""));
            } else if child.is_element() {
                match child.tag_name().name() {
                    "br" => out.push(BR),
                    "span" | "b" | "strong" => self.collect_text(child, out)?,
                    other => {
                        return Err(
                            self.err(child, crate::tr!("markup-not-in-text", element = other))
                        );
                    }
                }
            }
        }
        Ok(())
    }

    fn span(&self, node: Node, attr: &str) -> Result<usize, String> {
        match node.attribute(attr) {
            None => Ok(1),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => Err(self.err(node, crate::tr!("markup-span", attribute = attr, value = v))),
            },
        }
    }

    fn rows(&self, node: Node, columns: usize) -> Result<Vec<Row>, String> {
        self.expect_only_whitespace(node)?;
        let mut rows = Vec::new();
        for tr in elements(node) {
            if tr.tag_name().name() != "tr" {
                return Err(self.err(
                    tr,
                    crate::tr!("markup-not-tr", element = tr.tag_name().name()),
                ));
            }
            self.expect_only_whitespace(tr)?;
            let mut cells = Vec::new();
            for cell in elements(tr) {
                let header = match cell.tag_name().name() {
                    "th" => true,
                    "td" => false,
                    other => {
                        return Err(self.err(cell, crate::tr!("markup-not-cell", element = other)));
                    }
                };
                cells.push(Cell {
                    text: self.text(cell)?,
                    role: self.role(
                        cell,
                        if header {
                            &self.style.defaults.header_cell
                        } else {
                            &self.style.defaults.cell
                        },
                    )?,
                    colspan: self.span(cell, "colspan")?,
                    rowspan: self.span(cell, "rowspan")?,
                    header,
                });
            }
            rows.push((tr, Row { cells }));
        }
        // Every row must fill the grid exactly, counting spans from rows above.
        let plain: Vec<Row> = rows.iter().map(|(_, r)| r.clone()).collect();
        let placed = place(&plain, columns);
        let mut covered = vec![0usize; plain.len()];
        for (r, row) in plain.iter().enumerate() {
            for (cell, _) in row.cells.iter().zip(&placed[r]) {
                if r + cell.rowspan > plain.len() {
                    return Err(self.err(
                        rows[r].0,
                        crate::tr!("markup-rowspan-past", rowspan = cell.rowspan),
                    ));
                }
                for c in covered.iter_mut().skip(r).take(cell.rowspan) {
                    *c += cell.colspan;
                }
            }
        }
        for (r, n) in covered.iter().enumerate() {
            if *n != columns {
                return Err(self.err(
                    rows[r].0,
                    crate::tr!("markup-row-width", covered = *n, columns = columns),
                ));
            }
        }
        Ok(plain)
    }

    fn table(&self, node: Node) -> Result<Table, String> {
        self.expect_only_whitespace(node)?;
        let mut columns = Vec::new();
        let mut head = Vec::new();
        let mut groups = Vec::new();
        for child in elements(node) {
            match child.tag_name().name() {
                "colgroup" => {
                    for col in elements(child) {
                        let class = col.attribute("class").unwrap_or("");
                        if !self.style.table.columns.contains_key(class) {
                            return Err(
                                self.err(col, crate::tr!("markup-col-width", class = class))
                            );
                        }
                        columns.push(class.to_string());
                    }
                }
                "thead" => head = self.rows(child, columns.len())?,
                "tbody" => groups.push(self.rows(child, columns.len())?),
                other => {
                    return Err(self.err(child, crate::tr!("markup-not-in-table", element = other)));
                }
            }
        }
        if columns.is_empty() {
            return Err(self.err(node, crate::tr!("markup-no-colgroup")));
        }
        Ok(Table {
            columns,
            head,
            groups,
            widths: None,
        })
    }
}

fn elements<'x, 'y>(node: Node<'x, 'y>) -> impl Iterator<Item = Node<'x, 'y>> {
    node.children().filter(roxmltree::Node::is_element)
}

/// Removes whitespace that comes from template formatting (any run holding a newline), folds
/// other runs of spaces to one, trims, and turns `<br/>` markers into `\n`.
fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() && !run.contains('\n') && !out.is_empty() && !out.ends_with(BR) {
            out.push(' ');
        }
        run.clear();
    };
    for c in raw.chars() {
        if c.is_whitespace() && c != BR && c != '\u{3000}' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            if c == BR {
                while out.ends_with(' ') {
                    out.pop();
                }
            }
            out.push(c);
        }
    }
    while out.ends_with(BR) {
        out.pop();
    }
    out.replace(BR, "\n")
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn normalizes_template_whitespace() {
        assert_eq!(normalize("\n  一二\n  三 "), "一二三");
        assert_eq!(normalize("EOD  project"), "EOD project");
        assert_eq!(normalize("甲\u{2028}\n   乙\u{2028}"), "甲\n乙");
    }
}
