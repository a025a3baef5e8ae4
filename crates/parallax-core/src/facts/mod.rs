//! Who, what, when: the facts an article states, found with rules and gazetteers (no model).
//!
//! Each submodule reads an article's clean text (byte [`Span`]s into it) and returns what it
//! found, in text order:
//!
//! - [`entities`]: people, organisations and places, resolved across spellings.
//! - [`quotes`]: attributions: who (source) said (cue) what (content), direct and reported.
//! - [`time`]: temporal expressions normalised to dates or ranges with a precision, resolved
//!   against the publication date when there is one.
//! - [`numbers`]: quantities with their unit and what they count, normalised where a unit
//!   allows.
//! - [`outlets`]: the outlets and agencies an article cites.
//!
//! [`article_facts`] runs them all over one article and ties quotes to entities;
//! [`story_facts`] merges the facts of a story's articles: one entity per real-world entity
//! across articles, the quotes with their speakers, a timeline in date order, the figures and
//! the cited outlets. Every function here is pure and total: any text in, no panic.

pub mod entities;
pub mod gazetteer;
mod lex;
pub mod numbers;
pub mod outlets;
pub mod quotes;
mod speakers;
pub mod time;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::model::{Article, DocumentId, RemovalReason, Span};
pub use entities::{Entity, EntityKind, Geo};
pub use outlets::{Citation, CitationKind};

pub use speakers::{classify as source_kind, speaker_kind};

pub use crate::model::facts::{
    Figure, Quote, SpeakerKind, StoryCitation, StoryEntity, StoryFacts, StoryFigure, StoryQuote,
    TimelineEntry, TimelineMention,
};

/// A temporal expression of an article, normalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeFact {
    /// The expression as written ("in late August").
    pub text: String,
    /// First day of the range, `YYYY-MM-DD`, when resolved; `--MM-DD` (ISO 8601, year unknown)
    /// for a month or day named without a year in an article without a publication date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last day of the range (inclusive), in the same form as `start`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// `day`, `week`, `part_of_month`, `month`, `part_of_year`, `year` or `decade`.
    pub precision: String,
    /// Whether it depends on the publication date ("later this month", "on Tuesday").
    pub relative: bool,
    /// Whether `start`/`end` are known (false for a relative phrase without a publication date).
    pub resolved: bool,
    /// `early`, `mid`, `late`, `since`, `until`, `before`, `after`, `by`, … when one applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// That sentence.
    pub context: String,
    /// Where it is in the article text.
    pub span: Span,
}

/// Everything found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleFacts {
    /// People, organisations and places, by first mention.
    pub entities: Vec<Entity>,
    /// Quotes and reported statements, in text order.
    pub quotes: Vec<Quote>,
    /// Temporal expressions, in text order.
    #[serde(default)]
    pub times: Vec<TimeFact>,
    /// Quantities, in text order.
    #[serde(default)]
    pub figures: Vec<Figure>,
    /// Outlets and agencies cited.
    pub citations: Vec<Citation>,
    /// Some list stopped at its cap ([`MAX_FACTS_PER_LIST`], [`MAX_MENTIONS_PER_ENTITY`]): the
    /// article is far longer or stranger than news (a text without full stops, a data dump).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

/// At most this many entities, quotes, dates, figures and citations are kept per article (a long
/// news article has a few hundred of any); the rest of a hostile or huge text is left out, so the
/// stored facts stay proportionate to what a reader can use.
pub const MAX_FACTS_PER_LIST: usize = 2_000;

/// At most this many mentions are kept per entity.
pub const MAX_MENTIONS_PER_ENTITY: usize = 1_000;

/// The sentence shown with a date: whole up to this many bytes, else a window around the date.
const MAX_CONTEXT_BYTES: usize = 320;

/// The index of the sentence holding byte `at` (the last sentence starting at or before it).
fn sentence_of(sentences: &[Span], at: usize) -> usize {
    sentences.partition_point(|span| span.start <= at).saturating_sub(1)
}

/// An anchor for reading month and day off expressions without a year in undated articles.
const YEARLESS_ANCHOR: time::CivilDate = time::CivilDate { year: 2001, month: 7, day: 1 };

const MONTHS: &[&str] =
    &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

fn names_a_month(text: &str) -> bool {
    text.split(|c: char| !c.is_alphabetic()).any(|word| {
        word.len() >= 3 && MONTHS.iter().any(|month| word.to_lowercase().starts_with(month))
    })
}

