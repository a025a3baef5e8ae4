//! Word tokenisation shared by both metrics.
//!
//! Both origins tokenise with Python's `re.findall(r"\w+", text)`. Python's `\w`
//! matches `str.isalnum()` characters and `_`: letters (`L*`) and numbers (`N*`).
//! [`char::is_alphanumeric`] also accepts the `Other_Alphabetic` characters, which
//! Python treats as word breaks: combining marks (Arabic harakat, Devanagari vowel
//! signs, ...) and the circled and squared Latin letters (`ⓒ`, `🄰`, ...). We exclude
//! both, so tokens match Python's; this matters for reproducing the published
//! article-extraction scores (without it trafilatura's F1 and html-text's precision
//! move at the third decimal).

use unicode_normalization::char::is_combining_mark;

/// Returns the maximal runs of word characters in `text`, in order.
pub(crate) fn word_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (idx, character) in text.char_indices() {
        if is_word_char(character) {
            start.get_or_insert(idx);
        } else if let Some(begin) = start.take() {
            tokens.push(&text[begin..idx]);
        }
    }
    if let Some(begin) = start {
        tokens.push(&text[begin..]);
    }
    tokens
}

fn is_word_char(character: char) -> bool {
    if character == '_' {
        return true;
    }
    character.is_alphanumeric()
        && !is_combining_mark(character)
        && !is_enclosed_latin_letter(character)
}

/// The `Other_Alphabetic` symbols (general category `So`) of Unicode's PropList.
fn is_enclosed_latin_letter(character: char) -> bool {
    matches!(
        character,
        '\u{24B6}'..='\u{24E9}'
            | '\u{1F130}'..='\u{1F149}'
            | '\u{1F150}'..='\u{1F169}'
            | '\u{1F170}'..='\u{1F189}'
    )
}

#[cfg(test)]
mod tests {
    use super::word_tokens;

    #[test]
    fn splits_on_non_word_characters() {
        assert_eq!(word_tokens("Hello, world_1! 42"), ["Hello", "world_1", "42"]);
    }

    #[test]
    fn keeps_non_latin_words() {
        assert_eq!(word_tokens("Привет мир — 안녕하세요."), ["Привет", "мир", "안녕하세요"]);
    }

    #[test]
    fn combining_marks_break_words_like_python() {
        // Python: re.findall(r"\w+", "किताब مَكتب") == ['क', 'त', 'ब', 'م', 'كتب']
        assert_eq!(word_tokens("किताब مَكتب"), ["क", "त", "ब", "م", "كتب"]);
    }

    #[test]
    fn enclosed_letters_break_words_like_python() {
        // Python: re.findall(r"\w+", "ⓒEntermedia 🄰b") == ['Entermedia', 'b']
        assert_eq!(word_tokens("ⓒEntermedia 🄰b"), ["Entermedia", "b"]);
    }

    #[test]
    fn empty_and_punctuation_only_text_has_no_tokens() {
        assert!(word_tokens("").is_empty());
        assert!(word_tokens(" -- ... ").is_empty());
    }
}
