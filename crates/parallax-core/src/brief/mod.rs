//! The story brief: what the sources of a story actually say (stage 8).
//!
//! From a story's articles, their facts and their relations, the brief finds
//!
//! - **claims**: the articles' statements (sentences, split at semicolons) grouped across
//!   articles by meaning: weighted word overlap (stems, with entity spellings resolved, rare
//!   words weighing more), the sentence alignment of the relation stage, and sentence embeddings
//!   when a model ran. A group holds at most one statement per article; its canonical wording is
//!   the statement closest to the others.
//! - **sources**: articles that duplicate or rewrite each other (or one common source), or come
//!   from one outlet, are one source; statements that credit one cited outlet ("according to
//!   the New York Times") count as one source with it. A claim stated by two or more independent
//!   sources is *corroborated*, by one *single-source*, and *contested* when a contradiction
//!   sets sources against it.
//! - **contradictions**: statements of different sources about the same thing (the same claim,
//!   or related statements once places, numbers and dates are masked) that differ in a place, a
//!   number, a date, a negation, or in the person a statement is attributed to. A difference
//!   between what was expected ("is expected to travel to Vladivostok") and what is reported as
//!   done ("traveled … to reach the Vostochny space center"), in that order of publication where
//!   dates allow, is marked as a change over time rather than a conflict.
//! - **provenance**: per article, its likely origin (an earlier article, a common source, the
//!   outlets it cites), the claims only it states, and the corroborated claims it leaves out.
//! - a short extractive **summary** from the best-corroborated claims, and the **coverage** table
//!   (claim × article: states, contradicts, silent).
//!
//! Every function is pure and total, and the brief does not depend on the order of the input:
//! articles are taken in id order and every list is sorted.

mod contradict;
mod group;
pub mod matcher;
mod units;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use group::{FEATURE_COUNT, FEATURES};
pub use matcher::{Matcher, MatcherError};

pub use crate::model::brief::{
    Brief, Cell, Claim, ClaimStatus, Contradiction, ContradictionKind, ContradictionSide, Coverage,
    CoverageRow, Modality, Origin, Provenance, SideStatement, Source, Statement, SummaryLine,
};

use crate::embed::Embeddings;
use crate::facts::ArticleFacts;
use crate::model::{Article, DocumentId, RelationKind, Story};

/// Settings of the brief.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefConfig {
    /// Pair score (weighted word overlap, alignment or rescaled embedding cosine) from which two
    /// statements can state one claim.
    pub claim_min: f64,
    /// Mean pair score a claim's statements must keep when two groups merge.
    pub claim_mean_min: f64,
    /// Match probability from which a statement already in one claim also joins a second one
    /// (a sentence that tells two facts), its mean with that claim's statements at least
    /// `claim_mean_min`. Above 1: never.
    pub second_min: f64,
    /// Pair score from which two statements attributed to different people are the same
    /// statement misattributed (lower than `claim_min`: quotes compare by their content alone).
    pub attribution_min: f64,
    /// Pair score from which one statement negating the other is a contradiction: higher than
    /// `claim_min`, so that two sentences sharing a frame ("X said Thursday he …") but not
    /// their point do not count.
    pub negation_min: f64,
    /// Score of two statements, with places, numbers and dates masked, from which they are
    /// about the same thing (and can contradict each other in a place, number or date).
    pub related_min: f64,
    /// The same for two statements that each tell where a meeting or journey takes place:
    /// such statements rarely share many words ("could be held in Vladivostok", "traveled …
    /// to reach the Vostochny space center") but disagree all the same.
    pub place_related_min: f64,
    /// Embedding cosine that counts as no similarity; cosines rescale from `[floor, 1]` to
    /// `[0, 1]`. At 0.6, the paraphrase cosine chosen on MRPC (0.80) rescales to the default
    /// `claim_min` (0.5).
    pub semantic_floor: f64,
    /// Statements with fewer words are not claims.
    pub min_words: usize,
    /// At most this many sentences per article are read.
    pub max_sentences: usize,
    /// Stories with more articles are briefed over their first this many (in story order).
    pub max_articles: usize,
    /// Claims in the summary.
    pub summary_claims: usize,
    /// Rows of the coverage table.
    pub coverage_rows: usize,
}

