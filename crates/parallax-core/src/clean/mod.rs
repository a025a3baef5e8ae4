//! Cleaning: here is a raw document, give me the article (stage 2 of the pipeline).
//!
//! HTML goes through the main-text extractor ([`extract_html`]); plain text through the
//! boilerplate classifier ([`clean_text`]). Both results are then normalised
//! ([`crate::text::normalize`]) and cut into paragraphs and sentences, the language is detected,
//! and the article gets its id, outlet, title and date from the input's metadata first and the
//! page second.

mod date;
mod date_scan;
mod extract;
mod html;
mod lines;
mod metadata;
mod nesting;
pub mod page_type;
mod text;

use std::collections::HashSet;

use crate::model::{
    Article, Body, Diagnostic, DocumentId, PageType, RawDocument, Removal, RemovalReason,
    SourceFormat,
};
use crate::text::{detect_language, normalize, split_paragraphs, split_sentences};

pub use date::normalize_date;
pub use html::{HtmlCleanConfig, HtmlEngine, HtmlExtraction, extract_html, page_text};
pub use metadata::{page_date, page_date_explained};
pub use nesting::{MAX_ATTRIBUTES, MAX_DEPTH, MAX_ELEMENTS, TreeLimits, limit_nesting, limit_tree};
pub use text::{CleanedText, LineKey, LineStats, TextCleanConfig, TextContext, clean_text};

/// At most this many removed lines are kept per article (a page has a few hundred at most; a
/// text of a million repeated lines would otherwise store each).
pub const MAX_REMOVALS: usize = 5_000;

/// Settings of the cleaning stage.
#[derive(Debug, Clone, Default)]
pub struct CleanConfig {
    /// Plain-text boilerplate removal.
    pub text: TextCleanConfig,
    /// HTML main-text extraction.
    pub html: HtmlCleanConfig,
}

/// The date of a plain-text article without one in its metadata, from its dateline: a short
/// line that holds a full date ("Fri., May 3, 2013 11:45 AM PDT", "11/30/09 05:40 PM ET",
/// "WASHINGTON, April 28, 2009") among the lines removed as page header or byline, and the
/// article's first paragraphs. A date banner ("Friday, June 21, 2024" beside the weather) is the
/// day of the visit, not of the article, and is not taken. A date inside a sentence is an event's, not the article's, and is not taken.
fn dateline(cleaned: &CleanedText) -> Option<String> {
    const MAX_WORDS: usize = 10;
    const FIRST_PARAGRAPHS: usize = 2;
    let before = cleaned
        .removed
        .iter()
        .filter(|removal| {
            matches!(removal.reason, RemovalReason::BeforeArticle | RemovalReason::Byline)
        })
        .map(|removal| removal.text.as_str());
    let first = cleaned.text.split("\n\n").take(FIRST_PARAGRAPHS);
    before
        .chain(first)
        .filter(|line| line.split_whitespace().count() <= MAX_WORDS)
        .find_map(|line| date_scan::first_date(line, date_scan::DayOrder::MonthFirst))
}

/// The line keys a document adds to its batch's [`LineStats`] (none for HTML), as
/// `pipeline::line_stats` counts them.
pub fn observed_lines(raw: &RawDocument) -> Vec<LineKey> {
    match &raw.body {
        Body::Text(text) => {
            let outlet = raw.outlet.clone().or_else(|| raw.url.as_deref().and_then(domain_of));
            LineStats::keys(outlet.as_deref(), text)
        }
        Body::Html(_) => Vec::new(),
    }
}

/// The line keys [`clean`] may look up in the batch's [`LineStats`] for this document (none for
/// HTML): the table restricted to them ([`LineStats::from_counts`]) cleans it as the whole
/// table does. The lines are those of the normalised text, which cleaning reads.
pub fn looked_up_lines(raw: &RawDocument) -> Vec<LineKey> {
    match &raw.body {
        Body::Text(text) => {
            let outlet = raw.outlet.clone().or_else(|| raw.url.as_deref().and_then(domain_of));
            LineStats::keys(outlet.as_deref(), &normalize(text))
        }
        Body::Html(_) => Vec::new(),
    }
}

