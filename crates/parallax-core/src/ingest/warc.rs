//! WARC archives: the HTML pages inside HTTP `response` (and `resource`) records.
//!
//! Framing is ours, header parsing is the `warc` crate's (`warc::parser::headers`). The crate's own
//! reader cannot resynchronise after a malformed record: it parses the bad record's body as more
//! records, misnumbers everything after, and turns one read error into a hundred. So records are
//! cut here: a record starts at a line beginning `WARC/`, its header block ends at a blank line,
//! its block is `Content-Length` bytes. After a bad header the reader skips to the next `WARC/`
//! line; a `Content-Length` that runs into the next record is caught and the overrun given back;
//! stray bytes between records get a warning. Record numbers count `WARC/` lines, so they stay
//! true whatever happens around them. A read error (a truncated `.warc.gz`) ends the file with one
//! diagnostic. Request, metadata and non-HTML records are skipped silently.

use std::collections::HashMap;
use std::io::{BufRead, Cursor, Read};

use warc::WarcHeader;

use super::{
    IngestConfig, IngestEvent, contains, decode_html, describe_read_error, find, looks_binary,
};
use crate::model::{Body, Diagnostic, Origin, RawDocument};

/// Longest header block accepted.
const MAX_HEADER_BYTES: usize = 64 << 10;

/// Parsed WARC headers of one record.
struct RawRecordHeader {
    headers: HashMap<WarcHeader, Vec<u8>>,
}

/// How [`Records::skip_block`] ended.
enum Skipped {
    /// The whole claimed block.
    Whole,
    /// This many bytes, up to the next record (the claimed length was wrong).
    RunsIntoNextRecord(usize),
    /// This many bytes, up to the end of the file.
    Truncated(usize),
}

/// Why reading a record failed.
enum Failure {
    /// The stream itself failed: stop reading the file.
    Read(std::io::Error),
    /// This record is bad; the next one may be fine.
    Record(String),
    /// The file ended inside a record.
    Truncated(String),
}

