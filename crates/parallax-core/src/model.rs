//! The nouns of the pipeline: raw documents, articles, stories and diagnostics.
//!
//! Every stage takes and returns these types. They carry no behaviour beyond small accessors;
//! the stages live in their own modules.

use std::fmt;

use serde::{Deserialize, Serialize};

pub mod brief;
pub mod facts;

/// A stable identifier of an article.
///
/// It is the input's own id when the input has one (a JSONL `id` field), otherwise a hash of the
/// normalised text, so the same article ingested twice gets the same id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocumentId(String);

impl DocumentId {
    /// Wraps an id given by the input.
    pub fn new(id: impl Into<String>) -> DocumentId {
        DocumentId(id.into())
    }

    /// Derives an id from the article text (an xxh3 hash of its normalised form).
    pub fn from_content(text: &str) -> DocumentId {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for word in text.split_whitespace() {
            hasher.update(word.as_bytes());
            hasher.update(b" ");
        }
        DocumentId(format!("h{:016x}", hasher.digest()))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a document came from: a file (or `-` for stdin) and, for multi-record files, the record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file path as the user gave it, or `-` for standard input.
    pub path: String,
    /// The 1-based line number (JSONL) or record number (WARC) inside the file.
    pub record: Option<u64>,
}

impl Origin {
    /// An origin for a whole file.
    pub fn file(path: impl Into<String>) -> Origin {
        Origin { path: path.into(), record: None }
    }

    /// An origin for one record of a file.
    pub fn record(path: impl Into<String>, record: u64) -> Origin {
        Origin { path: path.into(), record: Some(record) }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            Some(record) => write!(f, "{}:{record}", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// The body of a raw document, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Plain text, already decoded.
    Text(String),
    /// An HTML page, already decoded to UTF-8.
    Html(String),
}

/// A document as ingested: a body plus whatever metadata the input carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    /// Where it came from.
    pub origin: Origin,
    /// The id the input gave it, if any.
    pub id: Option<String>,
    /// The page URL, if known.
    pub url: Option<String>,
    /// The outlet named by the input's metadata, if any.
    pub outlet: Option<String>,
    /// The title given by the input's metadata, if any.
    pub title: Option<String>,
    /// The publication date given by the input's metadata, if any, as written there.
    pub date: Option<String>,
    /// The body.
    pub body: Body,
}

impl RawDocument {
    /// A document with a body and an origin and no metadata.
    pub fn new(origin: Origin, body: Body) -> RawDocument {
        RawDocument { origin, id: None, url: None, outlet: None, title: None, date: None, body }
    }
}

/// Why a line or block was removed from an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RemovalReason {
    /// Navigation, share bars, buttons, menus: user-interface vocabulary.
    Navigation,
    /// "Previous article"/"Next article" and similar links to other articles.
    RelatedLinks,
    /// Invitations to follow, subscribe or sign up.
    CallToAction,
    /// Comment forms, reply prompts, polls and other reader widgets.
    Widget,
    /// An author biography or byline block.
    AuthorBio,
    /// Bylines, datelines and "Posted in" category lists.
    Byline,
    /// Tag and keyword lists.
    TagList,
    /// Weather, clock and date banners from the page header.
    Banner,
    /// Counters and other numeric furniture ("Views: 1021").
    Counter,
    /// Image credits, licences and "source" lines.
    Credit,
    /// Legal and copyright notices.
    Legal,
    /// Everything after the end of the article body (tail furniture).
    AfterArticle,
    /// Furniture before the start of the article body.
    BeforeArticle,
    /// A line repeated across several documents of the same outlet.
    Repeated,
    /// A line repeated inside the same document.
    Duplicate,
    /// Not article text, by its form (no sentence shape, mostly symbols or icon names).
    NotProse,
    /// Removed by the HTML extractor (everything outside the main content).
    OutsideMainContent,
}

impl RemovalReason {
    /// A short stable name used in JSON and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalReason::Navigation => "navigation",
            RemovalReason::RelatedLinks => "related-links",
            RemovalReason::CallToAction => "call-to-action",
            RemovalReason::Widget => "widget",
            RemovalReason::AuthorBio => "author-bio",
            RemovalReason::Byline => "byline",
            RemovalReason::TagList => "tag-list",
            RemovalReason::Banner => "banner",
            RemovalReason::Counter => "counter",
            RemovalReason::Credit => "credit",
            RemovalReason::Legal => "legal",
            RemovalReason::AfterArticle => "after-article",
            RemovalReason::BeforeArticle => "before-article",
            RemovalReason::Repeated => "repeated-across-documents",
            RemovalReason::Duplicate => "duplicate-line",
            RemovalReason::NotProse => "not-prose",
            RemovalReason::OutsideMainContent => "outside-main-content",
        }
    }

    /// Every reason, in a fixed order.
    pub const ALL: [RemovalReason; 17] = [
        RemovalReason::Navigation,
        RemovalReason::RelatedLinks,
        RemovalReason::CallToAction,
        RemovalReason::Widget,
        RemovalReason::AuthorBio,
        RemovalReason::Byline,
        RemovalReason::TagList,
        RemovalReason::Banner,
        RemovalReason::Counter,
        RemovalReason::Credit,
        RemovalReason::Legal,
        RemovalReason::AfterArticle,
        RemovalReason::BeforeArticle,
        RemovalReason::Repeated,
        RemovalReason::Duplicate,
        RemovalReason::NotProse,
        RemovalReason::OutsideMainContent,
    ];

    /// Parses a name written by [`RemovalReason::as_str`].
    pub fn parse(name: &str) -> Option<RemovalReason> {
        RemovalReason::ALL.into_iter().find(|reason| reason.as_str() == name)
    }
}

