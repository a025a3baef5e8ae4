//! Stories, first cut: here are articles, tell me which ones tell the same story (stage 4).
//!
//! Each article becomes a tf-idf vector of its content words (title and text); articles whose
//! vectors have a cosine similarity of at least [`StoryConfig::min_similarity`] are linked, and a
//! story is a group of linked articles. Candidate pairs come from an inverted index
//! over each article's most distinctive terms, so the work grows with the number of articles
//! that share rare terms, not with the square of the corpus.
//!
//! Links are taken strongest first, and a link merges two groups only when the groups' centroids
//! are similar as well and their dates (when known) fit in [`StoryConfig::max_days_apart`]:
//! without these checks, pairwise links chain a whole topic (years of one politician) into one
//! "story".
//!
//! Output is deterministic: articles are processed in id order and every list is sorted.

use std::collections::HashMap;

use crate::model::{Article, DocumentId, Story, StoryLink};
use crate::text::content_words;

/// Settings of story grouping.
#[derive(Debug, Clone)]
pub struct StoryConfig {
    /// Cosine similarity (tf-idf over content words) from which two articles are linked.
    pub min_similarity: f64,
    /// Cosine similarity of the two groups' centroids needed for a link to merge them.
    pub min_group_similarity: f64,
    /// The longest a story's dated articles may span, in days: a story is an event, not a
    /// topic.
    pub max_days_apart: i64,
    /// How many of an article's highest-weighted terms are used to find candidate pairs.
    pub candidate_terms: usize,
    /// Terms found in more than this share of the articles do not generate candidates (they
    /// still count in the similarity). Never below 64 articles.
    pub max_term_share: f64,
}

impl Default for StoryConfig {
    fn default() -> StoryConfig {
        StoryConfig {
            min_similarity: 0.18,
            min_group_similarity: 0.18,
            max_days_apart: 30,
            candidate_terms: 30,
            max_term_share: 0.05,
        }
    }
}

/// A sparse, L2-normalised term vector, sorted by term id.
type Vector = Vec<(u32, f64)>;

