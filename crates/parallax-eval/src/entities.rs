//! Named entities against a reference tagger's output (no gold entity set is among the shared
//! data): agreement of predicted person, organisation and place mentions with the mentions a
//! reference system found in the same texts, as precision, recall and F1, exact and overlap.
//!
//! The reference file is what `bench/entities_spacy.py` writes (schema
//! `parallax.entity-reference/v1`: per article id, the reference's entities with UTF-8 byte
//! offsets and OntoNotes labels). Labels map to three types ([`reference_type`]): `PERSON` to a
//! person, `ORG` to an organisation, `GPE` and `LOC` to a place. Name-like labels with no
//! counterpart (`NORP`, `FAC`, `PRODUCT`, `EVENT`, `WORK_OF_ART`, `LAW`, `LANGUAGE`) are
//! neutral: a predicted mention overlapping one of them and no mapped reference mention counts
//! neither way. Other labels (dates, numbers) are ignored.
//!
//! Matching is one-to-one: exact when the byte spans are equal, overlap when they share a byte
//! (each predicted mention, in text order, takes the first unmatched reference mention it
//! overlaps). Typed scores also require the same type; untyped ones ("any") do not, and the share
//! of untyped overlap matches whose types agree is reported apart.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::EvalError;
use crate::polnear::MatchCounts;

/// The schema name a reference file must carry.
pub const ENTITY_REFERENCE_SCHEMA: &str = "parallax.entity-reference/v1";

/// A coarse entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation.
    Organization,
    /// A place.
    Place,
}

impl EntityType {
    /// Every type, in report order.
    pub const ALL: [EntityType; 3] =
        [EntityType::Person, EntityType::Organization, EntityType::Place];

    /// `person`, `organization` or `place`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Place => "place",
        }
    }
}

/// What a reference label means for scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceClass {
    /// A mention of one of the three types.
    Typed(EntityType),
    /// A name with no counterpart among the three types: predictions on it count neither way.
    Neutral,
    /// Not a name (a date, a number): ignored.
    Ignored,
}

/// How an OntoNotes label (as spaCy's English models use them) is scored.
pub fn reference_type(label: &str) -> ReferenceClass {
    match label {
        "PERSON" | "PER" => ReferenceClass::Typed(EntityType::Person),
        "ORG" => ReferenceClass::Typed(EntityType::Organization),
        "GPE" | "LOC" => ReferenceClass::Typed(EntityType::Place),
        "NORP" | "FAC" | "PRODUCT" | "EVENT" | "WORK_OF_ART" | "LAW" | "LANGUAGE" | "MISC" => {
            ReferenceClass::Neutral
        }
        _ => ReferenceClass::Ignored,
    }
}

/// One mention: a byte span and its class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct EntityMention {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Its type.
    pub kind: EntityType,
}

/// One entity of a reference file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReferenceEntity {
    /// First byte (UTF-8) in the article's text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The reference's label (`PERSON`, `ORG`, `GPE`, …).
    pub label: String,
    /// The mention's text, to check the offsets against the article.
    pub text: String,
}

/// A reference file: which tool made it, and its entities per article id.
#[derive(Debug, Clone, Deserialize)]
pub struct EntityReference {
    /// Must be [`ENTITY_REFERENCE_SCHEMA`].
    pub schema: String,
    /// The tagger and its version ("spaCy 3.8.7").
    pub tool: String,
    /// The model and its version ("en_core_web_sm 3.8.0").
    pub model: String,
    /// The entities of every article, by article id.
    pub entities: BTreeMap<String, Vec<ReferenceEntity>>,
}

/// Reads a reference file written by `bench/entities_spacy.py`.
pub fn load_entity_reference(path: &Path) -> Result<EntityReference, EvalError> {
    let text = fs::read_to_string(path).map_err(|source| crate::basil::io_error(path, source))?;
    let reference: EntityReference = serde_json::from_str(&text)
        .map_err(|source| EvalError::Json { path: path.to_owned(), line: None, source })?;
    if reference.schema != ENTITY_REFERENCE_SCHEMA {
        return Err(EvalError::Format {
            path: path.to_owned(),
            reason: format!(
                "schema is `{}`, expected `{ENTITY_REFERENCE_SCHEMA}`",
                reference.schema
            ),
        });
    }
    Ok(reference)
}

