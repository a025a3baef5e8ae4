//! Claims gold: facts that two or more articles of an event state, and contradictions between
//! them, annotated by hand (`parallax.claims-gold/v1`, see `eval/claims/README.md`), and the
//! scores of a brief against it.
//!
//! Every gold statement is an exact substring of its article; it is scored by the sentences it
//! overlaps, so the gold does not depend on how Parallax splits sentences. The scores:
//!
//! - **pairs**: over cross-article statement pairs. A predicted pair (two statements of one
//!   claim, from two articles) is right when one gold fact holds both sentences; a gold pair
//!   (a fact and two of its articles) is found when some claim links a sentence of the fact in
//!   one article to a sentence of the fact in the other. The gold lists *every* shared fact, so
//!   a predicted pair that no fact holds is wrong.
//! - **corroboration**: of the gold facts stated by two or more independent sources (articles
//!   not in one `same_source` group), the share that some corroborated claim states in two
//!   independent sources' sentences, and the share where that claim's source count is right.
//! - **contradictions**: a predicted contradiction is right when two of its sides meet two
//!   different sides of one gold contradiction (sentence overlap); recall the other way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::EvalError;

/// The format tag of a claims gold file.
pub const CLAIMS_GOLD_FORMAT: &str = "parallax.claims-gold/v1";

/// A claims gold file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimsGold {
    /// [`CLAIMS_GOLD_FORMAT`].
    pub format: String,
    /// `basil-dev` or `demo`.
    pub corpus: String,
    /// The annotated events.
    pub events: Vec<GoldEvent>,
}

/// One event: its articles, the facts two or more of them state, and their contradictions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    /// The event id (BASIL's `event_id`, or a name).
    pub event: String,
    /// Article keys: the outlet for BASIL, the file-name prefix for a folder.
    pub articles: Vec<String>,
    /// Groups of articles that are not independent of each other.
    #[serde(default)]
    pub same_source: Vec<Vec<String>>,
    /// Facts stated by two or more articles.
    #[serde(default)]
    pub facts: Vec<GoldFact>,
    /// Contradictions.
    #[serde(default)]
    pub contradictions: Vec<GoldContradiction>,
    /// The annotator's notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A fact and the statements that state it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldFact {
    /// `f1`, `f2`….
    pub id: String,
    /// The fact in the annotator's words.
    pub fact: String,
    /// Its statements.
    pub statements: Vec<GoldStatement>,
}

/// Where an article states something: an exact substring of its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldStatement {
    /// The article key.
    pub article: String,
    /// The words, exactly as in the article.
    pub text: String,
}

/// A contradiction between sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldContradiction {
    /// `x1`, `x2`….
    pub id: String,
    /// `number`, `date`, `place`, `attribution` or `negation`.
    pub kind: String,
    /// Expected one way, reported done another.
    #[serde(default)]
    pub change_over_time: bool,
    /// What it is about.
    #[serde(default)]
    pub fact: String,
    /// The versions.
    pub sides: Vec<GoldSide>,
}

/// One version of a disputed fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldSide {
    /// The value it gives.
    pub value: String,
    /// The statements giving it.
    pub statements: Vec<GoldStatement>,
}

/// Reads and checks a claims gold file.
pub fn load_claims_gold(path: &Path) -> Result<ClaimsGold, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            EvalError::NotFound { path: path.to_owned() }
        } else {
            EvalError::Io { path: path.to_owned(), source }
        }
    })?;
    let gold: ClaimsGold = serde_json::from_str(&text).map_err(|source| EvalError::Json {
        path: path.to_owned(),
        line: None,
        source,
    })?;
    let format = |reason: String| EvalError::Format { path: path.to_owned(), reason };
    if gold.format != CLAIMS_GOLD_FORMAT {
        return Err(format(format!("format is `{}`, not `{CLAIMS_GOLD_FORMAT}`", gold.format)));
    }
    for event in &gold.events {
        let known: BTreeSet<&str> = event.articles.iter().map(String::as_str).collect();
        let statements = event.facts.iter().flat_map(|fact| fact.statements.iter()).chain(
            event
                .contradictions
                .iter()
                .flat_map(|x| x.sides.iter())
                .flat_map(|side| side.statements.iter()),
        );
        for statement in statements {
            if !known.contains(statement.article.as_str()) {
                return Err(format(format!(
                    "event `{}`: statement of unknown article `{}`",
                    event.event, statement.article
                )));
            }
        }
        for fact in &event.facts {
            let articles: BTreeSet<&str> =
                fact.statements.iter().map(|s| s.article.as_str()).collect();
            if articles.len() < 2 {
                return Err(format(format!(
                    "event `{}`, fact `{}`: statements of fewer than two articles",
                    event.event, fact.id
                )));
            }
        }
    }
    Ok(gold)
}

