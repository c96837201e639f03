//! `--help` in the user's language.
//!
//! The English help is the commands' doc comments (clap's own source of it); the Chinese help
//! comes from the catalog, one message per command and argument: `cli-<command>-about`,
//! `cli-<command>-examples`, and `cli-<command>-arg-<id>` (or `cli-arg-<id>` for an argument
//! several commands share). clap's own words (`Usage:`, `Options:`, `[default: …]`, `Print
//! help`) are replaced by catalog messages in every language, and the global options are
//! described once, under `huibao --help`.

use crate::i18n::{self, Lang};
use clap::{Arg, ArgAction, Command};

/// The command line parsed against `command` (the whole CLI). The plain command is tried
/// first: localizing every command's help takes about a millisecond and a half, a fifth of a
/// small build's serial start, and a command line that parses asks for no help text. One that
/// fails (or asks for help or the version) is parsed again against the localized command, so
/// whatever clap prints is in the user's language as before.
pub fn matches(command: impl Fn() -> Command) -> Result<clap::ArgMatches, clap::Error> {
    command()
        .try_get_matches()
        .or_else(|_| localize(command()).try_get_matches())
}

/// `command` (the whole CLI) with its help in the current language, the global options shown
/// only at the top.
pub fn localize(command: Command) -> Command {
    let mut command = own_help_flags(command, true);
    // Propagates the global options into every subcommand, so they can be hidden there.
    command.build();
    localize_one(command, None)
}

/// Replaces clap's `-h`/`-V` (whose texts are English) by the same flags with catalog texts.
fn own_help_flags(command: Command, top: bool) -> Command {
    let mut command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(crate::tr!("cli-help")),
        );
    if top {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(crate::tr!("cli-version")),
        );
    }
    command.mut_subcommands(|sub| own_help_flags(sub, false))
}

fn localize_one(command: Command, parent: Option<&str>) -> Command {
    let name = command.get_name().to_string();
    let chinese = i18n::lang() == Lang::Zh;
    let mut command = command
        .help_template(crate::tr!("cli-template"))
        .subcommand_help_heading(crate::tr!("cli-commands"));
    if parent.is_some() {
        // Documented once, under `huibao --help`.
        let after = after_help(&command, &name);
        command = command
            .mut_args(|a| if a.is_global_set() { a.hide(true) } else { a })
            .after_help(after);
    }
    if chinese {
        let key = |what: &str| match parent {
            None => format!("cli-{what}"),
            Some(_) => format!("cli-{name}-{what}"),
        };
        if let Some(about) = lookup(&key("about")) {
            command = command.about(about).long_about(None::<&str>);
        }
        if parent.is_none()
            && let Some(examples) = lookup("cli-examples")
        {
            command = command.after_help(examples);
        }
    }
    if chinese {
        // clap's placeholders for "options" and "command", in the reader's words.
        let usage = command.render_usage().to_string();
        let usage = usage
            .trim()
            .trim_start_matches("Usage:")
            .trim()
            .replace("[OPTIONS]", &crate::tr!("cli-usage-options"))
            .replace("<COMMAND>", &crate::tr!("cli-usage-command"));
        command = command.override_usage(usage);
    }
    let shared_name = name.clone();
    command = command.mut_args(move |arg| localize_arg(arg, parent.map(|_| shared_name.as_str())));
    if chinese {
        command = with_headings_in_words(command);
    }
    command.mut_subcommands(|sub| localize_one(sub, Some(&name)))
}

/// The help template with the catalog's headings (clap writes `命令:` with an ASCII colon):
/// one section for each kind of entry the command shows.
fn with_headings_in_words(command: Command) -> Command {
    let mut sections = Vec::new();
    if command.get_subcommands().any(|c| !c.is_hide_set()) {
        sections.push((crate::tr!("cli-commands"), "{subcommands}"));
    }
    if command.get_positionals().any(|a| !a.is_hide_set()) {
        sections.push((crate::tr!("cli-arguments"), "{positionals}"));
    }
    if command
        .get_opts()
        .chain(command.get_arguments().filter(|a| !a.is_positional()))
        .any(|a| !a.is_hide_set())
    {
        sections.push((crate::tr!("cli-options"), "{options}"));
    }
    let sections: Vec<String> = sections
        .into_iter()
        .map(|(heading, tag)| format!("{}\n{tag}", crate::tr!("cli-heading", name = heading)))
        .collect();
    let template = crate::tr!("cli-template").replace("{all-args}", &sections.join("\n\n"));
    command.help_template(template)
}

