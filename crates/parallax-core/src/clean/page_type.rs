//! What kind of page an HTML document is: a news article, or one of the page types a crawl also
//! holds (listings, collections, forums, products, service pages, documentation).
//!
//! The decision is learned: one logistic model per type ([`Logistic`]) over [`FEATURES`], numbers
//! read from the page's structure (link density, paragraphs of prose, repeated teaser blocks,
//! headings, code, forms), its markup (schema.org and Open Graph types, a publication date) and
//! its URL's shape. The models are fitted on WCXB's labelled dev pages by `parallax train
//! pagetype` and shipped as `page_types.txt`. A page is an article when the article model's
//! probability reaches [`ARTICLE_THRESHOLD`] (set low: an article wrongly held back costs more
//! than a listing let through); otherwise it takes the most probable of the other types.
//!
//! Nothing here names a site: every feature is a property of the page or its URL.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use dom_query::{Document, NodeRef};
use serde_json::Value;

use crate::learn::{Logistic, WeightsError};
use crate::model::PageType;

/// The number of features.
pub const FEATURE_COUNT: usize = 58;

/// The feature names, in the order of the model's weights.
pub const FEATURES: [&str; FEATURE_COUNT] = [
    "words",
    "link_density",
    "prose_share",
    "long_paragraphs",
    "paragraphs",
    "mean_paragraph_words",
    "article_elements",
    "h1",
    "subheadings",
    "list_items",
    "tables",
    "code_blocks",
    "form_controls",
    "images",
    "time_elements",
    "sections",
    "repeated_items",
    "repeated_share",
    "post_blocks",
    "prices",
    "cart_words",
    "forum_words",
    "read_more",
    "service_words",
    "og_article",
    "og_product",
    "published_meta",
    "author_meta",
    "ld_article",
    "ld_product",
    "ld_forum",
    "ld_list",
    "ld_docs",
    "ld_service",
    "url_date",
    "url_slug_words",
    "url_depth",
    "url_root",
    "url_listing",
    "url_forum",
    "url_product",
    "url_docs",
    "url_service",
    "url_article",
    "said_rate",
    "you_rate",
    "we_rate",
    "i_rate",
    "past_rate",
    "code_rate",
    "question_rate",
    "exclaim_rate",
    "quote_rate",
    "month_names",
    "ago",
    "byline",
    "share_words",
    "line_words",
];

/// A page is an article when the article model gives it at least this probability. Chosen by
/// `parallax eval pagetype` for article recall ≥ 0.99 in cross-validation: a news article held
/// out of its story costs a reader more than a listing let in.
pub const ARTICLE_THRESHOLD: f64 = 0.05;

/// Pages the article model gives less than this probability are extracted as non-article pages
/// (`HtmlCleanConfig::by_page_type`). Higher than [`ARTICLE_THRESHOLD`]: an article extracted by
/// the other engine loses little, and this split scored best on both WCXB folders.
pub const ROUTE_THRESHOLD: f64 = 0.3;

/// The page types in the order of the shipped models.
pub const TYPES: [PageType; 7] = PageType::ALL;

/// One fitted model per page type, in the order of [`TYPES`].
#[derive(Debug, Clone, PartialEq)]
pub struct PageTypeModel {
    /// The per-type models.
    pub models: Vec<Logistic<FEATURE_COUNT>>,
}

/// The header of each model's block in the weights file.
fn header(page_type: PageType) -> String {
    format!("parallax.pagetype/v1 {}", page_type.as_str())
}

impl PageTypeModel {
    /// The weights file: one block per type.
    pub fn to_text(&self) -> String {
        TYPES
            .iter()
            .zip(&self.models)
            .map(|(page_type, model)| model.to_text(&header(*page_type), &FEATURES))
            .collect()
    }

    /// Reads a file written by [`PageTypeModel::to_text`].
    pub fn from_text(text: &str) -> Result<PageTypeModel, WeightsError> {
        let lines: Vec<&str> = text.lines().collect();
        let block = FEATURE_COUNT + 2;
        let mut models = Vec::new();
        for (index, page_type) in TYPES.iter().enumerate() {
            let start = index * block;
            let Some(chunk) = lines.get(start..start + block) else {
                return Err(WeightsError {
                    line: lines.len() + 1,
                    reason: format!("ends before the `{}` model", page_type.as_str()),
                });
            };
            let model = Logistic::from_text(&chunk.join("\n"), &header(*page_type), &FEATURES)
                .map_err(|error| WeightsError { line: error.line + start, ..error })?;
            models.push(model);
        }
        Ok(PageTypeModel { models })
    }

    /// The probability of each type (one-vs-rest, not normalised), in the order of [`TYPES`].
    pub fn probabilities(&self, features: &[f64; FEATURE_COUNT]) -> Vec<f64> {
        self.models.iter().map(|model| model.probability(features)).collect()
    }

