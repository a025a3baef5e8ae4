//! In-process tests of every endpoint and page (`tower::ServiceExt::oneshot`), on a store built
//! from the demo corpus.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use parallax_core::ingest::{self, IngestEvent};
use parallax_core::pipeline::{Pipeline, PipelineConfig};
use parallax_server::{ServerConfig, router};
use parallax_store::Store;
use serde_json::Value;
use tower::ServiceExt as _;

const TOKEN: &str = "s3cret-token";

/// The demo corpus, analysed and stored in `folder`'s `parallax.db`.
fn seeded_database(folder: &std::path::Path) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/kim-putin");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    let mut pipeline = Pipeline::new(PipelineConfig::default());
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let name = format!("kim-putin/{}", path.file_name().unwrap().to_string_lossy());
        for event in ingest::read(&name, bytes.as_slice(), None, &Default::default()) {
            if let IngestEvent::Document(document) = event {
                pipeline.add(document);
            }
        }
    }
    let mut output = pipeline.run();
    let database = folder.join("parallax.db");
    let mut store = Store::open(&database).unwrap();
    store.insert_articles(&output.articles).unwrap();
    let pairs: Vec<_> = output.articles.iter().map(|a| &a.id).zip(output.facts.iter()).collect();
    assert!(store.put_facts(&pairs).unwrap().is_empty());
    store.replace_stories(&mut output.stories).unwrap();
    database
}

/// The application over a seeded database in a temporary folder (removed when dropped).
struct TestApp {
    router: Router,
    _folder: tempfile::TempDir,
}

impl std::ops::Deref for TestApp {
    type Target = Router;
    fn deref(&self) -> &Router {
        &self.router
    }
}

fn app(token: Option<&str>) -> TestApp {
    let folder = tempfile::tempdir().unwrap();
    let database = seeded_database(folder.path());
    let config = ServerConfig {
        token: token.map(str::to_owned),
        max_body_bytes: 1 << 20,
        ..ServerConfig::default()
    };
    TestApp { router: router(&database, config).unwrap(), _folder: folder }
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let response =
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn get_json(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, body) = get(app, uri).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {body}")),
    )
}

