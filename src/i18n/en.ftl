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

## Reading content files

load-no-content = content folder not found: create it (for a starter project run `huibao init DIR`) or pass --content DIR
load-cannot-read = cannot read: { $error }
load-hidden-folder = a hidden folder: huibao does not read it, so it is no annex
load-hidden-folder-hint = rename the folder without the leading `.` to make it an annex
load-symlink = a symbolic link: huibao does not follow links, so it cannot read this
load-symlink-hint = copy the file or folder here instead of linking it
load-not-yaml = ignored: huibao reads only .yaml and .yml files in content/
load-not-yaml-hint = keep other files (Word drafts, notes) outside content/, or rename a YAML file to end in .yaml
load-name-not-utf8 = the name `{ $name }` is not UTF-8: huibao cannot read it reliably, and it could become the same name as another file
load-name-gbk-hint = it is “{ $name }” in GBK: rename it to { $name } (or unzip with unzip -O GBK, or with 7-Zip)
load-name-not-utf8-hint = rename it to an ordinary Chinese or English name
file-not-a-file = this is not an ordinary file but { $kind }: put a file here
file-too-big = the file is { $size } MB, over the limit of { $max } MB
file-kind-folder = a folder
file-kind-fifo = a named pipe (FIFO)
file-kind-device = a device
file-kind-socket = a socket
file-kind-other = a special file
file-kind-broken-link = a link to a file that does not exist
file-kind-missing = a file that no longer exists
load-too-deep = nested { $depth } levels deep here: a content file may nest at most { $max } (an item needs 4); was other data pasted in?
load-tag = the YAML tag `{ $tag }` cannot be used in content files: it changes how a value is read (text decoded as base64, for one)
load-tag-hint = remove `{ $tag }`; if it is part of the text, put the whole value in quotes
load-unexpected-top = unexpected file: the report lives in meeting.yaml and each annex in a folder of its own (content/<annex>/_annex.yaml)
load-unexpected-deep = unexpected file: item files sit directly in their annex folder (content/<annex>/<item>.yaml)
load-empty = content folder is empty: create meeting.yaml and one folder per annex with _annex.yaml and one file per item (`huibao init DIR` writes an example)
load-no-meeting = missing: create meeting.yaml with meeting, material, title, presenter, years, background, overview and closing
load-too-big = the file is { $kb } KB; a content file may hold at most { $max } KB (one item per file; is pasted data in it?)
load-alias = a YAML alias (*name): content must write each text out, aliases are not read
load-alias-hint = replace the *name by the text it stands for
load-duplicate-key = written twice in the same mapping: keep one
load-control = the control character { $code } is in the file here: it cannot be printed; remove it
load-not-utf8 = not valid UTF-8 (byte { $byte }): save the file as UTF-8
load-gbk = this file is in GBK (the older encoding Notepad and other Windows programs save Chinese in), not UTF-8: line { $line } reads “{ $text }”. Open it in Notepad and “Save As” with the encoding UTF-8

## Field values