/// Matched, predicted and reference mention counts: PolNeAR's [`MatchCounts`], with the
/// reference's mentions as its `gold` (predictions on neutral names left out of `predicted`).
pub type MentionCounts = MatchCounts;

/// Exact and overlap counts of one type (or of all, untyped).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntityCounts {
    /// Equal byte spans.
    pub exact: MentionCounts,
    /// Spans sharing a byte.
    pub overlap: MentionCounts,
}

/// Agreement with the reference over a set of articles.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityScores {
    /// Articles scored.
    pub articles: usize,
    /// Per type, type required to match.
    pub typed: BTreeMap<EntityType, EntityCounts>,
    /// All types together, type required to match.
    pub all_typed: EntityCounts,
    /// All types together, type not required.
    pub untyped: EntityCounts,
    /// Untyped overlap matches whose types agree.
    pub same_type: usize,
    /// Predicted mentions left out because they overlap only a neutral reference name.
    pub neutral: usize,
}

impl EntityScores {
    /// The share of untyped overlap matches whose types agree.
    pub fn type_agreement(&self) -> f64 {
        let matched = self.untyped.overlap.matched;
        if matched == 0 { 0.0 } else { self.same_type as f64 / matched as f64 }
    }
}

/// One article: the predicted mentions, the reference's typed mentions, and the reference's
/// neutral name spans.
#[derive(Debug, Clone, Default)]
pub struct EntityArticle {
    /// Predicted mentions.
    pub predicted: Vec<EntityMention>,
    /// Reference mentions of the three types.
    pub reference: Vec<EntityMention>,
    /// Reference names with no counterpart type (byte spans).
    pub neutral: Vec<(usize, usize)>,
}

impl EntityArticle {
    /// Splits a reference article's entities into typed mentions and neutral spans, each
    /// trimmed to its name ([`name_span`]).
    pub fn from_reference(predicted: Vec<EntityMention>, reference: &[ReferenceEntity]) -> Self {
        let mut article = EntityArticle { predicted, ..EntityArticle::default() };
        for entity in reference {
            let (start, end) = name_span(entity);
            match reference_type(&entity.label) {
                ReferenceClass::Typed(kind) => {
                    article.reference.push(EntityMention { start, end, kind })
                }
                ReferenceClass::Neutral => article.neutral.push((start, end)),
                ReferenceClass::Ignored => {}
            }
        }
        article
    }
}

