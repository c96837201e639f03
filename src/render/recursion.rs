//! Templates may include each other and define macros. A cycle among them (a template that
//! includes itself, two that include each other, a macro that calls itself) recurses in Tera
//! until the stack overflows, and `range` loops nested in each other grow without bound. Both
//! are found in the parsed templates before anything is rendered, and named.

use std::collections::{BTreeMap, BTreeSet};
use tera::ast::{Expr, ExprVal, Node};

/// Largest `range` a template may loop over, and how many such loops may nest.
const MAX_RANGE: i64 = 10_000;
const MAX_RANGE_NESTING: usize = 1;

/// What one body calls: templates it includes, macros it calls (template, macro) and how
/// deep its `range` loops nest.
#[derive(Default)]
struct Calls {
    targets: BTreeSet<String>,
    range_depth: usize,
    range_too_long: bool,
}

/// Refuses cycles of includes and macro calls among `tera`'s templates, and range loops that
/// nest or run too long; the error names the templates or macro in the cycle.
pub fn check(tera: &tera::Tera) -> Result<(), String> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, template) in &tera.templates {
        let namespaces: BTreeMap<&str, &str> = template
            .imported_macro_files
            .iter()
            .map(|(file, ns)| (ns.as_str(), file.as_str()))
            .collect();
        let resolve = |calls: Calls| -> Result<BTreeSet<String>, String> {
            if calls.range_depth > MAX_RANGE_NESTING || calls.range_too_long {
                return Err(crate::tr!(
                    "render-range-loops",
                    template = name.as_str(),
                    max = MAX_RANGE
                ));
            }
            Ok(calls
                .targets
                .into_iter()
                .map(|t| match t.split_once("::") {
                    Some(("self", m)) => format!("{name}::{m}"),
                    Some((ns, m)) => format!("{}::{m}", namespaces.get(ns).unwrap_or(&ns)),
                    None => t,
                })
                .collect())
        };
        graph.insert(name.clone(), resolve(walk(&template.ast))?);
        for (macro_name, definition) in &template.macros {
            graph.insert(
                format!("{name}::{macro_name}"),
                resolve(walk(&definition.body))?,
            );
        }
    }
    match cycle(&graph) {
        Some(path) => Err(crate::tr!("render-cycle", path = path.join(" → "))),
        None => Ok(()),
    }
}

/// The first cycle of `graph`, as the names along it (the first repeated at the end).
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Iterative depth-first search: the graph is the user's, so no recursion here either.
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in graph.keys() {
        if done.contains(start.as_str()) {
            continue;
        }
        let mut path: Vec<&str> = vec![start];
        let mut stack: Vec<Vec<&str>> = vec![next_of(graph, start)];
        while let Some(next) = stack.last_mut() {
            match next.pop() {
                Some(n) if path.contains(&n) => {
                    let from = path.iter().position(|p| *p == n).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        path[from..].iter().map(|s| (*s).to_string()).collect();
                    cycle.push(n.to_string());
                    return Some(cycle);
                }
                Some(n) if !done.contains(n) => {
                    path.push(n);
                    stack.push(next_of(graph, n));
                }
                Some(_) => {}
                None => {
                    stack.pop();
                    if let Some(p) = path.pop() {
                        done.insert(p);
                    }
                }
            }
        }
    }
    None
}

fn next_of<'a>(graph: &'a BTreeMap<String, BTreeSet<String>>, node: &str) -> Vec<&'a str> {
    graph
        .get(node)
        .map(|s| s.iter().map(String::as_str).collect())
        .unwrap_or_default()
}

fn walk(list: &[Node]) -> Calls {
    let mut calls = Calls::default();
    nodes(list, 0, &mut calls);
    calls
}

fn nodes(list: &[Node], ranges: usize, calls: &mut Calls) {
    for n in list {
        node(n, ranges, calls);
    }
}