async fn post(
    app: &Router,
    content_type: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    let mut request = Request::post("/api/articles").header(header::CONTENT_TYPE, content_type);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let response = app.clone().oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

async fn the_story_id(app: &Router) -> String {
    let (_, list) = get_json(app, "/api/stories").await;
    list["stories"][0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn health_and_openapi_describe_every_route() {
    let app = app(None);
    let (status, health) = get_json(&app, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["articles"], 5);
    assert_eq!(health["stories"], 1);
    assert_eq!(health["writable"], false);
    let (status, doc) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(doc["openapi"], "3.1.0");
    let story = the_story_id(&app).await;
    let (_, articles) = get_json(&app, "/api/articles").await;
    let (a, b) = (
        articles["articles"][0]["id"].as_str().unwrap(),
        articles["articles"][1]["id"].as_str().unwrap(),
    );
    for path in doc["paths"].as_object().unwrap().keys() {
        let uri = path
            .replace("/api/stories/{id}", &format!("/api/stories/{story}"))
            .replace("/api/articles/{id}", &format!("/api/articles/{a}"))
            .replace("/api/align", &format!("/api/align?a={a}&b={b}"));
        let (status, _) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn stories_list_search_and_detail() {
    let app = app(None);
    let (_, list) = get_json(&app, "/api/stories").await;
    assert_eq!(list["stories"].as_array().unwrap().len(), 1);
    assert_eq!(list["stories"][0]["articles"], 5);
    let (_, found) = get_json(&app, "/api/stories?q=Vostochny").await;
    assert_eq!(found["stories"].as_array().unwrap().len(), 1);
    let (_, none) = get_json(&app, "/api/stories?q=zanzibar").await;
    assert!(none["stories"].as_array().unwrap().is_empty());
    let id = the_story_id(&app).await;
    let (status, story) = get_json(&app, &format!("/api/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(story["articles"].as_array().unwrap().len(), 5);
    assert_eq!(story["relations"].as_array().unwrap().len(), 10);
    let names: Vec<&str> =
        story["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Kim Jong Un") && names.contains(&"Vladivostok"), "{names:?}");
    assert!(!story["timeline"].as_array().unwrap().is_empty());
    // The brief, next to the facts.
    for key in ["summary", "claims", "contradictions", "sources", "provenance", "coverage"] {
        assert!(!story[key].is_null(), "the story has no `{key}`");
    }
    let (status, error) = get_json(&app, "/api/stories/nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error["error"].as_str().unwrap().contains("nope"));
}

#[tokio::test]
async fn articles_search_detail_and_alignment() {
    let app = app(None);
    let (_, hits) = get_json(&app, "/api/articles?q=Khasan").await;
    let hits = hits["articles"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[Khasan]"));
    let id = hits[0]["id"].as_str().unwrap();
    let (status, article) = get_json(&app, &format!("/api/articles/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(article["text"].as_str().unwrap().contains("Khasan"));
    assert!(!article["removed"].as_array().unwrap().is_empty(), "the boilerplate it lost");
    assert!(!article["facts"]["entities"].as_array().unwrap().is_empty());
    let (status, _) = get_json(&app, "/api/articles/..%2F..%2Fetc%2Fpasswd").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The rewrite pair of the seeds, aligned.
    let story = the_story_id(&app).await;
    let (_, story) = get_json(&app, &format!("/api/stories/{story}")).await;
    let relation = &story["relations"][0];
    let uri = format!(
        "/api/align?a={}&b={}",
        relation["a"].as_str().unwrap(),
        relation["b"].as_str().unwrap()
    );
    let (status, aligned) = get_json(&app, &uri).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(aligned["relation"]["relation"], relation["relation"]);
    assert!(!aligned["sentences"]["a"].as_array().unwrap().is_empty());
    let (status, _) = get_json(&app, &format!("/api/align?a={id}&b=unknown")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, missing) = get_json(&app, "/api/align?a=x").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{missing}");
}

#[tokio::test]
async fn writes_need_the_token() {
    let read_only = app(None);
    let body = br#"{"text": "Zanzibar ferry news\n\nThe Zanzibar ferry will sail at dawn, officials said."}"#.to_vec();
    let (status, error) = post(&read_only, "application/json", Some(TOKEN), body.clone()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(error["error"].as_str().unwrap().contains("read-only"));
    let app = app(Some(TOKEN));
    assert_eq!(
        post(&app, "application/json", None, body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(&app, "application/json", Some("wrong-token!"), body.clone()).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, added) = post(&app, "application/json", Some(TOKEN), body).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["added"], true);
    assert!(added["story"].is_string());
    let (_, hits) = get_json(&app, "/api/articles?q=zanzibar").await;
    assert_eq!(hits["articles"].as_array().unwrap().len(), 1);
    let (_, health) = get_json(&app, "/api/health").await;
    assert_eq!(health["articles"], 6);
    // Bad bodies are clear errors, not crashes.
    let (status, error) = post(&app, "application/json", Some(TOKEN), b"{not json".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"].as_str().unwrap().contains("invalid JSON"));
    let (status, _) = post(&app, "application/pdf", Some(TOKEN), b"%PDF".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = post(&app, "text/plain", Some(TOKEN), vec![b'a'; 2 << 20]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn hostile_article_renders_inert() {
    let app = app(Some(TOKEN));
    let html = r#"<html><head><title>Kim &amp; Putin <script>alert(1)</script></title></head><body>
        <article><h1>Kim Jong Un meets Putin <img src=x onerror=alert(2)></h1>
        <p>North Korean leader Kim Jong Un met President Vladimir Putin at the Vostochny space center, officials said. <script>alert(3)</script></p>
        <p>The talks in Russia's far east covered weapons, satellites and food aid <b onmouseover="alert(4)">for Pyongyang</b>, according to the Kremlin.</p>
        </article></body></html>"#;
    let (status, added) = post(&app, "text/html", Some(TOKEN), html.as_bytes().to_vec()).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    let id = added["id"].as_str().unwrap().to_owned();
    let story = added["story"].as_str().unwrap().to_owned();
    for uri in [
        format!("/articles/{id}"),
        format!("/stories/{story}"),
        "/".to_owned(),
        "/?q=Vostochny".to_owned(),
    ] {
        let (status, page) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!page.contains("<script"), "{uri} has a live script");
        assert!(
            !page.contains("onerror=") && !page.contains("onmouseover="),
            "{uri} has a live handler"
        );
    }
}

#[tokio::test]
async fn pages_show_the_story() {
    let app = app(None);
    let (status, index) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(index.contains("/stories/"));
    let id = the_story_id(&app).await;
    let (status, story) = get(&app, &format!("/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for expected in ["Kim Jong Un", "Vladivostok", "Timeline", "side by side", "Cited outlets"] {
        assert!(story.contains(expected), "story page lacks {expected}");
    }
    let (_, json) = get_json(&app, &format!("/api/stories/{id}")).await;
    let relation = json["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["relation"] == "rewrite")
        .cloned()
        .unwrap_or_else(|| json["relations"][0].clone());
    let uri = format!(
        "/compare?a={}&b={}",
        relation["a"].as_str().unwrap(),
        relation["b"].as_str().unwrap()
    );
    let (status, compare) = get(&app, &uri).await;
    assert_eq!(status, StatusCode::OK);
    assert!(compare.contains("<mark class=\"s "), "aligned sentences are marked");
    assert!(compare.contains("class=\"removed\""), "boilerplate shown faintly");
    let (status, css) = get(&app, "/assets/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(css.contains("mark.paraphrase"));
    assert_eq!(get(&app, "/assets/../Cargo.toml").await.0, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/stories/zzzz").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_story_json_has_the_brief() {
    let app = app(None);
    let id = the_story_id(&app).await;
    let (status, story) = get_json(&app, &format!("/api/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    // Every key the OpenAPI document requires of a story is there.
    let (_, doc) = get_json(&app, "/api/openapi.json").await;
    for key in doc["components"]["schemas"]["Story"]["required"].as_array().unwrap() {
        let key = key.as_str().unwrap();
        assert!(story.get(key).is_some(), "the story lacks `{key}`, which the document requires");
    }
    let claims = story["claims"].as_array().unwrap();
    assert!(!claims.is_empty(), "no claims");
    let statuses = ["corroborated", "single-source", "contested"];
    for claim in claims {
        assert!(claim["id"].as_str().unwrap().starts_with('c'), "{claim}");
        assert!(statuses.contains(&claim["status"].as_str().unwrap()), "{claim}");
        assert!(!claim["statements"].as_array().unwrap().is_empty(), "{claim}");
    }
    assert!(claims.iter().any(|c| c["status"] == "corroborated"), "no corroborated claim");
    assert!(!story["summary"].as_array().unwrap().is_empty());
    let contradictions = story["contradictions"].as_array().unwrap();
    let kinds: Vec<&str> = contradictions.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"attribution") && kinds.contains(&"place"), "{kinds:?}");
    let place = contradictions.iter().find(|c| c["kind"] == "place").unwrap();
    assert_eq!(place["change_over_time"], true, "{place}");
    let values: Vec<&str> =
        place["sides"].as_array().unwrap().iter().map(|s| s["value"].as_str().unwrap()).collect();
    assert!(
        values.iter().any(|v| v.contains("Vladivostok"))
            && values.iter().any(|v| v.contains("Vostochny")),
        "{values:?}"
    );
    // One coverage column per article, one cell per column.
    let coverage = &story["coverage"];
    let columns = coverage["articles"].as_array().unwrap().len();
    assert_eq!(columns, 5);
    for row in coverage["rows"].as_array().unwrap() {
        assert_eq!(row["cells"].as_array().unwrap().len(), columns, "{row}");
    }
    assert_eq!(story["provenance"].as_array().unwrap().len(), 5);
    assert!(!story["sources"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_story_page_shows_the_brief() {
    let app = app(None);
    let id = the_story_id(&app).await;
    let (status, page) = get(&app, &format!("/stories/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "Summary",
        "Where sources differ",
        "id=\"contradictions\"",
        "data-kind=\"attribution\"",
        "data-kind=\"place\"",
        "changed over time",
        "<table class=\"coverage\">",
        "class=\"cell states\"",
        "<details",
        "Claims only it states",
    ] {
        assert!(page.contains(expected), "story page lacks {expected}");
    }
    // The brief comes before the facts.
    let brief = page.find("Where sources differ").unwrap();
    let facts = page.find("Who said what").unwrap();
    assert!(brief < facts);
}

// ---------------------------------------------------------------------------------------------
// Issue 21: hostile and heavy input never takes the server down
// ---------------------------------------------------------------------------------------------

fn app_with(token: Option<&str>, max_body_bytes: usize) -> TestApp {
    let folder = tempfile::tempdir().unwrap();
    let database = seeded_database(folder.path());
    let config = ServerConfig {
        token: token.map(str::to_owned),
        max_body_bytes,
        readers: 2,
        write_lock_patience: std::time::Duration::from_millis(300),
    };
    TestApp { router: router(&database, config).unwrap(), _folder: folder }
}

async fn response(app: &Router, request: Request<Body>) -> axum::response::Response {
    app.clone().oneshot(request).await.unwrap()
}

/// One authenticated POST of 100,000 nested `<div>`s killed `serve` (a stack overflow aborts
/// the process). Now the page is flattened before parsing: the article is added, with a
/// warning, and the server goes on answering.
#[tokio::test]
async fn issue_21_deeply_nested_post_does_not_take_the_server_down() {
    let app = app_with(Some(TOKEN), 4 << 20);
    let depth = 100_000;
    let page = format!(
        "<html><body>{}<p>A storm hit Maine on Tuesday, officials said.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let (status, added) = post(&app, "text/html", Some(TOKEN), page.into_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["added"], true);
    assert!(added["warnings"].to_string().contains("deeper than 256"), "{added}");
    let (status, health) = get_json(&app, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["articles"], 6);
}

/// A new article lands in its story, which keeps its id (the id a reader saved, or a POST
/// returned, stays good), and only that story is rebuilt.
#[tokio::test]
async fn issue_21_a_post_joins_its_story_and_the_id_stays() {
    let app = app(Some(TOKEN));
    let before = the_story_id(&app).await;
    let body = serde_json::json!({
        "id": "late-report",
        "title": "Kim Jong Un arrives in Russia by armored train for talks with Putin",
        "date": "2023-09-12",
        "text": "North Korean leader Kim Jong Un arrived in Russia's far east aboard his armored train \
                 for a summit with President Vladimir Putin, as Washington warned that Pyongyang \
                 could supply Moscow with artillery ammunition for the war in Ukraine. Kim Jong Un \
                 and Putin are expected to discuss weapons, satellites and food aid, officials said.",
    });
    let (status, added) =
        post(&app, "application/json", Some(TOKEN), body.to_string().into_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["story"].as_str(), Some(before.as_str()), "{added}");
    let (_, story) = get_json(&app, &format!("/api/stories/{before}")).await;
    assert_eq!(story["articles"].as_array().unwrap().len(), 6);
    assert!(
        story["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["a"] == "late-report" || r["b"] == "late-report")
    );
    // The same article again is no change.
    let (status, again) =
        post(&app, "application/json", Some(TOKEN), body.to_string().into_bytes()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["added"], false);
    assert_eq!(again["story"].as_str(), Some(before.as_str()));
}

/// A story merged into another one: its old id redirects (308) to the story that holds it now.
#[tokio::test]
async fn issue_21_a_merged_story_id_redirects() {
    let app = app(None);
    let kim = the_story_id(&app).await;
    let database = app._folder.path().join("parallax.db");
    let mut store = Store::open(&database).unwrap();
    let mut side = [parallax_core::model::Story {
        id: "sside0000000".into(),
        label: "A side story".into(),
        articles: vec![parallax_core::model::DocumentId::new("side-article")],
        keywords: Vec::new(),
        links: Vec::new(),
        relations: Vec::new(),
        originals: Vec::new(),
        facts: Default::default(),
        brief: Default::default(),
    }];
    store.update_stories(&[], &mut side).unwrap();
    let mut merged = store.story(&kim).unwrap().unwrap();
    merged.articles.push(parallax_core::model::DocumentId::new("side-article"));
    merged.articles.sort();
    store.update_stories(&[kim.clone(), "sside0000000".into()], &mut [merged]).unwrap();
    for (uri, target) in [
        ("/stories/sside0000000", format!("/stories/{kim}")),
        ("/api/stories/sside0000000", format!("/api/stories/{kim}")),
    ] {
        let reply = response(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status(), StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(reply.headers()[header::LOCATION], target.as_str());
    }
}

/// `limit` outside 1–500 was clamped silently; it is a 400 now, as the OpenAPI document says.
/// `/api/articles?limit=10` reads ten articles, not every one.
#[tokio::test]
async fn issue_21_limit_out_of_range_is_a_400() {
    let app = app(None);
    for uri in [
        "/api/stories?limit=0",
        "/api/stories?limit=501",
        "/api/articles?limit=0",
        "/api/articles?limit=9999",
        "/api/articles?limit=abc",
        "/api/stories?offset=-1",
    ] {
        let (status, body) = get_json(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body["error"].is_string(), "{uri}");
    }
    let (status, list) = get_json(&app, "/api/articles?limit=2&offset=1").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["articles"].as_array().unwrap().len(), 2);
    let (_, page) = get(&app, "/stories/unknown?page=0").await;
    assert!(page.contains("counts from 1"), "{page}");
}

/// A 401 names the scheme (`WWW-Authenticate`), and the scheme is case-insensitive (RFC 9110):
/// `bearer` was refused.
#[tokio::test]
async fn issue_21_auth_scheme_is_named_and_case_insensitive() {
    let app = app(Some(TOKEN));
    let body = br#"{"text": "Ferry news\n\nThe island ferry will sail at dawn on Friday, officials said."}"#;
    let request = Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_vec()))
        .unwrap();
    let reply = response(&app, request).await;
    assert_eq!(reply.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(reply.headers()[header::WWW_AUTHENTICATE], "Bearer realm=\"parallax\"");
    for scheme in ["bearer", "BEARER"] {
        let request = Request::post("/api/articles")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("{scheme} {TOKEN}"))
            .body(Body::from(body.to_vec()))
            .unwrap();
        assert_eq!(response(&app, request).await.status(), StatusCode::OK, "{scheme}");
    }
}

/// Every response, page, JSON, asset or error, carries a content security policy,
/// `X-Content-Type-Options: nosniff` and `X-Frame-Options: DENY`.
#[tokio::test]
async fn issue_21_security_headers_on_every_response() {
    let app = app(None);
    let story = the_story_id(&app).await;
    for uri in
        ["/", "/api/health", "/assets/style.css", "/no/such/page", &format!("/stories/{story}")]
    {
        let reply = response(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        let headers = reply.headers();
        assert!(
            headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("default-src 'none'"),
            "{uri}"
        );
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{uri}");
    }
}

/// Article ids were put in links as they are: `a/b`, `x?y`, `x#y`, `.` and `..` gave 404. They
/// are percent-encoded now (and `.`/`..`, which browsers resolve even escaped, go by query).
#[tokio::test]
async fn issue_21_ids_in_links_are_percent_encoded() {
    let app = app(Some(TOKEN));
    for (index, id) in ["a/b", "x?y", "x#y", ".", "..", "sp ace%"].iter().enumerate() {
        let body = serde_json::json!({
            "id": id,
            "title": format!("Odd id number {index}"),
            "text": format!("The harbour of town {index} reopened on Monday after the storm, the mayor said."),
        });
        let (status, added) =
            post(&app, "application/json", Some(TOKEN), body.to_string().into_bytes()).await;
        assert_eq!(status, StatusCode::OK, "{id}: {added}");
        let story = added["story"].as_str().unwrap().to_owned();
        let (status, page) = get(&app, &format!("/stories/{story}")).await;
        assert_eq!(status, StatusCode::OK);
        // The link whose text is this article's title.
        let title = format!("<bdi>Odd id number {index}</bdi>");
        let href = page
            .match_indices(&title)
            .filter_map(|(at, _)| {
                let start = page[..at].rfind("href=\"")? + "href=\"".len();
                Some(page[start..].split('"').next()?.replace("&amp;", "&"))
            })
            .find(|href| href.starts_with("/article"))
            .unwrap_or_else(|| panic!("{id}: no link to it in {page}"));
        let (status, article) = get(&app, &href).await;
        assert_eq!(status, StatusCode::OK, "{id}: {href}");
        assert!(article.contains(&format!("Odd id number {index}")), "{id}: {href}");
    }
}

/// An unterminated right-to-left override in an outlet or a title reversed the rest of its line
/// on pages: names are isolated in `<bdi>`.
#[tokio::test]
async fn issue_21_bidi_overrides_are_isolated_on_pages() {
    let app = app(Some(TOKEN));
    let body = serde_json::json!({
        "id": "bidi",
        "outlet": "\u{202e}cbb",
        "title": "Harbour \u{202e}reopens",
        "text": "The harbour reopened on Monday after the storm, the mayor said.",
    });
    let (_, added) =
        post(&app, "application/json", Some(TOKEN), body.to_string().into_bytes()).await;
    let story = added["story"].as_str().unwrap().to_owned();
    for uri in [format!("/stories/{story}"), "/articles/bidi".to_owned(), "/".to_owned()] {
        let (_, page) = get(&app, &uri).await;
        for (at, _) in page.match_indices('\u{202e}') {
            let open = page[..at].rfind("<bdi>").unwrap_or(0);
            let close = page[..at].rfind("</bdi>");
            let isolated = open > 0 && close.is_none_or(|close| close < open);
            // In `<title>` (no markup allowed) the name sits between U+2068 and U+2069.
            let in_title = page[..at].rfind('\u{2068}') > page[..at].rfind('\u{2069}');
            let before = page[..at].char_indices().rev().nth(80).map_or(0, |(i, _)| i);
            assert!(isolated || in_title, "{uri}: override outside <bdi>: {}", &page[before..at]);
        }
    }
}

/// A POST while another process (here: this test) holds the database's writer lock waits for
/// it, then answers 503 with `Retry-After` instead of hanging; reads go on meanwhile.
#[tokio::test]
async fn issue_21_a_write_waits_for_another_writer_then_answers_503() {
    let app = app_with(Some(TOKEN), 1 << 20);
    let database = app._folder.path().join("parallax.db");
    let lock = parallax_store::WriterLock::acquire(&database, |_| {}).unwrap();
    let body = br#"{"text": "Ferry news\n\nThe island ferry will sail at dawn on Friday, officials said."}"#;
    let request = Request::post("/api/articles")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(body.to_vec()))
        .unwrap();
    let reply = response(&app, request).await;
    assert_eq!(reply.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(get_json(&app, "/api/health").await.0, StatusCode::OK);
    drop(lock);
    let (status, added) = post(&app, "application/json", Some(TOKEN), body.to_vec()).await;
    assert_eq!(status, StatusCode::OK, "{added}");
}