/// An article as the system saw it: its text and sentence spans (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct SystemArticle {
    /// The article key, as in the gold.
    pub key: String,
    /// Its text.
    pub text: String,
    /// Sentence spans `[start, end)` into `text`.
    pub sentences: Vec<(usize, usize)>,
}

/// A statement of the system: an article and a sentence index.
pub type Sentence = (String, usize);

/// A claim of the system.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemClaim {
    /// Its statements.
    pub statements: Vec<Sentence>,
    /// Reported corroborated.
    pub corroborated: bool,
    /// Its independent-source count.
    pub sources: usize,
}

/// A contradiction of the system.
#[derive(Debug, Clone, PartialEq)]
pub struct SystemContradiction {
    /// Its kind, as the gold spells kinds.
    pub kind: String,
    /// Change over time rather than conflict.
    pub change_over_time: bool,
    /// One line for people.
    pub summary: String,
    /// Each side's statements.
    pub sides: Vec<Vec<Sentence>>,
}

/// What the system said about one event.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SystemEvent {
    /// The event's articles.
    pub articles: Vec<SystemArticle>,
    /// Its claims.
    pub claims: Vec<SystemClaim>,
    /// Its contradictions.
    pub contradictions: Vec<SystemContradiction>,
}

/// Counts behind a precision / recall pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairCounts {
    /// Predicted and right.
    pub predicted_right: usize,
    /// Predicted.
    pub predicted: usize,
    /// Gold items found.
    pub gold_found: usize,
    /// Gold items.
    pub gold: usize,
}

impl PairCounts {
    /// Right share of the predicted (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 { 1.0 } else { self.predicted_right as f64 / self.predicted as f64 }
    }

    /// Found share of the gold (1 when the gold is empty).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 { 1.0 } else { self.gold_found as f64 / self.gold as f64 }
    }

    /// Harmonic mean.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    fn add(&mut self, other: &PairCounts) {
        self.predicted_right += other.predicted_right;
        self.predicted += other.predicted;
        self.gold_found += other.gold_found;
        self.gold += other.gold;
    }
}

/// A gold fact the system did not report as corroborated, or a wrong pair, for reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimsError {
    /// The event.
    pub event: String,
    /// `missed-corroboration`, `wrong-pair`, `missed-contradiction`, `wrong-contradiction` or
    /// `unmatched-statement` (a gold text not found in its article).
    pub kind: String,
    /// What it is.
    pub text: String,
}

/// The scores of one event, or of all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ClaimsScores {
    /// Cross-article statement pairs.
    pub pairs: PairCounts,
    /// Gold facts stated by two or more independent sources.
    pub multi_source_facts: usize,
    /// … reported corroborated by a claim holding two independent sources' statements.
    pub corroborated: usize,
    /// … and with the gold's independent-source count.
    pub corroborated_count_right: usize,
    /// Contradictions: predicted right / predicted, gold found / gold.
    pub contradictions: PairCounts,
    /// Gold statements whose text was not found in their article (the gold is stale).
    pub unmatched_statements: usize,
    /// What went wrong, for reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ClaimsError>,
}

impl ClaimsScores {
    /// Share of multi-source facts reported corroborated.
    pub fn corroborated_share(&self) -> f64 {
        if self.multi_source_facts == 0 {
            1.0
        } else {
            self.corroborated as f64 / self.multi_source_facts as f64
        }
    }

    /// Adds another event's scores.
    pub fn add(&mut self, other: &ClaimsScores) {
        self.pairs.add(&other.pairs);
        self.multi_source_facts += other.multi_source_facts;
        self.corroborated += other.corroborated;
        self.corroborated_count_right += other.corroborated_count_right;
        self.contradictions.add(&other.contradictions);
        self.unmatched_statements += other.unmatched_statements;
        self.errors.extend(other.errors.iter().cloned());
    }
}

/// The sentences of an article a gold statement overlaps, or `None` when its text is not in
/// the article (whitespace runs compare equal).
pub fn statement_sentences(article: &SystemArticle, text: &str) -> Option<Vec<usize>> {
    let (start, end) = find_loose(&article.text, text)?;
    let sentences: Vec<usize> = article
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, (s, e))| *s < end && start < *e)
        .map(|(i, _)| i)
        .collect();
    (!sentences.is_empty()).then_some(sentences)
}

