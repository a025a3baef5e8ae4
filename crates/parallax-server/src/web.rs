//! The web view: server-rendered pages (no JavaScript needed), assets built in.
//!
//! Every value from the database goes through `maud`'s escaping; nothing is marked pre-escaped
//! except the built-in stylesheet link.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use parallax_core::brief::{Brief, Cell, Claim, Modality, Source};
use parallax_core::facts::{EntityKind, StoryFacts};
use parallax_core::model::{Article, DocumentId, MatchKind};
use serde::Deserialize;

use crate::{ServerError, State};

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
                title { (title) " · Parallax" }
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

pub(crate) async fn index(state: State, Query(query): Query<SearchQuery>) -> Response {
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let store = state.store();
    let stories = match crate::api::find_stories(&store, q, 200, 0) {
        Ok(stories) => stories,
        Err(error) => return error_page(error),
    };
    let title = q.map_or("Stories".to_owned(), |q| format!("Stories matching “{q}”"));
    page(&title, html! {
        h1 { (title) }
        @if stories.is_empty() { p { "No story." } }
        ol.stories {
            @for story in &stories {
                li {
                    a href={ "/stories/" (story.id) } { (story.label) }
                    " "
                    span.count { (story.articles.len()) " article" @if story.articles.len() != 1 { "s" } }
                    @let names: Vec<&str> = story.facts.entities.iter().take(6).map(|e| e.name.as_str()).collect();
                    @if !names.is_empty() { div.entities { (names.join(" · ")) } }
                }
            }
        }
    })
    .into_response()
}

fn short(article: Option<&Article>, id: &DocumentId) -> String {
    article
        .and_then(|a| a.title.clone())
        .map(|title| parallax_core::text::shorten(&title, 70))
        .unwrap_or_else(|| id.to_string())
}