fn node(n: &Node, ranges: usize, calls: &mut Calls) {
    match n {
        Node::VariableBlock(_, e) => expr(e, calls),
        Node::Include(_, names, _) => calls.targets.extend(names.iter().cloned()),
        Node::Extends(_, name) => {
            calls.targets.insert(name.clone());
        }
        Node::Set(_, s) => expr(&s.value, calls),
        Node::FilterSection(_, f, _) => {
            f.filter.args.values().for_each(|e| expr(e, calls));
            nodes(&f.body, ranges, calls);
        }
        Node::Block(_, b, _) => nodes(&b.body, ranges, calls),
        Node::Forloop(_, f, _) => {
            expr(&f.container, calls);
            let over_range =
                matches!(&f.container.val, ExprVal::FunctionCall(c) if c.name == "range");
            let ranges = ranges + usize::from(over_range);
            calls.range_depth = calls.range_depth.max(ranges);
            nodes(&f.body, ranges, calls);
            nodes(f.empty_body.as_deref().unwrap_or(&[]), ranges, calls);
        }
        Node::If(i, _) => {
            for (_, cond, body) in &i.conditions {
                expr(cond, calls);
                nodes(body, ranges, calls);
            }
            if let Some((_, body)) = &i.otherwise {
                nodes(body, ranges, calls);
            }
        }
        Node::MacroDefinition(..)
        | Node::ImportMacro(..)
        | Node::Super
        | Node::Text(_)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => {}
    }
}

fn expr(e: &Expr, calls: &mut Calls) {
    for f in &e.filters {
        f.args.values().for_each(|a| expr(a, calls));
    }
    val(&e.val, calls);
}

fn val(v: &ExprVal, calls: &mut Calls) {
    match v {
        ExprVal::Math(m) => {
            expr(&m.lhs, calls);
            expr(&m.rhs, calls);
        }
        ExprVal::Logic(l) => {
            expr(&l.lhs, calls);
            expr(&l.rhs, calls);
        }
        ExprVal::In(i) => {
            expr(&i.lhs, calls);
            expr(&i.rhs, calls);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| expr(a, calls)),
        ExprVal::MacroCall(m) => {
            calls.targets.insert(format!("{}::{}", m.namespace, m.name));
            m.args.values().for_each(|a| expr(a, calls));
        }
        ExprVal::FunctionCall(f) => {
            if f.name == "range" {
                let literal = |k: &str| match f.args.get(k).map(|e| &e.val) {
                    Some(ExprVal::Int(n)) => Some(*n),
                    _ => None,
                };
                let long = match (literal("start"), literal("end")) {
                    (start, Some(end)) => end - start.unwrap_or(0) > MAX_RANGE,
                    _ => true,
                };
                calls.range_too_long |= long;
            }
            f.args.values().for_each(|a| expr(a, calls));
        }
        ExprVal::Array(items) => items.iter().for_each(|a| expr(a, calls)),
        ExprVal::StringConcat(c) => c.values.iter().for_each(|v| val(v, calls)),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> tera::Tera {
        let mut t = tera::Tera::default();
        t.add_raw_templates(templates.to_vec())
            .expect("templates parse");
        t
    }

    #[test]
    fn cycles_and_runaway_loops_are_named() {
        let own = tera(&[("report.html", "{% include \"report.html\" %}")]);
        assert!(
            check(&own)
                .unwrap_err()
                .contains("report.html → report.html")
        );
        let two = tera(&[
            ("report.html", "{% include \"annex.html\" %}"),
            ("annex.html", "{% include \"report.html\" %}"),
        ]);
        assert!(check(&two).unwrap_err().contains("→"));
        let m = tera(&[(
            "report.html",
            "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}{{ self::m(n=1) }}",
        )]);
        assert!(
            check(&m)
                .unwrap_err()
                .contains("report.html::m → report.html::m")
        );
        let loops = tera(&[(
            "report.html",
            "{% for i in range(end=10) %}{% for j in range(end=10) %}x{% endfor %}{% endfor %}",
        )]);
        assert!(check(&loops).is_err());
        let long = tera(&[(
            "report.html",
            "{% for i in range(end=100000000) %}x{% endfor %}",
        )]);
        assert!(check(&long).is_err());
        let fine = tera(&[
            (
                "report.html",
                "{% include \"annex.html\" %}{% for i in range(end=3) %}{{ i }}{% endfor %}",
            ),
            (
                "annex.html",
                "{% macro m() %}x{% endmacro m %}{{ self::m() }}",
            ),
        ]);
        assert_eq!(check(&fine), Ok(()));
    }
}
