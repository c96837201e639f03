//! serde_yaml's English messages in the user's words, for every YAML file huibao reads
//! (content files and `style.yaml` alike).

/// The parser could not read the structure (as opposed to a value of the wrong kind).
pub fn is_syntax_error(message: &str) -> bool {
    [
        "did not find expected",
        "could not find expected",
        "mapping values are not allowed",
        "block sequence entries are not allowed",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// The parser's messages huibao knows, and the catalog message that says each.
const KNOWN: [(&str, &str); 12] = [
    ("mapping values are not allowed", "yaml-colon-in-value"),
    ("recursion limit exceeded", "yaml-too-deep"),
    ("did not find expected key", "yaml-expected-key"),
    ("did not find expected '-' indicator", "yaml-expected-dash"),
    ("could not find expected ':'", "yaml-expected-colon"),
    (
        "found character that cannot start any token",
        "yaml-bad-character",
    ),
    ("found unexpected end of stream", "yaml-unclosed"),
    ("did not find expected ',' or ']'", "yaml-unclosed-list"),
    ("did not find expected ',' or '}'", "yaml-unclosed-map"),
    ("did not find expected node content", "yaml-expected-value"),
    (
        "block sequence entries are not allowed",
        "yaml-dash-after-key",
    ),
    ("EOF while parsing a value", "yaml-empty"),
];

/// serde_yaml's English message as a catalog message.
pub fn explain(message: &str, quoted: &dyn Fn(&str) -> Option<String>) -> String {
    if let Some(name) = quoted("unknown field `") {
        return crate::tr!("yaml-unknown-field", name = name);
    }
    if let Some(name) = quoted("missing field `") {
        return crate::tr!("yaml-missing-field", name = name);
    }
    if quoted("duplicate field `").is_some() {
        return crate::tr!("load-duplicate-key");
    }
    if let Some(key) = quoted("plan key `") {
        return crate::tr!("yaml-plan-key", key = key);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return crate::tr!(
            "yaml-invalid-type",
            found = found_in_words(found),
            expected = expected_in_words(expected)
        );
    }
    for (marker, id) in KNOWN {
        if message.contains(marker) {
            return crate::i18n::message(id, &[]);
        }
    }
    crate::tr!("yaml-other", detail = message)
}

/// What the parser found, in the user's words: `string "三"` → `the text "三"`.
pub fn found_in_words(found: &str) -> String {
    if let Some(text) = found.strip_prefix("string ") {
        return crate::tr!("yaml-found-text", text = text);
    }
    if let Some(n) = found
        .strip_prefix("integer `")
        .or_else(|| found.strip_prefix("floating point `"))
    {
        return crate::tr!("yaml-found-number", number = n.trim_end_matches('`'));
    }
    match found {
        "unit value" => crate::tr!("yaml-found-nothing"),
        "sequence" => crate::tr!("yaml-found-list"),
        "map" => crate::tr!("yaml-found-map"),
        f if f.starts_with("boolean") => crate::tr!("yaml-found-boolean"),
        other => other.to_string(),
    }
}

/// What the field takes, in the user's words.
pub fn expected_in_words(expected: &str) -> String {
    let id = match expected {
        "u16" | "u32" | "u64" | "i64" => "yaml-expect-number",
        "a sequence" => "yaml-expect-list",
        "a string" | "a borrowed string" => "yaml-expect-text",
        e if e.starts_with("a department") => "yaml-expect-departments",
        e if e.starts_with("a map from a year") => "yaml-expect-plans",
        e if e.starts_with("a year") => "yaml-expect-plan-key",
        e if e.starts_with("a font name") => "yaml-expect-fonts",
        e if e.starts_with("struct") || e == "a map" => "yaml-expect-map",
        other => return other.to_string(),
    };
    crate::i18n::message(id, &[])
}

/// Removes serde_yaml's " at line N column M" phrases: the diagnostic carries the position.
pub fn strip_positions(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(start) = out.find(" at line ") {
        let rest = &out[start + " at line ".len()..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let n = digits(rest);
        let after = &rest[n..];
        let end = match after.strip_prefix(" column ") {
            Some(col) => n + " column ".len() + digits(col),
            None => n,
        };
        out.replace_range(start..start + " at line ".len() + end, "");
    }
    out
}

/// serde_yaml's message split into the field path it starts with (`rows[0].due: …`) and the
/// rest; an empty path when it names none.
pub fn split_field(message: &str) -> (&str, &str) {
    match message.split_once(": ") {
        Some((prefix, rest))
            if !prefix.is_empty()
                && prefix
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_.[]-".contains(c)) =>
        {
            (prefix, rest)
        }
        _ => ("", message),
    }
}

/// The name serde_yaml quotes after `marker` (`unknown field ``lead_dep```): up to the
/// closing backtick.
pub fn backticked(message: &str, marker: &str) -> Option<String> {
    let start = message.find(marker)? + marker.len();
    let tail = &message[start..];
    Some(tail[..tail.find('`')?].to_string())
}

/// A whole serde_yaml error in the user's words, with its field and position (for files
/// whose errors are one line of text, such as `style.yaml`).
pub fn in_words(err: &serde_yaml::Error) -> String {
    let message = strip_positions(&err.to_string());
    let (field, rest) = split_field(&message);
    let (field, rest) = (field.to_string(), rest.to_string());
    let quoted = |marker: &str| crate::diag::yaml::backticked(&rest, marker);
    // huibao's own messages (a 字号 it does not know, say) are already in the user's words.
    let from_parser = [
        "unknown field",
        "unknown variant",
        "missing field",
        "duplicate field",
        "invalid type",
        "invalid value",
        "invalid length",
    ]
    .iter()
    .any(|p| rest.starts_with(p))
        || KNOWN.iter().any(|(marker, _)| rest.contains(marker));
    let words = if from_parser {
        explain(&rest, &quoted)
    } else {
        rest.clone()
    };
    let words = if field.is_empty() {
        words
    } else {
        crate::tr!("yaml-field-message", field = field, message = words)
    };
    match err.location() {
        Some(at) => crate::tr!(
            "yaml-at-line",
            message = words,
            line = at.line(),
            column = at.column()
        ),
        None => words,
    }
}
