//! The clerk's everyday slips in an item file, each with the exact Chinese message a user sees,
//! on the line to change, and a hint that, written in, makes the file YAML again.

use crate::common::*;

/// (what the line says, what the clerk typed, `huibao --lang zh check` in the short format).
const SLIPS: &[(&str, &str, &str)] = &[
    (
        "    lead_leader: 沈敏\n",
        "    lead_leader：\"沈敏\"    # 牵头领导\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:16: `lead_leader` 后面是全角冒号“：”：YAML 要用半角冒号加一个空格“: ”\n  提示：应写成：    lead_leader: \"沈敏\"",
    ),
    (
        "    support_depts: [监测站]\n",
        "    support_depts：[监测站]\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:10:18: `support_depts` 后面是全角冒号“：”：YAML 要用半角冒号加一个空格“: ”\n  提示：应写成：    support_depts: [监测站]",
    ),
    (
        "    lead_leader: 沈敏\n",
        "    lead_leader:沈敏\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:17: `lead_leader:` 的冒号后面要有一个空格，否则 YAML 把整行当成一段文字\n  提示：应写成：    lead_leader: 沈敏",
    ),
    (
        "    lead_leader: 沈敏\n",
        "   lead_leader: 沈敏\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:4: 这一行比上面的 `progress` 少缩进了一个空格：YAML 靠缩进区分层级\n  提示：应写成：    lead_leader: 沈敏",
    ),
    (
        "    lead_leader: 沈敏\n",
        "     lead_leader: 沈敏\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:6: 这一行比上面的 `progress` 多缩进了一个空格：YAML 靠缩进区分层级\n  提示：应写成：    lead_leader: 沈敏",
    ),
    (
        "    lead_dept: 环保处\n",
        "      lead_dept: 环保处\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:9:16: 值里有 `: `，或这一行缩进过多：YAML 会把它当成新的键\n  提示：这一行比上面的 `lead_leader:` 缩进得多：请与 `lead_leader:` 对齐",
    ),
    (
        "    lead_leader: 沈敏\n",
        "\u{3000}\u{3000}lead_leader: 沈敏\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:1: 这一行用全角空格（　）缩进：YAML 只能用半角空格缩进\n  提示：应写成：    lead_leader: 沈敏",
    ),
    (
        "    lead_leader: 沈敏\n",
        "    lead_leader: “沈敏”\n",
        "警告: content/yongan/01-加强生态环境保护.yaml:8:18: `lead_leader` 的值两端是中文引号，会原样印出\n  提示：如果引号不需要印出，应写成：    lead_leader: 沈敏",
    ),
    (
        "title: 加强生态环境保护\n",
        "title: ~\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:2:8: `title: ~` 在 YAML 中表示“空”，但这个字段必须写出文字\n  提示：应写成：title: …",
    ),
    (
        "    lead_dept: 环保处\n",
        "    lead_dept: null\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:9:16: `lead_dept: null` 在 YAML 中表示“空”，但这个字段必须写出文字\n  提示：应写成：    lead_dept: …",
    ),
    (
        "    lead_dept: 环保处\n",
        "    lead_dep: 环保处\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dep: 没有 `lead_dep` 这个字段\n  提示：是不是 lead_dept？",
    ),
    (
        "      2023-2025: 按需求",
        "      2025年: 按需求",
        "错误: content/yongan/01-加强生态环境保护.yaml:6:7: rows[0].plans (年度计划): 计划的键 `2025年` 不是年度（2024）或年度范围（2023-2025）\n  提示：应写成：      2025: 按需求，梳理技术支撑关键点，完成技术帮扶，合作交流。",
    ),
    (
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。\n",
        "    progress: 已完成: 第一阶段           # 事项推进情况\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:7:18: 值里有 `: `，或这一行缩进过多：YAML 会把它当成新的键\n  提示：值里有 `: `，YAML 会把它当成新的键：请加上引号：    progress: \"已完成: 第一阶段\"",
    ),
    (
        "    lead_leader: 沈敏\n",
        "\tlead_leader: 沈敏\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:1: 这一行有制表符：YAML 只能用空格缩进，请换成空格",
    ),
    (
        "  - content: 强化",
        "  - contents: 强化",
        "错误: content/yongan/01-加强生态环境保护.yaml:4:5: rows[0].contents: 没有 `contents` 这个字段\n  提示：是不是 content？",
    ),
    (
        "seq: 1\n",
        "seq: 一\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:1:6: seq (序号): 这里应为整数，写的却是文字 \"一\"\n  提示：应写成：seq: 1",
    ),
    (
        "    support_depts: [监测站]\n",
        "    support_depts: 监测站、绿林处\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:10:20: rows[0].support_depts (配合部门): 这里应为列表，写的却是文字 \"监测站、绿林处\"\n  提示：应写成：    support_depts: [监测站, 绿林处]",
    ),
    (
        "    support_depts: [监测站]\n",
        "    support_depts:\n      -监测站\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:11:7: 列表项的 `-` 后面要有一个空格\n  提示：应写成：      - 监测站",
    ),
    (
        "    support_depts: [监测站]\n",
        "    support_depts: [监测站\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:10:20: 列表的 `[` 没有用 `]` 闭合",
    ),
    (
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。\n",
        "    progress: \"2023年年内完成需求梳理。\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:7:15: 有引号或括号没有闭合，一直到文件末尾",
    ),
    (
        "    lead_dept: 环保处\n",
        "    lead_dept: 环保\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dept (牵头部门): `环保` 不在 meeting.yaml 列出的部门中\n  提示：是不是 环保处？",
    ),
    (
        "    lead_dept: 环保处\n",
        "    lead_dept: 环保处，监测站\n",
        "警告: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dept (牵头部门): `环保处，监测站` 看起来是把几个部门写在了一项里\n  提示：每项写一个部门：把 `环保处，监测站` 改为 `[环保处, 监测站]`",
    ),
    (
        "      2023-2025: 按需求",
        "      2025-2023: 按需求",
        "错误: content/yongan/01-加强生态环境保护.yaml:6:7: rows[0].plans.2025-2023 (2025-2023年计划): 年度范围 2025-2023 前后颠倒了",
    ),
    (
        "      2023-2025: 按需求",
        "      2030: 按需求",
        "错误: content/yongan/01-加强生态环境保护.yaml:6:7: rows[0].plans.2030 (2030年计划): 2030 不是 meeting.yaml 中的计划年度（years: 2023、2024、2025）",
    ),
    (
        "    lead_dept: 环保处\n",
        "    lead_dept: \"\"\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dept (牵头部门): 缺少牵头部门：请写明",
    ),
    (
        "    lead_dept: 环保处\n",
        "    lead_dept: 环保处\n    lead_dept: 监测站\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:10:5: rows[0].lead_dept (牵头部门): 同一层中写了两次：请只保留一个",
    ),
    (
        "      2023-2025:",
        "    2023-2025:",
        "错误: content/yongan/01-加强生态环境保护.yaml:6:5: rows[0].2023-2025: 没有 `2023-2025` 这个字段\n  提示：`2023-2025` 像是计划年度：请缩进到 `plans:` 下面，比 `plans:` 多两个空格",
    ),
    (
        "title: 加强生态环境保护\n",
        "title: 拓展竹林产业市场\n",
        "警告: content/yongan/02-拓展竹林产业市场.yaml:2:1: title (事项): 本附件已有名为“拓展竹林产业市场”的事项（content/yongan/01-加强生态环境保护.yaml）：表中会出现两次\n  提示：每个事项用不同的名称，或把两个文件合并为一个有几行的事项",
    ),
];

