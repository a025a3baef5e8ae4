//! Statements: the claim-sized units of a story's articles, with what the brief compares.

use std::collections::{BTreeMap, HashMap};

use rust_stemmers::{Algorithm, Stemmer};

use super::{BriefConfig, Member, Modality};
use crate::facts::{EntityKind, StoryEntity, gazetteer, outlets};
use crate::model::Span;
use crate::text::is_stopword;

/// Who a statement is attributed to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attribution {
    /// As shown ("Adrienne Watson", "the White House", "a US official").
    pub name: String,
    /// Story entity key, or the lower-cased source.
    pub key: String,
    /// The entity's kind, when the source names one.
    pub kind: Option<EntityKind>,
    /// The person's roles and titles ("White House National Security Council spokeswoman").
    pub roles: Vec<String>,
    /// A cited outlet.
    pub outlet: bool,
    /// The article names the speaker there ("said Watson"), not a pronoun ("he said").
    pub named: bool,
}

/// A figure in a statement, for comparison.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amount {
    pub text: String,
    pub value: f64,
    pub approximate: bool,
    /// Normalised unit, unit, or the stem of the counted noun.
    pub measure: String,
    /// The stem of what is counted, when said ("people").
    pub counted: Option<String>,
    /// The content word right after the figure, if any ("$43,000 Rolex watch": "rolex").
    pub next_word: Option<String>,
}

/// A date or range in a statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct When {
    pub text: String,
    pub start: String,
    pub end: String,
    pub precision: String,
    /// Read relative to the publication date ("on Tuesday", "next week").
    pub relative: bool,
}

/// A place named below country level.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Where {
    pub key: String,
    pub name: String,
}

/// One statement of one article.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Index of the article among the members.
    pub article: usize,
    /// Index of its sentence.
    pub sentence: usize,
    /// The statement is its whole sentence (not a clause of it).
    pub whole: bool,
    /// Where in the article text.
    #[allow(dead_code)]
    pub span: Span,
    pub text: String,
    /// Weighted terms: stems of content words and `@key` for entities, sorted, distinct.
    pub terms: Vec<u32>,
    /// `terms` without places below country level and months: what is said, not where or
    /// when.
    pub masked: Vec<u32>,
    /// The entity terms among `terms`, sorted.
    pub entities: Vec<u32>,
    /// Pairs of consecutive terms (in text order), hashed, sorted, distinct.
    pub bigrams: Vec<u64>,
    /// Words of the statement.
    pub words: usize,
    /// Terms of what it reports when it is attributed (each quote's content).
    pub reported: Vec<Vec<u32>>,
    pub attribution: Option<Attribution>,
    pub places: Vec<Where>,
    pub amounts: Vec<Amount>,
    pub dates: Vec<When>,
    pub negated: bool,
    pub modality: Modality,
    /// It tells of a meeting or a journey (where it happens can be disputed).
    pub event: bool,
}

/// Term ids, shared by a story's units.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    ids: HashMap<String, u32>,
}

impl Vocabulary {
    fn id(&mut self, term: &str) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(term.to_owned()).or_insert(next)
    }
}

/// An entity mention of an article, resolved to the story's entity.
struct Mention<'a> {
    span: Span,
    key: String,
    entity: Option<&'a StoryEntity>,
    /// A place below country level (what a place contradiction is about).
    local_place: bool,
}

