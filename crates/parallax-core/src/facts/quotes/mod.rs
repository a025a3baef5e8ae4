//! Attributions: who (source) said (cue) what (content), found with rules and a learned cue
//! detector (`cues.rs`: a perceptron fitted on PolNeAR train, shipped as a 0.3 MB weights file).
//! The detector proposes cue verbs the lexicon lacks and vetoes lexicon verbs it scores low; the
//! rules below find every source and content. [`CueOptions::rules_only`] runs the rules alone.
//! A learned span tagger (`spans.rs`, 0.87 MB of weights) then adds attributions the rules have
//! no construction for, when it is confident, has a source (its own, or the one the rules find
//! for its cue; none for an agentless passive such as "it is believed") and overlaps no rule
//! attribution ([`attributions_tagged`], [`SpanOptions`]).
//!
//! The text is tokenised once; quotation marks are paired paragraph by paragraph (curly quotes by
//! shape, straight quotes by the space before them; a quote left open at a paragraph's end runs to
//! that end). Then, sentence by sentence, every cue outside a quotation is tried:
//!
//! - **cue verbs** from a lexicon of lemmas with their inflections (`said`, `warns`, `believed`,
//!   `tweeting`…): speech, writing, beliefs and findings ("polls show"). Auxiliaries and adverbs
//!   right before the verb belong to the cue ("has also said"). Infinitives ("declined to say")
//!   and passives ("is expected") are skipped.
//! - **`according to X`** and **`as <participle> by X`** ("as indicated by a U.S. official").
//! - **statement nouns** (`statement`, `announcement`, `claims`, `report`…) whose source is a
//!   possessor or a `from`/`by`/`of` phrase naming an entity or an organisation, with a content
//!   after them: a `that` clause ("a statement by the Pentagon that …", cue = the noun), a
//!   participle cue ("a report from Reuters saying …", cue = the participle) or, where the
//!   statement phrase is an adjunct ("follows the White House's announcement concerning …"), a
//!   topic. A participle after a comma takes such a phrase as its source ("… follows
//!   statements from the White House, revealing that …") when the phrase is an adjunct and the
//!   sentence has no speaking subject of its own (a name or a pronoun).
//!
//! The **source** is the noun phrase before the cue, back to the previous clause boundary
//! (punctuation, a conjunction, a subordinator), cut at the last personal pronoun inside it.
//! When the cue follows a comma-enclosed appositive or relative clause ("Adrienne Watson, a
//! National Security Council spokeswoman, affirmed"), the source is the whole phrase, name and
//! appositive together (as PolNeAR annotates it). Without a subject before the cue, an inverted
//! subject is taken ("…,” said John Kirby."). Pronouns are kept as sources.
//!
//! The **content** is what the cue governs: the rest of the sentence after the cue (after a
//! `that` or a colon), or, when the cue ends its clause ("…, she said on Tuesday."), the
//! sentence before the source; both parts when the cue interrupts the sentence ("The plan, he
//! said, is dead."). A content that is a quotation runs to the quotation's end, across
//! sentences. A quotation that opens a later sentence, without a cue of its own, continues the
//! last direct attribution when nothing stands between them.
//!
//! Attributions without a source: raising verbs ("Trump seemed to agree", "the bill is expected
//! to pass": content = subject + complement) and "when asked about X". A paragraph opening with
//! a short capitalised name and a colon ("Kasich: ‘We Will Win’", "TAPPER: …") is an attribution
//! whose cue is the colon.
//!
//! Cues inside a quotation are not tried. A cue inside the content of an earlier attribution of
//! the same sentence is kept only when its clause does not open that content ("He said he
//! believes …" is one relation; "… policies, which he said had failed" is two, and the first
//! content is cut before the second); PolNeAR puts each token in at most one attribution.
//!
//! Precision over recall: a cue without a plausible subject, content or inverted speaker gives
//! nothing. Tokenising, quote pairing and the sentence passes are linear in the text (small
//! windows around each cue); marking direct content and continuing quotations compare
//! attributions with quotations, O(attributions × quotations), fine for articles but not for
//! one pathological multi-megabyte text full of both.

mod cues;
pub(crate) mod lexicon;
mod spans;

use crate::model::Span;
pub use cues::{CueModel, CueOptions, CueTrainer, ModelError};
use lexicon::{
    cannot_end_subject, cue_lemma, is_auxiliary, is_blocked_form, is_clause_boundary,
    is_determiner, is_month, is_organisation_noun, is_relative, is_statement_adjective,
    is_statement_noun, is_subject_pronoun, is_trailing_preposition,
};
pub use spans::{GoldAttribution, SpanMode, SpanModel, SpanOptions, SpanTrainer};

/// One attribution relation found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The speaker as written ("John Kirby", "a White House spokesman", "he"), if any.
    pub source: Option<Span>,
    /// The cue ("said", "according to", "warned").
    pub cue: Option<Span>,
    /// The content: what was said or reported; several spans when the cue interrupts it.
    pub content: Vec<Span>,
    /// Whether the content is a direct (quoted) quote.
    pub direct: bool,
}

/// Finds the attributions of `text`; `sentences` are its sentence spans.
///
/// Spans out of bounds or off char boundaries in `sentences` are ignored. The result is in text
/// order of the cues. Uses the built-in cue detector ([`CueOptions::default`]).
pub fn attributions(text: &str, sentences: &[Span]) -> Vec<Attribution> {
    attributions_tagged(text, sentences, &CueOptions::default(), &SpanOptions::default())
}

/// Texts longer than this are read in pieces of whole sentences of about this size, so that the
/// token tables (some 20 bytes of memory per byte of text) stay small whatever the article's
/// length. News articles are far shorter (PolNeAR's longest is under 40 KiB), so only a quote
/// running across a piece boundary of a huge text is affected.
pub(crate) const PIECE_BYTES: usize = 64 << 10;

/// [`attributions_with`] joined with the learned span tagger's attributions as `spans` says.
pub fn attributions_tagged(
    text: &str,
    sentences: &[Span],
    cues: &CueOptions,
    spans: &SpanOptions,
) -> Vec<Attribution> {
    if text.len() <= PIECE_BYTES {
        return attributions_in_piece(text, sentences, cues, spans);
    }
    let mut found = Vec::new();
    for piece in crate::text::pieces(sentences, text.len(), PIECE_BYTES) {
        let Some(piece_text) = text.get(piece.span.start..piece.span.end) else { continue };
        let offset = piece.span.start;
        let local: Vec<Span> = sentences[piece.sentences]
            .iter()
            .map(|span| Span { start: span.start - offset, end: span.end - offset })
            .collect();
        let shift = |span: Span| Span { start: span.start + offset, end: span.end + offset };
        for attribution in attributions_in_piece(piece_text, &local, cues, spans) {
            found.push(Attribution {
                source: attribution.source.map(shift),
                cue: attribution.cue.map(shift),
                content: attribution.content.into_iter().map(shift).collect(),
                direct: attribution.direct,
            });
        }
    }
    found
}

fn attributions_in_piece(
    text: &str,
    sentences: &[Span],
    cues: &CueOptions,
    spans: &SpanOptions,
) -> Vec<Attribution> {
    let Some(model) = spans.model else { return attributions_with(text, sentences, cues) };
    let prepared = Prepared::new(text, sentences);
    let mut found = match spans.mode {
        SpanMode::Off => return rule_attributions(text, &prepared, cues),
        SpanMode::Only => spans::tag(model, text, &prepared).into_iter().map(|(a, _)| a).collect(),
        SpanMode::Fill => {
            let mut found = rule_attributions(text, &prepared, cues);
            let mut tagged: Vec<Attribution> = spans::tag(model, text, &prepared)
                .into_iter()
                .filter(|(_, confidence)| *confidence >= spans.min_confidence)
                .map(|(a, _)| a)
                .collect();
            rule_sources(text, &prepared, &mut tagged);
            for attribution in &mut tagged {
                if passive_cue(text, attribution) {
                    attribution.source = None;
                }
            }
            tagged.retain(|a| plausible_tagged(text, a));
            spans::fill(&mut found, tagged, |a| passive_cue(text, a));
            found
        }
    };
    found.sort_by_key(|a| a.cue.map_or(a.content.first().map_or(0, |c| c.start), |c| c.start));
    found
}

/// [`attributions`] with a chosen cue detector (or none: [`CueOptions::rules_only`]).
pub fn attributions_with(text: &str, sentences: &[Span], options: &CueOptions) -> Vec<Attribution> {
    rule_attributions(text, &Prepared::new(text, sentences), options)
}

/// A text tokenised once for the rules and the tagger: its tokens, quotations and sentences
/// (each with its token range).
struct Prepared {
    tokens: Vec<Token>,
    quotes: Vec<Quote>,
    sentences: Vec<(Span, std::ops::Range<usize>)>,
}

impl Prepared {
    fn new(text: &str, sentences: &[Span]) -> Prepared {
        let tokens = tokenize(text);
        let quotes = pair_quotes(text, &tokens);
        let sentences = sentence_tokens(text, sentences, &tokens);
        Prepared { tokens, quotes, sentences }
    }
}

fn rule_attributions(text: &str, prepared: &Prepared, options: &CueOptions) -> Vec<Attribution> {
    let Prepared { tokens, quotes, sentences } = prepared;
    let mut found: Vec<Attribution> = Vec::new();
    for (sentence, range) in sentences.iter().cloned() {
        if range.is_empty() {
            continue;
        }
        let context = Sentence {
            text,
            tokens: &tokens[range],
            quotes,
            span: sentence,
            model: options.model,
            add: options.add,
            veto: options.veto,
        };
        context.extract(&mut found);
    }
    continue_quotes(text, quotes, &mut found);
    found.sort_by_key(|a| a.cue.map_or(a.content.first().map_or(0, |c| c.start), |c| c.start));
    found
}

