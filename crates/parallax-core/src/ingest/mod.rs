//! Ingest: bytes in, [`RawDocument`]s out (stage 1 of the pipeline).
//!
//! The entry point is [`read`], which takes any reader (a file the caller opened, standard input, a
//! byte slice) and yields documents and diagnostics as it goes, so a 10 GB JSONL file streams in
//! bounded memory. Gzip is detected by its magic bytes and undone transparently. The format comes
//! from the file name when it has a known extension, otherwise it is sniffed from the content.
//!
//! This module parses only: it never opens files or sockets. Every problem with the input becomes
//! a [`Diagnostic`] naming the file and record; one bad record never ends the stream, and nothing
//! here panics on input (the fuzz targets under `fuzz/` hold that).

mod decode;
mod jsonl;
mod warc;

use std::io::{BufRead, BufReader, Read};

use crate::model::{Body, Diagnostic, Origin, RawDocument};

pub use decode::{decode_html, decode_text};

/// One item of an ingest stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestEvent {
    /// A document that was read.
    Document(RawDocument),
    /// A problem with a file or record (an error means the file or record was skipped).
    Diagnostic(Diagnostic),
}

/// The input formats Parallax reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputFormat {
    /// Plain text: the title is the first non-empty line.
    Text,
    /// One HTML page.
    Html,
    /// JSON Lines, one article per line.
    Jsonl,
    /// A WARC archive whose HTTP response records hold HTML pages.
    Warc,
}

impl InputFormat {
    /// The format a file name implies, looking through a final `.gz`.
    pub fn from_path(path: &str) -> Option<InputFormat> {
        let lower = path.to_ascii_lowercase();
        let name = lower.strip_suffix(".gz").unwrap_or(&lower);
        let extension = name.rsplit_once('.').map(|(_, extension)| extension)?;
        match extension {
            "txt" | "text" | "md" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" | "shtml" => Some(InputFormat::Html),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "warc" => Some(InputFormat::Warc),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of (decompressed) content.
    pub fn sniff(head: &[u8]) -> InputFormat {
        let trimmed = trim_ascii_start(strip_bom(head));
        if trimmed.starts_with(b"WARC/") {
            return InputFormat::Warc;
        }
        if trimmed.starts_with(b"{") {
            return InputFormat::Jsonl;
        }
        if trimmed.starts_with(b"<") {
            let lower: Vec<u8> = trimmed.iter().take(4096).map(u8::to_ascii_lowercase).collect();
            let markers: [&[u8]; 6] = [b"<html", b"<!doctype", b"<body", b"<head", b"<p", b"<div"];
            if markers.iter().any(|marker| contains(&lower, marker)) {
                return InputFormat::Html;
            }
        }
        InputFormat::Text
    }
}

/// Limits for ingest.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// The largest single document (a text or HTML file, one JSONL record, one WARC record) accepted,
    /// in bytes after decompression. Larger ones are rejected with a diagnostic.
    pub max_document_bytes: usize,
    /// After this many errors in a row inside one file, the rest of the file is skipped.
    pub max_consecutive_errors: usize,
}

impl Default for IngestConfig {
    fn default() -> IngestConfig {
        IngestConfig { max_document_bytes: 16 << 20, max_consecutive_errors: 100 }
    }
}

/// Reads documents from `reader`.
///
/// `path` names the input in diagnostics (`-` for standard input) and, through its extension,
/// picks the format; `format` overrides that. Gzip is undone whatever the name says.
pub fn read<'a, R: Read + 'a>(
    path: &str,
    reader: R,
    format: Option<InputFormat>,
    config: &IngestConfig,
) -> Box<dyn Iterator<Item = IngestEvent> + 'a> {
    let origin = Origin::file(path);
    let mut reader = BufReader::with_capacity(64 << 10, reader);
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(err) => return single_error(origin, format!("cannot read: {err}")),
    };
    if head.is_empty() {
        return single_error(origin, "empty file");
    }
    let is_gzip = head.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn BufRead + 'a> = if is_gzip {
        Box::new(BufReader::with_capacity(64 << 10, flate2::bufread::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    };
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(err) => return single_error(origin, describe_read_error(&err, is_gzip)),
    };
    if head.is_empty() {
        return single_error(origin, "empty file (after decompression)");
    }
    let format =
        format.or_else(|| InputFormat::from_path(path)).unwrap_or_else(|| InputFormat::sniff(head));
    let config = config.clone();
    match format {
        InputFormat::Jsonl => Box::new(jsonl::Records::new(path, reader, is_gzip, config)),
        InputFormat::Warc => Box::new(warc::Records::new(path, reader, is_gzip, config)),
        InputFormat::Text | InputFormat::Html => {
            let events = read_single(origin, reader, format, is_gzip, &config);
            Box::new(events.into_iter())
        }
    }
}