/// Finds `needle` in `haystack`, exactly or with any whitespace run matching any other.
fn find_loose(haystack: &str, needle: &str) -> Option<(usize, usize)> {
    if let Some(start) = haystack.find(needle) {
        return Some((start, start + needle.len()));
    }
    let words: Vec<&str> = needle.split_whitespace().collect();
    let first = *words.first()?;
    let mut from = 0;
    while let Some(offset) = haystack[from..].find(first) {
        let start = from + offset;
        let mut at = start + first.len();
        let mut ok = true;
        for word in &words[1..] {
            let rest = &haystack[at..];
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() || !trimmed.starts_with(word) {
                ok = false;
                break;
            }
            at += rest.len() - trimmed.len() + word.len();
        }
        if ok {
            return Some((start, at));
        }
        from = start + first.len();
    }
    None
}

/// Each gold fact of an event as the sentences that state it, by article key (statements not
/// found in their article are left out).
pub fn fact_sentences(
    gold: &GoldEvent,
    articles: &[SystemArticle],
) -> Vec<BTreeMap<String, BTreeSet<usize>>> {
    gold.facts
        .iter()
        .map(|fact| {
            let mut by_article: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
            for statement in &fact.statements {
                let found = articles
                    .iter()
                    .find(|a| a.key == statement.article)
                    .and_then(|a| statement_sentences(a, &statement.text));
                if let Some(sentences) = found {
                    by_article.entry(statement.article.clone()).or_default().extend(sentences);
                }
            }
            by_article
        })
        .collect()
}

/// Whether one gold fact (of [`fact_sentences`]) is stated by both sentences.
pub fn same_fact(facts: &[BTreeMap<String, BTreeSet<usize>>], a: &Sentence, b: &Sentence) -> bool {
    let holds = |fact: &BTreeMap<String, BTreeSet<usize>>, s: &Sentence| {
        fact.get(&s.0).is_some_and(|sentences| sentences.contains(&s.1))
    };
    facts.iter().any(|fact| holds(fact, a) && holds(fact, b))
}

