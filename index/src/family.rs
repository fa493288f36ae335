//! Families of procedures whose names begin alike, and questions that name another member.
//!
//! "Cấp lại chứng chỉ hành nghề luật sư …", "… thú y", "… Quản tài viên …" are one family: the
//! word where a name parts from a sibling's names the member. A question that holds the words the
//! family shares and goes on with a member of its own ("… cấp lại chứng chỉ hành nghề biên tập")
//! asks about a procedure the content does not hold, though it shares nearly every word with one
//! that it does. Ranking keeps that card first, the nearest there is; the confidence says it is
//! not the one asked for.

use crate::confidence::QueryTerms;
use crate::stopwords;

/// The fewest words a name shares from its start with a sibling's (after "Thủ tục" and "đề
/// nghị") for them to be one family: two are often just an action ("Cấp lại", "Đăng ký").
const FAMILY_MIN: usize = 3;

/// The most words a question's member ([`names_other`]) and a title's are read over.
const MEMBER_WORDS: usize = 3;

/// Words that only say a procedure is one ("Thủ tục") or is asked for ("đề nghị"), not which.
const PREAMBLES: &[[&str; 2]] = &[["thu", "tuc"], ["de", "nghi"]];

/// A name without its preambles ([`PREAMBLES`]), and how many words they took.
fn body(title: &[String]) -> (usize, &[String]) {
    let mut skip = 0;
    while let Some(p) =
        PREAMBLES.iter().find(|p| title.len() > skip + 2 && title[skip] == p[0] && title[skip + 1] == p[1])
    {
        skip += p.len();
    }
    (skip, &title[skip..])
}

/// Where each name parts from a sibling's: for each title (folded words), every position after a
/// beginning of at least [`FAMILY_MIN`] words it shares with another name, where both go on with
/// different words. Positions index the whole title, preambles included.
pub fn partings(titles: &[&[String]]) -> Vec<Vec<usize>> {
    let bodies: Vec<(usize, &[String])> = titles.iter().map(|t| body(t)).collect();
    let mut order: Vec<usize> = (0..titles.len()).collect();
    order.sort_by(|&a, &b| bodies[a].1.cmp(bodies[b].1));
    let common = |a: &[String], b: &[String]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let mut out = vec![Vec::new(); titles.len()];
    // In sorted order a name's family are its neighbours, as long as they share FAMILY_MIN words.
    for (at, &i) in order.iter().enumerate() {
        let (skip, name) = bodies[i];
        let shared = |&j: &usize| (j, common(name, bodies[j].1));
        let before = order[..at].iter().rev().map(shared).take_while(|&(_, n)| n >= FAMILY_MIN);
        let after = order[at + 1..].iter().map(shared).take_while(|&(_, n)| n >= FAMILY_MIN);
        let parts = before.chain(after).filter(|&(j, n)| n < name.len() && n < bodies[j].1.len());
        out[i] = parts.map(|(_, n)| skip + n).collect();
        out[i].sort_unstable();
        out[i].dedup();
    }
    out
}

/// Whether the question names another member of the family than the procedure `title` (folded
/// words; `marked` the same with their marks) at one of its `partings`: it holds the two words
/// before the parting side by side and goes on with content words of which one is not in the
/// title ("… chứng chỉ hành nghề biên tập" against "… chứng chỉ hành nghề Quản tài viên …"),
/// while it does not name the title's own member. A question that names the title's member
/// anywhere, or names none, is not about another one.
pub fn names_other(query: &QueryTerms<'_>, title: &[String], marked: &[String], partings: &[usize]) -> bool {
    let plan = query.plan();
    let words = &plan.words;
    let fits = |i: usize, k: usize| {
        words[i].folded == title[k]
            && words[i].accented.as_deref().filter(|_| !words[i].restored).is_none_or(|a| a == marked[k])
    };
    let in_title = |w: &str| title.iter().any(|t| t == w);
    // A word a synonym phrase in the title stands for ("bảo hiểm y tế" for "BHYT") is in the title.
    let by_phrase = |i: usize| {
        plan.expansions.iter().any(|e| e.start <= i && i < e.start + e.len && e.phrase.iter().all(|p| in_title(&p.1)))
    };
    let content = |k: &usize| stopwords::weight_of(&marked[*k]) >= 0.5;
    let aspect = query.aspect_words();
    partings.iter().any(|&d| {
        // The title's member: its first content words after the parting, named when the question
        // holds each of their pairs ("trung học cơ sở" is not named by "… trung học phổ thông").
        let window = d..(d + MEMBER_WORDS).min(title.len());
        let member: Vec<usize> = window.skip_while(|k| !content(k)).take_while(content).collect();
        let named = match member.as_slice() {
            [] => return false,
            [one] => query.holds(title, marked, *one),
            more => more[..more.len() - 1].iter().all(|&k| query.holds_pair(title, marked, k)),
        };
        // The question's member: the content words right after the shared ones, up to a word that
        // asks about a side of the procedure ("… thi đua gồm những gì"), one of them not in the title.
        let own = |from: usize| {
            (from..(from + MEMBER_WORDS).min(words.len()))
                .take_while(|&i| words[i].weight >= CONTENT && !aspect[i])
                .any(|i| !in_title(&words[i].folded) && !by_phrase(i))
        };
        !named && (2..words.len()).any(|j| fits(j - 2, d - 2) && fits(j - 1, d - 1) && own(j))
    })
}