/// Cleans one document. `stats` are the batch's line statistics (see [`LineStats`]), if built.
///
/// Returns the article and any warnings, or a diagnostic when no article text is left.
pub fn clean(
    raw: &RawDocument,
    stats: Option<&LineStats>,
    config: &CleanConfig,
) -> Result<(Article, Vec<Diagnostic>), Diagnostic> {
    let outlet = raw.outlet.clone().or_else(|| raw.url.as_deref().and_then(domain_of));
    let metadata_date = raw.date.as_deref().and_then(normalize_date);
    let mut diagnostics = Vec::new();
    if let (Some(written), None) = (&raw.date, &metadata_date)
        && !written.trim().is_empty()
    {
        diagnostics.push(Diagnostic::warning(
            raw.origin.clone(),
            format!("date `{written}` not understood; ignored"),
        ));
    }
    let (format, title, author, date, text, removed, page_type) = match &raw.body {
        Body::Html(html) => {
            let (html, limits) = limit_tree(html);
            if limits.any() {
                diagnostics.push(Diagnostic::warning(raw.origin.clone(), limits.describe()));
            }
            let html = html.as_ref();
            let extraction = extract_html(html, raw.url.as_deref(), &config.html)
                .map_err(|message| Diagnostic::error(raw.origin.clone(), message))?;
            let text = paragraphs_text(&normalize(&extraction.text));
            let page = extraction.page_text.unwrap_or_else(|| page_text(html));
            let removed = outside_main_content(&page, &text, extraction.title.as_deref());
            (
                SourceFormat::Html,
                raw.title.clone().or(extraction.title),
                extraction.author,
                metadata_date.or(extraction.date),
                text,
                removed,
                extraction.page_type,
            )
        }
        Body::Text(body) => {
            let normalized = normalize(body);
            let context =
                TextContext { outlet: outlet.as_deref(), stats, title: raw.title.as_deref() };
            let cleaned = clean_text(&normalized, context, &config.text);
            let date = metadata_date.or_else(|| dateline(&cleaned));
            (
                SourceFormat::Text,
                raw.title.clone().or(cleaned.title),
                None,
                date,
                cleaned.text,
                cleaned.removed,
                PageType::Article,
            )
        }
    };
    if !text.chars().any(char::is_alphanumeric) {
        let what = match format {
            SourceFormat::Html => "no main text found in the page",
            SourceFormat::Text => "no article text left after removing boilerplate",
        };
        return Err(Diagnostic::error(raw.origin.clone(), what));
    }
    let title =
        title.map(|title| normalize(&title).replace('\n', " ")).filter(|title| !title.is_empty());
    let mut removed = removed;
    if removed.len() > MAX_REMOVALS {
        diagnostics.push(Diagnostic::warning(
            raw.origin.clone(),
            format!(
                "more than {MAX_REMOVALS} lines were removed as boilerplate; only the first \
                 {MAX_REMOVALS} are listed"
            ),
        ));
        removed.truncate(MAX_REMOVALS);
    }
    let id = match &raw.id {
        Some(id) => DocumentId::new(id.trim()),
        None => DocumentId::from_content(&text),
    };
    let article = Article {
        id,
        origin: raw.origin.clone(),
        format,
        url: raw.url.clone(),
        outlet,
        title,
        author,
        date,
        paragraphs: split_paragraphs(&text),
        sentences: split_sentences(&text),
        language: detect_language(&text),
        text,
        removed,
        page_type,
    };
    Ok((article, diagnostics))
}

/// The lines of a page's visible text that the extractor left out, each with the furniture reason
/// its form gives, else "outside the main content". Repeated lines are reported once; `line`
/// counts lines of the normalised visible text.
fn outside_main_content(page: &str, text: &str, title: Option<&str>) -> Vec<Removal> {
    let kept: HashSet<&str> = text.lines().map(str::trim).collect();
    let mut reported: HashSet<&str> = HashSet::new();
    let page = normalize(page);
    let mut removed = Vec::new();
    for (index, line) in page.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || kept.contains(line) || Some(line) == title || !reported.insert(line) {
            continue;
        }
        if removed.len() > MAX_REMOVALS {
            // One past the cap is enough for the caller to say that some were left out.
            break;
        }
        let reason = lines::furniture(line, &lines::Shape::of(line))
            .map_or(RemovalReason::OutsideMainContent, |(reason, _)| reason);
        let line_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        removed.push(Removal { line: line_number, text: line.to_owned(), reason });
    }
    removed
}

/// Joins non-empty lines with blank lines, so every line is a paragraph.
fn paragraphs_text(text: &str) -> String {
    text.lines().map(str::trim).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// The host of a URL without a leading `www.`.
pub fn domain_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    fn date_of(text: &str) -> Option<String> {
        let mut raw = RawDocument::new(Origin::file("t"), Body::Text(text.to_owned()));
        raw.title = Some("Lohan checks into rehab".to_owned());
        clean(&raw, None, &CleanConfig::default()).expect("an article").0.date
    }

    #[test]
    fn a_text_without_a_date_takes_its_datelines() {
        let body = "Lohan checks into rehab\n\nFri., May 3, 2013 11:45 AM PDT\n\nEarly Friday \
                    morning, the 26-year-old actress checked into the Betty Ford Center in Rancho \
                    Mirage, her lawyer said.\n\nShe had been ordered by a judge to spend 90 days \
                    in a locked facility.";
        assert_eq!(date_of(body).as_deref(), Some("2013-05-03"));
    }

    #[test]
    fn a_date_inside_a_sentence_is_not_the_articles() {
        let body = "Lohan checks into rehab\n\nThe actress, who was first sent to rehab on May 3, \
                    2007 by a judge in Los Angeles, checked in again on Friday, her lawyer said.\n\n\
                    She had been ordered to spend 90 days in a locked facility.";
        assert_eq!(date_of(body), None);
    }
}
