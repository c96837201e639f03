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
cli-about = 由 YAML 内容生成会议材料（汇报和附件表），输出 PDF 和 XLSX
cli-examples =
    示例：
      huibao check                 检查 content/，列出全部问题
      huibao list --content ../c   列出另一个内容文件夹的附件、事项和行
      huibao build                 在 output/ 中生成 PDF 和 XLSX 文件
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
cli-check-about = 执行 build 的全部检查（内容、模板、样式、字体、排版），但不写出文件
cli-check-examples =
    示例：
      huibao check --content content
cli-check-arg-deny_warnings = 有警告也视为失败（退出码 1），例如在内容仓库的 CI 中
cli-build-about = 检查、排版并把输出（PDF、XLSX 和标记文件）写入输出文件夹
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
cli-init-arg-dir = 要新建的文件夹
cli-new-about = 在附件中新建一个事项文件（自动取下一个序号，每个字段带注释），或用 --annex 新建一个合作地区的附件文件夹
cli-new-examples =
    示例：
      huibao new yongan "环保宣传"        生成 content/yongan/04-环保宣传.yaml
      huibao new --annex sanming 三明市   生成 content/sanming/_annex.yaml
cli-new-arg-annex = 附件文件夹（content/ 下的名称）；用 --annex 时为新文件夹的名称
cli-new-arg-title = 事项名称；用 --annex 时为合作地区
cli-new-arg-annex_folder = 新建附件文件夹，而不是事项
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
cli-import-about = 读取各部门交回的工作簿（附件或部门工作簿），逐格列出改动（文件:行 字段: 原值 → 新值）；加 --write 则修改内容文件
cli-import-examples =
    示例：
      huibao import 返回/环保处.xlsx              查看交回的工作簿改了什么
      huibao import 返回/*.xlsx --write          把改动写入 content/

    只改动有变化的值：注释、键的顺序和引号都保留。工作簿生成之后内容又有改动的行属于冲突，
    不加 --force 不会写入。
cli-import-arg-workbooks = 交回的工作簿
cli-import-arg-write = 修改内容文件（然后检查）
cli-import-arg-force = 工作簿生成后内容又有改动的行也写入
cli-list-about = 列出附件、事项、行，以及哪些事项未列入
cli-list-examples =
    示例：
      huibao list

list-separator = 、