/// The statements of a story's members.
pub(crate) fn units(members: &[Member<'_>], config: &BriefConfig) -> Vec<Unit> {
    let facts: Vec<(&crate::model::DocumentId, &crate::facts::ArticleFacts)> =
        members.iter().map(|member| (&member.article.id, member.facts)).collect();
    let (entities, target_of) = crate::facts::merge_entities(&facts);
    let by_key: BTreeMap<&str, &StoryEntity> =
        entities.iter().map(|entity| (entity.key.as_str(), entity)).collect();
    let resolve = |key: &str| -> String { target_of.get(key).cloned().unwrap_or(key.to_owned()) };
    let stemmer = Stemmer::create(Algorithm::English);
    let mut vocabulary = Vocabulary::default();
    let mut units = Vec::new();
    for (index, member) in members.iter().enumerate() {
        let article = member.article;
        let mut mentions: Vec<Mention<'_>> = member
            .facts
            .entities
            .iter()
            .flat_map(|entity| {
                let key = resolve(&entity.key);
                let story_entity = by_key.get(key.as_str()).copied();
                let name = story_entity.map_or(entity.name.as_str(), |e| e.name.as_str());
                let local_place = entity.kind == EntityKind::Place
                    && !gazetteer::is_country(name)
                    && gazetteer::country_alias(name).is_none();
                entity.mentions.iter().map(move |&span| Mention {
                    span,
                    key: key.clone(),
                    entity: story_entity,
                    local_place,
                })
            })
            .collect();
        mentions.sort_by_key(|mention| (mention.span.start, mention.span.end));
        for (sentence, span) in article.sentences.iter().enumerate().take(config.max_sentences) {
            // Where quotes open: the quotes found, and opening quotation marks after a colon
            // ("who added: “We have …”"), since a quote's later parts have no span of their own.
            let sentence_text = span.slice(&article.text);
            let starts: Vec<usize> = member
                .facts
                .quotes
                .iter()
                .map(|quote| quote.span.start)
                .chain(
                    sentence_text
                        .match_indices(": “")
                        .chain(sentence_text.match_indices(": \""))
                        .map(|(at, _)| span.start + at + 2),
                )
                .filter(|&start| span.start < start && start < span.end)
                .collect();
            let pieces = clauses(&article.text, *span, &starts);
            let whole = pieces.len() == 1;
            for (position, piece) in pieces.into_iter().enumerate() {
                let Some(text) = article.text.get(piece.start..piece.end) else {
                    continue;
                };
                if !claim_like(text, config.min_words, position == 0) {
                    continue;
                }
                let inside: Vec<&Mention<'_>> = mentions
                    .iter()
                    .filter(|m| m.span.start >= piece.start && m.span.end <= piece.end)
                    .collect();
                let Terms { terms, masked, entities, bigrams } =
                    terms_of(text, piece.start, &inside, &stemmer, &mut vocabulary);
                let attribution = attribution(member, piece, &resolve, &by_key);
                let reported: Vec<Vec<u32>> = member
                    .facts
                    .quotes
                    .iter()
                    .filter(|quote| overlap(quote.span, piece) > 0)
                    .filter_map(|quote| {
                        let start = quote.span.start;
                        article.text.get(quote.span.start..quote.span.end).map(|content| {
                            terms_of(content, start, &inside, &stemmer, &mut vocabulary).terms
                        })
                    })
                    .filter(|terms| !terms.is_empty())
                    .collect();
                let places = inside
                    .iter()
                    .filter(|m| m.local_place)
                    .map(|m| Where {
                        key: m.key.clone(),
                        name: m.entity.map_or_else(
                            || m.span.slice(&article.text).to_owned(),
                            |entity| entity.name.clone(),
                        ),
                    })
                    .fold(Vec::new(), |mut places: Vec<Where>, place| {
                        if !places.iter().any(|p| p.key == place.key) {
                            places.push(place);
                        }
                        places
                    });
                let amounts = member
                    .facts
                    .figures
                    .iter()
                    .filter(|f| f.span.start >= piece.start && f.span.end <= piece.end)
                    .filter(|f| !f.ordinal)
                    .filter_map(|f| {
                        let (value, measure) = match (&f.normalized, &f.unit, &f.counted) {
                            (Some((value, unit)), _, _) => (*value, unit.clone()),
                            (None, Some(unit), _) => (f.value, unit.to_lowercase()),
                            (None, None, Some(counted)) => {
                                let head = counted.split_whitespace().last()?;
                                (f.value, stemmer.stem(&head.to_lowercase()).into_owned())
                            }
                            _ => return None,
                        };
                        let counted = f
                            .counted
                            .as_deref()
                            .and_then(|c| c.split_whitespace().last())
                            .map(|head| stemmer.stem(&head.to_lowercase()).into_owned());
                        let next_word = article
                            .text
                            .get(f.span.end..piece.end)
                            .and_then(|rest| rest.split_whitespace().next())
                            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
                            .filter(|w| w.len() > 2 && !is_stopword(w))
                            .map(|w| stemmer.stem(&w).into_owned());
                        Some(Amount {
                            next_word,
                            text: f.text.clone(),
                            value,
                            approximate: f.approximate || f.qualifier.is_some(),
                            measure,
                            counted,
                        })
                    })
                    .collect();
                let dates = member
                    .facts
                    .times
                    .iter()
                    .filter(|t| t.span.start >= piece.start && t.span.end <= piece.end)
                    .filter_map(|t| {
                        Some(When {
                            text: t.text.clone(),
                            start: t.start.clone()?,
                            end: t.end.clone()?,
                            precision: t.precision.clone(),
                            relative: t.relative,
                        })
                    })
                    .collect();
                let lower: Vec<String> =
                    word_spans(text).map(|(s, e)| text[s..e].to_lowercase()).collect();
                units.push(Unit {
                    article: index,
                    sentence,
                    whole,
                    span: piece,
                    text: text.to_owned(),
                    terms,
                    masked,
                    entities,
                    bigrams,
                    words: text.split_whitespace().count(),
                    reported,
                    attribution,
                    places,
                    amounts,
                    dates,
                    negated: negated(&lower),
                    modality: modality(&lower),
                    event: tells_event(&lower),
                });
            }
        }
    }
    units
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// A sentence split at semicolons, where both sides are clauses of some length, and before
/// each quote after the first that starts inside it (`quote_starts`, byte offsets into
/// `text`): "“… are actively advancing,” said Watson, who added: “We have …”" tells two facts.
fn clauses(text: &str, span: Span, quote_starts: &[usize]) -> Vec<Span> {
    let Some(sentence) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for (at, _) in sentence.match_indices("; ") {
        let left = &sentence[start..at];
        let right = &sentence[at + 2..];
        if left.split_whitespace().count() >= 5 && right.split_whitespace().count() >= 5 {
            cuts.push((at + 1, at + 2));
            start = at + 2;
        }
    }
    // Quotes: cut before the opening quotation mark of a quote that follows another (a closing
    // quotation mark before it), where both sides keep some words.
    let mut quotes: Vec<usize> = quote_starts.iter().map(|&s| s - span.start).collect();
    quotes.sort_unstable();
    quotes.dedup();
    for &at in &quotes {
        let Some(before) = sentence.get(..at) else { continue };
        let cut = before.trim_end_matches(['"', '“', '‘', '\'']).trim_end().len();
        let closed_before =
            sentence[..cut].contains('”') || sentence[..cut].matches('"').count() >= 2;
        if !closed_before {
            continue;
        }
        let left_words = sentence[..cut].split_whitespace().count();
        let right_words = sentence[cut..].split_whitespace().count();
        if left_words >= 5
            && right_words >= 5
            && !cuts.iter().any(|&(end, next)| end <= cut && cut <= next)
        {
            let next = cut + (sentence[cut..].len() - sentence[cut..].trim_start().len());
            cuts.push((cut, next));
        }
    }
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut from = 0;
    for (end, next) in cuts {
        if end > from && sentence[from..end].split_whitespace().count() >= 5 {
            pieces.push(Span { start: span.start + from, end: span.start + end });
            from = next;
        }
    }
    pieces.push(Span { start: span.start + from, end: span.end });
    pieces
}

/// Whether a piece of text states something: enough words, ends like a sentence, is not a
/// question, and (an `opening` piece, not a clause after a semicolon) starts with a capital, a
/// digit or a quotation mark (not a fragment).
fn claim_like(text: &str, min_words: usize, opening: bool) -> bool {
    let trimmed = text.trim();
    let words = trimmed.split_whitespace().count();
    if words < min_words || words > 120 {
        return false;
    }
    let last = trimmed.chars().rev().find(|c| !matches!(c, '"' | '”' | '’' | '\'' | ')' | ']'));
    if !matches!(last, Some('.' | '!' | ';' | '…' | ':')) {
        return false;
    }
    let first = trimmed.chars().next();
    !opening
        || first.is_some_and(|c| {
            c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'')
        })
}

/// Byte ranges of words (alphanumeric runs, inner apostrophes kept), as `text::words` cuts them.
pub(crate) fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let inner = c.is_alphanumeric() || c == '\'' || c == '’';
        match (start, inner) {
            (None, true) => start = Some(at),
            (Some(s), false) => {
                let word = text[s..at].trim_matches(|c| c == '\'' || c == '’');
                if !word.is_empty() {
                    let offset = text[s..at].find(word).unwrap_or(0);
                    out.push((s + offset, s + offset + word.len()));
                }
                start = None;
            }
            _ => {}
        }
    }
    out.into_iter()
}

