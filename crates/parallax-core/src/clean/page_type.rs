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

/// The words of a lower-cased text, indexed by where each occurs, to count words and phrases in
/// one pass over the text.
struct Words<'a> {
    tokens: Vec<&'a str>,
    at: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Words<'a> {
    fn new(lower: &'a str) -> Words<'a> {
        let tokens: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
            .filter(|token| !token.is_empty())
            .collect();
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, token) in tokens.iter().enumerate() {
            at.entry(token).or_default().push(index);
        }
        Words { tokens, at }
    }

    /// Occurrences of the words or space-separated phrases of `needles`.
    fn count(&self, needles: &[&str]) -> usize {
        needles
            .iter()
            .map(|needle| {
                let parts: Vec<&str> = needle.split(' ').collect();
                self.at.get(parts[0]).map_or(0, |positions| {
                    positions.iter().filter(|&&at| self.tokens[at..].starts_with(&parts)).count()
                })
            })
            .sum()
    }
}

/// Prices: a currency sign next to a number.
fn count_prices(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    for (index, c) in chars.iter().enumerate() {
        if matches!(c, '$' | '€' | '£' | '¥' | '₹') {
            let next = chars.get(index + 1).copied();
            let after_space = chars.get(index + 2).copied();
            let previous = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
            if next.is_some_and(|n| n.is_ascii_digit())
                || (next == Some(' ') && after_space.is_some_and(|n| n.is_ascii_digit()))
                || previous.is_some_and(|p| p.is_ascii_digit())
            {
                count += 1;
            }
        }
    }
    count
}

