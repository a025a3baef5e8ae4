//! Page metadata: publication date and author, read from the places publishers put them.
//!
//! The date, in order of trust (measured on the htmldate evaluation set, see `parallax eval
//! dates`): a full date in the URL (`/2019/11/20/`), `<meta>` tags in page order
//! (`article:published_time`, `date`, Dublin Core, Parse.ly, Sailthru…), JSON-LD
//! `datePublished`, other meta names that say published, microdata (`itemprop`), keyed dates in
//! inline scripts, `<time>`/`<abbr>` marked as the publication date, short elements whose class
//! says date (`date`, `datum`, `meta`, `byline`…, outside comments, sidebars and teasers),
//! the title and main heading, any `<time>`, dated lines of the visible text, the modification
//! date, and last the date written most often. A markup date the page never shows gives way to
//! the modification date or the date element the page does show. Dates inside text are read by
//! `date_scan` in many languages and forms.
//!
//! The author: JSON-LD `author`, `<meta>` tags, bylines.

use dom_query::Document;
use serde_json::Value;

use std::sync::LazyLock;

use regex::Regex;

use super::date_scan::{DayOrder, find_dates, first_date};
use super::normalize_date;

/// Date and author found in a page's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageMetadata {
    pub(crate) date: Option<String>,
    /// Where the date was read (`url`, `json-ld`, `meta`, `date-element`, `text`…).
    pub(crate) date_source: Option<&'static str>,
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
        if is_json_ld && let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) {
            json_ld.visit(&value, 0);
        }
    }
    let mut metas: Vec<(String, String)> = Vec::new();
    for meta in document.select("meta").nodes() {
        let key = meta
            .attr("property")
            .or_else(|| meta.attr("name"))
            .or_else(|| meta.attr("itemprop"))
            .or_else(|| meta.attr("http-equiv"));
        if let (Some(key), Some(content)) = (key, meta.attr("content")) {
            metas.push((key.to_ascii_lowercase(), content.trim().to_owned()));
        }
    }
    let meta_value = |names: &[&str], accept: &dyn Fn(&str) -> Option<String>| -> Option<String> {
        names.iter().find_map(|name| {
            metas.iter().filter(|(key, _)| key == name).find_map(|(_, content)| accept(content))
        })
    };

    let order = day_order(document);
    let canonical;
    let url = match url {
        Some(url) => Some(url),
        None => {
            canonical = document
                .select("link[rel=canonical]")
                .nodes()
                .first()
                .and_then(|link| link.attr("href"))
                .map(|href| href.to_string());
            canonical.as_deref()
        }
    };
    let tag = |source: &'static str| move |date: String| (date, source);
    let date = url
        .and_then(url_date)
        .map(tag("url"))
        .or_else(|| first_meta(&metas, DATE_META).map(tag("meta")))
        .or_else(|| json_ld.published.as_deref().and_then(normalize_date).map(tag("json-ld")))
        .or_else(|| generic_meta_date(&metas).map(tag("meta-generic")))
        .or_else(|| itemprop_date(document, order).map(tag("itemprop")))
        .or_else(|| script_date(document).map(tag("script")))
        .or_else(|| time_element_date(document, true).map(tag("time-marked")))
        .or_else(|| date_element_date(document, order).map(tag("date-element")))
        .or_else(|| heading_date(document, order).map(tag("heading")))
        .or_else(|| time_element_date(document, false).map(tag("time")))
        .or_else(|| text_date(page_text, order).map(tag("text")))
        .or_else(|| {
            json_ld.modified.as_deref().and_then(normalize_date).map(tag("json-ld-modified"))
        })
        .or_else(|| {
            meta_value(MODIFIED_META, &|content| normalize_date(content)).map(tag("meta-modified"))
        })
        .or_else(|| frequent_text_date(page_text, order).map(tag("text-anywhere")));
    // The date a reader sees: when the page's markup gives a publication date that the visible
    // text never shows, but the text shows the markup's modification date, the page presents
    // itself as of that modification (and is labelled so).
    let date = date.map(|(date, source)| {
        let from_markup = matches!(source, "meta" | "json-ld" | "meta-generic" | "itemprop");
        if !from_markup {
            return (date, source);
        }
        let modified = meta_value(MODIFIED_META, &|content| normalize_date(content))
            .or_else(|| json_ld.modified.as_deref().and_then(normalize_date));
        match modified {
            Some(modified) if modified > date => {
                let shown = find_dates(page_text, order);
                let shows = |wanted: &str| shown.iter().any(|found| found.date == wanted);
                if !shows(&date) && shows(&modified) {
                    (modified, "modified-shown")
                } else {
                    (date, source)
                }
            }
            _ => {
                // Nor is a markup date the page never shows kept over a date the page's own date
                // element shows.
                let shown = find_dates(page_text, order);
                let shows = |wanted: &str| shown.iter().any(|found| found.date == wanted);
                if shows(&date) {
                    return (date, source);
                }
                let element = itemprop_date(document, order)
                    .or_else(|| time_element_date(document, true))
                    .or_else(|| date_element_date(document, order));
                match element {
                    Some(element) if element != date && shows(&element) => {
                        (element, "shown-element")
                    }
                    _ => (date, source),
                }
            }
        }
    });
    let (date, date_source) =
        date.map_or((None, None), |(date, source)| (Some(date), Some(source)));

    let author = json_ld
        .author
        .clone()
        .and_then(|name| clean_author(&name))
        .or_else(|| meta_value(AUTHOR_META, &|content| clean_author(content)))
        .or_else(|| byline_author(document));
    PageMetadata { date, date_source, author }
}

