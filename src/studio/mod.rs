//! The studio: labelling, agreement and the report in the browser, served on the local
//! machine (axum on tokio).
//!
//! - `state.rs` — the shared queue (`labelling`'s candidates, de-duplication and order),
//!   the answers file, who holds which paragraph, background retraining;
//! - `auth.rs` — the access token, the rate limit, the security headers;
//! - `routes.rs` — pages, assets and the JSON API;
//! - `pages.rs` — the pages and the built-in assets (`assets/`);
//! - `agreement.rs` — Cohen's kappa per pair of annotators, the disagreements;
//! - `report.rs` — the per-source report, a source's articles, an article's breakdown.

mod agreement;
mod auth;
mod pages;
mod report;
mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

pub use agreement::{kappa, Agreement, Disagreement, Pair};
pub use auth::new_token;
pub use report::Reports;
pub use routes::BODY_LIMIT;
pub use state::{valid_annotator, Progress, Question, Refusal, Setup, Studio, View};

use crate::error::{Error, Result};

/// How the studio listens.
#[derive(Debug, Clone)]
pub struct Listen {
    /// Address and port (port 0: any free one).
    pub addr: SocketAddr,
    /// The access token (a fresh random one when `None`).
    pub token: Option<String>,
    /// Requests accepted at once before the rate limit.
    pub burst: u32,
    /// Requests per second after the burst.
    pub per_second: u32,
    /// The annotator the labelling page starts with.
    pub annotator: Option<String>,
}

impl Listen {
    /// Listens on `addr` with a fresh token and the default limits (a burst of 200, then
    /// 50 requests a second: far more than people labelling need).
    pub fn on(addr: SocketAddr) -> Self {
        Listen {
            addr,
            token: None,
            burst: 200,
            per_second: 50,
            annotator: None,
        }
    }
}

/// A running studio; dropping it stops the server.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its access token.
    pub token: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<()>>>,
}

impl Server {
    /// The URL to open: the address with the token.
    pub fn url(&self) -> String {
        format!("http://{}/?token={}", self.addr, self.token)
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) -> Result<()> {
        self.stop.take();
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(Error::params("the studio's server thread panicked")),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Binds `listen.addr` and serves `studio` (and `reports`) on a thread of its own.
pub fn start(studio: Arc<Studio>, reports: Option<Reports>, listen: Listen) -> Result<Server> {
    let token = match listen.token {
        Some(t) => t,
        None => new_token()?,
    };
    let at = listen.addr;
    let bind_err = move |e: std::io::Error| Error::io(at.to_string(), e);
    let std_listener = std::net::TcpListener::bind(listen.addr).map_err(bind_err)?;
    std_listener.set_nonblocking(true).map_err(bind_err)?;
    let addr = std_listener.local_addr().map_err(bind_err)?;
    let app = routes::App {
        studio,
        reports: reports.map(Arc::new),
        annotator: listen.annotator,
    };
    let guard = Arc::new(auth::Guard {
        token: token.clone(),
        limit: auth::RateLimit::new(listen.burst, listen.per_second),
    });
    let router = routes::router(app, guard);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || -> Result<()> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| Error::io("the studio's runtime", e))?;
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(std_listener).map_err(bind_err)?;
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    // Stop when asked; a dropped sender (`wait`) serves on.
                    if stopped.await.is_err() {
                        std::future::pending::<()>().await;
                    }
                })
                .await
                .map_err(bind_err)
        })
    });
    Ok(Server {
        addr,
        token,
        stop: Some(stop),
        thread: Some(thread),
    })
}
