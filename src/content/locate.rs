//! Source positions for YAML fields.
//!
//! serde_yaml gives positions only for its own errors; semantic checks need the line of any
//! field. A second, cheap pass over the YAML events (yaml-rust2) records where each field path
//! (`rows[1].plans.2024`) starts, every scalar's text (to find where a character came from),
//! and keys written twice in one mapping.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub column: usize,
}

/// How a value node is written, for editing it in place ([`super::edit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeStyle {
    /// A scalar, with its YAML style.
    Scalar(yaml_rust2::scanner::TScalarStyle),
    /// A sequence: `[a, b]` (flow, the text starts with `[` there) or `- a` lines (block).
    Sequence,
    /// A mapping: `{…}` (flow) or `key: value` lines (block).
    Mapping,
}

/// Where a value node starts and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// Its first character, counted in characters from the file's start.
    pub index: usize,
    /// 1-based line and column of that character.
    pub pos: Pos,
    /// How it is written.
    pub style: NodeStyle,
}

/// Field paths of one YAML file mapped to where they are written.
#[derive(Debug, Clone, Default)]
pub struct Locator {
    positions: HashMap<String, Pos>,
    /// Every scalar value with its path and position, in file order.
    pub scalars: Vec<(String, Pos, String)>,
    /// Keys written twice in one mapping: (path, position of the second).
    pub duplicates: Vec<(String, Pos)>,
    /// Where YAML aliases (`*name`) are used: (path, position).
    pub aliases: Vec<(String, Pos)>,
    /// Where YAML tags (`!!binary`, `!x`) are written: (path, the tag, position).
    pub tags: Vec<(String, String, Pos)>,
    /// Every value node (not keys) by path, with its style (only from [`Locator::with_nodes`]).
    pub nodes: HashMap<String, Node>,
}

impl Locator {
    /// Reads the events of `text`; a syntax error just ends the walk (serde_yaml reports it).
    pub fn new(text: &str) -> Locator {
        Self::walk(text, false)
    }

    /// [`Locator::new`] that also records every value node and its style ([`Locator::nodes`]),
    /// for editing the file in place; the loader does without (it would only cost memory).
    pub fn with_nodes(text: &str) -> Locator {
        Self::walk(text, true)
    }

    fn walk(text: &str, nodes: bool) -> Locator {
        let mut walker = Walker {
            record_nodes: nodes,
            ..Walker::default()
        };
        let mut parser = Parser::new_from_str(text);
        let _ = parser.load(&mut walker, false);
        walker.locator
    }

    /// Whether `path` itself is written in the file (not only an ancestor).
    pub fn has(&self, path: &str) -> bool {
        self.positions.contains_key(path)
    }

    /// Where `path` is written, or its closest written ancestor.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.positions.get(p) {
                return Some(*pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: Vec<String>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    locator: Locator,
    record_nodes: bool,
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Walker {
    /// Returns the path of the node that starts now, or None when it is a mapping key.
    fn enter_node(&mut self, mark: Marker, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Seq { path, index }) => {
                let p = format!("{path}[{index}]");
                *index += 1;
                self.locator.positions.entry(p.clone()).or_insert(pos(mark));
                Some(p)
            }
            Some(Frame::Map { path, key, seen }) => match key.take() {
                Some(k) => Some(join(path, &k)),
                None => {
                    let k = scalar.unwrap_or("?").to_string();
                    let p = join(path, &k);
                    if seen.contains(&k) {
                        self.locator.duplicates.push((p, pos(mark)));
                    } else {
                        seen.push(k.clone());
                        self.locator.positions.insert(p, pos(mark));
                    }
                    *key = Some(k);
                    None
                }
            },
        }
    }
}

impl Walker {
    fn tag(&mut self, path: String, tag: &yaml_rust2::parser::Tag, mark: Marker) {
        // As typed: the core schema's handle is written `!!`.
        let handle = match tag.handle.as_str() {
            "tag:yaml.org,2002:" => "!!",
            other => other,
        };
        let written = format!("{handle}{}", tag.suffix);
        self.locator.tags.push((path, written, pos(mark)));
    }

    fn node(&mut self, path: &str, mark: Marker, style: NodeStyle) {
        if !self.record_nodes {
            return;
        }
        self.locator.nodes.insert(
            path.to_string(),
            Node {
                index: mark.index(),
                pos: pos(mark),
                style,
            },
        );
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, style, _, tag) => {
                if let Some(tag) = tag {
                    let path = self.enter_node(mark, Some(&value)).unwrap_or_default();
                    self.tag(path, &tag, mark);
                    return;
                }
                if let Some(p) = self.enter_node(mark, Some(&value)) {
                    self.node(&p, mark, NodeStyle::Scalar(style));
                    self.locator.scalars.push((p, pos(mark), value));
                }
            }
            Event::Alias(_) => {
                let path = self.enter_node(mark, None).unwrap_or_default();
                self.locator.aliases.push((path, pos(mark)));
            }
            Event::MappingStart(_, tag) => {
                let path = self.enter_node(mark, None).unwrap_or_default();
                if let Some(tag) = tag {
                    self.tag(path.clone(), &tag, mark);
                }
                self.node(&path, mark, NodeStyle::Mapping);
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: Vec::new(),
                });
            }
            Event::SequenceStart(_, tag) => {
                let path = self.enter_node(mark, None).unwrap_or_default();
                if let Some(tag) = tag {
                    self.tag(path.clone(), &tag, mark);
                }
                self.node(&path, mark, NodeStyle::Sequence);
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_and_duplicates() {
        let text = "seq: 1\nrows:\n  - content: a\n    plans:\n      2024: x\n      2024: y\n";
        let loc = Locator::new(text);
        assert_eq!(loc.find("seq"), Some(Pos { line: 1, column: 1 }));
        assert_eq!(loc.find("rows[0].content").unwrap().line, 3);
        assert_eq!(loc.find("rows[0].plans.2024").unwrap().line, 5);
        assert_eq!(loc.find("rows[0].plans.2099").unwrap().line, 4);
        assert_eq!(loc.duplicates.len(), 1);
        assert_eq!(loc.duplicates[0].0, "rows[0].plans.2024");
        assert_eq!(loc.duplicates[0].1.line, 6);
    }
}
