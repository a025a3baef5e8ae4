//! The web view: server-rendered pages (no JavaScript needed), assets built in.
//!
//! Every value from the database goes through `maud`'s escaping; nothing is marked pre-escaped
//! except the built-in stylesheet link.

use std::collections::HashMap;

use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
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
    page(&story.label, html! {
        h1 { (story.label) }
        p.meta { (story.articles.len()) " articles · " (story.keywords.join(", ")) }
        section {
            h2 { "Articles" }
            table.articles {
                thead { tr { th { "Article" } th { "Outlet" } th { "Date" } } }
                tbody {
                    @for member in &story.articles {
                        @let article = articles.get(member);
                        tr {
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
