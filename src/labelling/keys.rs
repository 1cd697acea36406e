//! One-key answers, the same in the terminal and the studio: stance `f a n`, sentiment
//! `p n u`, any other label field the digits `1`…`9`; `s` skip, `z` undo (`u` too, for
//! stance), `q` quit.

use super::answers::Answer;
use crate::ingest::label_files::Task;

/// The answers of one task: its labels, each with a key.
#[derive(Debug, Clone)]
pub struct Keys {
    task: Task,
    labels: Vec<(char, String)>,
}

impl Keys {
    /// Keys for `labels` of `task`: stance `f a n`, sentiment `p n u`, any other field the
    /// digits `1`…`9` in order (a tenth label and beyond are typed by name).
    pub fn new(task: Task, labels: &[String]) -> Keys {
        let fixed = |l: &str| match (task.field.as_str(), l) {
            ("stance", "FAVOR") => Some('f'),
            ("stance", "AGAINST") => Some('a'),
            ("stance", "NONE") => Some('n'),
            ("sentiment", "positive") => Some('p'),
            ("sentiment", "negative") => Some('n'),
            ("sentiment", "neutral") => Some('u'),
            _ => None,
        };
        let labels = labels
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let key = match task.labels {
                    Some(_) => fixed(l),
                    None => char::from_digit(i as u32 + 1, 10).filter(|_| i < 9),
                };
                key.map(|k| (k, l.clone()))
            })
            .collect();
        Keys { task, labels }
    }

    /// The task.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// The answer a key gives, if any.
    pub fn for_key(&self, key: char) -> Option<Answer> {
        let key = key.to_ascii_lowercase();
        if let Some((_, l)) = self.labels.iter().find(|(k, _)| *k == key) {
            return Some(Answer::Label(l.clone()));
        }
        match key {
            'u' if self.task.field == "stance" => Some(Answer::Undo),
            's' => Some(Answer::Skip),
            'z' => Some(Answer::Undo),
            'q' => Some(Answer::Quit),
            _ => None,
        }
    }

    /// The answer a typed line gives: a key, or a label's name, `skip`, `undo`, `quit`.
    pub fn for_line(&self, line: &str) -> Option<Answer> {
        let t = line.trim();
        let mut chars = t.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return self.for_key(c);
        }
        match t.to_ascii_lowercase().as_str() {
            "skip" => Some(Answer::Skip),
            "undo" => Some(Answer::Undo),
            "quit" | "exit" => Some(Answer::Quit),
            _ => self
                .labels
                .iter()
                .map(|(_, l)| l)
                .find(|l| l.eq_ignore_ascii_case(t))
                .map(|l| Answer::Label(l.clone())),
        }
    }

    /// One line naming every key.
    pub fn legend(&self) -> String {
        let labels: Vec<String> = self
            .labels
            .iter()
            .map(|(k, l)| format!("[{k}] {l}"))
            .collect();
        let undo = if self.task.field == "stance" {
            "[u]/[z] undo"
        } else {
            "[z] undo"
        };
        format!("{}   [s] skip  {undo}  [q] quit", labels.join("  "))
    }

    /// Each label with its key, in order (labels without a key are left out).
    pub fn labels(&self) -> &[(char, String)] {
        &self.labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(task: &str, labels: &[&str]) -> Keys {
        Keys::new(
            Task::named(task),
            &labels.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn keys_per_task() {
        let st = keys("stance", &["AGAINST", "FAVOR", "NONE"]);
        assert_eq!(st.for_key('f'), Some(Answer::Label("FAVOR".into())));
        assert_eq!(st.for_key('U'), Some(Answer::Undo));
        let se = keys("sentiment", &["negative", "neutral", "positive"]);
        assert_eq!(se.for_key('u'), Some(Answer::Label("neutral".into())));
        assert_eq!(se.for_key('z'), Some(Answer::Undo));
        assert_eq!(se.for_key('f'), None);
        assert_eq!(st.for_key('q'), Some(Answer::Quit));
        // Any other field: digits in the order given.
        let topic = keys("topic", &["economy", "security", "other"]);
        assert_eq!(topic.for_key('2'), Some(Answer::Label("security".into())));
        assert_eq!(topic.for_key('4'), None);
        assert_eq!(topic.for_key('u'), None, "u is not undo outside stance");
        assert!(topic
            .legend()
            .starts_with("[1] economy  [2] security  [3] other"));
    }

    #[test]
    fn lines_take_keys_names_and_words() {
        let st = keys("stance", &["AGAINST", "FAVOR", "NONE"]);
        assert_eq!(st.for_line(" a \n"), Some(Answer::Label("AGAINST".into())));
        assert_eq!(st.for_line("favor"), Some(Answer::Label("FAVOR".into())));
        assert_eq!(st.for_line("skip"), Some(Answer::Skip));
        assert_eq!(st.for_line("maybe"), None);
        let topic = keys("topic", &["economy", "security"]);
        assert_eq!(
            topic.for_line("Security"),
            Some(Answer::Label("security".into()))
        );
        assert_eq!(topic.for_line("sports"), None);
    }
}
