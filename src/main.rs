//! The huibao command line: parses arguments and calls the library.

use clap::{Parser, Subcommand};

use huibao::cmd;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// A build makes and drops millions of small objects (glyph runs, PDF objects, XML strings)
/// on both cores; mimalloc's per-thread heaps do that faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "huibao",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("HUIBAO_COMMIT"), ")"),
    about = "Builds meeting materials (汇报 and annex tables) as PDF, XLSX and DOCX from YAML content",
    after_help = "Examples:\n  huibao check                 validate content/ and report every problem\n  huibao list --content ../c   show annexes, items and rows of another content folder\n  huibao build                 write PDF, XLSX and DOCX files into output/\n  huibao init my-meeting       start a new project with example content and templates"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only problems: no list of written files, no summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print how long each stage took (build).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// How problems are printed: `human` (file:line:column: field: message, the source line
    /// with a caret, hints), `short` (the first line only) or `json` (one object a line on
    /// stderr, for editors and CI).
    #[arg(long, global = true, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// Colour in messages: `auto` (on a terminal, unless NO_COLOR is set), `always`, `never`.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// The language of messages and help: `zh` (中文) or `en`; default from the locale (LANG,
    /// LC_ALL), Chinese for zh*.
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
}

/// The languages of `--lang`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LangArg {
    /// 中文.
    Zh,
    /// English.
    En,
}

/// The language asked for with `--lang` (read before the arguments are parsed, so that
/// `--help` and clap's own errors are in it); the locale's otherwise.
fn language() -> huibao::i18n::Lang {
    use huibao::i18n::Lang;
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let asked = args.iter().enumerate().find_map(|(i, a)| {
        if a == "--" {
            return Some(None);
        }
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
            .map(Some)
    });
    match asked.flatten().as_deref() {
        Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        _ => Lang::from_environment(),
    }
}

