//! The server's answers to the browser, and what it refuses.
//!
//! What it protects against: a web page in the same browser reaching the server (it listens
//! on the loopback only; a request whose `Host` is not the loopback address or `localhost`
//! with its port is refused, which defeats DNS rebinding; a write whose `Origin` is not its
//! own page, or without the secret the page was served with, is refused, which defeats
//! cross-site requests), reading anything but what it built (only the pages, fonts and its
//! own page and script are served, by name, never a path), and writing anything but one
//! existing field of a content file the build read ([`super::source::edit`]). Request bodies
//! are bounded.

use super::Shared;
use super::source::{self, Found, Refused};
use crate::layout::Origin;
use crate::pipeline::BuildOptions;
use serde_json::{Value, json};
use std::io::Read;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// The page, its script and its look.
const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// The most an edit's body may hold (a field's text is far less).
const MAX_BODY: usize = 256 * 1024;

/// What every answer needs to know of the session.
pub struct Session {
    /// The port served.
    pub port: u16,
    /// The secret the page carries; every write must present it.
    pub secret: String,
    /// The build options (an edit is checked with them).
    pub opts: BuildOptions,
}

impl Session {
    /// The origins of the session's own page.
    fn own_origin(&self, origin: &str) -> bool {
        origin == format!("http://127.0.0.1:{}", self.port)
            || origin == format!("http://localhost:{}", self.port)
    }

    /// The `Host` values the session answers to.
    fn own_host(&self, host: &str) -> bool {
        host == format!("127.0.0.1:{}", self.port) || host == format!("localhost:{}", self.port)
    }
}

/// A secret for one session: 128 bits from the standard library's randomly keyed hasher.
pub fn new_secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for round in 0..2u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u8(round);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
}

/// The value of header `name`.
fn header<'r>(req: &'r Request, name: &'static str) -> Option<&'r str> {
    req.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// A header; the names and values here are fixed ASCII, which tiny_http always takes.
fn h(name: &str, value: &str) -> Header {
    // Fixed ASCII names and values: `from_bytes` refuses only non-ASCII.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header")
}

/// Answers one request (an event stream is answered until the browser goes away).
pub fn answer(shared: &Arc<Shared>, session: &Session, mut req: Request) {
    if !header(&req, "Host").is_some_and(|host| session.own_host(host)) {
        let _ = req.respond(text(403, "Host not allowed"));
        return;
    }
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = match (req.method(), path) {
        (Method::Get, "/") => {
            let page = PAGE
                .replace("{secret}", &session.secret)
                .replace("{lang}", crate::i18n::lang().code());
            with_type(Response::from_string(page), "text/html; charset=utf-8").with_header(h(
                "Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
            ))
        }
        (Method::Get, "/app.js") => with_type(Response::from_string(SCRIPT), "text/javascript"),
        (Method::Get, "/app.css") => with_type(Response::from_string(STYLE), "text/css"),
        (Method::Get, "/favicon.ico") => text(204, ""),
        (Method::Get, "/state") => json_response(200, &state_json(shared)),
        (Method::Get, "/events") => {
            events(shared, req);
            return;
        }
        (Method::Get, p) if p.starts_with("/page/") => page(shared, p),
        (Method::Get, p) if p.starts_with("/font/") => font(shared, p),
        (Method::Get, "/source") => source_json(shared, query),
        (Method::Post, "/edit") => edit(shared, session, &mut req),
        _ => text(404, "Not found"),
    };
    let _ = req.respond(response);
}

/// A plain-text answer.
fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    with_type(Response::from_string(body), "text/plain; charset=utf-8").with_status_code(status)
}

/// A JSON answer.
fn json_response(status: u16, body: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    with_type(Response::from_string(body.to_string()), "application/json").with_status_code(status)
}

fn with_type<R: Read>(r: Response<R>, kind: &str) -> Response<R> {
    r.with_header(h("Content-Type", kind))
        .with_header(h("Cache-Control", "no-store"))
        .with_header(h("X-Content-Type-Options", "nosniff"))
}

