//! Page metadata: publication date and author, read from the places publishers put them, in
//! order of trust: JSON-LD (`datePublished`, `author`), `<meta>` tags (`article:published_time`,
//! `author`, Dublin Core, Parse.ly and Sailthru conventions), microdata (`itemprop`), `<time>`
//! elements, bylines, and finally the URL (`/2019/11/20/`).

use dom_query::Document;
use serde_json::Value;

use super::normalize_date;

/// Date and author found in a page's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageMetadata {
    pub(crate) date: Option<String>,
    pub(crate) author: Option<String>,
}

/// Meta tag names (lower-case; `name`, `property` or `itemprop`) that carry the publication date,
/// best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article.published",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dc.date",
    "date",
    "citation_publication_date",
    "citation_date",
    "originalpublicationdate",
    "article:post_date",
    "cxenseparse:recs:publishtime",
];

/// Meta tags for the last modification, used only when nothing says when it was published.
const MODIFIED_META: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "last-modified",
];

/// Meta tag names that carry the author.
const AUTHOR_META: &[&str] = &[
    "author",
    "article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "twitter:creator",
];

/// Reads the date and author of a parsed page. `url` and the page's visible text (`page_text`)
/// give a date when the markup has none.
pub(crate) fn read(document: &Document, url: Option<&str>, page_text: &str) -> PageMetadata {
    let mut json_ld = JsonLd::default();
    for script in document.select("script").nodes() {
        let is_json_ld =
            script.attr("type").is_some_and(|kind| kind.to_ascii_lowercase().contains("ld+json"));
        if is_json_ld {
            if let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) {
                json_ld.visit(&value, 0);
            }
        }
    }
    let mut metas: Vec<(String, String)> = Vec::new();
    for meta in document.select("meta").nodes() {
        let key =
            meta.attr("property").or_else(|| meta.attr("name")).or_else(|| meta.attr("itemprop"));
        if let (Some(key), Some(content)) = (key, meta.attr("content")) {
            metas.push((key.to_ascii_lowercase(), content.trim().to_owned()));
        }
    }
    let meta_value = |names: &[&str], accept: &dyn Fn(&str) -> Option<String>| -> Option<String> {
        names.iter().find_map(|name| {
            metas.iter().filter(|(key, _)| key == name).find_map(|(_, content)| accept(content))
        })
    };

    let date = json_ld
        .published
        .as_deref()
        .and_then(normalize_date)
        .or_else(|| meta_value(DATE_META, &|content| normalize_date(content)))
        .or_else(|| itemprop_date(document))
        .or_else(|| time_element_date(document))
        .or_else(|| url.and_then(url_date))
        .or_else(|| text_date(page_text))
        .or_else(|| json_ld.modified.as_deref().and_then(normalize_date))
        .or_else(|| meta_value(MODIFIED_META, &|content| normalize_date(content)));

    let author = json_ld
        .author
        .clone()
        .and_then(|name| clean_author(&name))
        .or_else(|| meta_value(AUTHOR_META, &|content| clean_author(content)))
        .or_else(|| byline_author(document));
    PageMetadata { date, author }
}

/// The publication date of an HTML page as `YYYY-MM-DD`, read the same way as
/// [`super::extract_html`] reads it (metadata first, then the URL and the visible text), without
/// the main-text extraction. `url` is the page's address, if known. Never panics: a page that
/// trips the parser gives `None`.
pub fn page_date(html: &str, url: Option<&str>) -> Option<String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let document = Document::from(html);
        let page_text = super::html::document_text(&document);
        read(&document, url, &page_text).date
    }))
    .ok()
    .flatten()
}

#[derive(Default)]
struct JsonLd {
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
}