fn time_facts(article: &Article) -> Vec<TimeFact> {
    let anchor = article.date.as_deref().and_then(time::CivilDate::parse);
    // One more than the cap, so that `ArticleFacts::cap` sees that some were left out.
    let mentions =
        by_pieces(article, MAX_FACTS_PER_LIST + 1, |piece, _| time::time_mentions(piece, anchor));
    // Undated: "in July", "September 10 to 13" still tell month and day, year unknown.
    let yearless: BTreeMap<Span, time::TimeMention> = if anchor.is_none() {
        by_pieces(article, MAX_FACTS_PER_LIST + 1, |piece, _| {
            time::time_mentions(piece, Some(YEARLESS_ANCHOR))
        })
        .into_iter()
        .map(|mention| (mention.span, mention))
        .collect()
    } else {
        BTreeMap::new()
    };
    mentions
        .into_iter()
        .map(|mention| {
            let text = mention.span.slice(&article.text).to_owned();
            let (mut start, mut end) = (
                mention.start.map(|date| date.to_string()),
                mention.end.map(|date| date.to_string()),
            );
            if !mention.resolved
                && names_a_month(&text)
                && let Some(guess) = yearless.get(&mention.span).filter(|guess| guess.resolved)
            {
                let month_day = |date: Option<time::CivilDate>| {
                    date.map(|date| format!("--{:02}-{:02}", date.month, date.day))
                };
                start = month_day(guess.start);
                end = month_day(guess.end);
            }
            let sentence = sentence_of(&article.sentences, mention.span.start);
            TimeFact {
                text,
                start,
                end,
                precision: mention.precision.as_str().to_owned(),
                relative: mention.relative,
                resolved: mention.resolved,
                modifier: mention.modifier.map(|modifier| modifier.as_str().to_owned()),
                sentence,
                context: article
                    .sentences
                    .get(sentence)
                    .map(|span| context_window(&article.text, *span, mention.span))
                    .unwrap_or_default(),
                span: mention.span,
            }
        })
        .collect()
}

/// The sentence `sentence` around `mention`: whole when short, else about
/// [`MAX_CONTEXT_BYTES`] around the mention, cut at spaces and marked with `…`.
fn context_window(text: &str, sentence: Span, mention: Span) -> String {
    let Some(whole) = text.get(sentence.start..sentence.end) else { return String::new() };
    if whole.len() <= MAX_CONTEXT_BYTES {
        return whole.to_owned();
    }
    let margin = MAX_CONTEXT_BYTES.saturating_sub(mention.end.saturating_sub(mention.start)) / 2;
    let mut start = mention.start.saturating_sub(margin).max(sentence.start);
    let mut end = (mention.end + margin).min(sentence.end);
    while start > sentence.start && !text.is_char_boundary(start) {
        start -= 1;
    }
    while end < sentence.end && !text.is_char_boundary(end) {
        end += 1;
    }
    let mut window = text.get(start..end).unwrap_or(whole);
    // Whole words only.
    if start > sentence.start
        && let Some(space) = window.find(' ').filter(|&at| start + at < mention.start)
    {
        window = &window[space + 1..];
    }
    if end < sentence.end
        && let Some(space) = window.rfind(' ')
    {
        let absolute = window.as_ptr() as usize - text.as_ptr() as usize + space;
        if absolute >= mention.end {
            window = &window[..space];
        }
    }
    let mut out = String::with_capacity(window.len() + 6);
    if start > sentence.start {
        out.push('…');
    }
    out.push_str(window.trim());
    if end < sentence.end {
        out.push('…');
    }
    out
}

/// Runs a finder over an article's text, piece by piece for a long one
/// ([`crate::text::pieces`]), and moves what it finds into the article's offsets; stops once
/// `limit` items are found. `find` gets a piece's text and its sentences (in the piece's
/// offsets).
fn by_pieces<T: Shift>(
    article: &Article,
    limit: usize,
    find: impl Fn(&str, &[Span]) -> Vec<T>,
) -> Vec<T> {
    let text = &article.text;
    if text.len() <= quotes::PIECE_BYTES {
        let mut found = find(text, &article.sentences);
        found.truncate(limit);
        return found;
    }
    let mut found = Vec::new();
    for piece in crate::text::pieces(&article.sentences, text.len(), quotes::PIECE_BYTES) {
        let Some(piece_text) = text.get(piece.span.start..piece.span.end) else { continue };
        let offset = piece.span.start;
        let sentences: Vec<Span> = article.sentences[piece.sentences]
            .iter()
            .map(|span| Span { start: span.start - offset, end: span.end - offset })
            .collect();
        for mut item in find(piece_text, &sentences) {
            item.shift(offset);
            found.push(item);
            if found.len() >= limit {
                return found;
            }
        }
    }
    found
}

