# huibao 的中文提示。每个条目在 en.ftl 中都有对应的英文。

## 问题报告

diag-error = 错误
diag-warning = 警告
diag-hint = 提示：{ $hint }
diag-count = 共 { $problems } 个问题，涉及 { $files } 个文件
diag-count-warnings = { $warnings } 个警告
diag-count-and-warnings = 共 { $problems } 个问题，涉及 { $files } 个文件；{ $warnings } 个警告
diag-denied = 已按 --deny-warnings 将警告视为错误，未写出任何文件

## 命令行帮助

cli-help = 显示帮助
cli-version = 显示版本
cli-template = {"{"}before-help{"}"}{"{"}about-with-newline{"}"}
    用法：{"{"}usage{"}"}

    {"{"}all-args{"}"}{"{"}after-help{"}"}
cli-commands = 命令
cli-arguments = 参数
cli-options = 选项
cli-default = （默认：{ $value }）
cli-choices = （可选：{ $values }）
cli-global-options = 各命令通用的选项（-q、-v、--message-format、--color、--lang）见 huibao --help
cli-about = 由 YAML 内容生成会议材料（汇报和附件表），输出 PDF、Excel（XLSX）和 Word（DOCX）
cli-examples =
    示例：
      huibao check                 检查 content/，列出全部问题
      huibao list --content ../c   列出另一个内容文件夹的附件、事项和行
      huibao build                 在 output/ 中生成 PDF、XLSX 和 DOCX 文件
      huibao init my-meeting       新建一个带示例内容和模板的项目
cli-arg-quiet = 只显示问题：不列出写出的文件，不显示汇总
cli-arg-verbose = 同时显示各阶段用时（build）
cli-arg-message_format = 问题的显示方式：human（文件:行:列: 字段: 说明，附原文行、标记和提示）、short（只显示第一行）或 json（每行一个对象，输出到 stderr，供编辑器和 CI 使用）
cli-arg-color = 问题信息是否着色：auto（在终端中着色，设置了 NO_COLOR 时除外）、always、never
cli-arg-lang = 提示和帮助的语言：zh（中文）或 en（英文）；默认按系统语言（LANG、LC_ALL），zh* 为中文
cli-arg-content = 内容文件夹
cli-arg-templates = 模板文件夹（默认 templates，没有时用内置模板）；缺少的部分由内置默认值补齐
cli-arg-bundled_fonts = 只用随附字体排版，即使已安装仿宋_GB2312 等公文字体：每台电脑生成的文件完全相同
cli-arg-output = 输出文件夹
cli-arg-deny_warnings = 有警告也视为失败（退出码 1），不写出任何文件
cli-arg-timings = 同全局选项 -v
cli-arg-markup = 同时把各部分的 XHTML 标记写入 output/markup/（供修改模板的人查看）
cli-check-about = 执行 build 的全部检查（内容、模板、样式、字体、排版），但不写出文件
cli-check-examples =
    示例：
      huibao check --content content
cli-check-arg-deny_warnings = 有警告也视为失败（退出码 1），例如在内容仓库的 CI 中
cli-build-about = 检查、排版并把输出（PDF、XLSX 和 DOCX）写入输出文件夹
cli-build-examples =
    示例：
      huibao build --output dist
cli-watch-about = 先生成一次，之后 content/ 和 templates/ 中每有改动就重新生成，直到按 Ctrl-C 停止；出现问题时显示问题，保留上一次的正确输出
cli-watch-examples =
    示例：
      huibao watch        每保存一个内容文件，就重新生成 output/
cli-clean-about = 删除上一次生成时写入输出文件夹的文件（不删除其他文件）
cli-clean-examples =
    示例：
      huibao clean
cli-init-about = 在一个新文件夹中写入起步项目（内容和模板）
cli-init-examples =
    示例：
      huibao init my-meeting
      huibao init my-meeting --from 2024项目表.xlsx   从去年的项目表开始
cli-init-arg-dir = 要新建的文件夹
cli-init-arg-from = 从本单位已有的附件表（.xlsx 或 .docx，版式与示例相同：序号、事项、对口合作交流内容、各年度计划……）开始，而不是示例内容；可写多次
cli-new-about = 在附件中新建一个事项文件（自动取下一个序号，每个字段带注释），或用 --annex 新建一个合作地区的附件文件夹
cli-new-examples =
    示例：
      huibao new yongan "环保宣传"        生成 content/yongan/04-环保宣传.yaml
      huibao new --annex sanming 三明市   生成 content/sanming/_annex.yaml
cli-new-arg-annex = 附件文件夹（content/ 下的名称）；用 --annex 时为新文件夹的名称
cli-new-arg-title = 事项名称；用 --annex 时为合作地区
cli-new-arg-annex_folder = 新建附件文件夹，而不是事项
cli-renumber-about = 把附件的事项按现有顺序重新编号为 1、2、3……（删除事项文件之后）：改动的序号和文件名开头的编号一起改
cli-renumber-examples =
    示例：
      huibao renumber yongan
cli-renumber-arg-annex = 附件文件夹（content/ 下的名称）；不写则为全部附件
cli-new-arg-at = 把事项放在这个序号，原来从这个序号起的事项依次后移（序号和文件名一起改）；默认放在最后
cli-fonts-about = 显示各样式角色所用字体：后备字体链、字体文件，以及该链覆盖的汉字数
cli-fonts-examples =
    示例：
      huibao fonts
cli-completions-about = 输出命令行补全脚本（bash、zsh、fish、powershell、elvish）
cli-completions-examples =
    示例：
      huibao completions bash > ~/.local/share/bash-completion/completions/huibao
cli-completions-arg-shell = 终端程序（shell）
cli-schema-about = 输出某类内容文件的 JSON Schema，或把三个都写入一个文件夹，供编辑器（装有 YAML 扩展的 VS Code）在输入时补全和检查
cli-schema-examples =
    示例：
      huibao schema item                 输出事项文件的 schema
      huibao schema --out schema         把 meeting、annex、item 三个 schema 写入 schema/

    内容文件的第一行写：
      # yaml-language-server: $schema=../../schema/item.schema.json
