//! `standpoint label`: label the paragraphs the model is least sure of.
//!
//! Keys: stance `f` FAVOR, `a` AGAINST, `n` NONE; sentiment `p` positive, `n` negative,
//! `u` neutral; `s` skip; `z` or Backspace undo (`u` too, for stance); `q` or Esc quit.
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
use crate::ingest::Articles;
use crate::labelling::{Answer, Answers, Session, Strategy};
use crate::model::select;

/// Label the paragraphs the model is least sure of; answers are saved at once.
#[derive(Debug, Args)]
pub struct LabelArgs {
    /// Unlabelled articles: files, directories, .jsonl, as `score` reads them
    #[arg(long, required = true, num_args = 1.., value_name = "PATH")]
    pub pool: Vec<PathBuf>,
    /// What to label: stance or sentiment
    #[arg(long)]
    pub task: String,
    /// The answers file (JSONL, appended; the same format as data/, usable with train --extra)
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The model to ask with (default: the built-in one)
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
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
    /// Stop after N answers
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub seed: SeedOpt,
    #[command(flatten)]
    pub input: InputOpts,
}

/// The answer a key gives for `task`, if any.
pub fn answer_for_key(task: &str, key: char) -> Option<Answer> {
    let label = |l: &str| Some(Answer::Label(l.to_string()));
    match (task, key.to_ascii_lowercase()) {
        ("stance", 'f') => label("FAVOR"),
        ("stance", 'a') => label("AGAINST"),
        ("stance", 'n') => label("NONE"),
        ("stance", 'u') => Some(Answer::Undo),
        ("sentiment", 'p') => label("positive"),
        ("sentiment", 'n') => label("negative"),
        ("sentiment", 'u') => label("neutral"),
        (_, 's') => Some(Answer::Skip),
        (_, 'z') => Some(Answer::Undo),
        (_, 'q') => Some(Answer::Quit),
        _ => None,
    }
}

/// The answer a typed line gives: a key, or a label's name, `skip`, `undo`, `quit`.
pub fn answer_for_line(task: &Task, line: &str) -> Option<Answer> {
    let t = line.trim();
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return answer_for_key(&task.field, c);
    }
    match t.to_ascii_lowercase().as_str() {
        "skip" => Some(Answer::Skip),
        "undo" => Some(Answer::Undo),
        "quit" | "exit" => Some(Answer::Quit),
        _ => task.canonical(t).ok().map(Answer::Label),
    }
}

fn legend(task: &str) -> &'static str {
    match task {
        "stance" => "[f] FAVOR  [a] AGAINST  [n] NONE   [s] skip  [u]/[z] undo  [q] quit",
        _ => "[p] positive  [n] negative  [u] neutral   [s] skip  [z] undo  [q] quit",
    }
}

/// The question as lines of at most `width` characters.
fn question(s: &Session, width: usize) -> Vec<String> {
    let c = s.current().expect("a current paragraph");
    let (guess, p) = s.guess(c);
    let probs: Vec<String> = s
        .model()
        .labels
        .iter()
        .zip(&c.probs)
        .map(|(l, p)| format!("{l} {p:.2}"))
        .collect();
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
    lines.push(format!(
        "model's guess: {guess} ({p:.2})   [{}]",
        probs.join(", ")
    ));
    lines.push(legend(&s.task().field).to_string());
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

fn read_key(task: &str) -> io::Result<Answer> {
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
                KeyCode::Char(c) => answer_for_key(task, c),
                _ => None,
            };
            if let Some(a) = a {
                return Ok(a);
            }
        }
    }
}

