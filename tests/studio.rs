//! The studio over real HTTP, without a browser: the token, body and rate limits, paths that
//! must not reach the file system, label validation, concurrent answers from two tabs and
//! two annotators, the kill-and-restart guarantee, overlap and agreement, and the report.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use serde_json::{json, Value};
use standpoint::ingest::label_files::{self, Task};
use standpoint::ingest::{Articles, Limits};
use standpoint::labelling::{Answers, Plan, Prepared, Strategy};
use standpoint::model::{builtin, TrainParams};
use standpoint::studio::{start, Listen, Reports, Server, Setup, Studio};

mod common;

fn pool() -> PathBuf {
    common::root().join("tests/fixtures/studio/pool.jsonl")
}

/// A studio over the fixture pool with the built-in stance model.
fn studio(out: &Path, overlap: u32, listen: impl FnOnce(Listen) -> Listen) -> Server {
    retraining_studio(out, overlap, 0, listen)
}

/// The same, retrained on the seed labels and the answers every `retrain_every` labels.
fn retraining_studio(
    out: &Path,
    overlap: u32,
    retrain_every: usize,
    listen: impl FnOnce(Listen) -> Listen,
) -> Server {
    let model = builtin::load("stance").unwrap();
    let articles = Articles::open(&[pool()], Limits::default())
        .unwrap()
        .collect::<standpoint::error::Result<Vec<_>>>()
        .unwrap();
    let reports = Reports::new(
        model.clone(),
        builtin::load("sentiment").unwrap(),
        &articles,
        0,
    )
    .unwrap();
    let s = Studio::new(Setup {
        prepared: Prepared {
            labels: model.labels.clone(),
            model: Some(model),
            task: Task::named("stance"),
            base: match retrain_every {
                0 => Vec::new(),
                _ => {
                    label_files::read(
                        &[label_files::Source::File(common::seed_labels())],
                        &Task::named("stance"),
                        &label_files::Fields::default(),
                    )
                    .unwrap()
                    .0
                }
            },
            known: Vec::new(),
            articles,
            plan: Plan {
                strategy: Strategy::Entropy,
                retrain_every,
                seed: 1,
                keywords: Vec::new(),
                params: TrainParams::default(),
            },
        },
        answers: Answers::open(out).unwrap(),
        overlap,
    })
    .unwrap();
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    start(s, Some(reports), listen(Listen::on(addr))).unwrap()
}

/// A client that sends the token as a bearer header.
struct Client {
    base: String,
    token: String,
}

impl Client {
    fn of(s: &Server) -> Client {
        Client {
            base: format!("http://{}", s.addr),
            token: s.token.clone(),
        }
    }

