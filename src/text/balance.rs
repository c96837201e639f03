//! Balanced title lines (GB/T 9704-2012 7.3.1: a title that runs over lines keeps its words
//! whole and is arranged symmetrically, as a trapezoid or diamond).
//!
//! Without a dictionary (a segmenter's would cost more time than the whole build), breaks are
//! allowed where an official title's words certainly end, each with a cost:
//! after 、，：；（cost 0); after 与 和 及 并 or before 关于 (1); after the suffix of a place or an
//! organisation — 省 市 县 区 局 委 厅 办 — when an ideograph follows that is not a suffix
//! itself (2); after a few two-character nouns common in titles — 领域 项目 工作 情况 合作 交流
//! 方案 计划 — (2). Among the splits into the fewest lines that fit, the one with the least
//! cost and the most even lengths wins, a shorter first line (a trapezoid) on a tie.

/// Where a break may go after `chars[..i]`, and what it costs (None: not between words).
fn cost(chars: &[char], i: usize) -> Option<u32> {
    let (a, b) = (chars[i - 1], chars[i]);
    if "、，：；".contains(a) {
        return Some(0);
    }
    if "与和及并".contains(a) || (b == '关' && chars.get(i + 1) == Some(&'于')) {
        return Some(1);
    }
    const SUFFIX: &str = "省市县区局委厅办";
    let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    if SUFFIX.contains(a) && ideograph(b) && !SUFFIX.contains(b) && !"场长委级属".contains(b) {
        return Some(2);
    }
    const NOUNS: [&str; 8] = [
        "领域", "项目", "工作", "情况", "合作", "交流", "方案", "计划",
    ];
    if i >= 2
        && ideograph(b)
        && NOUNS
            .iter()
            .any(|n| n.chars().eq(chars[i - 2..i].iter().copied()))
    {
        return Some(2);
    }
    None
}

/// The positions (character indices) where lines 2, 3, … of a balanced title start, or None
/// when the title fits on one line or no split between words fits `width`. `widths` holds each
/// character's advance.
///
/// Dynamic programming over the break points, so any length takes time linear in the number
/// of candidate breaks times the candidates a line can hold: for each number of lines (the
/// fewest that can fit, then one more) the split with the least badness wins, where a break's
/// cost counts as about one character of imbalance, each line adds its distance from the even
/// length (for two lines exactly their difference), and a hair more weight on the later lines
/// prefers a shorter first line (a trapezoid) on a tie.
pub fn balanced_breaks(chars: &[char], widths: &[f32], width: f32) -> Option<Vec<usize>> {
    let total: f32 = widths.iter().sum();
    if total <= width + 0.01 || chars.len() < 2 || width <= 0.0 {
        return None;
    }
    let mut prefix = vec![0.0f32];
    for w in widths {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + w);
    }
    // The start (0), every candidate break, and the end.
    let mut points: Vec<(usize, u32)> = vec![(0, 0)];
    points.extend((1..chars.len()).filter_map(|i| cost(chars, i).map(|c| (i, c))));
    points.push((chars.len(), 0));
    let lines_min = (total / width).ceil() as usize;
    (lines_min..=lines_min + 1).find_map(|lines| best_split(&points, &prefix, width, lines))
}

/// The least-badness split of the title into exactly `lines` lines at `points`, or None.
fn best_split(
    points: &[(usize, u32)],
    prefix: &[f32],
    width: f32,
    lines: usize,
) -> Option<Vec<usize>> {
    let n = prefix.len() - 1;
    let unit = prefix[n] / n as f32;
    let ideal = prefix[n] / lines as f32;
    let len = |a: usize, b: usize| prefix[points[b].0] - prefix[points[a].0];
    // best[k][p]: least badness of k lines ending at point p, with the point it came from.
    let mut best: Vec<Vec<Option<(f32, usize)>>> = vec![vec![None; points.len()]; lines + 1];
    best[0][0] = Some((0.0, 0));
    for k in 1..=lines {
        // The first point a line ending at `p` may start from; it only moves forward.
        let mut from = 0;
        for p in 1..points.len() {
            while from < p && len(from, p) > width + 0.01 {
                from += 1;
            }
            let mut here: Option<(f32, usize)> = None;
            for q in from..p {
                let Some((before, _)) = best[k - 1][q] else {
                    continue;
                };
                let line = len(q, p);
                let badness = before
                    + points[q].1 as f32 * unit * f32::from(u8::from(q > 0))
                    + (line - ideal).abs()
                    - 1e-3 * unit * k as f32 * line / prefix[n].max(1.0);
                if here.is_none_or(|(b, _)| badness < b) {
                    here = Some((badness, q));
                }
            }
            best[k][p] = here;
        }
    }
    let mut p = points.len() - 1;
    best[lines][p]?;
    let mut breaks = Vec::with_capacity(lines - 1);
    for k in (1..=lines).rev() {
        let (_, q) = best[k][p]?;
        if q > 0 {
            breaks.push(points[q].0);
        }
        p = q;
    }
    breaks.reverse();
    Some(breaks)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(title: &str, per_line: usize) -> Vec<String> {
        let chars: Vec<char> = title.chars().collect();
        let widths = vec![1.0; chars.len()];
        let breaks = balanced_breaks(&chars, &widths, per_line as f32).unwrap_or_default();
        let mut bounds = vec![0];
        bounds.extend(breaks);
        bounds.push(chars.len());
        bounds
            .windows(2)
            .map(|w| chars[w[0]..w[1]].iter().collect())
            .collect()
    }

    #[test]
    fn the_seed_title_breaks_between_words_in_even_lines() {
        assert_eq!(
            lines(
                "浦东新区生态环境局与永安市、大田县生态环境领域合作交流项目制定情况的汇报",
                20
            ),
            [
                "浦东新区生态环境局与永安市、大田县",
                "生态环境领域合作交流项目制定情况的汇报"
            ]
        );
        assert_eq!(
            lines("关于进一步加强生态环境领域合作交流项目管理工作的通知", 14),
            ["关于进一步加强生态环境领域", "合作交流项目管理工作的通知"]
        );
        // Fits: no breaks.
        assert_eq!(lines("关于环保宣传的通知", 20), ["关于环保宣传的通知"]);
    }

    #[test]
    fn a_title_of_any_length_balances_in_linear_time() {
        // 3,000 characters with a break opportunity every few characters: the old search tried
        // every combination (260 characters took over a minute).
        let title: String = "生态环境领域合作交流项目、".repeat(240);
        let got = lines(&title, 26);
        assert_eq!(got.concat(), title);
        assert_eq!(got.len(), 120);
        assert!(got.iter().all(|l| l.chars().count() <= 26), "{got:?}");
        // No break opportunity at all: not balanced (ordinary line breaking takes over).
        let plain: Vec<char> = "一".repeat(3000).chars().collect();
        assert_eq!(balanced_breaks(&plain, &vec![1.0; 3000], 20.0), None);
    }
}