/// Slips in other files, and those the issue of hints that led to another error named:
/// (file, what the line says, what the clerk typed, the problem as `huibao --lang zh check`
/// prints it).
const MORE_SLIPS: &[(&str, &str, &str, &str)] = &[
    (
        "content/meeting.yaml",
        "years: [2023, 2024, 2025]",
        "years: 2023-2025",
        "错误: content/meeting.yaml:6:8: years (计划年度): 这里应为列表，写的却是文字 \"2023-2025\"\n  提示：应写成：years: [2023, 2024, 2025]",
    ),
    (
        "content/meeting.yaml",
        "years: [2023, 2024, 2025]",
        "years: [2023，2024，2025]",
        "错误: content/meeting.yaml:6:9: years[0] (计划年度): 这里应为整数，写的却是文字 \"2023，2024，2025\"\n  提示：应写成：years: [2023, 2024, 2025]",
    ),
    (
        "content/meeting.yaml",
        "closing: 以上汇报，请予审议。",
        "closing: 以上汇报,请予审议。",
        "警告: content/meeting.yaml:18:10: closing (结束语): 汉字之间用了半角的 `,`：公文应使用全角的 `，`\n  提示：把 `,` 改为 `，`（这里只指出第一处，请检查全文）",
    ),
    (
        DATIAN6,
        "excluded:\n  - by: 环保处\n    text: EOD项目浦东暂未开展过。",
        "excluded: 环保处反馈非我局职能，建议不纳入",
        "错误: content/datian/06-EOD项目.yaml:5:11: excluded (不纳入意见): 这里应为列表，写的却是文字 \"环保处反馈非我局职能，建议不纳入\"\n  提示：应写成：excluded: [{text: 环保处反馈非我局职能，建议不纳入}]",
    ),
    (
        YONGAN1,
        "      2023-2025:",
        "      2023.6:",
        "错误: content/yongan/01-加强生态环境保护.yaml:6:7: rows[0].plans (年度计划): 计划的键 `2023.6` 不是年度（2024）或年度范围（2023-2025）\n  提示：应写成：      2023: 按需求，梳理技术支撑关键点，完成技术帮扶，合作交流。",
    ),
    (
        YONGAN1,
        "      2023-2025:",
        "      2023-25:",
        "错误: content/yongan/01-加强生态环境保护.yaml:6:7: rows[0].plans.2023-25 (2023-25年计划): 年度范围 2023-25 的后一年要写全四位\n  提示：把 `2023-25` 改为 `2023-2025`",
    ),
    (
        YONGAN1,
        "    lead_leader: 沈敏",
        "    lead_leader: @沈敏",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:18: 值不能以这个字符开头（制表符，或 ` @ %）\n  提示：应写成：    lead_leader: \"@沈敏\"",
    ),
    (
        YONGAN1,
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "    progress: 已完成第1场 #环境日 主题活动",
        "警告: content/yongan/01-加强生态环境保护.yaml:7:15: `progress` 的值中 ` #` 之后被 YAML 当作注释：`#环境日 主题活动` 不会印出\n  提示：如果这是正文的一部分，请加上引号：    progress: \"已完成第1场 #环境日 主题活动\"",
    ),
    (
        YONGAN1,
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "    progress: \"他说\"好\"的\"",
        "错误: content/yongan/01-加强生态环境保护.yaml:7:15: `progress` 的值以 \" 开头，文字中间又有 \"：YAML 在第二个 \" 处就结束了这段文字\n  提示：应写成：    progress: '他说\"好\"的'",
    ),
    (
        YONGAN1,
        "    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "    progress: 2023年年内完成需求梳理。\n尽快开展需求沟通。",
        "错误: content/yongan/01-加强生态环境保护.yaml:8:1: 这一行不是字段：像是上一行的文字中间断了行（从 Word 粘贴时常见）；YAML 会在下一行才报错\n  提示：接回上一行：    progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
    ),
    (
        YONGAN1,
        "    support_depts: [监测站]",
        "    support_depts: [监测站, 环保处]",
        "警告: content/yongan/01-加强生态环境保护.yaml:10:26: rows[0].support_depts[1] (配合部门): `环保处` 已是本行的牵头部门，又列为配合部门：表中会出现两次\n  提示：把 `环保处` 从 support_depts 中删去",
    ),
    (
        "content/meeting.yaml",
        "years: [2023, 2024, 2025]",
        "years: [2023, 2024, 2025, 2026]",
        "警告: content/datian/_annex.yaml:3:1: title (表格标题): 这里写的是 2023—2025，而 meeting.yaml 的计划年度（years）是 2023 到 2026\n  提示：把 2023—2025 改为 2023—2026（如果年度范围就是这样，请改 meeting.yaml 的 years）\n警告: content/yongan/_annex.yaml:3:1: title (表格标题): 这里写的是 2023—2025，而 meeting.yaml 的计划年度（years）是 2023 到 2026\n  提示：把 2023—2025 改为 2023—2026（如果年度范围就是这样，请改 meeting.yaml 的 years）",
    ),
];

