//! Tera filters for Chinese documents.

use std::collections::HashMap;
use tera::{Result, Value, to_value, try_get_value};

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// Writes `n` in Chinese numerals as used in headings and counts: 3 → 三, 10 → 十, 21 → 二十一,
/// 105 → 一百零五.
pub fn zh_number(n: u64) -> String {
    if n < 10 {
        return DIGITS[n as usize].to_string();
    }
    if n < 20 {
        return format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        );
    }
    let units = [
        (100_000_000, "亿"),
        (10_000, "万"),
        (1000, "千"),
        (100, "百"),
        (10, "十"),
    ];
    let mut out = String::new();
    let mut rest = n;
    let mut zero_pending = false;
    for (value, name) in units {
        let q = rest / value;
        rest %= value;
        if q > 0 {
            if zero_pending {
                out.push('零');
            }
            out.push_str(&if value >= 10_000 {
                zh_number(q)
            } else {
                DIGITS[q as usize].to_string()
            });
            out.push_str(name);
            zero_pending = false;
        } else if !out.is_empty() {
            zero_pending = true;
        }
    }
    if rest > 0 {
        if zero_pending {
            out.push('零');
        }
        out.push_str(DIGITS[rest as usize]);
    }
    out
}

/// `{{ 3 | zh_num }}` → 三.
pub fn zh_num(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let n = try_get_value!("zh_num", "value", u64, value);
    Ok(to_value(zh_number(n))?)
}

/// `{{ ["水环境","土壤"] | zh_quote }}` → “水环境”“土壤”.
pub fn zh_quote(value: &Value, _: &HashMap<String, Value>) -> Result<Value> {
    let items = try_get_value!("zh_quote", "value", Vec<String>, value);
    Ok(to_value(
        items.iter().map(|s| format!("“{s}”")).collect::<String>(),
    )?)
}

/// Registers huibao's filters on a Tera instance.
pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("zh_num", zh_num);
    tera.register_filter("zh_quote", zh_quote);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let cases = [
            (0, "零"),
            (3, "三"),
            (10, "十"),
            (11, "十一"),
            (21, "二十一"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (20_000, "二万"),
            (10_010, "一万零一十"),
        ];
        for (n, s) in cases {
            assert_eq!(zh_number(n), s, "{n}");
        }
    }

    #[test]
    fn quoting() {
        let v = to_value(vec!["水环境", "土壤"]).unwrap();
        assert_eq!(zh_quote(&v, &HashMap::new()).unwrap(), "“水环境”“土壤”");
    }
}
