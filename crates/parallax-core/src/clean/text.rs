//! Boilerplate removal for plain text: here is a page's text with its menus, share bars and
//! author bios, give me the article.
//!
//! The cues, in order:
//! 1. **Form and wording of each line** (`lines.rs`): user-interface vocabulary on short lines,
//!    counters, banners, icon names, menus.
//! 2. **Repetition**: a short line seen twice in one document, or in several documents of the same
//!    outlet ([`LineStats`]), is furniture.
//! 3. **Cohesion**: the article's paragraphs share vocabulary with each other; an author bio, a
//!    poll question or a teaser for another story does not. The *core* is the prose lines whose
//!    content words recur elsewhere in the document.
//! 4. **Position**: the article runs from the title to the last core line. A line that typically
//!    opens a page's tail (share bar, "Previous article", comments), once most of the core has
//!    been seen, ends the article; everything after it goes.
//!
//! Nothing here matches whole strings of particular sites: each cue is a property of a line or of
//! the document, so it carries over to pages never seen.

use std::collections::HashMap;

use super::lines::{Reach, Shape, furniture};
use crate::model::{Removal, RemovalReason};
use crate::text::content_words;

/// Settings of the plain-text cleaner.
#[derive(Debug, Clone)]
pub struct TextCleanConfig {
    /// Share of distinct content words a prose line must share with the rest of the document to
    /// count as part of the article's core.
    pub min_cohesion: f64,
    /// Share of the core's words that must come before a tail-opening line for it to end the
    /// article.
    pub tail_after_fraction: f64,
    /// Documents of one outlet that must repeat a short line for it to count as the outlet's
    /// furniture (documents without an outlet count as one outlet, and need one more).
    pub min_repeats: u32,
}

impl Default for TextCleanConfig {
    fn default() -> TextCleanConfig {
        TextCleanConfig { min_cohesion: 0.2, tail_after_fraction: 0.6, min_repeats: 2 }
    }
}

/// A short line's key in [`LineStats`]: its outlet's hash and its normalised text's hash.
pub type LineKey = (u64, u64);

/// Counts, per outlet, how many documents contain each short line; built over a batch before
/// cleaning so furniture repeated across an outlet's pages can be recognised.
#[derive(Debug, Clone, Default)]
pub struct LineStats {
    counts: HashMap<LineKey, u32>,
}

impl LineStats {
    /// An empty table.
    pub fn new() -> LineStats {
        LineStats::default()
    }

    /// Records the distinct short lines of one document.
    pub fn observe(&mut self, outlet: Option<&str>, text: &str) {
        for key in LineStats::keys(outlet, text) {
            *self.counts.entry(key).or_insert(0) += 1;
        }
    }

    /// The keys of the distinct short lines of one document, sorted: what
    /// [`LineStats::observe`] counts, and the only keys cleaning the document looks up.
    pub fn keys(outlet: Option<&str>, text: &str) -> Vec<LineKey> {
        let outlet_key = outlet_key(outlet);
        let mut seen: Vec<LineKey> = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && line.split_whitespace().count() <= MAX_REPEAT_WORDS)
            .map(|line| (outlet_key, line_key(line)))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        seen
    }

    /// A table holding these counts: the part of a batch's table one document needs, when the
    /// counts are computed elsewhere (a join in the batch engine).
    pub fn from_counts(counts: impl IntoIterator<Item = (LineKey, u32)>) -> LineStats {
        LineStats { counts: counts.into_iter().collect() }
    }

    /// Adds another table's counts (for building tables in parallel).
    pub fn merge(&mut self, other: LineStats) {
        for (key, count) in other.counts {
            *self.counts.entry(key).or_insert(0) += count;
        }
    }

    fn count(&self, outlet: Option<&str>, line: &str) -> u32 {
        self.counts.get(&(outlet_key(outlet), line_key(line))).copied().unwrap_or(0)
    }
}

/// Lines longer than this are never treated as repeated furniture.
const MAX_REPEAT_WORDS: usize = 20;

fn outlet_key(outlet: Option<&str>) -> u64 {
    outlet.map_or(0, |outlet| xxhash_rust::xxh3::xxh3_64(outlet.to_lowercase().as_bytes()) | 1)
}

fn line_key(line: &str) -> u64 {
    let lower: String = line.trim().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    xxhash_rust::xxh3::xxh3_64(lower.as_bytes())
}