/// Schema.org `@type`s of the page's JSON-LD, lower-cased.
fn json_ld_types(document: &Document) -> HashSet<String> {
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
    for script in document.select("script").nodes() {
        let is_json_ld =
            script.attr("type").is_some_and(|kind| kind.to_ascii_lowercase().contains("ld+json"));
        if is_json_ld && let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) {
            visit(&value, 0, &mut types);
        }
    }
    // Microdata types count too (`itemtype="https://schema.org/Product"`).
    for node in document.select("[itemtype]").nodes() {
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

/// Whether `name` (lower-case tag name) is one of `names`.
fn is(name: &str, names: &[&str]) -> bool {
    names.contains(&name)
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
    let total_chars = page_text.chars().filter(|c| !c.is_whitespace()).count();
    let words = page_text.split_whitespace().count();

    let mut link_chars = 0usize;
    let mut prose_chars = 0usize;
    let mut long_paragraphs = 0usize;
    let mut paragraphs = 0usize;
    let mut paragraph_words = 0usize;
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    let mut post_blocks = 0usize;
    let mut prose = String::new();
    let mut linking: HashSet<dom_query::NodeId> = HashSet::new();
    let mut parents: Vec<NodeRef<'_>> = Vec::new();
    for node in start.descendants_it() {
        if !node.is_element() {
            continue;
        }
        let Some(name) = node.node_name() else { continue };
        let name = name.to_ascii_lowercase();
        let counted: Option<&'static str> = match name.as_str() {
            "article" => Some("article"),
            "h1" => Some("h1"),
            "h2" | "h3" | "h4" => Some("subheadings"),
            "li" | "dt" => Some("list_items"),
            "table" => Some("tables"),
            "pre" | "code" => Some("code"),
            "input" | "button" | "select" | "textarea" => Some("form"),
            "img" | "picture" => Some("images"),
            "time" => Some("time"),
            "section" => Some("sections"),
            _ => None,
        };
        if let Some(key) = counted {
            *counts.entry(key).or_insert(0) += 1;
        }
        if name == "a" {
            *counts.entry("links").or_insert(0) += 1;
            let text = node.text();
            link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
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
            let text = node.text();
            if prose.len() < 200_000 {
                prose.push_str(&text);
                prose.push('\n');
            }
            let count = text.split_whitespace().count();
            paragraphs += 1;
            paragraph_words += count;
            if text.len() >= 150 {
                long_paragraphs += 1;
                prose_chars += text.chars().filter(|c| !c.is_whitespace()).count();
            }
        }
        let names = node.attr("class").map(|class| class.to_ascii_lowercase()).unwrap_or_default();
        if !names.is_empty()
            && names.split(|c: char| c.is_whitespace() || c == '-' || c == '_').any(|token| {
                is(token, &["comment", "reply", "post", "message", "answer", "thread", "topic"])
            })
        {
            post_blocks += 1;
        }
        if node.element_children().len() >= 4 {
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

    let lower = page_text.to_lowercase();
    let page_words = Words::new(&lower);
    let mut og_type = String::new();
    let mut published_meta = false;
    let mut author_meta = false;
    for meta in document.select("meta").nodes() {
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
    let types = json_ld_types(document);
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
    let count = |key: &str| counts.get(key).copied().unwrap_or(0);
    let flag = |value: bool| if value { 1.0 } else { 0.0 };
    // Word classes of the page's paragraphs (the whole text when it has few): news reports
    // quote people in the past tense, service pages address "you" and speak as "we", forum
    // posts say "I", documentation holds code.
    let body = if prose.split_whitespace().count() >= 100 { prose.as_str() } else { page_text };
    let body_lower = body.to_lowercase();
    let tokens: Vec<&str> = body_lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|token| !token.is_empty())
        .collect();
    let rate = |words: &[&str]| -> f64 {
        let hits = tokens.iter().filter(|token| words.contains(token)).count();
        100.0 * share(hits, tokens.len().max(50))
    };
    let raw_tokens = body.split_whitespace().count().max(50);
    let code_tokens = body
        .split_whitespace()
        .filter(|token| {
            token.contains('_')
                || token.contains("()")
                || token.contains("::")
                || token.contains('=')
                || token.contains('{')
                || token.contains("</")
                || (token.chars().next().is_some_and(char::is_lowercase)
                    && token.chars().skip(1).any(char::is_uppercase))
        })
        .count();
    let chars_rate = |wanted: &[char]| -> f64 {
        100.0 * share(body.chars().filter(|c| wanted.contains(c)).count(), raw_tokens)
    };
    let lines: Vec<&str> = page_text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let bylines = lines
        .iter()
        .filter(|line| {
            let head: String = line.chars().take(11).flat_map(char::to_lowercase).collect();
            (head.starts_with("by ")
                || head.starts_with("written by")
                || head.starts_with("posted by"))
                && line.split_whitespace().count() <= 8
        })
        .count();
    let months = page_words.count(&[
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
    ]);

    [
        ln1(words),
        share(link_chars, total_chars),
        share(prose_chars, total_chars),
        ln1(long_paragraphs),
        ln1(paragraphs),
        paragraph_words.checked_div(paragraphs).map_or(0.0, ln1),
        ln1(count("article")),
        ln1(count("h1")),
        ln1(count("subheadings")),
        ln1(count("list_items")),
        ln1(count("tables")),
        ln1(count("code")),
        ln1(count("form")),
        ln1(count("images")),
        ln1(count("time")),
        ln1(count("sections")),
        ln1(repeated_best),
        share(repeated_chars, count("links").max(1)),
        ln1(post_blocks),
        ln1(count_prices(page_text)),
        ln1(page_words.count(&[
            "add to cart",
            "add to bag",
            "add to basket",
            "buy now",
            "in stock",
            "out of stock",
            "add to wishlist",
            "free shipping",
        ])),
        ln1(page_words.count(&[
            "reply", "replies", "quote", "posted", "joined", "posts", "member", "members",
            "thread", "votes", "answered", "asked", "solved", "likes",
        ])),
        ln1(page_words.count(&[
            "read more",
            "continue reading",
            "learn more",
            "view all",
            "see all",
            "load more",
            "next page",
        ])),
        ln1(page_words.count(&[
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
        ])),
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
        rate(&["said", "says", "told", "according", "reported", "announced", "added", "stated"]),
        rate(&["you", "your", "you're", "yours", "you’re"]),
        rate(&["we", "our", "us", "we're", "we’re", "ours"]),
        rate(&["i", "my", "me", "i'm", "i’m", "i've", "i’ve"]),
        rate(&["was", "were", "had", "did", "been"]),
        100.0 * share(code_tokens, raw_tokens),
        chars_rate(&['?']),
        chars_rate(&['!']),
        chars_rate(&['"', '“', '”']),
        ln1(months),
        ln1(page_words.count(&["ago"])),
        ln1(bylines),
        ln1(page_words.count(&["share", "tweet", "facebook", "linkedin", "whatsapp", "email"])),
        if lines.is_empty() { 0.0 } else { ln1(words / lines.len()) },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

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
