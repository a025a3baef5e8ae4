//! The report: JSON documents (`parallax.report/v1`, `parallax.extract/v1`) and their
//! human-readable rendering. The JSON shapes are documented in `docs/report-schema.md`; change
//! them only together with that file and the schema version.

use std::fmt::Write as _;

use std::collections::HashMap;

use parallax_core::model::{Article, Diagnostic, Relation, RelationKind, Severity, Story};
use serde::Serialize;

/// The schema name of the analysis report.
pub(crate) const REPORT_SCHEMA: &str = "parallax.report/v1";
/// The schema name of one `extract` record.
pub(crate) const EXTRACT_SCHEMA: &str = "parallax.extract/v1";

/// The analysis report. Its story and article lists are any serialisable sequences: vectors for
/// small reports, [`Streamed`] iterators for a whole store, written one item at a time.
#[derive(Debug, Serialize)]
pub(crate) struct Report<S = Vec<StoryDto>, A = Vec<ArticleDto>> {
    pub(crate) schema: &'static str,
    pub(crate) generator: Generator,
    pub(crate) summary: Summary,
    pub(crate) stories: S,
    pub(crate) articles: A,
    pub(crate) diagnostics: Vec<DiagnosticDto>,
}

/// A JSON array written from an iterator as it is serialised, so that a report on a large store
/// is never held whole in memory. An item that fails (a store read) stops the serialisation with
/// its message. It can be serialised once.
pub(crate) struct Streamed<I>(std::cell::RefCell<Option<I>>);

impl<I> Streamed<I> {
    pub(crate) fn new(items: I) -> Streamed<I> {
        Streamed(std::cell::RefCell::new(Some(items)))
    }
}

impl<I> std::fmt::Debug for Streamed<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Streamed(..)")
    }
}