    /// The page type and the article model's probability.
    pub fn decide(
        &self,
        features: &[f64; FEATURE_COUNT],
        article_threshold: f64,
    ) -> (PageType, f64) {
        let probabilities = self.probabilities(features);
        let article = probabilities[0];
        if article >= article_threshold {
            return (PageType::Article, article);
        }
        let best = (1..TYPES.len())
            .max_by(|&a, &b| probabilities[a].total_cmp(&probabilities[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        (TYPES[best], article)
    }
}

/// The shipped models, or `None` when the file does not parse (a unit test guards it).
pub fn builtin() -> Option<&'static PageTypeModel> {
    static MODEL: OnceLock<Option<PageTypeModel>> = OnceLock::new();
    MODEL.get_or_init(|| PageTypeModel::from_text(include_str!("page_types.txt")).ok()).as_ref()
}

/// The page type of a parsed page with the built-in models (an article when they are missing).
pub fn classify(features: &[f64; FEATURE_COUNT]) -> (PageType, f64) {
    match builtin() {
        Some(model) => model.decide(features, ARTICLE_THRESHOLD),
        None => (PageType::Article, 1.0),
    }
}

fn ln1(count: usize) -> f64 {
    (count as f64).ln_1p()
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { (part as f64 / whole as f64).min(1.0) }
}

/// The phrase lists counted on the page's lower-cased text (a feature each).
const PHRASES: [&[&str]; 7] = [
    &[
        "add to cart",
        "add to bag",
        "add to basket",
        "buy now",
        "in stock",
        "out of stock",
        "add to wishlist",
        "free shipping",
    ],
    &[
        "reply", "replies", "quote", "posted", "joined", "posts", "member", "members", "thread",
        "votes", "answered", "asked", "solved", "likes",
    ],
    &[
        "read more",
        "continue reading",
        "learn more",
        "view all",
        "see all",
        "load more",
        "next page",
    ],
    &[
        "pricing",
        "free trial",
        "get started",
        "contact us",
        "book a demo",
        "request a quote",
        "our services",
        "sign up",
        "request a demo",
        "get a quote",
    ],
    &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ],
    &["ago"],
    &["share", "tweet", "facebook", "linkedin", "whatsapp", "email"],
];
const CART: usize = 0;
const FORUM: usize = 1;
const MORE: usize = 2;
const SERVICE: usize = 3;
const MONTHS: usize = 4;
const AGO: usize = 5;
const SHARE: usize = 6;

/// The word lists whose share of the body's words is a feature each (disjoint lists).
const RATES: [&[&str]; 5] = [
    &["said", "says", "told", "according", "reported", "announced", "added", "stated"],
    &["you", "your", "you're", "yours", "you’re"],
    &["we", "our", "us", "we're", "we’re", "ours"],
    &["i", "my", "me", "i'm", "i’m", "i've", "i’ve"],
    &["was", "were", "had", "did", "been"],
];

/// The words of [`PHRASES`] and [`RATES`], numbered from 1 (0 stands for any other word), and
/// what each number starts or belongs to.
struct Vocabulary {
    ids: foldhash::HashMap<&'static [u8], u16>,
    /// The longest word, in bytes: longer words are never looked up.
    longest: usize,
    /// Bit `first byte % 64` of entry `length` is set when some word of that length starts with
    /// that byte: most other words are told apart without hashing them.
    starts: [u64; 33],
    /// By first word: each phrase's list and its words.
    phrases: Vec<Vec<(usize, Vec<u16>)>>,
    /// By word: the list of [`RATES`] it belongs to.
    rates: Vec<Option<usize>>,
}

impl Vocabulary {
    fn get() -> &'static Vocabulary {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        VOCABULARY.get_or_init(|| {
            let mut ids = foldhash::HashMap::default();
            let mut id = |word: &'static str| -> u16 {
                let next = u16::try_from(ids.len() + 1).unwrap_or(u16::MAX);
                *ids.entry(word.as_bytes()).or_insert(next)
            };
            let mut starts: Vec<(u16, usize, Vec<u16>)> = Vec::new();
            for (list, phrases) in PHRASES.iter().enumerate() {
                for phrase in phrases.iter() {
                    let parts: Vec<u16> = phrase.split(' ').map(&mut id).collect();
                    starts.push((parts[0], list, parts));
                }
            }
            let mut in_rates = Vec::new();
            for (list, words) in RATES.iter().enumerate() {
                for word in words.iter() {
                    in_rates.push((id(word), list));
                }
            }
            let size = ids.len() + 1;
            let mut phrases = vec![Vec::new(); size];
            for (first, list, parts) in starts {
                phrases[usize::from(first)].push((list, parts));
            }
            let mut rates = vec![None; size];
            for (word, list) in in_rates {
                rates[usize::from(word)] = Some(list);
            }
            let longest = ids.keys().map(|word| word.len()).max().unwrap_or(0);
            let mut starts = [0u64; 33];
            for word in ids.keys() {
                if let (Some(slot), Some(first)) = (starts.get_mut(word.len()), word.first()) {
                    *slot |= 1 << (first % 64);
                }
            }
            Vocabulary { ids, longest, phrases, rates, starts }
        })
    }

    /// The words of a text as numbers: the text lower-cased, split at every character that is
    /// not a letter, a digit or an apostrophe. The same words as splitting
    /// `text.to_lowercase()`, without building the lower-cased copy.
    fn words(&self, text: &str) -> Vec<u16> {
        let bytes = text.as_bytes();
        let mut ids = Vec::with_capacity(bytes.len() / 6);
        // The current word, lower-cased; `length` counts on past the buffer's end, when such a
        // long word is no word of the vocabulary anyway.
        let mut buffer = [0u8; 32];
        let mut length = 0usize;
        let end = |ids: &mut Vec<u16>, length: &mut usize, buffer: &[u8; 32]| {
            let candidate = *length <= self.longest
                && self.starts.get(*length).is_some_and(|bits| bits >> (buffer[0] % 64) & 1 == 1);
            let word = buffer.get(..*length).filter(|_| candidate);
            ids.push(word.and_then(|word| self.ids.get(word).copied()).unwrap_or(0));
            *length = 0;
        };
        let mut at = 0;
        while let Some(&byte) = bytes.get(at) {
            if byte.is_ascii() {
                let lower = WORD_BYTES[usize::from(byte)];
                if lower != 0 {
                    if let Some(slot) = buffer.get_mut(length) {
                        *slot = lower;
                    }
                    length += 1;
                } else if length > 0 {
                    end(&mut ids, &mut length, &buffer);
                }
                at += 1;
                continue;
            }
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { break };
            at += c.len_utf8();
            // General punctuation (dashes, quotes, spaces): no letters, no case; the right
            // single quote is an apostrophe.
            if ('\u{2000}'..='\u{206F}').contains(&c) && c != '’' {
                if length > 0 {
                    end(&mut ids, &mut length, &buffer);
                }
                continue;
            }
            for lower in c.to_lowercase() {
                if lower.is_alphanumeric() || lower == '’' {
                    let mut encoded = [0u8; 4];
                    for &part in lower.encode_utf8(&mut encoded).as_bytes() {
                        if let Some(slot) = buffer.get_mut(length) {
                            *slot = part;
                        }
                        length += 1;
                    }
                } else if length > 0 {
                    end(&mut ids, &mut length, &buffer);
                }
            }
        }
        if length > 0 {
            end(&mut ids, &mut length, &buffer);
        }
        ids
    }

    /// Occurrences of each list of [`PHRASES`] (words or space-separated phrases) in `words`.
    fn count_phrases(&self, words: &[u16]) -> [usize; PHRASES.len()] {
        let mut counts = [0; PHRASES.len()];
        for (at, &word) in words.iter().enumerate() {
            if word == 0 {
                continue;
            }
            for (list, parts) in &self.phrases[usize::from(word)] {
                if words[at..].starts_with(parts) {
                    counts[*list] += 1;
                }
            }
        }
        counts
    }

    /// How many of `words` are in each list of [`RATES`].
    fn count_rates(&self, words: &[u16]) -> [usize; RATES.len()] {
        let mut counts = [0; RATES.len()];
        for &word in words {
            if let Some(list) = self.rates[usize::from(word)] {
                counts[list] += 1;
            }
        }
        counts
    }
}

