//! An annex table as an office lays it out (the seed's: a header row with 序号, 事项,
//! 对口合作交流内容, 预计完成时间, a column per plan year, 事项推进情况, 牵头领导, 牵头部门,
//! 配合部门; 序号 and 事项 merged down over an item's rows; a plan merged across the years it
//! covers; a left-out item's feedback in one cell across the columns after its content; 注
//! lines under the table; 附件N and the title above) read into items. Columns are found by
//! their titles, so a table with its columns in another order, a two-row header or no merges
//! at all reads the same. A cell whose place is not clear is listed with its cell, never
//! guessed.

use super::grid::Grid;

/// One annex read from a table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annex {
    /// 附件N above the table, when there.
    pub number: Option<u32>,
    /// The table's title (the text above it naming the table).
    pub title: String,
    /// The partner place named in the title (与永安市… → 永安市).
    pub partner: String,
    /// The plan years of its columns.
    pub years: Vec<u16>,
    /// Its items, in table order.
    pub items: Vec<Item>,
    /// The 注 lines under it, their 注： and numbers taken off.
    pub notes: Vec<String>,
}

/// One item (a 序号/事项 and its rows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    /// 事项.
    pub title: String,
    /// Its content rows.
    pub rows: Vec<Row>,
    /// For a left-out item: each department's feedback.
    pub excluded: Vec<Feedback>,
}

/// One content row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// 对口合作交流内容.
    pub content: String,
    /// 预计完成时间.
    pub due: String,
    /// (year or `2023-2025`, plan).
    pub plans: Vec<(String, String)>,
    /// 事项推进情况.
    pub progress: String,
    /// 牵头领导.
    pub lead_leader: String,
    /// 牵头部门.
    pub lead_dept: Vec<String>,
    /// 配合部门.
    pub support_depts: Vec<String>,
}

/// A department's reason for leaving an item out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feedback {
    /// 反馈处室, when the text names it (`环保处反馈：…`).
    pub by: Option<String>,
    /// The reason.
    pub text: String,
}

/// A cell whose text was not placed in the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplaced {
    /// Its cell (`项目表.xlsx 工作表“附件1” L7`).
    pub place: String,
    /// Its text.
    pub text: String,
    /// Why it was left.
    pub why: String,
}

/// What a column holds, from its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Seq,
    Title,
    Content,
    Due,
    Year(u16),
    Progress,
    Leader,
    Lead,
    Support,
    Unknown,
}

/// Where the header is and what each column holds.
struct Layout {
    header: std::ops::Range<usize>,
    columns: Vec<Column>,
}

/// The column a title names (spaces and line breaks inside it ignored).
fn column_of(title: &str) -> Column {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(year) = year_in(&t) {
        return Column::Year(year);
    }
    match t.as_str() {
        "序号" | "编号" => Column::Seq,
        "事项" | "合作事项" | "项目" => Column::Title,
        _ if t.contains("推进") || t.contains("进展") => Column::Progress,
        _ if t.contains("领导") => Column::Leader,
        _ if t.contains("牵头") => Column::Lead,
        _ if t.contains("配合") => Column::Support,
        _ if t.contains("完成时间") || t.contains("时限") => Column::Due,
        _ if t.contains("内容") => Column::Content,
        _ => Column::Unknown,
    }
}

/// The year a column title names: four digits followed by 年 (`2023年计划`).
fn year_in(title: &str) -> Option<u16> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w[..4].iter().collect();
        (w[4] == '年' && w[..4].iter().all(char::is_ascii_digit))
            .then(|| digits.parse::<u16>().ok())
            .flatten()
            .filter(|y| (1990..=2100).contains(y))
    })
}

