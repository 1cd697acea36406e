//! The studio in a real browser: headless Chromium driven over WebDriver (chromedriver).
//! Five paragraphs labelled by keyboard, one undo, a reload, a second annotator, the
//! agreement view with one disagreement settled, then the answers file checked; screenshots
//! of the labelling page and the report go to `docs/`. Needs `chromium` and
//! `chromium-driver`: run by `scripts/browser-test.sh` (ignored by a plain `cargo test`).

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

mod common;

/// Kills a child process when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `progress`'s `data-labelled` once it reads `n` (the page answers asynchronously).
async fn wait_labelled(c: &Client, n: usize) {
    let want = n.to_string();
    for _ in 0..200 {
        let p = c.find(Locator::Id("progress")).await.unwrap();
        if p.attr("data-labelled").await.unwrap().as_deref() == Some(want.as_str()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the page never showed {n} labelled");
}

async fn text_of(c: &Client, id: &str) -> String {
    c.wait()
        .for_element(Locator::Id(id))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The paragraph shown, once the page shows one.
async fn shown(c: &Client) -> String {
    for _ in 0..200 {
        let t = text_of(c, "pid").await;
        if !t.is_empty() {
            return t;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no paragraph shown");
}

async fn key(c: &Client, k: &str) {
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys(k).await.unwrap();
}

/// Labels five paragraphs with `keys` as `who`, each one once the previous is done.
async fn label_five(c: &Client, keys: [&str; 5], from: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        ids.push(shown(c).await);
        key(c, k).await;
        wait_labelled(c, from + i + 1).await;
    }
    ids
}

async fn save_screenshot(c: &Client, to: &Path) {
    let png = c.screenshot().await.unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(to, png).unwrap();
}

#[test]
#[ignore = "needs chromium and chromedriver: scripts/browser-test.sh"]
fn label_undo_reload_two_annotators_and_agreement_in_chromium() {
    let d = tempfile::tempdir().unwrap();
    let out = d.path().join("answers.jsonl");
    let mut studio = Command::new(env!("CARGO_BIN_EXE_standpoint"))
        .args(["studio", "--pool"])
        .arg(common::root().join("tests/fixtures/studio/pool.jsonl"))
        .args([
            "--task",
            "stance",
            "--port",
            "0",
            "--overlap",
            "100",
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(studio.stdout.take().unwrap());
    let _studio = Killed(studio);
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first.trim().rsplit(' ').next().unwrap().to_string();
    let base = url.split("/?token=").next().unwrap().to_string();

    let port = free_port();
    let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or("chromedriver".into()))
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .spawn()
        .expect("chromedriver (the chromium-driver package) runs");
    let _driver = Killed(driver);
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({
        "goog:chromeOptions": {
            "binary": std::env::var("CHROMIUM").unwrap_or("/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    });
    let Value::Object(caps) = caps else {
        unreachable!()
    };
    let docs = common::root().join("docs");
    std::fs::create_dir_all(&docs).unwrap();

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let mut c = None;
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => {
                    c = Some(client);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        let c = c.expect("a WebDriver session");

        // Without the token: refused.
        c.goto(&format!("{base}/")).await.unwrap();
        assert!(c.source().await.unwrap().contains("access token is needed"));

        // ann labels five paragraphs by keyboard, takes the last back, reloads.
        c.goto(&format!("{url}&annotator=ann")).await.unwrap();
        let ann = label_five(&c, ["f", "a", "n", "f", "a"], 0).await;
        let before_undo = std::fs::read_to_string(&out).unwrap().lines().count();
        assert_eq!(before_undo, 5);
        key(&c, "z").await;
        wait_labelled(&c, 4).await;
        assert_eq!(shown(&c).await, ann[4], "undo brings the paragraph back");
        c.refresh().await.unwrap();
        wait_labelled(&c, 4).await;
        assert_eq!(shown(&c).await, ann[4], "a reload shows the same paragraph");
        key(&c, "n").await;
        wait_labelled(&c, 5).await;
        assert!(!text_of(&c, "before").await.is_empty() || !text_of(&c, "after").await.is_empty());
        save_screenshot(&c, &docs.join("studio-label.png")).await;

        // bo, in the same browser (the cookie keeps the token), labels the same five.
        c.goto(&format!("{base}/?annotator=bo")).await.unwrap();
        let bo = label_five(&c, ["f", "a", "a", "f", "a"], 0).await;
        assert_eq!(
            bo, ann,
            "with --overlap 100 both are asked the same paragraphs"
        );

        // The agreement view: one pair, disagreements on paragraphs 3 and 5; settle one.
        c.goto(&format!("{base}/agreement")).await.unwrap();
        let kappa = c
            .find(Locator::Css("#pairs td.kappa"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(kappa.parse::<f64>().is_ok(), "{kappa}");
        let open = c
            .find_all(Locator::Css("section.disagreement"))
            .await
            .unwrap();
        assert_eq!(open.len(), 2);
        let who = c.find(Locator::Id("annotator")).await.unwrap();
        assert_eq!(
            who.prop("value").await.unwrap().as_deref(),
            Some("bo"),
            "remembered"
        );
        who.clear().await.unwrap();
        who.send_keys("lead").await.unwrap();
        c.find(Locator::Css("section.disagreement button[data-label=NONE]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        for _ in 0..100 {
            if c.find_all(Locator::Css(".settled")).await.unwrap().len() == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(c.find_all(Locator::Css(".settled")).await.unwrap().len(), 1);

        // The report, its sortable table and a source's articles.
        c.goto(&format!("{base}/report")).await.unwrap();
        c.find(Locator::Css("#sources th:nth-child(4)"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        save_screenshot(&c, &docs.join("studio-report.png")).await;
        c.find(Locator::Css("#sources a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::Css("#articles a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::Id("paragraphs"))
            .await
            .unwrap();
        c.close().await.unwrap();
    });

    let lines: Vec<Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |who: &str| -> Vec<(String, String)> {
        lines
            .iter()
            .filter(|r| r["annotator"] == who)
            .map(|r| {
                (
                    r["id"].as_str().unwrap().into(),
                    r["stance"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let ann = of("ann");
    assert_eq!(
        ann.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>(),
        ["FAVOR", "AGAINST", "NONE", "FAVOR", "NONE"],
        "the undone AGAINST is gone, its NONE is there"
    );
    assert_eq!(of("bo").len(), 5);
    let settled: Vec<&Value> = lines.iter().filter(|r| r["settled"] == true).collect();
    assert_eq!(settled.len(), 1);
    assert_eq!(settled[0]["annotator"], "lead");
    assert_eq!(settled[0]["stance"], "NONE");
    assert_eq!(lines.len(), 11);
}
