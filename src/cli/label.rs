//! `standpoint label`: label the paragraphs the model is least sure of.
//!
//! Keys: stance `f` FAVOR, `a` AGAINST, `n` NONE; sentiment `p` positive, `n` negative,
//! `u` neutral; any other label field `1`…`9` for its labels in order; `s` skip; `z` or
//! Backspace undo (`u` too, for stance); `q` or Esc quit.
//! On a terminal one key answers; otherwise one answer per line is read from standard input
//! (keys, or the label's name, `skip`, `undo`, `quit`).

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::{cursor, execute, terminal};

use super::options::{InputOpts, SeedOpt};
use crate::error::{display_path, Error, Result};
use crate::ingest::label_files::{self, Example, Fields, Source, Task};
use crate::labelling::{Answer, Answers, Keys, Plan, Prepared, Session, Strategy};
use crate::model::{select, TrainParams};

/// Label the paragraphs the model is least sure of; answers are saved at once.
#[derive(Debug, Args)]
pub struct LabelArgs {
    #[command(flatten)]
    pub session: SessionOpts,
    /// Stop after N answers
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub seed: SeedOpt,
    #[command(flatten)]
    pub input: InputOpts,
}

/// What a labelling session asks, with which model, and where the answers go (`label`
/// and `studio`).
#[derive(Debug, Args)]
pub struct SessionOpts {
    /// Unlabelled articles: files, directories, .jsonl, as `score` reads them
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    pub pool: Vec<PathBuf>,
    /// What to label: stance, sentiment, or any label field
    #[arg(long)]
    pub task: String,
    /// The labels to choose from, e.g. FAVOR,AGAINST,NONE [default: the model's, or the
    /// task's fixed set, or those found in --data]
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub labels: Vec<String>,
    /// The answers file (JSONL, appended; the same format as data/, usable with train --extra)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The model to ask with (default: the built-in one for stance and sentiment)
    #[arg(long, value_name = "FILE", conflicts_with = "no_model")]
    pub model: Option<PathBuf>,
    /// Start without a model (a new target): keyword hits first, then a random order, until
    /// --retrain-every has labels of two classes to train the first model on
    #[arg(long)]
    pub no_model: bool,
    /// Words that put a paragraph first while there is no model (comma-separated)
    #[arg(long, value_name = "WORD,…", value_delimiter = ',')]
    pub keywords: Vec<String>,
    /// Base labels to retrain with (default: the files the model was trained on — on disk
    /// with the recorded sha256, or the copies built into the binary)
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub data: Vec<PathBuf>,
    /// More label files whose paragraphs are not to be asked again
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub labelled: Vec<PathBuf>,
    /// Which paragraph comes next
    #[arg(long, value_enum, default_value_t = Strategy::Entropy)]
    pub strategy: Strategy,
    /// Retrain after every N labels so the next questions reflect them (0: never)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub retrain_every: usize,
}

/// The question as lines of at most `width` characters.
fn question(s: &Session, keys: &Keys, width: usize) -> Vec<String> {
    let c = s.current().expect("a current paragraph");
    let guess = match (s.guess(c), s.model()) {
        (Some((guess, p)), Some(m)) => {
            let probs: Vec<String> = m
                .labels
                .iter()
                .zip(&c.probs)
                .map(|(l, p)| format!("{l} {p:.2}"))
                .collect();
            format!("model's guess: {guess} ({p:.2})   [{}]", probs.join(", "))
        }
        _ => format!(
            "no model yet ({} keyword hit(s)); one is trained once the labels hold two classes",
            c.hits
        ),
    };
    let rule = "─".repeat(width.min(100));
    let mut lines = vec![
        format!(
            "standpoint label · {} · {} answered this session · {} labels saved · {} left{}",
            s.task().field,
            s.answered,
            s.labels_given(),
            s.remaining(),
            if s.retrained > 0 {
                format!(" · model retrained {}×", s.retrained)
            } else {
                String::new()
            }
        ),
        rule.clone(),
        format!(
            "{} · {} · {}",
            c.source,
            c.title.as_deref().unwrap_or("(no title)"),
            c.id
        ),
        rule,
        String::new(),
    ];
    lines.extend(wrap(&c.text, width.clamp(20, 100)));
    lines.push(String::new());
    lines.push(guess);
    lines.push(keys.legend());
    lines
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for w in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + w.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(w);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// Raw terminal mode for the session's lifetime, restored however it ends.
struct RawTerminalMode;

impl RawTerminalMode {
    fn enter() -> io::Result<RawTerminalMode> {
        terminal::enable_raw_mode()?;
        Ok(RawTerminalMode)
    }
}

impl Drop for RawTerminalMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

fn read_key(keys: &Keys) -> io::Result<Answer> {
    loop {
        if let Event::Key(KeyEvent {
            code,
            modifiers,
            kind,
            ..
        }) = event::read()?
        {
            if kind != KeyEventKind::Press {
                continue;
            }
            let a = match code {
                KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Answer::Quit)
                }
                KeyCode::Esc => Some(Answer::Quit),
                KeyCode::Backspace => Some(Answer::Undo),
                KeyCode::Char(c) => keys.for_key(c),
                _ => None,
            };
            if let Some(a) = a {
                return Ok(a);
            }
        }
    }
}

