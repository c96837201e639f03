//! Synthetic content for benchmarks and scale tests: a valid project with N annexes of M items
//! each, with realistic Chinese text lengths, multi-row items, multi-year plans and excluded
//! items, the same for the same seed.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic PRNG (xorshift64*), so the generator needs no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.range(0, items.len() - 1)]
    }
}

const PHRASES: &[&str] = &[
    "加强生态环境保护",
    "推进污染防治攻坚",
    "开展技术交流合作",
    "完善监测网络体系",
    "强化执法能力建设",
    "共享管理经验做法",
    "推动绿色低碳发展",
    "提升园区环境品质",
    "深化区域协同治理",
    "落实生态补偿机制",
    "组织专家实地调研",
    "建立常态对接机制",
    "开展人员交流培训",
    "支持重点项目建设",
    "梳理合作需求清单",
    "探索生态产品价值实现",
    "加快水环境综合治理",
    "做好土壤污染风险管控",
    "推广先进适用技术",
    "完善应急处置预案",
];
const DEPTS: &[&str] = &[
    "环保处",
    "水利处",
    "绿林处",
    "监测站",
    "督察处",
    "执法大队",
    "供排水处",
    "市容环卫处",
    "基建处",
];
const LEADERS: &[&str] = &["沈敏", "刘军", "刘贵平", "薛加良", "王强", "李华"];
const PUNCT: &[&str] = &["，", "，", "；", "，", "、"];

/// Chinese text of `lo` to `hi` characters (roughly) made of phrases and punctuation, ending
/// with 。
pub fn text(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let chars = rng.range(lo, hi);
    let mut s = String::new();
    while s.chars().count() < chars {
        if !s.is_empty() {
            s.push_str(rng.pick(PUNCT));
        }
        s.push_str(rng.pick(PHRASES));
        if rng.range(0, 6) == 0 {
            let _ = write!(s, "{}年完成{}项", 2023 + rng.range(0, 2), rng.range(1, 20));
        }
    }
    s.push('。');
    s
}

fn item_yaml(rng: &mut Rng, seq: usize, scale: usize) -> String {
    let text = |rng: &mut Rng, lo: usize, hi: usize| text(rng, lo * scale, hi * scale);
    // Numbered, so no two items of an annex share a title (which huibao warns about).
    let mut y = format!("seq: {seq}\ntitle: {}{seq}\nrows:\n", rng.pick(PHRASES));
    let rows = if rng.range(0, 3) == 0 {
        rng.range(2, 3)
    } else {
        1
    };
    let excluded = rng.range(0, 5) == 0;
    for _ in 0..rows {
        let _ = writeln!(y, "  - content: {}", text(rng, 30, 70));
        if excluded {
            continue;
        }
        let _ = writeln!(y, "    due: {}年", 2024 + rng.range(0, 1));
        y.push_str("    plans:\n");
        if rng.range(0, 4) == 0 {
            let _ = writeln!(y, "      2023-2025: {}", text(rng, 15, 50));
        } else {
            for year in 2023..=2025 {
                if rng.range(0, 5) > 0 {
                    let _ = writeln!(y, "      {year}: {}", text(rng, 10, 60));
                }
            }
        }
        let _ = writeln!(y, "    progress: {}", text(rng, 20, 120));
        let _ = writeln!(y, "    lead_leader: {}", rng.pick(LEADERS));
        let _ = writeln!(y, "    lead_dept: {}", rng.pick(DEPTS));
        let _ = writeln!(
            y,
            "    support_depts: [{}, {}]",
            rng.pick(DEPTS),
            rng.pick(DEPTS)
        );
    }
    if excluded {
        let _ = writeln!(
            y,
            "excluded:\n  - by: {}\n    text: {}",
            rng.pick(DEPTS),
            text(rng, 15, 60)
        );
    }
    y
}

/// Writes a project with `annexes` annexes of `items` items each into `root/content`.
pub fn write_project(root: &Path, annexes: usize, items: usize, seed: u64) -> std::io::Result<()> {
    write_project_scaled(root, annexes, items, seed, 1)
}

/// [`write_project`] with every cell `scale` times as long (4 makes about 4 KB of YAML an
/// item, as real items with long progress notes have).
pub fn write_project_scaled(
    root: &Path,
    annexes: usize,
    items: usize,
    seed: u64,
    scale: usize,
) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    let content = root.join("content");
    std::fs::create_dir_all(&content)?;
    let mut meeting = String::from(
        "meeting: 第1次局长办公会\nmaterial: 会议材料之1\ntitle: 合作交流项目制定情况的汇报\npresenter: 办公室\nyears: [2023, 2024, 2025]\nclosing: 以上汇报，请予审议。\nbackground:\n",
    );
    for _ in 0..3 {
        let _ = writeln!(meeting, "  - {}", text(&mut rng, 150, 150));
    }
    meeting.push_str("overview:\n");
    let _ = writeln!(meeting, "  - {}", text(&mut rng, 200, 200));
    std::fs::write(content.join("meeting.yaml"), meeting)?;
    for a in 1..=annexes {
        let dir = content.join(format!("partner{a:03}"));
        std::fs::create_dir_all(&dir)?;
        let annex = format!(
            "number: {a}\npartner: 合作地区{a}\ntitle: 合作交流项目表{a}（2023—2025年）\nshort_title: 项目表{a}\nheading: 合作地区{a}需要支持的事项\nreport:\n  - 收集整理了{{{{ annex.item_count | zh_num }}}}项合作事项。{}\nnotes:\n  - {}\n",
            text(&mut rng, 120, 120),
            text(&mut rng, 60, 60)
        );
        std::fs::write(dir.join("_annex.yaml"), annex)?;
        for i in 1..=items {
            std::fs::write(
                dir.join(format!("{i:05}.yaml")),
                item_yaml(&mut rng, i, scale),
            )?;
        }
    }
    Ok(())
}

/// A project of one annex of 400 items (the built-in templates), its middle item's file and
/// that item's `title:` line.
pub fn four_hundred_items() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let big = tempfile::tempdir().expect("a temporary folder");
    write_project(big.path(), 1, 400, 1).expect("the project written");
    let middle = big.path().join("content/partner001/00200.yaml");
    let text = std::fs::read_to_string(&middle).expect("the item written");
    let title = text
        .lines()
        .find(|l| l.starts_with("title: "))
        .expect("a title")
        .to_string();
    (big, middle, title)
}
