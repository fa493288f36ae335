//! Turns a content record into a readable card: fees with the amount in đồng first and the
//! conditions after, the online-filing discount when the content states one, documents as a
//! checklist, steps as numbered steps. Only content text is used.

use dvc_api::{Card, DocKind, Document, Faq, FeeLine, Procedure};

/// Build the card of a document; `content_date` is the date of the content version.
pub fn card(doc: &Document, content_date: &str) -> Card {
    match doc {
        Document::Procedure(p) => procedure_card(p, content_date),
        Document::Faq(f) => faq_card(f, content_date),
    }
}

fn procedure_card(p: &Procedure, content_date: &str) -> Card {
    let mut fees: Vec<FeeLine> =
        p.submission_methods.iter().filter_map(|m| m.fee.as_deref().map(|f| fee_line(Some(&m.channel), f))).collect();
    if fees.is_empty()
        && let Some(f) = &p.fees
    {
        fees = f.split("; ").map(|f| fee_line(None, f)).collect();
    }
    let processing_time = {
        let per: Vec<String> = p
            .submission_methods
            .iter()
            .filter_map(|m| m.processing_time.as_ref().map(|t| format!("{}: {t}", m.channel)))
            .collect();
        if per.is_empty() { p.processing_time.iter().cloned().collect() } else { dedupe_channels(per) }
    };
    let documents = match (&p.documents, &p.documents_text) {
        (Some(d), _) if !d.is_empty() => d
            .iter()
            .map(|d| {
                let name = clean_item(&d.name);
                match &d.quantity {
                    Some(q) => format!("{name} ({q})"),
                    None => name,
                }
            })
            .collect(),
        (_, Some(text)) => lines(text),
        _ => vec![],
    };
    Card {
        id: p.id.clone(),
        kind: DocKind::Procedure,
        title: p.name.clone(),
        source_url: p.source_url.clone(),
        source: p.publisher.as_ref().map(|pbl| format!("Cổng Dịch vụ công quốc gia – {pbl}")),
        decision_no: p.decision_no.clone(),
        legal_basis: p.legal_basis.clone().unwrap_or_default(),
        content_date: content_date.to_string(),
        agency: p.agency.clone(),
        field: p.field.clone(),
        processing_time,
        online_discount: online_discount(&fees),
        fees,
        documents,
        steps: p.steps.as_deref().map(lines).unwrap_or_default(),
        online_level: p.online_level.clone(),
        target: p.target.clone(),
        answer: vec![],
        reviewed: true,
        online_url: p.online_url.clone(),
        local_notes: p.local_notes.clone(),
    }
}

fn faq_card(f: &Faq, content_date: &str) -> Card {
    Card {
        id: f.id.clone(),
        kind: DocKind::Faq,
        title: f.question.clone(),
        source_url: None,
        source: f.source.clone(),
        decision_no: None,
        legal_basis: vec![],
        content_date: content_date.to_string(),
        agency: f.agency.clone(),
        field: f.category.clone(),
        processing_time: vec![],
        fees: vec![],
        online_discount: None,
        documents: vec![],
        steps: vec![],
        online_level: None,
        target: None,
        answer: lines(&f.answer),
        reviewed: f.reviewed,
        online_url: None,
        local_notes: None,
    }
}

/// When every channel has the same time, say it once.
fn dedupe_channels(per: Vec<String>) -> Vec<String> {
    let values: Vec<&str> = per.iter().filter_map(|s| s.split_once(": ").map(|(_, v)| v)).collect();
    if values.len() > 1 && values.iter().all(|v| *v == values[0]) { vec![values[0].to_string()] } else { per }
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(clean_item).filter(|l| !l.is_empty()).collect()
}

/// Strip list markers the source glued to items ("- ", "+ ", "a) ").
fn clean_item(s: &str) -> String {
    let t = s.trim().trim_start_matches(['-', '+', '•', '*']).trim();
    t.to_string()
}

/// Split a published fee into its amount and its conditions:
/// "20,000 VNĐ (Theo khoản 1 …)" → amount "20.000 đồng", detail "Theo khoản 1 …".
pub fn fee_line(channel: Option<&str>, fee: &str) -> FeeLine {
    let fee = fee.trim();
    let channel = channel.map(str::to_string);
    let (head, detail) = match fee.find(" (") {
        Some(i) if fee.ends_with(')') => (&fee[..i], Some(fee[i + 2..fee.len() - 1].trim().to_string())),
        _ => (fee, None),
    };
    let amount = match parse_amount(head) {
        Some(n) => format!("{} đồng", group_thousands(n)),
        None => head.trim().to_string(),
    };
    FeeLine { channel, amount, detail: detail.filter(|d| !d.is_empty()) }
}

/// An amount such as "20,000 VNĐ", "Phí: 250.000 VND", "100.000 đồng" in đồng.
fn parse_amount(s: &str) -> Option<u64> {
    let folded = dvc_index::analyzer::fold(&s.to_lowercase());
    if !["vnd", "dong"].iter().any(|u| folded.contains(u)) {
        return None;
    }
    let digits: String = s
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// "Nộp trực tuyến: 10.000 đồng thay vì 20.000 đồng" when the online fee is lower than another channel's.
fn online_discount(fees: &[FeeLine]) -> Option<String> {
    let amount = |f: &FeeLine| -> Option<u64> { f.amount.strip_suffix(" đồng")?.replace('.', "").parse().ok() };
    let online = fees.iter().find(|f| f.channel.as_deref() == Some("Trực tuyến")).and_then(amount)?;
    let other = fees.iter().filter(|f| f.channel.as_deref() != Some("Trực tuyến")).filter_map(amount).max()?;
    (online < other)
        .then(|| format!("Nộp trực tuyến: {} đồng thay vì {} đồng", group_thousands(online), group_thousands(other)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(fee: &str, amount: &str, detail: Option<&str>) {
        let f = fee_line(None, fee);
        assert_eq!((f.amount.as_str(), f.detail.as_deref()), (amount, detail), "{fee}");
    }

    #[test]
    fn fees_show_the_amount_first_then_the_conditions() {
        check(
            "20,000 VNĐ (Theo khoản 1 Điều 3 Thông tư số 172/2010/TT-BTC)",
            "20.000 đồng",
            Some("Theo khoản 1 Điều 3 Thông tư số 172/2010/TT-BTC"),
        );
        check("Miễn phí (Mức lệ phí do HĐND tỉnh quyết định)", "Miễn phí", Some("Mức lệ phí do HĐND tỉnh quyết định"));
        check("Phí: 250.000 VND", "250.000 đồng", None);
        check("Lệ phí : 1000000 Đồng", "1.000.000 đồng", None);
        check("Theo quy định", "Theo quy định", None);
    }

    #[test]
    fn online_discount_is_stated_when_lower() {
        let fees = vec![fee_line(Some("Trực tiếp"), "20.000 Đồng"), fee_line(Some("Trực tuyến"), "10.000 Đồng")];
        assert_eq!(online_discount(&fees).as_deref(), Some("Nộp trực tuyến: 10.000 đồng thay vì 20.000 đồng"));
        let same = vec![fee_line(Some("Trực tiếp"), "Miễn phí"), fee_line(Some("Trực tuyến"), "Miễn phí")];
        assert_eq!(online_discount(&same), None);
    }

    #[test]
    fn list_markers_are_stripped() {
        assert_eq!(lines("- Tờ khai;\n\n+ Giấy tờ"), vec!["Tờ khai;", "Giấy tờ"]);
    }
}
