//! Compact text encodings for values stored in one column.

use parallax_core::model::Span;

/// Spans as `start:end` pairs separated by spaces.
pub(crate) fn encode_spans(spans: &[Span]) -> String {
    let mut out = String::with_capacity(spans.len() * 10);
    for (index, span) in spans.iter().enumerate() {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(&span.start.to_string());
        out.push(':');
        out.push_str(&span.end.to_string());
    }
    out
}

/// The inverse of [`encode_spans`]; `None` on malformed input.
pub(crate) fn decode_spans(text: &str) -> Option<Vec<Span>> {
    text.split_whitespace()
        .map(|pair| {
            let (start, end) = pair.split_once(':')?;
            Some(Span { start: start.parse().ok()?, end: end.parse().ok()? })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_roundtrip() {
        let spans = vec![Span { start: 0, end: 12 }, Span { start: 14, end: 30 }];
        assert_eq!(decode_spans(&encode_spans(&spans)), Some(spans));
        assert_eq!(decode_spans(""), Some(vec![]));
        assert_eq!(decode_spans("1:x"), None);
    }
}