/// Something found in a piece of a text, with spans that [`by_pieces`] moves by the piece's
/// offset.
trait Shift {
    fn shift(&mut self, offset: usize);
}

fn shifted(span: Span, offset: usize) -> Span {
    Span { start: span.start + offset, end: span.end + offset }
}

impl Shift for time::TimeMention {
    fn shift(&mut self, offset: usize) {
        self.span = shifted(self.span, offset);
    }
}

impl Shift for numbers::Quantity {
    fn shift(&mut self, offset: usize) {
        self.span = shifted(self.span, offset);
    }
}

impl Shift for quotes::Attribution {
    fn shift(&mut self, offset: usize) {
        self.source = self.source.map(|span| shifted(span, offset));
        self.cue = self.cue.map(|span| shifted(span, offset));
        for span in &mut self.content {
            *span = shifted(*span, offset);
        }
    }
}

fn figures(article: &Article) -> Vec<Figure> {
    by_pieces(article, MAX_FACTS_PER_LIST + 1, |piece, _| numbers::quantities(piece))
        .into_iter()
        .map(|quantity| Figure {
            text: quantity.span.slice(&article.text).to_owned(),
            value: quantity.value,
            approximate: quantity.approximate,
            qualifier: quantity.qualifier,
            unit: quantity.unit,
            counted: quantity.counted,
            normalized: quantity.normalized.map(|measure| (measure.value, measure.unit.to_owned())),
            ordinal: quantity.ordinal,
            sentence: sentence_of(&article.sentences, quantity.span.start),
            span: quantity.span,
        })
        .collect()
}

/// Finds the facts of one article.
pub fn article_facts(article: &Article) -> ArticleFacts {
    let text = &article.text;
    let entities = entities::entities(text, &article.sentences);
    let attributions = by_pieces(article, MAX_FACTS_PER_LIST + 1, quotes::attributions);
    let attributions_left_out = attributions.len() > MAX_FACTS_PER_LIST;
    let quotes = attributions
        .into_iter()
        .filter_map(|attribution| quote(text, &attribution, &entities))
        .collect();
    let credits = credit_lines(article);
    let credits: Vec<(&str, Option<&str>)> =
        credits.iter().map(|(line, next)| (line.as_str(), next.as_deref())).collect();
    let citations = outlets::citations(text, &article.sentences, &credits);
    let mut facts = ArticleFacts {
        entities,
        quotes,
        times: time_facts(article),
        figures: figures(article),
        citations,
        truncated: attributions_left_out,
    };
    facts.cap();
    facts
}

impl ArticleFacts {
    /// Applies the caps ([`MAX_FACTS_PER_LIST`], [`MAX_MENTIONS_PER_ENTITY`]) and says whether
    /// anything was left out.
    fn cap(&mut self) {
        let mut truncated = self.truncated
            || self.entities.len() > MAX_FACTS_PER_LIST
            || self.quotes.len() > MAX_FACTS_PER_LIST
            || self.times.len() > MAX_FACTS_PER_LIST
            || self.figures.len() > MAX_FACTS_PER_LIST
            || self.citations.len() > MAX_FACTS_PER_LIST;
        self.entities.truncate(MAX_FACTS_PER_LIST);
        self.times.truncate(MAX_FACTS_PER_LIST);
        self.figures.truncate(MAX_FACTS_PER_LIST);
        self.quotes.truncate(MAX_FACTS_PER_LIST);
        self.citations.truncate(MAX_FACTS_PER_LIST);
        for entity in &mut self.entities {
            if entity.mentions.len() > MAX_MENTIONS_PER_ENTITY {
                entity.mentions.truncate(MAX_MENTIONS_PER_ENTITY);
                truncated = true;
            }
        }
        self.truncated = truncated;
    }
}

/// Removed credit lines, each with the removed line after it ("Read the original story here:"
/// then "BBC Asia").
fn credit_lines(article: &Article) -> Vec<(String, Option<String>)> {
    let removed = &article.removed;
    removed
        .iter()
        .enumerate()
        .filter(|(_, removal)| removal.reason == RemovalReason::Credit)
        .map(|(index, removal)| {
            let next = removed.get(index + 1).map(|next| next.text.clone());
            (removal.text.clone(), next)
        })
        .collect()
}