/// What a text is compared by.
struct Terms {
    terms: Vec<u32>,
    masked: Vec<u32>,
    entities: Vec<u32>,
    bigrams: Vec<u64>,
}

/// The terms of a text starting at byte `offset` of its article, the same without places,
/// people and months, its entity terms and its term bigrams.
fn terms_of(
    text: &str,
    offset: usize,
    mentions: &[&Mention<'_>],
    stemmer: &Stemmer,
    vocabulary: &mut Vocabulary,
) -> Terms {
    let mut terms = Vec::new();
    let mut masked = Vec::new();
    let mut entities = Vec::new();
    let mut last_mention: Option<usize> = None;
    for (start, end) in word_spans(text) {
        let at = offset + start;
        if let Some(m) = mentions.iter().position(|m| m.span.start <= at && at < m.span.end) {
            if last_mention != Some(m) {
                last_mention = Some(m);
                let id = vocabulary.id(&format!("@{}", mentions[m].key));
                terms.push(id);
                entities.push(id);
                if !mentions[m].local_place {
                    masked.push(id);
                }
            }
            continue;
        }
        let word = &text[start..end];
        if word.chars().count() < 3 || word.chars().all(|c| c.is_numeric()) {
            continue;
        }
        let lower = word.to_lowercase();
        let lower = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("’s"))
            .unwrap_or(&lower)
            .replace('’', "'");
        if is_stopword(&lower) || lower.chars().any(|c| c.is_numeric()) {
            continue;
        }
        let month = crate::facts::time::MONTHS.contains(&lower.as_str());
        let id = vocabulary.id(&stem(stemmer, &lower));
        terms.push(id);
        if !month {
            masked.push(id);
        }
    }
    let mut bigrams: Vec<u64> =
        terms.windows(2).map(|pair| (u64::from(pair[0]) << 32) | u64::from(pair[1])).collect();
    bigrams.sort_unstable();
    bigrams.dedup();
    terms.sort_unstable();
    terms.dedup();
    masked.sort_unstable();
    masked.dedup();
    entities.sort_unstable();
    entities.dedup();
    Terms { terms, masked, entities, bigrams }
}

