//! Masking of personal data (phone numbers, national ID numbers, e-mail addresses) in text kept
//! for analytics or written to logs.

const MASK: &str = "[đã ẩn]";

/// Replace runs of 9+ digits (allowing spaces, dots, dashes and a leading +, as phone and ID
/// numbers are written) and e-mail addresses with a mask.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || (c == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let mut j = i;
            let mut digits = 0;
            let mut end = i;
            while j < chars.len() {
                let d = chars[j];
                if d.is_ascii_digit() {
                    digits += 1;
                    end = j + 1;
                } else if !(matches!(d, ' ' | '.' | '-' | '+') && j + 1 < chars.len() && chars[j + 1].is_ascii_digit())
                {
                    break;
                }
                j += 1;
            }
            if digits >= 9 {
                out.push_str(MASK);
            } else {
                out.extend(&chars[i..end]);
            }
            i = end.max(i + 1);
            continue;
        }
        out.push(c);
        i += 1;
    }
    mask_emails(&out)
}

fn mask_emails(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let at = w.find('@');
            let dot_after = at.is_some_and(|a| w[a..].contains('.'));
            if at.is_some_and(|a| a > 0) && dot_after { MASK.to_string() } else { w.to_string() }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    fn check(input: &str, expected: &str) {
        assert_eq!(super::mask(input), expected, "{input}");
    }

    #[test]
    fn masks_phones_ids_and_emails_only() {
        check("gọi 0912 345 678 nhé", "gọi [đã ẩn] nhé");
        check("+84 912.345.678", "[đã ẩn]");
        check("CCCD 001203004567", "CCCD [đã ẩn]");
        check("mail a.b@gmail.com giúp", "mail [đã ẩn] giúp");
        check("Nghị định 98/2024/NĐ-CP, phí 70.000 đồng", "Nghị định 98/2024/NĐ-CP, phí 70.000 đồng");
        check("năm 2024", "năm 2024");
        check("", "");
    }
}