/// Reads `grid` as an annex table; None when it has no header row with 序号 or 事项 and
/// 对口合作交流内容 (a sheet of notes, an empty sheet). Cells it cannot place go to `unplaced`.
pub fn annex(grid: &Grid, unplaced: &mut Vec<Unplaced>) -> Option<Annex> {
    let (header, columns) = header(grid)?;
    // huibao's own data sheet (明细, its last column the hidden 键) repeats the print sheet's
    // table a row at a time: a workbook huibao built is read from its print sheet.
    let key = crate::import::read::KEY_COLUMN;
    if grid.cells[header.start]
        .iter()
        .any(|c| c.text.trim() == key)
    {
        return None;
    }
    let body_start = header.end;
    let mut annex = Annex {
        years: columns
            .iter()
            .filter_map(|c| match c {
                Column::Year(y) => Some(*y),
                _ => None,
            })
            .collect(),
        ..Annex::default()
    };
    let mut above: Vec<(String, String)> = grid
        .before
        .iter()
        .map(|p| (grid.name(), p.clone()))
        .collect();
    for r in 0..header.start {
        above.extend(
            own_texts(grid, r)
                .into_iter()
                .map(|(c, t)| (grid.place(r, c), t)),
        );
    }
    read_above(&above, &mut annex, unplaced);
    let notes_start = (body_start..grid.cells.len())
        .find(|&r| first_text(grid, r).is_some_and(|t| t.starts_with('注')))
        .unwrap_or(grid.cells.len());
    let layout = Layout { header, columns };
    read_body(grid, &layout, body_start..notes_start, &mut annex, unplaced);
    let mut notes: Vec<String> = (notes_start..grid.cells.len())
        .flat_map(|r| own_texts(grid, r).into_iter().map(|(_, t)| t))
        .collect();
    notes.extend(grid.after.iter().cloned());
    annex.notes = split_notes(&notes);
    Some(annex)
}

/// The header rows and each column's meaning: the first row naming 序号 or 事项 and a
/// content column; a second row under it when that one names the years (a 年度计划 cell
/// merged over 2023年 / 2024年 / 2025年).
fn header(grid: &Grid) -> Option<(std::ops::Range<usize>, Vec<Column>)> {
    let width = grid.cells.first()?.len();
    let columns_of =
        |r: usize| -> Vec<Column> { (0..width).map(|c| column_of(grid.text(r, c))).collect() };
    let start = (0..grid.cells.len()).find(|&r| {
        let cols = columns_of(r);
        (cols.contains(&Column::Seq) || cols.contains(&Column::Title))
            && cols.contains(&Column::Content)
    })?;
    let mut columns = columns_of(start);
    let mut end = start + 1;
    if end < grid.cells.len() {
        let below = columns_of(end);
        // Years under a cell that named none (年度计划), and nothing under 序号 or 事项: a
        // body row's 预计完成时间 (2025年) is not a header.
        let names_years = columns
            .iter()
            .zip(&below)
            .any(|(above, b)| !matches!(above, Column::Year(_)) && matches!(b, Column::Year(_)));
        let keys_empty = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Column::Seq | Column::Title))
            .all(|(c, _)| {
                grid.cells[end][c].covered_by.is_some() || grid.cells[end][c].text.trim().is_empty()
            });
        if names_years && keys_empty {
            for (c, b) in columns.iter_mut().zip(below) {
                if b != Column::Unknown {
                    *c = b;
                }
            }
            end += 1;
        }
    }
    Some((start..end, columns))
}

/// The texts of row `r` that start there (a merge's first cell, or a cell on its own).
fn own_texts(grid: &Grid, r: usize) -> Vec<(usize, String)> {
    grid.cells[r]
        .iter()
        .enumerate()
        .filter(|(_, cell)| cell.covered_by.is_none() && !cell.text.trim().is_empty())
        .map(|(c, cell)| (c, cell.text.trim().to_string()))
        .collect()
}

fn first_text(grid: &Grid, r: usize) -> Option<String> {
    own_texts(grid, r).into_iter().next().map(|(_, t)| t)
}

/// 附件N and the title from the texts above the table; anything else is listed.
fn read_above(above: &[(String, String)], annex: &mut Annex, unplaced: &mut Vec<Unplaced>) {
    for (place, text) in above {
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let number = squeezed
            .strip_prefix("附件")
            .map(|n| n.trim_end_matches(['：', ':']))
            .and_then(|n| n.parse::<u32>().ok());
        if let Some(n) = number.filter(|_| annex.number.is_none()) {
            annex.number = Some(n);
        } else if annex.title.is_empty() && (squeezed.contains("表") || squeezed.contains("合作"))
        {
            annex.title = one_line(text);
        } else {
            unplaced.push(Unplaced {
                place: place.clone(),
                text: text.clone(),
                why: crate::tr!("from-why-above"),
            });
        }
    }
    annex.partner = partner_in(&annex.title).unwrap_or_default();
}

/// The partner a title names: after 与, up to the first unit of a place (市, 县, 区 …):
/// `浦东新区生态环境局与永安市生态环境领域…` → 永安市.
fn partner_in(title: &str) -> Option<String> {
    let (_, after) = title.split_once('与')?;
    let end = after
        .char_indices()
        .find(|(_, c)| "市县区州盟旗省".contains(*c))?;
    let name = &after[..end.0 + end.1.len_utf8()];
    (name.chars().count() >= 2).then(|| name.to_string())
}

