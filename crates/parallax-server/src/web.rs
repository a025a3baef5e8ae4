//! The web view: server-rendered pages (no JavaScript needed), assets built in.
//!
//! Every value from the database goes through `maud`'s escaping; nothing is marked pre-escaped
//! except the built-in stylesheet link.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use parallax_core::brief::{Brief, Cell, Claim, ClaimStatus, Modality, Source};
use parallax_core::facts::{EntityKind, StoryFacts};
use parallax_core::model::{Article, DocumentId, MatchKind, Story};
use parallax_store::Store;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;

use crate::{ServerError, State};

/// Bytes escaped in a path segment or a query value: all but RFC 3986's unreserved ones.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// An id as one path segment (`a/b` → `a%2Fb`, `x?y` → `x%3Fy`).
pub(crate) fn segment(id: &str) -> String {
    utf8_percent_encode(id, ESCAPED).to_string()
}

/// An id as a query value.
pub(crate) fn query_value(id: &str) -> String {
    utf8_percent_encode(id, ESCAPED).to_string()
}

/// The link to an article's page. Ids `.` and `..` cannot be a path segment (browsers resolve
/// them, escaped or not), so they go by query.
pub(crate) fn article_href(id: &DocumentId) -> String {
    let id = id.as_str();
    if id.is_empty() || id.chars().all(|c| c == '.') {
        format!("/article?id={}", query_value(id))
    } else {
        format!("/articles/{}", segment(id))
    }
}

/// The link to a story's page.
pub(crate) fn story_href(id: &str, page: usize) -> String {
    if page == 0 {
        format!("/stories/{}", segment(id))
    } else {
        format!("/stories/{}?page={}", segment(id), page + 1)
    }
}

/// The link to two articles side by side.
fn compare_href(a: &DocumentId, b: &DocumentId) -> String {
    format!("/compare?a={}&b={}", query_value(a.as_str()), query_value(b.as_str()))
}

/// Claims of the coverage table shown on a page (best corroborated first).
const MAX_COVERAGE_ROWS: usize = 80;
/// Claims listed per article in its provenance (the rest are counted).
const MAX_CLAIMS_LISTED: usize = 12;

/// A claim in a provenance list: its text, shortened, linking to its row of the coverage table.
fn claim_line(text_of: &HashMap<&str, &str>, claim: &str) -> Markup {
    let text = text_of.get(claim).copied().unwrap_or(claim);
    html! { a href={ "#claim-" (claim) } { (parallax_core::text::shorten(text, 140)) } }
}

/// Articles shown per page of a story; the brief's story-wide sections stay whole.
const ARTICLES_PER_PAGE: usize = 30;
/// The most items of one kind (people, dates, relations) a story page lists.
const MAX_LISTED: usize = 60;

static STYLE: &str = include_str!("../assets/style.css");

pub(crate) async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // First-strong isolate: an override inside the title ends with it.
                title { "\u{2068}" (title) "\u{2069} · Parallax" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "Parallax" }
                    form.search action="/" method="get" role="search" {
                        input type="search" name="q" placeholder="Search stories" aria-label="Search stories";
                        button type="submit" { "Search" }
                    }
                }
                main { (body) }
            }
        }
    }
}

/// An error as a small page with the right status.
fn error_page(error: ServerError) -> Response {
    let status = error.status();
    (status, page("Error", html! { h1 { "Error" } p.error { (error.to_string()) } }))
        .into_response()
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchQuery {
    q: Option<String>,
}

pub(crate) async fn index(
    state: State,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(query) = match query {
        Ok(query) => query,
        Err(rejection) => return error_page(ServerError::BadRequest(rejection.body_text())),
    };
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()).map(str::to_owned);
    rendered(state.read(move |store| index_page(store, q.as_deref())).await)
}

/// A page, or the error page a failure gives.
fn rendered(result: Result<Result<Response, ServerError>, ServerError>) -> Response {
    match result {
        Ok(Ok(response)) => response,
        Ok(Err(error)) | Err(error) => error_page(error),
    }
}