/// Each ASCII byte lower-cased when it belongs to a word (a letter, a digit or an apostrophe),
/// else 0.
const WORD_BYTES: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let lower = (byte as u8).to_ascii_lowercase();
        if lower.is_ascii_alphanumeric() || lower == b'\'' {
            table[byte] = lower;
        }
        byte += 1;
    }
    table
};

/// The elements counted on a page (a feature each, links aside).
#[derive(Clone, Copy)]
enum Tag {
    Article,
    H1,
    Subheadings,
    ListItems,
    Tables,
    Code,
    Form,
    Images,
    Time,
    Sections,
    Links,
}

/// What one pass over a text's bytes counts: characters that are not whitespace
/// (`char::is_whitespace`) and words between whitespace (`split_whitespace().count()`).
#[derive(Clone, Copy, Default)]
struct TextCounts {
    visible: usize,
    words: usize,
}

fn text_counts(text: &str) -> TextCounts {
    let mut counts = TextCounts::default();
    count_text(text, &mut counts, &mut false);
    counts
}

/// [`text_counts`] of the text under a node (its text nodes joined in document order, as
/// `NodeRef::text` gives it) without joining it, and its length in bytes; `each` sees every
/// piece in order.
fn text_under(node: &NodeRef<'_>, mut each: impl FnMut(&str)) -> (TextCounts, usize) {
    let mut counts = TextCounts::default();
    let mut in_word = false;
    let mut length = 0;
    for piece in node.descendants_it() {
        piece.query(|piece| {
            if let dom_query::NodeData::Text { contents } = &piece.data {
                count_text(contents, &mut counts, &mut in_word);
                length += contents.len();
                each(contents);
            }
        });
    }
    (counts, length)
}