/// Hints that advise and propose no text: nothing to apply.
const ADVICE: &[&str] = &[
    "请与 `",
    "缩进到 `plans:` 下面",
    "如果这是新部门",
    "每个事项用不同的名称",
];

/// One problem of `check --message-format short`: file, line, the message's backticked name
/// and its hints.
struct Problem {
    file: String,
    line: usize,
    named: Option<String>,
    hints: Vec<String>,
}

fn problems(err: &str) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    for l in err.lines() {
        if let Some(hint) = l.strip_prefix("  提示：") {
            out.last_mut().unwrap().hints.push(hint.to_string());
        } else if let Some((_, rest)) = l.split_once(": ").filter(|_| l.contains(".yaml:")) {
            let mut parts = rest.splitn(3, ':');
            let file = parts.next().unwrap().to_string();
            let line = parts.next().unwrap().parse().unwrap();
            let named = rest.split('`').nth(1).map(str::to_string);
            out.push(Problem {
                file,
                line,
                named,
                hints: Vec::new(),
            });
        }
    }
    out
}

/// `lines` with `hint` applied as a clerk reads it, at 1-based `at`; false when the hint
/// proposes nothing to write (advice).
fn apply(hint: &str, lines: &mut Vec<String>, at: usize, named: Option<&str>) -> bool {
    let i = at - 1;
    if let Some((_, line)) = hint
        .split_once("应写成：")
        .or_else(|| hint.split_once("请加上引号："))
    {
        lines[i] = line.to_string();
    } else if let Some(line) = hint.strip_prefix("接回上一行：") {
        lines[i - 1] = line.to_string();
        lines.remove(i);
    } else if let Some(meant) = hint
        .strip_prefix("是不是 ")
        .and_then(|h| h.strip_suffix('？'))
    {
        lines[i] = lines[i].replacen(named.unwrap(), meant, 1);
    } else if let Some(rest) = hint
        .strip_prefix("把 ")
        .or_else(|| hint.split_once("：把 ").map(|(_, r)| r))
    {
        if let Some((name, _)) = rest.split_once(" 从 ") {
            let name = name.trim_matches('`');
            for gone in [format!(", {name}"), format!("{name}, "), name.to_string()] {
                if lines[i].contains(&gone) {
                    lines[i] = lines[i].replacen(&gone, "", 1);
                    break;
                }
            }
        } else {
            let (from, to) = rest.split_once(" 改为 ").unwrap();
            // `（` quoted, or up to the remark in brackets.
            let to = match to.strip_prefix('`') {
                Some(quoted) => quoted.split('`').next().unwrap(),
                None => to.split('（').next().unwrap(),
            };
            lines[i] = lines[i].replacen(from.trim_matches('`'), to, 1);
        }
    } else {
        assert!(
            ADVICE.iter().any(|a| hint.contains(a)),
            "a hint neither applied nor known as advice: {hint}"
        );
        return false;
    }
    true
}