/// A tagged attribution must look like a speaker saying something, as a learned cue must
/// (`Sentence::plausible_learned`): no lone function word as its source ("amid") and no cue that
/// opens with a determiner ("… sent Putin a message on …"). (Asking for two words said, as
/// learned cues do, lost more right attributions than wrong ones on PolNeAR train.)
fn plausible_tagged(text: &str, attribution: &Attribution) -> bool {
    let first_word = |span: Option<Span>| {
        span.and_then(|s| s.slice(text).split_whitespace().next()).map(str::to_lowercase)
    };
    let lone_source = attribution.source.is_some_and(|s| {
        let mut words = s.slice(text).split_whitespace();
        let word = words.next().unwrap_or_default().to_lowercase();
        words.next().is_none() && is_function_word(&word)
    });
    let determiner_cue = first_word(attribution.cue).is_some_and(|w| is_determiner(&w));
    !lone_source && !determiner_cue
}

/// A word that cannot be a source on its own: a preposition ("amid" too), a determiner or a
/// clause boundary.
fn is_function_word(word: &str) -> bool {
    is_trailing_preposition(word)
        || is_determiner(word)
        || is_clause_boundary(word)
        || word == "amid"
}

/// Whether a tagged cue is a passive without its agent ("it is believed", "was reported"):
/// such an attribution has no source, as in PolNeAR.
fn passive_cue(text: &str, attribution: &Attribution) -> bool {
    let Some(cue) = attribution.cue else { return false };
    let words: Vec<String> = cue.slice(text).split_whitespace().map(str::to_lowercase).collect();
    let be = words.iter().any(|w| {
        matches!(w.as_str(), "is" | "was" | "are" | "were" | "be" | "been" | "being")
            || w.ends_with("’s") && w.len() <= 5
    });
    let participle = words.last().is_some_and(|w| w.ends_with("ed") || w.ends_with("en"));
    be && participle
}

/// Gives each attribution without a source the one the rules find for its cue (the subject
/// before the cue, or an inverted subject after it).
fn rule_sources(text: &str, prepared: &Prepared, found: &mut [Attribution]) {
    let Prepared { tokens, quotes, sentences: ranges } = prepared;
    for attribution in found.iter_mut().filter(|a| a.source.is_none()) {
        let Some(cue) = attribution.cue else { continue };
        let Some((span, range)) =
            ranges.iter().find(|(s, _)| s.start <= cue.start && cue.end <= s.end).cloned()
        else {
            continue;
        };
        let context = Sentence {
            text,
            tokens: &tokens[range],
            quotes,
            span,
            model: None,
            add: f32::INFINITY,
            veto: f32::NEG_INFINITY,
        };
        let first = context.tokens.partition_point(|t| t.end <= cue.start);
        let head = (first..context.tokens.len())
            .take_while(|&i| context.tokens[i].start < cue.end)
            .find(|&i| context.tokens[i].kind == Kind::Word && !context.is_aux(i));
        let Some(head) = head else { continue };
        let source = if context.looks_inverted(first, head) {
            context.inverted(first, head).and_then(|f| f.source)
        } else {
            None
        }
        .or_else(|| context.subject_before(first, head).and_then(|f| f.source))
        .or_else(|| context.inverted(first, head).and_then(|f| f.source));
        attribution.source = source
            .map(|(a, b)| Span { start: context.tokens[a].start, end: context.tokens[b].end });
    }
}

/// The sentences in bounds, in text order, overlapping ones dropped, each with the range of its
/// tokens (those wholly inside it).
fn sentence_tokens(
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
) -> Vec<(Span, std::ops::Range<usize>)> {
    let mut sorted: Vec<Span> = sentences
        .iter()
        .copied()
        .filter(|s| s.start < s.end && text.get(s.start..s.end).is_some())
        .collect();
    sorted.sort_unstable();
    let mut out = Vec::with_capacity(sorted.len());
    let mut last_end = 0;
    for sentence in sorted {
        if sentence.start < last_end {
            continue;
        }
        last_end = sentence.end;
        // Tokens are sorted and disjoint, so their starts and ends both ascend.
        let first = tokens.partition_point(|t| t.start < sentence.start);
        let last = tokens.partition_point(|t| t.end <= sentence.end).max(first);
        out.push((sentence, first..last));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Comma,
    /// `:`, `;`, `—`, `–`, `(`, `)`, ` - `.
    Break,
    Colon,
    Open,
    Close,
    /// `.`, `!`, `?`, `…`.
    Terminal,
    Other,
}

#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    kind: Kind,
    lower: String,
    upper_initial: bool,
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = start + c.len_utf8();
            while let Some(&(index, next)) = chars.peek() {
                if next.is_alphanumeric() {
                    end = index + next.len_utf8();
                    chars.next();
                    continue;
                }
                // Inner apostrophes, hyphens, periods and ampersands: "don't", "U.S", "AT&T".
                if matches!(next, '\'' | '’' | '-' | '.' | '&') {
                    let after = text[index + next.len_utf8()..].chars().next();
                    if after.is_some_and(char::is_alphanumeric) {
                        end = index + next.len_utf8();
                        chars.next();
                        continue;
                    }
                }
                break;
            }
            let word = &text[start..end];
            tokens.push(Token {
                start,
                end,
                kind: Kind::Word,
                lower: word.to_lowercase(),
                upper_initial: c.is_uppercase(),
            });
            continue;
        }
        if (c == '\'' || c == '‘' || c == '’') && text[start + c.len_utf8()..].starts_with(c) {
            // Two single quotes stand for a double quote ('' in some news archives).
            chars.next();
            let end = start + 2 * c.len_utf8();
            let before = text[..start].chars().next_back();
            let kind = if before
                .is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–'))
            {
                Kind::Open
            } else {
                Kind::Close
            };
            tokens.push(Token { start, end, kind, lower: String::new(), upper_initial: false });
            continue;
        }
        let end = start + c.len_utf8();
        let kind = match c {
            ',' => Kind::Comma,
            ':' => Kind::Colon,
            ';' | '—' | '–' | '(' | ')' | '[' | ']' => Kind::Break,
            '-' if text[..start].ends_with(' ') => Kind::Break,
            // A curly mark of the wrong shape, as some sites print them: “…“ or ”…”. Its
            // neighbours decide: a word right before and none after closes.
            '“' | '”' => {
                let before = text[..start].chars().next_back();
                let after = text[end..].chars().next();
                let glued_before =
                    before.is_some_and(|b| !b.is_whitespace() && !"([—–-".contains(b));
                let glued_after = after.is_some_and(char::is_alphanumeric);
                match (c, glued_before, glued_after) {
                    ('“', true, false) => Kind::Close,
                    ('”', false, true) => Kind::Open,
                    ('“', _, _) => Kind::Open,
                    _ => Kind::Close,
                }
            }
            '«' => Kind::Open,
            '»' => Kind::Close,
            '"' => {
                let before = text[..start].chars().next_back();
                if before
                    .is_none_or(|b| b.is_whitespace() || matches!(b, '(' | '[' | '—' | '–' | '-'))
                {
                    Kind::Open
                } else {
                    Kind::Close
                }
            }
            '.' | '!' | '?' | '…' => Kind::Terminal,
            _ => Kind::Other,
        };
        tokens.push(Token { start, end, kind, lower: String::new(), upper_initial: false });
    }
    tokens
}

/// A quotation: byte span from its opening mark to its closing mark (or its paragraph's end).
#[derive(Debug, Clone, Copy)]
struct Quote {
    start: usize,
    end: usize,
}

fn pair_quotes(text: &str, tokens: &[Token]) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut open: Option<usize> = None;
    let paragraph_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
    let mut current_paragraph_end = 0;
    for token in tokens {
        if token.start >= current_paragraph_end {
            if let Some(start) = open.take() {
                quotes.push(Quote { start, end: current_paragraph_end });
            }
            current_paragraph_end = paragraph_end(token.start);
        }
        match token.kind {
            Kind::Open => {
                if let Some(start) = open {
                    // A second opening mark: the first quotation was never closed here.
                    quotes.push(Quote { start, end: trim_end(text, token.start) });
                }
                open = Some(token.start);
            }
            Kind::Close => {
                if let Some(start) = open.take() {
                    quotes.push(Quote { start, end: token.end });
                }
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        quotes.push(Quote { start, end: current_paragraph_end.min(text.len()) });
    }
    quotes
}

fn trim_end(text: &str, end: usize) -> usize {
    text[..end].trim_end().len()
}

/// The quotation strictly containing byte range `start..end`, if any.
fn quote_around(quotes: &[Quote], start: usize, end: usize) -> Option<Quote> {
    let index = quotes.partition_point(|q| q.start < start);
    // Only the quotation starting just before can contain it (quotations do not nest here).
    index.checked_sub(1).map(|i| quotes[i]).filter(|q| q.start < start && end <= q.end)
}

struct Sentence<'a> {
    text: &'a str,
    tokens: &'a [Token],
    quotes: &'a [Quote],
    span: Span,
    /// The cue detector, if any.
    model: Option<&'a CueModel>,
    /// Thresholds of [`CueOptions`].
    add: f32,
    veto: f32,
}

/// What a cue pattern found, in token indices of the sentence.
struct Found {
    source: Option<(usize, usize)>,
    cue: (usize, usize),
    /// Byte spans.
    content: Vec<Span>,
}