/// The publication date of an HTML page as `YYYY-MM-DD`, read the same way as
/// [`super::extract_html`] reads it (metadata first, then the URL and the visible text), without
/// the main-text extraction. `url` is the page's address, if known. Never panics: a page that
/// trips the parser gives `None`.
pub fn page_date(html: &str, url: Option<&str>) -> Option<String> {
    page_date_explained(html, url).map(|(date, _)| date)
}

/// [`page_date`] with where the date was read: `url`, `meta`, `json-ld`, `meta-generic`,
/// `itemprop`, `script`, `time-marked`, `date-element`, `heading`, `time`, `text`,
/// `json-ld-modified`, `meta-modified` or `text-anywhere`; `modified-shown` and `shown-element`
/// when a markup date the page never shows gave way to the shown modification date or the
/// date of the page's own date element.
pub fn page_date_explained(html: &str, url: Option<&str>) -> Option<(String, &'static str)> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let document = Document::from(super::nesting::limit_nesting(html).as_ref());
        let page_text = super::html::document_text(&document);
        let metadata = read(&document, url, &page_text);
        metadata.date.zip(metadata.date_source)
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
                if self.published.is_none()
                    && let Some(Value::String(date)) =
                        object.get("datePublished").or_else(|| object.get("dateCreated"))
                {
                    self.published = Some(date.clone());
                }
                if self.modified.is_none()
                    && let Some(Value::String(date)) = object.get("dateModified")
                {
                    self.modified = Some(date.clone());
                }
                if self.author.is_none()
                    && let Some(author) = object.get("author").or_else(|| object.get("creator"))
                {
                    self.author = author_name(author);
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

/// The first meta tag in page order whose name is one of `names` and whose content is a date.
/// Page order, not name order: publishers put the tag they mean first, and the local-time tags
/// (`date`, `sailthru.date`) often come before a UTC `article:published_time`.
fn first_meta(metas: &[(String, String)], names: &[&str]) -> Option<String> {
    metas
        .iter()
        .filter(|(key, _)| names.contains(&key.as_str()))
        .find_map(|(_, content)| normalize_date(content))
}

/// Meta tags not in [`DATE_META`] whose name says publication or creation (`sw-pubdate`,
/// `bepress_citation_date`, `uploadDate`, `og:published_time`), never modification.
fn generic_meta_date(metas: &[(String, String)]) -> Option<String> {
    metas.iter().find_map(|(key, content)| {
        let says_published = ["publi", "pubdate", "creat", "issued", "upload", "citation_date"]
            .iter()
            .any(|cue| key.contains(cue));
        let says_other = ["modif", "updat", "expir", "revis", "birth", "start", "end", "copyright"]
            .iter()
            .any(|cue| key.contains(cue));
        (says_published && !says_other).then(|| normalize_date(content)).flatten()
    })
}

/// How the page writes `03/04/2020`: month first on US English pages (and pages that do not say
/// their language), day first elsewhere.
fn day_order(document: &Document) -> DayOrder {
    let lang = document
        .select("html")
        .nodes()
        .first()
        .and_then(|html| html.attr("lang").or_else(|| html.attr("xml:lang")))
        .map(|lang| lang.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if lang.is_empty() || lang == "en" || lang.starts_with("en-us") || lang.starts_with("en_us") {
        DayOrder::MonthFirst
    } else {
        DayOrder::DayFirst
    }
}

/// A date value from an attribute or element text: a metadata form first, then any date inside.
fn any_date(value: &str, order: DayOrder) -> Option<String> {
    normalize_date(value).or_else(|| first_date(value, order))
}

fn itemprop_date(document: &Document, order: DayOrder) -> Option<String> {
    for node in document.select("[itemprop]").nodes() {
        let prop = node.attr("itemprop").map(|prop| prop.to_ascii_lowercase()).unwrap_or_default();
        if prop == "datepublished" || prop == "datecreated" {
            let value = node
                .attr("datetime")
                .or_else(|| node.attr("content"))
                .map(|value| value.to_string());
            let found = value.as_deref().and_then(|value| any_date(value, order)).or_else(|| {
                let text = node.text();
                (text.len() <= MAX_DATE_TEXT).then(|| any_date(&text, order)).flatten()
            });
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// Publication dates in inline JSON that is not JSON-LD (page state, analytics):
/// `"datePublished":"2019-03-02T06:22:28+01:00"`, `"published_at": "…"`, `'publishdate': '…'`.
fn script_date(document: &Document) -> Option<String> {
    static KEYED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"(?i)["'](?:datePublished|date_published|publishedDate|published_at|publishedAt|publish_date|publishDate|pubDate|firstPublished|first_published_at|datecreated|createdAt|created_at|uploadDate)["']\s*:\s*["']([0-9][^"']{7,40})["']"#,
        )
        .expect("valid pattern")
    });
    let mut scanned = 0usize;
    for script in document.select("script").nodes() {
        let text = script.text();
        scanned += text.len();
        if let Some(date) = KEYED.captures_iter(&text).find_map(|caps| normalize_date(&caps[1])) {
            return Some(date);
        }
        if scanned > MAX_SCRIPT_BYTES {
            break;
        }
    }
    None
}

/// Inline scripts scanned for keyed dates, at most (bytes).
const MAX_SCRIPT_BYTES: usize = 4_000_000;

/// Element text longer than this (bytes) is not a date line.
const MAX_DATE_TEXT: usize = 200;

/// Bytes of element text read by the date-element pass, at most (nested wrappers repeat text).
const MAX_ELEMENT_TEXT_BYTES: usize = 16_000_000;

/// Elements examined for a date by their class or id, at most.
const MAX_DATE_ELEMENTS: usize = 3000;

/// `<time>` elements (`pubdate` ones first) and `<abbr class=published title=…>`, outside
/// comments, sidebars and teasers: with `marked_only`, only the ones marked as the publication
/// date; else the first `<time>` with a machine-readable date.
fn time_element_date(document: &Document, marked_only: bool) -> Option<String> {
    if marked_only {
        let marked = document.select("time[pubdate], abbr.published, abbr.date, time.published, time.entry-date, time[itemprop=datePublished]");
        return marked.nodes().iter().filter(|node| !in_page_furniture(node)).find_map(|node| {
            node.attr("datetime")
                .or_else(|| node.attr("title"))
                .and_then(|value| normalize_date(&value))
                .or_else(|| first_date(&node.text(), DayOrder::DayFirst))
        });
    }
    let times = document.select("time").nodes().to_vec();
    times
        .iter()
        .filter(|time| !in_page_furniture(time))
        .find_map(|time| time.attr("datetime").and_then(|value| normalize_date(&value)))
}

/// Class or id fragments of elements that hold a page's date line ("date", "datum", "meta",
/// "byline", "posted"…), as htmldate looks for them.
const DATE_CUES: &[&str] = &[
    "date",
    "datum",
    "time",
    "publish",
    "meta",
    "footer",
    "byline",
    "subline",
    "posted",
    "submitted",
    "created",
    "publication",
    "author",
    "autor",
    "info",
    "fecha",
    "parution",
    "stand",
    "field-content",
    "fa-clock",
    "fa-calendar",
    "lastmod",
];

/// The first date in a short element whose class, id or `itemprop` says it holds a date, or in a
/// `<footer>`/`<small>`, in document order (also its `title` attribute, as blogs write it).
fn date_element_date(document: &Document, order: DayOrder) -> Option<String> {
    let nodes =
        document.select("[class], [id], [itemprop], footer, small, abbr[title]").nodes().to_vec();
    let mut examined = 0usize;
    let mut updated = None;
    // Nested date-ish wrappers each give their whole text: a budget keeps huge pages linear.
    let mut text_budget = MAX_ELEMENT_TEXT_BYTES;
    for node in nodes {
        let name = node.node_name().map(|name| name.to_ascii_lowercase()).unwrap_or_default();
        if matches!(name.as_str(), "script" | "style" | "noscript" | "body" | "html" | "head") {
            continue;
        }
        let cue = [node.attr("class"), node.attr("id"), node.attr("itemprop")]
            .into_iter()
            .flatten()
            .map(|value| value.to_ascii_lowercase())
            .any(|value| DATE_CUES.iter().any(|cue| value.contains(cue)));
        if !cue && !matches!(name.as_str(), "footer" | "small" | "abbr") {
            continue;
        }
        examined += 1;
        if examined > MAX_DATE_ELEMENTS {
            break;
        }
        if in_page_furniture(&node) {
            continue;
        }
        if let Some(date) = node.attr("title").and_then(|title| any_date(&title, order)) {
            return Some(date);
        }
        let text = node.text();
        text_budget = text_budget.saturating_sub(text.len());
        if text_budget == 0 {
            break;
        }
        if text.len() > MAX_DATE_TEXT {
            continue;
        }
        match published_in_line(&text, order) {
            Some((date, false)) => return Some(date),
            Some((date, true)) => {
                updated.get_or_insert(date);
            }
            None => {}
        }
    }
    updated
}

/// Class or id fragments of the page parts whose dates are not the page's own: comments,
/// sidebars, lists of other articles, navigation.
const FURNITURE_CUES: &[&str] =
    &["comment", "sidebar", "related", "widget", "teaser", "recommend", "popular", "nav"];

/// Whether `node` sits in a comment section, a sidebar, a list of other articles or the
/// navigation (`aside`, `nav`, or an ancestor whose class or id says so), looking up to 40
/// levels up but not past the page's article or content wrapper.
fn in_page_furniture(node: &dom_query::NodeRef<'_>) -> bool {
    let mut current = Some(*node);
    let mut depth = 0;
    while let Some(element) = current {
        if depth > 40 {
            break;
        }
        let name = element.node_name().map(|name| name.to_ascii_lowercase()).unwrap_or_default();
        if matches!(name.as_str(), "aside" | "nav") {
            return true;
        }
        if matches!(name.as_str(), "article" | "main" | "body") {
            return false;
        }
        let names: Vec<String> = [element.attr("class"), element.attr("id")]
            .into_iter()
            .flatten()
            .map(|value| value.to_ascii_lowercase())
            .collect();
        if names.iter().any(|value| FURNITURE_CUES.iter().any(|cue| value.contains(cue))) {
            return true;
        }
        // The page's content wrapper: what lies outside it (a `main has-sidebar` layout) does
        // not make the date furniture.
        if names.iter().any(|value| value.contains("content") || value.contains("main")) {
            return false;
        }
        current = element.parent();
        depth += 1;
    }
    false
}

/// The first date in a short text that is not marked as an update, with `false`; else the first
/// update date, with `true` ("Letzte Änderung: 31.10.2023 Erschienen am: 01.11.2023" gives
/// 2023-11-01).
fn published_in_line(text: &str, order: DayOrder) -> Option<(String, bool)> {
    let found = find_dates(text, order);
    let mut updated = None;
    for date in found {
        let before = &text[date.start.saturating_sub(40)..date.start];
        let before = before.to_lowercase();
        if UPDATED_CUES.iter().any(|cue| before.contains(cue)) {
            updated.get_or_insert(date.date);
        } else {
            return Some((date.date, false));
        }
    }
    updated.map(|date| (date, true)).or_else(|| normalize_date(text).map(|date| (date, false)))
}

/// A date in the page title or the main heading (`<title>23.01.2022 - …</title>`).
fn heading_date(document: &Document, order: DayOrder) -> Option<String> {
    document.select("title, h1").nodes().iter().find_map(|node| {
        let text = node.text();
        (text.len() <= MAX_DATE_TEXT * 2).then(|| first_date(&text, order)).flatten()
    })
}

/// Words that mark a line's date as the last change, not the publication.
const UPDATED_CUES: &[&str] = &[
    "updated",
    "modified",
    "last edited",
    "aktualisiert",
    "geändert",
    "letzte änderung",
    "zuletzt",
    "mis à jour",
    "actualizado",
    "aggiornato",
    "bijgewerkt",
];

/// A date written on a short line of the page ("Published March 6, 2026", "Posted on 04/03/2021",
/// "Veröffentlicht am 16.08.2019"): the first in the page's first 60 %, preferring lines that say
/// the page was published or posted over lines that say it was updated.
fn text_date(page_text: &str, order: DayOrder) -> Option<String> {
    let lines: Vec<&str> =
        page_text.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
    let limit = (lines.len() * 3 / 5).max(1);
    let mut updated = None;
    for line in lines.iter().take(limit) {
        let words = line.split_whitespace().count();
        if words == 0 || words > 15 || !has_year(line) {
            continue;
        }
        let lower = line.to_lowercase();
        if lower.contains('©') || lower.contains("copyright") {
            continue;
        }
        let Some(date) = normalize_date(line).or_else(|| first_date(line, order)) else {
            continue;
        };
        if UPDATED_CUES.iter().any(|cue| lower.contains(cue)) {
            updated.get_or_insert(date);
            continue;
        }
        return Some(date);
    }
    updated
}

fn has_year(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_digit()).any(|digits| {
        (digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")))
            || digits.len() == 2
    })
}

/// `/2019/11/20/`, `/2019-11-20-`, `_2019_11_20`, `/20191120/`, `/20-11-2019-` in a URL's path:
/// the parts must be whole numbers joined by one separator, so `/2021/10/item_01` is no date.
fn url_date(url: &str) -> Option<String> {
    static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:^|[^0-9])((?:19|20)[0-9]{2})([/_-])([0-9]{1,2})([/_-])([0-9]{1,2})(?:[^0-9]|$)",
        )
        .expect("valid pattern")
    });
    static COMPACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[/_.-])((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})(?:[/_.-]|$)")
            .expect("valid pattern")
    });
    static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^0-9])([0-9]{2})([_-])([0-9]{2})([_-])((?:19|20)[0-9]{2})(?:[^0-9]|$)")
            .expect("valid pattern")
    });
    let path = url
        .split("://")
        .nth(1)
        .map_or(url, |rest| rest.split_once('/').map_or("", |(_, path)| path));
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let number = |text: &str| text.parse::<u32>().ok();
    let date = |year: &str, month: &str, day: &str| -> Option<String> {
        super::date::valid(year.parse().ok()?, number(month)?, number(day)?)
    };
    YEAR_FIRST
        .captures_iter(path)
        .filter(|caps| caps[2] == caps[4])
        .find_map(|caps| date(&caps[1], &caps[3], &caps[5]))
        .or_else(|| COMPACT.captures_iter(path).find_map(|caps| date(&caps[1], &caps[2], &caps[3])))
        .or_else(|| {
            DAY_FIRST
                .captures_iter(path)
                .filter(|caps| caps[2] == caps[4])
                .find_map(|caps| date(&caps[5], &caps[3], &caps[1]))
        })
}