/// A title or name on one line: line breaks inside it dropped (a cell wrapped by hand).
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<String>()
}

/// The items of the body rows.
fn read_body(
    grid: &Grid,
    layout: &Layout,
    rows: std::ops::Range<usize>,
    annex: &mut Annex,
    unplaced: &mut Vec<Unplaced>,
) {
    let columns = &layout.columns;
    let seq_col = columns.iter().position(|c| *c == Column::Seq);
    let title_col = columns.iter().position(|c| *c == Column::Title);
    let mut current: Option<(String, String)> = None;
    for r in rows {
        let texts = own_texts(grid, r);
        if texts.is_empty() {
            continue;
        }
        let starts = |col: Option<usize>, now: Option<&str>| -> bool {
            col.is_some_and(|c| {
                grid.cells[r][c].covered_by.is_none()
                    && !grid.cells[r][c].text.trim().is_empty()
                    && Some(grid.cells[r][c].text.trim()) != now
            })
        };
        let key = |c: Option<usize>| {
            c.map(|c| grid.text(r, c).trim().to_string())
                .unwrap_or_default()
        };
        let new_item = current.is_none()
            || starts(seq_col, current.as_ref().map(|k| k.0.as_str()))
            || starts(title_col, current.as_ref().map(|k| k.1.as_str()));
        if new_item {
            let title = key(title_col);
            if title.is_empty() && key(seq_col).is_empty() {
                for (c, text) in texts {
                    unplaced.push(Unplaced {
                        place: grid.place(r, c),
                        text,
                        why: crate::tr!("from-why-no-item"),
                    });
                }
                continue;
            }
            current = Some((key(seq_col), key(title_col)));
            annex.items.push(Item {
                title: one_line(&title),
                ..Item::default()
            });
        }
        let Some(item) = annex.items.last_mut() else {
            continue;
        };
        read_row(grid, layout, r, item, unplaced);
    }
}

/// One body row into `item`: a content row, or a left-out item's feedback (one cell across
/// the columns after the content).
fn read_row(grid: &Grid, layout: &Layout, r: usize, item: &mut Item, unplaced: &mut Vec<Unplaced>) {
    let columns = &layout.columns;
    let own = |c: usize| -> String {
        let cell = &grid.cells[r][c];
        if cell.covered_by.is_none() {
            cell.text.trim().to_string()
        } else {
            String::new()
        }
    };
    let content_col = columns.iter().position(|c| *c == Column::Content);
    let after: Vec<usize> = (content_col.map_or(0, |c| c + 1)..columns.len())
        .filter(|&c| {
            matches!(
                columns[c],
                Column::Due
                    | Column::Year(_)
                    | Column::Progress
                    | Column::Leader
                    | Column::Lead
                    | Column::Support
            )
        })
        .collect();
    let filled: Vec<usize> = after
        .iter()
        .copied()
        .filter(|&c| !own(c).is_empty())
        .collect();
    let years = columns
        .iter()
        .filter(|c| matches!(c, Column::Year(_)))
        .count();
    let feedback_cell = match filled.as_slice() {
        [c] => {
            let spans_years = grid.cells[r][*c].span.1 > years.max(2);
            (spans_years || own(*c).contains("反馈")).then_some(*c)
        }
        _ => None,
    };
    let mut row = Row::default();
    for (c, column) in columns.iter().enumerate() {
        let text = own(c);
        if text.is_empty() {
            continue;
        }
        match column {
            Column::Seq | Column::Title => {}
            Column::Content => row.content = text,
            _ if Some(c) == feedback_cell => item.excluded.extend(feedback(&text)),
            Column::Due => row.due = one_line(&text),
            Column::Year(year) => {
                let span = grid.cells[r][c].span.1;
                let last = (c..c + span)
                    .rev()
                    .find_map(|k| match columns.get(k) {
                        Some(Column::Year(y)) => Some(*y),
                        _ => None,
                    })
                    .unwrap_or(*year);
                let key = if last > *year {
                    format!("{year}-{last}")
                } else {
                    year.to_string()
                };
                row.plans.push((key, text));
            }
            Column::Progress => row.progress = text,
            Column::Leader => row.lead_leader = one_line(&text),
            Column::Lead => row.lead_dept = departments(&text),
            Column::Support => row.support_depts = departments(&text),
            Column::Unknown => unplaced.push(Unplaced {
                place: grid.place(r, c),
                text,
                why: crate::tr!(
                    "from-why-column",
                    header = one_line(&header_text(grid, &layout.header, c))
                ),
            }),
        }
    }
    if row != Row::default() {
        item.rows.push(row);
    }
}