impl Sentence<'_> {
    /// Whether token `index` is an auxiliary or adverb of a verb group (not a name: "Jolly").
    fn is_aux(&self, index: usize) -> bool {
        self.tokens.get(index).is_some_and(|t| {
            t.kind == Kind::Word
                && is_auxiliary(&t.lower)
                && !(t.upper_initial && t.lower.ends_with("ly"))
        })
    }

    fn word(&self, index: usize) -> Option<&str> {
        self.tokens.get(index).filter(|t| t.kind == Kind::Word).map(|t| t.lower.as_str())
    }

    fn kind(&self, index: usize) -> Option<Kind> {
        self.tokens.get(index).map(|t| t.kind)
    }

    fn in_quote(&self, index: usize) -> bool {
        let token = &self.tokens[index];
        quote_around(self.quotes, token.start, token.end).is_some()
    }

    /// "Kasich: ‘We Are Going All The Way’" or "TAPPER: …" opening a paragraph.
    fn colon_headline(&self) -> Option<Attribution> {
        let paragraph_start =
            self.text[..self.span.start].trim_end_matches([' ', '\t']).ends_with('\n')
                || self.text[..self.span.start].trim().is_empty();
        if !paragraph_start {
            return None;
        }
        let colon = (1..self.tokens.len().min(6)).find(|&i| self.kind(i) == Some(Kind::Colon))?;
        let name = (0..colon).all(|i| {
            let t = &self.tokens[i];
            (t.kind == Kind::Word && t.upper_initial) || self.is_abbreviation_period(i)
        });
        let rest = self.tokens.get(colon + 1)?;
        let one_word = colon == 1 && {
            let word = self.tokens[0].lower.as_str();
            word.chars().count() < 2
                || matches!(
                    word,
                    "wow"
                        | "so"
                        | "revealed"
                        | "update"
                        | "updated"
                        | "watch"
                        | "exclusive"
                        | "breaking"
                        | "video"
                        | "photos"
                        | "report"
                        | "analysis"
                        | "q"
                        | "a"
                        | "note"
                        | "editor's"
                        | "correction"
                        | "related"
                        | "read"
                        | "see"
                        | "source"
                        | "sources"
                        | "photo"
                        | "here"
                        | "listen"
                        | "bottom"
                )
        };
        if one_word || !name || self.tokens[colon].end == rest.start {
            return None; // "10:30" or a name-less colon.
        }
        if is_determiner(&self.tokens[0].lower) {
            return None; // A title: "The Ninth Circle: The Hellish View …".
        }
        let content = trim_span(self.text, Span { start: rest.start, end: self.span.end })?;
        // A tally ("Clinton: 1,769.") or a list of names ("Iowa: Tim Albrecht, Brad Anderson,
        // …") is no statement.
        let said = content.slice(self.text);
        if said.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '%')) {
            return None;
        }
        let items: Vec<&str> = said.split(',').map(str::trim).collect();
        let capitalised = |item: &&str| {
            let words: Vec<&str> = item.split_whitespace().collect();
            (1..=4).contains(&words.len())
                && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()))
        };
        if items.len() >= 3
            && items.iter().filter(|item| capitalised(item)).count() * 4 >= items.len() * 3
        {
            return None;
        }
        Some(Attribution {
            source: Some(Span { start: self.tokens[0].start, end: self.tokens[colon - 1].end }),
            cue: Some(Span { start: self.tokens[colon].start, end: self.tokens[colon].end }),
            content: vec![content],
            direct: false,
        })
    }

    fn extract(&self, out: &mut Vec<Attribution>) {
        if let Some(headline) = self.colon_headline() {
            out.push(headline);
            return;
        }
        // The content of the last attribution (bytes): a cue inside it is nested, and kept only
        // when its clause does not open that content ("He said he believes …" is one relation;
        // "… policies, which he said had failed" is two).
        let mut claimed = (0usize, 0usize);
        let mut previous_source: Option<(usize, usize)> = None;
        let mut index = 0;
        while index < self.tokens.len() {
            let token = &self.tokens[index];
            if token.kind != Kind::Word || self.in_quote(index) {
                index += 1;
                continue;
            }
            // The detector vetoes a lexicon verb it scores low and proposes cue verbs the
            // lexicon lacks; the specific constructions ("according to", "as indicated by",
            // statement nouns, participles) stand on their own.
            let found = self
                .according_to(index)
                .or_else(|| self.as_by(index))
                .or_else(|| (token.start >= claimed.1).then(|| self.nominal(index)).flatten())
                .or_else(|| self.participle(index, previous_source))
                .or_else(|| match self.cue_score(index, claimed.1) {
                    Some(s) if s < self.veto => self
                        .word(index)
                        .filter(|w| !is_blocked_form(w))
                        .and_then(|_| self.raising(index)),
                    Some(s) if s > self.add && self.may_be_learned_cue(index, claimed.1) => self
                        .verb(index, previous_source, true)
                        .filter(|found| self.plausible_learned(found)),
                    _ => self.verb(index, previous_source, false),
                });
            let Some(found) = found else {
                index += 1;
                continue;
            };
            let content: Vec<Span> = found
                .content
                .iter()
                .copied()
                .filter_map(|span| trim_span(self.text, span))
                .collect();
            if content.is_empty() {
                index += 1;
                continue;
            }
            let span_of = |(a, b): (usize, usize)| Span {
                start: self.tokens[a].start,
                end: self.tokens[b].end,
            };
            let cue = span_of(found.cue);
            // A statement noun's possessor is the source without its "'s": "the White House's
            // announcement".
            let possessor = found.source.is_some_and(|(_, end)| {
                self.word(end + 1)
                    .is_some_and(|w| is_statement_noun(w) || is_statement_adjective(w))
            });
            // "…, with Moscow indicating its willingness …": the source is Moscow.
            let source_tokens = found.source.map(|(start, end)| {
                if start < end && self.word(start) == Some("with") {
                    (start + 1, end)
                } else {
                    (start, end)
                }
            });
            let source = source_tokens.map(span_of).map(|span| {
                if !possessor {
                    return span;
                }
                let slice = span.slice(self.text);
                let trimmed = slice.strip_suffix("'s").or_else(|| slice.strip_suffix("’s"));
                match trimmed {
                    Some(rest) if !rest.is_empty() => {
                        Span { start: span.start, end: span.start + rest.len() }
                    }
                    _ => span,
                }
            });
            if token.start < claimed.1 {
                let begins = found.source.map_or(found.cue.0, |s| s.0.min(found.cue.0));
                let begin_byte = self.tokens[begins].start;
                if begin_byte <= claimed.0 {
                    index += 1;
                    continue;
                }
                if let Some(outer) = out.last_mut() {
                    for piece in &mut outer.content {
                        if piece.start < begin_byte && begin_byte < piece.end {
                            piece.end = trim_end(self.text, begin_byte);
                        }
                    }
                }
            }
            claimed = (
                content.iter().map(|c| c.start).min().unwrap_or(0),
                content.iter().map(|c| c.end).max().unwrap_or(0).max(cue.end),
            );
            previous_source = found.source.or(previous_source);
            let direct = content.iter().any(|c| self.is_quotation(*c));
            out.push(Attribution { source, cue: Some(cue), content, direct });
            index = found.cue.1 + 1;
        }
    }

    /// Whether a content span is mostly one quotation.
    fn is_quotation(&self, span: Span) -> bool {
        let slice = span.slice(self.text);
        (slice.starts_with(['“', '"', '«']) || slice.ends_with(['”', '"', '»']))
            && self
                .quotes
                .iter()
                .any(|q| q.start <= span.start + 3 && q.end + 3 >= span.end && q.end > span.start)
    }

    fn according_to(&self, index: usize) -> Option<Found> {
        if self.word(index)? != "according" || self.word(index + 1)? != "to" {
            return None;
        }
        let (source, after) = self.noun_phrase_after(index + 2)?;
        let mut content = Vec::new();
        if let Some(before) = self.before_content(index) {
            content.push(before);
        }
        if let Some(rest) = self.after_content(after) {
            content.push(rest);
        }
        Some(Found { source: Some(source), cue: (index, index + 1), content })
    }

    /// "…, as indicated by a United States official."
    fn as_by(&self, index: usize) -> Option<Found> {
        if self.word(index)? != "as" {
            return None;
        }
        let participle = self.word(index + 1)?;
        if cue_lemma(participle).is_none() || self.word(index + 2)? != "by" {
            return None;
        }
        let (source, after) = self.noun_phrase_after(index + 3)?;
        let mut content = Vec::new();
        if let Some(before) = self.before_content(index) {
            content.push(before);
        }
        if let Some(rest) = self.after_content(after) {
            content.push(rest);
        }
        Some(Found { source: Some(source), cue: (index, index + 2), content })
    }

    /// The noun phrase from `start` to the next comma or sentence end; returns it and the index
    /// of the first token after it.
    fn noun_phrase_after(&self, start: usize) -> Option<((usize, usize), usize)> {
        let mut end = start;
        while end < self.tokens.len() {
            match self.tokens[end].kind {
                Kind::Word | Kind::Other => end += 1,
                Kind::Terminal if self.is_abbreviation_period(end) => end += 1,
                _ => break,
            }
        }
        (end > start).then_some(((start, end - 1), end))
    }

    /// When token `close` is `)` and its `(` is at most 20 tokens before, not at the sentence
    /// start, the index of the `(`.
    fn parenthesis_start(&self, close: usize) -> Option<usize> {
        let token = &self.tokens[close];
        let piece = |i: usize| self.text.get(self.tokens[i].start..self.tokens[i].end);
        let (open, close_mark) = match piece(close) {
            Some(")") => ("(", ")"),
            Some("—") => ("—", "—"),
            Some("–") => ("–", "–"),
            _ => return None,
        };
        let _ = token;
        (close.saturating_sub(20)..close)
            .rev()
            .take_while(|&i| open == close_mark || piece(i) != Some(close_mark))
            .find(|&i| piece(i) == Some(open))
            .filter(|&start| start > 0)
    }

    /// A period after an initial or a short capitalised abbreviation ("John F. Kirby").
    fn is_abbreviation_period(&self, index: usize) -> bool {
        let token = &self.tokens[index];
        if self.text.get(token.start..token.end) != Some(".")
            || index == 0
            || index + 1 >= self.tokens.len()
        {
            return false;
        }
        let previous = &self.tokens[index - 1];
        previous.kind == Kind::Word
            && previous.upper_initial
            && previous.end - previous.start <= 6
            && previous.end == token.start
            && matches!(self.tokens[index + 1].kind, Kind::Word | Kind::Comma)
    }

    /// Content before token `index`: from the sentence start (or the start of the quotation the
    /// sentence begins in) to just before `index`.
    fn before_content(&self, index: usize) -> Option<Span> {
        if index == 0 {
            return None;
        }
        let first = &self.tokens[0];
        let start =
            quote_around(self.quotes, first.start, first.end).map_or(first.start, |q| q.start);
        // A closing quotation mark at `index` belongs to the content.
        let last = if self.tokens[index].kind == Kind::Close { index } else { index - 1 };
        let end = self.tokens[last].end;
        (start < end).then_some(Span { start, end })
    }

    /// Where the content of cue `cue` starts when it is not right after it: after a `that` or a
    /// colon, or at an opening quotation mark, past a short object ("told reporters on Tuesday
    /// that …", "told CNN: “…”").
    /// "said, among other things, that …", "said Sunday in Madison, Wisconsin, that …": the
    /// `that` after a comma within a short stretch of words and commas after the cue.
    fn comma_that(&self, after: usize) -> Option<usize> {
        for j in after..self.tokens.len().min(after + 14) {
            match self.tokens[j].kind {
                Kind::Comma if self.word(j + 1) == Some("that") => return Some(j + 1),
                Kind::Word if self.tokens[j].lower == "that" => return None,
                Kind::Word | Kind::Other | Kind::Comma => {}
                Kind::Terminal if self.is_abbreviation_period(j) => {}
                _ => return None,
            }
        }
        None
    }

    fn skip_object(&self, cue: usize) -> usize {
        let after = cue + 1;
        if let Some(that) = self.comma_that(after) {
            return that + 1;
        }
        let speech = matches!(
            self.word(cue).and_then(cue_lemma),
            Some("say" | "tell" | "ask" | "write" | "tweet" | "inform" | "assure" | "add")
        );
        if self.word(cue).and_then(cue_lemma) == Some("tell") {
            // "told The Huffington Post she thinks …", "told reporters the plan …".
            let mut j = after;
            if self.word(j).is_some_and(|w| {
                matches!(w, "me" | "us" | "him" | "her" | "them" | "reporters" | "journalists")
            }) {
                j += 1;
            } else {
                while self.tokens.get(j).is_some_and(|t| {
                    t.kind == Kind::Word && (t.upper_initial || matches!(t.lower.as_str(), "of"))
                }) {
                    j += 1;
                }
            }
            let next = self.word(j);
            if j > after
                && j - after <= 5
                && next.is_some_and(|w| is_subject_pronoun(w) || is_determiner(w))
            {
                return j;
            }
        }
        for j in after..self.tokens.len().min(after + 10) {
            match self.tokens[j].kind {
                Kind::Word if self.tokens[j].lower == "that" => return j + 1,
                Kind::Colon => return j + 1,
                Kind::Open if speech && j - after <= 6 => return j,
                Kind::Word | Kind::Other => {}
                _ => break,
            }
        }
        after
    }

    /// Content from token `index` to the sentence end (or the end of the quotation it opens).
    fn after_content(&self, mut index: usize) -> Option<Span> {
        while index < self.tokens.len()
            && matches!(self.tokens[index].kind, Kind::Comma | Kind::Colon)
        {
            index += 1;
        }
        if self.word(index) == Some("that") {
            index += 1;
        }
        let first = self.tokens.get(index)?;
        let mut end = self.span.end;
        // Stop at a clause break that starts a new statement ("; ", ", but", ", while").
        for j in index + 1..self.tokens.len() {
            let token = &self.tokens[j];
            let stop = match token.kind {
                Kind::Break => self.text.get(token.start..token.end) == Some(";"),
                Kind::Comma => {
                    matches!(self.word(j + 1), Some("but" | "while" | "whereas"))
                        || self.tail_attribution(j)
                        || self.new_statement(j)
                        || self.word(j + 1).is_some_and(|w| {
                            w.ends_with("ing") && !is_blocked_form(w) && cue_lemma(w).is_some()
                        })
                }
                _ => false,
            };
            if stop && quote_around(self.quotes, token.start, token.end).is_none() {
                end = token.start;
                break;
            }
        }
        if first.kind == Kind::Open
            && let Some(quote) = self.quotes.iter().find(|q| q.start == first.start)
        {
            end = end.max(quote.end);
        }
        (first.start < end).then_some(Span { start: first.start, end })
    }

    /// "…, saying the plan was dead": the subject is the sentence's (or the previous cue's).
    fn participle(&self, index: usize, previous_source: Option<(usize, usize)>) -> Option<Found> {
        let word = self.word(index)?;
        if !word.ends_with("ing") || is_blocked_form(word) || cue_lemma(word).is_none() {
            return None;
        }
        // "adding an intriguing layer to …" adds a thing, not a statement.
        if word == "adding" && matches!(self.word(index + 1), Some("a" | "an" | "to")) {
            return None;
        }
        let mut cue_start = index;
        while cue_start > 0 && self.is_aux(cue_start - 1) {
            cue_start -= 1;
        }
        if cue_start == 0 || !matches!(self.kind(cue_start - 1), Some(Kind::Comma | Kind::Break)) {
            return None;
        }
        // "… follows statements from the White House, revealing that …": the statement's source,
        // unless the sentence has a speaker of its own ("Weaver was unimpressed by remarks from
        // Sanders, telling reporters …").
        let subject = self.sentence_subject(cue_start - 1);
        let subject_speaks = subject.is_some_and(|(start, _)| {
            let first = &self.tokens[start];
            is_subject_pronoun(&first.lower) || !is_determiner(&first.lower)
        });
        let statement = (previous_source.is_none()
            && !subject_speaks
            && self.kind(cue_start - 1) == Some(Kind::Comma))
        .then(|| self.statement_source_before(cue_start - 1))
        .flatten();
        let source = statement.or(previous_source).or(subject)?;
        let content = vec![self.after_content(self.skip_object(index))?];
        Some(Found { source: Some(source), cue: (cue_start, index), content })
    }

    /// A statement noun with its source and content, without a cue verb: "the White House's
    /// announcement concerning …", "a statement by the Pentagon that …", "a report from Reuters
    /// saying …". The source is a possessor or a `from`/`by`/`of` phrase naming an entity or an
    /// organisation; the content a `that` clause, a topic (`about`, `concerning`, `regarding`,
    /// `on`) or a participle cue (which is then the cue). A comma before the participle is left
    /// to [`Self::participle`].
    fn nominal(&self, index: usize) -> Option<Found> {
        let (source, after_source) = self.statement_source_at(index)?;
        let next = self.skip_time(after_source);
        let word = self.word(next)?;
        let (cue, content_start) = if word == "that" {
            // "the statement that was read" is a relative clause, not a content.
            let following = self.word(next + 1)?;
            if is_auxiliary(following)
                || following.ends_with("ed")
                || (cue_lemma(following).is_some() && !is_blocked_form(following))
            {
                return None;
            }
            ((index, index), next + 1)
        } else if matches!(word, "about" | "concerning" | "regarding" | "on") {
            // A topic is the content only where the statement is an adjunct ("follows the White
            // House's announcement concerning …"), not a subject or an object ("Trump's comments
            // about Israel had angered …", "to include Zucker's comments on …").
            if !self.in_adjunct_slot(self.statement_phrase_start(source, index)) {
                return None;
            }
            ((index, index), next + 1)
        } else if word.ends_with("ing") && !is_blocked_form(word) && cue_lemma(word).is_some() {
            ((next, next), self.skip_object(next))
        } else {
            return None;
        };
        let content = self.after_content(content_start)?;
        let words = (content_start..self.tokens.len())
            .take_while(|&i| self.tokens[i].start < content.end)
            .filter(|&i| self.kind(i) == Some(Kind::Word))
            .count();
        (words >= 2).then(|| Found { source: Some(source), cue, content: vec![content] })
    }

    /// The source of a statement noun at `index` and the index after the statement phrase:
    /// the possessor before it ("the White House's (latest) announcement") or the phrase after
    /// `from`, `by` or `of` ("statements from the White House").
    fn statement_source_at(&self, index: usize) -> Option<((usize, usize), usize)> {
        let word = self.word(index)?;
        if !is_statement_noun(word)
            || (index.saturating_sub(4)..index).any(|i| self.word(i) == Some("according"))
        {
            return None;
        }
        let mut before = index;
        while before > 0
            && index - before < 2
            && self.word(before - 1).is_some_and(is_statement_adjective)
        {
            before -= 1;
        }
        if let Some(head) = before.checked_sub(1).and_then(|i| self.possessive_head(i)) {
            let start = self.possessor_start(head);
            return Some(((start, head), index + 1));
        }
        if !matches!(self.word(index + 1), Some("from" | "by" | "of")) {
            return None;
        }
        // "Reuters reports from Moscow that …", "he claims by …": a verb, not a noun.
        let previous = index.checked_sub(1).map(|i| &self.tokens[i]);
        if previous.is_some_and(|t| {
            t.kind == Kind::Word
                && ((t.upper_initial && !is_determiner(&t.lower)) || is_subject_pronoun(&t.lower))
        }) {
            return None;
        }
        if word.ends_with("ing")
            && !previous
                .is_some_and(|t| is_determiner(&t.lower) || is_statement_adjective(&t.lower))
        {
            return None; // "…, warning of North Korea's …" is a participle.
        }
        self.source_after(index + 2)
    }

    /// The source of a statement phrase ending just before token `end` (a comma), for a
    /// participle cue after it: "statements from the White House, revealing …". The phrase
    /// follows a preposition or "follow" ("after statements from …", "follows the Kremlin's
    /// statement"), not a verb that makes it the object of someone's reaction ("downplayed
    /// Ryan's comments, saying …").
    fn statement_source_before(&self, end: usize) -> Option<(usize, usize)> {
        let end = (end.saturating_sub(5)..end)
            .find(|&k| k > 0 && self.time_expression_at(k) == Some(end))
            .unwrap_or(end);
        let noun = (end.saturating_sub(11)..end).rev().find(|&k| {
            self.word(k).is_some_and(is_statement_noun)
                && (k + 1 == end || matches!(self.word(k + 1), Some("from" | "by" | "of")))
        })?;
        let (source, after) = self.statement_source_at(noun)?;
        if after != end {
            return None;
        }
        self.in_adjunct_slot(self.statement_phrase_start(source, noun)).then_some(source)
    }

    /// The first token of the statement phrase of noun `noun` with source `source`: its
    /// possessor, or its determiner and adjectives.
    fn statement_phrase_start(&self, source: (usize, usize), noun: usize) -> usize {
        let mut start = source.0.min(noun);
        while start > 0
            && self.word(start - 1).is_some_and(|w| is_determiner(w) || is_statement_adjective(w))
        {
            start -= 1;
        }
        start
    }

    /// Whether the phrase starting at token `start` follows a preposition or "follow" (an
    /// adjunct: "after statements from …", "follows the Kremlin's statement"), not a verb that
    /// makes it someone's object ("downplayed Ryan's comments").
    fn in_adjunct_slot(&self, start: usize) -> bool {
        start.checked_sub(1).and_then(|i| self.word(i)).is_some_and(|w| {
            matches!(
                w,
                "after"
                    | "following"
                    | "follows"
                    | "followed"
                    | "follow"
                    | "by"
                    | "amid"
                    | "upon"
                    | "on"
                    | "over"
            )
        })
    }

    /// The named speaker after `from`/`by`/`of`, starting at token `start`: up to a content
    /// word (`that`, `about`…), a participle cue, a time expression or punctuation. Its last word
    /// must be a name or an organisation noun.
    fn source_after(&self, start: usize) -> Option<((usize, usize), usize)> {
        let mut end = start;
        while end < self.tokens.len() && end - start < 9 {
            let token = &self.tokens[end];
            let stop = match token.kind {
                Kind::Word => {
                    let w = token.lower.as_str();
                    (end > start && self.time_expression_at(end).is_some())
                        || is_clause_boundary(w)
                        || is_relative(w)
                        || matches!(w, "about" | "concerning" | "regarding")
                        // "the Committee on Foreign Affairs" goes on.
                        || (w == "on"
                            && !self.tokens.get(end + 1).is_some_and(|t| t.upper_initial))
                        || (w.ends_with("ing") && !is_blocked_form(w) && cue_lemma(w).is_some())
                }
                Kind::Other => false,
                Kind::Terminal => !self.is_abbreviation_period(end),
                _ => true,
            };
            if stop {
                break;
            }
            end += 1;
        }
        let mut last = end.checked_sub(1).filter(|&last| last >= start)?;
        if self.is_abbreviation_period(last) && last > start {
            last -= 1;
        }
        if end - start > 8 || !self.is_named_head(last) || !self.is_name_like(start, last) {
            return None;
        }
        Some(((start, end - 1), end))
    }

    /// Whether tokens `start..=last` (ending in a named head) form a name-like phrase: a
    /// determiner, then capitalised words (linked by `of`, `for`, `and`, `&`), possessives and
    /// at most three lower-case modifiers ("the conservative site The Gateway Pundit",
    /// "Republican presidential candidate Donald Trump", "Ryan's office", "the Department of
    /// Justice"), not a clause ("migrants traveling to Europe").
    fn is_name_like(&self, start: usize, last: usize) -> bool {
        let mut i = start;
        if self.word(i).is_some_and(is_determiner) {
            i += 1;
        }
        let modifier = |token: &Token| {
            !token.upper_initial
                && !cannot_end_subject(&token.lower)
                && !is_clause_boundary(&token.lower)
                && !is_auxiliary(&token.lower)
                && !is_relative(&token.lower)
                && !token.lower.ends_with("ing")
                && cue_lemma(&token.lower).is_none()
        };
        let modifiers = (i..last)
            .filter(|&k| self.kind(k) == Some(Kind::Word) && modifier(&self.tokens[k]))
            .count();
        modifiers <= 3
            && (i..=last).all(|k| {
                let token = &self.tokens[k];
                match token.kind {
                    Kind::Word => {
                        token.upper_initial
                            || (k < last && modifier(token))
                            || (k == last && is_organisation_noun(possessive_stem(&token.lower)))
                            || (matches!(token.lower.as_str(), "of" | "for" | "and" | "&")
                                && k > i
                                && k < last
                                && self.tokens[k + 1].upper_initial)
                    }
                    Kind::Terminal => self.is_abbreviation_period(k),
                    Kind::Other => {
                        matches!(self.text.get(token.start..token.end), Some("&" | "'" | "’"))
                    }
                    _ => false,
                }
            })
    }

    /// Whether token `index` can end a speaker's name: a capitalised word that is no function
    /// word, pronoun or date, or an organisation noun; either may carry a possessive "'s".
    fn is_named_head(&self, index: usize) -> bool {
        let Some(token) = self.tokens.get(index).filter(|t| t.kind == Kind::Word) else {
            return false;
        };
        let stem = possessive_stem(&token.lower);
        if is_organisation_noun(stem) {
            return true;
        }
        token.upper_initial
            && !cannot_end_subject(stem)
            && !is_subject_pronoun(stem)
            && !is_determiner(stem)
            && !is_clause_boundary(stem)
            && !is_time_noun(stem)
            && !is_month(stem)
            && !is_trailing_preposition(stem)
    }

    /// When token `index` is a possessive ("House's", "Democrats’"), the index of the word that
    /// ends the possessor.
    fn possessive_head(&self, index: usize) -> Option<usize> {
        let token = &self.tokens[index];
        match token.kind {
            Kind::Word if possessive_stem(&token.lower).len() < token.lower.len() => Some(index),
            Kind::Other
                if matches!(self.text.get(token.start..token.end), Some("'" | "’"))
                    && index > 0
                    && self.tokens[index - 1].kind == Kind::Word
                    && self.tokens[index - 1].end == token.start
                    && self.tokens[index - 1].lower.ends_with('s') =>
            {
                Some(index - 1)
            }
            _ => None,
        }
        .filter(|&head| self.is_named_head(head))
    }

    /// The first token of the possessor ending at `head`: its capitalised words (with `of`
    /// between them: "the Department of Defense's") and a leading "the"; before an organisation
    /// noun also a few lower-case modifiers ("the defense ministry's").
    fn possessor_start(&self, head: usize) -> usize {
        let mut start = head;
        if !self.tokens[head].upper_initial {
            // Lower-case modifiers count only up to a determiner or a capitalised word.
            let mut j = head;
            while j > 0 && head - j < 3 {
                let token = &self.tokens[j - 1];
                if token.kind != Kind::Word {
                    break;
                }
                if token.lower == "the" || token.upper_initial {
                    start = j;
                    break;
                }
                if is_clause_boundary(&token.lower)
                    || cannot_end_subject(&token.lower)
                    || is_determiner(&token.lower)
                    || is_auxiliary(&token.lower)
                {
                    break;
                }
                j -= 1;
            }
        }
        let capitalised = |i: usize| {
            let token = &self.tokens[i];
            token.kind == Kind::Word
                && token.upper_initial
                && !cannot_end_subject(&token.lower)
                && !is_clause_boundary(&token.lower)
                && !is_trailing_preposition(&token.lower)
                && !is_subject_pronoun(&token.lower)
                && !matches!(token.lower.as_str(), "following" | "amid" | "despite")
        };
        while start > 0 {
            let previous = start - 1;
            if capitalised(previous) || self.is_abbreviation_period(previous) {
                start = previous;
            } else if self.word(previous) == Some("of") && previous > 0 && capitalised(previous - 1)
            {
                start = previous - 1;
            } else {
                break;
            }
        }
        if start > 0 && self.word(start - 1) == Some("the") {
            start -= 1;
        }
        start
    }

    /// When a time expression ("on Tuesday", "last week", "Friday") starts at token `start`,
    /// the index after it.
    fn time_expression_at(&self, start: usize) -> Option<usize> {
        let mut end = start;
        let mut last_noun = None;
        while end < self.tokens.len() && end - start < 5 {
            let Some(word) = self.word(end) else { break };
            // "The New York Times" is no time; "Tuesday" is.
            if is_time_noun(word) && (!self.tokens[end].upper_initial || is_weekday(word)) {
                last_noun = Some(end);
            } else if !is_time_modifier(word) {
                break;
            }
            end += 1;
        }
        last_noun.map(|noun| noun + 1)
    }

    /// Token `index`, or the index after a time expression starting there.
    fn skip_time(&self, index: usize) -> usize {
        self.time_expression_at(index).unwrap_or(index)
    }

    /// The subject at the start of the sentence (before token `limit`): a pronoun, a run of
    /// capitalised words, or a short determiner phrase. Skips a dateline ("WASHINGTON — ").
    fn sentence_subject(&self, limit: usize) -> Option<(usize, usize)> {
        let mut start = 0;
        if let Some(dash) = (0..self.tokens.len().min(10)).find(|&i| {
            self.kind(i) == Some(Kind::Break)
                && matches!(
                    self.text.get(self.tokens[i].start..self.tokens[i].end),
                    Some("—" | "-" | "–")
                )
        }) {
            let dateline = (0..dash).all(|i| {
                let t = &self.tokens[i];
                matches!(t.kind, Kind::Comma | Kind::Break | Kind::Terminal)
                    || self.text[t.start..t.end].chars().all(|c| !c.is_lowercase())
            }) || (0..dash)
                .any(|i| self.text.get(self.tokens[i].start..self.tokens[i].end) == Some(")"));
            if dateline {
                start = dash + 1;
            }
        }
        while self.word(start).is_some_and(|w| {
            matches!(w, "but" | "and" | "so" | "yet" | "still" | "however" | "meanwhile" | "once")
        }) {
            start += 1;
        }
        // An introductory phrase before a comma is no subject: "Hours later, Trump …", "On
        // Sunday, Pastor Cranston …", "Instead, the senator …", "Speaking at a town hall, Trump …".
        if let Some(comma) =
            (start + 1..limit.min(start + 10)).find(|&i| self.kind(i) == Some(Kind::Comma))
        {
            let opener = self.word(start).is_some_and(|w| {
                is_trailing_preposition(w)
                    || w.ends_with("ing")
                    || w.ends_with("ly")
                    || matches!(
                        w,
                        "instead"
                            | "later"
                            | "earlier"
                            | "yesterday"
                            | "today"
                            | "tonight"
                            | "now"
                            | "then"
                            | "also"
                            | "when"
                            | "while"
                            | "although"
                            | "though"
                            | "if"
                            | "as"
                            | "since"
                            | "because"
                    )
            });
            let timed = (start..comma).any(|i| {
                self.word(i).is_some_and(|w| {
                    is_time_noun(w) || is_weekday(w) || is_month(w) || matches!(w, "ago" | "later")
                })
            });
            if (opener || timed) && comma + 1 < limit && self.kind(comma + 1) == Some(Kind::Word) {
                start = comma + 1;
            }
        }
        let first = self.tokens.get(start)?;
        if first.kind != Kind::Word || start >= limit {
            return None;
        }
        if is_subject_pronoun(&first.lower) {
            return Some((start, start));
        }
        let mut end = start;
        if is_determiner(&first.lower) {
            end += 1;
            while end < limit
                && end - start < 6
                && self.word(end).is_some_and(|w| {
                    !is_auxiliary(w) && cue_lemma(w).is_none() && !w.ends_with("ed")
                })
            {
                end += 1;
            }
        } else if first.upper_initial {
            while end < limit
                && (self.tokens[end].kind == Kind::Word && self.tokens[end].upper_initial
                    || self.kind(end) == Some(Kind::Terminal) && self.is_abbreviation_period(end))
            {
                end += 1;
            }
        }
        (end > start + usize::from(is_determiner(&first.lower))).then(|| (start, end - 1))
    }

    /// Whether the comma at `comma` opens a new subject and cue verb ("…, Smith said he …").
    fn new_statement(&self, comma: usize) -> bool {
        let Some(first) = self.word(comma + 1) else { return false };
        if is_relative(first) || matches!(first, "that" | "and" | "or" | "as" | "if") {
            return false;
        }
        (comma + 2..self.tokens.len().min(comma + 7)).any(|k| {
            self.word(k).is_some_and(|w| {
                matches!(cue_lemma(w), Some("say" | "tell" | "add" | "argue" | "write" | "note"))
                    && !w.ends_with("ing")
            }) && (comma + 1..k)
                .all(|i| self.kind(i) == Some(Kind::Word) || self.is_abbreviation_period(i))
        })
    }

    /// Whether the comma at `comma` starts a final ", X said." / ", said X." / ", according to X.".
    fn tail_attribution(&self, comma: usize) -> bool {
        let mut end = self.tokens.len();
        while end > comma + 1 && matches!(self.tokens[end - 1].kind, Kind::Terminal | Kind::Close) {
            end -= 1;
        }
        if end <= comma + 1 || end - comma > 12 {
            return false;
        }
        if matches!(
            self.word(comma + 1),
            Some("said" | "says" | "according" | "added" | "wrote" | "reported")
        ) {
            return true;
        }
        (comma + 2..end.min(comma + 8)).any(|k| {
            self.word(k).is_some_and(|w| {
                !w.ends_with("ing") && !is_blocked_form(w) && cue_lemma(w).is_some()
            }) && (comma + 1..k).all(|i| matches!(self.kind(i), Some(Kind::Word | Kind::Terminal)))
                && (k + 1..end).all(|i| self.kind(i) == Some(Kind::Word))
                && (k + 1 == end || self.word(k + 1).is_some_and(is_trailing_preposition))
        })
    }

    /// The detector's score of word `index`, computed (the costly part) only for lexicon verbs,
    /// which it may veto, and for words it may propose.
    fn cue_score(&self, index: usize, claimed_end: usize) -> Option<f32> {
        let model = self.model?;
        let lexical = cue_lemma(&self.tokens[index].lower).is_some();
        (lexical || self.may_be_learned_cue(index, claimed_end))
            .then(|| cues::score_token(model, self.tokens, index, false))
    }

    /// Whether the detector may propose token `index` as a cue verb: outside the content of an
    /// earlier attribution (`claimed_end`), a word that can head a verb group (no auxiliary,
    /// determiner or preposition) and not the object of a preposition ("amid strained …").
    fn may_be_learned_cue(&self, index: usize, claimed_end: usize) -> bool {
        let token = &self.tokens[index];
        let word = token.lower.as_str();
        token.start >= claimed_end
            && !is_auxiliary(word)
            && !is_determiner(word)
            && !is_trailing_preposition(word)
            && !matches!(word, "is" | "was" | "are" | "were" | "be" | "been" | "being" | "am")
            && !self.word(index.wrapping_sub(1)).is_some_and(is_trailing_preposition)
    }

    /// A proposed cue's spans must look like a speaker and a statement: no lone function word
    /// as the source ("amid" in "…, amid strained relations …") and at least two words said.
    fn plausible_learned(&self, found: &Found) -> bool {
        let lone_word = found.source.is_some_and(|(a, b)| {
            let word = self.tokens[a].lower.as_str();
            a == b && is_function_word(word)
        });
        let words: usize =
            found.content.iter().map(|c| c.slice(self.text).split_whitespace().count()).sum();
        !lone_word && words >= 2
    }

    /// A cue verb at `index`: from the lexicon, or any word when `learned` (the detector
    /// proposed it).
    fn verb(
        &self,
        index: usize,
        previous_source: Option<(usize, usize)>,
        learned: bool,
    ) -> Option<Found> {
        let word = self.word(index)?;
        if is_blocked_form(word) {
            return None;
        }
        if let Some(found) = self.raising(index) {
            return Some(found);
        }
        let lemma = match cue_lemma(word) {
            Some(lemma) => lemma,
            None if learned => "",
            None => return None,
        };
        // "the Daily show on Sirius XM", "debris found in the sea", "pledged delegates", "faces
        // calls from the U.S.": a finding verb followed by a preposition, a pledge before the
        // delegates or calls from someone are no cue.
        let next = self.word(index + 1);
        if (matches!(lemma, "show" | "find") && next.is_some_and(is_trailing_preposition))
            || (lemma == "pledge" && next == Some("delegates"))
            || (word == "calls" && next == Some("from"))
            || (word == "adding" && matches!(next, Some("a" | "an" | "to")))
        {
            return None;
        }
        // The verb group: auxiliaries and adverbs before the verb.
        let mut cue_start = index;
        while cue_start > 0 && self.is_aux(cue_start - 1) {
            cue_start -= 1;
        }
        let group: Vec<&str> = (cue_start..index).filter_map(|i| self.word(i)).collect();
        if cue_start > 0 && self.word(cue_start - 1) == Some("to") {
            return None; // Infinitive: "declined to say".
        }
        let participle = word.ends_with("ed")
            || matches!(
                word,
                "told" | "written" | "shown" | "found" | "known" | "thought" | "said"
            );
        let passive = participle
            && group
                .iter()
                .any(|w| matches!(*w, "is" | "was" | "are" | "were" | "be" | "been" | "being"));
        if passive {
            return None;
        }
        if self.looks_inverted(cue_start, index)
            && let Some(found) = self.inverted(cue_start, index)
        {
            return Some(found);
        }
        if let Some(found) = self.subject_before(cue_start, index) {
            return Some(found);
        }
        if let Some(found) = self.inverted(cue_start, index) {
            return Some(found);
        }
        // "Trump was forced into damage control and said that …": the sentence's subject.
        if cue_start > 0 && self.word(cue_start - 1) == Some("and") {
            let source = previous_source.or_else(|| self.sentence_subject(cue_start - 1))?;
            let content = vec![self.after_content(self.skip_object(index))?];
            return Some(Found { source: Some(source), cue: (cue_start, index), content });
        }
        None
    }

    /// "Smith said …", "…, Smith said.", "The plan, Smith said, is dead."
    fn subject_before(&self, cue_start: usize, cue: usize) -> Option<Found> {
        let mut end = cue_start; // Exclusive end of the subject.
        // Time expressions between subject and verb: "Trump on Tuesday said", "Priebus this
        // past week announced", "the report for the first time cited". A capitalised time word
        // other than a weekday names the subject ("The Times said", "Day said"), and a time
        // expression with nothing before it is the subject itself.
        if end > 0
            && self.word(end - 1).is_some_and(|w| {
                is_time_noun(w) && (!self.tokens[end - 1].upper_initial || is_weekday(w))
            })
        {
            let mut before = end - 1;
            while before > 0 && self.word(before - 1).is_some_and(is_time_modifier) {
                before -= 1;
            }
            if before > 0 {
                end = before;
            }
        }
        let time_skipped = end < cue_start;
        if end == 0 {
            return None;
        }
        let (start, subject_end) = if self.kind(end - 1) == Some(Kind::Comma) {
            self.appositive_subject(end - 1)?
        } else {
            let mut start = self.chunk_start(end);
            if start == end {
                return None;
            }
            if end - start > 8 {
                // A long chunk ("Saturday at the convention Sen. Elizabeth Warren (D-MA)
                // said"): the capitalised name ending it, when there is one and it is not the
                // object of a preposition ("a memo seen by Reuters said").
                if time_skipped {
                    return None;
                }
                start = self.name_start(end)?;
                if start > 0 && self.word(start - 1).is_some_and(is_trailing_preposition_or_by) {
                    return None;
                }
            }
            (start, end)
        };
        self.check_subject(start, subject_end)?;
        let source = (start, subject_end - 1);
        let content = self.content_for(start, cue)?;
        Some(Found { source: Some(source), cue: (cue_start, cue), content })
    }

    /// The start of the capitalised name (titles and initials included) ending just before
    /// `end`, skipping one parenthesis after it ("Sen. Marco Rubio (R-Fla.)"); at most 6 words.
    fn name_start(&self, end: usize) -> Option<usize> {
        let mut last = end;
        if let Some(open) = last.checked_sub(1).and_then(|i| self.parenthesis_start(i)) {
            last = open;
        }
        let mut start = last;
        while start > 0 {
            let token = &self.tokens[start - 1];
            let name_word = token.kind == Kind::Word
                && token.upper_initial
                && !is_clause_boundary(&token.lower)
                && !is_determiner(&token.lower);
            if !(name_word || self.is_abbreviation_period(start - 1)) {
                break;
            }
            start -= 1;
        }
        let words = (start..last).filter(|&i| self.kind(i) == Some(Kind::Word)).count();
        (start < last && words <= 6 && self.kind(start) == Some(Kind::Word)).then_some(start)
    }

    /// The start of the noun phrase ending just before `end`: back to a boundary, cut at the
    /// last subject pronoun.
    fn chunk_start(&self, end: usize) -> usize {
        let mut start = end;
        while start > 0 {
            let token = &self.tokens[start - 1];
            if let Some(open) = self.parenthesis_start(start - 1) {
                start = open;
                continue;
            }
            let keep = match token.kind {
                Kind::Word => {
                    !is_clause_boundary(&token.lower) || (start == end && token.lower == "that")
                }
                Kind::Other => true,
                Kind::Terminal => self.is_abbreviation_period(start - 1),
                _ => false,
            };
            if !keep {
                break;
            }
            start -= 1;
        }
        // Cut at the last subject pronoun ("… and he said"), and at a relative pronoun.
        if let Some(cut) =
            (start..end).rev().find(|&i| self.word(i).is_some_and(is_subject_pronoun))
        {
            start = cut;
        }
        start
    }

    /// The subject is comma-enclosed: "Smith, a spokesman for X, said" / "Smith, who …, said" /
    /// "The senator, speaking to reporters, said". `comma` is the comma before the verb group.
    fn appositive_subject(&self, comma: usize) -> Option<(usize, usize)> {
        // A segment may hold a parenthesis: "Gov. John Kasich (R-OH), said", "managing director
        // of the Asia Society Policy Institute (ASPI), suggests".
        let segment_start = |end: usize| {
            let mut start = end;
            while start > 0 {
                if self.text.get(self.tokens[start - 1].start..self.tokens[start - 1].end)
                    == Some(")")
                    && let Some(open) = self.parenthesis_start(start - 1)
                {
                    start = open;
                    continue;
                }
                let kind = self.tokens[start - 1].kind;
                if matches!(kind, Kind::Word | Kind::Other)
                    || (kind == Kind::Terminal && self.is_abbreviation_period(start - 1))
                {
                    start -= 1;
                } else {
                    break;
                }
            }
            start
        };
        let mut end = comma;
        let mut appositive = false;
        for _ in 0..4 {
            let start = segment_start(end);
            if start == end {
                return None;
            }
            let first = self.word(start).unwrap_or("");
            let descriptive = is_determiner(first)
                || is_relative(first)
                || first.chars().next().is_some_and(|c| c.is_ascii_digit())
                || first.ends_with("ing")
                || matches!(
                    first,
                    "in" | "on"
                        | "at"
                        | "during"
                        | "speaking"
                        | "for"
                        | "with"
                        | "like"
                        | "of"
                        | "meanwhile"
                        | "however"
                        | "too"
                        | "though"
                        | "instead"
                        | "also"
                        | "then"
                        | "now"
                        | "nonetheless"
                        | "still"
                        | "later"
                        | "earlier"
                )
                || (end - start == 1 && first.len() > 4 && first.ends_with("ly"));
            let head_precedes = start > 0 && self.kind(start - 1) == Some(Kind::Comma);
            if descriptive && head_precedes {
                appositive |= is_determiner(first)
                    || is_relative(first)
                    || first.chars().next().is_some_and(|c| c.is_ascii_digit());
                end = start - 1;
                continue;
            }
            // `start..end` is the head.
            if end - start > 25 {
                return None;
            }
            // A clause, not a noun phrase: "…, but it is under pressure, said …".
            if (start + 1..end).any(|i| {
                self.word(i).is_some_and(|w| {
                    matches!(
                        w,
                        "is" | "was" | "are" | "were" | "has" | "have" | "had" | "will" | "would"
                    )
                })
            }) && !(start..end).any(|i| self.word(i).is_some_and(is_relative))
            {
                return None;
            }
            let head_start = self.chunk_start(end).max(start);
            if head_start == end {
                return None;
            }
            return Some((head_start, if appositive { comma } else { end }));
        }
        None
    }

    fn check_subject(&self, start: usize, mut end: usize) -> Option<()> {
        if end >= 2 && self.is_abbreviation_period(end - 1) {
            end -= 1; // "Sen. Rand Paul, R-Ky., told"
        }
        if let Some(open) = self.parenthesis_start(end - 1) {
            end = open; // "Rep. Hank Johnson (D-Ga.) said", "Democrats — and some Republicans — say"
            if end <= start {
                return None;
            }
        }
        let last = &self.tokens[end - 1];
        if last.kind != Kind::Word
            || cannot_end_subject(&last.lower)
            || last.lower.ends_with("'s")
            || last.lower.ends_with("’s")
        {
            return None;
        }
        if last.lower.ends_with("ly") && !last.upper_initial && end - start == 1 {
            return None;
        }
        if end - start > 40 {
            return None;
        }
        let first = &self.tokens[start];
        if first.kind == Kind::Word && !first.upper_initial && first.lower.ends_with("ing") {
            return None;
        }
        Some(())
    }

    /// The content governed by a cue at `cue` whose subject starts at token `subject_start`.
    fn content_for(&self, subject_start: usize, cue: usize) -> Option<Vec<Span>> {
        let trailing_only = matches!(self.word(cue).and_then(cue_lemma), Some("continue"));
        let after = cue + 1;
        let has_before = subject_start > 0
            && matches!(
                self.kind(subject_start - 1),
                Some(Kind::Comma | Kind::Close | Kind::Break | Kind::Colon)
            )
            && self.before_content(subject_start - 1).is_some();
        // What follows the cue, ignoring final punctuation.
        let mut rest_end = self.tokens.len();
        while rest_end > after
            && matches!(self.tokens[rest_end - 1].kind, Kind::Terminal | Kind::Close)
        {
            rest_end -= 1;
        }
        let rest = after..rest_end;
        // "says, “I think …”" opens its content after the comma.
        let comma_quote =
            self.kind(after) == Some(Kind::Comma) && self.kind(after + 1) == Some(Kind::Open);
        let opens_content = comma_quote
            || self.comma_that(after).is_some()
            || rest
                .clone()
                .take(8)
                .take_while(|&i| !matches!(self.kind(i), Some(Kind::Comma | Kind::Terminal)))
                .any(|i| {
                    matches!(self.kind(i), Some(Kind::Colon | Kind::Open))
                        || self.word(i) == Some("that")
                });
        // The content before is a quotation: “…,” Trump told reporters, before insisting …
        let quote_before = has_before
            && (self.kind(subject_start - 1) == Some(Kind::Close)
                || (subject_start >= 2
                    && self.kind(subject_start - 1) == Some(Kind::Comma)
                    && self.kind(subject_start - 2) == Some(Kind::Close)));
        let cue_word = self.word(cue).unwrap_or("");
        let short_object =
            matches!(cue_word, "told" | "tells" | "telling" | "asked" | "wrote" | "tweeted")
                && rest.len() <= 4
                && !opens_content;
        // “We will win,” he said, “and soon.”
        if has_before
            && self.kind(after) == Some(Kind::Comma)
            && self.kind(after + 1) == Some(Kind::Open)
        {
            let mut content = vec![self.before_content(subject_start - 1)?];
            content.extend(self.after_content(after + 1));
            return Some(content);
        }
        let trailing = rest.is_empty()
            || (!opens_content
                && (quote_before
                    || self.word(after).is_some_and(is_trailing_preposition)
                    || short_object
                    || self.kind(after) == Some(Kind::Comma)));
        if has_before && trailing {
            let mut content = vec![self.before_content(subject_start - 1)?];
            // "The plan, he said, is dead." continues after the comma.
            if self.kind(after) == Some(Kind::Comma)
                && !self
                    .word(after + 1)
                    .is_some_and(|w| w.ends_with("ing") || cue_lemma(w).is_some())
                && let Some(more) = self.after_content(after + 1)
            {
                content.push(more);
            }
            return Some(content);
        }
        if trailing_only {
            return None;
        }
        if trailing && subject_start == 0 {
            // "He said in a statement." after a quotation: the quotation is the content.
            let quote = self.quotes.iter().rev().find(|q| {
                q.end <= self.span.start
                    && self
                        .text
                        .get(q.end..self.span.start)
                        .is_some_and(|gap| gap.trim().is_empty())
            });
            return quote.map(|q| vec![Span { start: q.start, end: q.end }]);
        }
        if rest.is_empty() {
            return None;
        }
        Some(vec![self.after_content(self.skip_object(cue))?])
    }

    /// "Trump seemed to appreciate …", "The tribunal is expected to rule …": an attribution
    /// without a source whose content is the subject and the complement.
    fn raising(&self, index: usize) -> Option<Found> {
        let word = self.word(index)?;
        let mut cue_start = index;
        while cue_start > 0 && self.is_aux(cue_start - 1) {
            cue_start -= 1;
        }
        let group: Vec<&str> = (cue_start..index).filter_map(|i| self.word(i)).collect();
        if word == "asked"
            && (cue_start == 0
                || matches!(
                    self.word(cue_start - 1),
                    Some("when" | "if" | "after" | "once" | "as")
                )
                || self.kind(cue_start - 1) == Some(Kind::Comma))
            && self.word(index + 1).is_some_and(|w| {
                matches!(w, "about" | "whether" | "if" | "by" | "why" | "how" | "what" | "to")
            })
        {
            // "When asked about the merger, she …": no source.
            let rest = self.after_content(index + 1)?;
            return Some(Found { source: None, cue: (index, index), content: vec![rest] });
        }
        let raising = match word {
            "seem" | "seems" | "seemed" | "appear" | "appears" | "appeared" => true,
            "expected" => group.iter().any(|w| matches!(*w, "is" | "are" | "was" | "were" | "be")),
            _ => false,
        };
        if !raising || self.word(index + 1) != Some("to") || cue_start == 0 {
            return None;
        }
        if self.word(cue_start - 1) == Some("to") {
            return None;
        }
        let start = self.chunk_start(cue_start);
        if start == cue_start || cue_start - start > 8 {
            return None;
        }
        let subject = Span { start: self.tokens[start].start, end: self.tokens[cue_start - 1].end };
        let rest = self.after_content(index + 1)?;
        Some(Found { source: None, cue: (cue_start, index), content: vec![subject, rest] })
    }

    /// Whether ", said NAME." is more likely than a subject before the cue: the cue follows a
    /// comma or a closing quotation mark and is followed by a short name-like phrase that ends
    /// the sentence (or opens an appositive).
    fn looks_inverted(&self, cue_start: usize, cue: usize) -> bool {
        if cue_start == 0 || !matches!(self.kind(cue_start - 1), Some(Kind::Comma | Kind::Close)) {
            return false;
        }
        let Some((phrase, after)) = self.noun_phrase_after(cue + 1) else { return false };
        let words: Vec<&Token> = (phrase.0..=phrase.1)
            .map(|i| &self.tokens[i])
            .filter(|t| t.kind == Kind::Word)
            .take_while(|t| !is_relative(&t.lower))
            .collect();
        let ends = match self.kind(after) {
            None | Some(Kind::Terminal | Kind::Close) => true,
            Some(Kind::Comma) => {
                self.word(after + 1).is_some_and(|w| is_determiner(w) || is_relative(w))
                    || (self.tokens.get(after + 1).is_some_and(|t| t.upper_initial)
                        && self.tokens.len() - after <= 10)
            }
            _ => false,
        };
        ends && !words.is_empty()
            && words.len() <= 8
            && words.iter().all(|t| !is_auxiliary(&t.lower) && cue_lemma(&t.lower).is_none())
            && (words.iter().any(|t| t.upper_initial)
                || is_subject_pronoun(&words[0].lower)
                || is_determiner(&words[0].lower))
    }

    /// "“…,” said John Kirby, a White House spokesman."
    fn inverted(&self, cue_start: usize, cue: usize) -> Option<Found> {
        if cue_start == 0 || !matches!(self.kind(cue_start - 1), Some(Kind::Comma | Kind::Close)) {
            return None;
        }
        let next = self.tokens.get(cue + 1)?;
        if next.kind != Kind::Word
            || next.lower == "that"
            || !(next.upper_initial
                || is_determiner(&next.lower)
                || is_subject_pronoun(&next.lower))
        {
            return None;
        }
        if !matches!(
            self.word(cue).and_then(cue_lemma),
            Some(
                "say"
                    | "add"
                    | "write"
                    | "ask"
                    | "explain"
                    | "note"
                    | "recall"
                    | "argue"
                    | "warn"
                    | "insist"
                    | "reply"
                    | "respond"
                    | "continue"
                    | "declare"
                    | "predict"
                    | "tweet"
                    | "post"
                    | "acknowledge"
                    | "admit"
                    | "state"
                    | "announce"
                    | "observe"
                    | "quip"
                    | "joke"
                    | "answer"
                    | "counter"
                    | "report"
            )
        ) {
            return None;
        }
        let after_quote = self.kind(cue_start - 1) == Some(Kind::Close)
            || (cue_start >= 2 && self.kind(cue_start - 2) == Some(Kind::Close));
        if self.word(cue).and_then(cue_lemma) == Some("ask") && !after_quote {
            return None;
        }
        let (mut source, mut after) = self.noun_phrase_after(cue + 1)?;
        // Right after a quotation the speaker may go on ("…,” said the man who built …, "…,”
        // said Dan Golvach when asked …): the phrase ends before a relative pronoun, a
        // subordinator or a preposition of time or place. Elsewhere it must end its clause.
        if after_quote
            && let Some(stop) = (source.0 + 1..=source.1).find(|&i| {
                self.word(i).is_some_and(|w| {
                    is_relative(w)
                        || matches!(
                            w,
                            "when"
                                | "while"
                                | "as"
                                | "after"
                                | "before"
                                | "because"
                                | "during"
                                | "in"
                                | "at"
                                | "on"
                        )
                })
            })
        {
            source.1 = stop - 1;
            after = stop;
        }
        if source.1 - source.0 > 7
            || !(after_quote
                || matches!(
                    self.kind(after),
                    None | Some(Kind::Comma | Kind::Terminal | Kind::Break)
                ))
        {
            return None;
        }
        // Appositive: ", a spokesman for X".
        if self.kind(after) == Some(Kind::Comma)
            && self.word(after + 1).is_some_and(|w| is_determiner(w) || is_relative(w))
            && let Some((more, next_after)) = self.noun_phrase_after(after + 1)
        {
            source.1 = more.1;
            after = next_after;
        }
        let _ = after;
        let content = vec![self.before_content(cue_start - 1)?];
        Some(Found { source: Some(source), cue: (cue_start, cue), content })
    }
}

