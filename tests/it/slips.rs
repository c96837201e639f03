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
        "错误: content/yongan/01-加强生态环境保护.yaml:6:7: rows[0].plans (年度计划): 计划的键 `2025年` 不是年度（2024）或年度范围（2023-2025）\n  提示：年度只写数字：2025: …",
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
        "错误: content/yongan/01-加强生态环境保护.yaml:1:6: seq (序号): 这里应为整数，写的却是文字 \"一\"\n  提示：用阿拉伯数字书写，例如 seq: 3 或 years: [2023, 2024, 2025]",
    ),
    (
        "    support_depts: [监测站]\n",
        "    support_depts: 监测站、环保处\n",
        "错误: content/yongan/01-加强生态环境保护.yaml:10:20: rows[0].support_depts (配合部门): 这里应为列表，写的却是文字 \"监测站、环保处\"\n  提示：应写成：    support_depts: [监测站, 环保处]",
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
        "警告: content/yongan/01-加强生态环境保护.yaml:9:5: rows[0].lead_dept (牵头部门): `环保处，监测站` 看起来是把几个部门写在了一项里\n  提示：每项写一个部门：[环保处, 监测站]",
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

/// The line a `应写成：` hint proposes.
fn proposed_line(hint: &str) -> Option<&str> {
    hint.split_once("应写成：").map(|(_, line)| line)
}

#[test]
fn the_common_slips_are_named_on_their_line_in_chinese_with_a_fix_that_is_yaml() {
    assert!(SLIPS.len() >= 27, "{} slips", SLIPS.len());
    for (from, to, expected) in SLIPS {
        let f = seed_with_departments();
        f.edit(YONGAN1, from, to);
        let out = f.run(&["--lang", "zh", "check", "--message-format", "short"]);
        let err = String::from_utf8_lossy(&out.stderr);
        let problems: Vec<&str> = err
            .lines()
            .filter(|l| !l.starts_with("共 ") && !l.ends_with("个警告"))
            .collect();
        assert_eq!(problems.join("\n"), *expected, "typed: {to:?}");
        assert_eq!(out.status.success(), expected.starts_with("警告"), "{to:?}");
        // The proposed line, written in place of the reported one, makes the file YAML again.
        let Some(line) = problems.iter().find_map(|l| proposed_line(l)) else {
            continue;
        };
        let at: usize = expected
            .split_once(".yaml:")
            .and_then(|(_, rest)| rest.split(':').next())
            .unwrap()
            .parse()
            .unwrap();
        let text = f.read(YONGAN1);
        let mut lines: Vec<&str> = text.lines().collect();
        lines[at - 1] = line;
        let fixed = lines.join("\n");
        if !line.ends_with('…') {
            serde_yaml::from_str::<serde_yaml::Value>(&fixed)
                .unwrap_or_else(|e| panic!("{to:?}: the hint's line is no YAML: {e}\n{fixed}"));
        }
        assert!(
            !line.contains('#'),
            "a hint never carries the comment: {line}"
        );
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