pub(crate) async fn story(state: State, Path(id): Path<String>) -> Response {
    let store = state.store();
    let story = match store.story(&id) {
        Ok(Some(story)) => story,
        Ok(None) => return error_page(ServerError::NotFound(format!("no story `{id}`"))),
        Err(error) => return error_page(error.into()),
    };
    let mut articles: HashMap<DocumentId, Article> = HashMap::new();
    for member in &story.articles {
        if let Ok(Some(article)) = store.article(member) {
            articles.insert(member.clone(), article);
        }
    }
    let name = |id: &DocumentId| short(articles.get(id), id);
    let number = |id: &DocumentId| story.articles.iter().position(|member| member == id);
    let articles_view = Articles { name: &name, number: &number };
    let brief = &story.brief;
    page(&story.label, html! {
        h1 { (story.label) }
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
            (contradictions_section(brief, &articles_view))
        }
        section {
            h2 { "Articles" }
            table.articles {
                thead { tr { th.num { "#" } th { "Article" } th { "Outlet" } th { "Date" } } }
                tbody {
                    @for (index, member) in story.articles.iter().enumerate() {
                        @let article = articles.get(member);
                        tr {
                            td.num { (index + 1) }
                            td {
                                a href={ "/articles/" (member) } { (name(member)) }
                                @if story.originals.contains(member) { " " span.badge { "likely original" } }
                            }
                            td { (article.and_then(|a| a.outlet.clone()).unwrap_or_default()) }
                            td { (article.and_then(|a| a.date.clone()).unwrap_or_default()) }
                        }
                    }
                }
            }
        }
        @if !brief.is_empty() {
            (coverage_section(brief, &articles_view))
            (provenance_section(brief, &articles_view))
        }
        (facts_section(&story.facts, &name))
        @if !story.relations.is_empty() {
            section {
                h2 { "How the articles relate" }
                ul.relations {
                    @for relation in &story.relations {
                        li {
                            span class={ "kind " (relation.kind.as_str()) } { (relation.kind.as_str()) }
                            " " (name(&relation.a)) " ↔ " (name(&relation.b))
                            " · coverage " (format!("{:.0}% / {:.0}%", relation.scores.coverage_a * 100.0, relation.scores.coverage_b * 100.0))
                            " · " a href={ "/compare?a=" (relation.a) "&b=" (relation.b) } { "side by side" }
                        }
                    }
                }
            }
        }
    })
    .into_response()
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
            a.article href={ "/articles/" (id) } {
                span.num { (self.label(id)) } " " ((self.name)(id))
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

fn coverage_section(brief: &Brief, articles: &Articles<'_>) -> Markup {
    let coverage = &brief.coverage;
    let claims: HashMap<&str, &Claim> =
        brief.claims.iter().map(|claim| (claim.id.as_str(), claim)).collect();
    // Columns in the story's article order (as numbered in the article table).
    let mut columns: Vec<usize> = (0..coverage.articles.len()).collect();
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
                div.scroll {
                    table.coverage {
                        thead {
                            tr {
                                th scope="col" { "Claim" }
                                @for &column in &columns {
                                    @let id = &coverage.articles[column];
                                    th scope="col" {
                                        a href={ "/articles/" (id) } title=((articles.name)(id)) { (articles.label(id)) }
                                    }
                                }
                            }
                        }
                        tbody {
                            @for row in &coverage.rows {
                                @let claim = claims.get(row.claim.as_str());
                                tr {
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
                                            title={ (articles.label(&coverage.articles[column])) " " ((articles.name)(&coverage.articles[column])) " " (verb) " " (row.claim) } {
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

fn provenance_section(brief: &Brief, articles: &Articles<'_>) -> Markup {
    let text_of: HashMap<&str, &str> =
        brief.claims.iter().map(|claim| (claim.id.as_str(), claim.text.as_str())).collect();
    let sources: HashMap<&str, &Source> =
        brief.sources.iter().map(|source| (source.id.as_str(), source)).collect();
    html! {
        @if !brief.provenance.is_empty() {
            section.provenance {
                h2 { "Where each article comes from" }
                ul.provenance {
                    @for provenance in &brief.provenance {
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
                                                (_, Some(outlet)) => { "cites " strong { (outlet) } }
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
                                    ul { @for claim in &provenance.unique_claims { li { (text_of.get(claim.as_str()).copied().unwrap_or(claim.as_str())) } } }
                                }
                            }
                            @if !provenance.omitted_claims.is_empty() {
                                details.omitted {
                                    summary { "Corroborated claims it leaves out (" (provenance.omitted_claims.len()) ")" }
                                    ul { @for claim in &provenance.omitted_claims { li { (text_of.get(claim.as_str()).copied().unwrap_or(claim.as_str())) } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn facts_section(facts: &StoryFacts, name: &impl Fn(&DocumentId) -> String) -> Markup {
    html! {
        @for (kind, heading) in [(EntityKind::Person, "People"), (EntityKind::Organization, "Organisations"), (EntityKind::Place, "Places")] {
            @let entities: Vec<_> = facts.entities.iter().filter(|e| e.kind == kind).collect();
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
        @if !facts.quotes.is_empty() {
            section {
                h2 { "Who said what" }
                ul.quotes {
                    @for quote in &facts.quotes {
                        li {
                            strong { (quote.quote.speaker.as_deref().unwrap_or("unattributed")) }
                            @if let Some(cue) = &quote.quote.cue { " " span.cue { (cue) } }
                            ": "
                            @if quote.quote.direct { q { (quote.quote.content) } } @else { (quote.quote.content) }
                            " " span.source { "(" (name(&quote.article)) ")" }
                        }
                    }
                }
            }
        }
        @if !facts.timeline.is_empty() {
            section {
                h2 { "Timeline" }
                ol.timeline {
                    @for entry in &facts.timeline {
                        li {
                            span.when { (entry.start) @if entry.end != entry.start { " – " (entry.end) } }
                            @if let Some(first) = entry.mentions.first() {
                                span.what { (first.sentence) }
                                span.source { " (" (entry.mentions.iter().map(|m| name(&m.article)).collect::<Vec<_>>().join("; ")) ")" }
                            }
                        }
                    }
                }
            }
        }
        @if !facts.figures.is_empty() {
            section {
                h2 { "Figures" }
                ul.figures {
                    @for figure in &facts.figures {
                        li { (figure.figure.text) " " span.source { "(" (name(&figure.article)) ")" } }
                    }
                }
            }
        }
        @if !facts.citations.is_empty() {
            section {
                h2 { "Cited outlets" }
                ul.citations {
                    @for citation in &facts.citations {
                        li { strong { (citation.outlet) } " " span.source { "(" (citation.articles.iter().map(name).collect::<Vec<_>>().join("; ")) ")" } }
                    }
                }
            }
        }
    }
}

pub(crate) async fn article(state: State, Path(id): Path<String>) -> Response {
    let store = state.store();
    let id = DocumentId::new(id);
    let article = match store.article(&id) {
        Ok(Some(article)) => article,
        Ok(None) => return error_page(ServerError::NotFound(format!("no article `{id}`"))),
        Err(error) => return error_page(error.into()),
    };
    let title = article.title.clone().unwrap_or_else(|| id.to_string());
    page(&title, html! {
        article.full {
            h1 { (title) }
            p.meta {
                (article.origin.to_string())
                @if let Some(outlet) = &article.outlet { " · " (outlet) }
                @if let Some(date) = &article.date { " · " (date) }
            }
            @for paragraph in &article.paragraphs { p { (paragraph.slice(&article.text)) } }
        }
        @if !article.removed.is_empty() {
            section.removed {
                h2 { "Removed as boilerplate" }
                ul { @for removal in &article.removed { li { span.reason { (removal.reason.as_str()) } " " (removal.text) } } }
            }
        }
    })
    .into_response()
}

#[derive(Debug, Deserialize)]
pub(crate) struct PairQuery {
    a: String,
    b: String,
}

pub(crate) async fn compare(
    state: State,
    pair: Result<Query<PairQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Query(pair) = match pair {
        Ok(pair) => pair,
        Err(rejection) => return error_page(ServerError::BadRequest(rejection.body_text())),
    };
    let store = state.store();
    let (a, b) = (DocumentId::new(pair.a), DocumentId::new(pair.b));
    let relation = match crate::api::relation_of(&store, &a, &b) {
        Ok(Some(relation)) => relation,
        Ok(None) => {
            return error_page(ServerError::NotFound(format!(
                "articles `{a}` and `{b}` share no story"
            )));
        }
        Err(error) => return error_page(error),
    };
    let (Ok(Some(left)), Ok(Some(right))) =
        (store.article(&relation.a), store.article(&relation.b))
    else {
        return error_page(ServerError::NotFound("an article of the pair is missing".into()));
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
                h2 { a href={ "/articles/" (article.id) } { (article.title.clone().unwrap_or_else(|| article.id.to_string())) } }
                p {
                    @for (index, span) in article.sentences.iter().enumerate() {
                        @match marks.get(&index) {
                            Some(kind) => { mark class={ "s " (kind.as_str()) } title=(kind.as_str()) { (span.slice(&article.text)) } " " }
                            None => { span.s { (span.slice(&article.text)) } " " }
                        }
                    }
                }
                @if !article.removed.is_empty() {
                    div.removed { @for removal in &article.removed { p { (removal.text) } } }
                }
            }
        }
    };
    page("Side by side", html! {
        h1 { "Side by side" }
        p.meta {
            span class={ "kind " (relation.kind.as_str()) } { (relation.kind.as_str()) }
            " · coverage " (format!("{:.0}% / {:.0}%", relation.scores.coverage_a * 100.0, relation.scores.coverage_b * 100.0))
            " · " span.legend { mark.s.exact { "exact" } " " mark.s.near { "near" } " " mark.s.paraphrase { "paraphrase" } }
        }
        div.compare { (column(&left, &marks_a)) (column(&right, &marks_b)) }
    })
    .into_response()
}