cli-schema-arg-kind = meeting、annex 或 item
cli-schema-arg-out = 把三个 schema 写入这个文件夹
cli-changes-about = 两个 git 版本之间内容的变化（默认：上次提交到当前工作区）：新增和删除的事项，以及每个改动的字段
cli-changes-examples =
    示例：
      huibao changes                                         尚未提交的修改（与 HEAD 比较）
      huibao changes v1 v2                                   两个标记版本之间的修改
      huibao changes --format docx --out 修改说明.docx       生成 Word 格式的修改说明
cli-changes-arg-rev = 较早的版本（提交、标签或分支）；HEAD 即看尚未提交的修改
cli-changes-arg-rev2 = 较晚的版本（默认：当前工作区）
cli-changes-arg-format = text 用于终端，markdown 或 docx 生成修改说明
cli-changes-arg-out = docx 修改说明写入的文件
cli-import-about = 读取各部门交回的工作簿（附件或部门工作簿）和领导改过的 Word 文件，逐处列出改动（文件:行 字段: 原值 → 新值）；加 --write 则修改内容文件
cli-import-examples =
    示例：
      huibao import 返回/环保处.xlsx              查看交回的工作簿改了什么
      huibao import 返回/*.xlsx --write          把改动写入 content/
      huibao import 修改稿.docx                  查看领导在 Word 中的修改（修订按接受后读取）

    只改动有变化的值：注释、键的顺序和引号都保留。工作簿生成之后内容又有改动的行属于冲突，
    不加 --force 不会写入。
cli-import-arg-workbooks = 交回的工作簿或 Word 文件（.xlsx、.docx）
cli-import-arg-write = 修改内容文件（然后检查）
cli-import-arg-force = 工作簿生成后内容又有改动的行也写入
cli-list-about = 列出附件、事项、行，以及哪些事项未列入
cli-list-examples =
    示例：
      huibao list

list-separator = 、

## 读取内容文件

load-no-content = 找不到内容文件夹：请新建（起步项目可运行 `huibao init 文件夹`），或用 --content 指定
load-cannot-read = 无法读取：{ $error }
load-hidden-folder = 隐藏文件夹：huibao 不读取它，因此它不是附件
load-hidden-folder-hint = 去掉文件夹名开头的 `.`，它就成为一个附件
load-symlink = 符号链接：huibao 不跟随链接，无法读取
load-symlink-hint = 把文件或文件夹复制到这里，不要用链接
load-not-yaml = 已忽略：huibao 只读取 content/ 中的 .yaml 和 .yml 文件
load-not-yaml-hint = 其他文件（Word 草稿、备注）请放在 content/ 之外；如果这是 YAML 文件，请把扩展名改为 .yaml
load-name-not-utf8 = 名字 `{ $name }` 不是 UTF-8 编码：huibao 无法可靠地读出这个名字，它可能和别的文件变成同一个名字
load-name-gbk-hint = 这是 GBK 编码的“{ $name }”：请改名为 { $name }（或解压时用 unzip -O GBK，或用 7-Zip 解压）
load-name-not-utf8-hint = 请把它改成一个普通的中文或英文名字
file-not-a-file = 这不是普通文件，而是{ $kind }：请换成文件
file-too-big = 文件有 { $size } MB，超过上限 { $max } MB
file-kind-folder = 一个文件夹
file-kind-fifo = 一个命名管道（FIFO）
file-kind-device = 一个设备
file-kind-socket = 一个套接字
file-kind-other = 一个特殊文件
file-kind-broken-link = 一个指向不存在文件的链接
file-kind-missing = 一个已不存在的文件
load-too-deep = 这里嵌套了 { $depth } 层：内容文件最多 { $max } 层（事项文件只需 4 层）；是不是粘贴了别的数据？
load-tag = YAML 标记 `{ $tag }` 在内容文件中不能使用：它会改变值的读法（例如把文字当作 base64 解码）
load-tag-hint = 删去 `{ $tag }`；如果它是文字的一部分，请给整个值加上引号
load-unexpected-top = 多余的文件：汇报写在 meeting.yaml 中，每个附件各有一个文件夹（content/附件/_annex.yaml）
load-unexpected-deep = 多余的文件：事项文件直接放在所属附件的文件夹中（content/附件/事项.yaml）
load-empty = 内容文件夹是空的：请新建 meeting.yaml，每个附件一个文件夹（含 _annex.yaml），每个事项一个文件（`huibao init 文件夹` 可生成示例）
load-no-meeting = 缺少 meeting.yaml：请新建，写明 meeting、material、title、presenter、years、background、overview 和 closing
load-too-big = 文件有 { $kb } KB，内容文件最多 { $max } KB（每个文件一个事项；是否粘贴了大段数据？）
load-alias = YAML 别名（*名称）：内容中的每段文字都要写全，不读取别名
load-alias-hint = 把 *名称 换成它所代表的文字
load-duplicate-key = 同一层中写了两次：请只保留一个
load-control = 此处有控制字符 { $code }，无法打印：请删除
load-not-utf8 = 不是有效的 UTF-8 编码（字节 { $byte }）：请把文件另存为 UTF-8
load-gbk = 这个文件是 GBK 编码（记事本等程序保存中文的旧编码），不是 UTF-8：第 { $line } 行读作「{ $text }」。请用记事本打开它，“另存为”时把“编码”选为 UTF-8

## 字段的值

limits-control = 含有控制字符 { $code }，无法打印：请删除
limits-spaces = 含有制表符或连续空格：PDF 中只显示为一个空隙（工作簿中按原样保留）
limits-spaces-hint = 只写一个空格，汉字之间不要空格；需要换行时另起一行
limits-ascii-punctuation = 汉字之间用了半角的 `{ $ascii }`：公文应使用全角的 `{ $full }`
limits-ascii-punctuation-hint = 把 `{ $ascii }` 改为 `{ $full }`（这里只指出第一处，请检查全文）
limits-cell-chars = 共 { $chars } 个字符：一个表格单元格最多 { $max } 个字符（Excel 的上限）；请删减，或分成几行

## 由内容生成的文件名

name-blank = 文件名不能为空
name-too-long = 长 { $bytes } 字节：由它生成的文件名最多 { $max } 字节（约 { $chars } 个汉字）；请缩短
name-control = 含有控制字符 { $code }：文件名中不能有
name-invalid-char = 含有 `{ $char }`，Windows 不允许文件名中出现：请删去或改用全角字符
name-trailing-dot = 以句点或空格结尾，Windows 会把它从文件名中去掉：请删去
name-device = `{ $device }` 是 Windows 的设备名：这样命名的文件在 Windows 上打不开；请换一个名称

## 检查内容

check-annex-number-taken = 附件编号 { $number } 已被 { $file } 使用
check-blank = 不能为空
check-department-twice = { $name } 列了两次
check-no-years = 请至少列出一个计划年度，例如 [2023, 2024, 2025]
check-implausible-year = { $year } 不像是一个年份
check-years-order = 年度要从小到大排列，不能重复
check-date = `{ $date }` 不是日期，应写成 2023-09-01 这样
check-annex-number-zero = 附件编号从 1 开始
check-note-number = 开头写了序号 `{ $number }`：说明会自动编号，这个序号已略去
check-note-number-hint = 只写说明的文字，不写序号
check-folder-meeting = 附件文件夹不能叫 `{ $folder }`：在某些磁盘上它的文件会覆盖 meeting.pdf；请给文件夹改名
check-folder-name = 文件夹名{ $problem }
check-no-annex-file = 缺少 _annex.yaml：每个附件文件夹都要有（number、partner、title、short_title、heading、report、notes）
check-no-items = 这个附件没有事项：请在 _annex.yaml 旁边为每个合作事项建一个 YAML 文件
check-seq-taken = 序号 { $seq } 已被 { $file } 使用
check-seq-range = 序号 { $seq } 超出范围：序号应为 1 到 { $count }
check-seq-gap = 序号 { $seq } 不连续：序号应为 1 到 { $count }，没有事项的序号是 { $missing }
check-no-plans = 这个事项在任何年度都没有计划：计划各列将是空的
check-no-plans-hint = 在某一行加上 `plans:` 和年度（2024: …）；如果此事项未列入，请标上 `excluded`
check-no-rows = 一个事项至少要有一行（content: …）
check-too-many-rows = 共 { $rows } 行：一个事项最多 { $max } 行（请拆成几个事项）
check-excluded-no-feedback = 未列入的事项至少要有一个部门的反馈意见（{"{"}by: 环保处, text: …{"}"}）
check-excluded-field = 未列入的事项各行只写 content：请删去这个字段，或删去事项的 `excluded`
check-no-lead-dept = 缺少牵头部门：请写明
check-range-backwards = 年度范围 { $range } 前后颠倒了
check-range-short = 年度范围 { $range } 的后一年要写全四位
hint-change = 把 `{ $from }` 改为 `{ $to }`
check-not-a-plan-year = { $outside } 不是 meeting.yaml 中的计划年度（years: { $years }）
check-plan-overlap = 与 { $range } 的计划重叠：每个年度只有一个计划
check-department-name = `{ $name }` 不能作为部门：名称{ $problem }（每个部门会生成一个以其名称命名的工作簿）
check-several-departments = `{ $name }` 看起来是把几个部门写在了一项里
check-several-departments-hint = 每项写一个部门：把 `{ $name }` 改为 `{ $list }`
check-lead-and-support = `{ $name }` 已是本行的牵头部门，又列为配合部门：表中会出现两次
check-lead-and-support-hint = 把 `{ $name }` 从 support_depts 中删去
check-title-years = 这里写的是 { $written }，而 meeting.yaml 的计划年度（years）是 { $first } 到 { $last }
check-title-years-hint = 把 { $written } 改为 { $fixed }（如果年度范围就是这样，请改 meeting.yaml 的 years）
check-unknown-department = `{ $name }` 不在 meeting.yaml 列出的部门中
check-did-you-mean = 是不是 { $name }？
check-new-department-hint = 如果这是新部门，请把它加到 meeting.yaml 的 `departments` 中
check-same-file-folder = `{ $name }` 和 `{ $first }`（{ $place }）在不区分大小写和全半角的 Windows、macOS 磁盘上是同一个文件 { $file }：请把附件文件夹写成一样，或让它们的差别不止于大小写、全半角和 Unicode 写法（如 é 与 e+´、六 与其兼容字）
check-same-file-department = `{ $name }` 和 `{ $first }`（{ $place }）在不区分大小写和全半角的 Windows、macOS 磁盘上是同一个文件 { $file }：请把部门名称写成一样，或让它们的差别不止于大小写、全半角和 Unicode 写法（如 é 与 e+´、六 与其兼容字）

## YAML 解析器发现的问题

yaml-unknown-field = 没有 `{ $name }` 这个字段
yaml-missing-field = 缺少字段 `{ $name }`：请补上
yaml-plan-key = 计划的键 `{ $key }` 不是年度（2024）或年度范围（2023-2025）
yaml-invalid-type = 这里应为{ $expected }，写的却是{ $found }
yaml-found-text = 文字 { $text }
yaml-found-number = 数字 { $number }
yaml-found-nothing = 空值
yaml-found-list = 列表
yaml-found-map = 字段（键: 值）
yaml-found-boolean = 是/否
yaml-expect-number = 整数
yaml-expect-list = 列表
yaml-expect-text = 文字
yaml-expect-departments = 一个部门（环保处）或部门列表（[环保处, 监测站]）
yaml-expect-plans = 按年度写的计划（2024: …）
yaml-expect-plan-key = 年度（2024）或年度范围（2023-2025）
yaml-expect-map = 字段（键: 值）
yaml-colon-in-value = 值里有 `: `，或这一行缩进过多：YAML 会把它当成新的键
yaml-too-deep = 嵌套层次太深：内容文件只有几层字段和列表
yaml-expected-key = 这一行和周围的字段没有对齐
yaml-expected-dash = 这一行和周围的列表项（- …）没有对齐
yaml-expected-colon = 键后面缺少 `: `（或文字延续到了下一行）
yaml-bad-character = 值不能以这个字符开头（制表符，或 ` @ %）
yaml-unclosed = 有引号或括号没有闭合，一直到文件末尾
yaml-expected-value = 这里缺少值
yaml-dash-after-key = 列表项（- …）写在了键的同一行：请从下一行开始写列表
yaml-empty = 文件是空的
yaml-other = 无法读取这段 YAML：{ $detail }
yaml-tab = 这一行有制表符：YAML 只能用空格缩进，请换成空格
yaml-hint-too-far = 这一行比上面的 `{ $key }:` 缩进得多：请与 `{ $key }:` 对齐
yaml-hint-quote = 值里有 `: `，YAML 会把它当成新的键：请加上引号：{ $line }
yaml-hint-row-field = `{ $key }` 缩进过多：它属于这一行，不属于 plans；请与 `plans:` 对齐
yaml-hint-plan-key = 年度只写数字：{ $key }: …
yaml-hint-plan-year = `{ $key }` 像是计划年度：请缩进到 `plans:` 下面，比 `plans:` 多两个空格
yaml-hint-allowed = 这里可用的字段：{ $keys }
yaml-hint-digits = 用阿拉伯数字书写，例如 seq: 3 或 years: [2023, 2024, 2025]

## 在出错行上识别的常见笔误

slip-write-line = 应写成：{ $line }
slip-broken-line = 这一行不是字段：像是上一行的文字中间断了行（从 Word 粘贴时常见）；YAML 会在下一行才报错
slip-join-line = 接回上一行：{ $line }
slip-quote-inside = `{ $key }` 的值以 { $quote } 开头，文字中间又有 { $quote }：YAML 在第二个 { $quote } 处就结束了这段文字
slip-comment-cuts = `{ $key }` 的值中 ` #` 之后被 YAML 当作注释：`{ $dropped }` 不会印出
slip-comment-cuts-hint = 如果这是正文的一部分，请加上引号：{ $line }
slip-fullwidth-indent = 这一行用全角空格（　）缩进：YAML 只能用半角空格缩进
slip-fullwidth-colon = `{ $key }` 后面是全角冒号“：”：YAML 要用半角冒号加一个空格“: ”
slip-no-space = `{ $key }:` 的冒号后面要有一个空格，否则 YAML 把整行当成一段文字
slip-dash-space = 列表项的 `-` 后面要有一个空格
slip-null = `{ $key }: { $value }` 在 YAML 中表示“空”，但这个字段必须写出文字
slip-curly-quotes = `{ $key }` 的值两端是中文引号，会原样印出
slip-curly-quotes-hint = 如果引号不需要印出，应写成：{ $line }
slip-indent-more = 这一行比上面的 `{ $key }` 多缩进了一个空格：YAML 靠缩进区分层级
slip-indent-less = 这一行比上面的 `{ $key }` 少缩进了一个空格：YAML 靠缩进区分层级

## 命令

build-wrote = 已写出 { $file }
build-removed = 已删除 { $file }（不再生成）
build-summary = 写出 { $written } 个文件，{ $unchanged } 个未变，位于 { $folder }
build-stage-time = { $stage } { $ms } 毫秒
clean-removed = 已删除 { $file }
clean-summary = 已从 { $folder } 删除 { $count } 个文件
new-wrote = 已写出 { $file }：请填写内容，然后运行 huibao check
init-wrote = 已在 { $folder } 中写出 { $count } 个文件；生成材料：cd { $cd } && huibao build
init-from-wrote = 已从 { $annexes } 个表格读出 { $items } 个事项，写入 { $folder }/content；请先补上 meeting.yaml 中标“必填”的几项，然后：cd { $cd } && huibao check
init-from-unplaced = 有 { $count } 个单元格未放入内容（见上）：请把其中的文字手工补到对应文件中
from-cell-sheet = { $file } 工作表“{ $sheet }” { $cell }
from-cell-word = { $file } 表格 { $table } 第 { $row } 行第 { $col } 列
from-sheet = { $file } 工作表“{ $sheet }”
from-word-table = { $file } 表格 { $table }
from-refused = { $file }：无法作为表格读取：{ $why }
from-not-a-table-file = 不是 .xlsx 或 .docx 文件：请在 Excel、WPS 或 LibreOffice 中打开，另存为 .xlsx（工作簿）或 .docx（Word 文档）后再试
from-damaged = 无法作为工作簿或 Word 文档打开（文件已损坏，或是改了扩展名的其他文件）：请在 Excel、WPS 或 LibreOffice 中打开，重新另存为 .xlsx 或 .docx
from-too-big = 表格太大（{ $rows } 行、{ $cols } 列）
from-no-table = { $file }：没有找到列标题含“序号”或“事项”以及“对口合作交流内容”的表格：这是附件表吗？
from-unplaced = 警告：{ $place }：“{ $text }”：{ $why }
from-why-above = 表格上方的文字，既不是“附件N”也不是表格标题：未放入
from-why-no-item = 这一行既没有序号也没有事项，不清楚属于哪个事项：未放入
from-why-column = 列标题“{ $header }”不是 huibao 的列：未放入
schema-wrote = 已写出 { $files }
    在内容文件第一行写上 `{ $line }`（路径相对于该 YAML 文件）
schema-which = 请指明 schema（meeting、annex 或 item），或用 --out 文件夹 写出全部三个
templates-not-found = { $folder }：找不到模板文件夹（去掉 --templates 即使用内置模板）
watch-cannot = 无法监视改动：{ $error }
watch-fixed = —— 问题已解决
watch-watching = 正在监视 { $folders } 的改动（按 Ctrl-C 停止）
watch-built = 生成用时 { $ms } 毫秒：
watch-rebuilt = 重新生成用时 { $ms } 毫秒：
watch-nothing = 没有变化
watch-wrote = 写出 { $files }
watch-removed = ；删除 { $file }
check-valid = { $folder } 检查通过：{ $annexes } 个附件，{ $items } 个事项，{ $rows } 行
fonts-bundled = 字体：随附字体（AR PL SungtiL GB、KaitiM GB、文泉驿微米黑及后备字体）
fonts-installed = 字体：已安装的 { $families }；其余用随附字体

## 生成的各阶段（-v 与进度条）

stage-load = 读取
stage-validate = 检查
stage-rendering = 正在渲染
stage-writing = 正在生成文件
stage-saving = 正在保存
stage-render = 渲染
stage-layout = 排版
stage-pdf = PDF
stage-xlsx = XLSX
stage-docx = Word
stage-write = 写出
stage-writers-wall = 写出器总用时
stage-reading-content = 正在读取内容

init-exists = { $path } 已存在：init 只新建项目

stage-drawing = 正在绘制

yaml-unclosed-list = 列表的 `[` 没有用 `]` 闭合
yaml-unclosed-map = `{"{"}` 没有用 `{"}"}` 闭合
check-title-twice = 本附件已有名为“{ $title }”的事项（{ $file }）：表中会出现两次
check-title-twice-hint = 每个事项用不同的名称，或把两个文件合并为一个有几行的事项

## import

import-nothing = 未导入任何内容
import-new-file = { $file }（新字段）
import-conflict = 冲突：
import-conflict-why = 自 { $origin } 生成以来，内容中这一行已有改动：未写入（加 --force 则写入工作簿中的文字）
import-summary = { $files } 个文件中共 { $changes } 处改动
import-summary-conflicts = （其中 { $conflicts } 处冲突）
import-run-write = ；加 --write 再运行一次即可写入
import-does-not-check = 导入的文字未通过检查，因此什么也没有写入：请改正工作簿或内容后重新导入
import-wrote = 已把 { $changes } 处改动写入 { $files } 个文件；内容检查通过
import-wrote-conflicts = （{ $conflicts } 处冲突未写入）

## 输出文件夹

output-locked-hint = 请在打开它的程序（Word、WPS、Excel、PDF 阅读器）中关闭这个文件，然后重新生成
output-inside-source = { $output }：输出文件夹位于 { $what } 文件夹 { $source } 之内；请另选一个（--output output）
path-outside = { $folder } 中的 `{ $path }`：{ $why }；huibao 不在文件夹之外删除、移动或写入任何文件，这一项不动
path-not-plain = 不是文件夹内的相对路径
path-link = { $link } 是一个符号链接，经由它会到文件夹之外

## changes

changes-internal-field = { $field }（内部名单，不印在材料中）
changes-working-tree = 工作区
changes-docx-needs-out = --format docx 会写出文件：请用 --out 指定，例如 --out 修改说明.docx
changes-heading = { $content } 的改动：从 { $old } 到 { $new }
changes-none = 内容没有改动

## git 与环境变量

git-missing = 无法运行 git（{ $error }）：比较版本需要安装 git
git-no-content = { $folder }：找不到内容文件夹
git-no-repo = { $folder }：不在 git 仓库中：`huibao changes` 比较的是用 git 管理的内容的各个版本（git init、git add、git commit）
git-refused = { $folder }：git 拒绝读取这个文件夹，原话是：{ $said }
git-no-revision = `{ $rev }`：{ $repo } 中没有这个版本
git-no-commit = { $repo } 还没有提交过版本，没有可比较的：先把内容提交一次（git add content templates，再 git commit -m "初稿"），改动之后再运行 huibao changes
git-too-large = { $file }：该版本中有 { $bytes } 字节，超过内容文件上限 { $max } MB：未比较
env-malformed = 环境变量 { $name } 的值是 `{ $value }`：应为{ $what }；请改正或删除
env-not-text = 环境变量 { $name } 不是有效的文字：应为{ $what }
env-number = 整数
env-threads = 线程数（整数，例如 2）
env-epoch = 自 1970-01-01 UTC 起的整秒数，例如 1700000000
env-cannot-enter = { $folder }：无法进入项目文件夹

list-annex = 附件{ $number } { $partner }  { $folder }：{ $items } 个事项，{ $rows } 行，{ $excluded } 个不纳入
fonts-col-font = 字体
fonts-col-from = 来源
fonts-col-role = 样式
fonts-col-chain = 字体链
fonts-installed-else = 已安装的 { $family }，否则 { $file }
fonts-installed-only = 已安装的 { $family }

## 交回的工作簿与安全写入

import-error-value = { $place } 是错误值 { $value }：请直接输入文字，不要用公式
import-formula-empty = { $place } 是公式 ={ $formula }，没有保存值（或值为空）：请直接输入文字，不要用公式
import-formula = { $place } 是公式 ={ $formula }：按其值作为文字读取
import-typed-value = { $place } 输入后变成了{ $kind }，读作 `{ $shown }`；{ $advice }
import-kind-formula = 公式的结果
import-kind-percent = 百分数
import-typed-not-written = （这个单元格输入后变成了{ $kind }：--write 不写入，除非加上 --force）
import-wrote-typed = （{ $typed } 处输入后变成了数字、日期或公式，未写入；确认无误后加 --force）
import-locked-not-written = （这是锁定的列：由办公室在内容中修改，导入不写入；如果同意，请改 YAML 文件中的这一项）
import-wrote-locked = （{ $locked } 处改在锁定的列中，未写入）
import-advice-number = 请把单元格设为文本格式后重新输入（例如 2025.10 才不会变成 2025.1）
import-advice-date = 请把日期作为文字输入：先把单元格设为文本格式，再输入 2025年6月30日 或 2025.6
import-advice-time = 请把时间作为文字输入：先把单元格设为文本格式，再输入 9:30
import-advice-percent = 如果原来是百分数，请先把单元格设为文本格式，再输入 50%
import-advice-percent-shown = 读作它显示的样子；要让它保持为文字，请先把单元格设为文本格式再输入
import-advice-boolean = 请把单元格设为文本格式后重新输入文字
transaction-read-only = { $file }：文件是只读的；改为可写后才能导入
transaction-hard-links = { $file }：文件还有其他名称（硬链接），安全替换会使它们分开；请把它复制成一个独立的文件后再导入
transaction-waiting = 正在等待另一个 huibao 写完 { $folder }……
transaction-all-old = 没有替换任何文件：每个文件都保持原样
new-no-annex = { $folder }：没有这个附件文件夹；新建一个：huibao new --annex { $annex } 伙伴名称
renumber-unparsed = { $folder }：其中有事项文件无法读取或没有序号：请先修正（huibao check 会说明），再重新编号
renumber-name-taken = { $file } 将改名为 { $taken }，但已有这个文件：请先改掉其中一个的名称，再重新编号
renumber-no-seq = 序号不是一个数字（如 seq: 3）：请这样写，再重新编号
renumber-moved = { $file }：序号 { $old } → { $new }
renumber-moved-renamed = { $file } → { $to }：序号 { $old } → { $new }
renumber-summary = 已重新编号 { $count } 个事项
renumber-nothing = 各附件的序号已是 1、2、3……连续编号，无需改动
new-at-range = --at { $at }：本附件的事项只能放在第 1 到第 { $last } 位
check-seq-gap-hint = 按现有顺序重新编号：`huibao renumber { $annex }`
new-no-title = 请给事项一个名称，例如 huibao new yongan "环保宣传"
new-bad-slug = `{ $slug }` 不能作文件夹名：只用字母、数字和 -（例如 sanming）
new-exists = { $path } 已存在
import-kind-duration = 时长
import-kind-time = 时间
import-kind-date = 日期
import-kind-boolean = 逻辑值
import-kind-number = 数字

import-no-file = { $file }：没有这个文件
import-unreadable = { $file }：不是 huibao 能读取的工作簿：{ $detail }
import-sheet-skipped = 工作表“{ $sheet }”不读取：导入只读工作表“{ $data }”
import-no-data-sheet = { $file }：没有工作表“{ $data }”：导入只读 huibao 生成的附件工作簿和部门工作簿
import-sheet-unreadable = { $file }：工作表“{ $data }”：{ $detail }
import-no-key-column = { $file }：工作表“{ $data }”没有“{ $column }”列（隐藏的最后一列）：导入只读 huibao 生成的工作簿
import-added-row = 工作簿中新增的一行（没有键）：不导入；请在内容中把它加到事项的 rows，或用 huibao new 新建事项
import-added-row-under = 工作簿中在 { $item }下新增的一行（没有键）：不导入；请在内容中把它加到该事项的 rows，或用 huibao new 新建事项
import-same-key = 第 { $rows } 行带有相同的键（在工作簿中复制了行？）：都不导入；只保留一行后重新导入（{ $key }）

import-refused = { $file }：{ $why }：不读取这个工作簿
import-doc-refused = { $file }：{ $why }：不读取这个文件
import-doc-old-format = 这是 Word 97–2003（.doc）或 WPS（.wps）格式：请在 Word 或 WPS 中打开，选择“另存为”→“Word 文档（*.docx）”，再导入另存的文件
import-doc-not-docx = 不是 Word 文档（.docx）：请在 Word 或 WPS 中另存为“Word 文档（*.docx）”后再导入
import-doc-unmarked = { $file }：没有 huibao 的标记（不是 huibao 生成的 Word 文件，或保存它的程序删去了书签）：什么也没有导入；请在 huibao 生成的 Word 文件上修改后再导入
import-doc-foreign = { $file }：其中的字段没有一个属于这份内容（是另一个项目生成的 Word 文件？）：什么也没有导入
import-doc-comment = { $place } 有批注（{ $author }）：“{ $comment }”——批注不导入；请按批注改好正文后再导入，或直接修改内容文件
import-doc-merged = { $places } 在 Word 中合并成了一段（“{ $text }”）：不导入；请在内容中修改相应字段
import-doc-added = 新增的段落“{ $text }”：不导入；新增的文字请写进内容文件（如 meeting.yaml）
import-doc-added-cell = 表格中新增的文字“{ $text }”（新增的行，或由模板生成的空白单元格）：不导入；请在内容中写进相应事项的 rows
import-doc-template-edited = { $place }（“{ $text }”）是模板生成的文字，改动不能导入：请改 templates/ 中的模板，或改它所用的内容字段
import-doc-field-gone = { $place }（“{ $text }”）所来自的字段已不在内容中（Word 文件生成后删除或改名）：不导入
import-doc-around-edited = { $place }（“{ $text }”）中由模板生成的部分也改动了：不导入；请只改字段的文字，或改模板
import-doc-deleted = Word 中删除了 { $count } 个段落或单元格（{ $places }）：删除不导入；如确要删除，请在内容中删去相应字段
import-doc-revisions = 有 { $count } 处修订尚未接受：huibao 按全部接受后的文字导入；不同意的修订，请先在 Word 中拒绝再导入
import-doc-change-revisions = （含 { $count } 处未接受的修订，按接受后的文字读取）
import-too-large = { $bytes } 字节，超过 { $mb } MB
import-too-many-parts = 文件中有 { $parts } 个部件
import-part-too-large = { $part } 解压后超过 { $mb } MB
import-bad-xml = XML 无法读取（{ $detail }）
import-cell-past-rows = 单元格 { $place } 有内容，远在表格之外（第 { $row } 行；这个项目的表格不超过 { $max } 行）：请删掉表格以外的内容再发回
import-cell-past-columns = 单元格 { $place } 超出了 huibao 工作簿可用的 { $max } 列

import-foreign-key = 键“{ $key }”不是 huibao 写入的
import-moved = { $place } 现在是 { $now }（工作簿生成后改名或移动过）：按内容匹配
import-row-gone = { $file } 第 { $row } 条已不在内容中（工作簿生成后删除或改名）：不导入
import-origin = { $file } 第 { $row } 行
import-source = { $origin }：“{ $value }”
list-separator-long = ；
import-disagree = { $field }：交回的文件互相矛盾（{ $sources }）：都不导入；请商定后只导入正确的那一份
import-row-missing = { $seq }. { $title }（第{ $row }条，{ $file }）不在工作簿中（在那里删除了？）：内容保留它；如确要删除，请在 YAML 中删去
import-excluded-by-hand = “纳入”和“不纳入原因”不导入：请在 { $file } 中手工修改 `excluded`
import-unknown-column = { $place } 的列名 `{ $title }` 不是 huibao 生成的（改过名，或是新加的列）：这一列中填写的内容不会读取；请把列名改回原样
import-missing-column = { $sheet } 中没有 `{ $title }` 列（删掉了，或改了名）：这一列的修改无法读回
import-excluded-filled = 这个事项未纳入（不纳入），只保留对口合作交流内容：{ $columns } 中填写的内容不会写入；如果要纳入，请在 { $file } 中删去 `excluded`
import-plan-span = { $field }：{ $years } 的计划跨多个年度，而工作簿只改了其中几年：请在 { $file } 中手工拆分
import-changed-meanwhile = { $file }：导入读取后文件又被修改（期间在编辑器中保存过？）：什么也没有写入；请重新导入
import-outside-content = { $file }：不在内容文件夹 { $folder } 中

import-print-changed = { $place }：“{ $old }” → “{ $new }” 是在打印工作表上改的，打印表不导入：请在“{ $data }”工作表中修改后重新导入

edit-two-changes = 同一个值有两处修改
edit-unclosed-quote = 引号没有闭合
edit-unclosed-list = 列表没有闭合
edit-block-without-mark = 文本块缺少 | 或 > 标记
edit-no-parent = { $path }：没有可以添加到的字段
edit-parent-missing = { $path }：文件中没有“{ $parent }”
edit-parent-flow = { $path }：“{ $parent }”写成了 {"{"}…{"}"} 的形式
edit-parent-empty = { $path }：“{ $parent }”是空的
edit-old-unparsed = 文件无法解析：{ $detail }
edit-no-place = { $path }：文件中没有这个位置
edit-new-unparsed = 修改后的文件将无法解析：请手工修改
edit-not-in-place = { $fields } 无法在不改动其他行的情况下原地修改：请手工修改

yaml-at-line = { $message }（第 { $line } 行第 { $column } 列）

style-size-range = 字号 { $size } 不是 0 到 200 之间的磅值
style-unknown-zihao = 未知字号“{ $name }”：请用磅值（例如 16）或以下之一：{ $names }
style-unknown-font = { $field }：“{ $font }”不是已定义的字体（{ $fonts }）
style-no-font = roles.{ $role }.font：至少要写一个字体
style-long-chain = roles.{ $role }.font：字体链有 { $fonts } 个字体，最多只试 { $max } 个
style-text-block = pages.{ $pages }：页边距只留下 { $width } × { $height } 毫米的版心，至少需要 30 × 30 毫米
style-line-pitch = roles.{ $role }.line_pitch：必须在 0 到 500 磅之间
style-padding = table.padding：必须在 0 到 20 毫米之间
style-number = { $field }：数值 { $value } 不在 { $min } 到 { $max } 之间
style-role-required = roles：必须有样式“{ $role }”
style-too-many-roles = roles：样式超过 65535 个
theme-no-builtin = { $name }：没有这个内置文件
theme-unreadable = { $file }：无法读取：{ $detail }
theme-builtin-name = { $name }（内置）

markup-error = { $template }：{ $message }
    {"  "}输出第 { $row } 行：{ $line }
markup-unparsed = 模板生成的标记无法解析：{ $detail }
markup-loose-text = <{ $element }> 中不能直接写文字
markup-root = 根元素必须是 <document>
markup-not-section = <document> 中不能用 <{ $element }>：请用 <section>
markup-orientation = 方向“{ $value }”：请用 portrait（纵向）或 landscape（横向）
markup-unknown = <{ $element }> 不属于 huibao 的标记
markup-unknown-class = class“{ $class }”不是 style.yaml 中的样式
markup-not-in-text = 文字中不能用 <{ $element }>
markup-span = { $attribute }="{ $value }" 必须是不小于 1 的整数
markup-not-tr = 这里不能用 <{ $element }>：请用 <tr>
markup-not-cell = <tr> 中不能用 <{ $element }>：请用 <td> 或 <th>
markup-rowspan-past = rowspan="{ $rowspan }" 超出了所在 <tbody> 的末尾
markup-row-width = 这一行占 { $covered } 列，而表格有 { $columns } 列（<col> 元素）
markup-col-width = <col class="{ $class }"> 在 style.yaml 中没有宽度（table.columns）
markup-not-in-table = <table> 中不能用 <{ $element }>
markup-no-colgroup = 表格需要一个 <colgroup>，每列一个 <col class="…">

cause-separator = ：
tera-failed-render = 无法生成“{ $name }”
tera-failed-parse = 无法解析“{ $name }”
tera-template-missing = 没有模板“{ $name }”
tera-filter-failed = 过滤器“{ $name }”出错
tera-filter-missing = 没有过滤器“{ $name }”
tera-test-missing = 没有测试“{ $name }”
tera-function-failed = 函数“{ $name }”出错
tera-function-missing = 没有函数“{ $name }”
tera-variable-missing = 生成“{ $template }”时找不到变量“{ $name }”
render-too-long = 生成的文字超过 { $max } 个字符：这么长的段落是写错了
render-cycle = 模板（templates/）中的包含或宏调用成环：{ $path }：会无限递归；请去掉其中一处 include 或宏调用
render-range-loops = 模板 { $template } 中的 range 循环相互嵌套，或超过 { $max } 次：输出会无限增长；请改为遍历内容中的列表
render-expression = 模板表达式：{ $detail }
render-context = 模板数据：{ $detail }
guard-nesting = 嵌套超过 { $max } 层：请简化表达式
guard-call-nesting = 调用嵌套超过 { $max } 层（f(x=g(y=h(…)))）：请简化表达式
guard-refused = 内容中不能用{ $what }：文字中只能用变量、过滤器、算术、`if`，以及对内容中列表的 `for`
guard-what-loops = 超过 { $max } 层的 `for` 循环
guard-what-literal-loop = 对 `range(…)` 或直接写出的列表的循环
guard-what-tag = `{ $tag }`
guard-what-macro = 宏
guard-what-filter-section = `filter` 段
guard-what-macro-call = 调用宏 `{ $name }`
guard-what-function = 函数 `{ $name }`
guard-function-off = 函数 `{ $name }` 不可用：huibao 的输出只取决于内容
tera-variable-unknown = 找不到变量“{ $name }”

font-unreadable-file = 字体“{ $font }”：无法读取 { $file }：{ $detail }
font-unusable = 字体“{ $font }”：不是可用的字体（第 { $face } 个字面）：{ $detail }
font-unreadable = 字体“{ $font }”无法读取
font-subsetting = 字体“{ $font }”：子集化失败：{ $detail }
font-not-installed = 字体“{ $font }”：没有安装名为“{ $family }”的字体，也没有可替代的 `file`
font-stands-in = 没有安装名为“{ $family }”的字体：用 { $file } 代替，因此本机生成的文件与装有该字体的机器不同
font-no-source = 字体“{ $font }”：请给出 `file` 或 `system` 字体名
font-file-missing = 字体“{ $font }”：找不到 { $file }
font-missing-glyph = 字符“{ $char }”（U+{ $code }）不在样式 { $role } 的任何字体中（{ $fonts }）：请换一个字符，或在 style.yaml 中把含有它的字体加到该样式的字体链
changes-no-role = style.yaml 中没有修改说明所需的样式“{ $role }”
new-control-character = { $what }含有 { $char }（换行或控制字符）：请写在一行内，不要用控制字符
new-what-title = 事项名称
new-what-partner = 合作地名称

internal-error = 内部错误（huibao 的缺陷，请连同这条消息报告）：{ $detail }
pdf-page-number-not-text = 页码必须是文字
pdf-page-number-glyph = 页码无法显示“{ $char }”：页码样式的字体中没有这个字符
pdf-no-text = 文档中没有文字
pdf-no-pages = 文档没有页面
xlsx-no-table = XLSX：附件模板中没有表格
git-failed = git：{ $detail }
io-create = { $file }：无法创建：{ $detail }
io-remove = { $file }：无法删除：{ $detail }
io-read = { $file }：无法读取：{ $detail }
io-write = { $file }：无法写入：{ $detail }
io-replace = { $file }：无法替换：{ $detail }
io-open-lock = { $file }：无法打开锁文件：{ $detail }
io-lock = { $file }：无法加锁：{ $detail }
yaml-expect-fonts = 一个字体名（song）或按顺序尝试的字体名列表（[song, ming, hei]）
io-kind-with-code = { $reason }（系统错误 { $code }）
io-kind-not-found = 没有这个文件或文件夹
io-kind-permission = 没有权限
io-kind-exists = 文件已存在
io-kind-full = 磁盘空间不足
io-kind-read-only = 文件系统是只读的
io-kind-directory = 这是一个文件夹
io-kind-not-directory = 不是文件夹
io-kind-not-empty = 文件夹不是空的
io-kind-in-use = 文件正被另一个程序打开
io-kind-busy = 设备或资源正忙
yaml-field-message = { $field }：{ $message }
import-item-label = { $seq }. { $title }（{ $file }）
cli-error-unknown-argument = 错误: 无法识别参数“{ $arg }”
cli-error-unknown-command = 错误: 没有“{ $command }”这个命令
cli-error-no-value = 错误: { $arg } 需要一个值
cli-error-invalid-value = 错误: “{ $value }”不是 { $arg } 可用的值
cli-error-valid-values = （可用：{ $values }）
cli-error-missing = 错误: 缺少必需的参数：{ $args }
cli-error-missing-command = 错误: 缺少命令；可用的命令见 huibao --help
cli-error-conflict = 错误: { $arg } 不能与 { $other } 同时使用
cli-error-values = 错误: { $arg } 的值的个数不对
cli-error-other = 错误: 命令行有误：{ $detail }
cli-error-did-you-mean = {"  "}提示：是不是要用“{ $suggestion }”？
cli-error-usage = 用法：{ $usage }
cli-error-more = 更多信息请运行 huibao --help
cli-usage-options = [选项]
cli-usage-command = <命令>
cli-heading = { $name }：
changes-added = 新增：{ $title }（{ $file }）
changes-removed = 删除：{ $title }（{ $file }）
changes-item = { $title }（{ $file }）
changes-field = { $label }，第 { $line } 行：
changes-count = 共 { $files } 个文件：修改 { $changed }，新增 { $added }，删除 { $removed }
serve-part-report = 汇报
serve-part-annex = 附件{ $number }
serve-edit-not-content = { $file } 不是本项目的内容文件：页面上只能修改内容文件中的字段
serve-edit-conflict = { $file } 在页面显示之后已被修改（在编辑器中保存过？）：没有写入。页面更新后请重新修改
serve-edit-no-field = 字段 { $field } 不能在页面上修改：请在 YAML 文件中修改
serve-edit-rolled-back = 修改后内容无法生成，已恢复原文件：没有写入
serve-cannot-listen = 无法在本机端口 { $port } 上提供预览：{ $error }。请换一个端口（--port）或不指定端口
serve-listening = 预览地址：{ $url }（只有本机可以访问；按 Ctrl-C 停止）
serve-ui-parts = 目录
serve-ui-problems = 内容有问题，下面显示的是上一次成功生成的页面。改正后会自动更新：
serve-ui-file = 文件
serve-ui-line = 行
serve-ui-field = 字段
serve-ui-save = 保存
serve-ui-close = 关闭
serve-ui-template = 这段文字由模板生成（标题、表头、编号等），不能在页面上修改。
serve-ui-several = 这段文字同时出现在以下几个字段中，无法确定是哪一个：请在 YAML 文件中修改。
serve-ui-changed = 文件在页面显示之后已被修改：页面更新后再修改。
serve-ui-saved = 已保存，正在重新生成……
serve-ui-near = 这段文字由下面字段中的模板表达式生成：请在 YAML 文件中修改。
serve-ui-stale = 页面已更新，请再点一次。
serve-ui-header = huibao 预览
cli-serve-about = 先生成一次，然后在浏览器中按打印效果显示材料，每保存一次就重新生成并更新页面，直到按 Ctrl-C 停止；点击段落或表格单元格可查看出处并直接修改
cli-serve-examples =
    示例：
      huibao serve --open          生成后在浏览器中打开预览
      huibao serve --port 8000     在 http://127.0.0.1:8000/ 提供预览
cli-serve-arg-port = 本机 127.0.0.1 上的端口（默认：任选一个空闲端口）
cli-serve-arg-open = 在系统默认浏览器中打开预览页面
serve-ui-part = 页面上这段文字还包括模板加上的编号、标点或其他字段；下面只修改这一个字段。
serve-ui-composed = 这段文字由模板把以下几个字段组合而成：请在 YAML 文件中逐个修改。
changes-material-unbuilt = { $version } 无法生成（有 { $problems } 个问题，运行 huibao check 查看）
changes-material = 材料中读者看到的变化（按文档顺序，用当前模板生成两版对比）：
changes-material-none = 材料中读者看到的文字没有变化。
changes-material-skipped = 材料未对比：{ $why }。