/// When messages are coloured.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always (e.g. through a pager that shows colour).
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether a stream (stderr, stdout) that is or is not a terminal gets colour.
    fn colour(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The content and templates folders a command reads.
#[derive(clap::Args)]
struct Folders {
    /// The content folder.
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// The templates folder (default `templates`, or the built-in templates when there is
    /// none); built-in defaults fill in what it lacks.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Set the documents in the bundled fonts only, even where 仿宋_GB2312 and the other
    /// official fonts are installed: every machine makes the same bytes.
    #[arg(long)]
    bundled_fonts: bool,
}

/// How problems are printed.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum MessageFormat {
    /// `error: file:line:column: field (标签): message`, the source line with a caret and the
    /// hints; then a count.
    Human,
    /// `error: file:line:column: field (标签): message` and hints only; then a count.
    Short,
    /// One JSON object a line.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Everything build does (content, templates, style, fonts, layout) but write nothing.
    #[command(after_help = "Example:\n  huibao check --content content")]
    Check {
        #[command(flatten)]
        folders: Folders,
        /// Fail (exit 1) on warnings too, e.g. in CI of a content repository.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Validate, render and write the outputs (PDF, XLSX and DOCX) into the output folder.
    #[command(after_help = "Example:\n  huibao build --output dist")]
    Build {
        #[command(flatten)]
        folders: Folders,
        /// The output folder.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// The same as the global -v (kept for scripts that use it).
        #[arg(long, hide = true)]
        timings: bool,
        /// Fail (exit 1) on warnings too, writing nothing.
        #[arg(long)]
        deny_warnings: bool,
        /// Also write each part's XHTML markup into output/markup/ (for template authors).
        #[arg(long)]
        markup: bool,
    },
    /// Build, then rebuild on every change under content/ and templates/ until stopped
    /// (Ctrl-C); problems are printed and the last good outputs stay.
    #[command(
        after_help = "Example:\n  huibao watch        rebuild output/ whenever a content file is saved"
    )]
    Watch {
        #[command(flatten)]
        folders: Folders,
        /// The output folder.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// Also write each part's XHTML markup into output/markup/ (for template authors).
        #[arg(long)]
        markup: bool,
    },
    /// Build, then show the material in the browser as it prints and rebuild on every save,
    /// until stopped (Ctrl-C); click a paragraph or cell to see its source and edit it.
    #[command(after_help = "Examples:\n  huibao serve --open\n  huibao serve --port 8000")]
    Serve {
        #[command(flatten)]
        folders: Folders,
        /// The output folder.
        #[arg(long, default_value = "output")]
        output: PathBuf,
        /// The port on 127.0.0.1 (default: a free one).
        #[arg(long)]
        port: Option<u16>,
        /// Open the page in the system's browser.
        #[arg(long)]
        open: bool,
    },
    /// Remove the files the last build wrote into the output folder (and nothing else).
    #[command(after_help = "Example:\n  huibao clean")]
    Clean {
        /// The output folder.
        #[arg(long, default_value = "output")]
        output: PathBuf,
    },
    /// Write a starter project (content and templates) into a new folder.
    #[command(
        after_help = "Examples:\n  huibao init my-meeting\n  huibao init my-meeting --from 2024项目表.xlsx"
    )]
    Init {
        /// The folder to create.
        dir: PathBuf,
        /// Start from the office's own annex tables (.xlsx or .docx, laid out like the seed's:
        /// 序号, 事项, 对口合作交流内容, a column per plan year …) instead of the seed; may be
        /// given several times.
        #[arg(long, value_name = "TABLE")]
        from: Vec<PathBuf>,
    },
    /// Start a new item file in an annex (the next seq, every field with a comment), or with
    /// --annex a new partner's annex folder.
    #[command(
        after_help = "Examples:\n  huibao new yongan \"环保宣传\"       content/yongan/04-环保宣传.yaml\n  huibao new --annex sanming 三明市   content/sanming/_annex.yaml"
    )]
    New {
        /// The annex folder (its name under content/); with --annex, the new folder's name.
        annex: String,
        /// The item's title (事项); with --annex, the partner place (合作地区).
        title: String,
        /// Make a new annex folder instead of an item.
        #[arg(long = "annex")]
        annex_folder: bool,
        /// Put the item at this number (序号), moving the items from there on one down
        /// (their seq and file names); default: after the last.
        #[arg(long, conflicts_with = "annex_folder")]
        at: Option<u32>,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Number an annex's items 1, 2, 3… again in their order (after an item file was
    /// deleted): each changed seq and the number at the start of its file name.
    #[command(after_help = "Example:\n  huibao renumber yongan")]
    Renumber {
        /// The annex folder (its name under content/); default: every annex.
        annex: Option<String>,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Show the fonts each style role draws with: its fallback chain, the files and how many
    /// CJK ideographs the chain covers.
    #[command(after_help = "Example:\n  huibao fonts")]
    Fonts {
        /// The templates folder (default `templates`, or the built-in templates).
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(
        after_help = "Example:\n  huibao completions bash > ~/.local/share/bash-completion/completions/huibao"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of a kind of content file, or write all three into a folder, so
    /// an editor (VS Code with the YAML extension) completes and checks while you type.
    #[command(
        after_help = "Examples:\n  huibao schema item                 print the item files' schema\n  huibao schema --out schema         write meeting, annex and item schemas into schema/\n\nA content file then starts with:\n  # yaml-language-server: $schema=../../schema/item.schema.json"
    )]
    Schema {
        /// meeting, annex or item.
        #[arg(value_enum, required_unless_present = "out")]
        kind: Option<SchemaKind>,
        /// Write all three schemas into this folder instead.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The content folder whose years and departments the schemas know.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// What changed in the content between two git revisions (default: REV to the working
    /// tree): items added and removed, each changed field with the changed characters marked.
    #[command(
        after_help = "Examples:\n  huibao changes                          what is not committed yet (against HEAD)\n  huibao changes v1 v2                    between two tagged versions\n  huibao changes HEAD~3 --format markdown > 修改说明.md"
    )]
    Changes {
        /// The earlier revision (a commit, tag or branch; default HEAD: what is not committed
        /// yet).
        #[arg(default_value = "HEAD")]
        rev: String,
        /// The later revision (default: the working tree).
        rev2: Option<String>,
        /// `text` for the terminal, `markdown` or `docx` for a 修改说明.
        #[arg(long, value_enum, default_value = "text")]
        format: ChangesFormatArg,
        /// The file a `docx` 修改说明 is written to.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Read workbooks departments sent back (annex or department workbooks) and Word files a
    /// leader revised, and show every changed cell or paragraph as `file:line field: old → new`;
    /// with --write, edit the content files.
    #[command(
        after_help = "Examples:\n  huibao import 返回/环保处.xlsx              show what the returned workbook changes\n  huibao import 返回/*.xlsx --write          make the changes in content/\n  huibao import 修改稿.docx                  show a leader's revisions (tracked changes read as accepted)\n\nOnly the changed values are edited: comments, key order and quoting stay. A row whose\ncontent changed since the workbook was built is a conflict and is not written without --force."
    )]
    Import {
        /// The returned workbooks (.xlsx) and revised Word files (.docx).
        #[arg(required = true)]
        workbooks: Vec<PathBuf>,
        /// Edit the content files (then check them).
        #[arg(long)]
        write: bool,
        /// Also write rows whose content changed since the workbook was built.
        #[arg(long, requires = "write")]
        force: bool,
        #[command(flatten)]
        folders: Folders,
    },
    /// Show annexes, items, rows and which items are excluded.
    #[command(after_help = "Example:\n  huibao list")]
    List {
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

impl Command {
    /// Whether the command works on a project (found upward from a subfolder).
    fn in_project(&self) -> bool {
        !matches!(
            self,
            Command::Init { .. } | Command::Fonts { .. } | Command::Completions { .. }
        )
    }

    /// The content and output folders this command reads or writes (the defaults where it
    /// names none), whose interrupted swaps are settled before it runs.
    fn folders_settled(&self) -> (PathBuf, PathBuf) {
        let content = match self {
            Command::Check { folders, .. }
            | Command::Build { folders, .. }
            | Command::Watch { folders, .. }
            | Command::Serve { folders, .. }
            | Command::Import { folders, .. } => folders.content.clone(),
            Command::New { content, .. }
            | Command::Renumber { content, .. }
            | Command::Schema { content, .. }
            | Command::Changes { content, .. }
            | Command::List { content } => content.clone(),
            _ => PathBuf::from("content"),
        };
        let output = match self {
            Command::Build { output, .. }
            | Command::Watch { output, .. }
            | Command::Serve { output, .. }
            | Command::Clean { output } => output.clone(),
            _ => PathBuf::from("output"),
        };
        (content, output)
    }

    /// The content and templates folders and their flags, for the commands that read both.
    fn folders(&self) -> Option<&Folders> {
        match self {
            Command::Check { folders, .. }
            | Command::Build { folders, .. }
            | Command::Watch { folders, .. }
            | Command::Serve { folders, .. }
            | Command::Import { folders, .. } => Some(folders),
            _ => None,
        }
    }
}

/// How `changes` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ChangesFormatArg {
    /// For the terminal: [-deleted-]{+inserted+}.
    Text,
    /// Markdown: ~~deleted~~**inserted**.
    Markdown,
    /// A Word document with a 修改前/修改后 table per item (needs --out).
    Docx,
}

