//! Stories: here are articles, tell me which ones tell the same story (stage 4).
//!
//! Articles join stories online, one at a time in a canonical order (by date, undated last, then
//! id), so the result does not depend on the order they were given in: each article is
//! compared with the earlier articles that share one of its most distinctive terms, joins the
//! story it is most similar to, or starts one; when it is similar enough to several stories, they
//! merge through it.
//!
//! Similarity combines
//! - the cosine of tf-idf vectors of content words (title and text), where words written with a
//!   capital inside a sentence (names: people, places, organisations) weigh double;
//! - when a model ran, the cosine of the articles' embeddings (title and lead), rescaled so that
//!   unrelated news scores about 0;
//! - time: articles further apart than [`StoryConfig::max_days_apart`] never link, and a story's
//!   dated articles must fit in that span.
//!
//! A join or merge also needs the story's centroid (summed tf-idf vectors) to be similar to the
//! article (or the other story), so that a chain of pairwise links across a broad topic (years of
//! one politician) does not become one "story". Candidate pairs come from an inverted index over
//! each article's top terms, skipping terms found in too many articles: the work grows with the
//! number of articles that share rare terms, not with the square of the corpus.

mod ids;

use std::collections::HashMap;

use crate::model::{Article, DocumentId, Story, StoryLink};

use crate::text::{content_words, words};
pub use ids::{PreviousStory, carry_ids};

/// Settings of story grouping.
#[derive(Debug, Clone)]
pub struct StoryConfig {
    /// Combined similarity from which an article joins a story (through its most similar member).
    pub min_similarity: f64,
    /// Cosine similarity of tf-idf centroids needed to join or merge.
    pub min_group_similarity: f64,
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
    /// Weight of the embedding similarity against the lexical one, when a model ran.
    pub semantic_weight: f64,
    /// Days of grace: articles this close in time compare at full similarity.
    pub same_days: i64,
    /// Beyond the days of grace, similarity decays by a factor e every this many days.
    pub decay_days: f64,
    /// Factor on the similarity of a pair when either article is undated (its time is unknown).
    pub undated_factor: f64,
    /// Embedding cosine that counts as no similarity at all (unrelated news leads score around
    /// it); cosines are rescaled from `[semantic_floor, 1]` to `[0, 1]`.
    pub semantic_floor: f64,
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            min_similarity: 0.25,
            min_group_similarity: 0.25,
            max_days_apart: 14,
            candidate_terms: 30,
            max_term_share: 0.05,
            same_days: 2,
            decay_days: 5.0,
            undated_factor: 1.0,
            max_postings_scanned: 300,
            semantic_weight: 0.5,
            semantic_floor: 0.3,
        }
    }
}

/// A word's document frequency in a corpus, when known.
pub type Frequency<'a> = dyn Fn(&str) -> Option<u32> + 'a;

/// A sparse, L2-normalised term vector, sorted by term id.
pub type Vector = Vec<(u32, f64)>;

/// Tf-idf vectors of a batch of articles.
#[derive(Debug, Clone, Default)]
pub struct TermVectors {
    /// One vector per article, in the order given.
    pub vectors: Vec<Vector>,
    /// Term ids to words.
    pub surface: Vec<String>,
    /// Number of articles each term occurs in.
    pub document_frequency: Vec<u32>,
}