impl JsonLd {
    fn visit(&mut self, value: &Value, depth: usize) {
        if depth > 8 {
            return;
        }
        match value {
            Value::Array(items) => {
                for item in items {
                    self.visit(item, depth + 1);
                }
            }
            Value::Object(object) => {
                if self.published.is_none() {
                    if let Some(Value::String(date)) =
                        object.get("datePublished").or_else(|| object.get("dateCreated"))
                    {
                        self.published = Some(date.clone());
                    }
                }
                if self.modified.is_none() {
                    if let Some(Value::String(date)) = object.get("dateModified") {
                        self.modified = Some(date.clone());
                    }
                }
                if self.author.is_none() {
                    if let Some(author) = object.get("author").or_else(|| object.get("creator")) {
                        self.author = author_name(author);
                    }
                }
                for (key, child) in object {
                    if key == "@graph"
                        || key == "mainEntity"
                        || key == "mainEntityOfPage"
                        || key == "itemListElement"
                    {
                        self.visit(child, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

fn author_name(value: &Value) -> Option<String> {
    match value {
        Value::String(name) => Some(name.clone()),
        Value::Object(object) => {
            object.get("name").and_then(|name| name.as_str()).map(str::to_owned)
        }
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(author_name).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// A person's name from an author field: no URLs, no "By", not too long.
fn clean_author(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() || value.contains("://") || value.starts_with('@') || value.contains('{') {
        return None;
    }
    let lower = value.to_lowercase();
    let value = if lower.starts_with("by ") { value[3..].trim() } else { value };
    let words = value.split_whitespace().count();
    ((1..=12).contains(&words) && value.chars().any(char::is_alphabetic))
        .then(|| value.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn itemprop_date(document: &Document) -> Option<String> {
    for node in document.select("[itemprop]").nodes() {
        let prop = node.attr("itemprop").map(|prop| prop.to_ascii_lowercase()).unwrap_or_default();
        if prop == "datepublished" || prop == "datecreated" {
            let value = node
                .attr("datetime")
                .or_else(|| node.attr("content"))
                .map(|value| value.to_string());
            if let Some(date) =
                value.as_deref().and_then(normalize_date).or_else(|| normalize_date(&node.text()))
            {
                return Some(date);
            }
        }
    }
    None
}

/// The first `<time>` element with a machine-readable date; `pubdate` ones first.
fn time_element_date(document: &Document) -> Option<String> {
    let times = document.select("time").nodes().to_vec();
    let pubdate = times.iter().find(|time| time.has_attr("pubdate"));
    pubdate
        .into_iter()
        .chain(times.iter())
        .find_map(|time| time.attr("datetime").and_then(|value| normalize_date(&value)))
}

/// A date written on a short line of the page ("Published March 6, 2026", "Posted on 04/03/2021"):
/// the first in the page's first 60 %, preferring lines that say the page was published or
/// posted over lines that say it was updated.
fn text_date(page_text: &str) -> Option<String> {
    let lines: Vec<&str> =
        page_text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    let limit = (lines.len() * 3 / 5).max(1);
    let mut updated = None;
    for line in lines.iter().take(limit) {
        let words = line.split_whitespace().count();
        if words == 0 || words > 10 || !has_year(line) {
            continue;
        }
        let lower = line.to_lowercase();
        if lower.contains('©') || lower.contains("copyright") {
            continue;
        }
        let Some(date) = normalize_date(line) else { continue };
        if lower.contains("updated") || lower.contains("modified") {
            updated.get_or_insert(date);
            continue;
        }
        return Some(date);
    }
    updated
}

fn has_year(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")))
}

/// `/2019/11/20/`, `/2019-11-20-`, `/20191120/` in a URL's path.
fn url_date(url: &str) -> Option<String> {
    let path = url
        .split("://")
        .nth(1)
        .map_or(url, |rest| rest.split_once('/').map_or("", |(_, path)| path));
    let digits: Vec<&str> =
        path.split(|c: char| !c.is_ascii_digit()).filter(|part| !part.is_empty()).collect();
    for window in digits.windows(3) {
        if window[0].len() == 4 && window[1].len() <= 2 && window[2].len() <= 2 {
            if let Some(date) =
                normalize_date(&format!("{}-{:0>2}-{:0>2}", window[0], window[1], window[2]))
            {
                return Some(date);
            }
        }
    }
    digits
        .iter()
        .filter(|part| part.len() == 8)
        .find_map(|part| normalize_date(&format!("{}-{}-{}", &part[..4], &part[4..6], &part[6..8])))
}

/// The text of a byline element (`rel=author`, `itemprop=author`, class `byline`/`author`).
fn byline_author(document: &Document) -> Option<String> {
    for selector in [
        "[itemprop=author] [itemprop=name]",
        "[itemprop=author]",
        "a[rel=author]",
        ".byline",
        ".author-name",
        ".author",
    ] {
        for node in document.select(selector).nodes().iter().take(3) {
            if let Some(name) = clean_author(&node.text()) {
                if name.split_whitespace().count() <= 6 {
                    return Some(name);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(html: &str, url: Option<&str>, date: Option<&str>, author: Option<&str>) {
        let metadata = read(&Document::from(html), url, "");
        assert_eq!(metadata.date.as_deref(), date, "date");
        assert_eq!(metadata.author.as_deref(), author, "author");
    }

    #[test]
    fn json_ld_wins() {
        check(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2023-09-05T08:00:00Z","author":[{"@type":"Person","name":"Jane Roe"}]}]}</script>
               <meta property="article:published_time" content="2023-09-06">"#,
            None,
            Some("2023-09-05"),
            Some("Jane Roe"),
        );
    }

    #[test]
    fn meta_then_time_then_url() {
        check(
            r#"<meta name="author" content="By John Doe"><meta property="article:published_time" content="2019-11-20T10:00:00-05:00">"#,
            None,
            Some("2019-11-20"),
            Some("John Doe"),
        );
        check(
            r#"<p>Posted <time datetime="2021-03-04">March 4</time></p>"#,
            None,
            Some("2021-03-04"),
            None,
        );
        check(
            "<p>x</p>",
            Some("https://example.com/news/2018/02/07/story.html"),
            Some("2018-02-07"),
            None,
        );
        check("<p>x</p>", Some("https://example.com/20180207-story"), Some("2018-02-07"), None);
        check(r#"<span class="byline">By Ann Smith</span>"#, None, None, Some("Ann Smith"));
        let document = Document::from("<p>x</p>");
        let text = "Menu\nHow to plant tomatoes\nUpdated May 2, 2024\nPublished March 6, 2023 by Ann\nBody text here.\nMore body.\nEven more body.\nFooter links";
        assert_eq!(read(&document, None, text).date.as_deref(), Some("2023-03-06"));
    }
}