/// The kinds of content file with a schema.
#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaKind {
    /// content/meeting.yaml.
    Meeting,
    /// content/<annex>/_annex.yaml.
    Annex,
    /// content/<annex>/<item>.yaml.
    Item,
}

/// The environment variables huibao honours, read here and nowhere in the library. A value
/// that is set but malformed is an error naming the variable, not silently ignored.
fn environment(progress_bar: bool) -> Result<cmd::Environment, String> {
    // `what` (the catalog's name for what the variable holds) is looked up only for a message.
    fn number<T: std::str::FromStr>(name: &str, what: &str) -> Result<Option<T>, String> {
        let what = || huibao::i18n::message(what, &[]);
        match std::env::var(name) {
            Ok(v) if v.trim().is_empty() => Ok(None),
            Ok(v) => v.trim().parse().map(Some).map_err(|_| {
                huibao::tr!(
                    "env-malformed",
                    name = name,
                    value = huibao::diag::escape_controls(&v),
                    what = what()
                )
            }),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(huibao::tr!("env-not-text", name = name, what = what()))
            }
        }
    }
    // The test suite's failure points (only in a test build).
    huibao::hooks::from_environment();
    Ok(cmd::Environment {
        threads: number("HUIBAO_THREADS", "env-threads")?,
        source_date_epoch: number("SOURCE_DATE_EPOCH", "env-epoch")?,
        progress_bar,
        bundled_fonts: false,
        markup: false,
    })
}

/// Prints to stderr, quietly doing nothing when it is closed.
fn print_stderr(text: &str, newline: bool) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(&huibao::i18n::terminal_bytes(text));
    if newline {
        let _ = err.write_all(b"\n");
    }
}

/// Prints to stdout; a reader that went away (`huibao changes | head -1`) ends the output
/// quietly instead of panicking.
fn print_stdout(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(&huibao::i18n::terminal_bytes(text))
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
}

/// How a command's outcome is printed, from the global options.
struct Printer {
    quiet: bool,
    format: MessageFormat,
    colour: bool,
}

impl Printer {
    /// Prints a command's outcome: warnings or problems on stderr, its message on stdout.
    /// Returns whether it succeeded.
    fn print(&self, result: Result<cmd::Outcome, cmd::Failure>) -> bool {
        match result {
            Ok(outcome) => {
                match self.format {
                    MessageFormat::Json => print_stderr(&outcome.warnings.json_lines(), false),
                    _ if outcome.warnings.is_empty() => {}
                    MessageFormat::Short => print_stderr(&outcome.warnings.to_string(), true),
                    MessageFormat::Human => {
                        let text = huibao::diag::snippet::render(&outcome.warnings, self.colour);
                        print_stderr(&String::from_utf8_lossy(&text), true);
                    }
                }
                if !self.quiet && !outcome.message.is_empty() {
                    if outcome.styled {
                        print_stdout(&outcome.message);
                    } else {
                        print_stdout(&huibao::diag::escape_controls(&outcome.message));
                    }
                }
                true
            }
            Err(failure) => {
                match self.format {
                    MessageFormat::Json => print_stderr(&failure.json_lines(), false),
                    MessageFormat::Short => print_stderr(&failure.to_string(), true),
                    MessageFormat::Human => {
                        print_stderr(&String::from_utf8_lossy(&failure.render(self.colour)), true);
                    }
                }
                false
            }
        }
    }
}