impl TermVectors {
    /// The vectors of some articles, with inverse document frequencies from these articles.
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
        let mut term_counts: Vec<Vec<(u32, f64)>> = Vec::with_capacity(articles.len());
        for article in articles {
            let mut counts: HashMap<u32, f64> = HashMap::new();
            let title = article.title.as_deref().unwrap_or("");
            let names = names(title).chain(article.sentence_texts().flat_map(names));
            let names: std::collections::HashSet<String> = names.collect();
            for word in words_of(article) {
                let next_id = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
                let weight = if names.contains(&word) { 2.0 } else { 1.0 };
                let term = *vocabulary.entry(word.clone()).or_insert_with(|| {
                    surface.push(word);
                    next_id
                });
                *counts.entry(term).or_insert(0.0) += weight;
            }
            let mut counts: Vec<(u32, f64)> = counts.into_iter().collect();
            counts.sort_unstable_by_key(|&(term, _)| term);
            term_counts.push(counts);
        }
        let mut document_frequency = vec![0u32; vocabulary.len()];
        for counts in &term_counts {
            for &(term, _) in counts {
                document_frequency[term as usize] += 1;
            }
        }
        // The weights' frequencies: the corpus's where given.
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
        let vectors = term_counts
            .iter()
            .map(|counts| {
                let mut vector: Vector = counts
                    .iter()
                    .map(|&(term, count)| {
                        let df = f64::from(weight_frequency[term as usize]);
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
            .collect();
        TermVectors { vectors, surface, document_frequency }
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

/// A story being built.
#[derive(Debug, Clone)]
struct Group {
    members: Vec<usize>,
    centroid: Vector,
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
    let top_terms: Vec<Vec<u32>> = vectors
        .iter()
        .map(|vector| {
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
    let mut grouping = Grouping::new(vectors, &days, embeddings, config);
    let mut candidates: Vec<usize> = Vec::new();
    for &article in &order {
        candidates.clear();
        for term in &top_terms[article] {
            if let Some(list) = postings.get_mut(term) {
                if let Some(day) = days[article] {
                    while list.front().is_some_and(|&front| {
                        days[front].is_some_and(|d| d < day - config.max_days_apart)
                    }) {
                        list.pop_front();
                    }
                }
                candidates.extend(list.iter().rev().take(config.max_postings_scanned));
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        grouping.add(article, &candidates);
        for term in &top_terms[article] {
            postings.entry(*term).or_default().push_back(article);
        }
    }

    let mut stories: Vec<Story> = grouping
        .groups
        .into_iter()
        .flatten()
        .map(|mut group| {
            group.members.sort_unstable();
            build_story(&group.members, articles, vectors, &group.links, &terms.surface)
        })
        .collect();
    stories.sort_by(|a, b| {
        b.articles.len().cmp(&a.articles.len()).then_with(|| a.articles.cmp(&b.articles))
    });
    stories
}

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
    let mut grouping = Grouping::new(&terms.vectors, &days, None, config);
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
        centroid: Vec::new(),
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
    vectors: &'a [Vector],
    days: &'a [Option<i64>],
    embeddings: Option<&'a [Vec<f32>]>,
    config: &'a StoryConfig,
    groups: Vec<Option<Group>>,
    group_of: Vec<usize>,
}

impl<'a> Grouping<'a> {
    fn new(
        vectors: &'a [Vector],
        days: &'a [Option<i64>],
        embeddings: Option<&'a [Vec<f32>]>,
        config: &'a StoryConfig,
    ) -> Grouping<'a> {
        Grouping {
            vectors,
            days,
            embeddings,
            config,
            groups: Vec::new(),
            group_of: vec![usize::MAX; vectors.len()],
        }
    }

    /// How similar two articles are: their content (tf-idf cosine, mixed with the embeddings'
    /// when there are some) times a decay with the days between them.
    fn similarity(&self, a: usize, b: usize) -> f64 {
        let config = self.config;
        let lexical = cosine(&self.vectors[a], &self.vectors[b]);
        let content = match self.embeddings {
            Some(table) if !table[a].is_empty() && !table[b].is_empty() => {
                let raw = f64::from(crate::embed::cosine(&table[a], &table[b]));
                let semantic =
                    ((raw - config.semantic_floor) / (1.0 - config.semantic_floor)).clamp(0.0, 1.0);
                (1.0 - config.semantic_weight) * lexical + config.semantic_weight * semantic
            }
            _ => lexical,
        };
        let time = match (self.days[a], self.days[b]) {
            (Some(x), Some(y)) => {
                let beyond = ((x - y).abs() - config.same_days).max(0) as f64;
                (-beyond / config.decay_days.max(1e-9)).exp()
            }
            _ => config.undated_factor,
        };
        time * content
    }

    /// A story made of `members` already (an existing story, in an incremental regroup), with
    /// the links that made it.
    fn seed(&mut self, members: &[usize], links: Vec<(usize, usize, f64)>) {
        let index = self.groups.len();
        let mut centroid: Vector = Vec::new();
        let mut span = None;
        for &member in members {
            centroid = add(&centroid, &self.vectors[member]);
            span = merge_span(span, self.days[member].map(|day| (day, day)));
            self.group_of[member] = index;
        }
        self.groups.push(Some(Group { members: members.to_vec(), centroid, span, links }));
    }

    /// Adds `article`, compared with `candidates` (earlier articles already in stories).
    fn add(&mut self, article: usize, candidates: &[usize]) {
        // Best link into each story.
        let mut best: HashMap<usize, (f64, usize)> = HashMap::new();
        for &other in candidates {
            if let (Some(x), Some(y)) = (self.days[article], self.days[other])
                && (x - y).abs() > self.config.max_days_apart
            {
                continue;
            }
            let score = self.similarity(article, other);
            if score < self.config.min_similarity {
                continue;
            }
            let entry = best.entry(self.group_of[other]).or_insert((score, other));
            if score > entry.0 || (score == entry.0 && other < entry.1) {
                *entry = (score, other);
            }
        }
        let mut ranked: Vec<(usize, f64, usize)> =
            best.into_iter().map(|(group, (score, other))| (group, score, other)).collect();
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let own_span = self.days[article].map(|day| (day, day));
        let mut home: Option<usize> = None;
        for (group_index, score, other) in ranked {
            let Some(candidate) = self.groups[group_index].as_ref() else { continue };
            let (centroid, span) = match home.and_then(|home| self.groups[home].as_ref()) {
                Some(current) => (&current.centroid, current.span),
                None => (&self.vectors[article], own_span),
            };
            if normalized_cosine(centroid, &candidate.centroid) < self.config.min_group_similarity
                || !fits(span, candidate.span, self.config.max_days_apart)
            {
                continue;
            }
            match home {
                None => {
                    let group = self.groups[group_index].as_mut().expect("checked above");
                    group.members.push(article);
                    group.centroid = add(&group.centroid, &self.vectors[article]);
                    group.span = merge_span(group.span, own_span);
                    group.links.push((article, other, score));
                    self.group_of[article] = group_index;
                    home = Some(group_index);
                }
                Some(home_index) => {
                    // The article links two stories: merge the later one into its home.
                    let absorbed = self.groups[group_index].take().expect("checked above");
                    let home_group = self.groups[home_index].as_mut().expect("home exists");
                    for &member in &absorbed.members {
                        self.group_of[member] = home_index;
                    }
                    home_group.members.extend(absorbed.members);
                    home_group.centroid = add(&home_group.centroid, &absorbed.centroid);
                    home_group.span = merge_span(home_group.span, absorbed.span);
                    home_group.links.extend(absorbed.links);
                    home_group.links.push((article, other, score));
                }
            }
        }
        if home.is_none() {
            self.group_of[article] = self.groups.len();
            self.groups.push(Some(Group {
                members: vec![article],
                centroid: self.vectors[article].clone(),
                span: own_span,
                links: Vec::new(),
            }));
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

/// Cosine of two vectors that need not be normalised.
fn normalized_cosine(a: &Vector, b: &Vector) -> f64 {
    let norm =
        |vector: &Vector| vector.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 { 0.0 } else { cosine(a, b) / denominator }
}

/// The sum of two sparse vectors.
fn add(a: &Vector, b: &Vector) -> Vector {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                out.push((x.0, x.1 + y.1));
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                out.push(*x);
                i += 1;
            }
            (Some(_), Some(y)) | (None, Some(y)) => {
                out.push(*y);
                j += 1;
            }
            (Some(x), None) => {
                out.push(*x);
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}