/// Pronouns that stand for a person named before them ("who" only right after the name).
const PRONOUNS: &[&str] = &["he", "she", "him", "her", "his", "who"];

/// Sentence adverbs a cue's subject cannot be ("Notably, …, adding …").
const NOT_SOURCES: &[&str] = &[
    "additionally",
    "also",
    "furthermore",
    "however",
    "meanwhile",
    "moreover",
    "notably",
    "nevertheless",
    "still",
    "then",
    "therefore",
    "thus",
    "yet",
];

fn quote(text: &str, attribution: &quotes::Attribution, entities: &[Entity]) -> Option<Quote> {
    let first = *attribution.content.first()?;
    let quote_marks: &[char] = &['"', '“', '”', '‘', '’', '\'', ' ', ','];
    let content = attribution
        .content
        .iter()
        .map(|span| span.slice(text).trim_matches(quote_marks))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" … ");
    if content.is_empty() {
        return None;
    }
    // The tagger can stop a source short of the name it leads to ("Kremlin" of "Kremlin
    // spokesman Dmitry Peskov underlined …, stating"): take in the rest of the name.
    let limit = attribution
        .cue
        .iter()
        .chain(&attribution.content)
        .map(|span| span.start)
        .filter(|&start| attribution.source.is_some_and(|source| start >= source.end))
        .min()
        .unwrap_or(text.len());
    let source_span = attribution.source.map(|span| name_continued(span, text, limit));
    let source = source_span.map(|span| span.slice(text).trim().to_owned());
    if source.as_deref().is_some_and(|source| NOT_SOURCES.contains(&source.to_lowercase().as_str()))
    {
        return None;
    }
    let speaker_entity = source_span.and_then(|span| speaker_of(span, text, entities));
    let speaker = speaker_entity.map(|entity| entity.name.clone()).or_else(|| source.clone());
    let mut quote = Quote {
        speaker,
        speaker_key: speaker_entity.map(|entity| entity.key.clone()),
        source,
        cue: attribution.cue.map(|span| span.slice(text).trim().to_owned()),
        content,
        direct: attribution.direct,
        span: first,
        speaker_kind: None,
    };
    quote.speaker_kind = Some(speaker_kind(&quote));
    Some(quote)
}

/// `source` extended over the words that continue its name up to `limit`: single-spaced
/// capitalised words and role nouns ("Kremlin" + " spokesman Dmitry Peskov").
fn name_continued(source: Span, text: &str, limit: usize) -> Span {
    let mut end = source.end;
    let limit = limit.min(text.len());
    while let Some(rest) = text.get(end..limit) {
        let Some(after_space) = rest.strip_prefix(' ') else { break };
        let word_len = after_space
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
            .unwrap_or(after_space.len());
        let word = after_space[..word_len].trim_end_matches('.');
        let continues = word.chars().next().is_some_and(char::is_uppercase)
            || entities::ROLE_WORDS.contains(&word);
        if word.is_empty() || !continues {
            break;
        }
        end += 1 + word.len();
    }
    Span { start: source.start, end }
}

/// The entity a source names: the one person mentioned inside it; else an organisation or
/// place that is the whole source ("the White House", not "a US official" or "both Pyongyang
/// and Moscow"); for a pronoun, the person mentioned last before it.
fn speaker_of<'a>(source: Span, text: &str, entities: &'a [Entity]) -> Option<&'a Entity> {
    // The speaker is in the head of the source, not in a relative clause after it ("the
    // letter, which the faculty sent to Mr. Ryan": the letter, not Ryan).
    let written = source.slice(text);
    let head_end = [", which ", ", who ", ", whose ", ", that "]
        .iter()
        .filter_map(|marker| written.find(marker))
        .min()
        .filter(|&at| at > 0);
    let source = match head_end {
        Some(at) => Span { start: source.start, end: source.start + at },
        None => source,
    };
    let inside = |entity: &&Entity| {
        entity
            .mentions
            .iter()
            .any(|mention| mention.start < source.end && source.start < mention.end)
    };
    let named: Vec<&Entity> = entities.iter().filter(inside).collect();
    let people: Vec<&Entity> =
        named.iter().copied().filter(|entity| entity.kind == EntityKind::Person).collect();
    match people.as_slice() {
        [person] => return Some(person),
        [_, _, ..] => return None,
        [] => {}
    }
    if let [entity] = named.as_slice() {
        let written = source.slice(text).trim();
        let bare = written.strip_prefix("the ").or_else(|| written.strip_prefix("The "));
        if entity.aliases.iter().any(|alias| alias == bare.unwrap_or(written)) {
            return Some(entity);
        }
        return None;
    }
    let written = source.slice(text).trim().to_lowercase();
    if !PRONOUNS.contains(&written.as_str()) {
        return None;
    }
    entities
        .iter()
        .filter(|entity| entity.kind == EntityKind::Person)
        .filter_map(|entity| {
            let last =
                entity.mentions.iter().filter(|m| m.end <= source.start).map(|m| m.end).max()?;
            Some((last, entity))
        })
        .max_by_key(|(last, _)| *last)
        // "Kirby, who said": the name must end right before a relative pronoun.
        .filter(|(last, _)| written != "who" || source.start.saturating_sub(*last) <= 3)
        .map(|(_, entity)| entity)
}

