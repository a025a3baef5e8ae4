//! Stories: here are articles, tell me which ones tell the same story (stage 4).
//!
//! Three steps, whose result does not depend on the order the articles were given in:
//!
//! 1. **Candidates.** In a canonical order (by date, undated last, then id), each article is
//!    paired with the earlier articles that share one of its most distinctive terms, through an
//!    inverted index that skips terms found in too many articles and forgets articles that fell
//!    out of the time window: the work grows with the density of the news, not with the square
//!    of the corpus.
//! 2. **Scores.** Each candidate pair whose texts share enough words gets the probability that
//!    both report one event, from a learned pair model ([`pair`]) over
//!    - the cosines of tf-idf vectors of content words (whole text, lead, names), where words
//!      written with a capital inside a sentence (names: people, places, organisations) weigh
//!      double, and document frequencies come from the batch under a small prior of news-wide
//!      frequencies ([`background`]), so that three articles analysed alone weigh their shared
//!      words as news does;
//!    - the figures both state and the years each states;
//!    - the days between their dates;
//!    - when a model ran, the cosine of the articles' embeddings (title and lead).
//! 3. **Average linkage.** The two stories with the highest mean pair probability merge (a pair
//!    not scored counts 0), while it is at least [`StoryConfig::min_similarity`] and their dated
//!    articles fit in [`StoryConfig::max_days_apart`]: a story is an event, not a topic, and a
//!    chain of pairwise links across a broad topic (years of one politician) does not become one
//!    story, because every new member must be close to the story as a whole.
//!
//! One new article is placed among stored stories the same way ([`place`]): it joins the story
//! it is closest to on average (over the three members closest to it), which absorbs the others
//! it reaches that are as close to it on average.

pub mod background;
mod ids;
pub mod pair;

use std::collections::HashMap;

use crate::model::{Article, DocumentId, PageType, Story, StoryLink};

use crate::text::{content_words, words};
pub use ids::{PreviousStory, carry_ids};
pub use pair::{Marks, PairModel};

/// Settings of story grouping.
#[derive(Debug, Clone)]
pub struct StoryConfig {
    /// Mean probability that two articles report one event ([`pair`]), over the pairs across
    /// two stories, from which they merge (average linkage).
    pub min_similarity: f64,
    /// How many of a story's latest members a new article is compared with when it is placed
    /// alone ([`place`]).
    pub link_sample: usize,
    /// Tf-idf cosine of the whole texts below which a pair is not scored (probability 0).
    pub min_text_cosine: f64,
    /// Probability below which a scored pair is dropped before clustering (counts as 0).
    pub min_edge_similarity: f64,
    /// The longest a story's dated articles may span, in days: a story is an event, not a
    /// topic.
    pub max_days_apart: i64,
    /// How many of an article's highest-weighted terms are used to find candidates.
    pub candidate_terms: usize,
    /// Terms found in more than this share of the articles do not generate candidates (they
    /// still count in the similarity). Never below 64 articles.
    pub max_term_share: f64,
    /// At most this many of the latest articles sharing a term are compared with a new one.
    pub max_postings_scanned: usize,
    /// Embedding cosine that counts as no similarity at all (unrelated news leads score around
    /// it); cosines are rescaled from `[semantic_floor, 1]` to `[0, 1]`.
    pub semantic_floor: f64,
    /// Pair models to use instead of the built-in ones (without, with embeddings): for
    /// evaluating a fresh fit.
    pub pair_models: Option<Box<[PairModel; 2]>>,
    /// Let pages that are not articles (listings, forums, product and service pages,
    /// documentation: [`PageType`]) join stories. Off by default: such a page stays a story of
    /// its own, so a section front's teasers never join an event or feed its brief.
    pub include_pages: bool,
}

/// Whether an article may join other articles in a story under `config`.
pub fn joins_stories(article: &Article, config: &StoryConfig) -> bool {
    config.include_pages || article.page_type == PageType::Article
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            min_similarity: 0.4,
            link_sample: 16,
            min_text_cosine: 0.08,
            min_edge_similarity: 0.05,
            max_days_apart: 14,
            candidate_terms: 30,
            max_term_share: 0.05,
            max_postings_scanned: 300,
            semantic_floor: 0.3,
            pair_models: None,
            include_pages: false,
        }
    }
}

/// A word's document frequency in a corpus, when known.
pub type Frequency<'a> = dyn Fn(&str) -> Option<u32> + 'a;

/// A sparse, L2-normalised term vector, sorted by term id.
pub type Vector = Vec<(u32, f64)>;

/// Tf-idf vectors of a batch of articles: of the whole text, of the lead, and of the names.
#[derive(Debug, Clone, Default)]
pub struct TermVectors {
    /// One vector per article (title and text), in the order given.
    pub vectors: Vec<Vector>,
    /// One vector per article of its title and first [`LEAD_SENTENCES`] sentences.
    pub leads: Vec<Vector>,
    /// One vector per article of the words it writes with a capital inside a sentence (names:
    /// people, places, organisations), day and month names left out.
    pub names: Vec<Vector>,
    /// Term ids to words.
    pub surface: Vec<String>,
    /// Number of articles each term occurs in (title and text).
    pub document_frequency: Vec<u32>,
}