pub(super) struct Records<'a> {
    path: String,
    reader: Box<dyn BufRead + 'a>,
    is_gzip: bool,
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
        is_gzip: bool,
        config: IngestConfig,
    ) -> Records<'a> {
        Records {
            path: path.to_owned(),
            reader,
            is_gzip,
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

    /// Reads one line, keeping at most `limit` bytes of it; `None` at end of file.
    fn read_line(&mut self, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut any = false;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(any.then_some(line));
            }
            any = true;
            let (chunk, found) = match available.iter().position(|&byte| byte == b'\n') {
                Some(index) => (&available[..=index], true),
                None => (available, false),
            };
            let room = limit.saturating_sub(line.len());
            line.extend_from_slice(&chunk[..chunk.len().min(room)]);
            let consumed = chunk.len();
            self.reader.consume(consumed);
            if found {
                return Ok(Some(line));
            }
        }
    }

    /// Reads the next record: `Ok(None)` at a clean end of file. Stray bytes before the record
    /// are reported as a warning in `pending`.
    fn read_record(&mut self) -> Result<Option<(RawRecordHeader, Vec<u8>)>, Failure> {
        let mut stray = 0usize;
        let first = loop {
            let Some(line) = self.read_line(MAX_HEADER_BYTES).map_err(Failure::Read)? else {
                if stray > 0 && self.record_number > 0 {
                    self.warn_stray(stray);
                }
                return Ok(None);
            };
            if line.starts_with(b"WARC/") {
                break line;
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                stray += line.len();
            }
        };
        if stray > 0 && self.record_number > 0 {
            self.warn_stray(stray);
        }
        self.record_number += 1;
        let mut header = first;
        loop {
            let Some(line) = self.read_line(MAX_HEADER_BYTES).map_err(Failure::Read)? else {
                return Err(Failure::Truncated("the file ends inside this record's header".into()));
            };
            let blank = line == b"\r\n" || line == b"\n";
            header.extend_from_slice(&line);
            if blank {
                break;
            }
            if header.len() > MAX_HEADER_BYTES {
                return Err(Failure::Record("header block longer than 64 KiB".into()));
            }
        }
        let parsed = match warc::parser::headers(&header) {
            Ok((_, (_version, headers, length))) => {
                let headers = headers
                    .into_iter()
                    .map(|(name, value)| (WarcHeader::from(name), value.to_vec()))
                    .collect::<HashMap<_, _>>();
                (RawRecordHeader { headers }, length)
            }
            Err(_) => {
                let reason = if !header.ends_with(b"\r\n\r\n") {
                    "malformed WARC record: header lines must end with CRLF"
                } else if !contains(&header.to_ascii_lowercase(), b"content-length:") {
                    "malformed WARC record: no Content-Length header"
                } else {
                    "malformed WARC record: unreadable header block (bad Content-Length or header line)"
                };
                return Err(Failure::Record(reason.into()));
            }
        };
        let (record, length) = parsed;
        if length > self.config.max_document_bytes.saturating_mul(2) {
            // Skip the block without holding it; a next record inside the claimed length means
            // the length is wrong (`Content-Length: 1000000000000000`), and reading resumes there.
            return match self.skip_block(length).map_err(Failure::Read)? {
                Skipped::Whole => Err(Failure::Record(format!(
                    "page is larger than the {} limit ({length} bytes); skipped",
                    super::human_bytes(self.config.max_document_bytes)
                ))),
                Skipped::RunsIntoNextRecord(skipped) => Err(Failure::Record(format!(
                    "malformed WARC record: Content-Length {length} runs into the next record \
                     ({skipped} bytes later); skipped"
                ))),
                Skipped::Truncated(skipped) => Err(Failure::Truncated(format!(
                    "the file ends inside this record's block ({skipped} of {length} bytes; \
                     its Content-Length is probably wrong)"
                ))),
            };
        }
        let mut block = Vec::with_capacity(length.min(1 << 20));
        (&mut self.reader).take(length as u64).read_to_end(&mut block).map_err(Failure::Read)?;
        // A Content-Length that runs into the next record: give the overrun back to the reader.
        if let Some(next) = find(&block, b"\r\n\r\nWARC/1.") {
            let rest = block.split_off(next + 4);
            let reader = std::mem::replace(&mut self.reader, Box::new(std::io::empty()));
            self.reader = Box::new(Cursor::new(rest).chain(reader));
            return Err(Failure::Record(
                "malformed WARC record: Content-Length runs into the next record".into(),
            ));
        }
        if block.len() < length {
            return Err(Failure::Truncated(format!(
                "the file ends inside this record's block ({} of {length} bytes)",
                block.len()
            )));
        }
        Ok(Some((record, block)))
    }

    /// Skips up to `length` bytes of a block without holding them, stopping early at the start
    /// of a next record (a blank line, then `WARC/1.`), which is left to be read.
    fn skip_block(&mut self, length: usize) -> std::io::Result<Skipped> {
        const MARKER: &[u8] = b"\r\n\r\nWARC/1.";
        let mut skipped = 0usize;
        // The last bytes of the previous chunk, for a marker cut across two chunks.
        let mut tail: Vec<u8> = Vec::with_capacity(MARKER.len());
        let mut window: Vec<u8> = Vec::with_capacity(64 << 10);
        while skipped < length {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                return Ok(Skipped::Truncated(skipped));
            }
            let take = available.len().min(length - skipped);
            window.clear();
            window.extend_from_slice(&tail);
            window.extend_from_slice(&available[..take]);
            if let Some(at) = find(&window, MARKER) {
                // The next record starts 4 bytes into the marker.
                let next = at + 4;
                if next >= tail.len() {
                    let consumed = next - tail.len();
                    self.reader.consume(consumed);
                    return Ok(Skipped::RunsIntoNextRecord(skipped + consumed));
                }
                // It started in bytes already consumed: give them back.
                let rest = window[next..].to_vec();
                self.reader.consume(take);
                let reader = std::mem::replace(&mut self.reader, Box::new(std::io::empty()));
                self.reader = Box::new(Cursor::new(rest).chain(reader));
                return Ok(Skipped::RunsIntoNextRecord(skipped - (tail.len() - next)));
            }
            let keep = window.len().min(MARKER.len() - 1);
            tail.clear();
            tail.extend_from_slice(&window[window.len() - keep..]);
            self.reader.consume(take);
            skipped += take;
        }
        Ok(Skipped::Whole)
    }

    fn warn_stray(&mut self, stray: usize) {
        let message = format!(
            "{stray} stray bytes after this record (its Content-Length is probably too short)"
        );
        self.pending.push(IngestEvent::Diagnostic(Diagnostic::warning(self.origin(), message)));
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
            let message = match self.read_record() {
                Ok(None) => {
                    self.done = true;
                    if self.record_number == 0 {
                        return Some(IngestEvent::Diagnostic(Diagnostic::error(
                            Origin::file(self.path.clone()),
                            "no WARC records found (no line starts with `WARC/`)",
                        )));
                    }
                    if self.html_records == 0 {
                        self.pending.push(IngestEvent::Diagnostic(Diagnostic::warning(
                            Origin::file(self.path.clone()),
                            format!(
                                "{} WARC records, none holding an HTML page",
                                self.record_number
                            ),
                        )));
                    }
                    continue;
                }
                Ok(Some((header, block))) => {
                    match to_document(&header, block, self.origin(), &self.config) {
                        Ok(None) => {
                            self.consecutive_errors = 0;
                            continue;
                        }
                        Ok(Some(mut events)) => {
                            self.consecutive_errors = 0;
                            self.html_records += 1;
                            events.reverse();
                            let stray_warnings = std::mem::take(&mut self.pending);
                            self.pending = events;
                            self.pending.extend(stray_warnings);
                            continue;
                        }
                        Err(message) => message,
                    }
                }
                Err(Failure::Read(err)) => {
                    self.done = true;
                    let message = format!(
                        "{}; stopped after record {}",
                        describe_read_error(&err, self.is_gzip),
                        self.record_number
                    );
                    return Some(IngestEvent::Diagnostic(Diagnostic::error(
                        Origin::file(self.path.clone()),
                        message,
                    )));
                }
                Err(Failure::Truncated(message)) => {
                    self.done = true;
                    format!("truncated WARC record: {message}")
                }
                Err(Failure::Record(message)) => message,
            };
            self.consecutive_errors += 1;
            let mut message = message;
            if self.consecutive_errors >= self.config.max_consecutive_errors {
                self.done = true;
                message.push_str("; too many bad records in a row, skipping the rest of the file");
            }
            self.pending
                .insert(0, IngestEvent::Diagnostic(Diagnostic::error(self.origin(), message)));
        }
    }
}

fn header(header: &RawRecordHeader, name: WarcHeader) -> Option<&str> {
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
        Some(content_type) => content_type.contains("html") || content_type.trim().is_empty(),
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
    if let Some(warning) = super::stray_nul_warning(&payload) {
        events.push(IngestEvent::Diagnostic(Diagnostic::warning(origin.clone(), warning)));
    }
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

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}