/// A subcommand's examples (its own `after_help`, or the catalog's in Chinese) and the
/// pointer to the global options.
fn after_help(command: &Command, name: &str) -> String {
    let examples = match i18n::lang() {
        Lang::Zh => lookup(&format!("cli-{name}-examples")),
        Lang::En => None,
    }
    .or_else(|| command.get_after_help().map(ToString::to_string));
    let global = crate::tr!("cli-global-options");
    match examples {
        Some(examples) => format!("{examples}\n\n{global}"),
        None => global,
    }
}

fn localize_arg(arg: Arg, command: Option<&str>) -> Arg {
    let id = arg.get_id().as_str().to_string();
    let mut arg = arg;
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let choices: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let chinese = i18n::lang() == Lang::Zh;
    let help = if chinese {
        command
            .and_then(|c| lookup(&format!("cli-{c}-arg-{id}")))
            .or_else(|| lookup(&format!("cli-arg-{id}")))
    } else {
        None
    };
    let help = help.or_else(|| arg.get_help().map(ToString::to_string));
    if let Some(mut help) = help {
        let takes_value = matches!(arg.get_action(), ArgAction::Set | ArgAction::Append);
        if !defaults.is_empty() && takes_value {
            help.push_str(&crate::tr!("cli-default", value = i18n::join(&defaults)));
        }
        if !choices.is_empty() && takes_value {
            help.push_str(&crate::tr!("cli-choices", values = i18n::join(&choices)));
        }
        if chinese || !defaults.is_empty() || !choices.is_empty() {
            arg = arg.help(help).long_help(None::<&str>);
        }
    }
    let heading = if arg.is_positional() {
        crate::tr!("cli-arguments")
    } else {
        crate::tr!("cli-options")
    };
    arg.hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading)
}

fn lookup(id: &str) -> Option<String> {
    i18n::has(i18n::lang(), id).then(|| i18n::message(id, &[]))
}

/// clap's error about the command line in the user's language: `None` for help and version
/// output (clap prints those itself) and in English, where clap's own words are kept.
pub fn error_text(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if i18n::lang() == Lang::En
        || matches!(
            error.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        )
    {
        return None;
    }
    let get = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => i18n::join(list),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    let mut text = match error.kind() {
        ErrorKind::UnknownArgument => crate::tr!("cli-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => crate::tr!(
            "cli-error-unknown-command",
            command = get(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue if value.is_empty() => {
            crate::tr!("cli-error-no-value", arg = arg)
        }
        ErrorKind::InvalidValue => {
            crate::tr!("cli-error-invalid-value", arg = arg, value = value)
                + &crate::tr!(
                    "cli-error-valid-values",
                    values = get(ContextKind::ValidValue)
                )
        }
        ErrorKind::ValueValidation => {
            crate::tr!("cli-error-invalid-value", arg = arg, value = value)
        }
        ErrorKind::MissingRequiredArgument => crate::tr!("cli-error-missing", args = arg),
        ErrorKind::MissingSubcommand => crate::tr!("cli-error-missing-command"),
        ErrorKind::ArgumentConflict => crate::tr!(
            "cli-error-conflict",
            arg = arg,
            other = get(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            crate::tr!("cli-error-values", arg = arg)
        }
        _ => crate::tr!(
            "cli-error-other",
            detail = error.to_string().lines().next().unwrap_or("").to_string()
        ),
    };
    let suggestion = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .map(get)
    .find(|s| !s.is_empty());
    if let Some(s) = suggestion {
        text.push_str("\n\n");
        text.push_str(&crate::tr!("cli-error-did-you-mean", suggestion = s));
    }
    let usage = get(ContextKind::Usage);
    if let Some(line) = usage.lines().find(|l| !l.trim().is_empty()) {
        let line = line.trim().trim_start_matches("Usage:").trim();
        text.push_str("\n\n");
        text.push_str(&crate::tr!("cli-error-usage", usage = line));
    }
    text.push_str("\n\n");
    text.push_str(&crate::tr!("cli-error-more"));
    Some(text)
}