/// Sentences of an article's lead (after the title) in [`TermVectors::leads`].
pub const LEAD_SENTENCES: usize = 3;

impl TermVectors {
    /// The vectors of some articles, with inverse document frequencies from these articles
    /// under the news background's prior ([`background`]).
    pub fn new(articles: &[Article]) -> TermVectors {
        TermVectors::build(articles, None)
    }

    /// The vectors of some articles of a larger corpus, with inverse document frequencies from
    /// the corpus: `frequency` gives a word's document frequency in it (at least the count among
    /// `articles` is used), `corpus_size` its number of articles. An incremental regroup reads
    /// only the stories near a new article, but must weigh words as the whole corpus does.
    pub fn with_frequencies(
        articles: &[Article],
        frequency: &dyn Fn(&str) -> Option<u32>,
        corpus_size: usize,
    ) -> TermVectors {
        TermVectors::build(articles, Some((frequency, corpus_size)))
    }

    fn build(articles: &[Article], corpus: Option<(&Frequency<'_>, usize)>) -> TermVectors {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut surface: Vec<String> = Vec::new();
        let mut term_of = |word: String| -> u32 {
            let next_id = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
            *vocabulary.entry(word.clone()).or_insert_with(|| {
                surface.push(word);
                next_id
            })
        };
        // Per article: counts of the whole text, the lead and the names.
        let mut counts: [Vec<Vec<(u32, f64)>>; 3] = Default::default();
        for article in articles {
            let title = article.title.as_deref().unwrap_or("");
            let names: Vec<String> =
                names(title).chain(article.sentence_texts().flat_map(names)).collect();
            let name_set: std::collections::HashSet<&str> =
                names.iter().map(String::as_str).collect();
            let weight = |word: &str| if name_set.contains(word) { 2.0 } else { 1.0 };
            let mut text: HashMap<u32, f64> = HashMap::new();
            for word in words_of(article) {
                let w = weight(&word);
                *text.entry(term_of(word)).or_insert(0.0) += w;
            }
            let mut lead: HashMap<u32, f64> = HashMap::new();
            let lead_text = article.sentence_texts().take(LEAD_SENTENCES);
            for word in content_words(title).chain(lead_text.flat_map(content_words)) {
                let w = weight(&word);
                *lead.entry(term_of(word)).or_insert(0.0) += w;
            }
            let mut named: HashMap<u32, f64> = HashMap::new();
            for name in names.iter().filter(|name| is_name_term(name)) {
                *named.entry(term_of(name.clone())).or_insert(0.0) += 1.0;
            }
            for (table, map) in counts.iter_mut().zip([text, lead, named]) {
                let mut sorted: Vec<(u32, f64)> = map.into_iter().collect();
                sorted.sort_unstable_by_key(|&(term, _)| term);
                table.push(sorted);
            }
        }
        let mut document_frequency = vec![0u32; surface.len()];
        for article_counts in &counts[0] {
            for &(term, _) in article_counts {
                document_frequency[term as usize] += 1;
            }
        }
        // The weights' frequencies: the corpus's where given, then the background's prior
        // (which keeps a small batch's shared words from weighing as little as "president").
        let mut weight_frequency = document_frequency.clone();
        let mut n = articles.len() as f64;
        if let Some((frequency, corpus_size)) = corpus {
            for (term, word) in surface.iter().enumerate() {
                if let Some(df) = frequency(word) {
                    weight_frequency[term] = weight_frequency[term].max(df);
                }
            }
            n = n.max(corpus_size as f64);
        }
        let weight_frequency =
            background::Background::builtin().add_prior(&surface, &weight_frequency, &mut n);
        let weigh = |table: &[Vec<(u32, f64)>]| -> Vec<Vector> {
            table
                .iter()
                .map(|article_counts| {
                    let mut vector: Vector = article_counts
                        .iter()
                        .map(|&(term, count)| {
                            let df = weight_frequency[term as usize];
                            let idf = ((n + 1.0) / (df + 1.0)).ln() + 1.0;
                            (term, (1.0 + count.ln()) * idf)
                        })
                        .collect();
                    let norm = vector.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt();
                    if norm > 0.0 {
                        for (_, weight) in &mut vector {
                            *weight /= norm;
                        }
                    }
                    vector
                })
                .collect()
        };
        TermVectors {
            vectors: weigh(&counts[0]),
            leads: weigh(&counts[1]),
            names: weigh(&counts[2]),
            surface,
            document_frequency,
        }
    }

    /// The cosine of the vectors of articles `i` and `j`.
    pub fn cosine(&self, i: usize, j: usize) -> f64 {
        cosine(&self.vectors[i], &self.vectors[j])
    }
}

/// The words an article's term vector counts: the content words of its title and text.
pub fn words_of(article: &Article) -> impl Iterator<Item = String> + '_ {
    content_words(article.title.as_deref().unwrap_or("")).chain(content_words(&article.text))
}

