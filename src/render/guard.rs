//! What Tera may do with the user's text. Prose in content is data with expressions, not a
//! program: variables, filters, arithmetic, conditionals and loops over the content's own lists
//! are allowed; functions (`range`, `get_env`, `now`), `set`, macros, `include`/`extends`/
//! `import` and Tera's internal `__tera_context` are refused before anything is rendered.
//! Nesting is bounded before Tera's recursive parser sees the text, so deep nesting is an error
//! rather than a stack overflow; templates get the same nesting bound, and no template can read
//! the environment or the clock.

use tera::ast::{Expr, ExprVal, Node};

/// Deepest nesting of brackets or of `{% if %}`/`{% for %}` blocks a template or prose string
/// may have.
pub const MAX_NESTING: usize = 32;

/// Most calls (a function's or a filter's arguments) one expression may nest.
pub const MAX_CALL_NESTING: usize = 3;

/// Most `for` loops one prose string may nest (each runs over a list of the content, so two
/// deep is at most items × items).
pub const MAX_LOOP_NESTING: usize = 2;

/// Most characters one prose string may render to.
pub const MAX_PROSE_OUTPUT: usize = 100_000;

/// Refuses text nested deeper than [`MAX_NESTING`], counting brackets inside `{{ }}`/`{% %}`
/// and open block tags. A cheap lexical scan: it runs before Tera parses.
pub fn check_nesting(text: &str) -> Result<(), String> {
    let mut brackets = 0usize;
    let mut blocks = 0usize;
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let after = &rest[start..];
        let close = if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else {
            rest = &after[1..];
            continue;
        };
        let end = after.find(close).map_or(after.len(), |e| e + 2);
        let tag = &after[..end];
        if close == "%}" {
            let word = tag
                .trim_start_matches("{%")
                .trim_start_matches('-')
                .split_whitespace()
                .next()
                .unwrap_or("");
            match word {
                "if" | "for" | "macro" | "block" | "filter" => blocks += 1,
                "endif" | "endfor" | "endmacro" | "endblock" | "endfilter" => {
                    blocks = blocks.saturating_sub(1);
                }
                _ => {}
            }
        }
        // Brackets open, each marked whether it opens a call's arguments (`f(`), whose nesting
        // Tera's parser takes exponential time to reject when malformed.
        let mut open: Vec<bool> = Vec::new();
        let mut calls = 0usize;
        let mut prev = ' ';
        for c in tag.chars() {
            match c {
                '(' | '[' => {
                    let call = c == '(' && (prev.is_alphanumeric() || prev == '_');
                    open.push(call);
                    brackets = brackets.max(open.len());
                    calls = calls.max(open.iter().filter(|&&c| c).count());
                }
                ')' | ']' => {
                    open.pop();
                }
                _ => {}
            }
            if !c.is_whitespace() {
                prev = c;
            }
        }
        if brackets > MAX_NESTING || blocks > MAX_NESTING {
            return Err(crate::tr!("guard-nesting", max = MAX_NESTING));
        }
        if calls > MAX_CALL_NESTING {
            return Err(crate::tr!("guard-call-nesting", max = MAX_CALL_NESTING));
        }
        rest = &after[end..];
    }
    Ok(())
}

/// Checks a prose string: nesting, then what its expressions may do.
pub fn check_prose(text: &str) -> Result<(), String> {
    check_nesting(text)?;
    let template =
        tera::Template::new("prose", None, text).map_err(|e| super::context::prose_error(&e))?;
    nodes(&template.ast)?;
    if loop_depth(&template.ast) > MAX_LOOP_NESTING {
        return refuse(crate::tr!("guard-what-loops", max = MAX_LOOP_NESTING));
    }
    Ok(())
}