// ---------------------------------------------------------------------------------------------
// Stories

/// Merges the facts of a story's articles (`members`: id and facts, any order).
pub fn story_facts(members: &[(&DocumentId, &ArticleFacts)]) -> StoryFacts {
    let mut members: Vec<(&DocumentId, &ArticleFacts)> = members.to_vec();
    members.sort_by(|a, b| a.0.cmp(b.0));
    let (entities, target_of) = merge_entities(&members);
    let by_key: BTreeMap<&str, &StoryEntity> =
        entities.iter().map(|entity| (entity.key.as_str(), entity)).collect();
    let mut quotes = Vec::new();
    for (id, facts) in &members {
        for quote in &facts.quotes {
            let mut quote = quote.clone();
            let key = quote
                .speaker_key
                .as_deref()
                .map(|key| target_of.get(key).map_or(key, String::as_str));
            if let Some(entity) = key.and_then(|key| by_key.get(key)) {
                quote.speaker = Some(entity.name.clone());
                quote.speaker_key = Some(entity.key.clone());
            }
            quotes.push(StoryQuote { article: (*id).clone(), quote });
        }
    }
    let mut citations: BTreeMap<String, StoryCitation> = BTreeMap::new();
    for (id, facts) in &members {
        for citation in &facts.citations {
            let entry = citations.entry(citation.outlet.clone()).or_insert_with(|| StoryCitation {
                outlet: citation.outlet.clone(),
                articles: Vec::new(),
                context: citation.context.clone(),
            });
            if !entry.articles.contains(id) {
                entry.articles.push((*id).clone());
            }
        }
    }
    let mut citations: Vec<StoryCitation> = citations.into_values().collect();
    citations.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(a.outlet.cmp(&b.outlet)));
    StoryFacts {
        entities,
        quotes,
        timeline: timeline(&members),
        figures: story_figures(&members),
        citations,
    }
}

fn timeline(members: &[(&DocumentId, &ArticleFacts)]) -> Vec<TimelineEntry> {
    let mut by_range: BTreeMap<(String, String, String), Vec<TimelineMention>> = BTreeMap::new();
    for (id, facts) in members {
        for time in &facts.times {
            let (Some(start), Some(end)) = (&time.start, &time.end) else {
                continue;
            };
            let sentence =
                if time.context.is_empty() { time.text.clone() } else { time.context.clone() };
            let mentions =
                by_range.entry((start.clone(), end.clone(), time.precision.clone())).or_default();
            if !mentions.iter().any(|m| m.article == **id && m.sentence == sentence) {
                mentions.push(TimelineMention {
                    article: (*id).clone(),
                    text: time.text.clone(),
                    sentence,
                    relative: time.relative,
                });
            }
        }
    }
    let mut entries: Vec<TimelineEntry> = by_range
        .into_iter()
        .map(|((start, end, precision), mentions)| TimelineEntry {
            start,
            end,
            precision,
            mentions,
        })
        .collect();
    // Earliest first (entries whose year is unknown, `--MM-DD`, after those with one); of two
    // ranges starting the same day, the narrower first.
    entries.sort_by(|a, b| {
        let yearless = |entry: &TimelineEntry| entry.start.starts_with("--");
        yearless(a)
            .cmp(&yearless(b))
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
            .then(a.precision.cmp(&b.precision))
    });
    entries
}

