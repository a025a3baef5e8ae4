//! Parallax's HTTP edge: a JSON API (described by `/api/openapi.json`) and a web view, both over
//! one Parallax database.
//!
//! - [`router`] builds the whole application as an axum `Router`, so tests drive it in process
//!   (`tower::ServiceExt::oneshot`) and the binary serves it ([`serve`]).
//! - Read-only unless a write token is configured; `POST /api/articles` then needs
//!   `Authorization: Bearer <token>`.
//! - Every piece of article text reaches HTML through `maud`, which escapes it: a hostile
//!   article's `<script>` or `onerror=` renders as text.
//! - Request bodies are capped ([`ServerConfig::max_body_bytes`]); paths are ids looked up in the
//!   database, never file names, and the assets are built into the binary.
//!
//! The store is one SQLite connection behind a mutex: reads are short; an ingest regroups the
//! stories (lexically) on a blocking thread while holding it.

mod api;
mod ingest;
mod json;
mod openapi;
mod web;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parallax_store::Store;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The write token; `None` makes the server read-only.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig { token: None, max_body_bytes: 4 << 20 }
    }
}

/// What the handlers share.
pub(crate) struct AppState {
    store: Mutex<Store>,
    config: ServerConfig,
}

impl AppState {
    /// The store; a handler that panicked while holding it leaves it usable.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub(crate) type State = axum::extract::State<Arc<AppState>>;

/// An error as the API reports it: a status and a JSON body `{"error": message}` (HTML pages get
/// a short page instead).
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// No such story, article or pair.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// A write without the right token.
    #[error("{0}")]
    Unauthorized(String),
    /// The database failed.
    #[error("database error: {0}")]
    Store(#[from] parallax_store::StoreError),
}

impl ServerError {
    /// The HTTP status this error answers with.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ServerError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.to_string() });
        (self.status(), axum::Json(body)).into_response()
    }
}

/// The application: API, pages and assets over `store`.
pub fn router(store: Store, config: ServerConfig) -> Router {
    let limit = config.max_body_bytes;
    let state = Arc::new(AppState { store: Mutex::new(store), config });
    Router::new()
        .route("/api/health", get(api::health))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/stories", get(api::stories))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/articles", get(api::articles).post(ingest::post_article))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/align", get(api::align))
        .route("/", get(web::index))
        .route("/stories/{id}", get(web::story))
        .route("/articles/{id}", get(web::article))
        .route("/compare", get(web::compare))
        .route("/assets/style.css", get(web::stylesheet))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

/// Serves the application on `addr` until Ctrl-C.
pub async fn serve(store: Store, config: ServerConfig, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, router(store, config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
