//! Bad input never panics: every truncation and many byte flips of the seed's files load to a
//! result (valid or a list of problems), and extreme but valid content builds with every
//! character kept.

mod common;
#[path = "../benches/synth.rs"]
mod synth;
use common::*;

fn load(dir: &std::path::Path) {
    let result = std::panic::catch_unwind(|| huibao::content::load(dir));
    assert!(result.is_ok(), "loading panicked");
}

#[test]
fn truncated_and_corrupted_files_never_panic() {
    let f = Fixture::seed();
    let files = [
        "content/meeting.yaml",
        "content/yongan/_annex.yaml",
        YONGAN2,
        "content/datian/08-双碳方案.yaml",
    ];
    let mut rng = synth::Rng::new(42);
    for rel in files {
        let original = std::fs::read(f.path(rel)).unwrap();
        for cut in (0..original.len()).step_by(5) {
            f.write(rel, &original[..cut]);
            load(&f.path("content"));
        }
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..rng.range(1, 4) {
                let i = rng.range(0, bytes.len() - 1);
                bytes[i] = b"\t\n :-[]{}\"'#&*!|>%@`\xff\x00\xe4"[rng.range(0, 22)];
            }
            f.write(rel, &bytes);
            load(&f.path("content"));
        }
        f.write(rel, &original);
    }
}

#[test]
fn extreme_content_builds_and_keeps_every_character() {
    let f = Fixture::seed();
    let long_word = "A".repeat(3000);
    let long_text = "很长的推进情况说明，".repeat(400);
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        &format!("progress: {long_text}"),
    );
    f.edit(
        YONGAN1,
        "lead_leader: 沈敏",
        &format!("lead_leader: {long_word}"),
    );
    f.build_ok();
    let (text, pages) = f.pdf_text("yongan.pdf");
    // A split cell interleaves with the repeated header, so count characters, not phrases.
    let markup = f.read("output/yongan.html");
    for c in ['A', '很', '说'] {
        assert_eq!(text.matches(c).count(), markup.matches(c).count(), "{c}");
    }
    assert_eq!(text.matches('A').count(), 3000);
    assert_eq!(text.matches('很').count(), 400);
    assert!(pages > 3, "the long cell runs over several pages");
}

#[test]
fn markup_characters_in_content_reach_both_outputs_unchanged() {
    let f = Fixture::seed();
    let tricky = r#"a<b>&amp;"c"'d' {x} 1/2"#;
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        &format!("progress: '{}'", tricky.replace('\'', "''")),
    );
    f.build_ok();
    let (text, _) = f.pdf_text("yongan.pdf");
    assert!(text.contains(&common::pdf::squash(tricky)), "{text}");
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(f.path("output/yongan.xlsx")).unwrap();
    let range = wb.worksheet_range("附件1").unwrap();
    assert_eq!(
        range.get_value((3, 7)),
        Some(&calamine::Data::String(tricky.to_string()))
    );
}

#[test]
fn line_breaks_written_in_content_are_kept() {
    let f = Fixture::seed();
    f.edit(
        YONGAN1,
        "progress: 2023年年内完成需求梳理。尽快开展需求沟通。",
        "progress: |-\n      第一行 first line\n      第二行 second line",
    );
    f.build_ok();
    let markup = f.read("output/yongan.html");
    assert!(
        markup.contains("第一行 first line\u{2028}第二行 second line"),
        "{markup}"
    );
    let pages = common::pdf::extract(&std::fs::read(f.path("output/yongan.pdf")).unwrap());
    assert!(
        pages[0]
            .text
            .contains("第一行 first line\n第二行 second line"),
        "{}",
        pages[0].text
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(f.path("output/yongan.xlsx")).unwrap();
    let range = wb.worksheet_range("附件1").unwrap();
    assert_eq!(
        range.get_value((3, 7)),
        Some(&calamine::Data::String(
            "第一行 first line\n第二行 second line".into()
        ))
    );
}
