//! Column widths from the text the columns hold. Each column is at least as wide as its widest
//! unbreakable unit (a department's name, `min_chars` of 事项; a unit wider than
//! `max_unit_share` of the table sets no floor and breaks inside) and never wider than its
//! longest line. Between those bounds the style's column weights share the width out, and
//! then slivers move from the column where they cost the fewest lines to the one where they
//! save the most, while that shortens the table: so a 600-character 事项推进情况 takes the room
//! from 牵头部门, one short name a row, and a table the weights already suit keeps them. The
//! annexes of one material share one set ([`super::table::shared_widths`]); the PDF, the Word
//! file and the workbook's print sheet all use it.

use crate::style::TableStyle;

/// What a table's text asks of each column, in points.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnText {
    /// Each column's least width: its widest unit (with padding), or its `min_chars`.
    pub min: Vec<f64>,
    /// Each column's widest line unbroken (with padding).
    pub natural: Vec<f64>,
    /// Each body row's cells by column: (the text's length set on one line, in points, and
    /// how many lines it has at the least: its forced breaks, and 1 for an empty cell).
    pub rows: Vec<Vec<(f32, u16)>>,
    /// The padding a cell's text width leaves out of its column, in points.
    pub padding: f64,
    /// The table text's size, in points: widths are whole half characters of it.
    pub em: f64,
}

impl ColumnText {
    /// The bounds and rows of several tables with the same columns, as one.
    pub fn merged(parts: &[ColumnText]) -> ColumnText {
        let n = parts.iter().map(|p| p.min.len()).max().unwrap_or(0);
        let mut out = ColumnText {
            min: vec![0.0; n],
            natural: vec![0.0; n],
            padding: parts.first().map_or(0.0, |p| p.padding),
            em: parts.first().map_or(0.0, |p| p.em),
            rows: Vec::new(),
        };
        for part in parts {
            for c in 0..part.min.len().min(n) {
                out.min[c] = out.min[c].max(part.min[c]);
                out.natural[c] = out.natural[c].max(part.natural[c]);
            }
            out.rows.extend(part.rows.iter().cloned());
        }
        out
    }
}

/// How many slivers the width between the minima and `total` is handed out in.
const SLIVERS: usize = 256;
/// The power of the soft maximum a row's height is measured with: near the tallest cell's,
/// yet smooth, so that widening one of three equally tall cells counts for something (a plain
/// maximum would give each nothing until all three move).
const SOFT_MAX: i32 = 6;

