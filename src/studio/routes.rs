//! The studio's routes: pages, built-in assets and the JSON API. Every route is behind the
//! guard (`auth.rs`); request bodies are limited to [`BODY_LIMIT`] bytes; answers are
//! written on a blocking thread so a slow disk never stalls the other requests.

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::agreement::agreement;
use super::auth::{guard, Guard};
use super::pages::{agreement_page, asset, label_page};
use super::report::Reports;
use super::state::{Refusal, Studio, View};

/// The largest request body accepted (bytes): an answer is a few dozen.
pub const BODY_LIMIT: usize = 16 * 1024;

/// What every handler reaches.
#[derive(Clone)]
pub struct App {
    /// The labelling state.
    pub studio: Arc<Studio>,
    /// The report, if the pool was scored.
    pub reports: Option<Arc<Reports>>,
    /// The annotator the page starts with (`--annotator`).
    pub annotator: Option<String>,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            Refusal::Invalid(m) => (StatusCode::BAD_REQUEST, m),
            Refusal::Conflict(m) => (StatusCode::CONFLICT, m),
            Refusal::Failed(m) => (StatusCode::INTERNAL_SERVER_ERROR, m),
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

fn not_found(what: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "error": format!("no {what}") })),
    )
        .into_response()
}

/// The router, guarded.
pub fn router(app: App, guard_state: Arc<Guard>) -> Router {
    Router::new()
        .route("/", get(|| async { Html(label_page()) }))
        .route("/agreement", get(agreement_view))
        .route("/report", get(report_summary))
        .route("/report/source", get(report_source))
        .route("/report/article", get(report_article))
        .route("/assets/{name}", get(serve_asset))
        .route("/api/config", get(config))
        .route("/api/state", get(state))
        .route("/api/answer", post(answer))
        .route("/api/undo", post(undo))
        .route("/api/settle", post(settle))
        .route("/api/agreement", get(agreement_json))
        .fallback(|| async { not_found("such page") })
        .with_state(app)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(guard_state, guard))
}

async fn serve_asset(Path(name): Path<String>) -> Response {
    match asset(&name) {
        Some((kind, body)) => ([(header::CONTENT_TYPE, kind)], body).into_response(),
        None => not_found("such asset"),
    }
}

async fn config(State(app): State<App>) -> Response {
    let keys = app.studio.keys();
    let undo: Vec<&str> = if app.studio.task().field == "stance" {
        vec!["z", "u", "Backspace"]
    } else {
        vec!["z", "Backspace"]
    };
    Json(json!({
        "task": app.studio.task().field,
        "labels": keys.labels().iter().map(|(k, l)| (k.to_string(), l)).collect::<Vec<_>>(),
        "undo": undo,
        "annotator": app.annotator,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct Who {
    annotator: String,
}

async fn state(State(app): State<App>, Query(who): Query<Who>) -> Result<Json<View>, Refusal> {
    app.studio.current(&who.annotator).map(Json)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerBody {
    annotator: String,
    id: String,
    /// `null`: skip.
    label: Option<String>,
}

/// Runs `f` on a blocking thread (it syncs the answers file).
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Refusal> + Send + 'static,
) -> Result<T, Refusal> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Refusal::Failed(format!("the request's thread failed: {e}")))?
}

async fn answer(State(app): State<App>, Json(b): Json<AnswerBody>) -> Result<Json<View>, Refusal> {
    let s = app.studio;
    blocking(move || s.answer(&b.annotator, &b.id, b.label.as_deref()))
        .await
        .map(Json)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UndoBody {
    annotator: String,
}

async fn undo(State(app): State<App>, Json(b): Json<UndoBody>) -> Result<Json<View>, Refusal> {
    let s = app.studio;
    blocking(move || s.undo(&b.annotator)).await.map(Json)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettleBody {
    annotator: String,
    id: String,
    label: String,
}

async fn settle(State(app): State<App>, Json(b): Json<SettleBody>) -> Result<Response, Refusal> {
    let s = app.studio;
    blocking(move || s.settle(&b.annotator, &b.id, &b.label)).await?;
    Ok(Json(json!({ "settled": true })).into_response())
}

async fn agreement_json(State(app): State<App>) -> Response {
    Json(agreement(&app.studio.given())).into_response()
}

async fn agreement_view(State(app): State<App>) -> Html<String> {
    let labels: Vec<String> = app
        .studio
        .keys()
        .labels()
        .iter()
        .map(|(_, l)| l.clone())
        .collect();
    Html(agreement_page(&agreement(&app.studio.given()), &labels))
}

async fn report_summary(State(app): State<App>) -> Response {
    let Some(r) = app.reports else {
        return not_found("report: the studio was started with --no-report");
    };
    match r.summary_page() {
        Ok(h) => Html(h).into_response(),
        Err(e) => Refusal::Failed(e.to_string()).into_response(),
    }
}

#[derive(Deserialize)]
struct SourceQuery {
    name: String,
}

async fn report_source(State(app): State<App>, Query(q): Query<SourceQuery>) -> Response {
    match app.reports.as_ref().and_then(|r| r.source_page(&q.name)) {
        Some(h) => Html(h).into_response(),
        None => not_found("such source in the pool"),
    }
}

#[derive(Deserialize)]
struct ArticleQuery {
    id: String,
}

async fn report_article(State(app): State<App>, Query(q): Query<ArticleQuery>) -> Response {
    match app.reports.as_ref().and_then(|r| r.article_page(&q.id)) {
        Some(Ok(h)) => Html(h).into_response(),
        Some(Err(e)) => Refusal::Failed(e.to_string()).into_response(),
        None => not_found("such article in the pool"),
    }
}
