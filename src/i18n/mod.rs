//! The words huibao says, in the user's language.
//!
//! Every message, hint, summary and help text lives in a Fluent catalog, one per language
//! (`en.ftl`, `zh.ftl` beside this file), never assembled from English pieces. Fluent rather
//! than rust-i18n: its messages carry their own plural and select rules (`1 problem`, `2
//! problems` in English, one form in Chinese), so the code passes numbers and names and each
//! catalog decides the grammar; and a catalog is a plain text file a translator can check
//! with Fluent's own tools. The test suite checks that both catalogs hold the same ids and
//! every id the code uses.
//!
//! The language is chosen once, at start: `--lang`, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`, or the system locale on Windows); Chinese for any `zh*`, English
//! otherwise. The library speaks English until told (tests and embedders get stable text).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// The languages huibao speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English: the default outside a Chinese locale.
    En,
    /// Simplified Chinese: the default in a `zh*` locale.
    Zh,
}

impl Lang {
    /// Every language, in catalog order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language a locale name (`zh_CN.UTF-8`, `zh-Hans-CN`, `en_US`, `C`) asks for.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of this process's locale: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set (as POSIX orders them), else the system's (Windows, macOS).
    pub fn from_environment() -> Lang {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(value) = std::env::var(name)
                && !value.is_empty()
            {
                return Lang::from_locale(&value);
            }
        }
        sys_locale::get_locale().map_or(Lang::En, |l| Lang::from_locale(&l))
    }

    /// The language's code as HTML names it (`lang="zh"`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The catalog's text.
    pub fn catalog(self) -> &'static str {
        match self {
            Lang::En => include_str!("en.ftl"),
            Lang::Zh => include_str!("zh.ftl"),
        }
    }

    fn index(self) -> u8 {
        match self {
            Lang::En => 0,
            Lang::Zh => 1,
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Makes `lang` the language of every message from now on (called once, at start).
pub fn set_lang(lang: Lang) {
    CURRENT.store(lang.index(), Ordering::Relaxed);
}

/// The language messages are in now.
pub fn lang() -> Lang {
    if CURRENT.load(Ordering::Relaxed) == Lang::Zh.index() {
        Lang::Zh
    } else {
        Lang::En
    }
}

/// One parsed catalog.
type Bundle = FluentBundle<FluentResource>;

/// `lang`'s catalog, parsed the first time one of its messages is needed: each takes about
/// half a millisecond, and the English one is usually never needed in Chinese.
fn bundle(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 2] = [OnceLock::new(), OnceLock::new()];
    BUNDLES[usize::from(lang.index())].get_or_init(|| build_bundle(lang))
}

fn build_bundle(lang: Lang) -> Bundle {
    let tag = match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    };
    let id = tag.parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Names and paths are shown as they are, without invisible direction marks around them.
    bundle.set_use_isolating(false);
    // A catalog with a syntax error keeps the messages that parsed; the catalog test fails.
    let resource = FluentResource::try_new(lang.catalog().to_string()).unwrap_or_else(|(r, _)| r);
    let _ = bundle.add_resource(resource);
    bundle
}

/// A value passed into a message: a text or a number (numbers choose plural forms).
pub enum Arg<'a> {
    /// A name, path or text, shown as it is.
    Text(std::borrow::Cow<'a, str>),
    /// A count or size.
    Number(f64),
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
                Arg::Number(n as f64)
            }
        }
    )*};
}
number_args!(usize, u8, u16, u32, u64, i32, i64, f64);

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s.into())
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s.as_str().into())
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(s.into())
    }
}
impl<'a> From<std::borrow::Cow<'a, str>> for Arg<'a> {
    fn from(s: std::borrow::Cow<'a, str>) -> Self {
        Arg::Text(s)
    }
}

