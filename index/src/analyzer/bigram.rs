//! Adjacent-syllable bigrams ("giay_phep") over folded words, standing in for Vietnamese word
//! segmentation: most Vietnamese words are two syllables, so a bigram match is a word match.

/// Join two folded syllables into one bigram term.
pub fn join(left: &str, right: &str) -> String {
    let mut s = String::with_capacity(left.len() + right.len() + 1);
    s.push_str(left);
    s.push('_');
    s.push_str(right);
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn joins_with_underscore() {
        assert_eq!(super::join("giay", "phep"), "giay_phep");
    }
}