/// What the browser needs to draw the material: the build's number, its problems, the fonts,
/// each file's pages (by the hash of their SVG) and the parts and items to jump to.
fn state_json(shared: &Shared) -> Value {
    let state = shared.lock();
    let views: Vec<Value> = state
        .views
        .iter()
        .map(|v| {
            json!({
                "file": v.file,
                "pages": v.pages.iter().map(|p| json!({"hash": p.hash, "part": p.part})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut parts = Vec::new();
    if let (Some(shown), Some(meeting)) = (&state.shown, state.views.first()) {
        for (i, part) in shown.parts.iter().enumerate() {
            let first = meeting.pages.iter().position(|p| p.part == i);
            let items: Vec<Value> = part
                .items
                .iter()
                .enumerate()
                .filter_map(|(g, (_, title))| {
                    let page = meeting.pages.iter().position(|p| {
                        p.part == i
                            && p.areas.iter().any(|a| {
                                matches!(a.origin, Origin::Cell { group: Some(x), .. } if x == g)
                            })
                    })?;
                    Some(json!({"title": title, "page": page}))
                })
                .collect();
            parts
                .push(json!({"name": part.name, "file": part.file, "page": first, "items": items}));
        }
    }
    json!({
        "generation": state.generation,
        "problems": state.problems,
        "fonts": state.fonts.keys().collect::<Vec<_>>(),
        "views": views,
        "parts": parts,
        "labels": labels(),
    })
}

/// The page's words, in the interface's language.
fn labels() -> Value {
    let keys = [
        "parts", "problems", "file", "line", "field", "save", "close", "template", "several",
        "changed", "saved", "near", "stale", "header", "part", "composed",
    ];
    let mut out = serde_json::Map::new();
    for k in keys {
        out.insert(
            k.to_string(),
            Value::String(crate::i18n::message(&format!("serve-ui-{k}"), &[])),
        );
    }
    Value::Object(out)
}

/// `/page/HASH.svg`: one page as the last builds drew it.
fn page(shared: &Shared, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let hash = path.trim_start_matches("/page/").trim_end_matches(".svg");
    let state = shared.lock();
    let found = state
        .views
        .iter()
        .flat_map(|v| &v.pages)
        .find(|p| p.hash == hash);
    match found {
        Some(p) => Response::from_data(p.svg.as_bytes().to_vec())
            .with_header(h("Content-Type", "image/svg+xml"))
            .with_header(h("Cache-Control", "max-age=31536000, immutable")),
        None => text(404, "No such page (the material was built again)"),
    }
}

/// `/font/FAMILY.ttf`: a font the pages use.
fn font(shared: &Shared, path: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let family = path.trim_start_matches("/font/").trim_end_matches(".ttf");
    match shared.lock().fonts.get(family) {
        Some(bytes) => Response::from_data(bytes.as_ref().clone())
            .with_header(h("Content-Type", "font/ttf"))
            .with_header(h("Cache-Control", "max-age=31536000, immutable")),
        None => text(404, "No such font"),
    }
}

/// `/events`: a stream that says `build` after every build, until the browser goes away.
fn events(shared: &Arc<Shared>, req: Request) {
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        use std::io::Write;
        let mut out = req.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
        // The build the stream starts at is told at once: a page that asked for the state
        // before the first build ended, or that lost its stream, catches up.
        let mut seen = u64::MAX;
        loop {
            let state = shared.lock();
            let (state, _) = shared
                .built
                .wait_timeout_while(state, Duration::from_secs(15), |s| s.generation == seen)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let now = state.generation;
            drop(state);
            let message = if now == seen {
                ": still here\n\n".to_string()
            } else {
                seen = now;
                format!("event: build\ndata: {now}\n\n")
            };
            if out
                .write_all(message.as_bytes())
                .and_then(|()| out.flush())
                .is_err()
            {
                return;
            }
        }
    });
}

/// A query's value of `key`.
fn query_value<'q>(query: &'q str, key: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// `/source?generation=G&view=V&page=P&area=A`: what a spot of a page shows.
fn source_json(shared: &Shared, query: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let number = |k| query_value(query, k).and_then(|v| v.parse::<usize>().ok());
    let state = shared.lock();
    if number("generation") != usize::try_from(state.generation).ok() {
        return json_response(
            409,
            &json!({"error": crate::i18n::message("serve-ui-stale", &[])}),
        );
    }
    let spot = (|| {
        let page = state
            .views
            .get(number("view")?)?
            .pages
            .get(number("page")?)?;
        Some((page.part, page.areas.get(number("area")?)?.origin))
    })();
    let (Some((part, origin)), Some(shown)) = (spot, &state.shown) else {
        return json_response(404, &json!({"error": "no such spot"}));
    };
    let field = |f: &source::Field| {
        json!({
            "file": crate::diag::shown(&f.file),
            "path": f.file.to_string_lossy(),
            "line": f.line,
            "field": f.path,
            "label": f.label,
            "value": f.value,
            "changed": f.changed,
        })
    };
    let body = match source::find(shown, part, origin) {
        Some(Found::Field(f, whole)) => {
            json!({"kind": "field", "whole": whole, "fields": [field(&f)]})
        }
        Some(Found::Several(fs)) => {
            json!({"kind": "several", "fields": fs.iter().map(field).collect::<Vec<_>>()})
        }
        Some(Found::Composed(fs)) => {
            json!({"kind": "composed", "fields": fs.iter().map(field).collect::<Vec<_>>()})
        }
        Some(Found::Template { text, near }) => {
            json!({"kind": "template", "text": text, "fields": near.iter().map(field).collect::<Vec<_>>()})
        }
        None => return json_response(404, &json!({"error": "no such spot"})),
    };
    json_response(200, &body)
}

/// `POST /edit` with `{"file", "field", "old", "new"}`: writes one field, from the session's
/// own page only.
fn edit(
    shared: &Shared,
    session: &Session,
    req: &mut Request,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let origin_ok = header(req, "Origin").is_some_and(|o| session.own_origin(o));
    let secret_ok = header(req, "X-Huibao-Secret") == Some(session.secret.as_str());
    if !origin_ok || !secret_ok {
        return text(403, "Origin not allowed");
    }
    if req.body_length().is_none_or(|n| n > MAX_BODY) {
        return text(413, "Request too large");
    }
    let mut body = Vec::new();
    if req
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .is_err()
        || body.len() > MAX_BODY
    {
        return text(413, "Request too large");
    }
    let Ok(asked) = serde_json::from_slice::<Value>(&body) else {
        return text(400, "Bad request");
    };
    let field = |k: &str| asked.get(k).and_then(Value::as_str);
    let (Some(file), Some(path), Some(old), Some(new)) =
        (field("file"), field("field"), field("old"), field("new"))
    else {
        return text(400, "Bad request");
    };
    // The state is not held while the content is written and checked: the build that the
    // write sets off must be able to take it.
    let Some(shown) = shared.lock().shown.clone() else {
        return text(409, "Nothing built yet");
    };
    match source::edit(
        &shown,
        &session.opts,
        (std::path::Path::new(file), path),
        (old, new),
    ) {
        Ok(()) => json_response(200, &json!({"ok": true})),
        Err(Refused::Conflict(why)) => json_response(409, &json!({"error": why})),
        Err(Refused::Invalid(why)) => json_response(422, &json!({"error": why})),
    }
}