/// A reference mention's span without what is a matter of convention, not of the name: spaCy's
/// spans keep surrounding whitespace, a leading article ("the White House") and a possessive
/// ("Obama's"); Parallax's mentions hold the name alone.
pub fn name_span(entity: &ReferenceEntity) -> (usize, usize) {
    let text = entity.text.as_str();
    let mut name = text.trim();
    for article in ["the ", "The "] {
        if let Some(rest) = name.strip_prefix(article)
            && !rest.trim().is_empty()
        {
            name = rest.trim_start();
        }
    }
    for possessive in ["'s", "\u{2019}s", "'", "\u{2019}"] {
        if let Some(rest) = name.strip_suffix(possessive)
            && !rest.trim().is_empty()
        {
            name = rest.trim_end();
            break;
        }
    }
    // `name` is a subslice of `text`, so its offset inside it is exact.
    let offset = name.as_ptr() as usize - text.as_ptr() as usize;
    let start = entity.start + offset;
    (start, start + name.len())
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Greedy one-to-one matching of `predicted` to `reference` (both in text order): the pairs
/// `(predicted index, reference index)`. In overlap mode a prediction takes, among the unmatched
/// reference mentions it overlaps, the one with its exact span, else one of its type, else the one
/// it overlaps most (the first on a tie).
fn matches(
    predicted: &[EntityMention],
    reference: &[EntityMention],
    exact: bool,
    typed: bool,
) -> Vec<(usize, usize)> {
    let mut taken = vec![false; reference.len()];
    let mut pairs = Vec::new();
    for (i, p) in predicted.iter().enumerate() {
        let found = reference
            .iter()
            .enumerate()
            .filter(|&(j, r)| {
                !taken[j]
                    && (!typed || r.kind == p.kind)
                    && if exact {
                        (p.start, p.end) == (r.start, r.end)
                    } else {
                        overlaps((p.start, p.end), (r.start, r.end))
                    }
            })
            .min_by_key(|&(j, r)| {
                let shared = p.end.min(r.end) - p.start.max(r.start);
                ((p.start, p.end) != (r.start, r.end), r.kind != p.kind, usize::MAX - shared, j)
            })
            .map(|(j, _)| j);
        if let Some(j) = found {
            taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs
}

/// Where a prediction and the reference part ways, for error listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disagreement {
    /// A predicted mention no reference mention overlaps.
    Extra(EntityMention),
    /// A reference mention no prediction overlaps.
    Missed(EntityMention),
    /// Overlapping mentions of different types: (predicted, reference).
    Retyped(EntityMention, EntityMention),
}

/// The disagreements of one article (untyped overlap matching; predictions on neutral names left
/// out), in text order.
pub fn disagreements(article: &EntityArticle) -> Vec<Disagreement> {
    let (predicted, reference, _) = scored_mentions(article);
    let pairs = matches(&predicted, &reference, false, false);
    let mut out = Vec::new();
    let mut matched_predicted = vec![false; predicted.len()];
    let mut matched_reference = vec![false; reference.len()];
    for &(i, j) in &pairs {
        matched_predicted[i] = true;
        matched_reference[j] = true;
        if predicted[i].kind != reference[j].kind {
            out.push(Disagreement::Retyped(predicted[i], reference[j]));
        }
    }
    out.extend(
        predicted
            .iter()
            .zip(&matched_predicted)
            .filter(|(_, m)| !**m)
            .map(|(p, _)| Disagreement::Extra(*p)),
    );
    out.extend(
        reference
            .iter()
            .zip(&matched_reference)
            .filter(|(_, m)| !**m)
            .map(|(r, _)| Disagreement::Missed(*r)),
    );
    let start = |d: &Disagreement| match d {
        Disagreement::Extra(m) | Disagreement::Missed(m) | Disagreement::Retyped(m, _) => m.start,
    };
    out.sort_by_key(start);
    out
}

/// An article's predictions (neutral ones left out, sorted, deduplicated), its sorted reference
/// mentions, and how many predictions were left out.
fn scored_mentions(article: &EntityArticle) -> (Vec<EntityMention>, Vec<EntityMention>, usize) {
    let mut reference = article.reference.clone();
    reference.sort_unstable();
    // Predictions on a neutral reference name (and no typed one) are left out.
    let mut predicted: Vec<EntityMention> = Vec::new();
    let mut neutral = 0;
    for &p in &article.predicted {
        let span = (p.start, p.end);
        let on_typed = reference.iter().any(|r| overlaps(span, (r.start, r.end)));
        if !on_typed && article.neutral.iter().any(|&n| overlaps(span, n)) {
            neutral += 1;
        } else {
            predicted.push(p);
        }
    }
    predicted.sort_unstable();
    predicted.dedup();
    (predicted, reference, neutral)
}

/// Scores predicted mentions against the reference, article by article.
pub fn score_entities(articles: &[EntityArticle]) -> EntityScores {
    let mut scores = EntityScores { articles: articles.len(), ..EntityScores::default() };
    for article in articles {
        let (predicted, reference, neutral) = scored_mentions(article);
        scores.neutral += neutral;
        let tally = |predicted: &[EntityMention], reference: &[EntityMention], pairs: usize| {
            MentionCounts { matched: pairs, predicted: predicted.len(), gold: reference.len() }
        };
        // Typed matching pairs only mentions of one type, so all types together are the sum of
        // the per-type counts.
        for kind in EntityType::ALL {
            let p: Vec<EntityMention> =
                predicted.iter().copied().filter(|m| m.kind == kind).collect();
            let r: Vec<EntityMention> =
                reference.iter().copied().filter(|m| m.kind == kind).collect();
            let counts = EntityCounts {
                exact: tally(&p, &r, matches(&p, &r, true, true).len()),
                overlap: tally(&p, &r, matches(&p, &r, false, true).len()),
            };
            let entry = scores.typed.entry(kind).or_default();
            entry.exact.add(counts.exact);
            entry.overlap.add(counts.overlap);
            scores.all_typed.exact.add(counts.exact);
            scores.all_typed.overlap.add(counts.overlap);
        }
        let exact = matches(&predicted, &reference, true, false).len();
        let overlap = matches(&predicted, &reference, false, false);
        scores.untyped.exact.add(tally(&predicted, &reference, exact));
        scores.untyped.overlap.add(tally(&predicted, &reference, overlap.len()));
        scores.same_type +=
            overlap.iter().filter(|&&(i, j)| predicted[i].kind == reference[j].kind).count();
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(start: usize, end: usize, kind: EntityType) -> EntityMention {
        EntityMention { start, end, kind }
    }

    fn reference(start: usize, end: usize, label: &str) -> ReferenceEntity {
        // Any text of the span's length: offsets are what is scored.
        ReferenceEntity { start, end, label: label.to_owned(), text: "x".repeat(end - start) }
    }

    #[test]
    fn labels_map_to_three_types_and_names_without_one_are_neutral() {
        assert_eq!(reference_type("PERSON"), ReferenceClass::Typed(EntityType::Person));
        assert_eq!(reference_type("GPE"), ReferenceClass::Typed(EntityType::Place));
        assert_eq!(reference_type("NORP"), ReferenceClass::Neutral);
        assert_eq!(reference_type("DATE"), ReferenceClass::Ignored);
    }

    #[test]
    fn exact_overlap_typed_and_untyped_matches_are_counted_apart() {
        use EntityType::*;
        // "Vladimir Putin met Kim Jong Un in Russia's Far East, the Kremlin said."
        let predicted = vec![
            mention(0, 14, Person),        // "Vladimir Putin": exact
            mention(18, 21, Person),       // "Kim": overlaps "Kim Jong Un"
            mention(25, 31, Organization), // "Russia": the reference says a place
            mention(40, 51, Organization), // "the Kremlin" on a neutral FAC: left out
            mention(60, 65, Place),        // nothing there: a false positive
        ];
        let refs = [
            reference(0, 14, "PERSON"),
            reference(18, 29, "PERSON"),
            reference(25, 31, "GPE"),
            reference(44, 51, "FAC"),
            reference(70, 74, "DATE"),
        ];
        let scores = score_entities(&[EntityArticle::from_reference(predicted, &refs)]);
        assert_eq!(scores.neutral, 1);
        let person = scores.typed[&Person];
        assert_eq!(person.exact, MentionCounts { matched: 1, predicted: 2, gold: 2 });
        assert_eq!(person.overlap, MentionCounts { matched: 2, predicted: 2, gold: 2 });
        let place = scores.typed[&Place];
        assert_eq!(place.overlap, MentionCounts { matched: 0, predicted: 1, gold: 1 });
        assert_eq!(scores.all_typed.overlap, MentionCounts { matched: 2, predicted: 4, gold: 3 });
        // Untyped, "Russia" matches too, but its type does not agree.
        assert_eq!(scores.untyped.overlap.matched, 3);
        assert_eq!(scores.untyped.exact.matched, 2);
        assert_eq!(scores.same_type, 2);
        assert!((scores.type_agreement() - 2.0 / 3.0).abs() < 1e-9);
        let prf = scores.all_typed.overlap.prf();
        assert!((prf.precision - 0.5).abs() < 1e-9 && (prf.recall - 2.0 / 3.0).abs() < 1e-9);
        let article = EntityArticle::from_reference(
            vec![mention(0, 14, Person), mention(25, 31, Organization), mention(60, 65, Place)],
            &refs,
        );
        assert_eq!(
            disagreements(&article),
            [
                Disagreement::Missed(mention(18, 29, Person)),
                Disagreement::Retyped(mention(25, 31, Organization), mention(25, 31, Place)),
                Disagreement::Extra(mention(60, 65, Place)),
            ]
        );
    }

    #[test]
    fn reference_spans_lose_articles_possessives_and_whitespace() {
        let entity = |text: &str| ReferenceEntity {
            start: 10,
            end: 10 + text.len(),
            label: "ORG".to_owned(),
            text: text.to_owned(),
        };
        assert_eq!(name_span(&entity("the White House")), (14, 25));
        assert_eq!(name_span(&entity("Barack Obama\u{2019}s")), (10, 22));
        assert_eq!(name_span(&entity(" Reuters\n\n")), (11, 18));
        assert_eq!(name_span(&entity("The")), (10, 13));
    }

    #[test]
    fn one_reference_mention_matches_one_prediction() {
        use EntityType::*;
        let predicted = vec![mention(0, 3, Person), mention(4, 8, Person)];
        let refs = [reference(0, 8, "PERSON")];
        let scores = score_entities(&[EntityArticle::from_reference(predicted, &refs)]);
        assert_eq!(scores.typed[&Person].overlap.matched, 1);
        assert_eq!(scores.typed[&Person].overlap.predicted, 2);
    }
}
