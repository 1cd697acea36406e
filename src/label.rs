//! Label: an active-learning session. Unlabelled articles are segmented and their paragraphs
//! scored by the current model; the paragraphs it is least sure of come first. Each answer
//! is appended to the answers file and flushed to disk at once, so killing the process
//! loses nothing already answered; *undo* removes only the answer just given. With
//! `retrain_every`, the model is retrained on the base labels plus the answers so far and
//! the remaining paragraphs are re-ordered.
//!
//! Paragraphs already labelled (in the base label files or the answers file, skips
//! included) and near-duplicates (≥ 80% of word 3-shingles shared) are never asked.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::{display_path, Error, Result};
use crate::ingest::jsonl::JsonLines;
use crate::ingest::labels::{Example, Task};
use crate::ingest::merge::normalize;
use crate::ingest::Article;
use crate::model::{Classifier, Training};
use crate::rng::Rng;
use crate::segment::segment;

/// How the next paragraph is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Strategy {
    /// Highest entropy of the predicted probabilities first.
    Entropy,
    /// Smallest gap between the two most probable labels first.
    Margin,
    /// A seeded random order (the baseline).
    Random,
}

/// How uncertain `probs` are under `strategy` (higher: ask sooner).
pub fn uncertainty(probs: &[f64], strategy: Strategy) -> f64 {
    match strategy {
        Strategy::Entropy => -probs
            .iter()
            .filter(|p| **p > 0.0)
            .map(|p| p * p.ln())
            .sum::<f64>(),
        Strategy::Margin => {
            let mut s = probs.to_vec();
            s.sort_by(|a, b| b.total_cmp(a));
            -(s[0] - s.get(1).copied().unwrap_or(0.0))
        }
        Strategy::Random => 0.0,
    }
}

/// A paragraph waiting for a label.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// `article-nn`.
    pub id: String,
    /// The article's id.
    pub article: String,
    /// Its source.
    pub source: String,
    /// Its title, if known.
    pub title: Option<String>,
    /// The paragraph.
    pub text: String,
    /// The current model's probabilities (model label order).
    pub probs: Vec<f64>,
    /// Random tie-breaker, and the order under [`Strategy::Random`].
    pub draw: u64,
}

/// Finds exact and near-duplicate paragraphs by their word 3-shingles.
#[derive(Debug, Default)]
pub struct Dedup {
    exact: HashSet<String>,
    sets: Vec<HashSet<u64>>,
    index: HashMap<u64, Vec<usize>>,
}

/// Share of word 3-shingles two paragraphs must have in common to be near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.8;

fn shingles(norm: &str) -> HashSet<u64> {
    let words: Vec<&str> = crate::tokenize::words::words(norm)
        .map(|(_, w)| w)
        .collect();
    let hash = |s: &[&str]| {
        s.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, w| {
            w.bytes()
                .chain(std::iter::once(b' '))
                .fold(h, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
        })
    };
    if words.len() < 3 {
        return std::iter::once(hash(&words)).collect();
    }
    words.windows(3).map(hash).collect()
}

impl Dedup {
    /// Records `text`; `false` if it (or a near-duplicate) was recorded before.
    pub fn insert(&mut self, text: &str) -> bool {
        let norm = normalize(text);
        if !self.exact.insert(norm.clone()) {
            return false;
        }
        let set = shingles(&norm);
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        for h in &set {
            for &i in self.index.get(h).map_or(&[][..], Vec::as_slice) {
                *overlap.entry(i).or_default() += 1;
            }
        }
        for (i, common) in overlap {
            let union = set.len() + self.sets[i].len() - common;
            if common as f64 >= NEAR_DUPLICATE * union as f64 {
                return false;
            }
        }
        let id = self.sets.len();
        for h in &set {
            self.index.entry(*h).or_default().push(id);
        }
        self.sets.push(set);
        true
    }
}

/// The answers file: one JSONL record per answer, appended and synced at once.
pub struct Answers {
    path: PathBuf,
    file: File,
    /// Byte length of the file before each answer of this session, for undo.
    marks: Vec<u64>,
    /// Every record in the file, in order.
    records: Vec<Map<String, Value>>,
}

