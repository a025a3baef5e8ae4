//! Unicode and whitespace normalisation.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Normalises text for storage and comparison: NFC, `\r\n` and `\r` to `\n`, no-break and other
/// Unicode spaces to a plain space, zero-width characters and other invisible controls removed,
/// runs of spaces inside a line collapsed, lines trimmed. Blank lines are kept (at most one in a
/// row), since they separate paragraphs.
///
/// Idempotent: `normalize(&normalize(x)) == normalize(x)`.
pub fn normalize(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    // Text that passes NFC's quick check is in NFC, and so is every line of it (the check reads
    // each character's own properties and the order of combining marks, which a line keeps):
    // such lines skip the composing iterator, by far the costliest step here.
    let composed = is_nfc(&unified);
    let out = cleaned_lines(&unified, composed);
    // NFC of a concatenation can differ from the concatenation of NFCs only at combining marks
    // that start a line, which the line-wise pass above already composed against nothing; one
    // more pass makes the function idempotent in every case.
    if is_nfc(&out) || out.nfc().eq(out.chars()) { out } else { out.nfc().collect() }
}

/// The lines of `unified` (split at `\n` only) cleaned and joined, at most one blank line in a
/// row; each line composed to NFC unless `composed` says the text already is.
fn cleaned_lines(unified: &str, composed: bool) -> String {
    let mut out = String::with_capacity(unified.len());
    let mut blank_run = 0usize;
    let mut line = String::new();
    for raw_line in unified.split('\n') {
        line.clear();
        if composed {
            push_cleaned(&mut line, raw_line.chars());
        } else {
            push_cleaned(&mut line, raw_line.nfc());
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
    out
}

/// Appends a line's characters without invisible ones, runs of whitespace as one space, and
/// no leading or trailing space.
fn push_cleaned(line: &mut String, chars: impl Iterator<Item = char>) {
    let mut pending_space = false;
    for c in chars {
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
}

/// NFC's quick check: `true` means the text is in NFC; `false`, that it may not be.
fn is_nfc(text: &str) -> bool {
    is_nfc_quick(text.chars()) == IsNormalized::Yes
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

    /// The definition: every line composed, whatever the quick check says.
    fn composing_every_line(text: &str) -> String {
        let unified = text.replace("\r\n", "\n").replace('\r', "\n");
        cleaned_lines(&unified, false).nfc().collect()
    }

    proptest::proptest! {
        #[test]
        fn the_quick_check_path_equals_composing_every_line(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "e", "E", "\u{0301}", "\u{0327}", "\u{0308}", "\u{1100}", "\u{1161}", "한",
                    " ", "\u{00A0}", "\u{200B}", "\n", "\r\n", "\r", "Å", "\u{212B}", "ﬁ", "’",
                    "word", "\u{0344}", "\u{0F73}", "\u{00C5}", "\t",
                ]),
                0..24,
            )
        ) {
            let text = parts.concat();
            let normalized = normalize(&text);
            proptest::prop_assert_eq!(&normalized, &composing_every_line(&text));
            proptest::prop_assert_eq!(&normalize(&normalized), &normalized);
        }
    }
}
