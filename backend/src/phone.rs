//! Vietnamese phone numbers: what citizens type ("0912 345 678", "091.234.5678", "+84 912345678",
//! "024 3825 1234") normalised to E.164 ("+84912345678"), or a reason in Vietnamese.

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneError(pub &'static str);

/// Normalise a Vietnamese mobile or landline number to E.164.
pub fn normalize(input: &str) -> Result<String, PhoneError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(PhoneError("Vui lòng nhập số điện thoại."));
    }
    if s.chars().any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'))) {
        return Err(PhoneError("Số điện thoại chỉ gồm chữ số, có thể có dấu cách hoặc dấu chấm."));
    }
    let plus = s.starts_with('+');
    if s[1..].contains('+') {
        return Err(PhoneError("Dấu + chỉ được đặt ở đầu số điện thoại."));
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let national = match (plus, digits.strip_prefix("84")) {
        (true, Some(rest)) => rest.to_string(),
        (true, None) => return Err(PhoneError("Chỉ nhận số điện thoại Việt Nam (+84…).")),
        (false, Some(rest)) if digits.len() >= 11 && !digits.starts_with('0') => rest.to_string(),
        (false, _) => match digits.strip_prefix('0') {
            Some(rest) => rest.to_string(),
            None => return Err(PhoneError("Số điện thoại phải bắt đầu bằng 0 hoặc +84.")),
        },
    };
    let mobile = national.len() == 9 && matches!(national.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = national.len() == 10 && national.starts_with('2');
    if mobile || landline {
        Ok(format!("+84{national}"))
    } else {
        Err(PhoneError(
            "Số điện thoại không đúng: số di động gồm 10 chữ số (ví dụ 0912 345 678), số cố định gồm 11 chữ số (ví dụ 024 3825 1234).",
        ))
    }
}

/// A masked form for anyone but authorised staff: "+8491*****78".
pub fn masked(e164: &str) -> String {
    let n = e164.chars().count();
    e164.chars().enumerate().map(|(i, c)| if i >= 5 && i + 2 < n { '*' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Result<&str, ()>) {
        assert_eq!(normalize(input).map_err(|_| ()), expected.map(str::to_string), "{input:?}");
    }

    #[test]
    fn accepts_the_ways_numbers_are_written() {
        check("0912345678", Ok("+84912345678"));
        check("0912 345 678", Ok("+84912345678"));
        check("091.234.5678", Ok("+84912345678"));
        check("+84 912 345 678", Ok("+84912345678"));
        check("84912345678", Ok("+84912345678"));
        check("(024) 3825 1234", Ok("+842438251234"));
        check("0387-654-321", Ok("+84387654321"));
    }

    #[test]
    fn refuses_what_is_not_a_vietnamese_number() {
        for bad in [
            "",
            "abc",
            "091234567",
            "09123456789",
            "0112345678",
            "+1 202 555 0100",
            "12345",
            "09+12345678",
            "0612345678",
        ] {
            check(bad, Err(()));
        }
        assert!(normalize("abc").unwrap_err().0.contains("chữ số"));
    }

    #[test]
    fn masks_all_but_the_ends() {
        assert_eq!(masked("+84912345678"), "+8491*****78");
    }
}