/// The last resort: the date written most often anywhere in the page's visible text (ties go to
/// the one written first), when no line looks like a date line.
fn frequent_text_date(page_text: &str, order: DayOrder) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for found in find_dates(page_text, order) {
        if let Some((_, count)) = counts.iter_mut().find(|(date, _)| *date == found.date) {
            *count += 1;
        } else if counts.len() < 1000 {
            counts.push((found.date, 1));
        }
    }
    let best = counts.iter().map(|(_, count)| *count).max()?;
    counts.into_iter().find(|(_, count)| *count == best).map(|(date, _)| date)
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
            if let Some(name) = clean_author(&node.text())
                && name.split_whitespace().count() <= 6
            {
                return Some(name);
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
    fn meta_then_json_ld() {
        // Publishers' meta tags carry the local date; JSON-LD is often UTC (measured on the
        // htmldate set: meta first is right more often).
        check(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2023-09-05T08:00:00Z","author":[{"@type":"Person","name":"Jane Roe"}]}]}</script>
               <meta property="article:published_time" content="2023-09-06">"#,
            None,
            Some("2023-09-06"),
            Some("Jane Roe"),
        );
        check(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-09-05T08:00:00Z","dateModified":"2023-09-07"}</script><p>x</p>"#,
            None,
            Some("2023-09-05"),
            None,
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

    #[test]
    fn url_dates_need_whole_joined_numbers() {
        let cases = [
            ("https://example.com/news/2018/02/07/story.html", Some("2018-02-07")),
            ("https://example.com/2019-11-20-story", Some("2019-11-20")),
            ("https://example.com/a/20180207-story", Some("2018-02-07")),
            ("https://example.com/detail/~02-01-2022-land-zahlte", Some("2022-01-02")),
            ("https://example.com/files/2021_11_20_report.pdf", Some("2021-11-20")),
            ("https://example.com/2021/10/meldung_01_serie", None),
            ("https://example.com/ausgaben/2019-4/artikel/ausgabe-4-2019.html", None),
            ("https://example.com/web/20110106023242/page", None),
            ("https://example.com/item?date=2019-11-20", None),
        ];
        for (url, date) in cases {
            assert_eq!(url_date(url).as_deref(), date, "{url}");
        }
    }

    #[test]
    fn date_sources_in_order() {
        let cases: &[(&str, &str, Option<&str>, &str)] = &[
            // Generic meta names that say published, never modified.
            (
                r#"<meta name="sw-pubdate" content="2021-11-19"><meta name="last-updated" content="2021-12-01">"#,
                "",
                Some("2021-11-19"),
                "meta-generic",
            ),
            // Keyed dates in inline page state.
            (
                r#"<script>var state = {"title":"x","published_at":"2019-03-02T06:22:28+01:00"};</script>"#,
                "",
                Some("2019-03-02"),
                "script",
            ),
            // An abbr marked as the publication date, its title read.
            (
                r#"<abbr class="published" title="2019-06-27T10:21:40Z">jeudi 27 juin 2019</abbr>"#,
                "",
                Some("2019-06-27"),
                "time-marked",
            ),
            // A short element whose class says date, German numeric date.
            (
                r#"<html lang="de"><div class="news-single-timedata">05.02.2020 - Redaktion</div><p>Text</p></html>"#,
                "",
                Some("2020-02-05"),
                "date-element",
            ),
            // German month name in a byline.
            (
                r#"<p class="postmetadata">Dieser Beitrag wurde am Samstag, 3. Dezember 2011 veröffentlicht</p>"#,
                "",
                Some("2011-12-03"),
                "date-element",
            ),
            // Day-first slashes on a British page, month-first on an American one.
            (
                r#"<html lang="en-GB"><span class="time">02/10/2020</span></html>"#,
                "",
                Some("2020-10-02"),
                "date-element",
            ),
            (
                r#"<html lang="en-US"><span class="time">02/10/2020</span></html>"#,
                "",
                Some("2020-02-10"),
                "date-element",
            ),
            // A date line in the text, the published one over the updated one.
            (
                "<p>x</p>",
                "Menü\nAktualisiert am 4. Mai 2014\nVeröffentlicht am 16.08.2013\nText\nText\nText\nText",
                Some("2013-08-16"),
                "text",
            ),
            // Last resort: the date written most often anywhere.
            (
                "<p>x</p>",
                "A long paragraph that mentions 12.03.2019 and then goes on and on without end for many words here.\nAnother long paragraph, again 12.03.2019, with more words than a date line can hold at all here.\nOne more about 01.01.2018 with so many words that it cannot be a date line of any page at all.",
                Some("2019-03-12"),
                "text-anywhere",
            ),
            // A date in a comment, a sidebar or a list of other articles is not the page's.
            (
                r#"<div class="comment"><span class="comment-date">04.02.2022</span></div><aside><span class="post-date">09/09/2019</span></aside><div class="article-date">03.02.2022</div>"#,
                "",
                Some("2022-02-03"),
                "date-element",
            ),
            // A layout wrapper named `sidebar` outside the content wrapper is no sidebar.
            (
                r#"<div class="mainwrap sidebar"><div class="postcontent"><div class="post-meta"><a class="post-meta-time">08/08/2017</a></div></div></div>"#,
                "",
                Some("2017-08-08"),
                "date-element",
            ),
            // In a date line, the publication over the last change.
            (
                r#"<div class="rez_footer">Letzte Änderung: 31.10.2023 - 14:49 Erschienen am: 01.11.2023</div>"#,
                "",
                Some("2023-11-01"),
                "date-element",
            ),
            // The markup's publication date is never shown, its modification date is.
            (
                r#"<meta property="article:published_time" content="2021-11-29T14:13:37+00:00"><meta property="article:modified_time" content="2022-01-12T14:27:30+00:00">"#,
                "Fische\n12.01.2022\nText",
                Some("2022-01-12"),
                "modified-shown",
            ),
            // Both shown: the publication date stays.
            (
                r#"<meta property="article:published_time" content="2021-11-29T14:13:37+00:00"><meta property="article:modified_time" content="2022-01-12T14:27:30+00:00">"#,
                "Fische\n29.11.2021\nAktualisiert 12.01.2022",
                Some("2021-11-29"),
                "meta",
            ),
            // A meta date the page never shows gives way to the date its date element shows.
            (
                r#"<meta property="article:published_time" content="2022-01-15"><p>Text</p><span class="news-list-date">25.01.2022</span>"#,
                "Text\n25.01.2022",
                Some("2022-01-25"),
                "shown-element",
            ),
            // … but not when the page shows the meta date too.
            (
                r#"<meta property="article:published_time" content="2022-01-15"><p>Text</p><span class="news-list-date">25.01.2022</span>"#,
                "15.01.2022\nText\n25.01.2022",
                Some("2022-01-15"),
                "meta",
            ),
            // Meta tags in page order: the local `date` before a UTC published time.
            (
                r#"<meta name="sailthru.date" content="2023-11-08 22:35:29"><meta property="article:published_time" content="2023-11-09T06:35:29+00:00">"#,
                "",
                Some("2023-11-08"),
                "meta",
            ),
            ("<p>No date here at all.</p>", "No date here at all.", None, ""),
        ];
        for (html, text, date, source) in cases {
            let metadata = read(&Document::from(*html), None, text);
            assert_eq!(metadata.date.as_deref(), *date, "{html}");
            assert_eq!(metadata.date_source.unwrap_or(""), *source, "{html}");
        }
    }

    #[test]
    fn deeply_nested_date_wrappers_stay_cheap() {
        let depth = 5000;
        let html = format!(
            "{}<span class=\"date\">no date</span>{}",
            "<div class=\"meta\">x ".repeat(depth),
            "</div>".repeat(depth)
        );
        assert_eq!(page_date(&html, None), None);
    }

    #[test]
    fn page_date_reads_the_whole_page() {
        let html = r#"<html lang="de"><head><title>Bericht</title></head><body><h1>Bericht</h1><p class="info">10.06.2018 22:00</p><p>Text.</p></body></html>"#;
        assert_eq!(page_date(html, None).as_deref(), Some("2018-06-10"));
        assert_eq!(
            page_date_explained(html, Some("https://example.com/2017/01/02/x")),
            Some(("2017-01-02".to_owned(), "url"))
        );
        assert_eq!(page_date("", None), None);
        assert_eq!(page_date("<<<>>>\u{0}", None), None);
    }
}