impl Answers {
    /// Opens (or creates) `path`, checking that what it already holds is complete JSONL.
    pub fn open(path: &Path) -> Result<Self> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| Error::io(path, e))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            let line = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Error::line(
                path,
                line,
                "the last line is incomplete (no newline at the end); fix or remove it before labelling on",
            ));
        }
        let records = JsonLines::new(BufReader::new(&bytes[..]), display_path(path), 64 << 20)
            .map(|r| r.map(|(_, m)| m))
            .collect::<Result<Vec<_>>>()?;
        Ok(Answers {
            path: path.to_path_buf(),
            file,
            marks: Vec::new(),
            records,
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every record in the file.
    pub fn records(&self) -> &[Map<String, Value>] {
        &self.records
    }

    /// Appends one record (a JSON object) and syncs it to disk before returning.
    pub fn append(&mut self, record: &impl Serialize) -> Result<()> {
        let len = self
            .file
            .seek(SeekFrom::End(0))
            .map_err(|e| Error::io(&self.path, e))?;
        let mut line = serde_json::to_string(record).expect("record serialises");
        let record: Map<String, Value> = serde_json::from_str(&line).expect("records are objects");
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|_| self.file.sync_data())
            .map_err(|e| Error::io(&self.path, e))?;
        self.marks.push(len);
        self.records.push(record);
        Ok(())
    }

    /// Removes the last answer of this session (never anything older); `false` if there is
    /// none.
    pub fn undo(&mut self) -> Result<bool> {
        let Some(len) = self.marks.pop() else {
            return Ok(false);
        };
        self.file
            .set_len(len)
            .and_then(|_| self.file.sync_data())
            .map_err(|e| Error::io(&self.path, e))?;
        self.records.pop();
        Ok(true)
    }
}

/// One line of the answers file, fields in the order of `data/`.
#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    article: &'a str,
    source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    text: &'a str,
    /// The task's field and the label (`null` for a skip).
    #[serde(flatten)]
    answer: Map<String, Value>,
    /// The model's guess when the question was asked.
    guess: Guess<'a>,
}

#[derive(Serialize)]
struct Guess<'a> {
    label: &'a str,
    p: f64,
}

/// A user's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A label of the task.
    Label(String),
    /// Not now (recorded, so it is not asked again).
    Skip,
    /// Take back the last answer.
    Undo,
    /// Stop.
    Quit,
}

/// The labelled examples among answer records (skips have a null label).
pub fn examples_of(records: &[Map<String, Value>], task: &Task, file: &str) -> Vec<Example> {
    records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let label = r.get(&task.field)?.as_str()?;
            Some(Example {
                id: r.get("id").and_then(Value::as_str).map(String::from),
                text: r.get("text")?.as_str()?.to_string(),
                label: task.canonical(label).ok()?,
                group: r.get("article").and_then(Value::as_str).map(String::from),
                file: file.to_string(),
                line: i + 1,
            })
        })
        .collect()
}

/// The labelling session.
pub struct Session {
    model: Classifier,
    task: Task,
    strategy: Strategy,
    queue: Vec<Candidate>,
    answers: Answers,
    base: Vec<Example>,
    retrain_every: usize,
    since_retrain: usize,
    /// Candidates answered this session, last on top, for undo.
    done: Vec<Candidate>,
    /// Answers given this session (labels and skips).
    pub answered: usize,
    /// Times the model was retrained this session.
    pub retrained: usize,
}