/// The Snowball stem, with British "-our" spelled the American way (armoured = armored).
fn stem(stemmer: &Stemmer, lower: &str) -> String {
    let stemmed = stemmer.stem(lower).into_owned();
    match stemmed.strip_suffix("our") {
        Some(head) if stemmed.len() > 5 => format!("{head}or"),
        _ => stemmed,
    }
}

/// Whether a quote's source names its speaker ("said Watson"), rather than a pronoun.
fn names_speaker(quote: &crate::facts::Quote) -> bool {
    let source = quote.source.as_deref().unwrap_or("").trim().to_lowercase();
    !matches!(
        source.as_str(),
        "he" | "she" | "they" | "him" | "her" | "his" | "it" | "who" | "we" | "i" | ""
    )
}

/// The attribution of a statement: the speaker or source of the quote it holds (one that names
/// its speaker first, then the longest overlap).
fn attribution(
    member: &Member<'_>,
    piece: Span,
    resolve: &dyn Fn(&str) -> String,
    by_key: &BTreeMap<&str, &StoryEntity>,
) -> Option<Attribution> {
    let quote = member
        .facts
        .quotes
        .iter()
        .filter(|quote| overlap(quote.span, piece) > 0)
        .max_by_key(|quote| (names_speaker(quote), overlap(quote.span, piece)))?;
    let source = quote.source.as_deref().unwrap_or("").trim();
    let named = names_speaker(quote);
    let entity = quote.speaker_key.as_deref().and_then(|key| by_key.get(resolve(key).as_str()));
    match entity {
        Some(entity) => Some(Attribution {
            name: entity.name.clone(),
            key: entity.key.clone(),
            kind: Some(entity.kind),
            roles: entity.roles.clone(),
            outlet: outlets::is_outlet(&entity.name),
            named,
        }),
        None => {
            let name = quote.speaker.as_deref().unwrap_or(source).trim();
            if name.is_empty() {
                return None;
            }
            Some(Attribution {
                name: name.to_owned(),
                key: name.to_lowercase(),
                kind: None,
                roles: Vec::new(),
                outlet: outlets::is_outlet(name),
                named,
            })
        }
    }
}