/// The `n` words of highest weight in an article's vector (ties by word).
pub fn top_words(terms: &TermVectors, article: usize, n: usize) -> Vec<&str> {
    let mut weighted: Vec<(u32, f64)> = terms.vectors[article].clone();
    weighted.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| terms.surface[a.0 as usize].cmp(&terms.surface[b.0 as usize]))
    });
    weighted.iter().take(n).map(|&(term, _)| terms.surface[term as usize].as_str()).collect()
}

/// Lower-cased words written with a capital letter inside a sentence (not its first word):
/// names, mostly.
fn names(sentence: &str) -> impl Iterator<Item = String> + '_ {
    words(sentence)
        .skip(1)
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_lowercase)
}

/// Whether a lower-cased capitalised word counts in the name vectors: a content word that is not
/// a day or month name.
fn is_name_term(word: &str) -> bool {
    const CALENDAR: &[&str] = &[
        "april",
        "august",
        "december",
        "february",
        "friday",
        "january",
        "july",
        "june",
        "march",
        "monday",
        "november",
        "october",
        "saturday",
        "september",
        "sunday",
        "thursday",
        "tuesday",
        "wednesday",
    ];
    content_words(word).next().is_some_and(|content| content == word)
        && CALENDAR.binary_search(&word).is_err()
}

/// A story being built.
#[derive(Debug, Clone)]
struct Group {
    members: Vec<usize>,
    span: Option<(i64, i64)>,
    /// The link that brought each member in (none for the first).
    links: Vec<(usize, usize, f64)>,
}

/// Groups articles into stories. Every article ends up in exactly one story (possibly alone).
///
/// `embeddings`, when given, holds one L2-normalised vector per article (same order as
/// `articles`; an empty vector where none was computed).
pub fn group(
    articles: &[Article],
    embeddings: Option<&[Vec<f32>]>,
    config: &StoryConfig,
) -> Vec<Story> {
    let terms = TermVectors::new(articles);
    group_with(articles, &terms, embeddings, config)
}

/// [`group`] with term vectors already computed.
pub fn group_with(
    articles: &[Article],
    terms: &TermVectors,
    embeddings: Option<&[Vec<f32>]>,
    config: &StoryConfig,
) -> Vec<Story> {
    let n_articles = articles.len();
    if n_articles == 0 {
        return Vec::new();
    }
    let vectors = &terms.vectors;
    let days: Vec<Option<i64>> =
        articles.iter().map(|article| article.date.as_deref().and_then(day_number)).collect();
    // Canonical order: dated articles by date, then undated; ties by id.
    let mut order: Vec<usize> = (0..n_articles).collect();
    order.sort_by(|&a, &b| {
        let key = |index: usize| days[index].unwrap_or(i64::MAX);
        key(a).cmp(&key(b)).then_with(|| articles[a].id.cmp(&articles[b].id))
    });

    let max_postings = ((config.max_term_share * n_articles as f64) as usize).max(64);
    // A page kept out of stories has no candidate terms: nothing finds it, it finds nothing.
    let top_terms: Vec<Vec<u32>> = vectors
        .iter()
        .zip(articles)
        .map(|(vector, article)| {
            if !joins_stories(article, config) {
                return Vec::new();
            }
            let mut top: Vec<(u32, f64)> = vector
                .iter()
                .copied()
                .filter(|&(term, _)| {
                    terms.document_frequency[term as usize] as usize <= max_postings
                })
                .collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            top.into_iter().take(config.candidate_terms).map(|(term, _)| term).collect()
        })
        .collect();

    // Postings hold articles in processing order, so dated ones by date: entries that fell out
    // of the time window are dropped from the front, and only the latest
    // `config.max_postings_scanned` of a list are read. Work per article is then bounded by the
    // density of the news in a window, not by the size of the corpus.
    let mut postings: HashMap<u32, std::collections::VecDeque<usize>> = HashMap::new();
    let mut candidates: Vec<(usize, Vec<usize>)> = Vec::with_capacity(n_articles);
    for &article in &order {
        let mut found: Vec<usize> = Vec::new();
        for term in &top_terms[article] {
            if let Some(list) = postings.get_mut(term) {
                if let Some(day) = days[article] {
                    while list.front().is_some_and(|&front| {
                        days[front].is_some_and(|d| d < day - config.max_days_apart)
                    }) {
                        list.pop_front();
                    }
                }
                found.extend(list.iter().rev().take(config.max_postings_scanned));
            }
        }
        found.sort_unstable();
        found.dedup();
        candidates.push((article, found));
        for term in &top_terms[article] {
            postings.entry(*term).or_default().push_back(article);
        }
    }
    // Score the candidate pairs (in parallel: each pair on its own), keep the likely ones.
    let marks: Vec<Marks> = articles.iter().map(Marks::of).collect();
    let grouping = Grouping::new(terms, &marks, &days, embeddings, config);
    let edges: Vec<(usize, usize, f64)> = {
        use rayon::prelude::*;
        candidates
            .par_iter()
            .flat_map_iter(|(article, found)| {
                let (grouping, days) = (&grouping, &days);
                found.iter().filter_map(move |&other| {
                    if let (Some(x), Some(y)) = (days[*article], days[other])
                        && (x - y).abs() > config.max_days_apart
                    {
                        return None;
                    }
                    let p = grouping.similarity(*article, other);
                    (p >= config.min_edge_similarity).then_some((
                        other.min(*article),
                        other.max(*article),
                        p,
                    ))
                })
            })
            .collect()
    };
    let groups = average_linkage(n_articles, edges, &days, config);

    let mut stories: Vec<Story> = groups
        .into_iter()
        .map(|(members, links)| build_story(&members, articles, vectors, &links, &terms.surface))
        .collect();
    stories.sort_by(|a, b| {
        b.articles.len().cmp(&a.articles.len()).then_with(|| a.articles.cmp(&b.articles))
    });
    stories
}

