//! A small tokenizer shared by the rule-based extractors: words, digit runs and single
//! punctuation characters, each with its byte range and whether whitespace precedes it.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A run of alphabetic characters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-whitespace character.
    Punct,
}

/// One token: its kind, byte range and whether whitespace (and a line break) comes before it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Whitespace between this token and the previous one (or text start).
    pub(crate) space: bool,
    /// A line break between this token and the previous one (or text start).
    pub(crate) newline: bool,
}

/// Splits `text` into tokens. Linear, never panics.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut space = true;
    let mut newline = true;
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            space = true;
            if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' {
                newline = true;
            }
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct
        };
        let mut end = start + c.len_utf8();
        if kind != Kind::Punct {
            while let Some(&(i, next)) = chars.peek() {
                let same = match kind {
                    Kind::Num => next.is_ascii_digit(),
                    _ => next.is_alphabetic() && !next.is_ascii_digit(),
                };
                if !same {
                    break;
                }
                end = i + next.len_utf8();
                chars.next();
            }
        }
        toks.push(Tok { kind, start, end, space, newline });
        space = false;
        newline = false;
    }
    toks
}

impl Tok {
    /// The token's text.
    pub(crate) fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether the token is `word`, ignoring ASCII case.
    pub(crate) fn is(&self, text: &str, word: &str) -> bool {
        self.text(text).eq_ignore_ascii_case(word)
    }

    /// Whether the token starts with an uppercase letter.
    pub(crate) fn capitalized(&self, text: &str) -> bool {
        self.text(text).chars().next().is_some_and(char::is_uppercase)
    }

    /// The numeric value of a digit token (None past 18 digits).
    pub(crate) fn num(&self, text: &str) -> Option<u64> {
        let digits = self.text(text);
        if self.kind != Kind::Num || digits.len() > 18 {
            return None;
        }
        digits.parse().ok()
    }

    /// The number of bytes (= digits) of a digit token.
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Whether `toks[i]` is one of `words` (ASCII case ignored).
pub(crate) fn is_any(toks: &[Tok], text: &str, i: usize, words: &[&str]) -> bool {
    toks.get(i).is_some_and(|t| t.kind == Kind::Word && words.iter().any(|w| t.is(text, w)))
}

/// Whether `toks[i]` is the punctuation character `c`.
pub(crate) fn is_punct(toks: &[Tok], text: &str, i: usize, c: &str) -> bool {
    toks.get(i).is_some_and(|t| t.kind == Kind::Punct && t.text(text) == c)
}

/// Whether `toks[i]` is a dash or hyphen of any kind.
pub(crate) fn is_dash(toks: &[Tok], text: &str, i: usize) -> bool {
    toks.get(i).is_some_and(|t| {
        t.kind == Kind::Punct && matches!(t.text(text), "-" | "–" | "—" | "‐" | "‑" | "−")
    })
}

/// Whether `toks[i]` ends a sentence or clause boundary strong enough to stop a look-back.
pub(crate) fn is_sentence_end(toks: &[Tok], text: &str, i: usize) -> bool {
    toks.get(i).is_some_and(|t| {
        t.kind == Kind::Punct && matches!(t.text(text), "." | "!" | "?" | ";" | "\u{201c}" | "\"")
    })
}