    fn send(&self, r: ureq::Request, body: Option<Value>) -> (u16, String) {
        let r = r.set("Authorization", &format!("Bearer {}", self.token));
        let got = match body {
            Some(b) => r.send_json(b),
            None => r.call(),
        };
        match got {
            Ok(resp) => (resp.status(), resp.into_string().unwrap()),
            Err(ureq::Error::Status(code, resp)) => (code, resp.into_string().unwrap()),
            Err(e) => panic!("{e}"),
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.send(ureq::get(&format!("{}{path}", self.base)), None)
    }

    fn post(&self, path: &str, body: Value) -> (u16, String) {
        self.send(ureq::post(&format!("{}{path}", self.base)), Some(body))
    }

    fn state(&self, who: &str) -> Value {
        let (code, body) = self.get(&format!("/api/state?annotator={who}"));
        assert_eq!(code, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// The paragraph `who` is shown now.
    fn current(&self, who: &str) -> Option<String> {
        self.state(who)["question"]["id"].as_str().map(String::from)
    }

    fn answer(&self, who: &str, id: &str, label: Option<&str>) -> (u16, String) {
        self.post(
            "/api/answer",
            json!({"annotator": who, "id": id, "label": label}),
        )
    }
}

fn lines(p: &Path) -> Vec<Value> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn raw(addr: SocketAddr, request: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[test]
fn every_request_needs_the_token() {
    let d = tempfile::tempdir().unwrap();
    let s = studio(&d.path().join("a.jsonl"), 0, |l| l);
    let base = format!("http://{}", s.addr);
    for path in [
        "/",
        "/api/state?annotator=ann",
        "/report",
        "/assets/label.js",
        "/nope",
    ] {
        match ureq::get(&format!("{base}{path}")).call() {
            Err(ureq::Error::Status(code, _)) => assert_eq!(code, 401, "{path}"),
            other => panic!("{path}: {other:?}"),
        }
        match ureq::get(&format!("{base}{path}"))
            .set(
                "Cookie",
                "standpoint_token=0123456789abcdef0123456789abcdef",
            )
            .call()
        {
            Err(ureq::Error::Status(code, _)) => assert_eq!(code, 403, "{path}"),
            other => panic!("{path}: {other:?}"),
        }
    }
    match ureq::post(&format!("{base}/api/answer"))
        .send_json(json!({"annotator": "a", "id": "x", "label": "FAVOR"}))
    {
        Err(ureq::Error::Status(code, _)) => assert_eq!(code, 401),
        other => panic!("{other:?}"),
    }
    assert!(lines(&d.path().join("a.jsonl")).is_empty());
    // The token in the URL once: a cookie keeps it, HTTP-only and same-site.
    let resp = ureq::get(&format!("{base}/?token={}", s.token))
        .call()
        .unwrap();
    let cookie = resp.header("set-cookie").unwrap().to_string();
    assert!(
        cookie.contains(&s.token)
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(resp
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    let cookie = cookie.split(';').next().unwrap();
    let page = ureq::get(&format!("{base}/api/config"))
        .set("Cookie", cookie)
        .call()
        .unwrap();
    assert_eq!(page.status(), 200);
}

#[test]
fn no_path_reaches_the_file_system() {
    let d = tempfile::tempdir().unwrap();
    let s = studio(&d.path().join("a.jsonl"), 0, |l| l);
    let c = Client::of(&s);
    assert_eq!(c.get("/assets/label.js").0, 200);
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/assets/..%5c..%5cCargo.toml",
        "/../../../../etc/passwd",
        "/report/article?id=../../Cargo.toml",
        "/report/source?name=..%2f..%2fetc%2fpasswd",
        "/report/article?id=%2Fetc%2Fpasswd",
    ] {
        let (code, body) = c.get(path);
        assert_eq!(code, 404, "{path}: {body}");
        assert!(
            !body.contains("[package]") && !body.contains("root:"),
            "{path}"
        );
    }
    // Unnormalised paths sent as they are, not cleaned up by the client.
    let auth = format!("Authorization: Bearer {}\r\n", s.token);
    for path in ["/assets/../../Cargo.toml", "/assets/./../Cargo.toml"] {
        let got = raw(
            s.addr,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\n{auth}Connection: close\r\n\r\n"),
        );
        assert!(got.starts_with("HTTP/1.1 404"), "{path}: {got}");
        assert!(!got.contains("[package]"));
    }
}

#[test]
fn bodies_labels_and_names_are_checked() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a.jsonl");
    let s = studio(&out, 0, |l| l);
    let c = Client::of(&s);
    let id = c.current("ann").unwrap();
    let huge = "x".repeat(standpoint::studio::BODY_LIMIT + 1);
    let (code, _) = c.post(
        "/api/answer",
        json!({"annotator": "ann", "id": id, "label": huge}),
    );
    assert_eq!(code, 413);
    let (code, body) = c.answer("ann", &id, Some("MAYBE"));
    assert_eq!(code, 400);
    assert!(
        body.contains("not a label: expected AGAINST, FAVOR, NONE"),
        "{body}"
    );
    assert_eq!(c.answer("ann", "no-such-paragraph", Some("FAVOR")).0, 400);
    assert_eq!(
        c.answer("../etc", &id, Some("FAVOR")).0,
        400,
        "annotator names are checked"
    );
    let (code, _) = c.post(
        "/api/answer",
        json!({"annotator": "ann", "id": id, "label": "FAVOR", "path": "/tmp/x"}),
    );
    assert_eq!(code, 422, "unknown fields are refused");
    // A form another site could post (no JSON content type) is refused.
    let form = ureq::post(&format!("{}/api/answer", c.base))
        .set("Authorization", &format!("Bearer {}", c.token))
        .set("Content-Type", "text/plain")
        .send_string(&json!({"annotator": "ann", "id": id, "label": "FAVOR"}).to_string());
    assert!(matches!(form, Err(ureq::Error::Status(415, _))), "{form:?}");
    assert!(lines(&out).is_empty(), "nothing refused was written");
    // Labels are read as `label` reads them: any case, written canonical.
    assert_eq!(c.answer("ann", &id, Some("favor")).0, 200);
    let got = lines(&out);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["stance"], "FAVOR");
    assert_eq!(got[0]["annotator"], "ann");
    assert_eq!(got[0]["id"], id.as_str());
}

#[test]
fn the_rate_limit_answers_429() {
    let d = tempfile::tempdir().unwrap();
    let s = studio(&d.path().join("a.jsonl"), 0, |l| Listen {
        burst: 5,
        per_second: 0,
        ..l
    });
    let c = Client::of(&s);
    let codes: Vec<u16> = (0..8).map(|_| c.get("/api/config").0).collect();
    assert_eq!(codes, [200, 200, 200, 200, 200, 429, 429, 429]);
}

#[test]
fn two_tabs_and_two_annotators_at_once_lose_and_duplicate_nothing() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a.jsonl");
    let s = studio(&out, 0, |l| l);
    let c = Arc::new(Client::of(&s));
    // Two tabs of each of two annotators, all answering as fast as they can.
    let threads: Vec<_> = ["ann", "ann", "bo", "bo"]
        .into_iter()
        .enumerate()
        .map(|(t, who)| {
            let c = Arc::clone(&c);
            std::thread::spawn(move || {
                let mut ok = Vec::new();
                let mut conflicts = 0;
                for _ in 0..40 {
                    let Some(id) = c.current(who) else { break };
                    let label = ["FAVOR", "AGAINST", "NONE"][t % 3];
                    match c.answer(who, &id, Some(label)) {
                        (200, _) => ok.push(id),
                        (409, _) => conflicts += 1,
                        (code, body) => panic!("{code}: {body}"),
                    }
                }
                (ok, conflicts)
            })
        })
        .collect();
    let mut accepted = Vec::new();
    for t in threads {
        accepted.extend(t.join().unwrap().0);
    }
    let got = lines(&out);
    assert_eq!(
        got.len(),
        accepted.len(),
        "every accepted answer is in the file, once"
    );
    let mut ids: Vec<&str> = got.iter().map(|r| r["id"].as_str().unwrap()).collect();
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "no paragraph answered twice (overlap 0)");
    let total = c.state("ann")["progress"]["remaining"].as_u64().unwrap();
    assert_eq!(total, 0);
    assert_eq!(n, 32, "the whole pool is answered");
}

#[test]
fn the_model_is_retrained_in_the_background_and_the_queue_reordered() {
    let d = tempfile::tempdir().unwrap();
    let s = retraining_studio(&d.path().join("a.jsonl"), 0, 2, |l| l);
    let c = Client::of(&s);
    // bo is shown (and holds) one paragraph; its probabilities before and after.
    let held = c.state("bo")["question"].clone();
    for label in ["AGAINST", "AGAINST"] {
        let id = c.current("ann").unwrap();
        let (code, body) = c.answer("ann", &id, Some(label));
        assert_eq!(code, 200, "{body}");
    }
    // Answers are taken while the model trains; wait (bounded) for the new model.
    let mut v = c.state("ann");
    for _ in 0..600 {
        if v["progress"]["retrained"] == 1 && v["progress"]["retraining"] == false {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        v = c.state("ann");
    }
    assert_eq!(v["progress"]["retrained"], 1, "{v}");
    let now = c.state("bo")["question"].clone();
    assert_eq!(now["id"], held["id"], "bo still holds it");
    assert_ne!(
        now["probs"], held["probs"],
        "the new model's probabilities are shown"
    );
}

#[test]
fn a_held_paragraph_waits_for_its_holder_until_nothing_else_is_left() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a.jsonl");
    let s = studio(&out, 0, |l| l);
    let c = Client::of(&s);
    // bo is shown a paragraph and walks away.
    let held = c.current("bo").unwrap();
    let mut seen = Vec::new();
    while let Some(id) = c.current("ann") {
        if id == held {
            break;
        }
        assert_eq!(c.answer("ann", &id, Some("NONE")).0, 200);
        seen.push(id);
    }
    assert_eq!(
        seen.len(),
        31,
        "ann is shown bo's paragraph only at the end"
    );
    assert_eq!(c.answer("ann", &held, Some("FAVOR")).0, 200);
    let (code, body) = c.answer("bo", &held, Some("AGAINST"));
    assert_eq!(code, 409, "{body}");
    assert_eq!(lines(&out).len(), 32);
}

#[test]
fn undo_takes_back_only_ones_own_answer() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a.jsonl");
    let s = studio(&out, 0, |l| l);
    let c = Client::of(&s);
    let a1 = c.current("ann").unwrap();
    assert_eq!(c.answer("ann", &a1, Some("NONE")).0, 200);
    let b1 = c.current("bo").unwrap();
    assert_eq!(c.answer("bo", &b1, Some("AGAINST")).0, 200);
    // ann's answer is not the last line: it is taken out, bo's stays byte for byte.
    let bo_line = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    let (code, body) = c.post("/api/undo", json!({"annotator": "ann"}));
    assert_eq!(code, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["question"]["id"], a1.as_str(), "the paragraph comes back");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        format!("{bo_line}\n")
    );
    assert_eq!(c.post("/api/undo", json!({"annotator": "ann"})).0, 409);
}

