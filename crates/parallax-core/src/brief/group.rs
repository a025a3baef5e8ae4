//! How alike two statements are, and claims as groups of statements.

use std::collections::{BTreeSet, HashMap};

use super::matcher::{self, Matcher};
use super::units::Unit;
use super::{BriefConfig, Member};
use crate::dedup::sorted_intersection;
use crate::embed::{Embeddings, cosine};
use crate::model::{DocumentId, MatchKind, RelationKind, Story};

/// Stories with at most this many statements compare every pair of statements; larger ones
/// only pairs that share a rare term or were aligned.
const ALL_PAIRS_UP_TO: usize = 2500;

/// Scores pairs of a story's statements.
pub(crate) struct Scorer<'a> {
    units: &'a [Unit],
    /// Inverse statement frequency of each term, by term id.
    weight: Vec<f64>,
    /// Statement pairs (smaller index first) aligned by the relation stage, with a score.
    aligned: HashMap<(usize, usize), f64>,
    /// Sentence vectors of whole-sentence statements.
    vectors: Vec<Option<&'a [f32]>>,
    /// Pairs worth scoring: from different articles, sharing a rare term or aligned.
    pub candidates: Vec<(usize, usize)>,
    semantic_floor: f64,
    /// The learned matchers: for pairs with sentence vectors, and for pairs without (clauses,
    /// or no model).
    with_vectors: &'static Matcher,
    without_vectors: &'static Matcher,
    /// Match probabilities of the candidate pairs, computed once.
    probabilities: HashMap<(usize, usize), f64>,
}