impl fmt::Display for RemovalReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One removed line or block, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// The 1-based line number in the input text (0 for HTML, where lines are not meaningful).
    pub line: u32,
    /// The removed text.
    pub text: String,
    /// Why it was removed.
    pub reason: RemovalReason,
}

/// A half-open byte range into an article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

impl Span {
    /// The text this span covers.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Whether the input was HTML or plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceFormat {
    /// Plain text.
    Text,
    /// HTML.
    Html,
}

impl SourceFormat {
    /// `text` or `html`.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Text => "text",
            SourceFormat::Html => "html",
        }
    }
}

/// What kind of page a document is. Plain text is taken for an article; an HTML page's type is
/// decided from its structure, markup and URL (`clean::page_type`). Only articles join stories
/// and briefs by default.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    /// A news article, blog post or press release: one text by one author about one thing.
    #[default]
    Article,
    /// An index of other pages: a section front, tag, author or search page, a list of courses
    /// or reviews (repeated teaser cards).
    Listing,
    /// A category or browse page: a grid of products or items with filters.
    Collection,
    /// A discussion thread or Q&A page: posts by several users in sequence.
    Forum,
    /// A single product's page.
    Product,
    /// A service, company or marketing page (features, pricing, FAQ).
    Service,
    /// Documentation: API references, tutorials, wikis.
    Documentation,
}

impl PageType {
    /// Every page type, articles first (the order of the page-type models).
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Listing,
        PageType::Collection,
        PageType::Forum,
        PageType::Product,
        PageType::Service,
        PageType::Documentation,
    ];

    /// The lower-case name (`article`, `listing`…).
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Listing => "listing",
            PageType::Collection => "collection",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Service => "service",
            PageType::Documentation => "documentation",
        }
    }

    /// The type named `name` (as written by [`PageType::as_str`]).
    pub fn parse(name: &str) -> Option<PageType> {
        PageType::ALL.into_iter().find(|page_type| page_type.as_str() == name)
    }
}

/// A cleaned article: the main text with boilerplate removed, its text units and metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable id.
    pub id: DocumentId,
    /// Where it came from.
    pub origin: Origin,
    /// Whether the body was HTML or text.
    pub format: SourceFormat,
    /// The page URL, if known.
    pub url: Option<String>,
    /// The outlet: from metadata, else the URL's domain.
    pub outlet: Option<String>,
    /// The title.
    pub title: Option<String>,
    /// The author, if the page names one.
    pub author: Option<String>,
    /// The publication date as `YYYY-MM-DD`, if known.
    pub date: Option<String>,
    /// The clean article text: paragraphs separated by a blank line, NFC-normalised.
    pub text: String,
    /// Paragraph spans into `text`.
    pub paragraphs: Vec<Span>,
    /// Sentence spans into `text`.
    pub sentences: Vec<Span>,
    /// The detected language as an ISO 639-3 code, if detection was reliable enough.
    pub language: Option<String>,
    /// What was removed, and why.
    pub removed: Vec<Removal>,
    /// What kind of page it is (plain text: an article).
    pub page_type: PageType,
}

impl Article {
    /// The sentences as string slices.
    pub fn sentence_texts(&self) -> impl Iterator<Item = &str> {
        self.sentences.iter().map(|span| span.slice(&self.text))
    }

    /// The number of words (whitespace-separated tokens) of the text.
    pub fn word_count(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input was used, but something about it is worth knowing (e.g. a guessed encoding).
    Warning,
    /// The input (file or record) was rejected.
    Error,
}

/// A problem with one input file or record. Diagnostics never abort a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file and record concerned.
    pub origin: Origin,
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong, for a person.
    pub message: String,
}

impl Diagnostic {
    /// A rejected input.
    pub fn error(origin: Origin, message: impl Into<String>) -> Diagnostic {
        Diagnostic { origin, severity: Severity::Error, message: message.into() }
    }

    /// An accepted input with a caveat.
    pub fn warning(origin: Origin, message: impl Into<String>) -> Diagnostic {
        Diagnostic { origin, severity: Severity::Warning, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}: {}", self.origin, self.message)
    }
}

