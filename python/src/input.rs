//! Python values → articles. An in-memory input is read as a JSONL stream is: item `i`
//! (0-based) is line `i + 1` of an input named `<input>`, so the limits, checks, error
//! messages, default ids (`<input>:N`) and paragraph line numbers are those `standpoint
//! score -` gives for the same records written as JSONL.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::{Map, Value};
use standpoint::ingest::{Article, ArticleFields, Encoding, Limits};
use standpoint::{Error, Result};

/// The name of an in-memory input in messages and default ids.
pub const INPUT: &str = "<input>";

/// The article fields a record or a data frame may give.
pub const FIELDS: [&str; 8] = [
    "text", "html", "id", "source", "title", "author", "date", "url",
];

/// The limits and encoding of the command line's input options; `None` takes its default.
pub fn limits(
    max_article_bytes: Option<usize>,
    max_line_bytes: Option<usize>,
    max_paragraphs: Option<usize>,
    encoding: Option<&str>,
) -> std::result::Result<Limits, String> {
    let d = Limits::default();
    let encoding = match encoding {
        None => d.encoding,
        Some(name) => <Encoding as clap::ValueEnum>::from_str(name, true).map_err(|_| {
            let names: Vec<String> = <Encoding as clap::ValueEnum>::value_variants()
                .iter()
                .filter_map(clap::ValueEnum::to_possible_value)
                .map(|p| p.get_name().to_string())
                .collect();
            format!("encoding '{name}': expected one of {}", names.join(", "))
        })?,
    };
    Ok(Limits {
        max_article_bytes: max_article_bytes.unwrap_or(d.max_article_bytes),
        max_line_bytes: max_line_bytes.unwrap_or(d.max_line_bytes),
        max_paragraphs: max_paragraphs.unwrap_or(d.max_paragraphs),
        encoding,
    })
}

/// A field's Python value as the JSON value a JSONL line would hold (NaN, pandas' mark
/// of a missing value, is null), or the name of its type when JSON has no such value.
fn json_value(v: &Bound<'_, PyAny>) -> std::result::Result<Value, String> {
    if v.is_none() {
        Ok(Value::Null)
    } else if let Ok(s) = v.cast::<PyString>() {
        s.extract::<String>()
            .map(Value::String)
            .map_err(|_| "a str that is not valid UTF-8 (a lone surrogate)".to_string())
    } else if v.is_instance_of::<PyBool>() {
        Ok(Value::Bool(v.extract().unwrap_or_default()))
    } else if v.is_instance_of::<PyInt>() {
        match v.extract::<i64>() {
            Ok(i) => Ok(Value::from(i)),
            Err(_) => Ok(Value::String(
                v.str().map_err(|e| e.to_string())?.to_string(),
            )),
        }
    } else if let Ok(f) = v.cast::<PyFloat>() {
        Ok(serde_json::Number::from_f64(f.value()).map_or(Value::Null, Value::Number))
    } else if let Ok(value) = pythonize::depythonize::<Value>(v) {
        // Lists and dicts: the JSON array or object, which the field check names.
        Ok(value)
    } else {
        let name = v
            .get_type()
            .name()
            .map_or_else(|_| "object".to_string(), |n| n.to_string());
        Err(format!("a Python {name}"))
    }
}

/// The article at position `i` of the input, from its fields (`get` gives each field's
/// Python value, if the record has it).
fn from_fields<'py>(
    i: usize,
    limits: Limits,
    get: impl Fn(&str) -> PyResult<Option<Bound<'py, PyAny>>>,
) -> PyResult<Result<Article>> {
    let line = i + 1;
    let mut map = Map::new();
    for field in FIELDS {
        if let Some(v) = get(field)? {
            match json_value(&v) {
                Ok(value) => {
                    map.insert(field.to_string(), value);
                }
                Err(kind) => {
                    return Ok(Err(Error::line(
                        INPUT,
                        line,
                        format!("field '{field}' must be a string, found {kind}"),
                    )))
                }
            }
        }
    }
    Ok(ArticleFields::from_object(&map, INPUT, line)
        .and_then(|f| f.into_article(INPUT, line, limits)))
}

/// The articles of a list of texts or of records (dicts in the JSONL article shape), each
/// an article or the error that item gives.
pub fn from_list(list: &Bound<'_, PyList>, limits: Limits) -> PyResult<Vec<Result<Article>>> {
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let article = if let Ok(s) = item.cast::<PyString>() {
            match s.extract::<String>() {
                Ok(text) => ArticleFields {
                    text,
                    ..ArticleFields::default()
                }
                .into_article(INPUT, i + 1, limits),
                Err(_) => Err(Error::line(INPUT, i + 1, "text is not valid UTF-8")),
            }
        } else if let Ok(d) = item.cast::<PyDict>() {
            from_fields(i, limits, |f| d.get_item(f))?
        } else {
            let name = item
                .get_type()
                .name()
                .map_or_else(|_| "object".to_string(), |n| n.to_string());
            Err(Error::line(
                INPUT,
                i + 1,
                format!(
                    "expected a text (str) or a record (dict) with a 'text' field, found a Python {name}"
                ),
            ))
        };
        out.push(article);
    }
    Ok(out)
}

/// The articles of columns: `columns` maps article fields to lists of one value per row.
pub fn from_columns(columns: &Bound<'_, PyDict>, limits: Limits) -> PyResult<Vec<Result<Article>>> {
    let mut cols: Vec<(String, Bound<'_, PyList>)> = Vec::new();
    for (k, v) in columns.iter() {
        let name: String = k.extract()?;
        if !FIELDS.contains(&name.as_str()) {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "'{name}' is not an article field (expected one of {})",
                FIELDS.join(", ")
            )));
        }
        cols.push((name, v.cast_into::<PyList>()?));
    }
    let n = cols.first().map_or(0, |c| c.1.len());
    if cols.iter().any(|c| c.1.len() != n) {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "columns of different lengths",
        ));
    }
    (0..n)
        .map(|i| {
            from_fields(i, limits, |f| {
                cols.iter()
                    .find(|c| c.0 == f)
                    .map(|c| c.1.get_item(i))
                    .transpose()
            })
        })
        .collect()
}

/// The articles of a list (texts or records) or of columns (a dict of lists).
pub fn articles(items: &Bound<'_, PyAny>, limits: Limits) -> PyResult<Vec<Result<Article>>> {
    if let Ok(list) = items.cast::<PyList>() {
        from_list(list, limits)
    } else if let Ok(columns) = items.cast::<PyDict>() {
        from_columns(columns, limits)
    } else {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "expected a list of texts or records, or a dict of columns",
        ))
    }
}