/// A link between two articles (indexes) and its probability.
type Link = (usize, usize, f64);

/// Average-linkage clustering of articles over the scored pairs `edges` (a missing pair counts
/// as 0): the two stories with the highest mean pair probability merge, as long as it is at
/// least [`StoryConfig::min_similarity`] and their dated articles fit in
/// [`StoryConfig::max_days_apart`]. Each story comes with its members (sorted) and one link per
/// merge (the strongest pair across it). Deterministic: ties go to the lowest story ids.
fn average_linkage(
    n: usize,
    mut edges: Vec<(usize, usize, f64)>,
    days: &[Option<i64>],
    config: &StoryConfig,
) -> Vec<(Vec<usize>, Vec<Link>)> {
    use std::cmp::Reverse;
    use std::collections::{BTreeMap, BinaryHeap};

    /// A candidate merge: mean probability (as ordered bits of a non-negative float), then the
    /// lowest ids first, and the versions of both stories when it was computed.
    type Entry = (u64, Reverse<(usize, usize)>, usize, usize);

    edges.sort_by_key(|&(a, b, _)| (a, b));
    edges.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
    let mut edges_of: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for &(a, b, p) in &edges {
        edges_of[a].push((b, p));
        edges_of[b].push((a, p));
    }
    // Story `i` starts as article `i`; a merged story keeps the lower id.
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut links: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); n];
    let mut span: Vec<Option<(i64, i64)>> = days.iter().map(|day| day.map(|d| (d, d))).collect();
    let mut sums: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for &(a, b, p) in &edges {
        *sums[a].entry(b).or_insert(0.0) += p;
        *sums[b].entry(a).or_insert(0.0) += p;
    }
    let mut version = vec![0usize; n];
    let mut story_of: Vec<usize> = (0..n).collect();
    let mean = |sum: f64, a: usize, b: usize, members: &[Vec<usize>]| {
        sum / (members[a].len() * members[b].len()) as f64
    };
    let entry = |a: usize, b: usize, value: f64, version: &[usize]| -> Entry {
        let (low, high) = (a.min(b), a.max(b));
        (value.max(0.0).to_bits(), Reverse((low, high)), version[low], version[high])
    };
    let mut heap: BinaryHeap<Entry> = BinaryHeap::new();
    for &(a, b, p) in &edges {
        heap.push(entry(a, b, p, &version));
    }
    while let Some((bits, Reverse((a, b)), version_a, version_b)) = heap.pop() {
        if version[a] != version_a || version[b] != version_b {
            continue;
        }
        if f64::from_bits(bits) < config.min_similarity {
            break;
        }
        if !fits(span[a], span[b], config.max_days_apart) {
            continue;
        }
        // The strongest pair across the merge, for the story's links.
        let (small, large) = if members[a].len() <= members[b].len() { (a, b) } else { (b, a) };
        let mut strongest: Option<(usize, usize, f64)> = None;
        for &x in &members[small] {
            for &(y, p) in &edges_of[x] {
                if story_of[y] == large && strongest.is_none_or(|(_, _, best)| p > best) {
                    strongest = Some((x, y, p));
                }
            }
        }
        // Merge `b` into `a` (the lower id).
        let absorbed = std::mem::take(&mut members[b]);
        for &x in &absorbed {
            story_of[x] = a;
        }
        members[a].extend(absorbed);
        let absorbed_links = std::mem::take(&mut links[b]);
        links[a].extend(absorbed_links);
        links[a].extend(strongest);
        span[a] = merge_span(span[a], span[b]);
        let absorbed_sums = std::mem::take(&mut sums[b]);
        sums[a].remove(&b);
        for (c, sum) in absorbed_sums {
            if c == a {
                continue;
            }
            *sums[a].entry(c).or_insert(0.0) += sum;
            let total = sums[c].remove(&b).unwrap_or(0.0);
            *sums[c].entry(a).or_insert(0.0) += total;
        }
        version[a] += 1;
        version[b] += 1;
        for (&c, &sum) in &sums[a] {
            heap.push(entry(a, c, mean(sum, a, c, &members), &version));
        }
    }
    members
        .into_iter()
        .zip(links)
        .filter(|(members, _)| !members.is_empty())
        .map(|(mut members, links)| {
            members.sort_unstable();
            (members, links)
        })
        .collect()
}

