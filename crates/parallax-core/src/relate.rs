//! Relations between two articles of a story: duplicate, near duplicate, rewrite or same story,
//! with the evidence, the shared passages and, where the evidence points one way, who copied
//! whom.

use crate::align::{self, AlignConfig, SentenceFeatures, Side};
use crate::dedup::{exact_key, shingle_hashes, sorted_intersection};
use crate::embed::Embeddings;
use crate::model::{
    Article, Direction, DirectionBasis, DocumentId, Relation, RelationKind, RelationScores,
};

/// Settings of relation finding.
#[derive(Debug, Clone, PartialEq)]
pub struct RelateConfig {
    /// Words per shingle for the Jaccard and containment scores.
    pub shingle: usize,
    /// Shingle Jaccard from which two articles are near duplicates.
    pub near_duplicate: f64,
    /// Share of both articles' words in aligned sentences from which the pair is a rewrite.
    pub rewrite_coverage: f64,
    /// Share of one article's words in aligned sentences from which the pair is a rewrite (one
    /// retells part of the other).
    pub rewrite_containment: f64,
    /// Aligned sentence pairs a rewrite needs at least.
    pub rewrite_pairs: usize,
    /// Difference in coverage from which the more covered article counts as the copy (an
    /// excerpt of the other) when neither dates nor citations decide.
    pub containment_gap: f64,
    /// Sentence alignment.
    pub align: AlignConfig,
}

impl Default for RelateConfig {
    fn default() -> RelateConfig {
        RelateConfig {
            shingle: 5,
            near_duplicate: 0.8,
            rewrite_coverage: 0.4,
            rewrite_containment: 0.7,
            rewrite_pairs: 3,
            containment_gap: 0.3,
            align: AlignConfig::default(),
        }
    }
}

/// What relation finding needs of one article, computed once.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Key of the normalised text.
    pub exact: u128,
    /// Sorted, deduplicated shingle hashes.
    pub shingles: Vec<u32>,
    /// Sentence features.
    pub features: Vec<SentenceFeatures>,
    /// Lower-cased names this article's outlet goes by (for citation checks).
    pub outlet_names: Vec<String>,
    /// The lower-cased text (title and body) for citation checks.
    pub lower_text: String,
}

impl Profile {
    /// The profile of an article.
    pub fn new(article: &Article, config: &RelateConfig) -> Profile {
        let mut shingles = shingle_hashes(&article.text, config.shingle);
        shingles.sort_unstable();
        shingles.dedup();
        Profile {
            exact: exact_key(&article.text),
            shingles,
            features: align::features(article),
            outlet_names: outlet_names(article.outlet.as_deref()),
            lower_text: article.text.to_lowercase(),
        }
    }

    fn cites(&self, names: &[String]) -> bool {
        names.iter().any(|name| contains_word(&self.lower_text, name))
    }
}

/// The names an outlet may be cited by: the outlet as given and, for a domain, its main label
/// ("bbc.co.uk" → "bbc"). Names shorter than three letters are too ambiguous to use.
fn outlet_names(outlet: Option<&str>) -> Vec<String> {
    let Some(outlet) = outlet.map(|outlet| outlet.trim().to_lowercase()) else {
        return Vec::new();
    };
    let mut names = vec![outlet.clone()];
    if outlet.contains('.') && !outlet.contains(' ') {
        let host = outlet.trim_start_matches("www.");
        let labels: Vec<&str> = host.split('.').collect();
        // The registrable label: before a two-letter country code after "co"/"com", else the
        // second-level label.
        let main = match labels.as_slice() {
            [.., main, "co" | "com" | "org" | "net", tld] if tld.len() == 2 => *main,
            [.., main, _tld] => *main,
            _ => host,
        };
        names.push(main.to_owned());
    }
    names.retain(|name| name.chars().filter(|c| c.is_alphanumeric()).count() >= 3);
    names.sort();
    names.dedup();
    names
}

/// Whether `needle` occurs in `haystack` with no word character on either side.
fn contains_word(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    haystack.match_indices(needle).any(|(start, _)| {
        let before = haystack[..start].chars().next_back();
        let after = haystack[start + needle.len()..].chars().next();
        !is_word(before) && !is_word(after)
    })
}

/// One article with what relation finding needs.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its profile.
    pub profile: &'a Profile,
}