impl Default for BriefConfig {
    fn default() -> BriefConfig {
        BriefConfig {
            claim_min: 0.5,
            claim_mean_min: 0.4,
            second_min: 0.5,
            attribution_min: 0.4,
            negation_min: 0.65,
            related_min: 0.35,
            place_related_min: 0.1,
            semantic_floor: 0.6,
            min_words: 6,
            max_sentences: 80,
            max_articles: 100,
            summary_claims: 5,
            coverage_rows: 40,
        }
    }
}

/// One article of a story with what the earlier stages found in it.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    /// The article.
    pub article: &'a Article,
    /// Its facts.
    pub facts: &'a ArticleFacts,
}

/// A candidate pair of statements of a story and its matcher features ([`FEATURES`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PairFeatures {
    /// The first statement's article and sentence.
    pub a: (DocumentId, usize),
    /// The second statement's article and sentence.
    pub b: (DocumentId, usize),
    /// The first statement.
    pub a_text: String,
    /// The second statement.
    pub b_text: String,
    /// The features, in [`FEATURES`] order.
    pub values: [f64; FEATURE_COUNT],
}

/// The candidate statement pairs of a story with their features: what the matcher is fitted
/// on (`parallax train matcher`). Arguments as for [`brief`].
pub fn pair_features(
    story: &Story,
    members: &[Member<'_>],
    embeddings: Option<&Embeddings>,
    config: &BriefConfig,
) -> Vec<PairFeatures> {
    let in_story: BTreeSet<&DocumentId> = story.articles.iter().collect();
    let mut members: Vec<Member<'_>> =
        members.iter().copied().filter(|member| in_story.contains(&member.article.id)).collect();
    members.sort_by(|a, b| a.article.id.cmp(&b.article.id));
    members.dedup_by(|a, b| a.article.id == b.article.id);
    let units = units::units(&members, config);
    let scorer = group::Scorer::new(&units, story, &members, embeddings, config);
    scorer
        .candidates
        .iter()
        .map(|&(u, v)| PairFeatures {
            a: (members[units[u].article].article.id.clone(), units[u].sentence),
            b: (members[units[v].article].article.id.clone(), units[v].sentence),
            a_text: units[u].text.clone(),
            b_text: units[v].text.clone(),
            values: scorer.features(u, v),
        })
        .collect()
}

/// Builds the brief of a story. `members` are its articles with their facts (any order; those
/// not in the story are ignored); `embeddings`, when given, hold sentence vectors.
pub fn brief(
    story: &Story,
    members: &[Member<'_>],
    embeddings: Option<&Embeddings>,
    config: &BriefConfig,
) -> Brief {
    let in_story: BTreeSet<&DocumentId> = story.articles.iter().collect();
    let mut members: Vec<Member<'_>> =
        members.iter().copied().filter(|member| in_story.contains(&member.article.id)).collect();
    members.sort_by(|a, b| a.article.id.cmp(&b.article.id));
    members.dedup_by(|a, b| a.article.id == b.article.id);
    if members.len() > config.max_articles {
        let kept: BTreeSet<&DocumentId> = story.articles.iter().take(config.max_articles).collect();
        members.retain(|member| kept.contains(&member.article.id));
    }
    if members.len() < 2 {
        return Brief::default();
    }
    let ids: Vec<&DocumentId> = members.iter().map(|member| &member.article.id).collect();
    let sources = sources(story, &members);
    let source_of: Vec<usize> = (0..members.len())
        .map(|index| sources.iter().position(|source| source.contains(&index)).unwrap_or(index))
        .collect();

    let units = units::units(&members, config);
    let scorer = group::Scorer::new(&units, story, &members, embeddings, config);
    let groups = group::groups(&units, &scorer, config);
    let seconds = group::second_memberships(&units, &scorer, &groups, config);

    // How many independent sources state a claim: its statements' article sources, where
    // statements crediting one cited outlet ("according to the New York Times") join theirs
    // (two articles that both rest on that outlet are one witness).
    let independent = |statements: &[usize]| -> usize {
        let mut nodes: Vec<String> = Vec::new();
        let mut edges: Vec<(String, String)> = Vec::new();
        for &unit in statements {
            let source = format!("source:{}", source_of[units[unit].article]);
            nodes.push(source.clone());
            if let Some(attribution) = units[unit].attribution.as_ref().filter(|a| a.outlet) {
                let outlet = format!("outlet:{}", attribution.key);
                nodes.push(outlet.clone());
                edges.push((source, outlet));
            }
        }
        nodes.sort();
        nodes.dedup();
        let mut sets = DisjointSets::new(nodes.len());
        let position = |name: &str| nodes.binary_search_by(|n| n.as_str().cmp(name)).unwrap_or(0);
        for (a, b) in &edges {
            sets.join(position(a), position(b));
        }
        // Components that hold an article source (an outlet alone states nothing).
        let roots: BTreeSet<usize> = (0..nodes.len())
            .filter(|&i| nodes[i].starts_with("source:"))
            .map(|i| sets.find(i))
            .collect();
        roots.len()
    };

    // Claims, ordered: most independent sources, most articles, earliest in the story.
    let mut drafts: Vec<Draft> = groups
        .into_iter()
        .zip(seconds)
        .map(|(primary, seconds)| {
            let canonical = scorer.medoid(&primary);
            let mut all = primary.clone();
            all.extend(seconds);
            all.sort_unstable();
            let sources = independent(&all);
            let position = all
                .iter()
                .map(|&unit| relative_position(&units[unit], &members))
                .fold(f64::INFINITY, f64::min);
            Draft { units: all, primary, canonical, sources, position }
        })
        .collect();
    drafts.sort_by(|a, b| {
        b.sources
            .cmp(&a.sources)
            .then(b.units.len().cmp(&a.units.len()))
            .then(a.position.total_cmp(&b.position))
            .then_with(|| first_key(&units, a).cmp(&first_key(&units, b)))
    });
    let claim_of_unit: HashMap<usize, usize> = drafts
        .iter()
        .enumerate()
        .flat_map(|(claim, draft)| draft.primary.iter().map(move |&unit| (unit, claim)))
        .collect();
    let claim_id = |claim: usize| format!("c{}", claim + 1);

    let found =
        contradict::contradictions(&units, &scorer, &claim_of_unit, &source_of, &members, config);
    let mut contested: BTreeSet<usize> = BTreeSet::new();
    let mut contradictions = Vec::new();
    for (index, found) in found.into_iter().enumerate() {
        if !found.change_over_time {
            for side in &found.sides {
                contested.extend(side.units.iter().filter_map(|unit| claim_of_unit.get(unit)));
            }
        }
        contradictions.push(Contradiction {
            id: format!("x{}", index + 1),
            kind: found.kind,
            change_over_time: found.change_over_time,
            summary: found.summary,
            sides: found
                .sides
                .into_iter()
                .map(|side| {
                    let mut articles: Vec<DocumentId> =
                        side.units.iter().map(|&unit| ids[units[unit].article].clone()).collect();
                    articles.sort();
                    articles.dedup();
                    ContradictionSide {
                        value: side.value,
                        modality: side.modality,
                        articles,
                        statements: side
                            .units
                            .iter()
                            .map(|&unit| SideStatement {
                                claim: claim_of_unit
                                    .get(&unit)
                                    .map_or_else(String::new, |&c| claim_id(c)),
                                article: ids[units[unit].article].clone(),
                                sentence: units[unit].sentence,
                                text: units[unit].text.clone(),
                                modality: units[unit].modality,
                            })
                            .collect(),
                    }
                })
                .collect(),
        });
    }

    let claims: Vec<Claim> = drafts
        .iter()
        .enumerate()
        .map(|(index, draft)| {
            let mut statements: Vec<Statement> = draft
                .units
                .iter()
                .map(|&unit| {
                    let unit = &units[unit];
                    Statement {
                        article: ids[unit.article].clone(),
                        sentence: unit.sentence,
                        text: unit.text.clone(),
                        attribution: unit.attribution.as_ref().map(|a| a.name.clone()),
                        modality: unit.modality,
                    }
                })
                .collect();
            statements.sort_by(|a, b| a.article.cmp(&b.article).then(a.sentence.cmp(&b.sentence)));
            let articles: Vec<DocumentId> = statements.iter().map(|s| s.article.clone()).collect();
            let status = if contested.contains(&index) {
                ClaimStatus::Contested
            } else if draft.sources >= 2 {
                ClaimStatus::Corroborated
            } else {
                ClaimStatus::SingleSource
            };
            Claim {
                id: claim_id(index),
                text: units[draft.canonical].text.clone(),
                status,
                sources: draft.sources,
                articles,
                statements,
            }
        })
        .collect();

    let summary = summary(&claims, &drafts, config);
    let coverage = coverage(&claims, &contradictions, &ids, config);
    let provenance = provenance(story, &members, &claims, &sources, &source_of);
    let sources = sources
        .iter()
        .enumerate()
        .map(|(index, source)| Source {
            id: format!("s{}", index + 1),
            articles: source.iter().map(|&article| ids[article].clone()).collect(),
            basis: source_basis(story, &members, source),
        })
        .collect();
    Brief { summary, claims, contradictions, sources, provenance, coverage }
}

/// A claim before it has an id.
struct Draft {
    /// Every statement of the claim, sorted.
    units: Vec<usize>,
    /// The statements grouped into it first (each statement has one such claim); the others
    /// tell this claim's fact besides their first claim's.
    primary: Vec<usize>,
    canonical: usize,
    sources: usize,
    position: f64,
}

fn first_key(units: &[units::Unit], draft: &Draft) -> (usize, usize) {
    draft
        .units
        .iter()
        .map(|&unit| (units[unit].article, units[unit].sentence))
        .min()
        .unwrap_or((usize::MAX, usize::MAX))
}

/// Where a statement stands in its article, from 0 (the lead) to 1.
fn relative_position(unit: &units::Unit, members: &[Member<'_>]) -> f64 {
    let sentences = members[unit.article].article.sentences.len().max(1);
    unit.sentence as f64 / sentences as f64
}

/// Disjoint sets over `0..n`: each set's root is its smallest member.
#[derive(Debug, Clone)]
pub(crate) struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    /// `n` sets of one.
    pub(crate) fn new(n: usize) -> DisjointSets {
        DisjointSets { parent: (0..n).collect() }
    }

    /// The root of `x`'s set.
    pub(crate) fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `a` and `b`.
    pub(crate) fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Articles that count as one source: joined by duplicate, near-duplicate and rewrite
/// relations, or by a shared outlet. Each source is a sorted list of member indices; sources
/// are ordered by their first member.
fn sources(story: &Story, members: &[Member<'_>]) -> Vec<Vec<usize>> {
    let index: HashMap<&DocumentId, usize> =
        members.iter().enumerate().map(|(i, member)| (&member.article.id, i)).collect();
    let mut sets = DisjointSets::new(members.len());
    for relation in &story.relations {
        if relation.kind == RelationKind::SameStory {
            continue;
        }
        if let (Some(&a), Some(&b)) = (index.get(&relation.a), index.get(&relation.b)) {
            sets.join(a, b);
        }
    }
    let mut by_outlet: BTreeMap<String, usize> = BTreeMap::new();
    for (i, member) in members.iter().enumerate() {
        if let Some(outlet) = member.article.outlet.as_deref().filter(|o| !o.trim().is_empty()) {
            match by_outlet.get(&outlet.to_lowercase()) {
                Some(&first) => sets.join(first, i),
                None => {
                    by_outlet.insert(outlet.to_lowercase(), i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..members.len() {
        let root = sets.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort_by_key(|group| group[0]);
    groups
}

fn source_basis(story: &Story, members: &[Member<'_>], source: &[usize]) -> String {
    if source.len() == 1 {
        return "single article".into();
    }
    let ids: BTreeSet<&DocumentId> = source.iter().map(|&i| &members[i].article.id).collect();
    let mut kinds: BTreeSet<&str> = story
        .relations
        .iter()
        .filter(|r| r.kind != RelationKind::SameStory && ids.contains(&r.a) && ids.contains(&r.b))
        .map(|r| r.kind.as_str())
        .collect();
    let outlets: BTreeSet<String> = source
        .iter()
        .filter_map(|&i| members[i].article.outlet.as_deref())
        .map(str::to_lowercase)
        .collect();
    if outlets.len() == 1 && source.iter().all(|&i| members[i].article.outlet.is_some()) {
        kinds.insert("same outlet");
    }
    kinds.into_iter().collect::<Vec<_>>().join(", ")
}

fn summary(claims: &[Claim], drafts: &[Draft], config: &BriefConfig) -> Vec<SummaryLine> {
    // The best-stated claims (not contested; corroborated first), told in story order.
    let mut chosen: Vec<usize> = (0..claims.len())
        .filter(|&i| claims[i].status != ClaimStatus::Contested)
        .take(config.summary_claims)
        .collect();
    chosen.sort_by(|&a, &b| drafts[a].position.total_cmp(&drafts[b].position).then(a.cmp(&b)));
    chosen
        .into_iter()
        .map(|i| SummaryLine {
            claim: claims[i].id.clone(),
            text: claims[i].text.clone(),
            sources: claims[i].sources,
        })
        .collect()
}

fn coverage(
    claims: &[Claim],
    contradictions: &[Contradiction],
    ids: &[&DocumentId],
    config: &BriefConfig,
) -> Coverage {
    // claim -> articles on other sides of a contradiction it is part of.
    let mut against: BTreeMap<&str, BTreeSet<&DocumentId>> = BTreeMap::new();
    for contradiction in contradictions {
        for (i, side) in contradiction.sides.iter().enumerate() {
            for statement in &side.statements {
                let entry = against.entry(statement.claim.as_str()).or_default();
                for (j, other) in contradiction.sides.iter().enumerate() {
                    if i != j {
                        entry.extend(other.articles.iter());
                    }
                }
            }
        }
    }
    let rows = claims
        .iter()
        .filter(|claim| claim.articles.len() >= 2 || against.contains_key(claim.id.as_str()))
        .take(config.coverage_rows)
        .map(|claim| CoverageRow {
            claim: claim.id.clone(),
            cells: ids
                .iter()
                .map(|id| {
                    if claim.articles.contains(id) {
                        Cell::States
                    } else if against.get(claim.id.as_str()).is_some_and(|set| set.contains(id)) {
                        Cell::Contradicts
                    } else {
                        Cell::Silent
                    }
                })
                .collect(),
        })
        .collect();
    Coverage { articles: ids.iter().map(|&id| id.clone()).collect(), rows }
}

fn provenance(
    story: &Story,
    members: &[Member<'_>],
    claims: &[Claim],
    sources: &[Vec<usize>],
    source_of: &[usize],
) -> Vec<Provenance> {
    members
        .iter()
        .enumerate()
        .map(|(index, member)| {
            let id = &member.article.id;
            let mut origins = Vec::new();
            for relation in &story.relations {
                if relation.kind == RelationKind::SameStory {
                    continue;
                }
                let other = if relation.a == *id {
                    &relation.b
                } else if relation.b == *id {
                    &relation.a
                } else {
                    continue;
                };
                match &relation.direction {
                    Some(direction) if direction.copy == *id => origins.push(Origin {
                        kind: "article".into(),
                        article: Some(other.clone()),
                        outlet: None,
                        basis: format!("{} ({})", relation.kind.as_str(), direction.basis.as_str()),
                    }),
                    Some(_) => {}
                    None => origins.push(Origin {
                        kind: "common-source".into(),
                        article: Some(other.clone()),
                        outlet: None,
                        basis: format!("{}, direction unknown", relation.kind.as_str()),
                    }),
                }
            }
            let mut outlets: BTreeSet<&str> = BTreeSet::new();
            for citation in &member.facts.citations {
                if outlets.insert(citation.outlet.as_str()) {
                    origins.push(Origin {
                        kind: "outlet".into(),
                        article: None,
                        outlet: Some(citation.outlet.clone()),
                        basis: match citation.kind {
                            crate::facts::CitationKind::Text => "named in the text".into(),
                            crate::facts::CitationKind::Credit => "credit line".into(),
                        },
                    });
                }
            }
            let unique_claims = claims
                .iter()
                .filter(|claim| claim.articles.len() == 1 && claim.articles[0] == *id)
                .map(|claim| claim.id.clone())
                .collect();
            let omitted_claims = claims
                .iter()
                .filter(|claim| {
                    claim.status == ClaimStatus::Corroborated && !claim.articles.contains(id)
                })
                .map(|claim| claim.id.clone())
                .collect();
            let source = sources
                .iter()
                .position(|source| source.contains(&index))
                .unwrap_or(source_of[index]);
            Provenance {
                article: id.clone(),
                source: format!("s{}", source + 1),
                origins,
                unique_claims,
                omitted_claims,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