/// The pair features of every pair of `articles` that `label` labels (`Some(true)`: one event)
/// and whose texts share enough to be scored: what [`pair::PairModel`]s are fitted on
/// (`parallax train stories`). `embeddings` as for [`group`]; a pair has a semantic feature
/// when both articles have a vector, and each row says whether it has.
pub fn pair_rows(
    articles: &[Article],
    embeddings: Option<&[Vec<f32>]>,
    config: &StoryConfig,
    label: &(dyn Fn(usize, usize) -> Option<bool> + Sync),
) -> Vec<([f64; pair::PAIR_FEATURE_COUNT], bool, bool)> {
    use rayon::prelude::*;
    let terms = TermVectors::new(articles);
    let marks: Vec<Marks> = articles.iter().map(Marks::of).collect();
    let days: Vec<Option<i64>> =
        articles.iter().map(|article| article.date.as_deref().and_then(day_number)).collect();
    (0..articles.len())
        .into_par_iter()
        .flat_map_iter(|a| {
            let (terms, marks, days) = (&terms, &marks, &days);
            (a + 1..articles.len()).filter_map(move |b| {
                let same = label(a, b)?;
                let text = cosine(&terms.vectors[a], &terms.vectors[b]);
                if text < config.min_text_cosine {
                    return None;
                }
                let semantic = semantic(embeddings, config, a, b);
                let apart = days[a].zip(days[b]).map(|(x, y)| x - y);
                if apart.is_some_and(|apart| apart.abs() > config.max_days_apart) {
                    return None;
                }
                let features =
                    pair::features(terms, marks, a, b, text, apart, semantic.unwrap_or(0.0));
                Some((features, same, semantic.is_some()))
            })
        })
        .collect()
}

/// The embedding cosine of articles `a` and `b`, rescaled from `[semantic_floor, 1]` to
/// `[0, 1]`; none unless both have a vector.
fn semantic(
    embeddings: Option<&[Vec<f32>]>,
    config: &StoryConfig,
    a: usize,
    b: usize,
) -> Option<f64> {
    let table = embeddings?;
    if table[a].is_empty() || table[b].is_empty() {
        return None;
    }
    let raw = f64::from(crate::embed::cosine(&table[a], &table[b]));
    Some(((raw - config.semantic_floor) / (1.0 - config.semantic_floor)).clamp(0.0, 1.0))
}

/// How many of a story's closest members a new article placed alone ([`place`]) is compared
/// with.
const PLACE_NEIGHBOURS: usize = 3;

/// A stored story near a new article, for [`place`].
#[derive(Debug, Clone)]
pub struct Neighbour {
    /// Its id.
    pub id: String,
    /// Its articles, as indexes into the articles given to [`place`].
    pub members: Vec<usize>,
    /// The links that made it (between its articles).
    pub links: Vec<StoryLink>,
}

/// Where [`place`] put a new article.
#[derive(Debug, Clone)]
pub struct Placed {
    /// The story that holds it now: one of the neighbours grown by it (several merged through
    /// it), or a story of its own. Its id is the hash of its members; the store carries the old
    /// id over ([`carry_ids`]).
    pub story: Story,
    /// The neighbours it replaces (the ones it joined or merged).
    pub replaced: Vec<String>,
}

/// Puts one new article among the stories stored around it, as the batch grouping would when it
/// reached the article: it joins the neighbour holding its most similar article (if similar
/// enough, and the story's centroid and dates agree), merging further neighbours it links, or
/// starts a story of its own. Neighbours are never split. `articles` holds the neighbours'
/// members and the new article (index `new`); `terms` are their vectors, weighed with the whole
/// corpus's frequencies ([`TermVectors::with_frequencies`]).
pub fn place(
    articles: &[Article],
    new: usize,
    neighbours: &[Neighbour],
    terms: &TermVectors,
    config: &StoryConfig,
) -> Placed {
    let days: Vec<Option<i64>> =
        articles.iter().map(|article| article.date.as_deref().and_then(day_number)).collect();
    let index_of: HashMap<&DocumentId, usize> =
        articles.iter().enumerate().map(|(index, article)| (&article.id, index)).collect();
    let marks: Vec<Marks> = articles.iter().map(Marks::of).collect();
    let mut grouping = Grouping::new(terms, &marks, &days, None, config);
    let mut candidates: Vec<usize> = Vec::new();
    for neighbour in neighbours {
        let links = neighbour
            .links
            .iter()
            .filter_map(|link| {
                Some((*index_of.get(&link.a)?, *index_of.get(&link.b)?, link.similarity))
            })
            .collect();
        let members: Vec<usize> =
            neighbour.members.iter().copied().filter(|&member| member != new).collect();
        candidates.extend(&members);
        grouping.seed(&members, links);
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
        .retain(|&candidate| articles.get(candidate).is_some_and(|a| joins_stories(a, config)));
    if !joins_stories(&articles[new], config) {
        candidates.clear();
    }
    grouping.add(new, &candidates);
    let home = grouping.group_of[new];
    let replaced = neighbours
        .iter()
        .enumerate()
        .filter(|&(index, _)| index == home || grouping.groups[index].is_none())
        .map(|(_, neighbour)| neighbour.id.clone())
        .collect();
    let mut group = grouping.groups[home].take().unwrap_or(Group {
        members: vec![new],
        span: None,
        links: Vec::new(),
    });
    group.members.sort_unstable();
    let story = build_story(&group.members, articles, &terms.vectors, &group.links, &terms.surface);
    Placed { story, replaced }
}

/// Stories being built: each article joins the story of its most similar earlier article, or
/// links several (they merge), or starts one.
struct Grouping<'a> {
    terms: &'a TermVectors,
    vectors: &'a [Vector],
    marks: &'a [Marks],
    days: &'a [Option<i64>],
    embeddings: Option<&'a [Vec<f32>]>,
    config: &'a StoryConfig,
    groups: Vec<Option<Group>>,
    group_of: Vec<usize>,
}