/// Groups articles into stories. Every article ends up in exactly one story (possibly alone).
pub fn group(articles: &[Article], config: &StoryConfig) -> Vec<Story> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| articles[a].id.cmp(&articles[b].id));
    let sorted: Vec<&Article> = order.iter().map(|&index| &articles[index]).collect();
    let n_articles = sorted.len();
    if n_articles == 0 {
        return Vec::new();
    }

    // Vocabulary and term frequencies.
    let mut vocabulary: HashMap<String, u32> = HashMap::new();
    let mut surface: Vec<String> = Vec::new();
    let mut term_counts: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n_articles);
    for article in &sorted {
        let mut counts: HashMap<u32, u32> = HashMap::new();
        let title = article.title.as_deref().unwrap_or("");
        for word in content_words(title).chain(content_words(&article.text)) {
            let next_id = u32::try_from(vocabulary.len()).unwrap_or(u32::MAX);
            let term = *vocabulary.entry(word.clone()).or_insert_with(|| {
                surface.push(word);
                next_id
            });
            *counts.entry(term).or_insert(0) += 1;
        }
        let mut counts: Vec<(u32, u32)> = counts.into_iter().collect();
        counts.sort_unstable();
        term_counts.push(counts);
    }
    let mut document_frequency = vec![0u32; vocabulary.len()];
    for counts in &term_counts {
        for &(term, _) in counts {
            document_frequency[term as usize] += 1;
        }
    }
    let n = n_articles as f64;
    let vectors: Vec<Vector> = term_counts
        .iter()
        .map(|counts| {
            let mut vector: Vector = counts
                .iter()
                .map(|&(term, count)| {
                    let idf = ((n + 1.0) / (f64::from(document_frequency[term as usize]) + 1.0))
                        .ln()
                        + 1.0;
                    (term, (1.0 + f64::from(count).ln()) * idf)
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

    // Candidate pairs from each article's top terms.
    let max_postings = ((config.max_term_share * n) as usize).max(64);
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    for (index, vector) in vectors.iter().enumerate() {
        let mut top: Vec<(u32, f64)> = vector.clone();
        top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(term, _) in top.iter().take(config.candidate_terms) {
            postings.entry(term).or_default().push(index as u32);
        }
    }
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    let mut terms: Vec<&u32> = postings.keys().collect();
    terms.sort_unstable();
    for term in terms {
        let list = &postings[term];
        if list.len() > max_postings {
            continue;
        }
        for (position, &a) in list.iter().enumerate() {
            for &b in &list[position + 1..] {
                candidates.push((a.min(b), a.max(b)));
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();

    // Links, strongest first; two groups merge only when their centroids are similar too, so a
    // chain of pairwise links across a broad topic does not become one story.
    let mut links: Vec<(usize, usize, f64)> = candidates
        .into_iter()
        .map(|(a, b)| (a as usize, b as usize))
        .map(|(a, b)| (a, b, cosine(&vectors[a], &vectors[b])))
        .filter(|&(_, _, similarity)| similarity >= config.min_similarity)
        .collect();
    links.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
    let mut parent: Vec<usize> = (0..n_articles).collect();
    let mut centroids: Vec<Option<Vector>> = vectors.iter().cloned().map(Some).collect();
    // Each group's date range, in days, when its articles are dated.
    let mut spans: Vec<Option<(i64, i64)>> = sorted
        .iter()
        .map(|article| article.date.as_deref().and_then(day_number).map(|day| (day, day)))
        .collect();
    let mut kept_links = Vec::with_capacity(links.len());
    for &(a, b, similarity) in &links {
        let (root_a, root_b) = (find(&mut parent, a), find(&mut parent, b));
        if root_a == root_b {
            kept_links.push((a, b, similarity));
            continue;
        }
        let (Some(centroid_a), Some(centroid_b)) = (&centroids[root_a], &centroids[root_b]) else {
            continue;
        };
        if normalized_cosine(centroid_a, centroid_b) < config.min_group_similarity {
            continue;
        }
        if let (Some(span_a), Some(span_b)) = (spans[root_a], spans[root_b]) {
            let merged_span = span_a.1.max(span_b.1) - span_a.0.min(span_b.0);
            if merged_span > config.max_days_apart {
                continue;
            }
        }
        let merged = add(centroid_a, centroid_b);
        let (keep, absorbed) = (root_a.min(root_b), root_a.max(root_b));
        parent[absorbed] = keep;
        centroids[keep] = Some(merged);
        centroids[absorbed] = None;
        spans[keep] = match (spans[root_a], spans[root_b]) {
            (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
            (x, y) => x.or(y),
        };
        kept_links.push((a, b, similarity));
    }
    let links = kept_links;
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for index in 0..n_articles {
        let root = find(&mut parent, index);
        members.entry(root).or_default().push(index);
    }

    // Every kept link joins two members of one group: bucket them by group once.
    let mut group_links: HashMap<usize, Vec<(usize, usize, f64)>> = HashMap::new();
    for &(a, b, similarity) in &links {
        let root = find(&mut parent, a);
        group_links.entry(root).or_default().push((a, b, similarity));
    }
    let mut stories: Vec<Story> = members
        .into_iter()
        .map(|(root, group)| {
            let links = group_links.remove(&root).unwrap_or_default();
            build_story(&group, &sorted, &vectors, &links, &surface)
        })
        .collect();
    stories.sort_by(|a, b| {
        b.articles.len().cmp(&a.articles.len()).then_with(|| a.articles.cmp(&b.articles))
    });
    stories
}

fn build_story(
    group: &[usize],
    articles: &[&Article],
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
            articles[central].sentence_texts().next().map(|sentence| truncate(sentence, 100))
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
    }
}

fn cosine(a: &Vector, b: &Vector) -> f64 {
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
fn day_number(date: &str) -> Option<i64> {
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

fn find(parent: &mut [usize], mut index: usize) -> usize {
    while parent[index] != index {
        parent[index] = parent[parent[index]];
        index = parent[index];
    }
    index
}

fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max_chars - 1).collect();
    out.push('…');
    out
}