fn index_page(store: &Store, q: Option<&str>) -> Result<Response, ServerError> {
    let stories = crate::api::find_stories(store, q, 200, 0)?;
    let title = q.map_or("Stories".to_owned(), |q| format!("Stories matching “{q}”"));
    Ok(page(&title, html! {
        h1 { (title) }
        @if stories.is_empty() { p { "No story." } }
        ol.stories {
            @for story in &stories {
                li {
                    a href=(story_href(&story.id, 0)) { bdi { (story.label) } }
                    " "
                    span.count { (story.size) " article" @if story.size != 1 { "s" } }
                    @let names: Vec<&str> = story.entities.iter().take(6).map(String::as_str).collect();
                    @if !names.is_empty() { div.entities { bdi { (names.join(" · ")) } } }
                }
            }
        }
    })
    .into_response())
}

/// The page of a story page (`?page=2`).
#[derive(Debug, Deserialize)]
pub(crate) struct PageQuery {
    page: Option<usize>,
}

pub(crate) async fn story(
    state: State,
    Path(id): Path<String>,
    query: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let page_number = match query {
        Ok(Query(query)) => query.page.unwrap_or(1),
        Err(rejection) => return error_page(ServerError::BadRequest(rejection.body_text())),
    };
    if page_number == 0 {
        return error_page(ServerError::BadRequest("`page` counts from 1".into()));
    }
    rendered(state.read(move |store| story_page(store, &id, page_number - 1)).await)
}

fn story_page(store: &Store, id: &str, page_index: usize) -> Result<Response, ServerError> {
    let story = match crate::api::story_or_alias(store, id)? {
        Ok(story) => story,
        Err(target) => return Ok(crate::api::moved(&story_href(&target, page_index))),
    };
    let pages = story.articles.len().div_ceil(ARTICLES_PER_PAGE).max(1);
    if page_index >= pages {
        return Err(ServerError::NotFound(format!(
            "story `{}` has {pages} page{}",
            story.id,
            if pages == 1 { "" } else { "s" }
        )));
    }
    let shown: Vec<DocumentId> = story
        .articles
        .iter()
        .skip(page_index * ARTICLES_PER_PAGE)
        .take(ARTICLES_PER_PAGE)
        .cloned()
        .collect();
    // Titles of every member (for names in the brief), texts only of the page's.
    let summaries = store.summaries(&story.articles)?;
    let titles: Titles = summaries
        .into_iter()
        .map(|summary| (summary.id, (summary.title, summary.outlet, summary.date)))
        .collect();
    Ok(render_story(&story, &shown, &titles, page_index, pages).into_response())
}

type Titles = HashMap<DocumentId, (Option<String>, Option<String>, Option<String>)>;

