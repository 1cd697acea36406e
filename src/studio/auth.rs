//! Who may ask the studio anything: the access token (random, printed in the URL as Jupyter
//! does; given once as `?token=`, then kept in an HTTP-only, same-site cookie, or sent as
//! `Authorization: Bearer`), checked on every request after a rate limit; and the headers
//! every answer carries (no framing, no sniffing, no referrer, scripts only from the studio).

use std::sync::Mutex;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{Error, Result};

/// The cookie that keeps the token after the first request.
pub const COOKIE: &str = "standpoint_token";

/// A fresh random token: 32 hex digits (128 bits from the operating system).
pub fn new_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::params(format!("no random numbers for the access token: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A token bucket: `burst` requests at once, refilled at `per_second`.
pub struct RateLimit {
    burst: f64,
    per_second: f64,
    state: Mutex<(f64, Instant)>,
}

impl RateLimit {
    /// A full bucket.
    pub fn new(burst: u32, per_second: u32) -> Self {
        RateLimit {
            burst: f64::from(burst),
            per_second: f64::from(per_second),
            state: Mutex::new((f64::from(burst), Instant::now())),
        }
    }

    /// Takes one request's token; `false` when the bucket is empty.
    pub fn take(&self) -> bool {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let refill = now.duration_since(s.1).as_secs_f64() * self.per_second;
        s.0 = (s.0 + refill).min(self.burst);
        s.1 = now;
        if s.0 >= 1.0 {
            s.0 -= 1.0;
            true
        } else {
            false
        }
    }
}

/// What the guard needs.
pub struct Guard {
    /// The access token.
    pub token: String,
    /// The rate limit.
    pub limit: RateLimit,
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The token a request carries: `?token=`, the cookie, or a bearer header (first found).
fn token_of(req: &Request) -> (Option<String>, bool) {
    let from_query = req.uri().query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("token="))
            .map(String::from)
    });
    if from_query.is_some() {
        return (from_query, true);
    }
    let headers = req.headers();
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            kv.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(String::from)
        });
    if cookie.is_some() {
        return (cookie, false);
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(String::from);
    (bearer, false)
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

/// The middleware: rate limit, then the token (401 without one, 403 with a wrong one);
/// a right token given in the query is kept in a cookie.
pub async fn guard(State(g): State<std::sync::Arc<Guard>>, req: Request, next: Next) -> Response {
    if !g.limit.take() {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests; slow down",
        );
    }
    let (token, in_query) = token_of(&req);
    let mut resp = match token {
        None => refuse(
            StatusCode::UNAUTHORIZED,
            "an access token is needed: open the URL the studio printed",
        ),
        Some(t) if !same(&t, &g.token) => refuse(StatusCode::FORBIDDEN, "wrong access token"),
        Some(_) => {
            let mut resp: Response<Body> = next.run(req).await;
            if in_query {
                let cookie = format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", g.token);
                if let Ok(v) = HeaderValue::from_str(&cookie) {
                    resp.headers_mut().append(header::SET_COOKIE, v);
                }
            }
            resp
        }
    };
    let h = resp.headers_mut();
    for (k, v) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
             img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'",
        ),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        h.insert(k, HeaderValue::from_static(v));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_compared_whole() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &a[..31]));
        assert!(!same(&a, &b));
    }

    #[test]
    fn the_bucket_empties() {
        let l = RateLimit::new(3, 0);
        assert!(l.take() && l.take() && l.take());
        assert!(!l.take());
    }
}
