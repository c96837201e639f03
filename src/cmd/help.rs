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
    let shared_name = name.clone();
    command = command.mut_args(move |arg| localize_arg(arg, parent.map(|_| shared_name.as_str())));
    command.mut_subcommands(|sub| localize_one(sub, Some(&name)))
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