fn terminal_loop(s: &mut Session, keys: &Keys, limit: usize) -> Result<()> {
    let term = |e: io::Error| Error::io("terminal", e);
    let _raw = RawTerminalMode::enter().map_err(term)?;
    let mut out = io::stdout();
    while s.current().is_some() && s.answered < limit {
        let (w, _) = terminal::size().unwrap_or((100, 30));
        execute!(
            out,
            terminal::Clear(terminal::ClearType::All),
            cursor::MoveTo(0, 0)
        )
        .map_err(term)?;
        for l in question(s, keys, w as usize) {
            write!(out, "{l}\r\n").map_err(term)?;
        }
        out.flush().map_err(term)?;
        if !s.answer(read_key(keys).map_err(term)?)? {
            break;
        }
    }
    execute!(
        out,
        terminal::Clear(terminal::ClearType::All),
        cursor::MoveTo(0, 0)
    )
    .map_err(term)?;
    Ok(())
}

fn line_loop(s: &mut Session, keys: &Keys, limit: usize) -> Result<()> {
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = io::stdout().lock();
    while s.current().is_some() && s.answered < limit {
        for l in question(s, keys, 100) {
            writeln!(out, "{l}").map_err(|e| Error::io("standard output", e))?;
        }
        write!(out, "> ")
            .and_then(|_| out.flush())
            .map_err(|e| Error::io("standard output", e))?;
        let Some(line) = lines.next() else { break };
        let line = line.map_err(|e| Error::io("standard input", e))?;
        match keys.for_line(&line) {
            Some(a) => {
                writeln!(out).map_err(|e| Error::io("standard output", e))?;
                if !s.answer(a)? {
                    break;
                }
            }
            None => writeln!(
                out,
                "'{}' is not an answer: {}\n",
                line.trim(),
                keys.legend()
            )
            .map_err(|e| Error::io("standard output", e))?,
        }
    }
    Ok(())
}

/// The labels to offer: `--labels`, else the model's, else the task's fixed set, else the
/// labels of the base examples.
fn label_set(
    given: &[String],
    model: Option<&crate::model::Classifier>,
    task: &Task,
    base: &[Example],
) -> Result<Vec<String>> {
    if !given.is_empty() {
        let mut out: Vec<String> = Vec::new();
        for l in given {
            let l = task.canonical(l).map_err(Error::params)?;
            if l.is_empty() || out.contains(&l) {
                return Err(Error::params(format!(
                    "--labels {}: expected distinct, non-empty labels",
                    given.join(",")
                )));
            }
            out.push(l);
        }
        if out.len() < 2 {
            return Err(Error::params("--labels: give at least two labels"));
        }
        return Ok(out);
    }
    if let Some(m) = model {
        return Ok(m.labels.clone());
    }
    if let Some(fixed) = task.labels {
        return Ok(fixed.iter().map(|l| l.to_string()).collect());
    }
    let mut found: Vec<String> = base.iter().map(|e| e.label.clone()).collect();
    found.sort();
    found.dedup();
    if found.len() < 2 {
        return Err(Error::params(format!(
            "--task {}: no model and no labelled --data to take the labels from; give them with --labels A,B,C",
            task.field
        )));
    }
    Ok(found)
}

