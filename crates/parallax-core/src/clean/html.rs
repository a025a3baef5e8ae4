//! Main-text extraction from HTML: here is a web page, give me the article text and its metadata.
//!
//! The extractor is `rs-trafilatura` (a Rust port of trafilatura): on the article-extraction
//! benchmark it scored best among the maintained Rust crates we measured (see BENCHMARKS.md), and
//! it also reads the page's title, author and publication date from its metadata. It runs under
//! `catch_unwind`, so a page that trips it becomes a diagnostic, not a crash.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::model::PageType;

/// What the extractor found on one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlExtraction {
    /// The main text, one paragraph per line.
    pub text: String,
    /// The page title (from metadata or the headline).
    pub title: Option<String>,
    /// The author, if named.
    pub author: Option<String>,
    /// The publication date as `YYYY-MM-DD`, if found.
    pub date: Option<String>,
    /// The site name, if the page declares one.
    pub site_name: Option<String>,
    /// The page's whole visible text, when the extractor computed it on the way.
    pub page_text: Option<String>,
    /// What kind of page it is.
    pub page_type: PageType,
    /// The page-type model's probability that the page is an article.
    pub article_probability: f64,
}

/// Which main-text extractor runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HtmlEngine {
    /// Parallax's own: pre-clean, readability, post-clean (`extract.rs`).
    #[default]
    Parallax,
    /// `rs-trafilatura`, a Rust port of trafilatura.
    Trafilatura,
}

/// Settings of the HTML extractor.
#[derive(Debug, Clone)]
pub struct HtmlCleanConfig {
    /// The extractor.
    pub engine: HtmlEngine,
    /// Keep comment sections as part of the main text.
    pub include_comments: bool,
    /// Drop extracted lines that read as page furniture (share prompts, counters, bylines),
    /// with the same line rules as the plain-text cleaner. Off by default: measured on
    /// article-extraction it removed as many lines the gold keeps (credits, table cells,
    /// "declined to comment") as junk, and F1 fell from 0.956 to 0.954.
    pub drop_furniture_lines: bool,
    /// Extract pages that are not articles (listings, forums, product and service pages,
    /// documentation) with the engine that keeps more of them.
    pub by_page_type: bool,
}

impl Default for HtmlCleanConfig {
    fn default() -> HtmlCleanConfig {
        HtmlCleanConfig {
            engine: HtmlEngine::default(),
            include_comments: false,
            drop_furniture_lines: false,
            by_page_type: true,
        }
    }
}

/// Extracts the main text and metadata of an HTML page. `url` helps the extractor (site-specific
/// rules, relative links) and is optional.
pub fn extract_html(
    html: &str,
    url: Option<&str>,
    config: &HtmlCleanConfig,
) -> Result<HtmlExtraction, String> {
    let html = super::nesting::limit_nesting(html);
    let html = html.as_ref();
    if config.engine == HtmlEngine::Trafilatura {
        let mut extraction = trafilatura(html, url, config.include_comments, config)?;
        (extraction.page_type, extraction.article_probability) =
            super::page_type::classify(&super::page_type::page_features(html, url));
        return Ok(extraction);
    }
    let ours = match catch_unwind(AssertUnwindSafe(|| {
        super::extract::extract(html, url, config.drop_furniture_lines)
    })) {
        Ok(result) => result,
        Err(_) => Err("HTML extraction failed (the extractor crashed on this page)".into()),
    };
    // Pages that are not articles (listings, forums, product and service pages, documentation)
    // spread their content over many blocks where the article path keeps one node: their text
    // comes from rs-trafilatura, which keeps more of such pages (forum posts with their
    // comments), and our metadata stays. A page the article path finds no text in gets the
    // other engine's text only when it is no article: an article page without text is mostly an
    // empty shell that script fills in, where the other engine returns the menus.
    let (page_type, probability) = match &ours {
        Ok(ours) => (ours.page_type, ours.article_probability),
        Err(_) => super::page_type::classify(&super::page_type::page_features(html, url)),
    };
    let second = config.by_page_type && probability < super::page_type::ROUTE_THRESHOLD;
    if !second {
        return ours;
    }
    let comments = config.include_comments || page_type == PageType::Forum;
    let other = trafilatura(html, url, comments, config)
        .ok()
        .filter(|other| other.text.chars().any(char::is_alphanumeric));
    // Not text that mostly repeats itself: rs-trafilatura can return the text of deeply nested
    // blocks once per level (issue 21's 100,000 nested divs).
    let other = other.filter(|other| !mostly_repeated(&other.text));
    match (ours, other) {
        (Ok(mut ours), Some(other)) => {
            ours.text = other.text;
            Ok(ours)
        }
        (Err(_), Some(mut other)) => {
            (other.page_type, other.article_probability) = (page_type, probability);
            Ok(other)
        }
        (ours, _) => ours,
    }
}

/// Whether over three quarters of a text's sentences (of 20 or more, each over 20 bytes) are
/// repeats of others.
fn mostly_repeated(text: &str) -> bool {
    let pieces: Vec<&str> = text
        .split_inclusive(['.', '!', '?', '\n'])
        .map(str::trim)
        .filter(|piece| piece.len() > 20)
        .collect();
    if pieces.len() < 20 {
        return false;
    }
    let distinct: std::collections::HashSet<&str> = pieces.iter().copied().collect();
    distinct.len() * 4 < pieces.len()
}

