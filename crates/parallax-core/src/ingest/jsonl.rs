//! JSON Lines: one article per line.
//!
//! Recognised fields: `id`, `url`, `outlet` (or `source`, `site`, `publisher`), `title`, `date` (or
//! `published`, `publish_date`, `date_publish`), and the body as `text` (or `content`, `body`) or
//! `html`. Unknown fields are ignored. A line that is not a JSON object, or has no body, is
//! reported with its line number and skipped.

use std::io::BufRead;

use serde_json::Value;

use super::{IngestConfig, IngestEvent, describe_read_error, looks_binary};
use crate::model::{Body, Diagnostic, Origin, RawDocument};

pub(super) struct Records<'a> {
    path: String,
    reader: Box<dyn BufRead + 'a>,
    is_gzip: bool,
    config: IngestConfig,
    line_number: u64,
    consecutive_errors: usize,
    done: bool,
    buffer: Vec<u8>,
}

impl<'a> Records<'a> {
    pub(super) fn new(
        path: &str,
        reader: Box<dyn BufRead + 'a>,
        is_gzip: bool,
        config: IngestConfig,
    ) -> Records<'a> {
        Records {
            path: path.to_owned(),
            reader,
            is_gzip,
            config,
            line_number: 0,
            consecutive_errors: 0,
            done: false,
            buffer: Vec::new(),
        }
    }

    /// Reads one line into `self.buffer`, keeping at most the size limit (plus one byte, so an
    /// over-long line is known to be over-long) and skipping the rest of it.
    fn read_line(&mut self) -> std::io::Result<bool> {
        self.buffer.clear();
        let limit = self.config.max_document_bytes.saturating_add(1);
        let mut any = false;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(any);
            }
            any = true;
            let (chunk, found_newline) = match available.iter().position(|&byte| byte == b'\n') {
                Some(index) => (&available[..index], true),
                None => (available, false),
            };
            let room = limit.saturating_sub(self.buffer.len());
            self.buffer.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let consumed = chunk.len() + usize::from(found_newline);
            self.reader.consume(consumed);
            if found_newline {
                return Ok(true);
            }
        }
    }

    fn origin(&self) -> Origin {
        Origin::record(self.path.clone(), self.line_number)
    }
}

impl Iterator for Records<'_> {
    type Item = IngestEvent;

    fn next(&mut self) -> Option<IngestEvent> {
        while !self.done {
            match self.read_line() {
                Ok(false) => {
                    self.done = true;
                    return None;
                }
                Ok(true) => {}
                Err(err) => {
                    self.done = true;
                    let message = format!(
                        "{}; stopped after line {}",
                        describe_read_error(&err, self.is_gzip),
                        self.line_number
                    );
                    return Some(IngestEvent::Diagnostic(Diagnostic::error(
                        Origin::file(self.path.clone()),
                        message,
                    )));
                }
            }
            self.line_number += 1;
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let result = parse_record(&self.buffer, self.origin(), &self.config);
            match result {
                Ok(document) => {
                    self.consecutive_errors = 0;
                    return Some(IngestEvent::Document(document));
                }
                Err(message) => {
                    self.consecutive_errors += 1;
                    if self.consecutive_errors >= self.config.max_consecutive_errors {
                        self.done = true;
                        let message = format!(
                            "{message}; {} bad lines in a row, skipping the rest of the file",
                            self.consecutive_errors
                        );
                        return Some(IngestEvent::Diagnostic(Diagnostic::error(
                            self.origin(),
                            message,
                        )));
                    }
                    return Some(IngestEvent::Diagnostic(Diagnostic::error(
                        self.origin(),
                        message,
                    )));
                }
            }
        }
        None
    }
}

fn parse_record(line: &[u8], origin: Origin, config: &IngestConfig) -> Result<RawDocument, String> {
    if line.len() > config.max_document_bytes {
        return Err(format!(
            "record is larger than the {} limit",
            super::human_bytes(config.max_document_bytes)
        ));
    }
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
    if let Some(message) = looks_binary(line) {
        return Err(message);
    }
    let value: Value = serde_json::from_slice(line).map_err(|err| {
        if std::str::from_utf8(line).is_err() {
            "invalid JSON: the line is not valid UTF-8".to_owned()
        } else {
            format!("invalid JSON: {err}")
        }
    })?;
    let Value::Object(object) = value else {
        return Err(format!("expected a JSON object, found {}", kind(&value)));
    };
    let field = |names: &[&str]| -> Result<Option<String>, String> {
        for name in names {
            match object.get(*name) {
                None | Some(Value::Null) => {}
                Some(Value::String(text)) => return Ok(Some(text.clone())),
                Some(Value::Number(number)) => return Ok(Some(number.to_string())),
                Some(other) => {
                    return Err(format!(
                        "field `{name}` should be a string, found {}",
                        kind(other)
                    ));
                }
            }
        }
        Ok(None)
    };
    let html = field(&["html", "raw_html"])?;
    let text = field(&["text", "content", "body", "maintext"])?;
    let body = match (text, html) {
        (Some(text), _) if !text.trim().is_empty() => Body::Text(text),
        (_, Some(html)) if !html.trim().is_empty() => Body::Html(html),
        (Some(_), _) | (_, Some(_)) => return Err("the `text`/`html` field is empty".into()),
        (None, None) => {
            return Err("no body: expected a `text` or `html` field".into());
        }
    };
    Ok(RawDocument {
        origin,
        id: field(&["id", "doc_id", "uuid"])?.filter(|id| !id.trim().is_empty()),
        url: field(&["url", "link"])?,
        outlet: field(&["outlet", "source", "site", "publisher", "source_domain"])?,
        title: field(&["title", "headline"])?,
        date: field(&["date", "published", "publish_date", "date_publish", "published_at"])?,
        body,
    })
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