#[test]
fn overlap_asks_shared_paragraphs_of_everyone_and_agreement_is_measured_and_settled() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a.jsonl");
    let s = studio(&out, 100, |l| l);
    let c = Client::of(&s);
    let labels = ["FAVOR", "AGAINST", "NONE"];
    for (who, shift) in [("ann", 0), ("bo", 1)] {
        for i in 0..6 {
            let id = c.current(who).unwrap();
            let label = labels[if i < 3 { 0 } else { (i + shift) % 3 }];
            assert_eq!(c.answer(who, &id, Some(label)).0, 200);
        }
    }
    let (code, body) = c.get("/api/agreement");
    assert_eq!(code, 200);
    let a: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(a["pairs"][0]["a"], "ann");
    assert_eq!(a["pairs"][0]["b"], "bo");
    assert_eq!(a["pairs"][0]["both"], 6);
    let open = a["disagreements"].as_array().unwrap();
    assert_eq!(open.len(), 3);
    let id = open[0]["id"].as_str().unwrap();
    assert_eq!(
        c.post(
            "/api/settle",
            json!({"annotator": "lead", "id": id, "label": "maybe"})
        )
        .0,
        400
    );
    let before = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        c.post(
            "/api/settle",
            json!({"annotator": "lead", "id": id, "label": "none"})
        )
        .0,
        200
    );
    let after = std::fs::read_to_string(&out).unwrap();
    assert!(
        after.starts_with(&before),
        "settling appends; nothing is rewritten"
    );
    let last: Value = serde_json::from_str(after.lines().last().unwrap()).unwrap();
    assert_eq!(
        (last["settled"].clone(), last["stance"].clone()),
        (json!(true), json!("NONE"))
    );
    let agreed = c.post(
        "/api/settle",
        json!({"annotator": "lead", "id": c.current("ann").unwrap(), "label": "NONE"}),
    );
    assert_eq!(agreed.0, 409, "nothing to settle without a disagreement");
    let (_, page) = c.get("/agreement");
    assert!(page.contains("1 settled"), "{page}");
}