/// The widths of `columns` (by class) for `text` in `total` points. Columns of one class (the
/// plan years) keep one width, as a reader expects of them.
pub fn fit(table: &TableStyle, columns: &[String], text: &ColumnText, total: f64) -> Vec<f64> {
    let weights: Vec<f64> = columns
        .iter()
        .map(|c| f64::from(table.columns.get(c).copied().unwrap_or(1.0).max(0.0)).max(1e-6))
        .collect();
    let groups = class_groups(columns);
    // One unit wider than a fair share (a 19-character department) may break inside: its
    // column's minimum is capped, so it cannot starve the others.
    let share = table.max_unit_share.clamp(0.05, 1.0) * total;
    let of_group = |values: &[f64], group: &[usize]| -> f64 {
        group
            .iter()
            .map(|&c| values.get(c).copied().unwrap_or(0.0))
            .fold(0.0, f64::max)
    };
    let mut min = vec![0.0; columns.len()];
    let mut cap = vec![0.0; columns.len()];
    for group in &groups {
        let lo = of_group(&text.min, group).min(share);
        let hi = of_group(&text.natural, group).max(lo);
        for &c in group {
            (min[c], cap[c]) = (lo, hi);
        }
    }
    let min_sum: f64 = min.iter().sum();
    if min_sum >= total {
        return min.iter().map(|m| m * total / min_sum.max(1e-6)).collect();
    }
    // The style's weights share the width out first (water-filling between the floors and
    // the caps); then slivers move from the column where they cost the fewest lines to the
    // one where they save the most, while that shortens the table.
    let mut widths = weighted(&weights, &min, &cap, total);
    let sliver = total / SLIVERS as f64;
    for _ in 0..2 * SLIVERS {
        let gain = column_changes(text, &widths, &cap, sliver);
        let loss = column_changes(text, &widths, &min, -sliver);
        let rate = |values: &[f64], g: &[usize]| {
            g.iter().map(|&c| values[c]).sum::<f64>() / g.len() as f64
        };
        let give = groups
            .iter()
            .filter(|g| g.iter().all(|&c| widths[c] + sliver <= cap[c] + 1e-9))
            .max_by(|a, b| rate(&gain, a).total_cmp(&rate(&gain, b)));
        let take = groups
            .iter()
            .filter(|g| g.iter().all(|&c| widths[c] - sliver >= min[c] - 1e-9))
            .max_by(|a, b| rate(&loss, a).total_cmp(&rate(&loss, b)));
        let (Some(give), Some(take)) = (give, take) else {
            break;
        };
        // `loss` is lines saved by a negative step: negative, a cost.
        if give == take || rate(&gain, give) + rate(&loss, take) <= 1e-6 {
            break;
        }
        for &c in give {
            widths[c] += sliver / give.len() as f64;
        }
        for &c in take {
            widths[c] -= sliver / take.len() as f64;
        }
    }
    snapped(widths, &min, text.em / 2.0, total)
}

/// `widths` on a grid of `step` points (half a character), none below its `min`, summing to
/// `total` again (the rounding goes to the widest column). An edit that lengthens a cell
/// moves the columns only when it shifts one by half a character: the other annexes, which
/// share the widths, are not laid out again for every keystroke in `huibao watch`.
fn snapped(widths: Vec<f64>, min: &[f64], step: f64, total: f64) -> Vec<f64> {
    if step <= 0.0 {
        return widths;
    }
    let mut out: Vec<f64> = widths
        .iter()
        .zip(min)
        .map(|(w, m)| ((w / step).round() * step).max(*m))
        .collect();
    let rest = total - out.iter().sum::<f64>();
    if let Some(widest) = out
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
    {
        out[widest] += rest;
    }
    out
}