/// The result of cleaning a plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanedText {
    /// The headline, when the text opens with one.
    pub title: Option<String>,
    /// The article text, one paragraph per line, paragraphs separated by a blank line.
    pub text: String,
    /// What was removed and why.
    pub removed: Vec<Removal>,
}

/// The context a document is cleaned in: its outlet and the batch's line statistics.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextContext<'a> {
    /// The outlet, if known.
    pub outlet: Option<&'a str>,
    /// Line statistics of the batch, if built.
    pub stats: Option<&'a LineStats>,
    /// The title given by the input's metadata, if any: the text's line that repeats it is taken
    /// as the headline, and no other line is.
    pub title: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Keep,
    Title,
    Remove(RemovalReason),
}

struct Block<'a> {
    line: u32,
    text: &'a str,
    shape: Shape,
    furniture: Option<(RemovalReason, Reach)>,
    prose: bool,
    /// Its distinct content words (stemmed), as 64-bit hashes: a word table per line would
    /// cost several times the text in memory on a document of a million short lines.
    content: Box<[u64]>,
    cohesion: f64,
    verdict: Verdict,
}

/// Removes boilerplate from a plain text already normalised with [`crate::text::normalize`].
pub fn clean_text(text: &str, context: TextContext<'_>, config: &TextCleanConfig) -> CleanedText {
    // Sized once: a text of a million short lines must not pay for a doubling vector's slack.
    let n_lines = text.lines().filter(|line| !line.trim().is_empty()).count();
    let mut blocks: Vec<Block<'_>> = Vec::with_capacity(n_lines);
    blocks.extend(text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()).map(
        |(index, line)| {
            let line_text = line.trim();
            let shape = Shape::of(line_text);
            Block {
                line: u32::try_from(index + 1).unwrap_or(u32::MAX),
                text: line_text,
                furniture: furniture(line_text, &shape),
                shape,
                prose: false,
                content: Box::default(),
                cohesion: 0.0,
                verdict: Verdict::Keep,
            }
        },
    ));
    if blocks.is_empty() {
        return CleanedText { title: None, text: String::new(), removed: Vec::new() };
    }

    let english = is_mostly_english(&blocks);
    mark_repeats(&mut blocks, context, config);
    for block in &mut blocks {
        block.prose = block.furniture.is_none() && block.shape.is_prose(english);
        if block.furniture.is_none() && english && is_tag_list(block) {
            block.furniture = Some((RemovalReason::TagList, Reach::EndsArticle));
        }
    }
    measure_cohesion(&mut blocks);

    let core: Vec<usize> = {
        let prose: Vec<usize> = (0..blocks.len()).filter(|&index| blocks[index].prose).collect();
        let cohesive: Vec<usize> = prose
            .iter()
            .copied()
            .filter(|&index| blocks[index].cohesion >= config.min_cohesion)
            .collect();
        if cohesive.is_empty() { prose } else { cohesive }
    };
    let Some((&first_core, &last_core)) = core.first().zip(core.last()) else {
        // No running text at all (a list, a poem, a bare headline): keep what is not furniture.
        return finish(blocks, None, None, context.title, config);
    };
    finish(blocks, Some((first_core, last_core)), Some(&core), context.title, config)
}