/// `word` (lower case) without a possessive "'s" or "’s".
fn possessive_stem(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .filter(|stem| !stem.is_empty())
        .unwrap_or(word)
}

fn is_trailing_preposition_or_by(word: &str) -> bool {
    word == "by" || word == "with" || word == "for" || is_trailing_preposition(word)
}

fn is_time_modifier(word: &str) -> bool {
    matches!(
        word,
        "on" | "in"
            | "last"
            | "this"
            | "past"
            | "next"
            | "earlier"
            | "later"
            | "the"
            | "for"
            | "first"
            | "same"
            | "early"
            | "late"
            | "of"
            | "that"
            | "previous"
            | "each"
            | "every"
    ) || is_time_noun(word)
}

fn is_time_noun(word: &str) -> bool {
    is_weekday(word)
        || matches!(
            word,
            "week"
                | "weeks"
                | "month"
                | "months"
                | "year"
                | "years"
                | "day"
                | "days"
                | "night"
                | "morning"
                | "afternoon"
                | "evening"
                | "weekend"
                | "time"
                | "times"
        )
}

fn is_weekday(word: &str) -> bool {
    matches!(
        word,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
    )
}

/// Trims whitespace and trailing commas from a content span; `None` when nothing remains.
fn trim_span(text: &str, span: Span) -> Option<Span> {
    let slice = text.get(span.start..span.end)?;
    let leading =
        slice.len() - slice.trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
    let trimmed = slice.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ':' | ';' | '.' | '(' | '—' | '–')
    });
    let start = span.start + leading;
    let end = span.start + trimmed.len();
    (start < end).then_some(Span { start, end })
}

