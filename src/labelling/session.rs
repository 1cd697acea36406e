//! The labelling session: unlabelled articles are segmented and their paragraphs scored
//! by the current model, least sure first; each answer goes to the answers file at once;
//! with `retrain_every`, the model is retrained on the base labels and the answers so far
//! and the remaining paragraphs are re-ordered. A session may start without a model (a new
//! target, zero labels): paragraphs with the most keyword hits come first, then a seeded
//! random order, until the labels so far hold two classes and the first model is trained.

use serde_json::{json, Map, Value};

use super::answers::{examples_of, Answer, Answers, Guess, Record};
use super::dedup::Dedup;
use super::strategy::{uncertainty, Strategy};
use crate::error::{display_path, Error, Result};
use crate::ingest::label_files::{Example, Task};
use crate::ingest::Article;
use crate::model::{Classifier, TrainParams, Training};
use crate::pipeline::ArticleMeta;
use crate::progress::{Progress, Silent};
use crate::rng::Rng;
use crate::segment::segment;

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
    /// The current model's probabilities (model label order; empty without a model).
    pub probs: Vec<f64>,
    /// How many of the keywords the paragraph holds (the order before any model exists).
    pub hits: usize,
    /// Random tie-breaker, and the order under [`Strategy::Random`].
    pub draw: u64,
}

/// How a session orders its questions and when it retrains.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The order once a model exists.
    pub strategy: Strategy,
    /// Retrain after this many labels (0: never).
    pub retrain_every: usize,
    /// Seed of the random tie-breaks (and of the order under [`Strategy::Random`]).
    pub seed: u64,
    /// Words (lower case) that put a paragraph first while there is no model.
    pub keywords: Vec<String>,
    /// The settings of the first model, for a session that starts without one.
    pub params: TrainParams,
}

/// The labelling session.
pub struct Session {
    model: Option<Classifier>,
    task: Task,
    strategy: Strategy,
    params: TrainParams,
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
    /// Told of each retraining: the fit, then the queue scored again.
    progress: std::sync::Arc<dyn Progress>,
}

impl Session {
    /// Builds the queue from `articles`, leaving out paragraphs whose text is in `known`
    /// (other label files) or in the answers file, and near-duplicates; `model` (if any)
    /// predicts `task`.
    pub fn new(
        model: Option<Classifier>,
        task: Task,
        articles: Vec<Article>,
        known: &[String],
        answers: Answers,
        base: Vec<Example>,
        plan: Plan,
    ) -> Result<Self> {
        let mut dedup = Dedup::default();
        for t in known {
            dedup.insert(t);
        }
        for r in answers.records() {
            if let Some(t) = r.get("text").and_then(Value::as_str) {
                dedup.insert(t);
            }
        }
        let queue = candidates(model.as_ref(), &articles, &mut dedup, &plan);
        let mut s = Session {
            model,
            task,
            strategy: plan.strategy,
            params: plan.params,
            queue,
            answers,
            base,
            retrain_every: plan.retrain_every,
            since_retrain: 0,
            done: Vec::new(),
            answered: 0,
            retrained: 0,
            progress: std::sync::Arc::new(Silent),
        };
        s.sort();
        Ok(s)
    }

    fn sort(&mut self) {
        order(&mut self.queue, self.model.is_some(), self.strategy);
    }