/// Reads the model, base labels, label set and pool that `args` name.
pub fn prepare(args: &SessionOpts, seed: &SeedOpt, input: &InputOpts) -> Result<Prepared> {
    crate::io::check_output(&args.out)?;
    let task = Task::named(&args.task);
    let model = match (&args.model, args.no_model) {
        (_, true) => None,
        (Some(p), false) => Some(select::for_task(Some(p), &task.field)?),
        (None, false) if task.labels.is_some() => Some(select::for_task(None, &task.field)?),
        (None, false) => None,
    };
    let base_sources: Vec<Source> = match (&model, args.data.is_empty()) {
        (_, false) => args.data.iter().map(|p| Source::File(p.clone())).collect(),
        (Some(m), true) => {
            match crate::model::builtin::training_sources(&m.training, "the model") {
                Ok(found) => [found.base, found.extra, found.train_also].concat(),
                Err(e) if args.retrain_every > 0 => return Err(e),
                Err(_) => Vec::new(),
            }
        }
        (None, true) => Vec::new(),
    };
    let fields = Fields {
        text: vec![model
            .as_ref()
            .map_or_else(|| "text".to_string(), |m| m.training.text_field.clone())],
        ..Fields::default()
    };
    let read = |sources: &[Source]| -> Result<Vec<Example>> {
        Ok(label_files::read(sources, &task, &fields)?.0)
    };
    let base = read(&base_sources)?;
    let labels = label_set(&args.labels, model.as_ref(), &task, &base)?;
    let mut known: Vec<String> = base.iter().map(|e| e.text.clone()).collect();
    for p in &args.labelled {
        let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
        for rec in crate::ingest::jsonl::JsonLines::new(&bytes[..], display_path(p), 64 << 20) {
            if let Some(t) = rec?.1.get("text").and_then(|t| t.as_str()) {
                known.push(t.to_string());
            }
        }
    }
    let articles = input.open(&args.pool)?.collect::<Result<Vec<_>>>()?;
    for a in &articles {
        input.check_date(a);
    }
    // Answers name paragraphs by article id: two articles with one id would be confused.
    let mut ids: std::collections::HashMap<&str, (&str, usize)> = std::collections::HashMap::new();
    for a in &articles {
        if let Some((file, line)) = ids.insert(&a.id, (&a.file, a.line)) {
            return Err(Error::line(
                &a.file,
                a.line,
                format!(
                    "article id '{}' was already used at {file}:{line}; ids in the pool must be unique",
                    a.id
                ),
            ));
        }
    }
    let n_base = base.len();
    let plan = Plan {
        strategy: args.strategy,
        retrain_every: args.retrain_every,
        seed: seed.seed,
        keywords: args
            .keywords
            .iter()
            .map(|k| k.trim().to_lowercase())
            .collect(),
        params: TrainParams::for_examples(n_base),
    };
    Ok(Prepared {
        model,
        task,
        labels,
        base,
        known,
        articles,
        plan,
    })
}

/// Runs `label`.
pub fn run(args: LabelArgs) -> Result<()> {
    let p = prepare(&args.session, &args.seed, &args.input)?;
    let keys = Keys::new(p.task.clone(), &p.labels);
    let answers = Answers::open(&args.session.out)?;
    let progress = std::sync::Arc::new(super::progress::Steps::new(args.input.quiet));
    let mut session = Session::new(
        p.model, p.task, p.articles, &p.known, answers, p.base, p.plan,
    )?
    .with_progress(progress);
    let limit = args.limit.unwrap_or(usize::MAX);
    if session.current().is_none() {
        eprintln!("nothing to label: every paragraph of the pool is labelled already (or a near-duplicate)");
        return Ok(());
    }
    if io::stdin().is_terminal() && io::stdout().is_terminal() {
        terminal_loop(&mut session, &keys, limit)?;
    } else {
        line_loop(&mut session, &keys, limit)?;
    }
    eprintln!(
        "{} answer(s) this session; {} labels in {}; {} paragraph(s) left — run the same command to go on",
        session.answered,
        session.labels_given(),
        display_path(&args.session.out),
        session.remaining()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_label_set_comes_from_the_options_the_task_or_the_data() {
        let topic = Task::named("topic");
        let given = vec!["economy".to_string(), "security".to_string()];
        assert_eq!(label_set(&given, None, &topic, &[]).unwrap(), given);
        assert!(label_set(&given[..1], None, &topic, &[]).is_err());
        let err = label_set(&[], None, &topic, &[]).unwrap_err().to_string();
        assert!(err.contains("--labels A,B,C"), "{err}");
        let st = Task::named("stance");
        assert_eq!(
            label_set(&[], None, &st, &[]).unwrap(),
            ["FAVOR", "AGAINST", "NONE"]
        );
        let bad = vec!["FAVOR".to_string(), "PRO".to_string()];
        assert!(label_set(&bad, None, &st, &[]).is_err());
    }

    #[test]
    fn wrap_respects_width() {
        let w = wrap("one two three four five six seven", 10);
        assert!(w.iter().all(|l| l.chars().count() <= 10), "{w:?}");
        assert_eq!(w.join(" "), "one two three four five six seven");
    }
}
