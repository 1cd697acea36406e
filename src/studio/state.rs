//! The studio's labelling state, shared by every request: one queue ordered as `label`
//! orders it, the answers file, who holds which paragraph, and the model (retrained in a
//! background thread). Every change happens under one lock and is synced to the answers
//! file before the lock is released, so two tabs or two annotators can neither lose nor
//! duplicate an answer.
//!
//! With `overlap` K, K% of the paragraphs (chosen by a hash of their id, the same on every
//! restart) are asked of every annotator; any other paragraph is asked of one annotator
//! only: the first to be shown it holds it until they answer it (another annotator is shown
//! it only when nothing else is left to them; the first answer counts, a second gets 409).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::error::{display_path, Error, Result};
use crate::ingest::label_files::{Example, Task};
use crate::labelling::{
    candidates, examples_of, guess, order, retrained, Answers, Candidate, Dedup, Guess, Keys, Plan,
    Prepared, Record,
};
use crate::model::Classifier;
use crate::segment::segment;
use crate::text::fnv1a;

/// What a studio labels, with what, and where the answers go.
pub struct Setup {
    /// The session's pieces, as `label` reads them.
    pub prepared: Prepared,
    /// The answers file.
    pub answers: Answers,
    /// Percent of the paragraphs asked of every annotator (0–100).
    pub overlap: u32,
}

/// Why a request was refused: a status and a message for the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// 400: the request names an unknown label, annotator or paragraph.
    Invalid(String),
    /// 409: the paragraph was answered already (another tab, another annotator).
    Conflict(String),
    /// 500: the answers file could not be written.
    Failed(String),
}

impl From<Error> for Refusal {
    fn from(e: Error) -> Self {
        Refusal::Failed(e.to_string())
    }
}

/// A paragraph as the labelling page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
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
    /// Up to two paragraphs before it, in order.
    pub before: Vec<String>,
    /// Up to two paragraphs after it, in order.
    pub after: Vec<String>,
    /// The model's guess and its probability.
    pub guess: Option<(String, f64)>,
    /// Every label's probability (model label order; empty without a model).
    pub probs: Vec<(String, f64)>,
    /// Whether every annotator is asked it.
    pub shared: bool,
}

/// One annotator's progress.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// The annotator.
    pub annotator: String,
    /// Labels they gave (skips not counted).
    pub labelled: usize,
    /// Paragraphs they skipped.
    pub skipped: usize,
    /// Paragraphs still open to them (some perhaps shown to another annotator now).
    pub remaining: usize,
    /// Their labels per class, in the label set's order.
    pub mine: Vec<(String, usize)>,
    /// Everyone's labels per class.
    pub everyone: Vec<(String, usize)>,
    /// Records in the answers file.
    pub records: usize,
    /// Whether they have an answer of this run to undo.
    pub can_undo: bool,
    /// Times the model was retrained.
    pub retrained: usize,
    /// Whether it is being retrained now.
    pub retraining: bool,
}

/// What the labelling page needs after each request.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The next paragraph (none when the annotator is done).
    pub question: Option<Question>,
    /// The annotator's progress.
    pub progress: Progress,
}

/// One answer as the agreement view reads it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Given {
    /// Who.
    pub annotator: String,
    /// The label (`None`: skipped).
    pub label: Option<String>,
    /// Whether it settles a disagreement.
    pub settled: bool,
}

struct Inner {
    model: Option<Classifier>,
    queue: Vec<Candidate>,
    answers: Answers,
    /// Paragraph id → the answers given, in file order.
    given: HashMap<String, Vec<Given>>,
    /// Annotator → the paragraph shown to them.
    leases: HashMap<String, String>,
    /// Annotator → their answers of this run (record indices), last on top.
    history: HashMap<String, Vec<usize>>,
    since_retrain: usize,
    retrained: usize,
}

/// The studio's shared state.
pub struct Studio {
    inner: Mutex<Inner>,
    task: Task,
    keys: Keys,
    base: Vec<Example>,
    plan: Plan,
    overlap: u32,
    /// Article id → (its paragraphs).
    paragraphs: HashMap<String, Vec<String>>,
    retraining: AtomicBool,
}