/// Scores what the system said about an event against the gold.
pub fn score_claims(gold: &GoldEvent, system: &SystemEvent) -> ClaimsScores {
    let mut scores = ClaimsScores::default();
    let articles: BTreeMap<&str, &SystemArticle> =
        system.articles.iter().map(|a| (a.key.as_str(), a)).collect();
    let locate = |statement: &GoldStatement, scores: &mut ClaimsScores| -> Vec<usize> {
        match articles
            .get(statement.article.as_str())
            .and_then(|a| statement_sentences(a, &statement.text))
        {
            Some(sentences) => sentences,
            None => {
                scores.unmatched_statements += 1;
                scores.errors.push(ClaimsError {
                    event: gold.event.clone(),
                    kind: "unmatched-statement".into(),
                    text: format!("{}: {}", statement.article, statement.text),
                });
                Vec::new()
            }
        }
    };
    // Each fact: article -> its sentences.
    let facts: Vec<BTreeMap<String, BTreeSet<usize>>> = gold
        .facts
        .iter()
        .map(|fact| {
            let mut by_article: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
            for statement in &fact.statements {
                let sentences = locate(statement, &mut scores);
                by_article.entry(statement.article.clone()).or_default().extend(sentences);
            }
            by_article.retain(|_, sentences| !sentences.is_empty());
            by_article
        })
        .collect();
    // Independent sources of the gold.
    let source_of = |article: &str| -> String {
        gold.same_source
            .iter()
            .find(|group| group.iter().any(|a| a == article))
            .and_then(|group| group.iter().min().cloned())
            .unwrap_or_else(|| article.to_owned())
    };

    // Predicted cross-article pairs.
    let mut predicted: BTreeSet<(Sentence, Sentence)> = BTreeSet::new();
    for claim in &system.claims {
        for (i, a) in claim.statements.iter().enumerate() {
            for b in &claim.statements[i + 1..] {
                if a.0 != b.0 {
                    predicted.insert(if a < b {
                        (a.clone(), b.clone())
                    } else {
                        (b.clone(), a.clone())
                    });
                }
            }
        }
    }
    let holds = |fact: &BTreeMap<String, BTreeSet<usize>>, s: &Sentence| {
        fact.get(&s.0).is_some_and(|sentences| sentences.contains(&s.1))
    };
    let sentence_text = |s: &Sentence| -> String {
        articles
            .get(s.0.as_str())
            .and_then(|a| a.sentences.get(s.1).map(|&(x, y)| a.text[x..y].to_owned()))
            .unwrap_or_default()
    };
    for (a, b) in &predicted {
        scores.pairs.predicted += 1;
        if facts.iter().any(|fact| holds(fact, a) && holds(fact, b)) {
            scores.pairs.predicted_right += 1;
        } else {
            scores.errors.push(ClaimsError {
                event: gold.event.clone(),
                kind: "wrong-pair".into(),
                text: format!("{}: {} | {}: {}", a.0, sentence_text(a), b.0, sentence_text(b)),
            });
        }
    }
    for fact in &facts {
        let keys: Vec<&String> = fact.keys().collect();
        for (i, x) in keys.iter().enumerate() {
            for y in &keys[i + 1..] {
                scores.pairs.gold += 1;
                let found = fact[*x].iter().any(|&s| {
                    fact[*y].iter().any(|&t| {
                        let (a, b) = ((x.to_string(), s), (y.to_string(), t));
                        predicted.contains(&if a < b { (a, b) } else { (b, a) })
                    })
                });
                if found {
                    scores.pairs.gold_found += 1;
                }
            }
        }
    }

    // Corroboration.
    for (fact, gold_fact) in facts.iter().zip(&gold.facts) {
        let sources: BTreeSet<String> = fact.keys().map(|a| source_of(a)).collect();
        if sources.len() < 2 {
            continue;
        }
        scores.multi_source_facts += 1;
        let best = system
            .claims
            .iter()
            .filter(|claim| claim.corroborated)
            .filter(|claim| {
                let stated: BTreeSet<String> = claim
                    .statements
                    .iter()
                    .filter(|s| holds(fact, s))
                    .map(|s| source_of(&s.0))
                    .collect();
                stated.len() >= 2
            })
            .map(|claim| claim.sources)
            .collect::<Vec<_>>();
        if best.is_empty() {
            scores.errors.push(ClaimsError {
                event: gold.event.clone(),
                kind: "missed-corroboration".into(),
                text: format!("{} ({} sources): {}", gold_fact.id, sources.len(), gold_fact.fact),
            });
        } else {
            scores.corroborated += 1;
            if best.contains(&sources.len()) {
                scores.corroborated_count_right += 1;
            }
        }
    }

    // Contradictions.
    let gold_sides: Vec<Vec<BTreeSet<Sentence>>> = gold
        .contradictions
        .iter()
        .map(|x| {
            x.sides
                .iter()
                .map(|side| {
                    side.statements
                        .iter()
                        .flat_map(|statement| {
                            locate(statement, &mut scores)
                                .into_iter()
                                .map(|s| (statement.article.clone(), s))
                                .collect::<Vec<_>>()
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let meets = |predicted: &SystemContradiction, gold: &[BTreeSet<Sentence>]| -> bool {
        // Two different predicted sides meet two different gold sides.
        for (i, p) in predicted.sides.iter().enumerate() {
            for (j, q) in predicted.sides.iter().enumerate() {
                if i == j {
                    continue;
                }
                for (k, g) in gold.iter().enumerate() {
                    for (l, h) in gold.iter().enumerate() {
                        if k != l
                            && p.iter().any(|s| g.contains(s))
                            && q.iter().any(|s| h.contains(s))
                        {
                            return true;
                        }
                    }
                }
            }
        }
        false
    };
    scores.contradictions.predicted = system.contradictions.len();
    scores.contradictions.gold = gold.contradictions.len();
    for x in &system.contradictions {
        if gold_sides.iter().any(|g| meets(x, g)) {
            scores.contradictions.predicted_right += 1;
        } else {
            scores.errors.push(ClaimsError {
                event: gold.event.clone(),
                kind: "wrong-contradiction".into(),
                text: format!("{}: {}", x.kind, x.summary),
            });
        }
    }
    for (g, x) in gold_sides.iter().zip(&gold.contradictions) {
        if system.contradictions.iter().any(|p| meets(p, g)) {
            scores.contradictions.gold_found += 1;
        } else {
            scores.errors.push(ClaimsError {
                event: gold.event.clone(),
                kind: "missed-contradiction".into(),
                text: format!("{} {}: {}", x.id, x.kind, x.fact),
            });
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(key: &str, sentences: &[&str]) -> SystemArticle {
        let mut text = String::new();
        let mut spans = Vec::new();
        for sentence in sentences {
            if !text.is_empty() {
                text.push(' ');
            }
            spans.push((text.len(), text.len() + sentence.len()));
            text.push_str(sentence);
        }
        SystemArticle { key: key.into(), text, sentences: spans }
    }

    fn statement(article: &str, text: &str) -> GoldStatement {
        GoldStatement { article: article.into(), text: text.into() }
    }

    fn event() -> (GoldEvent, Vec<SystemArticle>) {
        let articles = vec![
            article(
                "a",
                &["Kim will travel by armored train.", "He wants satellites.", "It rained."],
            ),
            article(
                "b",
                &["Kim is likely to take an armoured train.", "Kim seeks satellite technology."],
            ),
            article("c", &["The leader travels by train.", "The talks were in Vladivostok."]),
        ];
        let gold = GoldEvent {
            event: "e".into(),
            articles: vec!["a".into(), "b".into(), "c".into()],
            same_source: vec![vec!["b".into(), "c".into()]],
            facts: vec![
                GoldFact {
                    id: "f1".into(),
                    fact: "train".into(),
                    statements: vec![
                        statement("a", "travel by armored train"),
                        statement("b", "take an   armoured train"),
                        statement("c", "travels by train"),
                    ],
                },
                GoldFact {
                    id: "f2".into(),
                    fact: "satellites".into(),
                    statements: vec![
                        statement("a", "wants satellites"),
                        statement("b", "satellite technology"),
                    ],
                },
            ],
            contradictions: vec![GoldContradiction {
                id: "x1".into(),
                kind: "place".into(),
                change_over_time: false,
                fact: "venue".into(),
                sides: vec![
                    GoldSide {
                        value: "train".into(),
                        statements: vec![statement("a", "armored train")],
                    },
                    GoldSide {
                        value: "Vladivostok".into(),
                        statements: vec![statement("c", "in Vladivostok")],
                    },
                ],
            }],
            notes: None,
        };
        (gold, articles)
    }

    #[test]
    fn pairs_corroboration_and_contradictions_are_counted() {
        let (gold, articles) = event();
        let system = SystemEvent {
            articles,
            claims: vec![
                // a-b right, a-c right, b-c right.
                SystemClaim {
                    statements: vec![("a".into(), 0), ("b".into(), 0), ("c".into(), 0)],
                    corroborated: true,
                    sources: 2,
                },
                // a-c wrong: "It rained" is no fact of the gold.
                SystemClaim {
                    statements: vec![("a".into(), 2), ("c".into(), 1)],
                    corroborated: true,
                    sources: 2,
                },
            ],
            contradictions: vec![SystemContradiction {
                kind: "place".into(),
                change_over_time: false,
                summary: "s".into(),
                sides: vec![vec![("a".into(), 0)], vec![("c".into(), 1)]],
            }],
        };
        let scores = score_claims(&gold, &system);
        assert_eq!(scores.unmatched_statements, 0);
        assert_eq!(scores.pairs.predicted, 4);
        assert_eq!(scores.pairs.predicted_right, 3);
        // Gold pairs: f1 a-b, a-c, b-c; f2 a-b.
        assert_eq!(scores.pairs.gold, 4);
        assert_eq!(scores.pairs.gold_found, 3);
        // f1 has sources {a, b}: corroborated with the right count; f2 has {a, b} too but no
        // claim holds it.
        assert_eq!(scores.multi_source_facts, 2);
        assert_eq!(scores.corroborated, 1);
        assert_eq!(scores.corroborated_count_right, 1);
        assert_eq!(scores.contradictions.predicted_right, 1);
        assert_eq!(scores.contradictions.gold_found, 1);
        assert_eq!(scores.errors.iter().filter(|e| e.kind == "wrong-pair").count(), 1);
        assert_eq!(scores.errors.iter().filter(|e| e.kind == "missed-corroboration").count(), 1);
    }

    #[test]
    fn missing_text_is_counted_not_matched() {
        let (mut gold, articles) = event();
        gold.facts[1].statements[0].text = "not in the article".into();
        let scores = score_claims(&gold, &SystemEvent { articles, ..SystemEvent::default() });
        assert_eq!(scores.unmatched_statements, 1);
        assert_eq!(scores.pairs.gold, 3);
        assert_eq!(scores.pairs.gold_found, 0);
        assert_eq!(scores.pairs.precision(), 1.0);
        assert_eq!(scores.contradictions.gold_found, 0);
    }

    #[test]
    fn loose_find_matches_other_whitespace() {
        assert_eq!(find_loose("one  two\nthree", "two three"), Some((5, 14)));
        assert_eq!(find_loose("one two", "two three"), None);
    }
}