/// Appends cue-less quotations that open a sentence to the last direct attribution before them.
fn continue_quotes(text: &str, quotes: &[Quote], found: &mut [Attribution]) {
    if found.is_empty() {
        return;
    }
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| found[i].content.iter().map(|c| c.end).max().unwrap_or(0));
    let mut cursor = 0;
    let mut last: Option<usize> = None;
    for quote in quotes {
        let covered = found
            .iter()
            .any(|a| a.content.iter().any(|c| c.start < quote.end && quote.start < c.end))
            || found
                .iter()
                .any(|a| a.cue.is_some_and(|c| quote.start < c.start && c.end <= quote.end));
        while cursor < order.len()
            && found[order[cursor]].content.iter().map(|c| c.end).max().unwrap_or(0) <= quote.start
        {
            last = Some(order[cursor]);
            cursor += 1;
        }
        if covered {
            continue;
        }
        let Some(previous) = last else { continue };
        let Some(quoted) = text.get(quote.start..quote.end) else { continue };
        if quoted.split_whitespace().count() < 4 {
            continue;
        }
        let attribution = &found[previous];
        if !attribution.direct || attribution.source.is_none() {
            continue;
        }
        let previous_end = attribution.content.iter().map(|c| c.end).max().unwrap_or(0);
        let previous_end = previous_end
            .max(attribution.cue.map_or(0, |c| c.end))
            .max(attribution.source.map_or(0, |s| s.end));
        let Some(gap) = text.get(previous_end.min(quote.start)..quote.start) else { continue };
        // Only sentence-final punctuation, attribution tail ("he said.") or paragraph breaks between.
        let gap_words =
            gap.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        if gap_words > 0 || gap.matches('\n').count() > 2 {
            continue;
        }
        if let Some(span) = trim_span(text, Span { start: quote.start, end: quote.end }) {
            found[previous].content.push(span);
        }
    }
}

#[cfg(test)]
mod tests;