/// Adds a text's counts to `counts`; `in_word` carries whether the text before ended inside
/// a word, so pieces counted one after the other count as their concatenation.
fn count_text(text: &str, counts: &mut TextCounts, in_word: &mut bool) {
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut visible = 0;
    let mut inside = *in_word;
    for (at, &byte) in bytes.iter().enumerate() {
        let space = match byte {
            b'\t'..=b'\r' | b' ' => true,
            // Continuation bytes: the character was counted at its first byte.
            0x80..=0xBF => continue,
            // The first bytes of the whitespace characters beyond ASCII.
            0xC2 | 0xE1..=0xE3 => {
                text.get(at..).and_then(|rest| rest.chars().next()).is_some_and(char::is_whitespace)
            }
            _ => false,
        };
        visible += usize::from(!space);
        words += usize::from(!space && !inside);
        inside = !space;
    }
    counts.visible += visible;
    counts.words += words;
    *in_word = inside;
}

/// Whether a whitespace-separated token reads as code: `snake_case`, `call()`, `path::to`,
/// `a=b`, `{`, `</tag>` or `camelCase`.
fn is_code_token(token: &str) -> bool {
    let bytes = token.as_bytes();
    if bytes.iter().any(|b| matches!(b, b'_' | b'=' | b'{'))
        || bytes.windows(2).any(|pair| matches!(pair, b"()" | b"::" | b"</"))
    {
        return true;
    }
    let mut chars = token.chars();
    chars.next().is_some_and(char::is_lowercase) && chars.any(char::is_uppercase)
}

/// Prices: a currency sign next to a number.
fn count_prices(text: &str) -> usize {
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let mut chars = text.chars();
    let (mut previous, mut current, mut next, mut after) =
        (None, chars.next(), chars.next(), chars.next());
    let mut count = 0;
    while let Some(c) = current {
        if matches!(c, '$' | '€' | '£' | '¥' | '₹')
            && (digit(next) || (next == Some(' ') && digit(after)) || digit(previous))
        {
            count += 1;
        }
        (previous, current, next, after) = (current, next, after, chars.next());
    }
    count
}

/// The page's `meta` and `script` elements and those with an `itemtype`, in page order (one
/// walk over the tree where three selector queries took three).
struct Marked<'a> {
    metas: Vec<NodeRef<'a>>,
    scripts: Vec<NodeRef<'a>>,
    typed: Vec<NodeRef<'a>>,
}

fn marked(document: &Document) -> Marked<'_> {
    let mut marked = Marked { metas: Vec::new(), scripts: Vec::new(), typed: Vec::new() };
    for node in document.root().descendants_it().filter(NodeRef::is_element) {
        if let Some(name) = node.node_name() {
            if name.eq_ignore_ascii_case("meta") {
                marked.metas.push(node);
            } else if name.eq_ignore_ascii_case("script") {
                marked.scripts.push(node);
            }
        }
        if node.has_attr("itemtype") {
            marked.typed.push(node);
        }
    }
    marked
}

/// Schema.org `@type`s of the page's JSON-LD, lower-cased.
fn json_ld_types(marked: &Marked<'_>) -> HashSet<String> {
    fn visit(value: &Value, depth: usize, out: &mut HashSet<String>) {
        if depth > 8 {
            return;
        }
        match value {
            Value::Object(map) => {
                match map.get("@type") {
                    Some(Value::String(kind)) => {
                        out.insert(kind.to_ascii_lowercase());
                    }
                    Some(Value::Array(kinds)) => {
                        out.extend(
                            kinds.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase),
                        );
                    }
                    _ => {}
                }
                for (key, child) in map {
                    if key == "@graph" || key == "mainEntity" || key == "mainEntityOfPage" {
                        visit(child, depth + 1, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| visit(item, depth + 1, out)),
            _ => {}
        }
    }
    let mut types = HashSet::new();
    for script in &marked.scripts {
        let is_json_ld =
            script.attr("type").is_some_and(|kind| kind.to_ascii_lowercase().contains("ld+json"));
        if is_json_ld && let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) {
            visit(&value, 0, &mut types);
        }
    }
    // Microdata types count too (`itemtype="https://schema.org/Product"`).
    for node in &marked.typed {
        if let Some(kind) = node.attr("itemtype")
            && let Some(name) = kind.rsplit('/').next()
        {
            types.insert(name.trim().to_ascii_lowercase());
        }
    }
    types
}

fn any_type(types: &HashSet<String>, names: &[&str]) -> f64 {
    if names.iter().any(|name| types.contains(*name)) { 1.0 } else { 0.0 }
}

/// The path segments of a URL, lower-cased (no scheme, host, query or fragment).
fn path_segments(url: &str) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = rest.split_once('/').map_or("", |(_, path)| path);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.split('/').filter(|segment| !segment.is_empty()).map(str::to_ascii_lowercase).collect()
}

/// The labels of a URL's host before its registrable name (`docs` in `docs.example.com`).
fn host_labels(url: &str) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("").to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let keep = labels.len().saturating_sub(2);
    labels[..keep]
        .iter()
        .filter(|label| **label != "www")
        .map(|label| (*label).to_owned())
        .collect()
}

