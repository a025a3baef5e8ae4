//! Parallax's HTTP edge: a JSON API (described by `/api/openapi.json`) and a web view, both over
//! one Parallax database.
//!
//! - [`router`] builds the whole application as an axum `Router`, so tests drive it in process
//!   (`tower::ServiceExt::oneshot`) and the binary serves it ([`serve`]).
//! - Read-only unless a write token is configured; `POST /api/articles` then needs
//!   `Authorization: Bearer <token>`.
//! - Every piece of article text reaches HTML through `maud`, which escapes it: a hostile
//!   article's `<script>` or `onerror=` renders as text. Ids in links are percent-encoded; names
//!   that may carry bidirectional controls are isolated (`<bdi>`). Every response carries a
//!   content security policy, `X-Content-Type-Options: nosniff` and `X-Frame-Options: DENY`.
//! - Request bodies are capped ([`ServerConfig::max_body_bytes`]); paths are ids looked up in the
//!   database, never file names, and the assets are built into the binary.
//!
//! # Concurrency
//!
//! The async threads only route and copy bytes: every database read and every page or JSON
//! rendering runs on tokio's blocking threads, each with its own read-only SQLite connection
//! from a pool ([`ServerConfig::readers`] of them; in WAL mode readers see a consistent snapshot
//! and never wait for the writer or each other). Health checks have a connection of their own,
//! so a queue of slow pages never delays them. Writes (`POST /api/articles`) go through one
//! writer connection, one at a time, under the database's writer lock (shared with `parallax
//! ingest` in other processes); a new article regroups only the stories around it
//! ([`parallax_core::pipeline::place_article`]), so a write takes milliseconds to a second
//! whatever the size of the database, and readers keep reading meanwhile.

mod api;
mod ingest;
mod json;
mod openapi;
mod web;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parallax_store::Store;
use tokio::sync::Semaphore;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The write token; `None` makes the server read-only.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Read connections (requests rendered at once); 0 picks twice the number of cores, at
    /// least 4.
    pub readers: usize,
    /// How long a write waits for another process's writer lock (a `parallax ingest` into the
    /// same database) before it is answered 503 with `Retry-After`.
    pub write_lock_patience: std::time::Duration,
}

impl Default for ServerConfig {
    fn default() -> ServerConfig {
        ServerConfig {
            token: None,
            max_body_bytes: 4 << 20,
            readers: 0,
            write_lock_patience: std::time::Duration::from_secs(20),
        }
    }
}

/// A pool of read-only connections, each used by one blocking task at a time.
struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Semaphore,
}

impl ReadPool {
    fn new(path: &Path, size: usize) -> Result<ReadPool, parallax_store::StoreError> {
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(Store::open_read_only(path)?);
        }
        Ok(ReadPool {
            path: path.to_owned(),
            idle: Mutex::new(idle),
            permits: Semaphore::new(size),
        })
    }

    /// Runs `work` with a connection on a blocking thread.
    async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&Store) -> T + Send + 'static,
    ) -> Result<T, ServerError> {
        let _permit = self.permits.acquire().await.map_err(|_| ServerError::Unavailable)?;
        let pool = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let taken = pool.idle.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop();
            let store = match taken {
                Some(store) => store,
                None => Store::open_read_only(&pool.path)?,
            };
            // A panic in `work` drops the connection; the pool opens a new one next time.
            let out = work(&store);
            pool.idle.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(store);
            Ok(out)
        })
        .await
        .map_err(|error| ServerError::Internal(format!("a request failed: {error}")))?
    }
}

/// What the handlers share.
pub(crate) struct AppState {
    readers: Arc<ReadPool>,
    /// For `/api/health` only: never queued behind page rendering.
    health: Arc<ReadPool>,
    /// The one writer; `Arc` so a blocking task can hold it.
    writer: Arc<Mutex<Store>>,
    /// Writes wait their turn here (asynchronously) before taking a blocking thread.
    write_turn: Semaphore,
    /// Corpus word frequencies for incremental regrouping, kept between writes.
    frequencies: Arc<Mutex<ingest::FrequencyCache>>,
    config: ServerConfig,
}

impl AppState {
    /// Runs read-only `work` on a pooled connection, off the async threads.
    pub(crate) async fn read<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Store) -> T + Send + 'static,
    ) -> Result<T, ServerError> {
        self.readers.run(work).await
    }

    /// Runs `work` with the writer, one write at a time, off the async threads.
    pub(crate) async fn write<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store) -> T + Send + 'static,
    ) -> Result<T, ServerError> {
        let _turn = self.write_turn.acquire().await.map_err(|_| ServerError::Unavailable)?;
        let writer = Arc::clone(&self.writer);
        tokio::task::spawn_blocking(move || {
            let mut store = writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut store)
        })
        .await
        .map_err(|error| ServerError::Internal(format!("the write failed: {error}")))
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
    /// The server is shutting down.
    #[error("the server is shutting down")]
    Unavailable,
    /// Another process holds the database's writer lock.
    #[error("{0}")]
    Busy(String),
    /// A bug or a failed task.
    #[error("internal error: {0}")]
    Internal(String),
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
            ServerError::Unavailable | ServerError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServerError::Internal(_) | ServerError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.to_string() });
        let unauthorized = matches!(self, ServerError::Unauthorized(_));
        let busy = matches!(self, ServerError::Busy(_));
        let mut response = (self.status(), axum::Json(body)).into_response();
        if unauthorized {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"parallax\""),
            );
        }
        if busy {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
        }
        response
    }
}

/// The security headers every response carries: pages load only their own stylesheet, run no
/// script, are never framed, and no response is sniffed as another type.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// The application: API, pages and assets over the database at `database` (created and brought
/// up to date if needed; it must be a file, since readers and the writer open it separately).
pub fn router(database: &Path, config: ServerConfig) -> Result<Router, ServerError> {
    let writer = Store::open(database)?;
    let readers = match config.readers {
        0 => std::thread::available_parallelism().map_or(4, |cores| cores.get() * 2).max(4),
        readers => readers,
    };
    let limit = config.max_body_bytes;
    let state = Arc::new(AppState {
        readers: Arc::new(ReadPool::new(database, readers)?),
        health: Arc::new(ReadPool::new(database, 1)?),
        writer: Arc::new(Mutex::new(writer)),
        write_turn: Semaphore::new(1),
        frequencies: Arc::default(),
        config,
    });
    Ok(Router::new()
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
        .route("/article", get(web::article_by_query))
        .route("/compare", get(web::compare))
        .route("/assets/style.css", get(web::stylesheet))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state))
}

/// Serves the application over the database at `database` on `addr` until Ctrl-C.
pub async fn serve(database: &Path, config: ServerConfig, addr: SocketAddr) -> std::io::Result<()> {
    let app = router(database, config).map_err(std::io::Error::other)?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