fn story_figures(members: &[(&DocumentId, &ArticleFacts)]) -> Vec<StoryFigure> {
    members
        .iter()
        .flat_map(|(id, facts)| {
            facts
                .figures
                .iter()
                // "two nations", "one hand": small counts without a unit say little.
                .filter(|figure| {
                    !figure.ordinal
                        && (figure.unit.is_some()
                            || (figure.counted.is_some() && figure.value > 2.0))
                })
                .map(|figure| StoryFigure { article: (*id).clone(), figure: figure.clone() })
        })
        .collect()
}

/// Merges entities over articles; also returns which article-level keys went into which entity.
pub(crate) fn merge_entities(
    members: &[(&DocumentId, &ArticleFacts)],
) -> (Vec<StoryEntity>, BTreeMap<String, String>) {
    // Group by key, then fold lone words and acronyms into the entity they name.
    let mut groups: BTreeMap<String, Vec<(&DocumentId, &Entity)>> = BTreeMap::new();
    for (id, facts) in members {
        for entity in &facts.entities {
            groups.entry(entity.key.clone()).or_default().push((id, entity));
        }
    }
    let keys: Vec<String> = groups.keys().cloned().collect();
    let mut target_of: BTreeMap<String, String> = BTreeMap::new();
    for key in &keys {
        let kind = groups[key][0].1.kind;
        if key.contains(' ') {
            continue;
        }
        let mentions = |candidate: &String| {
            groups[candidate].iter().map(|(_, e)| e.mentions.len()).sum::<usize>()
        };
        let target = keys
            .iter()
            .filter(|other| *other != key && other.contains(' '))
            .filter(|other| {
                let other_kind = groups[*other][0].1.kind;
                let words: Vec<&str> = other.split(' ').collect();
                match (kind, other_kind) {
                    (EntityKind::Person, EntityKind::Person) => {
                        words.first() == Some(&key.as_str()) || words.last() == Some(&key.as_str())
                    }
                    (EntityKind::Place, EntityKind::Place) => words.first() == Some(&key.as_str()),
                    (EntityKind::Organization, EntityKind::Organization | EntityKind::Place) => {
                        let letters: String = key.chars().filter(|c| c.is_alphanumeric()).collect();
                        groups[*other].iter().any(|(_, entity)| {
                            entity.aliases.iter().any(|alias| {
                                entities::initials(alias).eq_ignore_ascii_case(&letters)
                            })
                        })
                    }
                    _ => false,
                }
            })
            .max_by(|a, b| mentions(a).cmp(&mentions(b)).then(b.cmp(a)));
        if let Some(target) = target {
            target_of.insert(key.clone(), target.clone());
        }
    }
    let mut merged: BTreeMap<String, Vec<(&DocumentId, &Entity)>> = BTreeMap::new();
    for (key, group) in groups {
        let target = target_of.get(&key).cloned().unwrap_or(key);
        merged.entry(target).or_default().extend(group);
    }
    let mut entities: Vec<StoryEntity> = merged
        .into_iter()
        .map(|(key, group)| {
            let mut names: BTreeMap<&str, usize> = BTreeMap::new();
            let mut aliases = BTreeSet::new();
            let mut roles = BTreeSet::new();
            let mut articles = BTreeSet::new();
            let mut mentions = 0;
            let mut geo = None;
            let kind =
                group.iter().find(|(_, e)| e.key == key).map_or(group[0].1.kind, |(_, e)| e.kind);
            for (id, entity) in &group {
                if entity.key == key {
                    *names.entry(entity.name.as_str()).or_default() += entity.mentions.len();
                }
                aliases.extend(entity.aliases.iter().cloned());
                roles.extend(entity.roles.iter().cloned());
                articles.insert((*id).clone());
                mentions += entity.mentions.len();
                if geo.is_none() {
                    geo = entity.geo.clone();
                }
            }
            let name = names
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(a.0.len().cmp(&b.0.len())).then(b.0.cmp(a.0)))
                .map(|(name, _)| name.to_owned())
                .unwrap_or_else(|| key.clone());
            StoryEntity {
                key,
                name,
                kind,
                aliases: aliases.into_iter().collect(),
                roles: roles.into_iter().collect(),
                geo,
                articles: articles.into_iter().collect(),
                mentions,
            }
        })
        .collect();
    entities.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(b.mentions.cmp(&a.mentions))
            .then(a.key.cmp(&b.key))
    });
    (entities, target_of)
}