    /// The current model, if there is one yet.
    pub fn model(&self) -> Option<&Classifier> {
        self.model.as_ref()
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

    /// The model's guess for a candidate: its most probable label and that probability
    /// (none without a model).
    pub fn guess(&self, c: &Candidate) -> Option<(String, f64)> {
        guess(self.model.as_ref()?, &c.probs)
    }

    /// Tells `progress` of each retraining (the fit, then the queue scored again).
    pub fn with_progress(mut self, progress: std::sync::Arc<dyn Progress>) -> Self {
        self.progress = progress;
        self
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
                let guess = self.guess(&c);
                let mut answer = Map::new();
                answer.insert(self.task.field.clone(), json!(label));
                let rec = Record {
                    id: &c.id,
                    article: &c.article,
                    source: &c.source,
                    title: c.title.as_deref(),
                    text: &c.text,
                    answer,
                    guess: guess.as_ref().map(|(label, p)| Guess { label, p: *p }),
                    annotator: None,
                    settled: false,
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

    /// Retrains on the base labels and every label in the answers file (extra labels, with
    /// the model's extra weight), with the model's recorded settings (the plan's for the
    /// first model), and re-orders the queue. Without a model, waits until the labels hold
    /// two classes.
    pub fn retrain(&mut self) -> Result<()> {
        let file = display_path(self.answers.path());
        let mut examples = self.base.clone();
        examples.extend(examples_of(self.answers.records(), &self.task, &file));
        self.since_retrain = 0;
        self.progress.start(
            &format!(
                "retraining on {} labels (fit, then paragraphs scored again)",
                examples.len()
            ),
            1 + self.queue.len() as u64,
        );
        let Some(model) = retrained(self.model.as_ref(), &self.params, &self.task, &examples)?
        else {
            self.progress.done();
            return Ok(());
        };
        self.progress.advance(1);
        let mut scorer = model.scorer();
        for c in &mut self.queue {
            c.probs = scorer.predict_proba(&c.text);
            self.progress.advance(1);
        }
        drop(scorer);
        self.progress.done();
        self.model = Some(model);
        self.sort();
        self.retrained += 1;
        Ok(())
    }
}

/// The paragraphs of `articles` to ask, in article order: those `dedup` has not seen (each
/// recorded as it is taken), scored by `model` if there is one.
pub fn candidates(
    model: Option<&Classifier>,
    articles: &[Article],
    dedup: &mut Dedup,
    plan: &Plan,
) -> Vec<Candidate> {
    let mut rng = Rng::new(plan.seed);
    let mut queue = Vec::new();
    let mut scorer = model.map(Classifier::scorer);
    for a in articles {
        let seg = segment(&a.text);
        let ArticleMeta { source, title, .. } = ArticleMeta::resolve(a, &seg);
        for (n, p) in seg.paragraphs.iter().enumerate() {
            if !dedup.insert(&p.text) {
                continue;
            }
            queue.push(Candidate {
                id: format!("{}-{n:02}", a.id),
                article: a.id.clone(),
                source: source.clone(),
                title: title.clone(),
                probs: scorer
                    .as_mut()
                    .map_or_else(Vec::new, |s| s.predict_proba(&p.text)),
                hits: keyword_hits(&p.text, &plan.keywords),
                text: p.text.clone(),
                draw: rng.next_u64(),
            });
        }
    }
    queue
}

/// Orders `queue`, the next question first: by uncertainty under `strategy` once there is a
/// model, by keyword hits before; ties by the random draw.
pub fn order(queue: &mut [Candidate], has_model: bool, strategy: Strategy) {
    queue.sort_by(|a, b| {
        if has_model {
            uncertainty(&b.probs, strategy).total_cmp(&uncertainty(&a.probs, strategy))
        } else {
            b.hits.cmp(&a.hits)
        }
        .then(a.draw.cmp(&b.draw))
    });
}

/// `model`'s guess from `probs`: its most probable label and that probability.
pub fn guess(model: &Classifier, probs: &[f64]) -> Option<(String, f64)> {
    let (i, p) = probs.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))?;
    Some((model.labels[i].clone(), *p))
}

/// A model retrained on `examples` (the base labels and the answers) with `model`'s
/// recorded settings, or with `params` for a first model; `None` while there is no model
/// and the examples hold one class only.
pub fn retrained(
    model: Option<&Classifier>,
    params: &TrainParams,
    task: &Task,
    examples: &[Example],
) -> Result<Option<Classifier>> {
    let first = examples.first().map(|e| e.label.as_str());
    if model.is_none() && examples.iter().all(|e| Some(e.label.as_str()) == first) {
        return Ok(None);
    }
    let (params, training, target) = match model {
        Some(m) => (
            m.training.params.clone(),
            Some(m.training.clone()),
            m.target.clone(),
        ),
        None => (params.clone(), None, None),
    };
    let fitted = params.check()?.fit_examples(examples)?;
    let training = match training {
        Some(t) => Training {
            fit: fitted.report.clone(),
            cv: None,
            ..t
        },
        None => fresh_training(task, params, fitted.report.clone(), examples),
    };
    Ok(Some(
        Classifier::new(&task.field, fitted, training).with_target(target),
    ))
}

/// The manifest of a session's first model: its settings and fit; no data files (the
/// labels are the answers file and the base).
fn fresh_training(
    task: &Task,
    params: TrainParams,
    fit: crate::model::FitReport,
    examples: &[Example],
) -> Training {
    let mut class_counts = std::collections::BTreeMap::new();
    for e in examples {
        *class_counts.entry(e.label.clone()).or_insert(0usize) += 1;
    }
    Training {
        tool: format!("standpoint {}", env!("CARGO_PKG_VERSION")),
        label_field: task.field.clone(),
        text_field: "text".into(),
        data: Vec::new(),
        class_counts,
        params,
        fit,
        cv: None,
        search: None,
        merge: None,
    }
}

/// How many of `keywords` (lower case) occur among the words of `text`.
fn keyword_hits(text: &str, keywords: &[String]) -> usize {
    if keywords.is_empty() {
        return 0;
    }
    let words: std::collections::HashSet<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .map(str::to_lowercase)
        .collect();
    keywords.iter().filter(|k| words.contains(*k)).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::builtin;

    fn plan(retrain_every: usize, seed: u64) -> Plan {
        Plan {
            strategy: Strategy::Entropy,
            retrain_every,
            seed,
            keywords: Vec::new(),
            params: TrainParams::default(),
        }
    }

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
            removed: Vec::new(),
        }
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
            Some(model.clone()),
            Task::named("stance"),
            articles.clone(),
            &known,
            Answers::open(&p).unwrap(),
            vec![],
            plan(0, 1),
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
            Some(model),
            Task::named("stance"),
            articles,
            &known,
            Answers::open(&p).unwrap(),
            vec![],
            plan(0, 1),
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
                role: Default::default(),
                mirrored: false,
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
            Some(model),
            Task::named("stance"),
            articles,
            &[],
            Answers::open(&p).unwrap(),
            base,
            plan(1, 3),
        )
        .unwrap();
        let before = s.model().unwrap().linear.clone();
        s.answer(Answer::Label("FAVOR".into())).unwrap();
        assert_eq!(s.retrained, 1);
        assert_ne!(s.model().unwrap().linear, before);
        assert_eq!(s.model().unwrap().training.fit.examples, 113);
    }

    #[test]
    fn without_a_model_keywords_come_first_and_the_first_model_waits_for_two_classes() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("answers.jsonl");
        let articles = vec![article(
            "q",
            "The weather was mild across the coast on Sunday.\n\n\
             Ministers praised the submarine pact as a landmark for the region.\n\n\
             Critics said the submarine pact would stoke an arms race.\n\n\
             A bakery opened near the harbour.\n",
        )];
        let mut s = Session::new(
            None,
            Task::named("pact"),
            articles,
            &[],
            Answers::open(&p).unwrap(),
            vec![],
            Plan {
                keywords: vec!["submarine".into(), "pact".into()],
                ..plan(1, 7)
            },
        )
        .unwrap();
        assert!(s.model().is_none());
        let first: Vec<usize> = s.queue.iter().map(|c| c.hits).collect();
        assert_eq!(first, [2, 2, 0, 0]);
        assert!(s.current().unwrap().text.contains("submarine"));
        assert_eq!(s.guess(s.current().unwrap()), None);
        s.answer(Answer::Label("pro".into())).unwrap();
        assert!(s.model().is_none(), "one class is not enough to train on");
        s.answer(Answer::Label("con".into())).unwrap();
        let m = s.model().expect("trained on two classes");
        assert_eq!(m.labels, ["con", "pro"]);
        assert_eq!(s.retrained, 1);
        assert!(s.queue.iter().all(|c| c.probs.len() == 2));
        let lines = std::fs::read_to_string(&p).unwrap();
        assert!(!lines.lines().next().unwrap().contains("guess"), "{lines}");
    }
}