fn url_has_date(segments: &[String]) -> bool {
    let year = |s: &str| s.len() == 4 && s.parse::<u32>().is_ok_and(|y| (1995..=2035).contains(&y));
    let month = |s: &str| s.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m)) && s.len() <= 2;
    segments.windows(2).any(|pair| year(&pair[0]) && month(&pair[1]))
        || segments.iter().any(|segment| {
            // A date inside a segment: 2023-05-12, 20230512.
            let digits: Vec<&str> =
                segment.split(|c: char| !c.is_ascii_digit()).filter(|d| !d.is_empty()).collect();
            digits.windows(3).any(|w| year(w[0]) && month(w[1]) && w[2].len() <= 2)
                || digits.iter().any(|d| {
                    d.len() == 8
                        && year(&d[..4])
                        && month(&d[4..6])
                        && d[6..].parse::<u32>().is_ok_and(|day| (1..=31).contains(&day))
                })
        })
}

fn url_words(segments: &[String], words: &[&str]) -> f64 {
    let hit = segments.iter().any(|segment| {
        segment.split(|c: char| !c.is_ascii_alphanumeric()).any(|token| words.contains(&token))
    });
    if hit { 1.0 } else { 0.0 }
}

/// The features of an HTML page (parsed here; see [`features`]).
pub fn page_features(html: &str, url: Option<&str>) -> [f64; FEATURE_COUNT] {
    let guarded = std::panic::catch_unwind(|| {
        let document = Document::from(super::nesting::limit_nesting(html).as_ref());
        let text = super::html::document_text(&document);
        features(&document, url, &text)
    });
    guarded.unwrap_or([0.0; FEATURE_COUNT])
}