/// Compares two articles (`a.article.id < b.article.id` expected; the result is ordered so).
pub fn relate(
    a: Input<'_>,
    b: Input<'_>,
    lexical: f64,
    semantic: Option<f64>,
    embeddings: Option<&Embeddings>,
    config: &RelateConfig,
) -> Relation {
    let (a, b) = if a.article.id <= b.article.id { (a, b) } else { (b, a) };
    let shared = sorted_intersection(&a.profile.shingles, &b.profile.shingles);
    let union = a.profile.shingles.len() + b.profile.shingles.len() - shared;
    let share =
        |part: usize, whole: usize| if whole == 0 { 0.0 } else { part as f64 / whole as f64 };
    let jaccard = share(shared, union);
    let alignment = align::align(
        Side { article: a.article, features: &a.profile.features },
        Side { article: b.article, features: &b.profile.features },
        embeddings,
        &config.align,
    );
    let scores = RelationScores {
        jaccard,
        containment_a: share(shared, a.profile.shingles.len()),
        containment_b: share(shared, b.profile.shingles.len()),
        coverage_a: alignment.coverage_a,
        coverage_b: alignment.coverage_b,
        lexical,
        semantic,
    };
    let pairs = alignment.pairs().count();
    let kind = if a.profile.exact == b.profile.exact && !a.profile.shingles.is_empty() {
        RelationKind::Duplicate
    } else if jaccard >= config.near_duplicate {
        RelationKind::NearDuplicate
    } else if pairs >= config.rewrite_pairs
        && (scores.coverage_a.min(scores.coverage_b) >= config.rewrite_coverage
            || scores.coverage_a.max(scores.coverage_b) >= config.rewrite_containment)
    {
        RelationKind::Rewrite
    } else {
        RelationKind::SameStory
    };
    let direction = match kind {
        RelationKind::SameStory => None,
        _ => direction(a, b, &scores, config),
    };
    Relation {
        a: a.article.id.clone(),
        b: b.article.id.clone(),
        kind,
        scores,
        passages: alignment.passages,
        direction,
    }
}

fn direction(
    a: Input<'_>,
    b: Input<'_>,
    scores: &RelationScores,
    config: &RelateConfig,
) -> Option<Direction> {
    let make = |original: &Article, copy: &Article, basis| Direction {
        original: original.id.clone(),
        copy: copy.id.clone(),
        basis,
    };
    if let (Some(date_a), Some(date_b)) = (&a.article.date, &b.article.date) {
        if date_a < date_b {
            return Some(make(a.article, b.article, DirectionBasis::Date));
        }
        if date_b < date_a {
            return Some(make(b.article, a.article, DirectionBasis::Date));
        }
    }
    let a_cites_b = a.profile.cites(&b.profile.outlet_names);
    let b_cites_a = b.profile.cites(&a.profile.outlet_names);
    if a_cites_b && !b_cites_a {
        return Some(make(b.article, a.article, DirectionBasis::Citation));
    }
    if b_cites_a && !a_cites_b {
        return Some(make(a.article, b.article, DirectionBasis::Citation));
    }
    let (ca, cb) =
        (scores.coverage_a.max(scores.containment_a), scores.coverage_b.max(scores.containment_b));
    if cb - ca >= config.containment_gap {
        return Some(make(a.article, b.article, DirectionBasis::Containment));
    }
    if ca - cb >= config.containment_gap {
        return Some(make(b.article, a.article, DirectionBasis::Containment));
    }
    None
}

/// The likely originals among a story's articles: sources of some direction that are the copy
/// in none.
pub fn originals(relations: &[Relation]) -> Vec<DocumentId> {
    let mut sources: Vec<&DocumentId> = Vec::new();
    let mut copies: Vec<&DocumentId> = Vec::new();
    for direction in relations.iter().filter_map(|relation| relation.direction.as_ref()) {
        sources.push(&direction.original);
        copies.push(&direction.copy);
    }
    let mut originals: Vec<DocumentId> =
        sources.into_iter().filter(|id| !copies.contains(id)).cloned().collect();
    originals.sort();
    originals.dedup();
    originals
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_names_from_domains() {
        assert_eq!(outlet_names(Some("www.bbc.co.uk")), ["bbc", "www.bbc.co.uk"]);
        assert_eq!(outlet_names(Some("nytimes.com")), ["nytimes", "nytimes.com"]);
        assert_eq!(outlet_names(Some("New York Times")), ["new york times"]);
        assert!(outlet_names(Some("AP")).is_empty());
    }

    #[test]
    fn citations_need_word_boundaries() {
        assert!(contains_word("according to the new york times, kim", "new york times"));
        assert!(!contains_word("the bbcx report", "bbc"));
        assert!(contains_word("(bbc) said", "bbc"));
    }
}