limits-control = holds the control character { $code }: it cannot be printed; remove it
limits-spaces = holds a tab or a run of spaces: the PDF shows it as one gap (the workbook keeps it as typed)
limits-spaces-hint = write one space, or none between Chinese characters; a new line for a break
limits-ascii-punctuation = `{ $ascii }` between Chinese characters: an official document uses the full-width `{ $full }`
limits-ascii-punctuation-hint = write `{ $full }` instead of `{ $ascii }` (the first of them is named; check the rest of the text too)
limits-cell-chars = { $chars } characters: a table cell holds at most { $max } (Excel's limit); shorten it or split it over rows

## File names made from content

name-blank = a file name cannot be blank
name-too-long = is { $bytes } bytes long: a file name made from it needs at most { $max } (about { $chars } Chinese characters); shorten it
name-control = holds the control character { $code }: file names cannot
name-invalid-char = holds `{ $char }`, which Windows does not allow in a file name; leave it out or use the full-width form
name-trailing-dot = ends with a dot or a space, which Windows drops from file names; leave it out
name-device = `{ $device }` is a device name on Windows: a file called so cannot be opened there; choose another name

## Checking content

check-annex-number-taken = 附件 number { $number } is already used by { $file }
check-blank = must not be blank
check-department-twice = { $name } is listed twice
check-no-years = list at least one plan year, e.g. [2023, 2024, 2025]
check-implausible-year = { $year } is not a plausible year
check-years-order = years must be listed in increasing order without repeats
check-date = `{ $date }` is not a date like 2023-09-01
check-annex-number-zero = 附件 numbers start at 1
check-note-number = starts with its own number `{ $number }`: the notes are numbered for you, so it is left out
check-note-number-hint = write the note's text without the number
check-folder-meeting = an annex folder cannot be called `{ $folder }`: its files would overwrite meeting.pdf on some disks; rename the folder
check-folder-name = the folder name { $problem }
check-no-annex-file = missing: every annex folder needs _annex.yaml (number, partner, title, short_title, heading, report, notes)
check-no-items = this annex has no items: add one YAML file per cooperation item beside _annex.yaml
check-seq-taken = seq { $seq } is already used by { $file }
check-seq-range = seq { $seq } is out of range: numbers run 1..{ $count }
check-seq-gap = seq { $seq } leaves a gap: numbers run 1..{ $count } and no item has seq { $missing }
check-no-plans = this item has no plan in any year: its plan columns will be empty
check-no-plans-hint = add `plans:` with a year (2024: …) to a row, or mark the item `excluded` if it was left out
check-no-rows = an item needs at least one row (content: …)
check-too-many-rows = { $rows } rows: an item may have at most { $max } (split it into several items)
check-excluded-no-feedback = an excluded item needs at least one department's feedback ({"{"}by: 环保处, text: …{"}"})
check-excluded-field = an excluded item has only content in its rows: remove this field or the item's `excluded`
check-no-lead-dept = missing: name the 牵头部门
check-range-backwards = range { $range } runs backwards
check-range-short = the later year of the range { $range } needs all four digits
hint-change = change `{ $from }` to `{ $to }`
check-not-a-plan-year = { $outside } is not a plan year of meeting.yaml (years: { $years })
check-plan-overlap = overlaps the plan for { $range }: each year has one plan
check-department-name = `{ $name }` cannot be a department: the name { $problem } (each department gets a workbook named after it)
check-several-departments = `{ $name }` looks like several departments in one entry
check-several-departments-hint = write one department per entry: change `{ $name }` to `{ $list }`
check-lead-and-support = `{ $name }` already leads this row and is listed as supporting too: the table shows it twice
check-lead-and-support-hint = remove `{ $name }` from support_depts
check-title-years = this says { $written }, while the plan years of meeting.yaml (years) run from { $first } to { $last }
check-title-years-hint = change { $written } to { $fixed } (if the range is right, change years in meeting.yaml)
check-unknown-department = `{ $name }` is not one of the departments listed in meeting.yaml
check-did-you-mean = did you mean { $name }?
check-new-department-hint = add it to `departments` in meeting.yaml if it is a new department
check-same-file-folder = `{ $name }` and `{ $first }` ({ $place }) would be the same file { $file } on Windows and macOS disks, which do not tell them apart: spell the annex folders the same way, or make them differ by more than case, width or Unicode form (é typed as e + ´, 六 as its compatibility form)
check-same-file-department = `{ $name }` and `{ $first }` ({ $place }) would be the same file { $file } on Windows and macOS disks, which do not tell them apart: spell the departments the same way, or make them differ by more than case, width or Unicode form (é typed as e + ´, 六 as its compatibility form)

## What the YAML parser found, in the user's words

yaml-unknown-field = unknown field `{ $name }`
yaml-missing-field = missing field `{ $name }`: add it
yaml-plan-key = plan key `{ $key }` is not a year (2024) or a year range (2023-2025)
yaml-invalid-type = { $found } where { $expected } belongs
yaml-found-text = the text { $text }
yaml-found-number = the number { $number }
yaml-found-nothing = nothing
yaml-found-list = a list
yaml-found-map = fields (key: value)
yaml-found-boolean = yes/no
yaml-expect-number = a whole number
yaml-expect-list = a list
yaml-expect-text = a text
yaml-expect-departments = a department (环保处) or a list of departments ([环保处, 监测站])
yaml-expect-plans = the plans by year (2024: …)
yaml-expect-plan-key = a year (2024) or a year range (2023-2025)
yaml-expect-map = fields (key: value)
yaml-colon-in-value = a `: ` inside a value, or a line indented too far: YAML reads it as a new key
yaml-too-deep = nested too deeply: content is a few levels of fields and lists
yaml-expected-key = this line does not line up with the fields around it
yaml-expected-dash = this line does not line up with the list entries (- …) around it
yaml-expected-colon = a key without its `: ` (or a text that runs on into the next line)
yaml-bad-character = a character YAML cannot start a value with (a tab, or ` @ %)
yaml-unclosed = a quote or bracket is opened and not closed before the end of the file
yaml-expected-value = a value is missing here
yaml-dash-after-key = a list entry (- …) on the line of a key: start the list on the next line
yaml-empty = the file is empty
yaml-other = the YAML cannot be read: { $detail }
yaml-tab = this line has a tab: YAML indents with spaces only; replace it with spaces
yaml-hint-too-far = this line is indented further than `{ $key }:` above it: line it up with `{ $key }:`
yaml-hint-quote = the value holds `: `, which YAML reads as a new key: put it in quotes: { $line }
yaml-hint-row-field = `{ $key }` is indented too far: it belongs to the row, not to plans; line it up with `plans:`
yaml-hint-plan-key = write the year in digits only: { $key }: …
yaml-hint-plan-year = `{ $key }` looks like a plan year: indent it under `plans:`, two spaces further than `plans:`
yaml-hint-allowed = the fields here: { $keys }
yaml-hint-digits = write the number in digits, e.g. seq: 3 or years: [2023, 2024, 2025]

## Slips recognised on their own line

slip-write-line = write: { $line }
slip-broken-line = this line is no field: the text of the line above seems broken in two (a line break pasted from Word); YAML would report the line after
slip-join-line = join it to the line above: { $line }
slip-quote-inside = the value of `{ $key }` starts with { $quote } and has another { $quote } inside: YAML ends the text at the second { $quote }
slip-comment-cuts = in the value of `{ $key }`, YAML reads what follows ` #` as a comment: `{ $dropped }` will not be printed
slip-comment-cuts-hint = if it is part of the text, quote it: { $line }
slip-fullwidth-indent = the line is indented with full-width spaces (　): YAML indents with ordinary spaces only
slip-fullwidth-colon = `{ $key }` is followed by a full-width colon `：`: YAML needs the ordinary colon and a space, `: `
slip-no-space = `{ $key }:` needs a space after the colon, or YAML reads the whole line as one text
slip-dash-space = a list entry needs a space after its `-`
slip-null = `{ $key }: { $value }` means "nothing" in YAML, but this field needs a text
slip-curly-quotes = the value of `{ $key }` is wrapped in Chinese quotes, which are printed as they are
slip-curly-quotes-hint = if the quotes are not meant to be printed, write: { $line }
slip-indent-more = this line is indented one space further than `{ $key }` above it: YAML tells levels apart by indentation
slip-indent-less = this line is indented one space less than `{ $key }` above it: YAML tells levels apart by indentation

## Commands

build-wrote = wrote { $file }
build-removed = removed { $file } (no longer built)
build-summary = { $written } files written, { $unchanged } unchanged in { $folder }
build-stage-time = { $stage } { $ms } ms
clean-removed = removed { $file }
clean-summary = { $count } files removed from { $folder }
new-wrote = wrote { $file }: fill it in, then run huibao check
init-wrote = wrote { $count } files into { $folder }; build it with: cd { $cd } && huibao build
init-from-wrote = read { $annexes } { $annexes ->
    [one] table
   *[other] tables
  } with { $items } { $items ->
    [one] item
   *[other] items
  } into { $folder }/content; fill in what meeting.yaml marks 必填, then: cd { $cd } && huibao check
init-from-unplaced = { $count } { $count ->
    [one] cell was
   *[other] cells were
  } not placed (listed above): copy their text into the right file by hand
from-cell-sheet = { $file } sheet “{ $sheet }” { $cell }
from-cell-word = { $file } table { $table } row { $row } column { $col }
from-sheet = { $file } sheet “{ $sheet }”
from-word-table = { $file } table { $table }
from-refused = { $file }: cannot read it as a table: { $why }
from-not-a-table-file = not an .xlsx or .docx file: open it in Excel, WPS or LibreOffice and save it as .xlsx (workbook) or .docx (Word document), then try again
from-damaged = it does not open as a workbook or Word document (damaged, or another kind of file renamed): open it in Excel, WPS or LibreOffice and save it again as .xlsx or .docx
from-too-big = the table is too big ({ $rows } rows, { $cols } columns)
from-no-table = { $file }: no table with the column titles 序号 or 事项 and 对口合作交流内容 found: is it an annex table?
from-unplaced = warning: { $place }: “{ $text }”: { $why }
from-why-above = text above the table that is neither 附件N nor the table title: not placed
from-why-no-item = a row with neither 序号 nor 事项: which item it belongs to is not clear, so it was not placed
from-why-column = the column “{ $header }” is not one huibao knows: not placed
schema-wrote = wrote { $files }
    put `{ $line }` (the path relative to the YAML file) on the first line of a content file
schema-which = name the schema (meeting, annex or item), or give --out DIR for all three
templates-not-found = { $folder }: templates folder not found (leave out --templates to use the built-in templates)
watch-cannot = cannot watch: { $error }
watch-fixed = {" "}— the problem is fixed
watch-watching = watching { $folders } for changes (Ctrl-C stops)
watch-built = built in { $ms } ms:{" "}
watch-rebuilt = rebuilt in { $ms } ms:{" "}
watch-nothing = nothing changed
watch-wrote = wrote { $files }
watch-removed = ; removed { $file }
check-valid = { $folder } is valid: { $annexes } annexes, { $items } items, { $rows } rows
fonts-bundled = fonts: the bundled set (AR PL SungtiL GB, KaitiM GB, WenQuanYi Micro Hei and fallbacks)
fonts-installed = fonts: installed { $families }; the rest bundled

## Build stages (for -v and the progress bar)

stage-load = load
stage-validate = validate
stage-rendering = rendering
stage-writing = writing
stage-saving = saving
stage-render = render
stage-layout = layout
stage-pdf = pdf
stage-xlsx = xlsx
stage-docx = docx
stage-write = write
stage-writers-wall = writers wall
stage-reading-content = reading content

init-exists = { $path } already exists: init only writes a new project

stage-drawing = drawing

yaml-unclosed-list = the list's `[` is not closed with `]`
yaml-unclosed-map = the `{"{"}` is not closed with `{"}"}`
check-title-twice = the annex already has an item called { $title } ({ $file }): the table would show it twice
check-title-twice-hint = give each item its own title, or merge the two files into one item with several rows

## import

import-nothing = nothing was imported
import-new-file = { $file } (new field)
import-conflict = conflict:{" "}
import-conflict-why = the row changed in the content since { $origin } was built: not written (--force writes the workbook's text)
import-summary = { $changes } { $changes ->
    [one] change
   *[other] changes
  } in { $files } { $files ->
    [one] file
   *[other] files
  }
import-summary-conflicts = {" "}({ $conflicts } in conflict)
import-run-write = ; run again with --write to make them
import-does-not-check = the imported text does not check, so nothing was written: correct the workbook or the content and import again
import-wrote = wrote { $changes } { $changes ->
    [one] change
   *[other] changes
  } to { $files } { $files ->
    [one] file
   *[other] files
  }; the content checks
import-wrote-conflicts = {" "}({ $conflicts } in conflict not written)

## Output folder

output-locked-hint = close the file in the program that has it open (Word, WPS, Excel, a PDF viewer) and build again
output-inside-source = { $output }: the output folder is inside the { $what } folder { $source }; choose another (--output output)
path-outside = `{ $path }` in { $folder }: { $why }; huibao deletes, moves or writes nothing outside the folder, so it is left alone
path-not-plain = not a path inside the folder
path-link = { $link } is a symbolic link, which would lead outside the folder

## changes

changes-internal-field = { $field } (internal list, not printed in the material)
changes-working-tree = the working tree
changes-docx-needs-out = --format docx writes a file: name it with --out, e.g. --out 修改说明.docx
changes-heading = changes in { $content } from { $old } to { $new }
changes-none = no content changed

## git and the environment

git-missing = cannot run git ({ $error }): install git to compare revisions
git-no-content = { $folder }: content folder not found
git-no-repo = { $folder }: not in a git repository: `huibao changes` compares revisions of content kept in git (git init, git add, git commit)
git-refused = { $folder }: git refused to read this folder; it said: { $said }
git-no-revision = `{ $rev }`: no such revision in { $repo }
git-no-commit = { $repo } has no commit yet, so there is nothing to compare with: commit the content once (git add content templates, then git commit -m "first draft"), and run huibao changes after your edits
git-too-large = { $file }: { $bytes } bytes at this revision, more than the { $max } MB a content file may have: not compared
env-malformed = the environment variable { $name } is `{ $value }`: it must be { $what }; correct or unset it
env-not-text = the environment variable { $name } is not valid text: it must be { $what }
env-number = a whole number
env-threads = a whole number of threads, such as 2
env-epoch = whole seconds since 1970-01-01 UTC, such as 1700000000
env-cannot-enter = { $folder }: cannot enter the project folder

list-annex = 附件{ $number } { $partner }  { $folder }: { $items } items, { $rows } rows, { $excluded } excluded
fonts-col-font = font
fonts-col-from = from
fonts-col-role = role
fonts-col-chain = chain
fonts-installed-else = installed { $family }, else { $file }
fonts-installed-only = installed { $family }

## Returned workbooks and safe writes

import-error-value = { $place } holds the error value { $value }: type the text instead of a formula
import-formula-empty = { $place } holds the formula ={ $formula } with no value saved (or an empty one): type the text instead of a formula
import-formula = { $place } holds the formula ={ $formula }: its value is read as text
import-typed-value = { $place } became { $kind } when it was typed and is read as `{ $shown }`; { $advice }
import-kind-formula = a formula's result
import-kind-percent = a percentage
import-typed-not-written = (this cell became { $kind } when typed: --write leaves it out unless --force)
import-wrote-typed = {" "}({ $typed } that became numbers, dates or formulas not written; add --force once they are right)
import-locked-not-written = (a locked column: the office changes it in the content, and import does not write it; if you agree, change this field in the YAML file)
import-wrote-locked = {" "}({ $locked } in locked columns not written)
import-advice-number = format the cell as text and type it again (so 2025.10 does not become 2025.1)
import-advice-date = type the date as text: format the cell as text, then type 2025年6月30日 or 2025.6
import-advice-time = type the time as text: format the cell as text, then type 9:30
import-advice-percent = if it was a percentage, format the cell as text, then type 50%
import-advice-percent-shown = read as it was shown; to keep it as text, format the cell as text before typing
import-advice-boolean = format the cell as text and type the words again
transaction-read-only = { $file }: the file is read-only; make it writable to import into it
transaction-hard-links = { $file }: the file has other names (hard links), which a safe replacement would part from it; copy it to a file of its own to import into it
transaction-waiting = waiting for another huibao writing into { $folder } to finish…
transaction-all-old = nothing was replaced: every file is as it was
new-no-annex = { $folder }: no such annex folder; start one with: huibao new --annex { $annex } 伙伴名称
renumber-unparsed = { $folder }: an item file there does not load or has no seq: fix it first (huibao check says how), then renumber
renumber-name-taken = { $file } would be renamed { $taken }, which is another file: rename one of them, then renumber
renumber-no-seq = its seq is not a plain number (seq: 3): write it so, then renumber
renumber-moved = { $file }: seq { $old } → { $new }
renumber-moved-renamed = { $file } → { $to }: seq { $old } → { $new }
renumber-summary = renumbered { $count } { $count ->
    [one] item
   *[other] items
  }
renumber-nothing = every annex is numbered 1, 2, 3… already: nothing to change
new-at-range = --at { $at }: an item of this annex can go at 1 to { $last }
check-seq-gap-hint = number the items again in their order with: `huibao renumber { $annex }`
new-no-title = give the item a title, e.g. huibao new yongan "环保宣传"
new-bad-slug = `{ $slug }` cannot be a folder name: use letters, digits and - (e.g. sanming)
new-exists = { $path } already exists
import-kind-duration = a duration
import-kind-time = a time
import-kind-date = a date
import-kind-boolean = a truth value
import-kind-number = a number

import-no-file = { $file }: no such file
import-unreadable = { $file }: not a workbook huibao can read: { $detail }
import-sheet-skipped = sheet `{ $sheet }` is not read: import reads the sheet { $data }
import-no-data-sheet = { $file }: no sheet { $data }: import reads the annex and department workbooks huibao builds
import-sheet-unreadable = { $file }: sheet { $data }: { $detail }
import-no-key-column = { $file }: sheet { $data } has no { $column } column (hidden, last): import reads the workbooks huibao builds
import-added-row = a row added in the workbook (it has no key): not imported; add it to the item's rows in the content, or start an item with huibao new
import-added-row-under = a row added in the workbook under { $item } (it has no key): not imported; add it to the item's rows in the content, or start an item with huibao new
import-same-key = rows { $rows } carry the same key (a row copied in the workbook?): none of them is imported; keep one and import again ({ $key })

import-refused = { $file }: { $why }: the workbook is not read
import-doc-refused = { $file }: { $why }: the file is not read
import-doc-old-format = this is a Word 97–2003 (.doc) or WPS (.wps) file: open it in Word or WPS, choose Save As → Word Document (*.docx), and import the saved file
import-doc-not-docx = not a Word document (.docx): save it from Word or WPS as Word Document (*.docx) and import that
import-doc-unmarked = { $file }: no huibao marks (not a Word file huibao made, or the program that saved it dropped its bookmarks): nothing imported; revise a Word file huibao made and import that
import-doc-foreign = { $file }: none of its fields belongs to this content (a Word file made from another project?): nothing imported
import-doc-comment = { $place } has a comment ({ $author }): “{ $comment }” — comments are not imported; change the text as it asks and import again, or edit the content file
import-doc-merged = { $places } were merged into one paragraph in Word (“{ $text }”): not imported; change the fields in the content
import-doc-added = an added paragraph “{ $text }”: not imported; write added text into a content file (meeting.yaml, say)
import-doc-added-cell = text added in a table “{ $text }” (an added row, or an empty cell the templates make): not imported; add it to the item's rows in the content
import-doc-template-edited = { $place } (“{ $text }”) is text the templates make: the edit cannot be imported; change the template in templates/, or the content fields it uses
import-doc-field-gone = the field { $place } (“{ $text }”) came from is no longer in the content (deleted or renamed since the Word file was made): not imported
import-doc-around-edited = { $place } (“{ $text }”): the text the templates put around the field was edited too: not imported; edit only the field's text, or the template
import-doc-deleted = { $count } paragraphs or cells were deleted in Word ({ $places }): deletions are not imported; to delete them, delete the fields in the content
import-doc-revisions = { $count } tracked changes are not accepted yet: huibao imports the text as if all were accepted; reject in Word first any you do not agree with
import-doc-change-revisions = (with { $count } tracked changes not accepted yet, read as accepted)
import-too-large = { $bytes } bytes, more than { $mb } MB
import-too-many-parts = { $parts } parts in the file
import-part-too-large = { $part } inflates to more than { $mb } MB
import-bad-xml = not readable XML ({ $detail })
import-cell-past-rows = cell { $place } holds something far outside the table (row { $row }; this project's tables end before row { $max }): delete what is outside the table and send it back
import-cell-past-columns = a cell at { $place }, beyond the { $max } columns a huibao workbook may use

import-foreign-key = the key `{ $key }` is not one huibao writes
import-moved = { $place } is now { $now } (renamed or moved since the workbook was built): matched by its content
import-row-gone = { $file } row { $row } is not in the content any more (deleted or renamed since the workbook was built): not imported
import-origin = { $file } row { $row }
import-source = { $origin }: “{ $value }”
list-separator-long = ;{" "}
import-disagree = { $field }: the returned files disagree ({ $sources }): neither is imported; settle it and import the one that is right
import-row-missing = { $seq }. { $title } (第{ $row }条, { $file }) is not in the workbook (deleted there?): the content keeps it; delete it in the YAML if that was meant
import-excluded-by-hand = 纳入 and 不纳入原因 are not imported: change `excluded` in { $file } by hand
import-unknown-column = the column title `{ $title }` at { $place } is not one huibao made (renamed, or added): what is typed under it is not read; give the column its title back
import-missing-column = { $sheet } has no `{ $title }` column (deleted, or renamed): the edits in that column cannot be read back
import-excluded-filled = this item was left out (不纳入), so only its content is kept: what was typed into { $columns } is not written; to include it, delete `excluded` in { $file }
import-plan-span = { $field }: the plan for { $years } covers several years and the workbook changes only some of them: split it in { $file } by hand
import-changed-meanwhile = { $file }: the file changed since import read it (saved in an editor meanwhile?): nothing was written; import again
import-outside-content = { $file }: not inside the content folder { $folder }

import-print-changed = { $place }: “{ $old }” → “{ $new }” was changed on the print sheet, which is not imported: make the change in the { $data } sheet and import again

edit-two-changes = two changes to one value
edit-unclosed-quote = an unclosed quote
edit-unclosed-list = an unclosed list
edit-block-without-mark = a block without its mark
edit-no-parent = { $path }: no such field to add to
edit-parent-missing = { $path }: `{ $parent }` is not in the file
edit-parent-flow = { $path }: `{ $parent }` is written as {"{"}…{"}"}
edit-parent-empty = { $path }: `{ $parent }` is empty
edit-old-unparsed = the file does not parse: { $detail }
edit-no-place = { $path }: no such place in the file
edit-new-unparsed = the edited file would not parse: edit it by hand
edit-not-in-place = { $fields } cannot be changed in place without touching other lines: edit it by hand

style-size-range = size { $size } is not a point size between 0 and 200
style-unknown-zihao = unknown 字号 `{ $name }`: use points (16) or one of { $names }
style-unknown-font = { $field }: `{ $font }` is not one of the fonts ({ $fonts })
style-no-font = roles.{ $role }.font: name at least one font
style-long-chain = roles.{ $role }.font: a chain of { $fonts } fonts; at most { $max } are tried
style-text-block = pages.{ $pages }: the margins leave a text block of { $width } x { $height } mm; at least 30 x 30 mm is needed
style-line-pitch = roles.{ $role }.line_pitch: must be between 0 and 500 points
style-padding = table.padding: must be between 0 and 20 mm
style-number = { $field }: the number { $value } is not between { $min } and { $max }
style-role-required = roles: the role `{ $role }` is required
style-too-many-roles = roles: more than 65,535 roles
theme-no-builtin = { $name }: no such built-in file
theme-unreadable = { $file }: cannot read: { $detail }
theme-builtin-name = { $name } (built-in)

markup-error = { $template }: { $message }
    {"  "}output line { $row }: { $line }
markup-unparsed = the rendered markup does not parse: { $detail }
markup-loose-text = text is not allowed directly inside <{ $element }>
markup-root = the root element must be <document>
markup-not-section = <{ $element }> is not allowed in <document>: use <section>
markup-orientation = orientation `{ $value }`: use portrait or landscape
markup-unknown = <{ $element }> is not part of huibao's markup
markup-unknown-class = class `{ $class }` is not a role in style.yaml
markup-not-in-text = <{ $element }> is not allowed inside text
markup-span = { $attribute }="{ $value }" must be a whole number ≥ 1
markup-not-tr = <{ $element }> is not allowed here: use <tr>
markup-not-cell = <{ $element }> is not allowed in <tr>: use <td> or <th>
markup-rowspan-past = rowspan="{ $rowspan }" runs past the end of its <tbody>
markup-row-width = this row covers { $covered } columns but the table has { $columns } (<col> elements)
markup-col-width = <col class="{ $class }"> has no width in style.yaml (table.columns)
markup-not-in-table = <{ $element }> is not allowed in <table>
markup-no-colgroup = a table needs a <colgroup> with one <col class="…"> per column

cause-separator = :{" "}
tera-failed-render = Failed to render '{ $name }'
tera-failed-parse = Failed to parse '{ $name }'
tera-template-missing = Template '{ $name }' not found
tera-filter-failed = Filter call '{ $name }' failed
tera-filter-missing = Filter '{ $name }' not found
tera-test-missing = Test '{ $name }' not found
tera-function-failed = Function call '{ $name }' failed
tera-function-missing = Function '{ $name }' not found
tera-variable-missing = Variable `{ $name }` not found in context while rendering '{ $template }'
render-too-long = renders to more than { $max } characters: a paragraph that long is a mistake
render-cycle = templates include or call each other in a cycle: { $path }: it would recurse for ever; remove one of those includes or macro calls
render-range-loops = in template { $template }, range loops nest in each other or run over { $max } times: the output would grow without bound; loop over the content's lists instead
render-expression = template expression: { $detail }
render-context = template context: { $detail }
guard-nesting = nested more than { $max } levels deep: simplify the expression
guard-call-nesting = calls nested more than { $max } deep (f(x=g(y=h(…)))): simplify the expression
guard-refused = { $what } is not allowed in content: prose may use variables, filters, arithmetic, `if` and `for` over the content's lists
guard-what-loops = nesting more than { $max } `for` loops
guard-what-literal-loop = a loop over `range(…)` or a literal list
guard-what-tag = `{ $tag }`
guard-what-macro = a macro
guard-what-filter-section = a `filter` section
guard-what-macro-call = calling the macro `{ $name }`
guard-what-function = the function `{ $name }`
guard-function-off = the function `{ $name }` is not available: huibao's output depends on the content alone
tera-variable-unknown = Variable `{ $name }` not found in context

font-unreadable-file = font `{ $font }`: cannot read { $file }: { $detail }
font-unusable = font `{ $font }`: not a usable font (face { $face }): { $detail }
font-unreadable = font `{ $font }` cannot be read
font-subsetting = font `{ $font }`: subsetting failed: { $detail }
font-not-installed = font `{ $font }`: no installed font named `{ $family }` and no `file` to fall back on
font-stands-in = no installed font named `{ $family }`: { $file } stands in, so this machine's documents differ from one that has the font
font-no-source = font `{ $font }`: give a `file` or a `system` font name
font-file-missing = font `{ $font }`: { $file } not found
font-missing-glyph = character '{ $char }' (U+{ $code }) is in none of the fonts of role { $role } ({ $fonts }): use another character or add a font that has it to the role's chain in style.yaml
changes-no-role = style.yaml has no role `{ $role }` for the 修改说明
new-control-character = the { $what } holds { $char }, a line break or control character: give it on one line without control characters
new-what-title = title
new-what-partner = partner

internal-error = internal error (a bug in huibao; please report it with this message): { $detail }
pdf-page-number-not-text = a page number must be text
pdf-page-number-glyph = page numbers cannot draw '{ $char }': the page-number role's font has no such character
pdf-no-text = the document has no text
pdf-no-pages = the document has no pages
xlsx-no-table = XLSX: the annex template has no table
git-failed = git: { $detail }
io-create = { $file }: cannot create: { $detail }
io-remove = { $file }: cannot remove: { $detail }
io-read = { $file }: cannot read: { $detail }
io-write = { $file }: cannot write: { $detail }
io-replace = { $file }: cannot replace: { $detail }
io-open-lock = { $file }: cannot open the lock: { $detail }
io-lock = { $file }: cannot lock: { $detail }
yaml-expect-fonts = a font name (song) or a list of font names tried in order ([song, ming, hei])
io-kind-with-code = { $reason } (os error { $code })
io-kind-not-found = No such file or directory
io-kind-permission = Permission denied
io-kind-exists = File exists
io-kind-full = No space left on device
io-kind-read-only = Read-only file system
io-kind-directory = Is a directory
io-kind-not-directory = Not a directory
io-kind-not-empty = Directory not empty
io-kind-in-use = the file is open in another program
io-kind-busy = Device or resource busy
yaml-field-message = { $field }: { $message }
yaml-at-line = { $message } (line { $line }, column { $column })
import-item-label = { $seq }. { $title } ({ $file })
changes-added = added: { $title } ({ $file })
changes-removed = removed: { $title } ({ $file })
changes-item = { $title } ({ $file })
changes-field = { $label }, line { $line }:{" "}
changes-count = { $files ->
        [one] 1 file
       *[other] { $files } files
    }: { $changed } changed, { $added } added, { $removed } removed
serve-part-report = Report
serve-part-annex = Annex { $number }
serve-edit-not-content = { $file } is not a content file of this project: the page edits only fields of content files
serve-edit-conflict = { $file } changed after the page was drawn (saved in an editor?): nothing written. Edit again once the page has updated
serve-edit-no-field = field { $field } cannot be edited on the page: edit it in the YAML file
serve-edit-rolled-back = with this change the content does not build, so the old file was put back: nothing written
serve-cannot-listen = cannot serve the preview on local port { $port }: { $error }. Choose another port (--port) or none
serve-listening = preview at { $url } (reachable from this computer only; Ctrl-C stops)
serve-ui-parts = Contents
serve-ui-problems = The content has problems; the pages below are from the last good build. They update once it is fixed:
serve-ui-file = File
serve-ui-line = Line
serve-ui-field = Field
serve-ui-save = Save
serve-ui-close = Close
serve-ui-template = The templates make this text (a heading, a column head, a number): it cannot be edited on the page.
serve-ui-several = This text is the value of several fields and which one is shown is not known: edit it in the YAML file.
serve-ui-changed = The file changed after the page was drawn: edit again once the page has updated.
serve-ui-saved = Saved; building again…
serve-ui-near = Template expressions in the field below make this text: edit it in the YAML file.
serve-ui-stale = The page has been updated: click again.
serve-ui-header = huibao preview
cli-serve-about = Build, then show the material in the browser as it prints and rebuild on every save, until stopped (Ctrl-C); click a paragraph or cell to see its source and edit it
cli-serve-examples =
    Examples:
      huibao serve --open          build, then open the preview in the browser
      huibao serve --port 8000     serve the preview at http://127.0.0.1:8000/
cli-serve-arg-port = The port on 127.0.0.1 (default: a free one)
cli-serve-arg-open = Open the page in the system's browser
serve-ui-part = The templates add numbers, marks or other fields around this text on the page; below is this one field alone.
serve-ui-composed = The templates make this text of the fields below: edit them in the YAML file.
changes-material-unbuilt = { $version } does not build ({ $problems } problems; huibao check shows them)
changes-material = What a reader of the material sees change (in the document's order, both versions made with today's templates):
changes-material-none = No text a reader of the material sees changed.
changes-material-skipped = The material is not compared: { $why }.