/// Whether an annotator's name is acceptable: 1–40 letters, digits, `_`, `-` or `.`.
pub fn valid_annotator(name: &str) -> bool {
    (1..=40).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn given_of(records: &[Map<String, Value>], field: &str) -> HashMap<String, Vec<Given>> {
    let mut out: HashMap<String, Vec<Given>> = HashMap::new();
    for r in records {
        let Some(id) = r.get("id").and_then(Value::as_str) else {
            continue;
        };
        out.entry(id.to_string()).or_default().push(Given {
            annotator: r
                .get("annotator")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            label: r.get(field).and_then(Value::as_str).map(String::from),
            settled: r.get("settled").and_then(Value::as_bool) == Some(true),
        });
    }
    out
}

impl Studio {
    /// Builds the queue (the same candidates, de-duplication and order as `label`) and
    /// reads who answered what from the answers file.
    pub fn new(setup: Setup) -> Result<Arc<Studio>> {
        let Setup {
            prepared: s,
            answers,
            overlap,
        } = setup;
        if overlap > 100 {
            return Err(Error::params(format!(
                "--overlap {overlap}: expected a percentage, 0 to 100"
            )));
        }
        let mut dedup = Dedup::default();
        for t in &s.known {
            dedup.insert(t);
        }
        let mut queue = candidates(s.model.as_ref(), &s.articles, &mut dedup, &s.plan);
        order(&mut queue, s.model.is_some(), s.plan.strategy);
        let paragraphs = s
            .articles
            .iter()
            .map(|a| {
                let seg = segment(&a.text);
                (
                    a.id.clone(),
                    seg.paragraphs.into_iter().map(|p| p.text).collect(),
                )
            })
            .collect();
        let given = given_of(answers.records(), &s.task.field);
        Ok(Arc::new(Studio {
            inner: Mutex::new(Inner {
                model: s.model,
                queue,
                answers,
                given,
                leases: HashMap::new(),
                history: HashMap::new(),
                since_retrain: 0,
                retrained: 0,
            }),
            keys: Keys::new(s.task.clone(), &s.labels),
            task: s.task,
            base: s.base,
            plan: s.plan,
            overlap,
            paragraphs,
            retraining: AtomicBool::new(false),
        }))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The task.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// The labels and their keys.
    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    /// Whether every annotator is asked paragraph `id`.
    pub fn shared(&self, id: &str) -> bool {
        fnv1a(id) % 100 < u64::from(self.overlap)
    }

    /// Whether `annotator` may answer `id`: they have not, and (unless every annotator is
    /// asked it) nobody has.
    fn open_to(&self, inner: &Inner, annotator: &str, id: &str) -> bool {
        let given = inner.given.get(id).map_or(&[][..], Vec::as_slice);
        if given.iter().any(|g| g.annotator == annotator) {
            return false;
        }
        self.shared(id) || given.is_empty()
    }

    /// Whether another annotator is shown `id` (a paragraph asked of one annotator only).
    fn held_by_another(&self, inner: &Inner, annotator: &str, id: &str) -> bool {
        !self.shared(id)
            && inner
                .leases
                .iter()
                .any(|(who, held)| held == id && who != annotator)
    }

    /// The paragraph `annotator` is to answer: the one they hold, else the first open to
    /// them that nobody else holds, else (so an abandoned tab holds nothing back for good)
    /// the first open to them; they then hold it.
    fn next_for(&self, inner: &mut Inner, annotator: &str) -> Option<usize> {
        if let Some(id) = inner.leases.get(annotator).cloned() {
            if self.open_to(inner, annotator, &id) {
                return inner.queue.iter().position(|c| c.id == id);
            }
        }
        let at = inner
            .queue
            .iter()
            .position(|c| {
                self.open_to(inner, annotator, &c.id)
                    && !self.held_by_another(inner, annotator, &c.id)
            })
            .or_else(|| {
                inner
                    .queue
                    .iter()
                    .position(|c| self.open_to(inner, annotator, &c.id))
            });
        match at {
            Some(i) => {
                let id = inner.queue[i].id.clone();
                inner.leases.insert(annotator.to_string(), id);
            }
            None => {
                inner.leases.remove(annotator);
            }
        }
        at
    }

    fn question(&self, inner: &Inner, c: &Candidate) -> Question {
        let n: usize =
            c.id.rsplit('-')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
        let paras = self
            .paragraphs
            .get(&c.article)
            .map_or(&[][..], Vec::as_slice);
        let at = n.min(paras.len());
        let before = paras[at.saturating_sub(2)..at].to_vec();
        let after = paras
            .get(n + 1..(n + 3).min(paras.len()))
            .unwrap_or(&[])
            .to_vec();
        let model = inner.model.as_ref();
        Question {
            id: c.id.clone(),
            article: c.article.clone(),
            source: c.source.clone(),
            title: c.title.clone(),
            text: c.text.clone(),
            before,
            after,
            guess: model.and_then(|m| guess(m, &c.probs)),
            probs: model.map_or_else(Vec::new, |m| {
                m.labels
                    .iter()
                    .cloned()
                    .zip(c.probs.iter().copied())
                    .collect()
            }),
            shared: self.shared(&c.id),
        }
    }

    fn progress(&self, inner: &Inner, annotator: &str) -> Progress {
        let labels: Vec<&String> = self.keys.labels().iter().map(|(_, l)| l).collect();
        let mut mine = vec![0usize; labels.len()];
        let mut everyone = vec![0usize; labels.len()];
        let (mut labelled, mut skipped) = (0, 0);
        for g in inner.given.values().flatten() {
            let at = g
                .label
                .as_ref()
                .and_then(|l| labels.iter().position(|x| *x == l));
            if let Some(i) = at {
                everyone[i] += 1;
            }
            if g.annotator == annotator {
                match at {
                    Some(i) => {
                        mine[i] += 1;
                        labelled += 1;
                    }
                    None => skipped += 1,
                }
            }
        }
        let remaining = inner
            .queue
            .iter()
            .filter(|c| self.open_to(inner, annotator, &c.id))
            .count();
        let count = |v: Vec<usize>| labels.iter().map(|l| l.to_string()).zip(v).collect();
        Progress {
            annotator: annotator.to_string(),
            labelled,
            skipped,
            remaining,
            mine: count(mine),
            everyone: count(everyone),
            records: inner.answers.records().len(),
            can_undo: inner.history.get(annotator).is_some_and(|h| !h.is_empty()),
            retrained: inner.retrained,
            retraining: self.retraining.load(Ordering::SeqCst),
        }
    }

    fn view(&self, inner: &mut Inner, annotator: &str) -> View {
        let question = self
            .next_for(inner, annotator)
            .map(|i| self.question(inner, &inner.queue[i]));
        View {
            question,
            progress: self.progress(inner, annotator),
        }
    }

    /// What `annotator` is to answer now, and their progress.
    pub fn current(&self, annotator: &str) -> std::result::Result<View, Refusal> {
        check_annotator(annotator)?;
        let mut inner = self.lock();
        Ok(self.view(&mut inner, annotator))
    }

    /// `annotator` answers paragraph `id` with `label` (`None`: skip). The answer is synced
    /// to the answers file before this returns; a paragraph no longer open to them (answered
    /// in another tab, or by another annotator) is refused, so nothing is written twice.
    pub fn answer(
        self: &Arc<Self>,
        annotator: &str,
        id: &str,
        label: Option<&str>,
    ) -> std::result::Result<View, Refusal> {
        check_annotator(annotator)?;
        let label = label.map(|l| self.label(l)).transpose()?;
        let mut inner = self.lock();
        let Some(at) = inner.queue.iter().position(|c| c.id == id) else {
            return Err(Refusal::Invalid(format!("no paragraph '{id}' in the pool")));
        };
        if !self.open_to(&inner, annotator, id) {
            return Err(Refusal::Conflict(format!(
                "paragraph '{id}' is answered already"
            )));
        }
        let c = inner.queue[at].clone();
        self.append(&mut inner, &c, annotator, label.as_deref(), false)?;
        inner.leases.remove(annotator);
        if label.is_some() {
            inner.since_retrain += 1;
            if self.plan.retrain_every > 0 && inner.since_retrain >= self.plan.retrain_every {
                self.start_retraining(&mut inner);
            }
        }
        Ok(self.view(&mut inner, annotator))
    }

    fn label(&self, l: &str) -> std::result::Result<String, Refusal> {
        let canonical = self.task.canonical(l).ok();
        self.keys
            .labels()
            .iter()
            .map(|(_, x)| x)
            .find(|x| Some(*x) == canonical.as_ref())
            .cloned()
            .ok_or_else(|| {
                let all: Vec<&str> = self.keys.labels().iter().map(|(_, l)| l.as_str()).collect();
                Refusal::Invalid(format!("'{l}' is not a label: expected {}", all.join(", ")))
            })
    }

    fn append(
        &self,
        inner: &mut Inner,
        c: &Candidate,
        annotator: &str,
        label: Option<&str>,
        settled: bool,
    ) -> Result<()> {
        let g = inner.model.as_ref().and_then(|m| guess(m, &c.probs));
        let mut answer = Map::new();
        answer.insert(self.task.field.clone(), json!(label));
        let rec = Record {
            id: &c.id,
            article: &c.article,
            source: &c.source,
            title: c.title.as_deref(),
            text: &c.text,
            answer,
            guess: g.as_ref().map(|(label, p)| Guess { label, p: *p }),
            annotator: Some(annotator),
            settled,
        };
        inner.answers.append(&rec)?;
        let index = inner.answers.records().len() - 1;
        inner
            .history
            .entry(annotator.to_string())
            .or_default()
            .push(index);
        inner.given.entry(c.id.clone()).or_default().push(Given {
            annotator: annotator.to_string(),
            label: label.map(String::from),
            settled,
        });
        Ok(())
    }

    /// Takes back `annotator`'s last answer of this run (never another's, nor an answer of
    /// an earlier run); the paragraph is theirs to answer again.
    pub fn undo(&self, annotator: &str) -> std::result::Result<View, Refusal> {
        check_annotator(annotator)?;
        let mut inner = self.lock();
        let Some(index) = inner.history.get_mut(annotator).and_then(Vec::pop) else {
            return Err(Refusal::Conflict("nothing of yours to undo".into()));
        };
        let rec = inner.answers.records()[index].clone();
        inner.answers.remove(index)?;
        for h in inner.history.values_mut() {
            for i in h.iter_mut().filter(|i| **i > index) {
                *i -= 1;
            }
        }
        inner.given = given_of(inner.answers.records(), &self.task.field);
        if rec.get(&self.task.field).is_some_and(|v| !v.is_null()) {
            inner.since_retrain = inner.since_retrain.saturating_sub(1);
        }
        if let Some(id) = rec.get("id").and_then(Value::as_str) {
            inner.leases.insert(annotator.to_string(), id.to_string());
        }
        Ok(self.view(&mut inner, annotator))
    }

    /// Every paragraph with answers, and who gave what.
    pub fn given(&self) -> Vec<(Candidate, Vec<Given>)> {
        let inner = self.lock();
        let mut out: Vec<(Candidate, Vec<Given>)> = inner
            .queue
            .iter()
            .filter_map(|c| Some((c.clone(), inner.given.get(&c.id)?.clone())))
            .collect();
        out.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        out
    }

    /// `annotator` settles paragraph `id` with `label`: a settling answer appended (what the
    /// annotators gave stays); only a paragraph whose annotators disagree can be settled.
    pub fn settle(
        &self,
        annotator: &str,
        id: &str,
        label: &str,
    ) -> std::result::Result<(), Refusal> {
        check_annotator(annotator)?;
        let label = self.label(label)?;
        let mut inner = self.lock();
        let Some(c) = inner.queue.iter().find(|c| c.id == id).cloned() else {
            return Err(Refusal::Invalid(format!("no paragraph '{id}' in the pool")));
        };
        let given = inner.given.get(id).map_or(&[][..], Vec::as_slice);
        if !super::agreement::disagreed(given) {
            return Err(Refusal::Conflict(format!(
                "paragraph '{id}' has no disagreement to settle"
            )));
        }
        self.append(&mut inner, &c, annotator, Some(&label), true)?;
        Ok(())
    }

    fn start_retraining(self: &Arc<Self>, inner: &mut Inner) {
        if self.retraining.swap(true, Ordering::SeqCst) {
            return;
        }
        inner.since_retrain = 0;
        let file = display_path(inner.answers.path());
        let mut examples = self.base.clone();
        examples.extend(examples_of(inner.answers.records(), &self.task, &file));
        let model = inner.model.clone();
        let texts: Vec<(String, String)> = inner
            .queue
            .iter()
            .map(|c| (c.id.clone(), c.text.clone()))
            .collect();
        let me = Arc::clone(self);
        std::thread::spawn(move || {
            let fresh = retrained(model.as_ref(), &me.plan.params, &me.task, &examples);
            match fresh {
                Ok(Some(m)) => {
                    let mut scorer = m.scorer();
                    let probs: HashMap<String, Vec<f64>> = texts
                        .into_iter()
                        .map(|(id, t)| (id, scorer.predict_proba(&t)))
                        .collect();
                    drop(scorer);
                    let mut inner = me.lock();
                    for c in &mut inner.queue {
                        if let Some(p) = probs.get(&c.id) {
                            c.probs.clone_from(p);
                        }
                    }
                    order(&mut inner.queue, true, me.plan.strategy);
                    inner.model = Some(m);
                    inner.retrained += 1;
                }
                Ok(None) => {}
                Err(e) => eprintln!("standpoint studio: retraining failed: {e}"),
            }
            me.retraining.store(false, Ordering::SeqCst);
        });
    }

    /// Whether the model is being retrained now.
    pub fn retraining(&self) -> bool {
        self.retraining.load(Ordering::SeqCst)
    }
}

fn check_annotator(name: &str) -> std::result::Result<(), Refusal> {
    if valid_annotator(name) {
        Ok(())
    } else {
        Err(Refusal::Invalid(format!(
            "'{name}' is not an annotator's name: 1 to 40 letters, digits, '_', '-' or '.'"
        )))
    }
}