fn render_story(
    story: &Story,
    shown: &[DocumentId],
    titles: &Titles,
    page_index: usize,
    pages: usize,
) -> Markup {
    let name = |id: &DocumentId| {
        titles
            .get(id)
            .and_then(|(title, _, _)| title.as_deref())
            .map(|title| parallax_core::text::shorten(title, 70))
            .unwrap_or_else(|| id.to_string())
    };
    let number = |id: &DocumentId| story.articles.iter().position(|member| member == id);
    let articles_view = Articles { name: &name, number: &number };
    let on_page: HashSet<&DocumentId> = shown.iter().collect();
    let brief = &story.brief;
    page(
        &story.label,
        html! {
            h1 { bdi { (story.label) } }
            p.meta {
                (story.articles.len()) " article" @if story.articles.len() != 1 { "s" }
                @if !brief.is_empty() {
                    " · " (brief.sources.len()) " independent source" @if brief.sources.len() != 1 { "s" }
                }
                @if !story.keywords.is_empty() { " · " (story.keywords.join(", ")) }
            }
            @if brief.is_empty() {
                p.note { "One article: nothing to compare." }
            } @else {
                (summary_section(brief))
                (corroborated_section(brief, &articles_view))
                (contradictions_section(brief, &articles_view))
            }
            section {
                h2 { "Articles" }
                (pager(&story.id, page_index, pages, story.articles.len()))
                table.articles {
                    thead { tr { th.num { "#" } th { "Article" } th { "Outlet" } th { "Date" } } }
                    tbody {
                        @for member in shown {
                            @let (_, outlet, date) = titles.get(member).cloned().unwrap_or_default();
                            tr {
                                td.num { (number(member).map_or(0, |n| n + 1)) }
                                td {
                                    a href=(article_href(member)) { bdi { (name(member)) } }
                                    @if story.originals.contains(member) { " " span.badge { "likely original" } }
                                }
                                td { bdi { (outlet.unwrap_or_default()) } }
                                td { (date.unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
            @if !brief.is_empty() {
                (coverage_section(brief, &articles_view, &on_page))
                (provenance_section(brief, &articles_view, &on_page))
            }
            (facts_section(&story.facts, &name, &on_page))
            @let relations: Vec<_> = story.relations.iter().filter(|r| on_page.contains(&r.a) || on_page.contains(&r.b)).take(MAX_LISTED * 2).collect();
            @if !relations.is_empty() {
                section {
                    h2 { "How the articles relate" }
                    ul.relations {
                        @for relation in relations {
                            li {
                                span class={ "kind " (relation.kind.as_str()) } { (relation.kind.as_str()) }
                                " " bdi { (name(&relation.a)) } " ↔ " bdi { (name(&relation.b)) }
                                " · coverage " (format!("{:.0}% / {:.0}%", relation.scores.coverage_a * 100.0, relation.scores.coverage_b * 100.0))
                                " · " a href=(compare_href(&relation.a, &relation.b)) { "side by side" }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// Links to the other pages of a story's article list.
fn pager(story: &str, page_index: usize, pages: usize, total: usize) -> Markup {
    html! {
        @if pages > 1 {
            nav.pager aria-label="Pages of articles" {
                "Articles " (page_index * ARTICLES_PER_PAGE + 1) "–" ((page_index * ARTICLES_PER_PAGE + ARTICLES_PER_PAGE).min(total)) " of " (total) ": "
                @for index in 0..pages {
                    @if index == page_index {
                        strong { (index + 1) }
                    } @else {
                        a href=(story_href(story, index)) { (index + 1) }
                    }
                    " "
                }
            }
        }
    }
}

/// How the brief's sections name a story's articles.
struct Articles<'a> {
    /// A short name (the title, shortened).
    name: &'a dyn Fn(&DocumentId) -> String,
    /// Its place in the story's article list (the `#` column), when it is a member.
    number: &'a dyn Fn(&DocumentId) -> Option<usize>,
}

impl Articles<'_> {
    /// `#n` for a member, else the id.
    fn label(&self, id: &DocumentId) -> String {
        (self.number)(id).map_or_else(|| id.to_string(), |index| format!("#{}", index + 1))
    }

    /// A link to the article: its number and short name.
    fn link(&self, id: &DocumentId) -> Markup {
        html! {
            a.article href=(article_href(id)) {
                span.num { (self.label(id)) } " " bdi { ((self.name)(id)) }
            }
        }
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

fn summary_section(brief: &Brief) -> Markup {
    html! {
        @if !brief.summary.is_empty() {
            section.summary {
                h2 { "Summary" }
                ul.summary {
                    @for line in &brief.summary {
                        li {
                            (line.text) " "
                            span.sources title={ "claim " (line.claim) } { "(" (plural(line.sources, "source", "sources")) ")" }
                        }
                    }
                }
            }
        }
    }
}

/// At most this many corroborated claims are shown with their wordings.
const CORROBORATED_SHOWN: usize = 25;

/// The corroborated claims, each with every article's own wording side by side.
fn corroborated_section(brief: &Brief, articles: &Articles<'_>) -> Markup {
    let corroborated: Vec<_> =
        brief.claims.iter().filter(|claim| claim.status == ClaimStatus::Corroborated).collect();
    html! {
        @if !corroborated.is_empty() {
            section #corroborated {
                h2 { "What several independent sources state" }
                @for claim in corroborated.iter().take(CORROBORATED_SHOWN) {
                    div.claim id=(claim.id) {
                        p.what {
                            (claim.text) " "
                            span.sources { "(" (plural(claim.sources, "independent source", "independent sources")) ")" }
                        }
                        ul.statements {
                            @for statement in &claim.statements {
                                li {
                                    q { (statement.text) }
                                    " " span.source { "(" (articles.label(&statement.article)) ")" }
                                }
                            }
                        }
                    }
                }
                @if corroborated.len() > CORROBORATED_SHOWN {
                    p.note { (corroborated.len() - CORROBORATED_SHOWN) " more in the story's JSON." }
                }
            }
        }
    }
}

fn modality_note(modality: Modality) -> Markup {
    html! {
        @if modality != Modality::Stated {
            " " span class={ "modality " (modality.as_str()) } { "(" (modality.as_str()) ")" }
        }
    }
}

fn contradictions_section(brief: &Brief, articles: &Articles<'_>) -> Markup {
    html! {
        @if !brief.contradictions.is_empty() {
            section #contradictions {
                h2 { "Where sources differ" }
                @for contradiction in &brief.contradictions {
                    div.contradiction id=(contradiction.id) data-kind=(contradiction.kind.as_str()) {
                        h3 {
                            span.kind { (contradiction.kind.as_str()) } " "
                            @if contradiction.change_over_time {
                                span.badge.change { "changed over time" }
                            } @else {
                                span.badge.conflict { "conflict" }
                            }
                        }
                        p.what { (contradiction.summary) }
                        ul.sides {
                            @for side in &contradiction.sides {
                                li.side {
                                    strong.value { (side.value) }
                                    (modality_note(side.modality))
                                    ": "
                                    @for (index, article) in side.articles.iter().enumerate() {
                                        @if index > 0 { ", " }
                                        (articles.link(article))
                                    }
                                    @if !side.statements.is_empty() {
                                        ul.statements {
                                            @for statement in &side.statements {
                                                li {
                                                    q { (statement.text) }
                                                    " " span.source { "(" (articles.label(&statement.article)) ")" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn cell_view(cell: Cell) -> (&'static str, &'static str) {
    match cell {
        Cell::States => ("✔", "states"),
        Cell::Contradicts => ("✘", "contradicts"),
        Cell::Silent => ("·", "is silent on"),
    }
}

fn coverage_section(
    brief: &Brief,
    articles: &Articles<'_>,
    on_page: &HashSet<&DocumentId>,
) -> Markup {
    let coverage = &brief.coverage;
    let claims: HashMap<&str, &Claim> =
        brief.claims.iter().map(|claim| (claim.id.as_str(), claim)).collect();
    // Columns in the story's article order (as numbered in the article table), this page's only.
    let mut columns: Vec<usize> =
        (0..coverage.articles.len()).filter(|&c| on_page.contains(&coverage.articles[c])).collect();
    columns.sort_by_key(|&column| {
        ((articles.number)(&coverage.articles[column]).unwrap_or(usize::MAX), column)
    });
    html! {
        @if !coverage.rows.is_empty() {
            section.coverage {
                h2 { "Who states what" }
                p.legend {
                    span.cell.states { "✔" } " states · "
                    span.cell.contradicts { "✘" } " contradicts · "
                    span.cell.silent { "·" } " silent"
                }
                @if coverage.rows.len() > MAX_COVERAGE_ROWS {
                    p.note { "The " (MAX_COVERAGE_ROWS) " best-corroborated of " (coverage.rows.len()) " claims; all are in the story's JSON (" code { "/api/stories/…" } ")." }
                }
                div.scroll {
                    table.coverage {
                        thead {
                            tr {
                                th scope="col" { "Claim" }
                                @for &column in &columns {
                                    @let id = &coverage.articles[column];
                                    th scope="col" {
                                        a href=(article_href(id)) title=((articles.name)(id)) { (articles.label(id)) }
                                    }
                                }
                            }
                        }
                        tbody {
                            @for row in coverage.rows.iter().take(MAX_COVERAGE_ROWS) {
                                @let claim = claims.get(row.claim.as_str());
                                tr id={ "claim-" (row.claim) } {
                                    th scope="row" {
                                        (claim.map_or(row.claim.as_str(), |claim| claim.text.as_str()))
                                        @if let Some(claim) = claim {
                                            " " span class={ "status " (claim.status.as_str()) } { (claim.status.as_str()) }
                                        }
                                    }
                                    @for &column in &columns {
                                        @let cell = row.cells.get(column).copied().unwrap_or(Cell::Silent);
                                        @let (symbol, verb) = cell_view(cell);
                                        td class={ "cell " (cell.as_str()) }
                                            title={ (articles.label(&coverage.articles[column])) " " (verb) } {
                                            (symbol)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn provenance_section(
    brief: &Brief,
    articles: &Articles<'_>,
    on_page: &HashSet<&DocumentId>,
) -> Markup {
    let text_of: HashMap<&str, &str> =
        brief.claims.iter().map(|claim| (claim.id.as_str(), claim.text.as_str())).collect();
    let sources: HashMap<&str, &Source> =
        brief.sources.iter().map(|source| (source.id.as_str(), source)).collect();
    html! {
        @if !brief.provenance.is_empty() {
            section.provenance {
                h2 { "Where each article comes from" }
                ul.provenance {
                    @for provenance in brief.provenance.iter().filter(|p| on_page.contains(&p.article)) {
                        li {
                            (articles.link(&provenance.article))
                            div.source {
                                "Source " (provenance.source)
                                @if let Some(source) = sources.get(provenance.source.as_str()).filter(|s| s.articles.len() > 1) {
                                    ", with "
                                    @for (index, other) in source.articles.iter().filter(|a| **a != provenance.article).enumerate() {
                                        @if index > 0 { ", " }
                                        (articles.label(other))
                                    }
                                    " (" (source.basis) ")"
                                }
                            }
                            @if !provenance.origins.is_empty() {
                                ul.origins {
                                    @for origin in &provenance.origins {
                                        li {
                                            @match (&origin.article, &origin.outlet) {
                                                (Some(article), _) if origin.kind == "article" => { "copies " (articles.link(article)) }
                                                (Some(article), _) => { "shares a source with " (articles.link(article)) }
                                                (_, Some(outlet)) => { "cites " strong { bdi { (outlet) } } }
                                                _ => { (origin.kind) }
                                            }
                                            " " span.basis { "(" (origin.basis) ")" }
                                        }
                                    }
                                }
                            }
                            p.counts {
                                (plural(provenance.unique_claims.len(), "claim only it states", "claims only it states"))
                                " · leaves out "
                                (plural(provenance.omitted_claims.len(), "corroborated claim", "corroborated claims"))
                            }
                            @if !provenance.unique_claims.is_empty() {
                                details.unique {
                                    summary { "Claims only it states (" (provenance.unique_claims.len()) ")" }
                                    ul {
                                        @for claim in provenance.unique_claims.iter().take(MAX_CLAIMS_LISTED) { li { (claim_line(&text_of, claim)) } }
                                        @if provenance.unique_claims.len() > MAX_CLAIMS_LISTED { li.more { "… and " (provenance.unique_claims.len() - MAX_CLAIMS_LISTED) " more" } }
                                    }
                                }
                            }
                            @if !provenance.omitted_claims.is_empty() {
                                details.omitted {
                                    summary { "Corroborated claims it leaves out (" (provenance.omitted_claims.len()) ")" }
                                    ul {
                                        @for claim in provenance.omitted_claims.iter().take(MAX_CLAIMS_LISTED) { li { (claim_line(&text_of, claim)) } }
                                        @if provenance.omitted_claims.len() > MAX_CLAIMS_LISTED { li.more { "… and " (provenance.omitted_claims.len() - MAX_CLAIMS_LISTED) " more" } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn facts_section(
    facts: &StoryFacts,
    name: &impl Fn(&DocumentId) -> String,
    on_page: &HashSet<&DocumentId>,
) -> Markup {
    html! {
        @for (kind, heading) in [(EntityKind::Person, "People"), (EntityKind::Organization, "Organisations"), (EntityKind::Place, "Places")] {
            @let entities: Vec<_> = facts.entities.iter().filter(|e| e.kind == kind).take(MAX_LISTED).collect();
            @if !entities.is_empty() {
                section {
                    h2 { (heading) }
                    ul.entities {
                        @for entity in entities {
                            li {
                                strong { (entity.name) }
                                @let others: Vec<&str> = entity.aliases.iter().map(String::as_str).filter(|a| *a != entity.name).collect();
                                @if !others.is_empty() { " " span.aliases { "also " (others.join(", ")) } }
                                @if let Some(role) = entity.roles.first() { " — " (role) }
                                @if let Some(geo) = &entity.geo {
                                    " " span.geo { (geo.country)
                                        @if let (Some(lat), Some(lon)) = (geo.lat, geo.lon) { " " (format!("{lat:.2}, {lon:.2}")) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        @let quotes: Vec<_> = facts.quotes.iter()
            .filter(|q| on_page.contains(&q.article) && parallax_core::facts::speaker_kind(&q.quote).is_speaker())
            .take(MAX_LISTED * 2).collect();
        @if !quotes.is_empty() {
            section {
                h2 { "Who said what" }
                ul.quotes {
                    @for quote in quotes {
                        li {
                            strong { bdi { (quote.quote.speaker.as_deref().unwrap_or("unattributed")) } }
                            @if let Some(cue) = &quote.quote.cue { " " span.cue { (cue) } }
                            ": "
                            @if quote.quote.direct { q { (quote.quote.content) } } @else { (quote.quote.content) }
                            " " span.source { "(" bdi { (name(&quote.article)) } ")" }
                        }
                    }
                }
            }
        }
        @if !facts.timeline.is_empty() {
            section {
                h2 { "Timeline" }
                ol.timeline {
                    @for entry in facts.timeline.iter().take(MAX_LISTED) {
                        li {
                            span.when { (entry.start) @if entry.end != entry.start { " – " (entry.end) } }
                            @if let Some(first) = entry.mentions.first() {
                                span.what { (first.sentence) }
                                span.source { " (" bdi { (entry.mentions.iter().take(8).map(|m| name(&m.article)).collect::<Vec<_>>().join("; ")) } @if entry.mentions.len() > 8 { " …" } ")" }
                            }
                        }
                    }
                }
            }
        }
        @let figures: Vec<_> = facts.figures.iter().filter(|f| on_page.contains(&f.article)).take(MAX_LISTED * 2).collect();
        @if !figures.is_empty() {
            section {
                h2 { "Figures" }
                ul.figures {
                    @for figure in figures {
                        li { (figure.figure.text) " " span.source { "(" bdi { (name(&figure.article)) } ")" } }
                    }
                }
            }
        }
        @if !facts.citations.is_empty() {
            section {
                h2 { "Cited outlets" }
                ul.citations {
                    @for citation in facts.citations.iter().take(MAX_LISTED) {
                        li { strong { bdi { (citation.outlet) } } " " span.source { "(" bdi { (citation.articles.iter().take(8).map(name).collect::<Vec<_>>().join("; ")) } @if citation.articles.len() > 8 { " …" } ")" } }
                    }
                }
            }
        }
    }
}

pub(crate) async fn article(state: State, Path(id): Path<String>) -> Response {
    rendered(state.read(move |store| article_page(store, DocumentId::new(id))).await)
}

/// The article whose id comes by query (`/article?id=..`): for ids that cannot be a path
/// segment.
#[derive(Debug, Deserialize)]
pub(crate) struct IdQuery {
    id: String,
}

pub(crate) async fn article_by_query(
    state: State,
    query: Result<Query<IdQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    match query {
        Ok(Query(query)) => {
            rendered(state.read(move |store| article_page(store, DocumentId::new(query.id))).await)
        }
        Err(rejection) => error_page(ServerError::BadRequest(rejection.body_text())),
    }
}

fn article_page(store: &Store, id: DocumentId) -> Result<Response, ServerError> {
    let article =
        store.article(&id)?.ok_or_else(|| ServerError::NotFound(format!("no article `{id}`")))?;
    let title = article.title.clone().unwrap_or_else(|| id.to_string());
    Ok(page(&title, html! {
        article.full {
            h1 { bdi { (title) } }
            p.meta {
                bdi { (article.origin.to_string()) }
                @if let Some(outlet) = &article.outlet { " · " bdi { (outlet) } }
                @if let Some(date) = &article.date { " · " (date) }
            }
            @for paragraph in &article.paragraphs { p { (paragraph.slice(&article.text)) } }
        }
        @if !article.removed.is_empty() {
            section.removed {
                h2 { "Removed as boilerplate" }
                ul { @for removal in &article.removed { li { span.reason { (removal.reason.as_str()) } " " bdi { (removal.text) } } } }
            }
        }
    })
    .into_response())
}

pub(crate) async fn compare(
    state: State,
    pair: Result<Query<crate::api::PairQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(pair) = match pair {
        Ok(pair) => pair,
        Err(rejection) => return error_page(ServerError::BadRequest(rejection.body_text())),
    };
    rendered(state.read(move |store| compare_page(store, pair)).await)
}

fn compare_page(store: &Store, pair: crate::api::PairQuery) -> Result<Response, ServerError> {
    let (a, b) = (DocumentId::new(pair.a), DocumentId::new(pair.b));
    let (_, relation) = store
        .relation_between(&a, &b)?
        .ok_or_else(|| ServerError::NotFound(format!("articles `{a}` and `{b}` share no story")))?;
    let (Some(left), Some(right)) = (store.article(&relation.a)?, store.article(&relation.b)?)
    else {
        return Err(ServerError::NotFound("an article of the pair is missing".into()));
    };
    let mut marks_a: HashMap<usize, MatchKind> = HashMap::new();
    let mut marks_b: HashMap<usize, MatchKind> = HashMap::new();
    for pair in relation.pairs() {
        marks_a.insert(pair.a, pair.kind);
        marks_b.insert(pair.b, pair.kind);
    }
    let column = |article: &Article, marks: &HashMap<usize, MatchKind>| {
        html! {
            div.column {
                h2 { a href=(article_href(&article.id)) { bdi { (article.title.clone().unwrap_or_else(|| article.id.to_string())) } } }
                p {
                    @for (index, span) in article.sentences.iter().enumerate() {
                        @match marks.get(&index) {
                            Some(kind) => { mark class={ "s " (kind.as_str()) } title=(kind.as_str()) { (span.slice(&article.text)) } " " }
                            None => { span.s { (span.slice(&article.text)) } " " }
                        }
                    }
                }
                @if !article.removed.is_empty() {
                    div.removed { @for removal in &article.removed { p { bdi { (removal.text) } } } }
                }
            }
        }
    };
    Ok(page("Side by side", html! {
        h1 { "Side by side" }
        p.meta {
            span class={ "kind " (relation.kind.as_str()) } { (relation.kind.as_str()) }
            " · coverage " (format!("{:.0}% / {:.0}%", relation.scores.coverage_a * 100.0, relation.scores.coverage_b * 100.0))
            " · " span.legend { mark.s.exact { "exact" } " " mark.s.near { "near" } " " mark.s.paraphrase { "paraphrase" } }
        }
        div.compare { (column(&left, &marks_a)) (column(&right, &marks_b)) }
    })
    .into_response())
}
