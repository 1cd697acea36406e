//! The labelling session: unlabelled articles are segmented and their paragraphs scored
//! by the current model, least sure first; each answer goes to the answers file at once;
//! with `retrain_every`, the model is retrained on the base labels and the answers so far
//! and the remaining paragraphs are re-ordered.

use serde_json::{json, Map, Value};

use super::answers::{examples_of, Answer, Answers, Guess, Record};
use super::dedup::Dedup;
use super::strategy::{uncertainty, Strategy};
use crate::error::{display_path, Error, Result};
use crate::ingest::label_files::{Example, Task};
use crate::ingest::Article;
use crate::model::{Classifier, Training};
use crate::pipeline::ArticleMeta;
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
    /// The current model's probabilities (model label order).
    pub probs: Vec<f64>,
    /// Random tie-breaker, and the order under [`Strategy::Random`].
    pub draw: u64,
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
            let ArticleMeta { source, title, .. } = ArticleMeta::resolve(&a, &seg);
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

    /// Retrains on the base labels and every label in the answers file (extra labels, with
    /// the model's extra weight), with the model's recorded settings, and re-orders the
    /// queue.
    pub fn retrain(&mut self) -> Result<()> {
        let file = display_path(self.answers.path());
        let mut examples = self.base.clone();
        examples.extend(examples_of(self.answers.records(), &self.task, &file));
        let params = self.model.training.params.check()?;
        let fitted = params.fit_examples(&examples)?;
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
                role: Default::default(),
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