/// The system's reason for a failed file operation in the user's words: in English as the
/// system says it; otherwise the common kinds from the catalog with the system's error number.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if in_use_on_windows(e) {
        // A file open in Excel, WPS or a PDF viewer: said the same in both languages, so the
        // output folder's advice (close it and build again) follows.
        return message(
            "io-kind-with-code",
            &[
                ("reason", message("io-kind-in-use", &[]).into()),
                ("code", e.raw_os_error().unwrap_or_default().into()),
            ],
        );
    }
    if lang() == Lang::En {
        return e.to_string();
    }
    let id = match e.kind() {
        ErrorKind::NotFound => "io-kind-not-found",
        ErrorKind::PermissionDenied => "io-kind-permission",
        ErrorKind::AlreadyExists => "io-kind-exists",
        ErrorKind::StorageFull => "io-kind-full",
        ErrorKind::ReadOnlyFilesystem => "io-kind-read-only",
        ErrorKind::IsADirectory => "io-kind-directory",
        ErrorKind::NotADirectory => "io-kind-not-directory",
        ErrorKind::DirectoryNotEmpty => "io-kind-not-empty",
        ErrorKind::ResourceBusy => "io-kind-busy",
        _ => return e.to_string(),
    };
    match e.raw_os_error() {
        Some(code) => message(
            "io-kind-with-code",
            &[("reason", message(id, &[]).into()), ("code", code.into())],
        ),
        None => message(id, &[]),
    }
}

/// Whether `e` is Windows refusing a file another program holds open
/// (`ERROR_SHARING_VIOLATION`, `ERROR_LOCK_VIOLATION`); the same numbers mean other things
/// elsewhere.
fn in_use_on_windows(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

/// The message `id` in the current language with `args` filled in; the English one when the
/// current catalog lacks it, and the id itself when both do (the catalog test catches that).
pub fn message(id: &str, args: &[(&str, Arg<'_>)]) -> String {
    message_in(lang(), id, args)
}

/// The message `id` in `lang` (see [`message`]).
pub fn message_in(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_ref())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
        }
    }
    for lang in [lang, Lang::En] {
        let bundle = bundle(lang);
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned();
        }
    }
    id.to_string()
}

/// Items of a list joined as the language writes them (`a, b` or `甲、乙`).
pub fn join<S: AsRef<str>>(items: &[S]) -> String {
    let separator = message("list-separator", &[]);
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(&separator)
}

/// Whether `lang`'s catalog has the message `id` (optional texts, such as a command's help).
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The message ids a catalog defines, for the catalog test.
pub fn ids(lang: Lang) -> Vec<String> {
    let resource = FluentResource::try_new(lang.catalog().to_string()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// The problems Fluent finds in a catalog (syntax errors), for the catalog test.
pub fn catalog_errors(lang: Lang) -> Vec<String> {
    match FluentResource::try_new(lang.catalog().to_string()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

/// A message from the catalog: `tr!("id")` or `tr!("id", name = value, …)`, in the
/// language of this run.
#[macro_export]
macro_rules! tr {
    ($id:literal $(,)?) => {
        $crate::i18n::message($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message($id, &[$((stringify!($name), $crate::i18n::Arg::from($value))),+])
    };
}

/// The terminal's character set as the locale names it (`zh_CN.GB18030` → GB18030), when it is
/// one of the Chinese national encodings; `None` for UTF-8 and anything else.
fn terminal_encoding() -> Option<&'static encoding_rs::Encoding> {
    static ENCODING: std::sync::OnceLock<Option<&'static encoding_rs::Encoding>> =
        std::sync::OnceLock::new();
    *ENCODING.get_or_init(|| {
        if cfg!(windows) {
            // Windows' console takes UTF-16 from the standard library (which wants UTF-8 in),
            // whatever its code page; a redirect gets UTF-8.
            return None;
        }
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())?;
        let charset = locale.split_once('.')?.1;
        let charset = charset
            .split('@')
            .next()
            .unwrap_or(charset)
            .to_ascii_lowercase();
        match charset.as_str() {
            "gb18030" => Some(encoding_rs::GB18030),
            "gbk" | "gb2312" | "euccn" | "euc-cn" => Some(encoding_rs::GBK),
            _ => None,
        }
    })
}

/// `text` in the bytes the terminal reads: UTF-8, or GB18030/GBK where the locale says so
/// (a character GBK lacks is written as its `&#N;` code, never as mojibake).
pub fn terminal_bytes(text: &str) -> std::borrow::Cow<'_, [u8]> {
    match terminal_encoding() {
        Some(encoding) => match encoding.encode(text).0 {
            std::borrow::Cow::Borrowed(b) => std::borrow::Cow::Borrowed(b),
            std::borrow::Cow::Owned(b) => std::borrow::Cow::Owned(b),
        },
        None => std::borrow::Cow::Borrowed(text.as_bytes()),
    }
}