/// The least weight of a word that names something ([`stopwords::weight`]).
const CONTENT: f32 = 0.9;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyzer::analyze;
    use crate::query::{Plan, QWord};

    fn plan(text: &str) -> Plan {
        let words = analyze(text)
            .into_iter()
            .map(|w| {
                let weight = stopwords::weight(&w.accented, &w.folded);
                let accented = (w.accented != w.folded).then_some(w.accented);
                QWord { accented, folded: w.folded, weight, unknown: false, idf: 1.0, restored: false }
            })
            .collect();
        Plan::new(words, vec![])
    }

    /// Whether `query` names another member of the family of `title` than it, among `siblings`.
    fn other(query: &str, title: &str, siblings: &[&str]) -> bool {
        let titles: Vec<Vec<String>> = std::iter::once(title).chain(siblings.iter().copied()).map(words).collect();
        let refs: Vec<&[String]> = titles.iter().map(Vec::as_slice).collect();
        let marked: Vec<String> = analyze(title).into_iter().map(|a| a.accented).collect();
        let plan = plan(query);
        names_other(&QueryTerms::new(&plan), &titles[0], &marked, &partings(&refs)[0])
    }

    #[test]
    fn a_question_may_name_another_member() {
        let school = "Cho phép trường trung học cơ sở, trường phổ thông có nhiều cấp học có cấp học cao nhất là trung học cơ sở hoạt động giáo dục";
        let primary = ["Cho phép trường tiểu học hoạt động giáo dục"];
        assert!(other(
            "Tôi muốn biết thủ tục cho phép trường dân tộc nội trú có cấp học cao nhất là trung học phổ thông hoạt động giáo dục",
            school,
            &primary
        ));
        assert!(other(
            "Toi muon biet thu tuc cho phep truong dan toc noi tru co cap hoc cao nhat la trung hoc pho thong hoat dong",
            school,
            &primary
        ));
        assert!(!other("cho phép trường trung học cơ sở hoạt động giáo dục", school, &primary));
        assert!(!other("cho phép trường hoạt động giáo dục", school, &primary));
    }

    fn words(t: &str) -> Vec<String> {
        analyze(t).into_iter().map(|a| a.folded).collect()
    }

    #[test]
    fn names_part_where_siblings_differ() {
        let titles = [
            words("Cấp lại chứng chỉ hành nghề luật sư"),
            words("Cấp lại chứng chỉ hành nghề Quản tài viên"),
            words("Thủ tục đề nghị xét tặng danh hiệu Chiến sĩ thi đua cơ sở"),
            words("Thủ tục đề nghị xét tặng danh hiệu Chiến sĩ thi đua Bộ Xây dựng"),
            words("Cấp lại thẻ Căn cước"),
            words("Cấp lại Giấy phép lái xe"),
        ];
        let refs: Vec<&[String]> = titles.iter().map(Vec::as_slice).collect();
        let p = partings(&refs);
        assert_eq!(p[0], [6]);
        assert_eq!(p[1], [6]);
        // "Thủ tục đề nghị" is preamble: the shared beginning is "xét tặng … thi đua".
        assert_eq!(p[2], [12]);
        // "Cấp lại" alone does not make a family.
        assert!(p[4].is_empty() && p[5].is_empty());
    }
}