/// rs-trafilatura's extraction of a page (its page type is left as an article).
fn trafilatura(
    html: &str,
    url: Option<&str>,
    include_comments: bool,
    config: &HtmlCleanConfig,
) -> Result<HtmlExtraction, String> {
    let options = rs_trafilatura::Options {
        url: url.map(str::to_owned),
        include_comments,
        ..rs_trafilatura::Options::default()
    };
    let result =
        catch_unwind(AssertUnwindSafe(|| rs_trafilatura::extract_with_options(html, &options)));
    let result = match result {
        Ok(Ok(result)) => result,
        Ok(Err(err)) => return Err(format!("HTML extraction failed: {err}")),
        Err(_) => return Err("HTML extraction failed (the extractor crashed on this page)".into()),
    };
    let metadata = result.metadata;
    let clean = |value: Option<String>| {
        value.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty())
    };
    let text = if config.drop_furniture_lines {
        super::extract::postclean(&result.content_text)
    } else {
        result.content_text
    };
    Ok(HtmlExtraction {
        text,
        title: clean(metadata.title),
        author: clean(metadata.author),
        date: metadata.date.map(|date| date.format("%Y-%m-%d").to_string()),
        site_name: clean(metadata.sitename),
        page_text: None,
        page_type: PageType::Article,
        article_probability: 1.0,
    })
}

/// The visible text of a whole page, one line per block element, with no main-content
/// selection: what a reader would get by copying the page. Used to score the plain-text cleaner
/// on HTML benchmarks and to show what the extractor left out.
pub fn page_text(html: &str) -> String {
    let result = catch_unwind(AssertUnwindSafe(|| page_text_unguarded(html)));
    result.unwrap_or_default()
}

fn page_text_unguarded(html: &str) -> String {
    document_text(&dom_query::Document::from(super::nesting::limit_nesting(html).as_ref()))
}

/// The visible text of a parsed page, one line per block element.
pub(crate) fn document_text(document: &dom_query::Document) -> String {
    let start = document.body().unwrap_or_else(|| document.root());
    let mut out = String::new();
    // An explicit stack instead of recursion: pages can nest thousands of elements deep.
    let mut stack = vec![(start, true)];
    while let Some((node, entering)) = stack.pop() {
        if node.is_text() {
            out.push_str(&node.text());
            continue;
        }
        if !node.is_element() && !node.is_document() {
            continue;
        }
        let name = node.node_name().map(|name| name.to_ascii_lowercase()).unwrap_or_default();
        if SKIPPED.contains(&name.as_str()) {
            continue;
        }
        let block = BLOCKS.contains(&name.as_str());
        if !entering {
            if block {
                out.push('\n');
            }
            continue;
        }
        if block || name == "br" {
            out.push('\n');
        }
        stack.push((node, false));
        let children: Vec<_> = node.children_it(false).collect();
        for child in children.into_iter().rev() {
            stack.push((child, true));
        }
    }
    out
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "select", "option",
    "canvas", "math",
];

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "form",
    "main",
    "address",
    "hr",
    "details",
    "summary",
    "fieldset",
    "legend",
    "caption",
    "body",
    "html",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_keeps_blocks_and_drops_scripts() {
        let html = "<html><head><title>T</title><script>var x=1;</script></head><body><nav>Home | News</nav>\
                    <article><h1>Kim meets Putin</h1><p>First <b>bold</b> paragraph.</p><p>Second.</p></article></body></html>";
        let lines: Vec<String> = page_text(html)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        assert_eq!(lines, ["Home | News", "Kim meets Putin", "First bold paragraph.", "Second."]);
    }

    #[test]
    fn extracts_main_text_and_metadata() {
        let html = r#"<html><head><title>Kim to meet Putin | Example News</title>
            <meta property="og:title" content="Kim to meet Putin">
            <meta name="author" content="Jane Roe">
            <meta property="article:published_time" content="2023-09-05T10:00:00Z"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Kim to meet Putin</h1>
            <p>North Korean leader Kim Jong Un plans to travel to Russia this month to meet President Vladimir Putin, a US official said.</p>
            <p>The two leaders are expected to discuss weapons for Russia's war in Ukraine, the official added on Monday.</p>
            <p>Kim would most likely travel by armoured train to Vladivostok, on Russia's Pacific coast, officials said.</p></article>
            <footer>Copyright 2023 Example News. All rights reserved.</footer></body></html>"#;
        let extraction =
            extract_html(html, Some("https://news.example.com/kim"), &HtmlCleanConfig::default())
                .unwrap();
        assert!(extraction.text.contains("armoured train to Vladivostok"), "{}", extraction.text);
        assert!(!extraction.text.contains("All rights reserved"));
        assert_eq!(extraction.date.as_deref(), Some("2023-09-05"));
        assert_eq!(extraction.author.as_deref(), Some("Jane Roe"));
        assert!(extraction.title.unwrap().starts_with("Kim to meet Putin"));
    }
}