fn terminal_loop(s: &mut Session, limit: usize) -> Result<()> {
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
        for l in question(s, w as usize) {
            write!(out, "{l}\r\n").map_err(term)?;
        }
        out.flush().map_err(term)?;
        if !s.answer(read_key(&s.task().field).map_err(term)?)? {
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

fn line_loop(s: &mut Session, limit: usize) -> Result<()> {
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    let mut out = io::stdout().lock();
    while s.current().is_some() && s.answered < limit {
        for l in question(s, 100) {
            writeln!(out, "{l}").map_err(|e| Error::io("standard output", e))?;
        }
        write!(out, "> ")
            .and_then(|_| out.flush())
            .map_err(|e| Error::io("standard output", e))?;
        let Some(line) = lines.next() else { break };
        let line = line.map_err(|e| Error::io("standard input", e))?;
        match answer_for_line(s.task(), &line) {
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
                legend(&s.task().field)
            )
            .map_err(|e| Error::io("standard output", e))?,
        }
    }
    Ok(())
}

/// Runs `label`.
pub fn run(args: LabelArgs) -> Result<()> {
    crate::io::check_output(&args.out)?;
    let task = Task::named(&args.task);
    if task.labels.is_none() {
        return Err(Error::params(format!(
            "--task {}: label stance or sentiment",
            args.task
        )));
    }
    let model = select::for_task(args.model.as_deref(), &task.field)?;
    let base_sources: Vec<Source> = if args.data.is_empty() {
        match crate::model::builtin::training_sources(&model.training, "the model") {
            Ok((mut base, extra)) => {
                base.extend(extra);
                base
            }
            Err(e) if args.retrain_every > 0 => return Err(e),
            Err(_) => Vec::new(),
        }
    } else {
        args.data.iter().map(|p| Source::File(p.clone())).collect()
    };
    let fields = Fields {
        text: vec![model.training.text_field.clone()],
        ..Fields::default()
    };
    let read = |sources: &[Source]| -> Result<Vec<Example>> {
        Ok(label_files::read(sources, &task, &fields)?.0)
    };
    let base = read(&base_sources)?;
    let mut known: Vec<String> = base.iter().map(|e| e.text.clone()).collect();
    for p in &args.labelled {
        let bytes = std::fs::read(p).map_err(|e| Error::io(p, e))?;
        for rec in crate::ingest::jsonl::JsonLines::new(&bytes[..], display_path(p), 64 << 20) {
            if let Some(t) = rec?.1.get("text").and_then(|t| t.as_str()) {
                known.push(t.to_string());
            }
        }
    }
    let limits = args.input.limits();
    let articles = Articles::open(&args.pool, limits)?.collect::<Result<Vec<_>>>()?;
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
    let answers = Answers::open(&args.out)?;
    let mut session = Session::new(
        model,
        articles,
        &known,
        answers,
        base,
        args.strategy,
        args.retrain_every,
        args.seed.seed,
    )?;
    let limit = args.limit.unwrap_or(usize::MAX);
    if session.current().is_none() {
        eprintln!("nothing to label: every paragraph of the pool is labelled already (or a near-duplicate)");
        return Ok(());
    }
    if io::stdin().is_terminal() && io::stdout().is_terminal() {
        terminal_loop(&mut session, limit)?;
    } else {
        line_loop(&mut session, limit)?;
    }
    eprintln!(
        "{} answer(s) this session; {} labels in {}; {} paragraph(s) left — run the same command to go on",
        session.answered,
        session.labels_given(),
        display_path(&args.out),
        session.remaining()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_per_task() {
        assert_eq!(
            answer_for_key("stance", 'f'),
            Some(Answer::Label("FAVOR".into()))
        );
        assert_eq!(answer_for_key("stance", 'U'), Some(Answer::Undo));
        assert_eq!(
            answer_for_key("sentiment", 'u'),
            Some(Answer::Label("neutral".into()))
        );
        assert_eq!(answer_for_key("sentiment", 'z'), Some(Answer::Undo));
        assert_eq!(answer_for_key("sentiment", 'f'), None);
        assert_eq!(answer_for_key("stance", 'q'), Some(Answer::Quit));
    }

    #[test]
    fn lines_take_keys_names_and_words() {
        let st = Task::named("stance");
        assert_eq!(
            answer_for_line(&st, " a \n"),
            Some(Answer::Label("AGAINST".into()))
        );
        assert_eq!(
            answer_for_line(&st, "favor"),
            Some(Answer::Label("FAVOR".into()))
        );
        assert_eq!(answer_for_line(&st, "skip"), Some(Answer::Skip));
        assert_eq!(answer_for_line(&st, "maybe"), None);
    }

    #[test]
    fn wrap_respects_width() {
        let w = wrap("one two three four five six seven", 10);
        assert!(w.iter().all(|l| l.chars().count() <= 10), "{w:?}");
        assert_eq!(w.join(" "), "one two three four five six seven");
    }
}
