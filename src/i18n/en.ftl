# huibao's messages in English. Each id has its Chinese twin in zh.ftl.

## Diagnostics

diag-error = error
diag-warning = warning
diag-hint = hint: { $hint }
diag-count = { $problems } { $problems ->
    [one] problem
   *[other] problems
  } in { $files } { $files ->
    [one] file
   *[other] files
  }
diag-count-warnings = { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
  }
diag-count-and-warnings = { $problems } { $problems ->
    [one] problem
   *[other] problems
  } in { $files } { $files ->
    [one] file
   *[other] files
  }, { $warnings } { $warnings ->
    [one] warning
   *[other] warnings
  }
diag-denied = warnings are errors here (--deny-warnings); nothing was written

## Command-line help (the English help texts are the commands' doc comments)

cli-help = Print help
cli-version = Print the version
cli-template = {"{"}before-help{"}"}{"{"}about-with-newline{"}"}
    Usage: {"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
cli-commands = Commands
cli-arguments = Arguments
cli-options = Options
cli-default = {" "}[default: { $value }]
cli-choices = {" "}[possible values: { $values }]
cli-global-options = The options of every command (-q, -v, --message-format, --color, --lang): huibao --help

list-separator = {", "}