/// Types `to` for `from` in `file` of the seed, checks the exact problems, then applies every
/// hint as written and checks again: nothing is reported at that place any more.
fn typed_then_fixed(file: &str, from: &str, to: &str, expected: &str) {
    let f = seed_with_departments();
    f.edit(file, from, to);
    let out = f.run(&["--lang", "zh", "check", "--message-format", "short"]);
    let err = String::from_utf8_lossy(&out.stderr);
    let shown: Vec<&str> = err
        .lines()
        .filter(|l| !l.starts_with("共 ") && !l.ends_with("个警告"))
        .collect();
    assert_eq!(shown.join("\n"), expected, "typed: {to:?}");
    assert_eq!(out.status.success(), expected.starts_with("警告"), "{to:?}");
    // A warning never keeps a file out: the build writes every file.
    let found = problems(&err);
    let mut fixed_at = Vec::new();
    for p in found.iter().rev() {
        let text = f.read(&p.file);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut applied = false;
        for hint in &p.hints {
            applied |= apply(hint, &mut lines, p.line, p.named.as_deref());
            // `…` in a proposed line is the place to write the text: the clerk writes it.
            if hint.ends_with('…') {
                let text = from.split_once(": ").map_or("x", |(_, v)| v.trim());
                lines[p.line - 1] = lines[p.line - 1].replace('…', text);
            }
        }
        if applied {
            f.write(&p.file, lines.join("\n") + "\n");
            fixed_at.push((p.file.clone(), p.line));
        }
    }
    if fixed_at.is_empty() {
        return;
    }
    let again = f.run(&["--lang", "zh", "check", "--message-format", "short"]);
    let err = String::from_utf8_lossy(&again.stderr);
    for p in problems(&err) {
        assert!(
            !fixed_at.contains(&(p.file.clone(), p.line)),
            "typed {to:?}, applied the hints, and {}:{} still has a problem:\n{err}",
            p.file,
            p.line
        );
    }
}

#[test]
fn the_common_slips_are_named_on_their_line_in_chinese_with_a_fix_that_checks() {
    assert!(SLIPS.len() >= 27, "{} slips", SLIPS.len());
    for (from, to, expected) in SLIPS {
        typed_then_fixed(YONGAN1, from, to, expected);
    }
    for (file, from, to, expected) in MORE_SLIPS {
        typed_then_fixed(file, from, to, expected);
    }
}

#[test]
fn none_and_an_empty_list_are_no_supporting_department() {
    for to in ["    support_depts: [无]\n", "    support_depts: []\n"] {
        let f = Fixture::seed();
        f.edit(YONGAN1, "    support_depts: [监测站]\n", to);
        let (ok, _, err) = f.check();
        assert!(ok, "{to}: {err}");
        assert!(!err.contains("warning"), "{err}");
    }
}

#[test]
fn the_same_slip_reads_in_english_with_lang_en() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "    lead_leader: 沈敏\n",
        "    lead_leader：沈敏\n",
    );
    let out = f.run(&["--lang", "en", "check", "--message-format", "short"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: content/yongan/01-加强生态环境保护.yaml:8:16: `lead_leader` is followed by a full-width colon `：`: YAML needs the ordinary colon and a space, `: `\n  hint: write:     lead_leader: 沈敏\n1 problem in 1 file\n"
    );
    // LANG=zh_CN.UTF-8 chooses Chinese without --lang.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_huibao"))
        .args(["check", "--message-format", "short"])
        .current_dir(f.path("."))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.ends_with("共 1 个问题，涉及 1 个文件\n"), "{err}");
}
