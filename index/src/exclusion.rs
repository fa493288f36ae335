//! Exclusion clauses in official names. "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật
//! (trừ cơ sở an toàn dịch bệnh theo yêu cầu của nước nhập khẩu)" is the procedure for every
//! establishment but the one its clause names. Read as title words, the clause would draw a
//! question about exactly that case ("… theo yêu cầu của nước nhập khẩu") to the procedure that
//! excludes it. So the clause is indexed with the body, and title coverage does not count it.

use unicode_normalization::UnicodeNormalization;

/// Words that open an exclusion when they follow "(" or "," ("(trừ …)", ", ngoại trừ …"), with
/// and without marks. "khấu trừ", "miễn trừ", "bù trừ" are not openings: the word before them is
/// not "(" or ",".
const OPENINGS: &[&str] =
    &["trừ", "ngoại trừ", "không bao gồm", "không áp dụng", "tru", "ngoai tru", "khong bao gom", "khong ap dung"];

/// The part of `title` that names what the procedure is for, and its exclusion clauses. A clause
/// opened inside parentheses runs to the closing one; after a comma, to the next ";" or the end.
pub fn split(title: &str) -> (String, Vec<String>) {
    let chars: Vec<char> = title.nfc().collect();
    let lower: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase()).collect();
    if lower.len() != chars.len() {
        // Lowercasing changed the length (no Vietnamese letter does): leave the title whole.
        return (title.to_string(), vec![]);
    }
    let mut kept = String::new();
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c == '(' || c == ',')
            && let Some(end) = clause_end(&chars, &lower, i)
        {
            let body: String = chars[i + 1..end].iter().collect::<String>().trim_end_matches(')').trim().to_string();
            clauses.push(body);
            // Keep what separates the rest: a comma clause ends the sentence part; parentheses
            // go with their clause.
            kept.push(' ');
            i = end;
            continue;
        }
        kept.push(c);
        i += 1;
    }
    (kept.split_whitespace().collect::<Vec<_>>().join(" "), clauses)
}

/// Where the exclusion clause that `chars[at]` ("(" or ",") opens ends (exclusive), if it opens
/// one.
fn clause_end(chars: &[char], lower: &[char], at: usize) -> Option<usize> {
    let mut start = at + 1;
    while start < chars.len() && chars[start].is_whitespace() {
        start += 1;
    }
    let opens = OPENINGS.iter().any(|o| {
        let o: Vec<char> = o.chars().collect();
        lower[start..].starts_with(&o) && lower.get(start + o.len()).is_some_and(|c| c.is_whitespace())
    });
    if !opens {
        return None;
    }
    // Nested parentheses inside the clause are skipped whole. The ")" that closes the clause's
    // own "(" belongs to the clause; one after a comma clause, or a ";", ends it.
    let in_parentheses = chars[at] == '(';
    let mut depth = 0usize;
    for (j, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            ')' => return Some(if in_parentheses { j + 1 } else { j }),
            ';' if depth == 0 && !in_parentheses => return Some(j),
            _ => {}
        }
    }
    Some(chars.len())
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn a_parenthesised_exclusion_leaves_the_title() {
        let (kept, clauses) = split(
            "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật (trừ cơ sở an toàn dịch bệnh theo yêu cầu của nước nhập khẩu)",
        );
        assert_eq!(kept, "Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động vật");
        assert_eq!(clauses, ["trừ cơ sở an toàn dịch bệnh theo yêu cầu của nước nhập khẩu"]);
    }

    #[test]
    fn text_after_the_clause_stays() {
        let (kept, clauses) = split(
            "Thủ tục chấp thuận tạm ngừng giao dịch từ 05 ngày làm việc trở lên (trừ trường hợp tạm ngừng giao dịch do sự kiện bất khả kháng) của tổ chức tín dụng phi ngân hàng",
        );
        assert_eq!(
            kept,
            "Thủ tục chấp thuận tạm ngừng giao dịch từ 05 ngày làm việc trở lên của tổ chức tín dụng phi ngân hàng"
        );
        assert_eq!(clauses.len(), 1);
    }

    #[test]
    fn a_comma_clause_runs_to_the_semicolon() {
        let (kept, clauses) = split("Xuất khẩu hàng hóa dưới năm triệu đồng, trừ hàng hóa phải có giấy phép; hàng mẫu");
        assert_eq!(kept, "Xuất khẩu hàng hóa dưới năm triệu đồng ; hàng mẫu");
        assert_eq!(clauses, ["trừ hàng hóa phải có giấy phép"]);
    }

    #[test]
    fn words_that_contain_trừ_are_not_exclusions() {
        for title in [
            "Khai thuế GTGT đối với phương pháp khấu trừ",
            "Thủ tục chuyển nhượng xe ô tô của đối tượng được hưởng quyền ưu đãi, miễn trừ",
            "Bù trừ, hoàn nộp thừa các loại thuế",
            "Thủ tục trừ lùi chứng nhận xuất xứ",
            "Cấp lại thẻ Căn cước",
            "(Trừ)",
            "",
        ] {
            let (kept, clauses) = split(title);
            assert!(clauses.is_empty(), "{title}");
            assert_eq!(kept, title.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    #[test]
    fn upper_case_and_an_unclosed_parenthesis() {
        let (kept, clauses) = split("Giao khu vực biển (TRỪ khu vực thuộc thẩm quyền của Bộ");
        assert_eq!(kept, "Giao khu vực biển");
        assert_eq!(clauses, ["TRỪ khu vực thuộc thẩm quyền của Bộ"]);
        // Typed without marks.
        assert_eq!(split("cap giay phep (tru xe may)").0, "cap giay phep");
    }
}
