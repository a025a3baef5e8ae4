//! The facts of a story, merged over its articles: entities, quotes, timeline, figures and
//! cited outlets. The nouns only; `crate::facts` finds and merges them.

use serde::{Deserialize, Serialize};

use super::{DocumentId, Span};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation: a government body, company, agency, university, outlet.
    Organization,
    /// A place: a country, city, region or site.
    Place,
}

impl EntityKind {
    /// `person`, `organization` or `place`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
        }
    }
}

/// Where a place is, when the gazetteer knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Latitude in degrees (cities only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude in degrees (cities only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// A quote or reported statement, with its speaker resolved to an entity where possible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The speaker's entity name ("John Kirby"), or the source as written when it names no
    /// entity ("a US official").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// The key of the speaker's entity, when resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_key: Option<String>,
    /// The source as written ("he", "a White House spokesman").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The cue ("said", "according to").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// What was said or reported (parts joined by " … ").
    pub content: String,
    /// A direct (quoted) quote.
    pub direct: bool,
    /// The content's first span in the article text.
    pub span: Span,
    /// What the source is: a named or described person or organisation, or no speaker at all.
    /// Absent in facts stored before it existed; `crate::facts::speaker_kind` classifies those.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_kind: Option<SpeakerKind>,
}

/// What stands behind a quote's source. Reports list the quotes of a speaker (named or
/// described) and count the rest, which stay in the JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerKind {
    /// A person or organisation the article names: an entity of the article (a country or
    /// capital standing for its government counts), or a proper name ("Der Spiegel").
    Named,
    /// A person or organisation described, not named ("a US official", "the newspaper",
    /// "analysts").
    Described,
    /// A pronoun that resolves to no name ("it", "who", "they").
    Pronoun,
    /// A document or a publication's content ("the report", "a new poll", "the statement"):
    /// a source, but no person or organisation.
    Document,
    /// No person or organisation: a thing or an event ("this development"), or words the
    /// tagger took for a source ("per sources", "North Korea faces").
    NotASpeaker,
    /// No source at all ("is expected", "was reported").
    Unattributed,
}

impl SpeakerKind {
    /// A person or organisation, named or described.
    pub fn is_speaker(self) -> bool {
        matches!(self, SpeakerKind::Named | SpeakerKind::Described)
    }

    /// `named`, `described`, `pronoun`, `document`, `not_a_speaker` or `unattributed`.
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerKind::Named => "named",
            SpeakerKind::Described => "described",
            SpeakerKind::Pronoun => "pronoun",
            SpeakerKind::Document => "document",
            SpeakerKind::NotASpeaker => "not_a_speaker",
            SpeakerKind::Unattributed => "unattributed",
        }
    }
}

/// A quantity of an article: a number with its unit and what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// The quantity as written ("approximately 20 North Korean officials").
    pub text: String,
    /// The number, scales applied.
    pub value: f64,
    /// Not exact ("about", "hundreds of").
    pub approximate: bool,
    /// The qualifying words ("more than").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// The unit in a normalised spelling ("mile", "%", "USD").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What it counts ("North Korean officials").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted: Option<String>,
    /// The value in a metric or currency unit: `[value, unit]` ("950 miles" → 1528.9 km).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalized: Option<(f64, String)>,
    /// An ordinal ("70th").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ordinal: bool,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// Where it is in the article text.
    pub span: Span,
}

/// An entity of a story, merged over its articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryEntity {
    /// The resolution key.
    pub key: String,
    /// The usual name across the articles.
    pub name: String,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// Every spelling used by any article, sorted.
    pub aliases: Vec<String>,
    /// Roles and titles given to it, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Where a place is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
    /// The articles that name it, sorted.
    pub articles: Vec<DocumentId>,
    /// Mentions over all articles.
    pub mentions: usize,
}

/// A quote of a story: which article has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryQuote {
    /// The article quoting.
    pub article: DocumentId,
    /// The quote.
    #[serde(flatten)]
    pub quote: Quote,
}

/// An outlet cited by a story's articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryCitation {
    /// The outlet.
    pub outlet: String,
    /// The articles citing it, sorted.
    pub articles: Vec<DocumentId>,
    /// One citing sentence or line.
    pub context: String,
}

/// A date or range of a story's timeline with the sentences that mention it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// First day, `YYYY-MM-DD`, or `--MM-DD` when the year is unknown.
    pub start: String,
    /// Last day (inclusive).
    pub end: String,
    /// How precise the date is (`day`, `month`, `year`, …).
    pub precision: String,
    /// Each mention: the article, the expression and its sentence.
    pub mentions: Vec<TimelineMention>,
}

/// One mention of a timeline date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineMention {
    /// The article.
    pub article: DocumentId,
    /// The expression as written.
    pub text: String,
    /// The sentence holding it.
    pub sentence: String,
    /// Whether it was resolved against the publication date.
    pub relative: bool,
}

/// A figure of a story: which article states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryFigure {
    /// The article.
    pub article: DocumentId,
    /// The figure.
    #[serde(flatten)]
    pub figure: Figure,
}

/// The facts of a story, merged over its articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryFacts {
    /// Entities, most mentioned first.
    pub entities: Vec<StoryEntity>,
    /// Quotes, by article then text order.
    pub quotes: Vec<StoryQuote>,
    /// Dates in date order (earliest first, then the narrower range); dates whose year is
    /// unknown (`--MM-DD`) after the others, by month and day.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// Figures with a unit or a counted noun (bare numbers and ordinals left out), by article
    /// then text order.
    #[serde(default)]
    pub figures: Vec<StoryFigure>,
    /// Cited outlets, most cited first.
    pub citations: Vec<StoryCitation>,
}