/// Word beginnings of meetings and journeys: "meet", "summit", "talks", "visit", "travel"….
const EVENT_WORDS: &[&str] = &[
    "arriv", "convene", "flew", "fly", "gather", "head", "held", "host", "journey", "landed",
    "meet", "met", "summit", "talks", "travel", "trip", "visit", "went",
];

/// Whether a statement tells of a meeting or a journey.
fn tells_event(lower: &[String]) -> bool {
    lower.iter().enumerate().any(|(i, word)| {
        EVENT_WORDS.iter().any(|stem| {
            if *stem == "met" || *stem == "fly" || *stem == "flew" || *stem == "went" {
                word == stem
            } else {
                word.starts_with(stem)
            }
        }) || (word == "place"
            && i > 0
            && matches!(lower[i - 1].as_str(), "take" | "takes" | "took" | "taking" | "taken"))
    })
}

/// Auxiliaries whose "not" negates a verb ("did not attend"), unlike "commitments not to".
const AUXILIARIES: &[&str] = &[
    "are", "can", "could", "did", "do", "does", "had", "has", "have", "is", "may", "might", "must",
    "should", "was", "were", "will", "would",
];
const DENIALS: &[&str] = &["denied", "denies", "deny", "denying", "refuted"];

/// Whether a statement negates or denies what it tells: a negated verb ("did not", "won't",
/// "never"), or a denial.
fn negated(lower: &[String]) -> bool {
    lower.iter().enumerate().any(|(i, word)| {
        word == "never"
            || DENIALS.contains(&word.as_str())
            || word.ends_with("n't")
            || word.ends_with("n’t")
            || (word == "not"
                && i > 0
                && (AUXILIARIES.contains(&lower[i - 1].as_str())
                    || matches!(lower[i - 1].as_str(), "and" | "but" | "or")
                    || ["'s", "’s", "'re", "’re", "'m", "’m"]
                        .iter()
                        .any(|suffix| lower[i - 1].ends_with(suffix))))
    })
}

/// Words that put a statement in the future or the possible.
const EXPECTATION: &[&str] = &[
    "anticipated",
    "could",
    "expect",
    "expected",
    "expecting",
    "expects",
    "intend",
    "intends",
    "likely",
    "may",
    "might",
    "plan",
    "planned",
    "planning",
    "plans",
    "poised",
    "prospective",
    "rumored",
    "rumoured",
    "scheduled",
    "shall",
    "slated",
    "upcoming",
    "will",
    "would",
];

/// Past forms of common event verbs that do not end in -ed.
const IRREGULAR_PAST: &[&str] = &[
    "arrived", "began", "came", "drove", "flew", "fought", "gave", "held", "left", "led", "made",
    "met", "rode", "sent", "shot", "signed", "sold", "spent", "struck", "took", "went", "won",
    "wrote",
];

/// Words after which an -ed word is a verb in the past ("traveled to", "arrived in").
const AFTER_PAST: &[&str] = &[
    "a", "across", "after", "aboard", "an", "at", "back", "before", "by", "down", "for", "from",
    "her", "his", "in", "into", "its", "off", "on", "out", "over", "the", "their", "through", "to",
    "toward", "towards", "up", "with",
];

/// Words before which an -ed word is an adjective or a participle, not a past verb.
const BEFORE_ADJECTIVE: &[&str] = &[
    "a", "an", "be", "been", "being", "is", "are", "the", "this", "that", "these", "those", "its",
    "his", "her", "their", "our", "very", "more", "most",
];

