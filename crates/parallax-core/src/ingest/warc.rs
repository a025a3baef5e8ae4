//! WARC archives: the HTML pages inside HTTP `response` (and `resource`) records.
//!
//! Records are read with the `warc` crate. Its reader can panic on some malformed lengths, so each
//! step runs under `catch_unwind` and a panic becomes a diagnostic like any other bad record.
//! Request, metadata and non-HTML records are skipped silently.

use std::io::{BufRead, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};

use warc::{RawRecordHeader, WarcHeader, WarcReader};

use super::{IngestConfig, IngestEvent, decode_html, looks_binary};
use crate::model::{Body, Diagnostic, Origin, RawDocument};

type RawIter<'a> = warc::RawRecordIter<Box<dyn BufRead + 'a>>;

pub(super) struct Records<'a> {
    path: String,
    records: RawIter<'a>,
    config: IngestConfig,
    record_number: u64,
    consecutive_errors: usize,
    html_records: u64,
    done: bool,
    pending: Vec<IngestEvent>,
}

impl<'a> Records<'a> {
    pub(super) fn new(
        path: &str,
        reader: Box<dyn BufRead + 'a>,
        _is_gzip: bool,
        config: IngestConfig,
    ) -> Records<'a> {
        Records {
            path: path.to_owned(),
            records: WarcReader::new(reader).iter_raw_records(),
            config,
            record_number: 0,
            consecutive_errors: 0,
            html_records: 0,
            done: false,
            pending: Vec::new(),
        }
    }

    fn origin(&self) -> Origin {
        Origin::record(self.path.clone(), self.record_number)
    }
}

impl Iterator for Records<'_> {
    type Item = IngestEvent;

    fn next(&mut self) -> Option<IngestEvent> {
        loop {
            if let Some(event) = self.pending.pop() {
                return Some(event);
            }
            if self.done {
                return None;
            }
            let step = catch_unwind(AssertUnwindSafe(|| self.records.next()));
            let record = match step {
                Ok(None) => {
                    self.done = true;
                    if self.record_number == 0 {
                        return Some(IngestEvent::Diagnostic(Diagnostic::error(
                            Origin::file(self.path.clone()),
                            "no WARC records found (is it a WARC file with CRLF line endings?)",
                        )));
                    }
                    if self.html_records == 0 {
                        return Some(IngestEvent::Diagnostic(Diagnostic::warning(
                            Origin::file(self.path.clone()),
                            format!("{} WARC records, none holding an HTML page", self.record_number),
                        )));
                    }
                    return None;
                }
                Ok(Some(record)) => record.map_err(|err| format!("malformed WARC record: {err}")),
                Err(_) => Err("malformed WARC record (the WARC reader failed on it)".to_owned()),
            };
            self.record_number += 1;
            let event = match record {
                Ok((header, body)) => match to_document(&header, body, self.origin(), &self.config)
                {
                    Ok(None) => {
                        self.consecutive_errors = 0;
                        continue;
                    }
                    Ok(Some(events)) => {
                        self.consecutive_errors = 0;
                        self.html_records += 1;
                        self.pending = events;
                        self.pending.reverse();
                        continue;
                    }
                    Err(message) => message,
                },
                Err(message) => message,
            };
            self.consecutive_errors += 1;
            let mut message = event;
            if self.consecutive_errors >= self.config.max_consecutive_errors {
                self.done = true;
                message.push_str("; too many bad records in a row, skipping the rest of the file");
            }
            return Some(IngestEvent::Diagnostic(Diagnostic::error(self.origin(), message)));
        }
    }
}

fn header<'h>(header: &'h RawRecordHeader, name: WarcHeader) -> Option<&'h str> {
    header.headers.get(&name).and_then(|value| std::str::from_utf8(value).ok()).map(str::trim)
}

/// Turns one record into a document, `Ok(None)` when it holds no HTML page.
fn to_document(
    record: &RawRecordHeader,
    body: Vec<u8>,
    origin: Origin,
    config: &IngestConfig,
) -> Result<Option<Vec<IngestEvent>>, String> {
    let warc_type = header(record, WarcHeader::WarcType).unwrap_or("").to_ascii_lowercase();
    let content_type = header(record, WarcHeader::ContentType).unwrap_or("").to_ascii_lowercase();
    let url = header(record, WarcHeader::TargetURI)
        .map(|uri| uri.trim_matches(|c| c == '<' || c == '>').to_owned());
    let (http_content_type, payload) = match warc_type.as_str() {
        "response" if content_type.starts_with("application/http") => {
            let response = parse_http_response(&body)?;
            if !(200..300).contains(&response.status) {
                return Ok(None);
            }
            (response.content_type, response.body)
        }
        "resource" | "response" => (Some(content_type), body),
        _ => return Ok(None),
    };
    let is_html = match &http_content_type {
        Some(content_type) => {
            content_type.contains("html") || content_type.trim().is_empty()
        }
        None => true,
    };
    if !is_html {
        return Ok(None);
    }
    if payload.len() > config.max_document_bytes {
        return Err(format!(
            "page is larger than the {} limit",
            super::human_bytes(config.max_document_bytes)
        ));
    }
    if payload.iter().all(u8::is_ascii_whitespace) {
        return Err("HTTP response with an empty body".into());
    }
    if let Some(message) = looks_binary(&payload) {
        return Err(message);
    }
    let decoded = decode_html(&payload, http_content_type.as_deref());
    let mut events = Vec::new();
    if let Some(warning) = decoded.warning {
        events.push(IngestEvent::Diagnostic(Diagnostic::warning(origin.clone(), warning)));
    }
    let mut document = RawDocument::new(origin, Body::Html(decoded.text));
    document.url = url;
    events.push(IngestEvent::Document(document));
    Ok(Some(events))
}

struct HttpResponse {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Parses an HTTP/1.x response as stored in a WARC record, undoing chunked transfer encoding and
/// gzip/deflate content encoding.
fn parse_http_response(bytes: &[u8]) -> Result<HttpResponse, String> {
    let header_end = find(bytes, b"\r\n\r\n")
        .map(|index| (index, index + 4))
        .or_else(|| find(bytes, b"\n\n").map(|index| (index, index + 2)))
        .ok_or("HTTP response without a blank line after its headers")?;
    let head = String::from_utf8_lossy(&bytes[..header_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .filter(|_| status_line.starts_with("HTTP/"))
        .ok_or_else(|| format!("bad HTTP status line `{}`", truncate(status_line, 60)))?;
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => encoding = Some(value),
            _ => {}
        }
    }
    let mut body = bytes[header_end.1..].to_vec();
    if chunked {
        body = dechunk(&body).unwrap_or(body);
    }
    match encoding.as_deref() {
        Some("gzip" | "x-gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(body.as_slice())
                .read_to_end(&mut out)
                .map_err(|err| format!("bad gzip content encoding: {err}"))?;
            body = out;
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(body.as_slice())
                .read_to_end(&mut out)
                .map_err(|err| format!("bad deflate content encoding: {err}"))?;
            body = out;
        }
        _ => {}
    }
    Ok(HttpResponse { status, content_type, body })
}

fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    loop {
        let line_end = find(bytes, b"\r\n")?;
        let size_text = std::str::from_utf8(&bytes[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        bytes = &bytes[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        let chunk = bytes.get(..size)?;
        out.extend_from_slice(chunk);
        bytes = bytes.get(size..)?;
        bytes = bytes.strip_prefix(b"\r\n").unwrap_or(bytes);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}