/// A column's title (its text in the header rows), for messages.
fn header_text(grid: &Grid, header: &std::ops::Range<usize>, c: usize) -> String {
    header
        .clone()
        .map(|r| grid.text(r, c))
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Departments written in one cell: `市容环卫处、废管中心` → two.
fn departments(text: &str) -> Vec<String> {
    text.split(['、', '，', ',', '；', ';', '/', '\n'])
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

/// A feedback cell: `环保处反馈：…；督察处反馈：…` → one feedback per department (its text as
/// written, the separator kept); a text naming none is one feedback without a department.
fn feedback(text: &str) -> Vec<Feedback> {
    let mut starts: Vec<(usize, usize, String)> = Vec::new();
    for marker in ["反馈：", "反馈:"] {
        for (at, _) in text.match_indices(marker) {
            let name_start = text[..at]
                .char_indices()
                .rev()
                .take_while(|(_, c)| !c.is_whitespace() && !"；;。，,、：:".contains(*c))
                .last()
                .map_or(at, |(i, _)| i);
            let name = &text[name_start..at];
            if !name.is_empty() && name.chars().count() <= 20 {
                starts.push((name_start, at + marker.len(), name.to_string()));
            }
        }
    }
    starts.sort();
    if starts.is_empty() {
        return vec![Feedback {
            by: None,
            text: text.trim().to_string(),
        }];
    }
    let mut out = Vec::new();
    let lead = text[..starts[0].0].trim();
    if !lead.is_empty() {
        out.push(Feedback {
            by: None,
            text: lead.to_string(),
        });
    }
    for (i, (_, body_start, name)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |next| next.0);
        out.push(Feedback {
            by: Some(name.clone()),
            text: text[*body_start..end].trim().to_string(),
        });
    }
    out
}

/// 注 lines as notes: `注：1、甲` `2、乙` → [甲, 乙]; a line without a number continues the
/// note before it.
fn split_notes(lines: &[String]) -> Vec<String> {
    let mut notes: Vec<String> = Vec::new();
    for line in lines.iter().flat_map(|l| l.lines()) {
        let line = line.trim();
        let line = line
            .strip_prefix('注')
            .map_or(line, |rest| rest.trim_start_matches(['：', ':', ' ']));
        let unnumbered = strip_number(line);
        if unnumbered.len() != line.len() || notes.is_empty() {
            if !unnumbered.is_empty() {
                notes.push(unnumbered.to_string());
            }
        } else if let Some(last) = notes.last_mut() {
            last.push_str(line);
        }
    }
    notes
}

/// `1、甲` → `甲` (also `1.` `1．` `（1）`).
fn strip_number(line: &str) -> &str {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &line[digits..];
        if let Some(r) = rest
            .strip_prefix('、')
            .or_else(|| rest.strip_prefix('．'))
            .or_else(|| rest.strip_prefix(". "))
            .or_else(|| rest.strip_prefix('.'))
        {
            return r.trim_start();
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_is_split_by_department_and_keeps_every_character() {
        assert_eq!(
            feedback("环保处反馈：“双碳”行动暂无合作交流计划；督察处反馈：创建尚未开始。"),
            [
                Feedback {
                    by: Some("环保处".into()),
                    text: "“双碳”行动暂无合作交流计划；".into()
                },
                Feedback {
                    by: Some("督察处".into()),
                    text: "创建尚未开始。".into()
                }
            ]
        );
        assert_eq!(
            feedback("根据规定，无法合作。"),
            [Feedback {
                by: None,
                text: "根据规定，无法合作。".into()
            }]
        );
    }

    #[test]
    fn columns_notes_and_partners_are_read_from_their_words() {
        assert_eq!(column_of("预计完\n成时间"), Column::Due);
        assert_eq!(column_of("2024年计划"), Column::Year(2024));
        assert_eq!(column_of("牵头领 导"), Column::Leader);
        assert_eq!(column_of("备注"), Column::Unknown);
        assert_eq!(
            split_notes(&["注：1、甲事项".into(), "续写".into(), "2、乙".into()]),
            ["甲事项续写", "乙"]
        );
        assert_eq!(
            partner_in("浦东新区生态环境局与永安市生态环境领域合作交流项目表").as_deref(),
            Some("永安市")
        );
    }
}