fn main() -> ExitCode {
    use clap::{CommandFactory as _, FromArgMatches as _};
    huibao::i18n::set_lang(language());
    let matches = match huibao::cmd::help::matches(Cli::command) {
        Ok(matches) => matches,
        Err(e) => match huibao::cmd::help::error_text(&e) {
            Some(text) => {
                print_stderr(&text, true);
                return ExitCode::from(2);
            }
            None => e.exit(),
        },
    };
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let printer = Printer {
        quiet: cli.quiet,
        format: cli.message_format,
        colour: cli.color.colour(std::io::stderr().is_terminal()),
    };
    let env = match environment(
        std::io::stderr().is_terminal() && !cli.quiet && cli.message_format == MessageFormat::Human,
    ) {
        Ok(env) => env,
        Err(message) => {
            printer.print(Err(cmd::Failure::Other(message)));
            return ExitCode::FAILURE;
        }
    };
    let mut env = env;
    if let Some(folders) = cli.command.folders() {
        env.bundled_fonts = folders.bundled_fonts;
    }
    if let Command::Build { markup, .. } | Command::Watch { markup, .. } = &cli.command {
        env.markup = *markup;
    }
    let session = match cmd::Session::start(env, cli.command.in_project()) {
        Ok(session) => session,
        Err(message) => {
            printer.print(Err(cmd::Failure::Other(message)));
            return ExitCode::FAILURE;
        }
    };
    let env = session.env;
    let (content, output) = cli.command.folders_settled();
    let settled = if cli.command.in_project() {
        session.settle(&[&content, &output])
    } else {
        Ok(())
    };
    if let Err(message) = settled {
        printer.print(Err(cmd::Failure::Other(message)));
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Watch {
            folders, output, ..
        } => cmd::watch(
            &folders.content,
            folders.templates.as_deref(),
            &output,
            env,
            &mut |r| {
                printer.print(r);
            },
        ),
        Command::Serve {
            folders,
            output,
            port,
            open,
        } => cmd::serve(
            &folders.content,
            folders.templates.as_deref(),
            &output,
            (env, cmd::ServeOptions { port, open }),
            &mut |r| {
                printer.print(r);
            },
        ),
        Command::Check {
            folders,
            deny_warnings,
        } => cmd::check(
            &folders.content,
            folders.templates.as_deref(),
            deny_warnings,
            env,
        ),
        Command::List { content } => cmd::list(&content),
        Command::Build {
            folders,
            output,
            timings,
            deny_warnings,
            ..
        } => cmd::build(
            &folders.content,
            folders.templates.as_deref(),
            &output,
            timings || cli.verbose,
            deny_warnings,
            env,
        ),
        Command::Init { dir, from } => cmd::init(&dir, &session.user_files(&from)),
        Command::Clean { output } => cmd::clean(&output),
        Command::Fonts { templates } => cmd::fonts(templates.as_deref()),
        Command::New {
            annex,
            title,
            annex_folder,
            at,
            content,
        } => cmd::new(&content, &annex, &title, annex_folder, at),
        Command::Renumber { annex, content } => cmd::renumber(&content, annex.as_deref()),
        Command::Schema { kind, out, content } => cmd::schema(
            &content,
            kind.map(|k| match k {
                SchemaKind::Meeting => cmd::SchemaKind::Meeting,
                SchemaKind::Annex => cmd::SchemaKind::Annex,
                SchemaKind::Item => cmd::SchemaKind::Item,
            }),
            out.map(|o| session.user_path(&o)).as_deref(),
        ),
        Command::Changes {
            rev,
            rev2,
            format,
            content,
            out,
        } => cmd::changes(
            &content,
            &rev,
            rev2.as_deref(),
            match format {
                ChangesFormatArg::Text => cmd::ChangesFormat::Text,
                ChangesFormatArg::Markdown => cmd::ChangesFormat::Markdown,
                ChangesFormatArg::Docx => cmd::ChangesFormat::Docx,
            },
            cli.color.colour(std::io::stdout().is_terminal()),
            out.map(|o| session.user_path(&o)).as_deref(),
        ),
        Command::Import {
            workbooks,
            write,
            force,
            folders,
        } => cmd::import(
            &folders.content,
            folders.templates.as_deref(),
            &session.user_files(&workbooks),
            cmd::ImportOptions { write, force },
            env,
        ),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "huibao", &mut script);
            print_stdout(String::from_utf8_lossy(&script).trim_end());
            return ExitCode::SUCCESS;
        }
    };
    if printer.print(result) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
