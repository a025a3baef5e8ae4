//! Character decoding: UTF-8 when the bytes are UTF-8, otherwise the declared charset, otherwise a
//! guess by `chardetng`. Never fails: undecodable bytes become U+FFFD and the result says so.

use encoding_rs::Encoding;

use super::find;

/// Decoded text and, when decoding needed a guess or a repair, a warning for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, in UTF-8.
    pub text: String,
    /// A note for the user when the bytes were not plain UTF-8.
    pub warning: Option<String>,
}

/// Decodes plain text: UTF-8 (a BOM is dropped), else the encoding `chardetng` guesses.
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let warning = had_errors.then(|| format!("invalid {} replaced", encoding.name()));
        return Decoded { text: text.into_owned(), warning };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded { text: text.to_owned(), warning: None },
        Err(err) => guess(bytes, err.valid_up_to(), None),
    }
}

/// Decodes an HTML page: BOM, then the charset declared in `declared` (an HTTP `Content-Type`)
/// or in a `<meta>` tag, then UTF-8 if valid, then a guess.
pub fn decode_html(bytes: &[u8], declared: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded { text: text.into_owned(), warning: None };
    }
    let declared = declared
        .and_then(charset_from_content_type)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(8192)]));
    let utf8_error = std::str::from_utf8(bytes).err();
    match declared {
        // A page declaring UTF-8 that is not UTF-8 is common: fall through to the guess.
        Some(encoding) if encoding != encoding_rs::UTF_8 => {
            // Pages often declare a legacy charset but are really UTF-8; valid multi-byte UTF-8
            // is very unlikely to occur by chance, so prefer it.
            if utf8_error.is_none() && bytes.iter().any(|byte| *byte >= 0x80) {
                return Decoded { text: utf8_lossless(bytes), warning: None };
            }
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            let warning = had_errors.then(|| format!("invalid {} replaced", encoding.name()));
            Decoded { text: text.into_owned(), warning }
        }
        _ => match utf8_error {
            None => Decoded { text: utf8_lossless(bytes), warning: None },
            Some(err) => guess(bytes, err.valid_up_to(), declared.map(|_| "UTF-8")),
        },
    }
}

fn utf8_lossless(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn guess(bytes: &[u8], valid_up_to: usize, declared: Option<&str>) -> Decoded {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut warning = match declared {
        Some(declared) => format!(
            "declared {declared} but invalid at byte {valid_up_to}; decoded as {} (guessed)",
            encoding.name()
        ),
        None => format!(
            "not valid UTF-8 (first bad byte at {valid_up_to}); decoded as {} (guessed)",
            encoding.name()
        ),
    };
    if had_errors {
        warning.push_str(", some bytes replaced");
    }
    Decoded { text: text.into_owned(), warning: Some(warning) }
}

/// The encoding named by a `Content-Type` value's `charset` parameter.
pub(crate) fn charset_from_content_type(value: &str) -> Option<&'static Encoding> {
    let lower = value.to_ascii_lowercase();
    let index = lower.find("charset=")?;
    let rest = lower[index + "charset=".len()..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// Finds `<meta charset=…>` or `<meta http-equiv=… content="…charset=…">` in the page head.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(offset) = find(&lower[from..], b"<meta") {
        let start = from + offset;
        let end = find(&lower[start..], b">").map_or(lower.len(), |end| start + end);
        let tag = String::from_utf8_lossy(&lower[start..end]);
        if let Some(encoding) = charset_from_content_type(&tag) {
            return Some(encoding);
        }
        from = end.max(start + 5);
        if from >= lower.len() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        assert_eq!(decode_text("Kim Jong-un’s train".as_bytes()).text, "Kim Jong-un’s train");
        assert_eq!(decode_text("Kim Jong-un’s train".as_bytes()).warning, None);
    }

    #[test]
    fn latin1_text_is_guessed_with_a_warning() {
        let bytes = b"Caf\xe9 au lait in M\xfcnchen, a long enough sentence for detection.";
        let decoded = decode_text(bytes);
        assert_eq!(decoded.text, "Café au lait in München, a long enough sentence for detection.");
        assert!(decoded.warning.unwrap().contains("not valid UTF-8"));
    }

    #[test]
    fn html_meta_charset_wins_over_guess() {
        let bytes =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body>Gr\xfc\xdfe</body></html>";
        assert!(decode_html(bytes, None).text.contains("Grüße"));
        let bytes = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(decode_html(bytes, None).text.contains("Привет"));
    }

    #[test]
    fn declared_legacy_but_really_utf8() {
        let bytes = "<meta charset=\"iso-8859-1\"><p>Grüße</p>".as_bytes();
        assert!(decode_html(bytes, None).text.contains("Grüße"));
    }

    #[test]
    fn http_header_charset() {
        let bytes = b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        assert!(
            decode_html(bytes, Some("text/html; charset=windows-1251")).text.contains("Привет")
        );
    }
}