impl Session {
    /// Builds the queue from `articles`, leaving out paragraphs whose text is in `known`
    /// (other label files) or in the answers file, and near-duplicates.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        model: Classifier,
        articles: Vec<Article>,
        known: &[String],
        answers: Answers,
        base: Vec<Example>,
        strategy: Strategy,
        retrain_every: usize,
        seed: u64,
    ) -> Result<Self> {
        let task = Task::named(&model.task);
        let mut dedup = Dedup::default();
        for t in known {
            dedup.insert(t);
        }
        for r in answers.records() {
            if let Some(t) = r.get("text").and_then(Value::as_str) {
                dedup.insert(t);
            }
        }
        let mut rng = Rng::new(seed);
        let mut queue = Vec::new();
        let mut scorer = model.scorer();
        for a in articles {
            let seg = segment(&a.text);
            let source = a
                .source
                .clone()
                .or(seg.source.clone())
                .unwrap_or_else(|| "unknown".into());
            let title = a.title.clone().or(seg.title.clone());
            for (n, p) in seg.paragraphs.iter().enumerate() {
                if !dedup.insert(&p.text) {
                    continue;
                }
                queue.push(Candidate {
                    id: format!("{}-{n:02}", a.id),
                    article: a.id.clone(),
                    source: source.clone(),
                    title: title.clone(),
                    probs: scorer.predict_proba(&p.text),
                    text: p.text.clone(),
                    draw: rng.next_u64(),
                });
            }
        }
        let mut s = Session {
            model,
            task,
            strategy,
            queue,
            answers,
            base,
            retrain_every,
            since_retrain: 0,
            done: Vec::new(),
            answered: 0,
            retrained: 0,
        };
        s.sort();
        Ok(s)
    }

    fn sort(&mut self) {
        let strategy = self.strategy;
        self.queue.sort_by(|a, b| {
            uncertainty(&b.probs, strategy)
                .total_cmp(&uncertainty(&a.probs, strategy))
                .then(a.draw.cmp(&b.draw))
        });
    }

    /// The current model.
    pub fn model(&self) -> &Classifier {
        &self.model
    }

    /// The task.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// The paragraph to label now.
    pub fn current(&self) -> Option<&Candidate> {
        self.queue.first()
    }

    /// Paragraphs left.
    pub fn remaining(&self) -> usize {
        self.queue.len()
    }

    /// Labels in the answers file.
    pub fn labels_given(&self) -> usize {
        examples_of(self.answers.records(), &self.task, "").len()
    }

    /// The model's guess for a candidate: its most probable label and that probability.
    pub fn guess(&self, c: &Candidate) -> (String, f64) {
        let (i, p) = c
            .probs
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .expect("at least two labels");
        (self.model.labels[i].clone(), *p)
    }

    /// Applies an answer; returns `false` on quit.
    pub fn answer(&mut self, a: Answer) -> Result<bool> {
        match a {
            Answer::Quit => return Ok(false),
            Answer::Undo => {
                if self.answers.undo()? {
                    let r = self.done.pop().expect("one candidate per answer");
                    self.queue.insert(0, r);
                    self.answered -= 1;
                    self.since_retrain = self.since_retrain.saturating_sub(1);
                }
            }
            Answer::Skip | Answer::Label(_) => {
                let Some(c) = self.queue.first().cloned() else {
                    return Ok(false);
                };
                let label = match &a {
                    Answer::Label(l) => Some(self.task.canonical(l).map_err(Error::params)?),
                    _ => None,
                };
                let (guess, p) = self.guess(&c);
                let mut answer = Map::new();
                answer.insert(self.task.field.clone(), json!(label));
                let rec = Record {
                    id: &c.id,
                    article: &c.article,
                    source: &c.source,
                    title: c.title.as_deref(),
                    text: &c.text,
                    answer,
                    guess: Guess { label: &guess, p },
                };
                self.answers.append(&rec)?;
                self.queue.remove(0);
                self.done.push(c);
                self.answered += 1;
                if label.is_some() {
                    self.since_retrain += 1;
                    if self.retrain_every > 0 && self.since_retrain >= self.retrain_every {
                        self.retrain()?;
                    }
                }
            }
        }
        Ok(true)
    }

    /// Retrains on the base labels and every label in the answers file, with the model's
    /// recorded settings, and re-orders the queue.
    pub fn retrain(&mut self) -> Result<()> {
        let file = display_path(self.answers.path());
        let mut examples = self.base.clone();
        examples.extend(examples_of(self.answers.records(), &self.task, &file));
        let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
        let labels: Vec<&str> = examples.iter().map(|e| e.label.as_str()).collect();
        let params = self.model.training.params.clone();
        let fitted = params.fit(&texts, &labels)?;
        let training = Training {
            fit: fitted.report.clone(),
            cv: None,
            ..self.model.training.clone()
        };
        self.model = Classifier::new(&self.task.field, fitted, training);
        let mut scorer = self.model.scorer();
        for c in &mut self.queue {
            c.probs = scorer.predict_proba(&c.text);
        }
        self.sort();
        self.since_retrain = 0;
        self.retrained += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builtin;

    fn article(id: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            source: Some("Desk".into()),
            title: None,
            author: None,
            date: None,
            url: None,
            text: text.into(),
            file: "pool.txt".into(),
            line: 1,
        }
    }

    #[test]
    fn uncertainty_orders() {
        let sure = [0.9, 0.05, 0.05];
        let unsure = [0.4, 0.35, 0.25];
        for s in [Strategy::Entropy, Strategy::Margin] {
            assert!(uncertainty(&unsure, s) > uncertainty(&sure, s), "{s:?}");
        }
    }

    #[test]
    fn near_duplicates_are_recognised() {
        let mut d = Dedup::default();
        let a = "The alliance will hold its annual summit in Washington next week with partners from Asia.";
        assert!(d.insert(a));
        assert!(!d.insert(&a.to_uppercase()), "exact after normalisation");
        assert!(
            !d.insert(&a.replace("next week", "next  week,")),
            "near-duplicate"
        );
        assert!(
            d.insert("Beijing criticised the plan and warned of bloc confrontation in the region.")
        );
    }

    #[test]
    fn answers_file_appends_syncs_and_undoes_only_this_session() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("answers.jsonl");
        std::fs::write(&p, "{\"id\":\"old\",\"text\":\"x\",\"stance\":\"NONE\"}\n").unwrap();
        let mut a = Answers::open(&p).unwrap();
        a.append(&json!({"id": "new"})).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap().lines().count(), 2);
        assert!(a.undo().unwrap());
        assert!(!a.undo().unwrap(), "the earlier answer stays");
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\"id\":\"old\",\"text\":\"x\",\"stance\":\"NONE\"}\n"
        );
    }

    #[test]
    fn incomplete_or_bad_answers_file_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.jsonl");
        std::fs::write(&p, "{\"id\":\"a\"}\n{\"id\":").unwrap();
        let err = Answers::open(&p).err().unwrap().to_string();
        assert!(
            err.contains("a.jsonl:2: the last line is incomplete"),
            "{err}"
        );
        std::fs::write(&p, "not json\n").unwrap();
        assert!(Answers::open(&p)
            .err()
            .unwrap()
            .to_string()
            .contains("a.jsonl:1: invalid JSON"));
    }

    #[test]
    fn session_asks_unsure_first_skips_known_and_resumes() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("answers.jsonl");
        let model = builtin::load("stance").unwrap();
        let articles = vec![article(
            "a",
            "NATO extending tentacles into Asia will only end in failure and provoke confrontation.\n\n\
             The ministers met in Brussels on Thursday.\n\n\
             Leaders discussed cooperation with partners in the Indo-Pacific and the risks it brings.\n\n\
             A known paragraph that was labelled before.\n",
        )];
        let known = vec!["A known paragraph that was labelled before.".to_string()];
        let mut s = Session::new(
            model.clone(),
            articles.clone(),
            &known,
            Answers::open(&p).unwrap(),
            vec![],
            Strategy::Entropy,
            0,
            1,
        )
        .unwrap();
        assert_eq!(s.remaining(), 3);
        let first = s.current().unwrap().clone();
        let rest: Vec<f64> = s
            .queue
            .iter()
            .map(|c| uncertainty(&c.probs, Strategy::Entropy))
            .collect();
        assert!(rest.windows(2).all(|w| w[0] >= w[1]));
        assert!(s.answer(Answer::Label("against".into())).unwrap());
        assert!(s.answer(Answer::Skip).unwrap());
        assert!(s.answer(Answer::Undo).unwrap());
        assert_eq!(s.remaining(), 2);
        assert!(!s.answer(Answer::Quit).unwrap());
        let lines: Vec<Value> = std::fs::read_to_string(&p)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["text"], first.text);
        assert_eq!(lines[0]["stance"], "AGAINST");
        assert!(lines[0]["guess"]["label"].is_string());
        // A new session over the same pool does not ask the answered paragraph again.
        let s2 = Session::new(
            model,
            articles,
            &known,
            Answers::open(&p).unwrap(),
            vec![],
            Strategy::Entropy,
            0,
            1,
        )
        .unwrap();
        assert_eq!(s2.remaining(), 2);
        assert!(s2.queue.iter().all(|c| c.text != first.text));
    }

    #[test]
    fn retraining_uses_base_and_answers_and_reorders() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("answers.jsonl");
        let model = builtin::load("stance").unwrap();
        let base: Vec<Example> = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/seed_paragraphs.jsonl"
        ))
        .unwrap()
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let v: Value = serde_json::from_str(l).unwrap();
            Example {
                id: None,
                text: v["text"].as_str().unwrap().into(),
                label: v["stance"].as_str().unwrap().into(),
                group: None,
                file: "seed".into(),
                line: i + 1,
            }
        })
        .collect();
        let articles = vec![article(
            "a",
            "Japan welcomed the partnership as vital for shared security.\n\n\
             South Korea welcomed the partnership as vital for shared security and values.\n\n\
             The ministers met on Thursday.\n",
        )];
        let mut s = Session::new(
            model,
            articles,
            &[],
            Answers::open(&p).unwrap(),
            base,
            Strategy::Entropy,
            1,
            3,
        )
        .unwrap();
        let before = s.model().linear.intercept.clone();
        s.answer(Answer::Label("FAVOR".into())).unwrap();
        assert_eq!(s.retrained, 1);
        assert_ne!(s.model().linear.intercept, before);
        assert_eq!(s.model().training.fit.examples, 113);
    }
}