impl<'a> Scorer<'a> {
    pub(crate) fn new(
        units: &'a [Unit],
        story: &Story,
        members: &[Member<'a>],
        embeddings: Option<&'a Embeddings>,
        config: &BriefConfig,
    ) -> Scorer<'a> {
        let terms = units.iter().flat_map(|unit| unit.terms.iter()).max().map_or(0, |&t| t + 1);
        let mut frequency = vec![0u32; terms as usize];
        for unit in units {
            for &term in &unit.terms {
                frequency[term as usize] += 1;
            }
        }
        let n = units.len() as f64;
        let weight: Vec<f64> =
            frequency.iter().map(|&df| ((n + 1.0) / (f64::from(df) + 0.5)).ln().max(0.0)).collect();

        // Aligned sentences of related articles.
        let index: HashMap<&DocumentId, usize> =
            members.iter().enumerate().map(|(i, member)| (&member.article.id, i)).collect();
        let mut by_sentence: HashMap<(usize, usize), usize> = HashMap::new();
        for (i, unit) in units.iter().enumerate() {
            if unit.whole {
                by_sentence.insert((unit.article, unit.sentence), i);
            }
        }
        let mut aligned = HashMap::new();
        for relation in &story.relations {
            let (Some(&a), Some(&b)) = (index.get(&relation.a), index.get(&relation.b)) else {
                continue;
            };
            for pair in relation.pairs() {
                let (Some(&u), Some(&v)) =
                    (by_sentence.get(&(a, pair.a)), by_sentence.get(&(b, pair.b)))
                else {
                    continue;
                };
                // Paraphrases found in the order of a rewrite stand as they are; elsewhere their
                // cosine is rescaled like any other.
                let rewrite = relation.kind != RelationKind::SameStory;
                let score = match pair.kind {
                    MatchKind::Exact => 1.0,
                    MatchKind::Near => pair.score.max(0.8),
                    MatchKind::Paraphrase if rewrite => pair.score,
                    MatchKind::Paraphrase => rescale(pair.score, config.semantic_floor),
                };
                aligned.insert((u.min(v), u.max(v)), score);
            }
        }

        let vectors: Vec<Option<&'a [f32]>> = units
            .iter()
            .map(|unit| {
                let embeddings = embeddings?;
                if !unit.whole {
                    return None;
                }
                let sentence = members[unit.article].article.sentences.get(unit.sentence)?;
                embeddings.get(sentence.slice(&members[unit.article].article.text))
            })
            .collect();

        // Candidate pairs: sharing a term found in few statements, or aligned.
        // "Rare": in at most √n statements, so the pairs a term brings stay about linear in n.
        let rare = ((units.len() as f64).sqrt() as u32).max(3);
        let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, unit) in units.iter().enumerate() {
            for &term in unit.terms.iter().chain(unit.reported.iter().flatten()) {
                if frequency.get(term as usize).is_some_and(|&df| df <= rare) {
                    postings.entry(term).or_default().push(i);
                }
            }
        }
        let mut candidates: BTreeSet<(usize, usize)> = aligned.keys().copied().collect();
        if units.len() <= ALL_PAIRS_UP_TO {
            for u in 0..units.len() {
                for v in u + 1..units.len() {
                    if units[u].article != units[v].article {
                        candidates.insert((u, v));
                    }
                }
            }
        }
        for list in postings.values().filter(|_| units.len() > ALL_PAIRS_UP_TO) {
            for (position, &u) in list.iter().enumerate() {
                for &v in &list[position + 1..] {
                    if units[u].article != units[v].article {
                        candidates.insert((u.min(v), u.max(v)));
                    }
                }
            }
        }
        let mut scorer = Scorer {
            units,
            weight,
            aligned,
            vectors,
            candidates: candidates.into_iter().collect(),
            semantic_floor: config.semantic_floor,
            with_vectors: matcher::builtin(true),
            without_vectors: matcher::builtin(false),
            probabilities: HashMap::new(),
        };
        let probabilities = scorer
            .candidates
            .iter()
            .map(|&(u, v)| ((u, v), scorer.compute_probability(u, v)))
            .filter(|&(_, p)| p > 0.0)
            .collect();
        scorer.probabilities = probabilities;
        scorer
    }

    /// The matcher's probability that two statements state one fact (0 for pairs that share no
    /// word and whose vectors, if any, are far apart).
    fn compute_probability(&self, u: usize, v: usize) -> f64 {
        let (a, b) = (&self.units[u], &self.units[v]);
        let (shared, _, _) = self.shared_weight(&a.terms, &b.terms);
        if shared <= 0.0 && self.aligned(u, v) <= 0.0 {
            let close = match (self.vectors[u], self.vectors[v]) {
                (Some(x), Some(y)) => cosine(x, y) >= 0.5,
                _ => false,
            };
            if !close {
                return 0.0;
            }
        }
        let matcher = if self.vectors[u].is_some() && self.vectors[v].is_some() {
            self.with_vectors
        } else {
            self.without_vectors
        };
        matcher.probability(&self.features(u, v))
    }

    /// The matcher's probability that two statements state one fact.
    pub(crate) fn probability(&self, u: usize, v: usize) -> f64 {
        if u == v {
            return 1.0;
        }
        match self.probabilities.get(&(u.min(v), u.max(v))) {
            Some(&p) => p,
            None if self.candidates.binary_search(&(u.min(v), u.max(v))).is_ok() => 0.0,
            None => self.compute_probability(u, v),
        }
    }

    /// The summed weight of the terms two sorted term lists share, and of each list.
    fn shared_weight(&self, a: &[u32], b: &[u32]) -> (f64, f64, f64) {
        let weight = |t: u32| self.weight.get(t as usize).copied().unwrap_or(0.0);
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += weight(a[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        (shared, a.iter().map(|&t| weight(t)).sum(), b.iter().map(|&t| weight(t)).sum())
    }

    /// The features of a pair of statements the matcher weighs, in [`FEATURES`] order.
    pub(crate) fn features(&self, u: usize, v: usize) -> [f64; FEATURE_COUNT] {
        let (a, b) = (&self.units[u], &self.units[v]);
        let (shared, total_a, total_b) = self.shared_weight(&a.terms, &b.terms);
        let dice = dice_of(shared, total_a, total_b);
        let containment =
            if total_a.min(total_b) > 0.0 { shared / total_a.min(total_b) } else { 0.0 };
        let reported = |unit: &'a Unit| unit.reported.iter().filter(|terms| terms.len() >= 4);
        let mut quote = 0.0f64;
        for x in std::iter::once(&a.terms).chain(reported(a)) {
            for y in std::iter::once(&b.terms).chain(reported(b)) {
                if !(std::ptr::eq(x, &a.terms) && std::ptr::eq(y, &b.terms)) {
                    quote = quote.max(self.dice(x, y));
                }
            }
        }
        let (cosine, vectors) = match (self.vectors[u], self.vectors[v]) {
            (Some(x), Some(y)) => (f64::from(cosine(x, y)), 1.0),
            _ => (0.0, 0.0),
        };
        let shared_entities = sorted_intersection(&a.entities, &b.entities);
        let union = a.entities.len() + b.entities.len() - shared_entities;
        let entity_jaccard = if union == 0 { 0.0 } else { shared_entities as f64 / union as f64 };
        let shared_bigrams = sorted_intersection(&a.bigrams, &b.bigrams);
        let (same_speaker, other_speaker) = match (&a.attribution, &b.attribution) {
            (Some(x), Some(y)) if x.key == y.key => (1.0, 0.0),
            (Some(_), Some(_)) => (0.0, 1.0),
            _ => (0.0, 0.0),
        };
        let shared_amount = a
            .amounts
            .iter()
            .any(|x| b.amounts.iter().any(|y| x.value == y.value && x.measure == y.measure));
        let (short, long) = (a.words.min(b.words) as f64, a.words.max(b.words).max(1) as f64);
        [
            dice,
            containment,
            self.dice(&a.masked, &b.masked),
            quote,
            cosine,
            vectors,
            self.aligned(u, v),
            (shared_entities as f64).min(4.0) / 4.0,
            entity_jaccard,
            (shared / 10.0).min(2.0),
            (shared_bigrams as f64).min(5.0) / 5.0,
            same_speaker,
            other_speaker,
            f64::from(u8::from(shared_amount)),
            short / long,
            f64::from(u8::from(a.whole && b.whole)),
            f64::from(u8::from(a.sentence < 3 && b.sentence < 3)),
        ]
    }

    /// Weighted Dice coefficient of two sorted term lists.
    fn dice(&self, a: &[u32], b: &[u32]) -> f64 {
        let (shared, total_a, total_b) = self.shared_weight(a, b);
        dice_of(shared, total_a, total_b)
    }

    /// Word overlap of two statements, or of what they report (a quote's content without its
    /// attribution), whichever is higher.
    pub(crate) fn lexical(&self, u: usize, v: usize) -> f64 {
        let (a, b) = (&self.units[u], &self.units[v]);
        let mut best = self.dice(&a.terms, &b.terms);
        // A quote's content of a word or three says too little to compare on its own.
        let reported = |unit: &'a Unit| unit.reported.iter().filter(|terms| terms.len() >= 4);
        for x in std::iter::once(&a.terms).chain(reported(a)) {
            for y in std::iter::once(&b.terms).chain(reported(b)) {
                if !(std::ptr::eq(x, &a.terms) && std::ptr::eq(y, &b.terms)) {
                    best = best.max(self.dice(x, y));
                }
            }
        }
        best
    }

    /// Rescaled embedding cosine of two whole sentences (0 without vectors).
    fn semantic(&self, u: usize, v: usize) -> f64 {
        match (self.vectors[u], self.vectors[v]) {
            (Some(a), Some(b)) => rescale(f64::from(cosine(a, b)), self.semantic_floor),
            _ => 0.0,
        }
    }

    fn aligned(&self, u: usize, v: usize) -> f64 {
        self.aligned.get(&(u.min(v), u.max(v))).copied().unwrap_or(0.0)
    }

    /// How likely two statements state one claim, in `[0, 1]`.
    pub(crate) fn score(&self, u: usize, v: usize) -> f64 {
        if u == v {
            return 1.0;
        }
        let lexical = self.lexical(u, v);
        // Embeddings alone can pair sentences that share nothing but a topic: they need some
        // word in common.
        let semantic = if lexical >= 0.05 { self.semantic(u, v) } else { 0.0 };
        lexical.max(semantic).max(self.aligned(u, v))
    }

    /// How much two statements are about the same thing once places, people, months and
    /// figures are masked.
    pub(crate) fn related(&self, u: usize, v: usize) -> f64 {
        let masked = self.dice(&self.units[u].masked, &self.units[v].masked);
        let semantic = if masked >= 0.05 { self.semantic(u, v) } else { 0.0 };
        masked.max(semantic).max(self.aligned(u, v))
    }

    /// The statement of a group closest to the others (the smallest index on ties).
    /// A statement that opens by pointing back ("The newspaper also claims", "He said") reads
    /// wrong on its own: it is chosen only when every statement of the group does.
    pub(crate) fn medoid(&self, group: &[usize]) -> usize {
        let mut best = (f64::NEG_INFINITY, usize::MAX);
        let all_anaphoric = group.iter().all(|&u| opens_anaphorically(&self.units[u].text));
        for &u in group {
            if !all_anaphoric && opens_anaphorically(&self.units[u].text) {
                continue;
            }
            let total: f64 =
                group.iter().filter(|&&v| v != u).map(|&v| self.probability(u, v)).sum();
            if total > best.0 + 1e-12 || ((total - best.0).abs() <= 1e-12 && u < best.1) {
                best = (total, u);
            }
        }
        best.1
    }
}

/// Whether a statement opens with a pronoun or a "the newspaper"-like phrase that points back
/// to an earlier sentence.
fn opens_anaphorically(text: &str) -> bool {
    let mut words = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    // "It is believed that …", "It was reported …" do not point back.
    let expletive = first == "it" && matches!(second.as_str(), "is" | "was" | "seems" | "appears");
    (!expletive
        && matches!(
            first.as_str(),
            "he" | "she" | "it" | "they" | "this" | "these" | "that" | "those"
        ))
        || (first == "the"
            && matches!(second.as_str(), "newspaper" | "paper" | "report" | "agency" | "outlet"))
}

/// The Dice coefficient from the shared weight and each side's weight.
fn dice_of(shared: f64, total_a: f64, total_b: f64) -> f64 {
    let total = total_a + total_b;
    if total <= 0.0 { 0.0 } else { 2.0 * shared / total }
}

/// Number of pair features.
pub const FEATURE_COUNT: usize = 17;

/// The pair features the matcher weighs, in order.
pub const FEATURES: [&str; FEATURE_COUNT] = [
    "dice",
    "containment",
    "masked_dice",
    "quote_dice",
    "cosine",
    "has_vectors",
    "aligned",
    "shared_entities",
    "entity_jaccard",
    "shared_weight",
    "shared_bigrams",
    "same_speaker",
    "other_speaker",
    "shared_amount",
    "length_ratio",
    "both_whole",
    "both_lead",
];

/// A cosine rescaled from `[floor, 1]` to `[0, 1]`.
fn rescale(cosine: f64, floor: f64) -> f64 {
    ((cosine - floor) / (1.0 - floor)).clamp(0.0, 1.0)
}

/// Second memberships: a sentence that tells two facts ("expected to travel to Vladivostok,
/// most likely by armored train") joins the claim of its first fact in [`groups`], and here also
/// the claim of another, when it matches one of that claim's statements with probability at
/// least `second_min` and all of them on average at least `claim_mean_min`, and that claim has
/// no statement of its article yet. Returns the statements added to each group, sorted; a
/// statement added somewhere is never itself the anchor of another addition.
pub(crate) fn second_memberships(
    units: &[Unit],
    scorer: &Scorer<'_>,
    groups: &[Vec<usize>],
    config: &BriefConfig,
) -> Vec<Vec<usize>> {
    let mut group_of = vec![usize::MAX; units.len()];
    for (group, members) in groups.iter().enumerate() {
        for &unit in members {
            group_of[unit] = group;
        }
    }
    let mut edges: Vec<(f64, usize, usize)> = scorer
        .candidates
        .iter()
        .map(|&(u, v)| (scorer.probability(u, v), u, v))
        .filter(|&(probability, _, _)| probability >= config.second_min)
        .flat_map(|(probability, u, v)| [(probability, u, v), (probability, v, u)])
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut added: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (_, anchor, unit) in edges {
        let group = group_of[anchor];
        if group == usize::MAX || group_of[unit] == group {
            continue;
        }
        let article = units[unit].article;
        if groups[group].iter().chain(&added[group]).any(|&member| units[member].article == article)
        {
            continue;
        }
        let mean =
            groups[group].iter().map(|&member| scorer.probability(member, unit)).sum::<f64>()
                / groups[group].len() as f64;
        if mean >= config.claim_mean_min {
            added[group].push(unit);
        }
    }
    for list in &mut added {
        list.sort_unstable();
    }
    added
}

/// Groups statements into claims: pairs in order of decreasing score join their groups
/// (average linkage) when the groups share no article and their statements stay alike on
/// average. Groups come out sorted, ordered by their first statement.
pub(crate) fn groups(units: &[Unit], scorer: &Scorer<'_>, config: &BriefConfig) -> Vec<Vec<usize>> {
    if let Some(pattern) = std::env::var_os("PARALLAX_DEBUG_BRIEF") {
        let pattern = pattern.to_string_lossy().to_lowercase();
        for &(u, v) in &scorer.candidates {
            let hit = |t: &str| pattern.split('|').any(|p| t.to_lowercase().contains(p));
            if hit(&units[u].text) && hit(&units[v].text) {
                eprintln!(
                    "pair score {:.2} lex {:.2} sem {:.2} al {:.2} rel {:.2}\n  {}\n  {}",
                    scorer.score(u, v),
                    scorer.lexical(u, v),
                    scorer.semantic(u, v),
                    scorer.aligned(u, v),
                    scorer.related(u, v),
                    units[u].text,
                    units[v].text
                );
            }
        }
    }
    let mut edges: Vec<(f64, usize, usize)> = scorer
        .candidates
        .iter()
        .map(|&(u, v)| (scorer.probability(u, v), u, v))
        .filter(|&(score, _, _)| score >= config.claim_min)
        .collect();
    edges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut group_of: Vec<usize> = (0..units.len()).collect();
    let mut groups: Vec<Vec<usize>> = (0..units.len()).map(|u| vec![u]).collect();
    for (_, u, v) in edges {
        let (gu, gv) = (group_of[u], group_of[v]);
        if gu == gv {
            continue;
        }
        let articles: BTreeSet<usize> = groups[gu].iter().map(|&x| units[x].article).collect();
        if groups[gv].iter().any(|&y| articles.contains(&units[y].article)) {
            continue;
        }
        let mut total = 0.0;
        for &x in &groups[gu] {
            for &y in &groups[gv] {
                total += scorer.probability(x, y);
            }
        }
        let mean = total / (groups[gu].len() * groups[gv].len()) as f64;

        if mean < config.claim_mean_min {
            continue;
        }
        let (keep, gone) = (gu.min(gv), gu.max(gv));
        let moved = std::mem::take(&mut groups[gone]);
        for &x in &moved {
            group_of[x] = keep;
        }
        groups[keep].extend(moved);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_iter().filter(|g| !g.is_empty()).collect();
    for group in &mut groups {
        group.sort_unstable();
    }
    groups.sort_by_key(|group| group[0]);
    groups
}

#[cfg(test)]
mod tests {
    use super::opens_anaphorically;

    #[test]
    fn statements_that_point_back_are_told_apart() {
        assert!(opens_anaphorically("The newspaper also claims that Kim may seek technology."));
        assert!(opens_anaphorically("He is expected to travel to Vladivostok."));
        assert!(opens_anaphorically("It proposed a visit by Mr. Putin to North Korea."));
        assert!(!opens_anaphorically("It is believed that Kim will travel by train."));
        assert!(!opens_anaphorically("The two leaders will explore the prospect of a deal."));
        assert!(!opens_anaphorically("Kim will likely travel by armoured train."));
    }
}