impl<I, T, E> Serialize for Streamed<I>
where
    I: Iterator<Item = Result<T, E>>,
    T: Serialize,
    E: std::fmt::Display,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let items = self
            .0
            .borrow_mut()
            .take()
            .ok_or_else(|| S::Error::custom("a streamed list can be written once"))?;
        let mut seq = serializer.serialize_seq(None)?;
        for item in items {
            seq.serialize_element(&item.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct Generator {
    pub(crate) name: &'static str,
    pub(crate) version: &'static str,
}

pub(crate) fn generator() -> Generator {
    Generator { name: "parallax", version: env!("CARGO_PKG_VERSION") }
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct Summary {
    /// Documents read in this run (after ingest, before dedup by id).
    pub(crate) documents_read: usize,
    /// Articles newly stored in this run.
    pub(crate) articles_added: usize,
    /// Articles of this run that were already stored.
    pub(crate) articles_existing: usize,
    /// Articles in the store (the report's articles).
    pub(crate) articles: usize,
    pub(crate) stories: usize,
    /// Inputs (files or records) rejected in this run.
    pub(crate) rejected: usize,
    pub(crate) warnings: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct StoryDto {
    pub(crate) id: String,
    pub(crate) label: String,
    pub(crate) keywords: Vec<String>,
    pub(crate) articles: Vec<String>,
    /// The likely original(s): copied or rewritten by others, copying none.
    pub(crate) originals: Vec<String>,
    pub(crate) links: Vec<LinkDto>,
    /// Every pair of member articles, strongest relation first.
    pub(crate) relations: Vec<RelationDto>,
    /// Entities, quotes, timeline, figures and cited outlets, merged over the members.
    #[serde(flatten)]
    pub(crate) facts: parallax_core::facts::StoryFacts,
    /// The brief: summary, claims, contradictions, sources, provenance, coverage.
    #[serde(flatten)]
    pub(crate) brief: parallax_core::brief::Brief,
}

#[derive(Debug, Serialize)]
pub(crate) struct RelationDto {
    pub(crate) a: String,
    pub(crate) b: String,
    /// duplicate | near-duplicate | rewrite | same-story
    pub(crate) relation: &'static str,
    pub(crate) scores: ScoresDto,
    /// Who copied whom, when the evidence points one way.
    pub(crate) direction: Option<DirectionDto>,
    pub(crate) passages: Vec<PassageDto>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ScoresDto {
    /// Jaccard similarity of the word 5-gram sets.
    pub(crate) jaccard: f64,
    pub(crate) containment_a: f64,
    pub(crate) containment_b: f64,
    /// Share of each article's words in aligned sentences.
    pub(crate) coverage_a: f64,
    pub(crate) coverage_b: f64,
    /// tf-idf cosine.
    pub(crate) lexical: f64,
    /// Embedding cosine of title and lead, when a model ran.
    pub(crate) semantic: Option<f64>,
}

#[derive(Debug, Serialize)]
pub(crate) struct DirectionDto {
    pub(crate) original: String,
    pub(crate) copy: String,
    /// date | citation | containment
    pub(crate) basis: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct PassageDto {
    /// Sentence range in `a` (half-open, 0-based).
    pub(crate) a: [usize; 2],
    pub(crate) b: [usize; 2],
    /// The weakest match in the passage: exact | near | paraphrase.
    pub(crate) kind: &'static str,
    pub(crate) pairs: Vec<PairDto>,
}

#[derive(Debug, Serialize)]
pub(crate) struct PairDto {
    pub(crate) a: usize,
    pub(crate) b: usize,
    pub(crate) kind: &'static str,
    pub(crate) score: f64,
    pub(crate) a_text: Option<String>,
    pub(crate) b_text: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct LinkDto {
    pub(crate) a: String,
    pub(crate) b: String,
    pub(crate) similarity: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct ArticleDto {
    pub(crate) id: String,
    pub(crate) origin: String,
    pub(crate) format: &'static str,
    pub(crate) url: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) author: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) language: Option<String>,
    /// `article`, or the kind of page it is (`listing`, `forum`…); only articles join stories
    /// unless `--include-pages`.
    pub(crate) page_type: &'static str,
    pub(crate) words: usize,
    pub(crate) paragraphs: usize,
    pub(crate) sentences: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<String>,
    pub(crate) removed: Vec<RemovalDto>,
    /// This article's own entities, quotes, time expressions, figures and cited outlets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) facts: Option<parallax_core::facts::ArticleFacts>,
}

#[derive(Debug, Serialize)]
pub(crate) struct RemovalDto {
    pub(crate) line: u32,
    pub(crate) reason: &'static str,
    pub(crate) text: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct DiagnosticDto {
    pub(crate) origin: String,
    pub(crate) severity: &'static str,
    pub(crate) message: String,
}

/// One `extract --json` line.
#[derive(Debug, Serialize)]
pub(crate) struct ExtractRecord {
    pub(crate) schema: &'static str,
    #[serde(flatten)]
    pub(crate) article: ArticleDto,
    pub(crate) sentence_list: Vec<String>,
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn sentence(article: Option<&&Article>, index: usize) -> Option<String> {
    article.and_then(|article| {
        article.sentences.get(index).map(|span| span.slice(&article.text).to_owned())
    })
}

pub(crate) fn relation_dto(relation: &Relation, articles: &HashMap<&str, &Article>) -> RelationDto {
    let (article_a, article_b) =
        (articles.get(relation.a.as_str()), articles.get(relation.b.as_str()));
    let scores = &relation.scores;
    RelationDto {
        a: relation.a.to_string(),
        b: relation.b.to_string(),
        relation: relation.kind.as_str(),
        scores: ScoresDto {
            jaccard: round3(scores.jaccard),
            containment_a: round3(scores.containment_a),
            containment_b: round3(scores.containment_b),
            coverage_a: round3(scores.coverage_a),
            coverage_b: round3(scores.coverage_b),
            lexical: round3(scores.lexical),
            semantic: scores.semantic.map(round3),
        },
        direction: relation.direction.as_ref().map(|direction| DirectionDto {
            original: direction.original.to_string(),
            copy: direction.copy.to_string(),
            basis: direction.basis.as_str(),
        }),
        passages: relation
            .passages
            .iter()
            .map(|passage| PassageDto {
                a: [passage.a.0, passage.a.1],
                b: [passage.b.0, passage.b.1],
                kind: passage.kind.as_str(),
                pairs: passage
                    .pairs
                    .iter()
                    .map(|pair| PairDto {
                        a: pair.a,
                        b: pair.b,
                        kind: pair.kind.as_str(),
                        score: round3(pair.score),
                        a_text: sentence(article_a, pair.a),
                        b_text: sentence(article_b, pair.b),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Articles by id, for the DTOs that quote sentences.
pub(crate) fn index(articles: &[Article]) -> HashMap<&str, &Article> {
    articles.iter().map(|article| (article.id.as_str(), article)).collect()
}

pub(crate) fn story_dto(story: &Story, articles: &HashMap<&str, &Article>) -> StoryDto {
    StoryDto {
        facts: story.facts.clone(),
        brief: story.brief.clone(),
        ..bare_story_dto(story, articles)
    }
}

/// A story's DTO that takes its facts and brief instead of copying them.
pub(crate) fn into_story_dto(mut story: Story, articles: &HashMap<&str, &Article>) -> StoryDto {
    let facts = std::mem::take(&mut story.facts);
    let brief = std::mem::take(&mut story.brief);
    StoryDto { facts, brief, ..bare_story_dto(&story, articles) }
}

/// Everything of a story's DTO but its (empty) facts and brief.
fn bare_story_dto(story: &Story, articles: &HashMap<&str, &Article>) -> StoryDto {
    StoryDto {
        id: story.id.clone(),
        label: story.label.clone(),
        keywords: story.keywords.clone(),
        articles: story.articles.iter().map(ToString::to_string).collect(),
        originals: story.originals.iter().map(ToString::to_string).collect(),
        relations: story
            .relations
            .iter()
            .map(|relation| relation_dto(relation, articles))
            .collect(),
        links: story
            .links
            .iter()
            .map(|link| LinkDto {
                a: link.a.to_string(),
                b: link.b.to_string(),
                similarity: link.similarity,
            })
            .collect(),
        facts: parallax_core::facts::StoryFacts::default(),
        brief: parallax_core::brief::Brief::default(),
    }
}

pub(crate) fn article_dto(article: &Article, with_text: bool) -> ArticleDto {
    ArticleDto {
        id: article.id.to_string(),
        origin: article.origin.to_string(),
        format: article.format.as_str(),
        url: article.url.clone(),
        outlet: article.outlet.clone(),
        title: article.title.clone(),
        author: article.author.clone(),
        date: article.date.clone(),
        language: article.language.clone(),
        page_type: article.page_type.as_str(),
        words: article.word_count(),
        paragraphs: article.paragraphs.len(),
        sentences: article.sentences.len(),
        text: with_text.then(|| article.text.clone()),
        removed: article
            .removed
            .iter()
            .map(|removal| RemovalDto {
                line: removal.line,
                reason: removal.reason.as_str(),
                text: removal.text.clone(),
            })
            .collect(),
        facts: None,
    }
}

pub(crate) fn diagnostic_dto(diagnostic: &Diagnostic) -> DiagnosticDto {
    DiagnosticDto {
        origin: diagnostic.origin.to_string(),
        severity: severity_name(diagnostic.severity),
        message: diagnostic.message.clone(),
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "warning",
        Severity::Error => "error",
    }
}

/// The human rendering of a list of stories with their articles.
/// Text for a terminal: bidirectional embedding, override and isolate controls (U+202A–U+202E,
/// U+2066–U+2069) shown as `<U+202E>`. An unterminated right-to-left override in an id, an
/// outlet or a title would otherwise reverse the rest of its line, hiding or faking what
/// follows. Marks (U+200E, U+200F) stay: they change no other character's direction.
pub(crate) fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let is_control = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.contains(is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_control(c) {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

pub(crate) fn render_stories(stories: &[Story], articles: &[Article], detail: bool) -> String {
    let mut out = String::new();
    let index = index(articles);
    let by_id = |id: &parallax_core::model::DocumentId| index.get(id.as_str()).copied();
    for story in stories {
        let n = story.articles.len();
        let _ =
            writeln!(out, "Story {}  ({} article{})", story.id, n, if n == 1 { "" } else { "s" });
        let _ = writeln!(out, "  {}", story.label);
        if !story.keywords.is_empty() {
            let _ = writeln!(out, "  keywords: {}", story.keywords.join(", "));
        }
        for id in &story.articles {
            let Some(article) = by_id(id) else {
                let _ = writeln!(out, "  - {id}");
                continue;
            };
            let title = article.title.as_deref().unwrap_or("(untitled)");
            let _ = writeln!(out, "  - {}  {}", article.id, title);
            let mut facts = vec![article.origin.to_string()];
            facts.extend(article.outlet.clone());
            facts.extend(article.date.clone());
            facts.push(format!(
                "{} words, {} sentences",
                article.word_count(),
                article.sentences.len()
            ));
            if !article.removed.is_empty() {
                facts.push(format!("{} boilerplate lines removed", article.removed.len()));
            }
            let _ = writeln!(out, "      {}", facts.join(" · "));
        }
        if !story.originals.is_empty() {
            let names: Vec<String> = story.originals.iter().map(ToString::to_string).collect();
            let _ = writeln!(out, "  likely original: {}", names.join(", "));
        }
        if detail && !story.relations.is_empty() {
            let _ = writeln!(out, "  relations:");
            for relation in &story.relations {
                render_relation(&mut out, relation, &by_id);
            }
        }
        if detail {
            render_facts(&mut out, &story.facts, &by_id);
            crate::brief_md::render_brief_text(&mut out, story, &index);
        }
        out.push('\n');
    }
    out
}

/// A timeline entry's date or range at its precision ("2019-04", "--09-10 – --09-13 (year?)").
pub(crate) fn when(entry: &parallax_core::facts::TimelineEntry) -> String {
    let yearless = entry.start.starts_with("--");
    let when = match (entry.precision.as_str(), entry.start == entry.end, yearless) {
        ("day", true, _) => entry.start.clone(),
        ("month", _, false) => entry.start.get(..7).unwrap_or(&entry.start).to_owned(),
        ("month", _, true) => entry.start.get(..4).unwrap_or(&entry.start).to_owned(),
        ("year", _, _) => entry.start.get(..4).unwrap_or(&entry.start).to_owned(),
        _ => format!("{} – {}", entry.start, entry.end),
    };
    if yearless { format!("{when} (year?)") } else { when }
}

/// An article's short name: its file's name when it came from a file of its own, else its id.
pub(crate) fn short_name(
    article: Option<&Article>,
    id: &parallax_core::model::DocumentId,
) -> String {
    match article {
        Some(article) if article.origin.record.is_none() => {
            let path = std::path::Path::new(&article.origin.path);
            let stem = path.file_stem().and_then(|name| name.to_str());
            stem.unwrap_or(article.origin.path.as_str()).to_owned()
        }
        _ => id.to_string(),
    }
}

/// The story's entities, quotes and cited outlets, for people.
fn render_facts<'a>(
    out: &mut String,
    facts: &parallax_core::facts::StoryFacts,
    by_id: &impl Fn(&parallax_core::model::DocumentId) -> Option<&'a Article>,
) {
    use parallax_core::facts::EntityKind;
    for (kind, heading) in [
        (EntityKind::Person, "people"),
        (EntityKind::Organization, "organisations"),
        (EntityKind::Place, "places"),
    ] {
        let entries: Vec<String> = facts
            .entities
            .iter()
            .filter(|entity| entity.kind == kind)
            .take(24)
            .map(|entity| {
                let others: Vec<&str> = entity
                    .aliases
                    .iter()
                    .map(String::as_str)
                    .filter(|alias| *alias != entity.name)
                    .collect();
                let mut entry = entity.name.clone();
                if !others.is_empty() {
                    entry.push_str(&format!(" (= {})", others.join(", ")));
                }
                if let Some(geo) = &entity.geo {
                    match (geo.lat, geo.lon) {
                        (Some(lat), Some(lon)) => {
                            entry.push_str(&format!(" [{} {lat:.2}, {lon:.2}]", geo.country));
                        }
                        _ => entry.push_str(&format!(" [{}]", geo.country)),
                    }
                }
                if let Some(role) = entity.roles.first() {
                    entry.push_str(&format!(" — {role}"));
                }
                entry
            })
            .collect();
        if !entries.is_empty() {
            let _ = writeln!(out, "  {heading}:");
            for entry in entries {
                let _ = writeln!(out, "    {entry}");
            }
        }
    }
    // Quotes of a person or organisation; the rest (unresolved pronouns, things, no source)
    // stay in the JSON and are counted here.
    let (spoken, unspoken): (Vec<_>, Vec<_>) = facts
        .quotes
        .iter()
        .partition(|quote| parallax_core::facts::speaker_kind(&quote.quote).is_speaker());
    if !facts.quotes.is_empty() {
        let _ = writeln!(out, "  quotes:");
        for quote in spoken {
            let speaker = quote.quote.speaker.as_deref().unwrap_or("(unattributed)");
            let cue = quote.quote.cue.as_deref().map(|cue| format!(" ({cue})")).unwrap_or_default();
            let content = parallax_core::text::shorten(&quote.quote.content, 140);
            let content = if quote.quote.direct { format!("“{content}”") } else { content };
            let source = short_name(by_id(&quote.article), &quote.article);
            let _ = writeln!(out, "    {speaker}{cue}: {content}  [{source}]");
        }
        if !unspoken.is_empty() {
            let _ = writeln!(
                out,
                "    (and {} statement{} with no person or organisation as source: in --json, \
                 `speaker_kind`)",
                unspoken.len(),
                if unspoken.len() == 1 { "" } else { "s" }
            );
        }
    }
    if !facts.timeline.is_empty() {
        let _ = writeln!(out, "  timeline:");
        for entry in &facts.timeline {
            let when = when(entry);
            let Some(first) = entry.mentions.first() else { continue };
            let mut names: Vec<String> =
                entry.mentions.iter().map(|m| short_name(by_id(&m.article), &m.article)).collect();
            names.dedup();
            let sentence = parallax_core::text::shorten(&first.sentence, 110);
            let _ = writeln!(
                out,
                "    {when:<23} “{}”: {sentence}  [{}]",
                first.text,
                names.join(", ")
            );
        }
    }
    if !facts.figures.is_empty() {
        let _ = writeln!(out, "  figures:");
        for figure in facts.figures.iter().take(40) {
            let normalized = figure
                .figure
                .normalized
                .as_ref()
                .filter(|(_, unit)| Some(unit) != figure.figure.unit.as_ref() && unit != "s")
                .map(|(value, unit)| format!(" (= {value:.1} {unit})"))
                .unwrap_or_default();
            let source = short_name(by_id(&figure.article), &figure.article);
            let _ = writeln!(out, "    {}{normalized}  [{source}]", figure.figure.text);
        }
        if facts.figures.len() > 40 {
            let _ = writeln!(out, "    … {} more", facts.figures.len() - 40);
        }
    }
    if !facts.citations.is_empty() {
        let _ = writeln!(out, "  cited outlets:");
        for citation in &facts.citations {
            let names: Vec<String> =
                citation.articles.iter().map(|id| short_name(by_id(id), id)).collect();
            let _ = writeln!(out, "    {}  [{}]", citation.outlet, names.join(", "));
        }
    }
}

fn render_relation<'a>(
    out: &mut String,
    relation: &Relation,
    by_id: &impl Fn(&parallax_core::model::DocumentId) -> Option<&'a Article>,
) {
    let scores = &relation.scores;
    let semantic =
        scores.semantic.map(|value| format!(", embedding {value:.2}")).unwrap_or_default();
    // An article by id and, when it came from a file of its own, the file's name.
    let name = |id: &parallax_core::model::DocumentId| match by_id(id) {
        Some(article) if article.origin.record.is_none() => {
            let path = std::path::Path::new(&article.origin.path);
            let file = path.file_name().map_or(article.origin.path.as_str(), |name| {
                name.to_str().unwrap_or(article.origin.path.as_str())
            });
            format!("{id} ({file})")
        }
        _ => id.to_string(),
    };
    let _ = writeln!(
        out,
        "    {} ↔ {}  {}  (coverage {:.0}% / {:.0}%, 5-gram Jaccard {:.2}, tf-idf {:.2}{semantic})",
        name(&relation.a),
        name(&relation.b),
        relation.kind.as_str(),
        scores.coverage_a * 100.0,
        scores.coverage_b * 100.0,
        scores.jaccard,
        scores.lexical,
    );
    if let Some(direction) = &relation.direction {
        let _ = writeln!(
            out,
            "      likely copied from {} by {} (by {})",
            direction.original,
            direction.copy,
            direction.basis.as_str()
        );
    }
    if relation.kind == RelationKind::SameStory {
        return;
    }
    let (a, b) = (by_id(&relation.a), by_id(&relation.b));
    for pair in relation.pairs().take(3) {
        let text = |article: Option<&Article>, index: usize| {
            article
                .and_then(|article| {
                    article.sentences.get(index).map(|span| span.slice(&article.text))
                })
                .map(|text| parallax_core::text::shorten(text, 110))
                .unwrap_or_default()
        };
        let _ =
            writeln!(out, "      [{} {:.2}] {}", pair.kind.as_str(), pair.score, text(a, pair.a));
        let _ = writeln!(
            out,
            "      {:>width$} ↔ {}",
            "",
            text(b, pair.b),
            width = pair.kind.as_str().len() + 7
        );
    }
    let count = relation.pairs().count();
    if count > 3 {
        let _ = writeln!(out, "      … {} more aligned sentence pairs", count - 3);
    }
}

/// The human rendering of one cleaned article.
pub(crate) fn render_article(article: &Article) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "== {}  ({})", article.origin, article.id);
    let field = |name: &str, value: &Option<String>| {
        value.as_ref().map(|value| format!("{name}: {value}\n"))
    };
    for line in [
        field("title", &article.title),
        field("author", &article.author),
        field("date", &article.date),
        field("outlet", &article.outlet),
        field("language", &article.language),
    ]
    .into_iter()
    .flatten()
    {
        out.push_str(&line);
    }
    if article.page_type != parallax_core::model::PageType::Article {
        let _ = writeln!(
            out,
            "page type: {} (not an article: kept out of stories unless --include-pages)",
            article.page_type.as_str()
        );
    }
    let _ = writeln!(
        out,
        "words: {}, paragraphs: {}, sentences: {}\n",
        article.word_count(),
        article.paragraphs.len(),
        article.sentences.len()
    );
    out.push_str(&article.text);
    out.push_str("\n\n");
    if !article.removed.is_empty() {
        let _ = writeln!(out, "removed ({}):", article.removed.len());
        for removal in &article.removed {
            let text: String = removal.text.chars().take(90).collect();
            let ellipsis = if removal.text.chars().count() > 90 { "…" } else { "" };
            let _ = writeln!(
                out,
                "  line {:>4}  {:<22} {}{}",
                removal.line,
                removal.reason.as_str(),
                text,
                ellipsis
            );
        }
        out.push('\n');
    }
    out
}

/// Diagnostics for stderr, errors first.
pub(crate) fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.origin.cmp(&b.origin)));
    let mut out = String::new();
    for diagnostic in sorted {
        let _ = writeln!(out, "{diagnostic}");
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn issue_21_bidi_overrides_are_shown_not_obeyed() {
        assert_eq!(super::terminal_safe("plain"), "plain");
        assert_eq!(
            super::terminal_safe("evil\u{202e}txt.exe · bbc.co.uk"),
            "evil<U+202E>txt.exe · bbc.co.uk"
        );
        assert_eq!(super::terminal_safe("\u{2067}x\u{2069}"), "<U+2067>x<U+2069>");
        // Marks are no override.
        assert_eq!(super::terminal_safe("a\u{200f}b"), "a\u{200f}b");
    }
}
