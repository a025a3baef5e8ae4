//! Finding and reading input files: the IO edge in front of `parallax_core::ingest`.

use std::fs::File;
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use parallax_core::ingest::{self, IngestConfig, IngestEvent, InputFormat};
use parallax_core::model::{Diagnostic, Origin, RawDocument};
use rayon::prelude::*;

use crate::args::{FormatArg, InputArgs};

/// One input to read: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
    Stdin,
    File(PathBuf),
}

/// Extensions read from folders. Files named on the command line are read whatever their name.
const FOLDER_EXTENSIONS: &[&str] =
    &["txt", "text", "html", "htm", "xhtml", "jsonl", "ndjson", "warc"];

/// Expands the paths given by the user into inputs, sorted within each folder. A path that does
/// not exist is a diagnostic, not an abort.
pub(crate) fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<Diagnostic>) {
    let mut inputs = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|entry| match entry {
                    Ok(entry) => Some(entry),
                    Err(err) => {
                        diagnostics.push(Diagnostic::error(
                            Origin::file(err.path().unwrap_or(path).display().to_string()),
                            format!("cannot read folder entry: {err}"),
                        ));
                        None
                    }
                })
                .filter(|entry| entry.file_type().is_file() && is_article_file(entry.path()))
                .map(walkdir::DirEntry::into_path)
                .collect();
            found.sort();
            if found.is_empty() {
                diagnostics.push(Diagnostic::warning(
                    Origin::file(path.display().to_string()),
                    "folder holds no .txt, .html, .jsonl or .warc files",
                ));
            }
            inputs.extend(found.into_iter().map(Input::File));
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            diagnostics.push(Diagnostic::error(
                Origin::file(path.display().to_string()),
                "no such file or folder",
            ));
        }
    }
    (inputs, diagnostics)
}

fn is_article_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|name| name.to_str()) else { return false };
    if name.starts_with('.') {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    let name = lower.strip_suffix(".gz").unwrap_or(&lower);
    name.rsplit_once('.').is_some_and(|(_, extension)| FOLDER_EXTENSIONS.contains(&extension))
}

/// The ingest settings the input arguments ask for.
pub(crate) fn ingest_config(args: &InputArgs) -> IngestConfig {
    IngestConfig { max_document_bytes: args.max_document_bytes, ..IngestConfig::default() }
}

pub(crate) fn format_override(args: &InputArgs) -> Option<InputFormat> {
    args.input_format.map(|format| match format {
        FormatArg::Text => InputFormat::Text,
        FormatArg::Html => InputFormat::Html,
        FormatArg::Jsonl => InputFormat::Jsonl,
        FormatArg::Warc => InputFormat::Warc,
    })
}

/// Reads every input (files in parallel) into raw documents and diagnostics.
pub(crate) fn read_all(
    inputs: &[Input],
    format: Option<InputFormat>,
    config: &IngestConfig,
    progress: &ProgressBar,
) -> (Vec<RawDocument>, Vec<Diagnostic>) {
    let results: Vec<Vec<IngestEvent>> = inputs
        .par_iter()
        .map(|input| {
            let events = read_one(input, format, config);
            progress.inc(1);
            events
        })
        .collect();
    let mut documents = Vec::new();
    let mut diagnostics = Vec::new();
    for event in results.into_iter().flatten() {
        match event {
            IngestEvent::Document(document) => documents.push(document),
            IngestEvent::Diagnostic(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (documents, diagnostics)
}

fn read_one(input: &Input, format: Option<InputFormat>, config: &IngestConfig) -> Vec<IngestEvent> {
    match input {
        Input::Stdin => ingest::read("-", std::io::stdin().lock(), format, config).collect(),
        Input::File(path) => {
            let name = path.display().to_string();
            match File::open(path) {
                Ok(file) => ingest::read(&name, file, format, config).collect(),
                Err(err) => vec![IngestEvent::Diagnostic(Diagnostic::error(
                    Origin::file(name),
                    format!("cannot open: {err}"),
                ))],
            }
        }
    }
}

/// A progress bar on stderr, drawn only when stderr is a terminal and not `--quiet`.
pub(crate) fn progress_bar(length: u64, message: &'static str, quiet: bool) -> ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(length);
    bar.set_style(
        ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message);
    bar
}

/// A spinner on stderr for work without a known length, under the same conditions as
/// [`progress_bar`].
pub(crate) fn spinner(message: String, quiet: bool) -> ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let spinner = ProgressBar::new_spinner();
    spinner.set_message(message);
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner
}

/// Reads the inputs one after the other, handing over each document or diagnostic as soon as it
/// is parsed: memory does not grow with the input.
pub(crate) fn stream(
    inputs: &[Input],
    format: Option<InputFormat>,
    config: &IngestConfig,
    mut handle: impl FnMut(IngestEvent),
) {
    for input in inputs {
        match input {
            Input::Stdin => {
                ingest::read("-", std::io::stdin().lock(), format, config).for_each(&mut handle);
            }
            Input::File(path) => {
                let name = path.display().to_string();
                match File::open(path) {
                    Ok(file) => ingest::read(&name, file, format, config).for_each(&mut handle),
                    Err(err) => handle(IngestEvent::Diagnostic(Diagnostic::error(
                        Origin::file(name),
                        format!("cannot open: {err}"),
                    ))),
                }
            }
        }
    }
}