fn loop_depth(list: &[Node]) -> usize {
    list.iter()
        .map(|n| match n {
            Node::Forloop(_, f, _) => 1 + loop_depth(&f.body),
            Node::If(i, _) => i
                .conditions
                .iter()
                .map(|(_, _, body)| loop_depth(body))
                .chain(i.otherwise.iter().map(|(_, body)| loop_depth(body)))
                .max()
                .unwrap_or(0),
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

fn refuse(what: String) -> Result<(), String> {
    Err(crate::tr!("guard-refused", what = what))
}

fn nodes(list: &[Node]) -> Result<(), String> {
    list.iter().try_for_each(node)
}

fn node(n: &Node) -> Result<(), String> {
    match n {
        Node::Text(_) | Node::Raw(..) | Node::Comment(..) => Ok(()),
        Node::VariableBlock(_, e) => expr(e),
        Node::If(i, _) => {
            for (_, cond, body) in &i.conditions {
                expr(cond)?;
                nodes(body)?;
            }
            match &i.otherwise {
                Some((_, body)) => nodes(body),
                None => Ok(()),
            }
        }
        Node::Forloop(_, f, _) => {
            if !matches!(f.container.val, ExprVal::Ident(_)) {
                return refuse(crate::tr!("guard-what-literal-loop"));
            }
            expr(&f.container)?;
            nodes(&f.body)?;
            nodes(f.empty_body.as_deref().unwrap_or(&[]))
        }
        Node::Set(..) => refuse(crate::tr!("guard-what-tag", tag = "set")),
        Node::Include(..) => refuse(crate::tr!("guard-what-tag", tag = "include")),
        Node::Extends(..) => refuse(crate::tr!("guard-what-tag", tag = "extends")),
        Node::ImportMacro(..) => refuse(crate::tr!("guard-what-tag", tag = "import")),
        Node::MacroDefinition(..) => refuse(crate::tr!("guard-what-macro")),
        Node::Block(..) | Node::Super => refuse(crate::tr!("guard-what-tag", tag = "block")),
        Node::FilterSection(..) => refuse(crate::tr!("guard-what-filter-section")),
        Node::Break(_) | Node::Continue(_) => Ok(()),
    }
}

fn expr(e: &Expr) -> Result<(), String> {
    for f in &e.filters {
        f.args.values().try_for_each(expr)?;
    }
    val(&e.val)
}

fn val(v: &ExprVal) -> Result<(), String> {
    match v {
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => Ok(()),
        ExprVal::Ident(name) if name.starts_with("__tera") => {
            refuse(crate::tr!("guard-what-tag", tag = name.as_str()))
        }
        ExprVal::Ident(_) => Ok(()),
        ExprVal::Math(m) => {
            expr(&m.lhs)?;
            expr(&m.rhs)
        }
        ExprVal::Logic(l) => {
            expr(&l.lhs)?;
            expr(&l.rhs)
        }
        ExprVal::Test(t) => t.args.iter().try_for_each(expr),
        ExprVal::MacroCall(m) => refuse(crate::tr!("guard-what-macro-call", name = &m.name)),
        ExprVal::FunctionCall(f) => refuse(crate::tr!("guard-what-function", name = &f.name)),
        ExprVal::Array(items) => items.iter().try_for_each(expr),
        ExprVal::StringConcat(c) => c.values.iter().try_for_each(val),
        ExprVal::In(i) => {
            expr(&i.lhs)?;
            expr(&i.rhs)
        }
    }
}

/// Replaces Tera's functions that read the environment, the clock or randomness with ones that
/// refuse, in templates as in prose: output depends on the content alone.
pub fn register(tera: &mut tera::Tera) {
    for name in ["get_env", "now", "get_random"] {
        tera.register_function(
            name,
            move |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
                Err(tera::Error::msg(crate::tr!(
                    "guard-function-off",
                    name = name
                )))
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_what_the_report_needs() {
        for ok in [
            "{{ annex.item_count | zh_num }}大类",
            "{% for a in annexes %}《{{ a.title }}》{% endfor %}",
            "{% if annex.excluded_count > 0 %}{{ annex.excluded_titles | zh_quote }}{% endif %}",
            "共{{ annex.item_count + 1 }}项",
        ] {
            assert_eq!(check_prose(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_programs() {
        for (bad, what) in [
            ("{{ get_env(name=\"HOME\") }}", "the function `get_env`"),
            ("{{ __tera_context }}", "`__tera_context`"),
            (
                "{% for i in range(end=100000000) %}x{% endfor %}",
                "a loop over",
            ),
            ("{% set r = 1 %}", "`set`"),
            ("{% include \"x\" %}", "`include`"),
            ("{% macro m() %}{% endmacro m %}", "a macro"),
            ("{{ now() }}", "the function `now`"),
            (
                "{% for a in annexes %}{% for b in annexes %}{% for c in annexes %}x{% endfor %}{% endfor %}{% endfor %}",
                "nesting more than 2 `for` loops",
            ),
        ] {
            let err = check_prose(bad).unwrap_err();
            assert!(err.starts_with(what), "{bad}: {err}");
        }
    }

    #[test]
    fn nested_calls_are_refused_before_tera_backtracks_over_them() {
        // A fuzzer's find: Tera's parser took minutes to reject this, exponential in the depth.
        let text = format!("{{% if ye | f({} 2 %}}x", "sep=g(".repeat(12));
        let clock = std::time::Instant::now();
        assert!(
            check_prose(&text)
                .unwrap_err()
                .starts_with("calls nested more than 3")
        );
        assert!(clock.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(check_prose("{{ years | join(sep=\"、\") }}"), Ok(()));
    }

    #[test]
    fn deep_nesting_is_an_error_before_parsing() {
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(
            check_prose(&parens)
                .unwrap_err()
                .contains("nested more than")
        );
        let ifs = format!(
            "{}x{}",
            "{% if true %}".repeat(5_000),
            "{% endif %}".repeat(5_000)
        );
        assert!(check_prose(&ifs).unwrap_err().contains("nested more than"));
    }
}