#[test]
fn the_report_links_sources_articles_and_paragraphs() {
    let d = tempfile::tempdir().unwrap();
    let s = studio(&d.path().join("a.jsonl"), 0, |l| l);
    let c = Client::of(&s);
    let (code, page) = c.get("/report");
    assert_eq!(code, 200);
    assert_eq!(
        page.matches("<svg").count(),
        2 + 3,
        "index, shares and one trend per source"
    );
    assert!(page.contains("href=\"/report/source?name=Ridge%20Courier\""));
    let (code, page) = c.get("/report/source?name=Ridge%20Courier");
    assert_eq!(code, 200);
    assert_eq!(page.matches("href=\"/report/article?id=").count(), 3);
    let (code, page) = c.get("/report/article?id=ridge-01");
    assert_eq!(code, 200);
    assert!(page.contains("cold war mentality"));
    assert_eq!(c.get("/report/source?name=Nobody").0, 404);
}

/// The binary, started on a free port; its URL read from its first line (its standard
/// output kept open).
fn spawn(out: &Path) -> (Child, String, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_standpoint"))
        .args(["studio", "--pool"])
        .arg(pool())
        .args(["--task", "stance", "--port", "0", "--no-report", "--out"])
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut first).unwrap();
    let url = first.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{first}");
    (child, url, stdout)
}

fn client_of_url(url: &str) -> Client {
    let (base, token) = url.split_once("/?token=").unwrap();
    Client {
        base: base.to_string(),
        token: token.to_string(),
    }
}

#[test]
fn a_killed_studio_loses_nothing_and_resumes() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("a.jsonl");
    let (mut child, url, _stdout) = spawn(&out);
    let c = client_of_url(&url);
    let mut given = Vec::new();
    for label in ["FAVOR", "AGAINST", "NONE", "FAVOR"] {
        let id = c.current("ann").unwrap();
        assert_eq!(c.answer("ann", &id, Some(label)).0, 200);
        given.push(id);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let got: Vec<String> = lines(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(got, given, "every answer given before the kill is on disk");
    let (mut child, url, _stdout) = spawn(&out);
    let c = client_of_url(&url);
    let v = c.state("ann");
    assert_eq!(v["progress"]["labelled"], 4);
    assert_eq!(v["progress"]["remaining"], 28);
    let next = v["question"]["id"].as_str().unwrap();
    assert!(
        !given.iter().any(|g| g == next),
        "the queue resumes past the answers"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}
