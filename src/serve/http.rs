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
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;

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

/// What the handlers share.
#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    session: Arc<Session>,
}

/// The routes: the page, its script and look, the state, the event stream, pages, fonts,
/// a spot's source and an edit; every request first through [`own_host_only`].
pub fn router(shared: Arc<Shared>, session: Arc<Session>) -> Router {
    let app = App { shared, session };
    Router::new()
        .route("/", get(index))
        .route(
            "/app.js",
            get(|| async { typed(SCRIPT, "text/javascript") }),
        )
        .route("/app.css", get(|| async { typed(STYLE, "text/css") }))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/state", get(state))
        .route("/events", get(events))
        .route("/page/{name}", get(page))
        .route("/font/{name}", get(font))
        .route("/source", get(source_json))
        .route("/edit", post(edit))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(app.clone(), own_host_only))
        .with_state(app)
}

/// Refuses a request whose `Host` is not the loopback address or `localhost` with the
/// session's port: a page on another site that rebinds its name to 127.0.0.1 sends its own.
async fn own_host_only(State(app): State<App>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| app.session.own_host(h)) {
        return (StatusCode::FORBIDDEN, "Host not allowed").into_response();
    }
    next.run(req).await
}

/// `text` as `kind`, never cached (the page, script and answers change with each build).
fn typed(text: impl Into<String>, kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        text.into(),
    )
        .into_response()
}

/// A JSON answer.
fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut r = typed(body.to_string(), "application/json");
    *r.status_mut() = status;
    r
}

/// The page, with the session's secret and the interface's language.
async fn index(State(app): State<App>) -> Response {
    let page = PAGE
        .replace("{secret}", &app.session.secret)
        .replace("{lang}", crate::i18n::lang().code());
    let mut r = typed(page, "text/html; charset=utf-8");
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
        ),
    );
    r
}

/// What the browser needs to draw the material: the build's number, its problems, the fonts,
/// each file's pages (by the hash of their SVG) and the parts and items to jump to.
async fn state(State(app): State<App>) -> Response {
    json_response(StatusCode::OK, &state_json(&app.shared))
}

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
async fn page(State(app): State<App>, Path(name): Path<String>) -> Response {
    let hash = name.trim_end_matches(".svg");
    let state = app.shared.lock();
    let found = state
        .views
        .iter()
        .flat_map(|v| &v.pages)
        .find(|p| p.hash == hash);
    match found {
        Some(p) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "max-age=31536000, immutable"),
            ],
            p.svg.to_string(),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "No such page (the material was built again)",
        )
            .into_response(),
    }
}

/// `/font/FAMILY.ttf`: a font the pages use.
async fn font(State(app): State<App>, Path(name): Path<String>) -> Response {
    let family = name.trim_end_matches(".ttf");
    let bytes = app.shared.lock().fonts.get(family).cloned();
    match bytes {
        Some(bytes) => (
            [
                (header::CONTENT_TYPE, "font/ttf"),
                (header::CACHE_CONTROL, "max-age=31536000, immutable"),
            ],
            bytes.as_ref().clone(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "No such font").into_response(),
    }
}

/// `/events`: `build` with the build's number now and after every build, until the browser
/// goes away. The build the stream starts at is told at once, so a page that asked for the
/// state before the first build ended, or that lost its stream, catches up.
async fn events(State(app): State<App>) -> Response {
    let rx = app.shared.built.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first {
            rx.changed().await.ok()?;
        }
        let now = *rx.borrow_and_update();
        let event = Event::default().event("build").data(now.to_string());
        Some((Ok::<_, std::convert::Infallible>(event), (rx, false)))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// `/source?generation=G&view=V&page=P&area=A`: what a spot of a page shows.
async fn source_json(
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let number = |k: &str| query.get(k).and_then(|v| v.parse::<usize>().ok());
    let state = app.shared.lock();
    if number("generation") != usize::try_from(state.generation).ok() {
        return json_response(
            StatusCode::CONFLICT,
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
        return json_response(StatusCode::NOT_FOUND, &json!({"error": "no such spot"}));
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
    let fields = |fs: &[source::Field]| fs.iter().map(field).collect::<Vec<_>>();
    let body = match source::find(shown, part, origin) {
        Some(Found::Field(f, whole)) => {
            json!({"kind": "field", "whole": whole, "fields": [field(&f)]})
        }
        Some(Found::Several(fs)) => json!({"kind": "several", "fields": fields(&fs)}),
        Some(Found::Composed(fs)) => json!({"kind": "composed", "fields": fields(&fs)}),
        Some(Found::Template { text, near }) => {
            json!({"kind": "template", "text": text, "fields": near.iter().map(field).collect::<Vec<_>>()})
        }
        None => return json_response(StatusCode::NOT_FOUND, &json!({"error": "no such spot"})),
    };
    json_response(StatusCode::OK, &body)
}

/// `POST /edit` with `{"file", "field", "old", "new"}`: writes one field, from the session's
/// own page only (its `Origin` and the secret it carries).
async fn edit(State(app): State<App>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &header::HeaderValue| v.to_str().ok())
    };
    let origin_ok = text(header::ORIGIN).is_some_and(|o| app.session.own_origin(o));
    let secret_ok = headers.get("x-huibao-secret").and_then(|v| v.to_str().ok())
        == Some(app.session.secret.as_str());
    if !origin_ok || !secret_ok {
        return (StatusCode::FORBIDDEN, "Origin not allowed").into_response();
    }
    let Ok(asked) = serde_json::from_slice::<Value>(&body) else {
        return (StatusCode::BAD_REQUEST, "Bad request").into_response();
    };
    let field = |k: &str| asked.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(file), Some(path), Some(old), Some(new)) =
        (field("file"), field("field"), field("old"), field("new"))
    else {
        return (StatusCode::BAD_REQUEST, "Bad request").into_response();
    };
    // The state is not held while the content is written and checked: the build that the
    // write sets off must be able to take it.
    let Some(shown) = app.shared.lock().shown.clone() else {
        return (StatusCode::CONFLICT, "Nothing built yet").into_response();
    };
    let session = Arc::clone(&app.session);
    // Writing and checking the content is blocking work (a whole build in memory).
    let done = tokio::task::spawn_blocking(move || {
        source::edit(
            &shown,
            &session.opts,
            (std::path::Path::new(&file), &path),
            (&old, &new),
        )
    })
    .await;
    match done {
        Ok(Ok(())) => json_response(StatusCode::OK, &json!({"ok": true})),
        Ok(Err(Refused::Conflict(why))) => {
            json_response(StatusCode::CONFLICT, &json!({"error": why}))
        }
        Ok(Err(Refused::Invalid(why))) => {
            json_response(StatusCode::UNPROCESSABLE_ENTITY, &json!({"error": why}))
        }
        Err(e) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({"error": crate::tr!("internal-error", detail = e.to_string())}),
        ),
    }
}
