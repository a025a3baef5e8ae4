//! Unicode and whitespace normalisation.

use unicode_normalization::UnicodeNormalization;

/// Normalises text for storage and comparison: NFC, `\r\n` and `\r` to `\n`, no-break and other
/// Unicode spaces to a plain space, zero-width characters and other invisible controls removed,
/// runs of spaces inside a line collapsed, lines trimmed. Blank lines are kept (at most one in a
/// row), since they separate paragraphs.
///
/// Idempotent: `normalize(&normalize(x)) == normalize(x)`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0usize;
    let mut line = String::new();
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    for raw_line in unified.split('\n') {
        line.clear();
        let mut pending_space = false;
        for c in raw_line.nfc() {
            if is_invisible(c) {
                continue;
            }
            if c.is_whitespace() {
                pending_space = !line.is_empty();
                continue;
            }
            if pending_space {
                line.push(' ');
                pending_space = false;
            }
            line.push(c);
        }
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        blank_run = 0;
        out.push_str(&line);
    }
    // NFC of a concatenation can differ from the concatenation of NFCs only at combining marks
    // that start a line, which the line-wise pass above already composed against nothing; one
    // more pass makes the function idempotent in every case.
    if out.nfc().eq(out.chars()) { out } else { out.nfc().collect() }
}

/// Characters that render as nothing and only get in the way of matching.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{200E}'
            | '\u{200F}'
    ) || (c.is_control() && c != '\n' && c != '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_spaces_and_keeps_paragraphs() {
        let text = "  Kim\u{00A0}Jong  Un\r\n\r\n\r\n\tmet   Putin.\u{200B}\nSecond line ";
        assert_eq!(normalize(text), "Kim Jong Un\n\nmet Putin.\nSecond line");
    }

    #[test]
    fn composes_to_nfc() {
        assert_eq!(normalize("Pe\u{0301}rez"), "Pérez");
    }
}