/// The features of a parsed page (before any element is removed). `page_text` is the page's
/// visible text, one line per block element (as [`crate::clean::page_text`] gives it).
pub fn features(document: &Document, url: Option<&str>, page_text: &str) -> [f64; FEATURE_COUNT] {
    let start = document.body().unwrap_or_else(|| document.root());
    let TextCounts { visible: total_chars, words } = text_counts(page_text);

    let mut link_chars = 0usize;
    let mut prose_chars = 0usize;
    let mut long_paragraphs = 0usize;
    let mut paragraphs = 0usize;
    let mut paragraph_words = 0usize;
    let mut counts = [0usize; Tag::Links as usize + 1];
    let mut post_blocks = 0usize;
    let mut prose = String::new();
    let mut linking: foldhash::HashSet<dom_query::NodeId> = foldhash::HashSet::default();
    let mut parents: Vec<NodeRef<'_>> = Vec::new();
    for node in start.descendants_it() {
        if !node.is_element() {
            continue;
        }
        let Some(raw_name) = node.node_name() else { continue };
        // The names that count are all of at most 8 ASCII letters.
        let mut buffer = [0u8; 8];
        let name = match buffer.get_mut(..raw_name.len()) {
            Some(lower) => {
                lower.copy_from_slice(raw_name.as_bytes());
                lower.make_ascii_lowercase();
                std::str::from_utf8(lower).unwrap_or("")
            }
            None => "",
        };
        let counted = match name {
            "article" => Some(Tag::Article),
            "h1" => Some(Tag::H1),
            "h2" | "h3" | "h4" => Some(Tag::Subheadings),
            "li" | "dt" => Some(Tag::ListItems),
            "table" => Some(Tag::Tables),
            "pre" | "code" => Some(Tag::Code),
            "input" | "button" | "select" | "textarea" => Some(Tag::Form),
            "img" | "picture" => Some(Tag::Images),
            "time" => Some(Tag::Time),
            "section" => Some(Tag::Sections),
            "a" => Some(Tag::Links),
            _ => None,
        };
        if let Some(tag) = counted {
            counts[tag as usize] += 1;
        }
        if name == "a" {
            link_chars += text_under(&node, |_| {}).0.visible;
            // Mark the link's ancestors (up to the body) as holding a link.
            let mut ancestor = node.parent();
            let mut steps = 0;
            while let Some(up) = ancestor {
                if !linking.insert(up.id) || steps > 64 {
                    break;
                }
                steps += 1;
                ancestor = up.parent();
            }
        } else if name == "p" {
            let keep = prose.len() < 200_000;
            let (counted, length) = text_under(&node, |text| {
                if keep {
                    prose.push_str(text);
                }
            });
            if keep {
                prose.push('\n');
            }
            paragraphs += 1;
            paragraph_words += counted.words;
            if length >= 150 {
                long_paragraphs += 1;
                prose_chars += counted.visible;
            }
        }
        if let Some(names) = node.attr("class")
            && names.split(|c: char| c.is_whitespace() || c == '-' || c == '_').any(|token| {
                ["comment", "reply", "post", "message", "answer", "thread", "topic"]
                    .iter()
                    .any(|name| token.eq_ignore_ascii_case(name))
            })
        {
            post_blocks += 1;
        }
        if node.children_it(false).filter(NodeRef::is_element).nth(3).is_some() {
            parents.push(node);
        }
    }
    // Repeated teaser blocks: siblings of one tag and class that each hold a link.
    let mut repeated_best = 0usize;
    let mut repeated_chars = 0usize;
    for parent in &parents {
        let mut groups: HashMap<(String, String), (usize, usize)> = HashMap::new();
        for child in parent.element_children() {
            if !linking.contains(&child.id)
                && !child.node_name().is_some_and(|n| n.eq_ignore_ascii_case("a"))
            {
                continue;
            }
            let tag = child.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
            let class = child.attr("class").map(|c| c.to_string()).unwrap_or_default();
            let entry = groups.entry((tag, class)).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += 1;
        }
        for (members, chars) in groups.into_values() {
            if members >= 4 {
                repeated_best = repeated_best.max(members);
                repeated_chars += chars;
            }
        }
    }

    let mut og_type = String::new();
    let mut published_meta = false;
    let mut author_meta = false;
    let marked = marked(document);
    for meta in &marked.metas {
        let key = meta
            .attr("property")
            .or_else(|| meta.attr("name"))
            .or_else(|| meta.attr("itemprop"))
            .map(|key| key.to_ascii_lowercase())
            .unwrap_or_default();
        let content =
            meta.attr("content").map(|c| c.trim().to_ascii_lowercase()).unwrap_or_default();
        match key.as_str() {
            "og:type" => og_type = content,
            "article:published_time"
            | "datepublished"
            | "pubdate"
            | "publishdate"
            | "parsely-pub-date"
            | "sailthru.date"
            | "dc.date.issued" => published_meta = true,
            "author" | "article:author" | "parsely-author" | "sailthru.author" => {
                author_meta |= !content.is_empty();
            }
            _ => {}
        }
    }
    let types = json_ld_types(&marked);
    let segments = url.map(path_segments).unwrap_or_default();
    // Words of the path and of the host's subdomains (`docs.`, `shop.`, `community.`).
    let mut named = segments.clone();
    named.extend(url.map(host_labels).unwrap_or_default());
    let slug_words = segments
        .last()
        .map(|segment| {
            let stem = segment.rsplit_once('.').map_or(segment.as_str(), |(stem, _)| stem);
            stem.split(['-', '_']).filter(|word| word.chars().any(char::is_alphabetic)).count()
        })
        .unwrap_or(0);
    let count = |tag: Tag| counts[tag as usize];
    let flag = |value: bool| if value { 1.0 } else { 0.0 };
    // Word classes of the page's paragraphs (the whole text when it has few): news reports
    // quote people in the past tense, service pages address "you" and speak as "we", forum
    // posts say "I", documentation holds code.
    let prose_is_body = prose.split_whitespace().nth(99).is_some();
    let body = if prose_is_body { prose.as_str() } else { page_text };
    let vocabulary = Vocabulary::get();
    let page_words = vocabulary.words(page_text);
    let phrases = vocabulary.count_phrases(&page_words);
    let (body_tokens, rates) = if prose_is_body {
        let words = vocabulary.words(&prose);
        (words.len(), vocabulary.count_rates(&words))
    } else {
        (page_words.len(), vocabulary.count_rates(&page_words))
    };
    let rate = |list: usize| 100.0 * share(rates[list], body_tokens.max(50));
    let (mut raw_tokens, mut code_tokens) = (0usize, 0usize);
    for token in body.split_whitespace() {
        raw_tokens += 1;
        code_tokens += usize::from(is_code_token(token));
    }
    let raw_tokens = raw_tokens.max(50);
    let (mut questions, mut exclamations, mut quotes) = (0usize, 0usize, 0usize);
    for c in body.chars() {
        match c {
            '?' => questions += 1,
            '!' => exclamations += 1,
            '"' | '“' | '”' => quotes += 1,
            _ => {}
        }
    }
    let chars_rate = |count: usize| 100.0 * share(count, raw_tokens);
    let (mut lines, mut bylines) = (0usize, 0usize);
    for line in page_text.lines().map(str::trim).filter(|line| !line.is_empty()) {
        lines += 1;
        let starts = |prefix: &str| {
            line.as_bytes()
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
        };
        if (starts("by ") || starts("written by") || starts("posted by"))
            && text_counts(line).words <= 8
        {
            bylines += 1;
        }
    }

    [
        ln1(words),
        share(link_chars, total_chars),
        share(prose_chars, total_chars),
        ln1(long_paragraphs),
        ln1(paragraphs),
        paragraph_words.checked_div(paragraphs).map_or(0.0, ln1),
        ln1(count(Tag::Article)),
        ln1(count(Tag::H1)),
        ln1(count(Tag::Subheadings)),
        ln1(count(Tag::ListItems)),
        ln1(count(Tag::Tables)),
        ln1(count(Tag::Code)),
        ln1(count(Tag::Form)),
        ln1(count(Tag::Images)),
        ln1(count(Tag::Time)),
        ln1(count(Tag::Sections)),
        ln1(repeated_best),
        share(repeated_chars, count(Tag::Links).max(1)),
        ln1(post_blocks),
        ln1(count_prices(page_text)),
        ln1(phrases[CART]),
        ln1(phrases[FORUM]),
        ln1(phrases[MORE]),
        ln1(phrases[SERVICE]),
        flag(og_type == "article"),
        flag(og_type.contains("product")),
        flag(published_meta),
        flag(author_meta),
        any_type(
            &types,
            &[
                "newsarticle",
                "article",
                "blogposting",
                "reportagenewsarticle",
                "analysisnewsarticle",
                "opinionnewsarticle",
                "backgroundnewsarticle",
                "liveblogposting",
                "socialmediaposting",
            ],
        ),
        any_type(
            &types,
            &["product", "offer", "aggregateoffer", "productgroup", "individualproduct"],
        ),
        any_type(&types, &["discussionforumposting", "qapage", "question", "answer", "comment"]),
        any_type(
            &types,
            &["itemlist", "collectionpage", "searchresultspage", "offercatalog", "listitem"],
        ),
        any_type(&types, &["techarticle", "apireference", "softwaresourcecode", "howto"]),
        any_type(
            &types,
            &[
                "service",
                "faqpage",
                "softwareapplication",
                "webapplication",
                "localbusiness",
                "professionalservice",
                "course",
                "event",
            ],
        ),
        flag(url_has_date(&segments)),
        ln1(slug_words),
        ln1(segments.len()),
        flag(url.is_some() && segments.is_empty()),
        url_words(
            &named,
            &[
                "tag",
                "tags",
                "category",
                "categories",
                "topics",
                "topic",
                "section",
                "archive",
                "archives",
                "search",
                "page",
                "list",
                "lists",
                "reviews",
                "courses",
                "author",
                "authors",
                "index",
                "latest",
                "best",
            ],
        ),
        url_words(
            &named,
            &[
                "forum",
                "forums",
                "thread",
                "threads",
                "questions",
                "question",
                "t",
                "discussion",
                "discussions",
                "community",
                "r",
                "comments",
                "answers",
                "viewtopic",
                "showthread",
                "board",
                "boards",
            ],
        ),
        url_words(
            &named,
            &[
                "product",
                "products",
                "p",
                "dp",
                "item",
                "items",
                "shop",
                "store",
                "buy",
                "collections",
                "collection",
                "catalog",
                "browse",
                "c",
            ],
        ),
        url_words(
            &named,
            &[
                "docs",
                "doc",
                "documentation",
                "api",
                "reference",
                "guide",
                "guides",
                "manual",
                "wiki",
                "tutorial",
                "tutorials",
                "learn",
                "developer",
                "developers",
                "help",
                "kb",
                "en-us",
            ],
        ),
        url_words(
            &named,
            &[
                "pricing",
                "services",
                "service",
                "solutions",
                "features",
                "plans",
                "about",
                "contact",
                "platform",
                "enterprise",
                "business",
                "features",
            ],
        ),
        url_words(
            &named,
            &[
                "news", "article", "articles", "story", "stories", "blog", "post", "posts",
                "opinion", "politics", "world", "sport", "sports",
            ],
        ),
        rate(0),
        rate(1),
        rate(2),
        rate(3),
        rate(4),
        100.0 * share(code_tokens, raw_tokens),
        chars_rate(questions),
        chars_rate(exclamations),
        chars_rate(quotes),
        ln1(phrases[MONTHS]),
        ln1(phrases[AGO]),
        ln1(bylines),
        ln1(phrases[SHARE]),
        words.checked_div(lines).map_or(0.0, ln1),
    ]
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The byte-level counters against the `std` definitions they stand for.
    fn check_counts(text: &str) {
        let counts = text_counts(text);
        assert_eq!(counts.visible, text.chars().filter(|c| !c.is_whitespace()).count());
        assert_eq!(counts.words, text.split_whitespace().count());
        let vocabulary = Vocabulary::get();
        let lower = text.to_lowercase();
        let expected: Vec<u16> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|word| !word.is_empty())
            .map(|word| vocabulary.ids.get(word.as_bytes()).copied().unwrap_or(0))
            .collect();
        assert_eq!(vocabulary.words(text), expected);
    }

    #[test]
    fn counters_equal_their_std_definitions() {
        for text in [
            "",
            " ",
            "Add to Cart\u{a0}now — you’re IN STOCK",
            "\u{3000}we\u{2003}were\u{85}\u{1680}posted by İstanbul ΣΟΦΟΣ",
            "K\u{212a}elvin\ttabs\r\nand\u{b}vertical\u{c}feeds",
            "a\u{2028}b\u{2029}c\u{202f}d\u{205f}e\u{200b}f",
        ] {
            check_counts(text);
        }
    }

    proptest! {
        #[test]
        fn counters_equal_their_std_definitions_on_any_text(text in "\\PC{0,80}") {
            check_counts(&text);
        }

        #[test]
        fn counters_equal_their_std_definitions_on_mixed_words(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Add", "to", "CART", "you’re", "We're", "said", " ", "\u{a0}", "\u{2009}",
                    "—", "“", "\u{3000}", "İ", "Σ", "ago", "\n", "in", "stock", "É",
                ]),
                0..40,
            )
        ) {
            check_counts(&words.concat());
        }
    }

    proptest! {
        #[test]
        fn counts_under_a_node_equal_the_counts_of_its_joined_text(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "said", " ", "\u{a0}", "<b>", "</b>", "<i>x</i>", "<a href=/>link</a>", "ü",
                    "<span> </span>", "<br>", "\u{2003}", "word<em>s</em>", "<!-- note -->",
                ]),
                0..30,
            )
        ) {
            let inner = pieces.concat();
            let document = Document::from(format!("<p>{inner}</p><div>{inner}</div>").as_str());
            for node in document.select("p, div, a, b").nodes() {
                let text = node.text();
                let mut seen = String::new();
                let (counts, length) = text_under(node, |piece| seen.push_str(piece));
                let expected = text_counts(&text);
                proptest::prop_assert_eq!(
                    (counts.visible, counts.words),
                    (expected.visible, expected.words)
                );
                proptest::prop_assert_eq!(length, text.len());
                proptest::prop_assert_eq!(seen.as_str(), &*text);
            }
        }
    }

    fn page_features(html: &str, url: &str) -> [f64; FEATURE_COUNT] {
        let document = Document::from(html);
        let text = super::super::html::document_text(&document);
        features(&document, Some(url), &text)
    }

    #[test]
    fn features_read_structure_markup_and_url() {
        let paragraph = "The minister said on Tuesday that the talks would resume next week after a \
                         pause of several months, according to two officials who asked not to be \
                         named because they were not authorised to speak.";
        let article = format!(
            r#"<html><head><meta property="og:type" content="article">
            <meta property="article:published_time" content="2023-09-12">
            <script type="application/ld+json">{{"@type": "NewsArticle"}}</script></head>
            <body><h1>Talks resume</h1><p>{paragraph}</p><p>{paragraph}</p><p>{paragraph}</p></body></html>"#
        );
        let features =
            page_features(&article, "https://example.com/2023/09/12/talks-resume-after-long-pause");
        let at = |name: &str| FEATURES.iter().position(|feature| *feature == name).unwrap();
        assert_eq!(features[at("og_article")], 1.0);
        assert_eq!(features[at("ld_article")], 1.0);
        assert_eq!(features[at("published_meta")], 1.0);
        assert_eq!(features[at("url_date")], 1.0);
        assert_eq!(features[at("long_paragraphs")], 4f64.ln());
        assert!(features[at("prose_share")] > 0.8);

        let cards: String = (0..6)
            .map(|i| format!(r#"<div class="card"><a href="/p/{i}">Item {i}</a> $19.99</div>"#))
            .collect();
        let listing = format!(r#"<html><body><div class="grid">{cards}</div></body></html>"#);
        let features = page_features(&listing, "https://shop.example.com/collections/shoes");
        assert_eq!(features[at("repeated_items")], 7f64.ln());
        assert_eq!(features[at("prices")], 7f64.ln());
        assert_eq!(features[at("url_product")], 1.0);
        assert!(features[at("link_density")] > 0.4);
    }

    #[test]
    fn url_shapes() {
        let segments = path_segments("https://example.com/news/2021/03/some-story.html?x=1#top");
        assert_eq!(segments, ["news", "2021", "03", "some-story.html"]);
        assert!(url_has_date(&segments));
        assert!(url_has_date(&path_segments("https://example.com/a/20210304-story")));
        assert!(!url_has_date(&path_segments("https://example.com/products/1234/5")));
        assert!(path_segments("https://example.com").is_empty());
        assert_eq!(host_labels("https://docs.example.co.uk/x"), ["docs", "example"]);
        assert_eq!(host_labels("https://www.example.com/"), Vec::<String>::new());
    }

    #[test]
    fn builtin_models_tell_a_news_report_from_a_shop_grid() {
        let paragraph = "The minister said on Tuesday that the talks would resume next week after a \
                         pause of several months, according to two officials who asked not to be \
                         named because they were not authorised to speak about the plans.";
        let paragraphs = format!("<p>{paragraph}</p>").repeat(8);
        let article = format!(
            r#"<html><head><meta property="og:type" content="article">
            <meta property="article:published_time" content="2023-09-12T08:00:00Z">
            <meta name="author" content="Jane Doe"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Talks to resume</h1>
            <p>By Jane Doe</p>{paragraphs}</article></body></html>"#
        );
        let features = page_features(
            &article,
            "https://news.example.com/world/2023/09/12/talks-to-resume-next-week",
        );
        assert_eq!(classify(&features).0, PageType::Article);

        let cards: String = (0..24)
            .map(|i| {
                format!(
                    r#"<li class="product-card"><a href="/products/shoe-{i}"><img src="{i}.jpg">Runner {i}</a>
                    <span class="price">$89.00</span><button>Add to cart</button></li>"#
                )
            })
            .collect();
        let shop = format!(
            r#"<html><head><meta property="og:type" content="website"></head><body>
            <h1>Men's sneakers</h1><form><select><option>Sort</option></select></form>
            <ul class="grid">{cards}</ul></body></html>"#
        );
        let features = page_features(&shop, "https://shop.example.com/collections/mens-sneakers");
        let (page_type, probability) = classify(&features);
        assert_ne!(page_type, PageType::Article, "article probability {probability}");
    }

    #[test]
    fn builtin_models_parse_and_round_trip() {
        let model = builtin().expect("the shipped page-type models parse");
        assert_eq!(PageTypeModel::from_text(&model.to_text()).as_ref(), Ok(model));
        assert!(PageTypeModel::from_text("nope").is_err());
    }
}