/// Widths by `weights` between `min` and `cap` that sum to `total` (water-filling: each column
/// λ·weight clamped to its bounds, λ found by bisection); when every column is at its cap, the
/// room left is shared by weight.
fn weighted(weights: &[f64], min: &[f64], cap: &[f64], total: f64) -> Vec<f64> {
    let at = |lambda: f64| -> Vec<f64> {
        weights
            .iter()
            .zip(min.iter().zip(cap))
            .map(|(w, (lo, hi))| (lambda * w).clamp(*lo, *hi))
            .collect()
    };
    let cap_sum: f64 = cap.iter().sum();
    if cap_sum <= total {
        let weight_sum: f64 = weights.iter().sum();
        return cap
            .iter()
            .zip(weights)
            .map(|(c, w)| c + (total - cap_sum) * w / weight_sum)
            .collect();
    }
    let (mut lo, mut hi) = (
        0.0,
        total / weights.iter().copied().fold(f64::MAX, f64::min),
    );
    for _ in 0..60 {
        let mid = (lo + hi) / 2.0;
        if at(mid).iter().sum::<f64>() < total {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    at(hi)
}

/// The columns by class, in order of first appearance: `plan` × 3 is one group.
fn class_groups(columns: &[String]) -> Vec<Vec<usize>> {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for (c, class) in columns.iter().enumerate() {
        match groups.iter_mut().find(|(name, _)| *name == class.as_str()) {
            Some((_, members)) => members.push(c),
            None => groups.push((class, vec![c])),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

/// How many lines (each row's soft maximum over its cells, summed over the rows) `step`
/// points more (or, negative, fewer) for each column would save; nothing for a column the
/// step would take past `bound` (its longest line, or its floor).
fn column_changes(text: &ColumnText, widths: &[f64], bound: &[f64], step: f64) -> Vec<f64> {
    let n = widths.len();
    let room: Vec<bool> = (0..n)
        .map(|c| (widths[c] + step - bound[c]) * step.signum() <= 1e-9)
        .collect();
    let lines = |cell: (f32, u16), w: f64| -> f64 {
        let inner = (w - 2.0 * text.padding).max(1.0);
        (f64::from(cell.0) / inner).max(f64::from(cell.1))
    };
    let mut gain = vec![0.0f64; n];
    let mut powers = vec![0.0f64; n];
    for row in sample(&text.rows) {
        let cells = n.min(row.len());
        for c in 0..cells {
            powers[c] = lines(row[c], widths[c]).powi(SOFT_MAX);
        }
        let sum: f64 = powers[..cells].iter().sum();
        if sum <= 0.0 {
            continue;
        }
        // The soft maximum's slope: how much the row's height falls per unit its sum falls
        // (a step is small, so the first order is enough, and no root per cell is taken).
        let slope = sum.powf(1.0 / f64::from(SOFT_MAX)) / (f64::from(SOFT_MAX) * sum);
        for c in (0..cells).filter(|&c| room[c]) {
            let wider = lines(row[c], widths[c] + step).powi(SOFT_MAX);
            gain[c] += (powers[c] - wider) * slope;
        }
    }
    gain
}

/// Most rows the widths are weighed on: a longer table's rows are taken at an even stride
/// (the same ones every time), which decides its columns as well and keeps a 10,000-item
/// material fast.
const MAX_ROWS: usize = 2_048;

fn sample(rows: &[Vec<(f32, u16)>]) -> impl Iterator<Item = &Vec<(f32, u16)>> {
    rows.iter().step_by(rows.len().div_ceil(MAX_ROWS).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> TableStyle {
        serde_yaml::from_str("{columns: {}, padding: 0, rule: 0.5, max_unit_share: 0.5}").unwrap()
    }

    #[test]
    fn the_long_text_gets_the_room_and_the_short_names_keep_theirs() {
        // Three columns: a 600-character progress text, and two of one short name a row.
        let rows: Vec<Vec<(f32, u16)>> = (0..10)
            .map(|i| {
                let progress = if i == 0 { 6300.0 } else { 200.0 };
                vec![(progress, 1), (42.0, 1), (42.0, 1)]
            })
            .collect();
        let text = ColumnText {
            min: vec![21.0, 42.0, 42.0],
            natural: vec![6300.0, 42.0, 200.0],
            rows,
            padding: 0.0,
            em: 0.0,
        };
        let columns = ["progress".into(), "dept".into(), "support".into()];
        let widths = fit(&style(), &columns, &text, 400.0);
        assert!((widths.iter().sum::<f64>() - 400.0).abs() < 1e-6);
        // The departments keep their names on one line; the progress column takes the rest.
        assert!(widths[1] >= 42.0 && widths[1] < 60.0, "{widths:?}");
        assert!(widths[2] >= 42.0 && widths[2] < 60.0, "{widths:?}");
        assert!(widths[0] > 280.0, "{widths:?}");
    }

    #[test]
    fn when_every_line_fits_the_room_left_goes_by_weight() {
        let text = ColumnText {
            min: vec![10.0, 10.0],
            natural: vec![20.0, 20.0],
            rows: vec![vec![(20.0, 1), (20.0, 1)]],
            padding: 0.0,
            em: 0.0,
        };
        let mut table = style();
        table.columns.insert("a".into(), 1.0);
        table.columns.insert("b".into(), 3.0);
        let widths = fit(&table, &["a".into(), "b".into()], &text, 100.0);
        assert_eq!(widths, vec![35.0, 65.0]);
    }
}