/// Whether a statement expects something, reports it done, or just states it.
fn modality(lower: &[String]) -> Modality {
    let expectation = lower.iter().enumerate().any(|(i, word)| {
        EXPECTATION.contains(&word.as_str())
            || (word == "set" && lower.get(i + 1).is_some_and(|next| next == "to"))
            || (word == "going" && lower.get(i + 1).is_some_and(|next| next == "to"))
    });
    if expectation {
        return Modality::Expected;
    }
    let happened = lower.iter().enumerate().any(|(i, word)| {
        let past = IRREGULAR_PAST.contains(&word.as_str())
            || (word.len() >= 5 && word.ends_with("ed") && !word.ends_with("eed"));
        // A present passive ("is guarded by", "are expected to") is no past event.
        let present_passive = lower[i.saturating_sub(4)..i]
            .iter()
            .any(|w| matches!(w.as_str(), "is" | "are" | "am" | "be" | "being"));
        past && lower.get(i + 1).is_some_and(|next| AFTER_PAST.contains(&next.as_str()))
            && (i == 0 || !BEFORE_ADJECTIVE.contains(&lower[i - 1].as_str()))
            && !present_passive
    });
    if happened { Modality::Happened } else { Modality::Stated }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        word_spans(text).map(|(s, e)| text[s..e].to_lowercase()).collect()
    }

    #[test]
    fn modality_reads_expectation_and_past_events() {
        let expected = "He is expected to travel to Vladivostok, most likely by armored train.";
        assert_eq!(modality(&words(expected)), Modality::Expected);
        let set = "The leaders are set to meet in Geneva next week.";
        assert_eq!(modality(&words(set)), Modality::Expected);
        let happened =
            "Kim traveled for two days aboard an armored train to reach the space center.";
        assert_eq!(modality(&words(happened)), Modality::Happened);
        let met = "The two leaders met in Helsinki on Monday.";
        assert_eq!(modality(&words(met)), Modality::Happened);
        let stated = "The armored train is slow and heavily guarded by soldiers.";
        assert_eq!(modality(&words(stated)), Modality::Stated);
    }

    #[test]
    fn negation_and_denial() {
        assert!(negated(&words("The ministry did not confirm the report.")));
        assert!(negated(&words("Moscow denied the claims on Tuesday.")));
        assert!(negated(&words("They won't attend.")));
        assert!(negated(&words("That's not putting people back to work.")));
        assert!(!negated(&words("The ministry confirmed the report.")));
        assert!(!negated(&words("They urged it to keep its commitments not to sell arms.")));
    }

    #[test]
    fn clauses_split_at_semicolons_between_clauses() {
        let text = "The army advanced on the city at dawn; the defenders withdrew to the hills.";
        let pieces = clauses(text, Span { start: 0, end: text.len() }, &[]);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[1].slice(text), "the defenders withdrew to the hills.");
        let short = "Prices rose; wages did not.";
        assert_eq!(clauses(short, Span { start: 0, end: short.len() }, &[]).len(), 1);
    }

    #[test]
    fn clauses_split_before_a_second_quote() {
        let text = "“Arms negotiations between Russia and the DPRK are actively advancing,” said \
                    Watson, who added: “We have information that Kim expects these talks to go on.”";
        let second = text.find("“We").unwrap();
        let pieces = clauses(text, Span { start: 0, end: text.len() }, &[second]);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert!(pieces[0].slice(text).ends_with("who added:"));
        assert!(pieces[1].slice(text).starts_with("“We have"));
    }

    #[test]
    fn claims_are_sentences_not_headings_or_questions() {
        assert!(claim_like("The meeting took place in Vladivostok on Wednesday.", 6, true));
        assert!(!claim_like("White House Alert and Diplomatic Progress", 6, true));
        assert!(!claim_like("Will the two leaders meet again this year?", 6, true));
        assert!(!claim_like("and then the meeting took place in the city.", 6, true));
    }

    #[test]
    fn british_and_american_spellings_share_a_stem() {
        let stemmer = Stemmer::create(Algorithm::English);
        assert_eq!(stem(&stemmer, "armoured"), stem(&stemmer, "armored"));
        assert_eq!(stem(&stemmer, "four"), "four");
    }
}