/// Marks lines repeated inside the document or across the outlet's documents.
fn mark_repeats(blocks: &mut [Block<'_>], context: TextContext<'_>, config: &TextCleanConfig) {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for block in blocks.iter() {
        if block.shape.words <= MAX_REPEAT_WORDS {
            *seen.entry(line_key(block.text)).or_insert(0) += 1;
        }
    }
    for block in blocks.iter_mut() {
        if block.furniture.is_some() {
            continue;
        }
        let short_or_formless = block.shape.words <= 3 || !block.shape.ends_sentence;
        if !short_or_formless || block.shape.words > MAX_REPEAT_WORDS {
            continue;
        }
        if seen.get(&line_key(block.text)).copied().unwrap_or(0) >= 2 {
            block.furniture = Some((RemovalReason::Duplicate, Reach::Line));
            continue;
        }
        if let Some(stats) = context.stats {
            let needed = config.min_repeats + u32::from(context.outlet.is_none());
            if stats.count(context.outlet, block.text) >= needed {
                block.furniture = Some((RemovalReason::Repeated, Reach::Line));
            }
        }
    }
}

fn is_mostly_english(blocks: &[Block<'_>]) -> bool {
    let (stop, total) = blocks.iter().fold((0.0, 0usize), |(stop, total), block| {
        (stop + block.shape.stopword_ratio * block.shape.words as f64, total + block.shape.words)
    });
    total > 0 && stop / total as f64 >= 0.15
}

/// A long run of words with no punctuation and almost no function words: a keyword/tag cloud.
fn is_tag_list(block: &Block<'_>) -> bool {
    block.shape.words >= 8 && !block.shape.has_punctuation && block.shape.stopword_ratio < 0.06
}

/// Cohesion of each line: the share of its distinct content words that occur in some other
/// line that is not furniture.
fn measure_cohesion(blocks: &mut [Block<'_>]) {
    let mut block_frequency: HashMap<u64, u32> = HashMap::new();
    for block in blocks.iter_mut() {
        if block.furniture.is_some() {
            continue;
        }
        let mut content: Vec<u64> = content_words(block.text)
            .map(|word| xxhash_rust::xxh3::xxh3_64(stem(&word).as_bytes()))
            .collect();
        content.sort_unstable();
        content.dedup();
        for word in &content {
            *block_frequency.entry(*word).or_insert(0) += 1;
        }
        block.content = content.into_boxed_slice();
    }
    for block in blocks.iter_mut() {
        if block.content.is_empty() {
            continue;
        }
        let shared = block
            .content
            .iter()
            .filter(|word| block_frequency.get(*word).copied().unwrap_or(0) >= 2)
            .count();
        block.cohesion = shared as f64 / block.content.len() as f64;
    }
}

/// A light plural/possessive folding so "negotiations" meets "negotiation".
fn stem(word: &str) -> String {
    let word = word.trim_end_matches(['\'', '’']);
    if word.len() > 4 && word.ends_with("ies") {
        return format!("{}y", &word[..word.len() - 3]);
    }
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") {
        return word[..word.len() - 1].to_owned();
    }
    word.to_owned()
}

/// Applies position rules and assembles the result.
fn finish(
    mut blocks: Vec<Block<'_>>,
    body: Option<(usize, usize)>,
    core: Option<&[usize]>,
    known_title: Option<&str>,
    config: &TextCleanConfig,
) -> CleanedText {
    let n_blocks = blocks.len();
    let (first_core, mut last_core) = body.unwrap_or((0, n_blocks - 1));
    let mut cut = n_blocks;
    if let Some(core) = core {
        // The tail starts at the first tail-opening line after most of the core.
        let total: usize = core.iter().map(|&index| blocks[index].shape.words).sum();
        let mut seen = 0usize;
        let mut core_iter = core.iter().peekable();
        for index in first_core..n_blocks {
            while core_iter.peek().is_some_and(|&&core_index| core_index < index) {
                seen += blocks[*core_iter.next().unwrap_or(&0)].shape.words;
            }
            if let Some((_, Reach::EndsArticle)) = blocks[index].furniture {
                let after = total - seen;
                if seen as f64 >= config.tail_after_fraction * total as f64
                    && (after as f64) <= 0.3 * total as f64
                {
                    cut = index;
                    break;
                }
            }
        }
        if cut < n_blocks {
            last_core =
                core.iter().copied().filter(|&index| index < cut).max().unwrap_or(last_core);
        }
        // Paragraphs right after the last core line that still share some of the article's
        // vocabulary (a closing paragraph, a last subheading and its paragraph) stay, up to a
        // tail-opening line or the first paragraph that shares nothing (a bio, a promo).
        let mut extended = last_core;
        for (index, block) in blocks.iter().enumerate().take(cut).skip(last_core + 1) {
            match block.furniture {
                // An ad slot, a "Read more" link or a repeated promo inside the article's end:
                // skip it and look further.
                Some((reason, Reach::Line)) if interrupts_article(reason) => continue,
                // Credits, counters, author boxes, share bars: the tail has begun.
                Some(_) => break,
                None => {}
            }
            if !block.prose {
                // A heading or a short line: kept only if prose that fits follows it.
                continue;
            }
            if block.cohesion <= 0.0 {
                break;
            }
            extended = index;
        }
        last_core = extended;
    }

    // Title: with a title from metadata, the line that repeats it; otherwise the first line
    // before the body that reads as a headline (a few words, not a long sentence).
    let title_index = match known_title {
        Some(known) => {
            let known = fold(known);
            let limit = if body.is_some() { first_core } else { n_blocks };
            (0..limit).find(|&index| fold(strip_wrapping_quotes(blocks[index].text)) == known)
        }
        None if body.is_some() => (0..first_core)
            .find(|&index| blocks[index].furniture.is_none() && is_headline(&blocks[index].shape)),
        None => blocks.iter().position(|block| block.furniture.is_none()).filter(|&first| {
            // A headline is short and not the only thing left.
            let others = blocks.iter().skip(first + 1).any(|block| block.furniture.is_none());
            others && is_headline(&blocks[first].shape)
        }),
    };

    for (index, block) in blocks.iter_mut().enumerate() {
        let verdict = if Some(index) == title_index {
            Verdict::Title
        } else if let Some((reason, _)) = block.furniture {
            Verdict::Remove(reason)
        } else if body.is_none() {
            Verdict::Keep
        } else if index >= cut || index > last_core {
            Verdict::Remove(RemovalReason::AfterArticle)
        } else if index < first_core {
            // Before the title: page header. Between the title and the body (or before the body
            // when there is no title line): subheadings, standfirsts and a lede that share the
            // article's vocabulary stay; the rest is furniture.
            let before_title = title_index.is_some_and(|title| index < title);
            if before_title || (block.cohesion <= 0.0 && !block.prose) {
                Verdict::Remove(RemovalReason::BeforeArticle)
            } else {
                Verdict::Keep
            }
        } else {
            Verdict::Keep
        };
        block.verdict = verdict;
    }

    let mut title = None;
    let mut paragraphs: Vec<&str> = Vec::new();
    let mut removed = Vec::new();
    for block in &blocks {
        match block.verdict {
            Verdict::Title => title = Some(strip_wrapping_quotes(block.text).to_owned()),
            Verdict::Keep => paragraphs.push(block.text),
            // One past the cap, so that the caller sees that some were left out.
            Verdict::Remove(reason) if removed.len() <= super::MAX_REMOVALS => {
                removed.push(Removal { line: block.line, text: block.text.to_owned(), reason });
            }
            Verdict::Remove(_) => {}
        }
    }
    CleanedText { title, text: paragraphs.join("\n\n"), removed }
}

/// Furniture that sits inside an article's text (ad slots, links to other stories, promos)
/// rather than after it.
fn interrupts_article(reason: RemovalReason) -> bool {
    matches!(
        reason,
        RemovalReason::Widget
            | RemovalReason::RelatedLinks
            | RemovalReason::CallToAction
            | RemovalReason::Repeated
            | RemovalReason::Duplicate
            | RemovalReason::NotProse
    )
}

/// A line that reads as a headline: a few words, and not a long full sentence.
fn is_headline(shape: &Shape) -> bool {
    (3..=25).contains(&shape.words) && !(shape.ends_sentence && shape.words > 14)
}

/// Lower-case, whitespace-collapsed form for comparing titles.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn strip_wrapping_quotes(text: &str) -> &str {
    let pairs = [('“', '”'), ('"', '"'), ('«', '»'), ('‘', '’'), ('\'', '\'')];
    for (open, close) in pairs {
        if let Some(inner) = text.strip_prefix(open).and_then(|rest| rest.strip_suffix(close))
            && !inner.contains(open)
            && !inner.contains(close)
        {
            return inner.trim();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(text: &str, title: Option<&str>, kept: &[&str]) {
        let cleaned = clean_text(text, TextContext::default(), &TextCleanConfig::default());
        assert_eq!(cleaned.title.as_deref(), title);
        assert_eq!(cleaned.text.split("\n\n").filter(|p| !p.is_empty()).collect::<Vec<_>>(), kept);
    }

    #[test]
    fn a_single_long_line_is_the_article_not_a_title() {
        let line = "VO THE WORLD'S NUMBER 1 AND NUMBER 2 CARBON POLLUTERS ARE NOW COOPERATING BUT THE QUESTION IS IMPLEMENTATION AND WHAT THE CLIMATE DEAL COULD LOOK LIKE IN POWER PLANTS";
        check(line, None, &[line]);
    }

    #[test]
    fn headline_body_and_furniture() {
        check(
            "Council approves budget\n\nThe city council approved the new budget on Monday after a long debate about roads.\n\nThe mayor said the vote showed the council could work together on budget matters.\n\nShare this article\n\nFollow us on Facebook",
            Some("Council approves budget"),
            &[
                "The city council approved the new budget on Monday after a long debate about roads.",
                "The mayor said the vote showed the council could work together on budget matters.",
            ],
        );
    }
}