/// A story: a group of articles that tell the same event.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// A stable id derived from the member ids.
    pub id: String,
    /// A readable label.
    pub label: String,
    /// Member article ids, sorted.
    pub articles: Vec<DocumentId>,
    /// The terms the members share most, best first.
    pub keywords: Vec<String>,
    /// Pairwise similarities among members that joined them (`a < b`).
    pub links: Vec<StoryLink>,
    /// How member articles relate, pair by pair (`a < b`), strongest first.
    pub relations: Vec<Relation>,
    /// The likely original(s): members that others copy or rewrite and that copy no other
    /// member.
    pub originals: Vec<DocumentId>,
    /// Who, what, when: entities, quotes, timeline, figures and cited outlets, merged over the
    /// members.
    pub facts: facts::StoryFacts,
    /// What the sources say: claims, corroboration, contradictions, provenance (empty for a
    /// story of one article).
    pub brief: brief::Brief,
}

/// An edge between two articles of a story.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryLink {
    /// The first article (smaller id).
    pub a: DocumentId,
    /// The second article.
    pub b: DocumentId,
    /// Similarity in `[0, 1]`.
    pub similarity: f64,
}

/// How two sentences match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The same words in the same order.
    Exact,
    /// Mostly the same words (light edits).
    Near,
    /// The same meaning in other words.
    Paraphrase,
}

impl MatchKind {
    /// `exact`, `near` or `paraphrase`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Near => "near",
            MatchKind::Paraphrase => "paraphrase",
        }
    }
}

/// Two aligned sentences, by index into each article's `sentences`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SentencePair {
    /// Sentence of the first article.
    pub a: usize,
    /// Sentence of the second article.
    pub b: usize,
    /// How they match.
    pub kind: MatchKind,
    /// Match strength in `[0, 1]` (lexical overlap, or cosine for paraphrases).
    pub score: f64,
}

/// A run of aligned sentences: a passage one article shares with the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    /// Sentence range in the first article (half-open).
    pub a: (usize, usize),
    /// Sentence range in the second article (half-open).
    pub b: (usize, usize),
    /// The weakest match kind in the passage.
    pub kind: MatchKind,
    /// The aligned sentence pairs, in order.
    pub pairs: Vec<SentencePair>,
}

/// What two articles are to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelationKind {
    /// The same normalised text.
    Duplicate,
    /// Shingle sets nearly equal (Jaccard at or above the near-duplicate threshold).
    NearDuplicate,
    /// One retells the other (or both a common source) sentence by sentence.
    Rewrite,
    /// The same story told independently.
    SameStory,
}

impl RelationKind {
    /// `duplicate`, `near-duplicate`, `rewrite` or `same-story`.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Duplicate => "duplicate",
            RelationKind::NearDuplicate => "near-duplicate",
            RelationKind::Rewrite => "rewrite",
            RelationKind::SameStory => "same-story",
        }
    }
}

/// The evidence behind a relation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RelationScores {
    /// Jaccard similarity of the two word-shingle sets.
    pub jaccard: f64,
    /// Share of the first article's shingles found in the second.
    pub containment_a: f64,
    /// Share of the second article's shingles found in the first.
    pub containment_b: f64,
    /// Share of the first article's words in sentences aligned with the second.
    pub coverage_a: f64,
    /// Share of the second article's words in sentences aligned with the first.
    pub coverage_b: f64,
    /// Cosine of the two articles' tf-idf vectors.
    pub lexical: f64,
    /// Cosine of the two articles' embeddings (title and lead), when a model ran.
    pub semantic: Option<f64>,
}

/// Why one article of a pair is taken for the source of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DirectionBasis {
    /// It was published earlier.
    Date,
    /// The other names its outlet.
    Citation,
    /// The other is mostly contained in it (an excerpt or a trimmed copy).
    Containment,
}

impl DirectionBasis {
    /// `date`, `citation` or `containment`.
    pub fn as_str(self) -> &'static str {
        match self {
            DirectionBasis::Date => "date",
            DirectionBasis::Citation => "citation",
            DirectionBasis::Containment => "containment",
        }
    }
}

/// Who copied whom, when the evidence says.
#[derive(Debug, Clone, PartialEq)]
pub struct Direction {
    /// The likely source.
    pub original: DocumentId,
    /// The likely copy.
    pub copy: DocumentId,
    /// The evidence used.
    pub basis: DirectionBasis,
}

/// Two articles of a story, compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The first article (smaller id).
    pub a: DocumentId,
    /// The second article.
    pub b: DocumentId,
    /// What they are to each other.
    pub kind: RelationKind,
    /// The evidence.
    pub scores: RelationScores,
    /// The passages they share, in the first article's order.
    pub passages: Vec<Passage>,
    /// Who copied whom, for duplicates and rewrites whose evidence points one way.
    pub direction: Option<Direction>,
}

impl Relation {
    /// Aligned sentence pairs over all passages.
    pub fn pairs(&self) -> impl Iterator<Item = &SentencePair> {
        self.passages.iter().flat_map(|passage| passage.pairs.iter())
    }
}
