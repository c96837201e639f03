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
pub fn balanced_breaks(chars: &[char], widths: &[f32], width: f32) -> Option<Vec<usize>> {
    let total: f32 = widths.iter().sum();
    if total <= width + 0.01 || chars.len() < 2 {
        return None;
    }
    let mut prefix = vec![0.0f32];
    for w in widths {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + w);
    }
    let candidates: Vec<(usize, u32)> = (1..chars.len())
        .filter_map(|i| cost(chars, i).map(|c| (i, c)))
        .collect();
    let lines_min = (total / width).ceil() as usize;
    for lines in lines_min..=lines_min + 1 {
        let mut best: Option<(u32, f32, bool, Vec<usize>)> = None;
        let mut chosen = Vec::new();
        search(
            &candidates,
            &prefix,
            width,
            lines - 1,
            0,
            &mut chosen,
            &mut best,
        );
        if let Some((_, _, _, breaks)) = best {
            return Some(breaks);
        }
    }
    None
}

/// Tries every choice of `left` more breaks after position `from` (titles are short).
fn search(
    candidates: &[(usize, u32)],
    prefix: &[f32],
    width: f32,
    left: usize,
    from: usize,
    chosen: &mut Vec<(usize, u32)>,
    best: &mut Option<(u32, f32, bool, Vec<usize>)>,
) {
    let n = prefix.len() - 1;
    let start = chosen.last().map_or(0, |(i, _)| *i);
    if left == 0 {
        if prefix[n] - prefix[start] > width + 0.01 {
            return;
        }
        let mut bounds = vec![0];
        bounds.extend(chosen.iter().map(|(i, _)| *i));
        bounds.push(n);
        let lengths: Vec<f32> = bounds
            .windows(2)
            .map(|w| prefix[w[1]] - prefix[w[0]])
            .collect();
        let spread = lengths.iter().copied().fold(0.0, f32::max)
            - lengths.iter().copied().fold(f32::MAX, f32::min);
        let cost: u32 = chosen.iter().map(|(_, c)| c).sum();
        let trapezoid = lengths.windows(2).all(|w| w[0] <= w[1] + 0.01);
        // Cost first (a weak break is worth about one character of imbalance), then evenness.
        let score = (cost, spread, !trapezoid);
        let better = match best {
            None => true,
            Some((c, s, t, _)) => {
                let unit = prefix[n] / n as f32;
                let mine = score.0 as f32 * unit + score.1;
                let theirs = *c as f32 * unit + *s;
                mine + 0.01 < theirs || ((mine - theirs).abs() <= 0.01 && !score.2 && *t)
            }
        };
        if better {
            *best = Some((
                cost,
                spread,
                !trapezoid,
                chosen.iter().map(|(i, _)| *i).collect(),
            ));
        }
        return;
    }
    for (k, &(i, c)) in candidates.iter().enumerate().skip(from) {
        if prefix[i] - prefix[start] > width + 0.01 {
            break;
        }
        chosen.push((i, c));
        search(candidates, prefix, width, left - 1, k + 1, chosen, best);
        chosen.pop();
    }
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
}