/// Reads a whole text or HTML file as one document.
fn read_single(
    origin: Origin,
    reader: Box<dyn BufRead + '_>,
    format: InputFormat,
    is_gzip: bool,
    config: &IngestConfig,
) -> Vec<IngestEvent> {
    let mut bytes = Vec::new();
    let limit = (config.max_document_bytes as u64).saturating_add(1);
    if let Err(err) = reader.take(limit).read_to_end(&mut bytes) {
        return vec![error(origin, describe_read_error(&err, is_gzip))];
    }
    if bytes.len() > config.max_document_bytes {
        return vec![error(
            origin,
            format!(
                "document is larger than the {} limit; raise it with `--max-document-bytes`",
                human_bytes(config.max_document_bytes)
            ),
        )];
    }
    if let Some(message) = looks_binary(&bytes) {
        return vec![error(origin, message)];
    }
    let mut events = Vec::new();
    if let Some(warning) = stray_nul_warning(&bytes) {
        events.push(IngestEvent::Diagnostic(Diagnostic::warning(origin.clone(), warning)));
    }
    let body = match format {
        InputFormat::Html => {
            let decoded = decode_html(&bytes, None);
            if let Some(warning) = decoded.warning {
                events.push(IngestEvent::Diagnostic(Diagnostic::warning(origin.clone(), warning)));
            }
            Body::Html(decoded.text)
        }
        _ => {
            let decoded = decode_text(&bytes);
            if let Some(warning) = decoded.warning {
                events.push(IngestEvent::Diagnostic(Diagnostic::warning(origin.clone(), warning)));
            }
            Body::Text(decoded.text)
        }
    };
    let is_blank = match &body {
        Body::Text(text) | Body::Html(text) => text.trim().is_empty(),
    };
    if is_blank {
        return vec![error(origin, "file holds only whitespace")];
    }
    events.push(IngestEvent::Document(RawDocument::new(origin, body)));
    events
}

/// Says why bytes look like a binary file rather than text, if they do. The whole document is
/// looked at, so where a NUL byte sits does not matter: NUL bytes making up over 1 % of it, or
/// control bytes over 10 %, make it binary; fewer are stray bytes in a text, removed with a
/// warning ([`stray_nul_warning`]).
pub(crate) fn looks_binary(bytes: &[u8]) -> Option<String> {
    // UTF-16 and UTF-32 text is full of NUL bytes; its byte-order mark says what it is.
    if encoding_rs::Encoding::for_bom(bytes)
        .is_some_and(|(encoding, _)| encoding != encoding_rs::UTF_8)
    {
        return None;
    }
    let nuls = bytes.iter().filter(|&&byte| byte == 0).count();
    if nuls > 0 && nuls * 100 >= bytes.len() {
        return Some(format!(
            "binary file ({nuls} NUL bytes in {} bytes), not text, HTML, JSONL or WARC",
            bytes.len()
        ));
    }
    let controls = bytes
        .iter()
        .filter(|&&byte| byte < 0x20 && !matches!(byte, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if bytes.len() >= 64 && controls * 10 > bytes.len() {
        return Some(format!(
            "binary file ({controls} control bytes in {} bytes), not text",
            bytes.len()
        ));
    }
    None
}

/// A warning for the stray NUL bytes of a text (dropped when it is normalised), if it has any.
pub(crate) fn stray_nul_warning(bytes: &[u8]) -> Option<String> {
    if encoding_rs::Encoding::for_bom(bytes)
        .is_some_and(|(encoding, _)| encoding != encoding_rs::UTF_8)
    {
        return None;
    }
    let nuls = bytes.iter().filter(|&&byte| byte == 0).count();
    (nuls > 0).then(|| {
        format!("{nuls} stray NUL byte{} removed from the text", if nuls == 1 { "" } else { "s" })
    })
}

pub(crate) fn describe_read_error(err: &std::io::Error, is_gzip: bool) -> String {
    if is_gzip {
        format!("corrupt or truncated gzip stream: {err}")
    } else {
        format!("cannot read: {err}")
    }
}

pub(crate) fn human_bytes(bytes: usize) -> String {
    if bytes >= 1 << 20 { format!("{} MiB", bytes >> 20) } else { format!("{bytes} bytes") }
}

fn single_error<'a>(
    origin: Origin,
    message: impl Into<String>,
) -> Box<dyn Iterator<Item = IngestEvent> + 'a> {
    Box::new(std::iter::once(error(origin, message)))
}

fn error(origin: Origin, message: impl Into<String>) -> IngestEvent {
    IngestEvent::Diagnostic(Diagnostic::error(origin, message))
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace()).unwrap_or(bytes.len());
    &bytes[start..]
}

/// The first position of `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}