impl<'a> Grouping<'a> {
    fn new(
        terms: &'a TermVectors,
        marks: &'a [Marks],
        days: &'a [Option<i64>],
        embeddings: Option<&'a [Vec<f32>]>,
        config: &'a StoryConfig,
    ) -> Grouping<'a> {
        Grouping {
            terms,
            vectors: &terms.vectors,
            marks,
            days,
            embeddings,
            config,
            groups: Vec::new(),
            group_of: vec![usize::MAX; terms.vectors.len()],
        }
    }

    /// How similar two articles are: the probability that they report one event (0 when their
    /// texts share too little to be scored).
    fn similarity(&self, a: usize, b: usize) -> f64 {
        let config = self.config;
        let text = cosine(&self.vectors[a], &self.vectors[b]);
        if text < config.min_text_cosine {
            return 0.0;
        }
        let semantic = semantic(self.embeddings, config, a, b);
        let days = match (self.days[a], self.days[b]) {
            (Some(x), Some(y)) => Some(x - y),
            _ => None,
        };
        let features =
            pair::features(self.terms, self.marks, a, b, text, days, semantic.unwrap_or(0.0));
        let model = match &config.pair_models {
            Some(models) => &models[usize::from(semantic.is_some())],
            None => pair::builtin(semantic.is_some()),
        };
        model.probability(&features)
    }

    /// The mean similarity of the latest [`StoryConfig::link_sample`] members of two stories
    /// (average linkage).
    fn group_similarity(&self, a: &Group, b: &Group) -> f64 {
        let keep = self.config.link_sample.max(1);
        let left = &a.members[a.members.len().saturating_sub(keep)..];
        let right = &b.members[b.members.len().saturating_sub(keep)..];
        let sum: f64 =
            left.iter().flat_map(|&x| right.iter().map(move |&y| self.similarity(x, y))).sum();
        sum / (left.len() * right.len()).max(1) as f64
    }

    /// How close `article` is to a story: its mean similarity with its
    /// [`PLACE_NEIGHBOURS`] closest members among the story's latest
    /// [`StoryConfig::link_sample`] (all of them in a smaller story), and its strongest link. A
    /// story of many articles covers more than any one report of it; a new report must be close
    /// to several of them, not to one (which would chain) nor to all.
    fn closeness(&self, article: usize, group: &Group) -> (f64, (usize, usize, f64)) {
        let keep = self.config.link_sample.max(1);
        let sample = &group.members[group.members.len().saturating_sub(keep)..];
        let mut scored: Vec<(f64, usize)> =
            sample.iter().map(|&member| (self.similarity(article, member), member)).collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let closest = &scored[..scored.len().min(PLACE_NEIGHBOURS)];
        let mean =
            closest.iter().map(|(similarity, _)| similarity).sum::<f64>() / closest.len() as f64;
        (mean, (article, closest[0].1, closest[0].0))
    }

    /// A story made of `members` already (an existing story, in an incremental regroup), with
    /// the links that made it.
    fn seed(&mut self, members: &[usize], links: Vec<(usize, usize, f64)>) {
        let index = self.groups.len();
        let mut span = None;
        for &member in members {
            span = merge_span(span, self.days[member].map(|day| (day, day)));
            self.group_of[member] = index;
        }
        self.groups.push(Some(Group { members: members.to_vec(), span, links }));
    }

    /// Adds `article`, compared with the stories of `candidates` (earlier articles already in
    /// stories), as average linkage would: it joins the story it is closest to on average (if
    /// at least [`StoryConfig::min_similarity`]), and that story absorbs the others it reaches
    /// that are as close to it on average.
    fn add(&mut self, article: usize, candidates: &[usize]) {
        let own_span = self.days[article].map(|day| (day, day));
        let mut reached: Vec<usize> =
            candidates.iter().map(|&other| self.group_of[other]).collect();
        reached.sort_unstable();
        reached.dedup();
        let mut ranked: Vec<(usize, f64, (usize, usize, f64))> = reached
            .into_iter()
            .filter_map(|index| {
                let group = self.groups[index].as_ref()?;
                if !fits(own_span, group.span, self.config.max_days_apart) {
                    return None;
                }
                let (mean, link) = self.closeness(article, group);
                (mean >= self.config.min_similarity).then_some((index, mean, link))
            })
            .collect();
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let mut ranked = ranked.into_iter();
        let Some((home, _, link)) = ranked.next() else {
            self.group_of[article] = self.groups.len();
            self.groups.push(Some(Group {
                members: vec![article],
                span: own_span,
                links: Vec::new(),
            }));
            return;
        };
        let group = self.groups[home].as_mut().expect("ranked stories exist");
        group.members.push(article);
        group.span = merge_span(group.span, own_span);
        group.links.push(link);
        self.group_of[article] = home;
        for (index, _, link) in ranked {
            let (Some(current), Some(other)) =
                (self.groups[home].as_ref(), self.groups[index].as_ref())
            else {
                continue;
            };
            if !fits(current.span, other.span, self.config.max_days_apart)
                || self.group_similarity(current, other) < self.config.min_similarity
            {
                continue;
            }
            let absorbed = self.groups[index].take().expect("checked above");
            for &member in &absorbed.members {
                self.group_of[member] = home;
            }
            let home_group = self.groups[home].as_mut().expect("home exists");
            home_group.members.extend(absorbed.members);
            home_group.span = merge_span(home_group.span, absorbed.span);
            home_group.links.extend(absorbed.links);
            home_group.links.push(link);
        }
    }
}

fn fits(a: Option<(i64, i64)>, b: Option<(i64, i64)>, max_days: i64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.1.max(b.1) - a.0.min(b.0) <= max_days,
        _ => true,
    }
}

fn merge_span(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> Option<(i64, i64)> {
    match (a, b) {
        (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
        (x, y) => x.or(y),
    }
}

fn build_story(
    group: &[usize],
    articles: &[Article],
    vectors: &[Vector],
    links: &[(usize, usize, f64)],
    surface: &[String],
) -> Story {
    // `links` are this group's own links.
    let story_links: Vec<&(usize, usize, f64)> = links.iter().collect();
    // The label comes from the most central member: the highest summed similarity to the others.
    let mut centrality: HashMap<usize, f64> = HashMap::new();
    for &&(a, b, similarity) in &story_links {
        *centrality.entry(a).or_insert(0.0) += similarity;
        *centrality.entry(b).or_insert(0.0) += similarity;
    }
    let central = group
        .iter()
        .copied()
        .max_by(|a, b| {
            let (score_a, score_b) = (
                centrality.get(a).copied().unwrap_or(0.0),
                centrality.get(b).copied().unwrap_or(0.0),
            );
            score_a.total_cmp(&score_b).then(b.cmp(a))
        })
        .unwrap_or(group[0]);
    let label = articles[central]
        .title
        .clone()
        .or_else(|| {
            articles[central]
                .sentence_texts()
                .next()
                .map(|sentence| crate::text::shorten(sentence, 100))
        })
        .unwrap_or_else(|| articles[central].id.to_string());

    // Keywords: terms with the highest summed weight, counting only terms most members share.
    let mut weights: HashMap<u32, (f64, usize)> = HashMap::new();
    for &index in group {
        for &(term, weight) in &vectors[index] {
            let entry = weights.entry(term).or_insert((0.0, 0));
            entry.0 += weight;
            entry.1 += 1;
        }
    }
    let min_members = if group.len() >= 2 { 2 } else { 1 };
    let mut ranked: Vec<(u32, f64)> = weights
        .into_iter()
        .filter(|(_, (_, count))| *count >= min_members)
        .map(|(term, (weight, _))| (term, weight))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let keywords = ranked.iter().take(8).map(|(term, _)| surface[*term as usize].clone()).collect();

    let ids: Vec<DocumentId> = group.iter().map(|&index| articles[index].id.clone()).collect();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for id in &ids {
        hasher.update(id.as_str().as_bytes());
        hasher.update(b"\n");
    }
    let mut story_links: Vec<StoryLink> = story_links
        .iter()
        .map(|&&(a, b, similarity)| StoryLink {
            a: articles[a].id.clone(),
            b: articles[b].id.clone(),
            similarity: (similarity * 1000.0).round() / 1000.0,
        })
        .collect();
    story_links.sort_by(|x, y| x.a.cmp(&y.a).then_with(|| x.b.cmp(&y.b)));
    Story {
        id: format!("s{:012x}", hasher.digest() >> 16),
        label,
        articles: ids,
        keywords,
        links: story_links,
        relations: Vec::new(),
        originals: Vec::new(),
        facts: Default::default(),
        brief: Default::default(),
    }
}

/// The dot product of two sparse vectors (their cosine when both are normalised).
pub fn cosine(a: &Vector, b: &Vector) -> f64 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
pub fn day_number(date: &str) -> Option<i64> {
    let year: i64 = date.get(..4)?.parse().ok()?;
    let month: i64 = date.get(5..7)?.parse().ok()?;
    let day: i64 = date.get(8..10)?.parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(min_similarity: f64) -> StoryConfig {
        StoryConfig { min_similarity, ..StoryConfig::default() }
    }

    #[test]
    fn average_linkage_does_not_chain() {
        // a–b and b–c are close, a–c is not scored: the chain holds at a mean of 0.45 only.
        let edges = vec![(0, 1, 0.9), (1, 2, 0.9)];
        let days = [None; 3];
        let loose = average_linkage(3, edges.clone(), &days, &config(0.4));
        assert_eq!(loose.len(), 1);
        assert_eq!(loose[0].0, vec![0, 1, 2]);
        assert_eq!(loose[0].1.len(), 2, "one link per merge");
        let strict = average_linkage(3, edges, &days, &config(0.5));
        let members: Vec<Vec<usize>> = strict.into_iter().map(|(members, _)| members).collect();
        assert_eq!(members, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn average_linkage_keeps_stories_within_their_time_span() {
        let edges = vec![(0, 1, 0.95), (1, 2, 0.95), (0, 2, 0.95)];
        let days = [Some(0), Some(10), Some(30)];
        let groups = average_linkage(3, edges, &days, &config(0.4));
        let members: Vec<Vec<usize>> = groups.into_iter().map(|(members, _)| members).collect();
        assert_eq!(members, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn average_linkage_is_deterministic_whatever_the_edge_order() {
        let mut edges = vec![(0, 1, 0.6), (2, 3, 0.6), (1, 2, 0.6), (0, 3, 0.2), (4, 5, 0.41)];
        let days = [None; 6];
        let first = average_linkage(6, edges.clone(), &days, &config(0.4));
        edges.reverse();
        assert_eq!(average_linkage(6, edges, &days, &config(0.4)), first);
    }

    fn article(id: &str, title: &str, text: &str) -> Article {
        let mut raw = crate::model::RawDocument::new(
            crate::model::Origin::file(id),
            crate::model::Body::Text(text.to_owned()),
        );
        raw.id = Some(id.to_owned());
        raw.title = Some(title.to_owned());
        crate::pipeline::clean_batch(vec![raw], &Default::default()).0.remove(0)
    }

    #[test]
    fn grouping_does_not_depend_on_the_input_order() {
        let mut articles = vec![
            article(
                "a",
                "Quake hits Qeshm island",
                "A quake of magnitude 5.9 hit the Iranian island of Qeshm, killing ten people in three villages.",
            ),
            article(
                "b",
                "Ten dead in Qeshm quake",
                "Ten people died when a magnitude 5.9 quake struck villages on Qeshm island in southern Iran.",
            ),
            article(
                "c",
                "Lohan checks into rehab",
                "Lindsay Lohan checked into the Betty Ford Center in Rancho Mirage, her lawyer said on Friday.",
            ),
            article(
                "d",
                "Lohan enters Betty Ford",
                "The actress Lindsay Lohan entered the Betty Ford Center for rehab on Friday, her lawyer said.",
            ),
        ];
        let stories_of = |articles: &[Article]| -> Vec<Vec<String>> {
            let mut stories: Vec<Vec<String>> = group(articles, None, &StoryConfig::default())
                .into_iter()
                .map(|story| {
                    let mut ids: Vec<String> =
                        story.articles.iter().map(|id| id.as_str().to_owned()).collect();
                    ids.sort();
                    ids
                })
                .collect();
            stories.sort();
            stories
        };
        let forward = stories_of(&articles);
        assert_eq!(
            forward,
            vec![vec!["a".to_owned(), "b".to_owned()], vec!["c".to_owned(), "d".to_owned()]]
        );
        articles.reverse();
        assert_eq!(stories_of(&articles), forward);
    }

    #[test]
    fn pages_that_are_not_articles_stay_alone_unless_let_in() {
        let mut articles = vec![
            article(
                "a",
                "Quake hits Qeshm island",
                "A quake of magnitude 5.9 hit the Iranian island of Qeshm, killing ten people in three villages.",
            ),
            article(
                "b",
                "Ten dead in Qeshm quake",
                "Ten people died when a magnitude 5.9 quake struck villages on Qeshm island in southern Iran.",
            ),
        ];
        articles[1].page_type = PageType::Listing;
        let sizes = |config: &StoryConfig| -> Vec<usize> {
            let mut sizes: Vec<usize> =
                group(&articles, None, config).iter().map(|story| story.articles.len()).collect();
            sizes.sort_unstable();
            sizes
        };
        assert_eq!(sizes(&StoryConfig::default()), [1, 1]);
        let open = StoryConfig { include_pages: true, ..StoryConfig::default() };
        assert_eq!(sizes(&open), [2]);
    }
}
