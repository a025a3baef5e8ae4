//! `parallax dedup` and `parallax similar`.

use std::io::{BufRead as _, Write as _};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use parallax_core::clean::{CleanConfig, clean};
use parallax_core::dedup::{
    Banding, DedupConfig, Deduplicator, LshIndex, Scheme, Signature, Verdict, exact_key,
};
use parallax_core::embed::{SentenceEncoder, cosine};
use parallax_core::ingest::IngestEvent;
use parallax_core::model::{Body, Diagnostic, RawDocument, Severity};
use rayon::prelude::*;
use serde_json::json;

use crate::args::{DedupArgs, DedupParams, SchemeArg, SimilarArgs};
use crate::inputs;

/// The MinHash settings the options ask for.
pub(crate) fn config(params: &DedupParams) -> DedupConfig {
    DedupConfig {
        shingle: params.shingle.max(1),
        num_perm: params.num_perm.max(1),
        seed: params.seed,
        scheme: match params.scheme {
            SchemeArg::Affine32 => Scheme::Affine32,
            SchemeArg::Legacy => Scheme::Legacy,
        },
        threshold: params.threshold,
        banding: params.bands.zip(params.rows).map(|(bands, rows)| Banding { bands, rows }),
    }
}

/// The settings as printed with results.
pub(crate) fn params_json(config: &DedupConfig) -> serde_json::Value {
    let banding = config.banding();
    json!({
        "shingle": format!("{} words", config.shingle),
        "num_perm": config.num_perm,
        "seed": config.seed,
        "scheme": config.scheme,
        "threshold": config.threshold,
        "bands": banding.bands,
        "rows": banding.rows,
        "hash": "sha1-32 of each lower-cased word shingle (datasketch-compatible)",
    })
}

/// A document's id for output: its own, else where it came from.
fn document_id(raw: &RawDocument) -> String {
    raw.id.clone().unwrap_or_else(|| raw.origin.to_string())
}

/// The text a document is judged on.
fn text_of(raw: &RawDocument, clean_text: bool) -> Result<String, Diagnostic> {
    match &raw.body {
        Body::Text(text) if !clean_text => Ok(text.clone()),
        _ => clean(raw, None, &CleanConfig::default()).map(|(article, _)| article.text),
    }
}

const CHUNK: usize = 1024;

/// `parallax dedup`.
pub(crate) fn dedup(args: DedupArgs, quiet: bool) -> Result<ExitCode> {
    let config = config(&args.params);
    anyhow::ensure!(
        config.banding().bands * config.banding().rows <= config.num_perm,
        "bands × rows ({} × {}) exceeds --num-perm {}",
        config.banding().bands,
        config.banding().rows,
        config.num_perm
    );
    let (files, mut diagnostics) = inputs::collect(&args.input.paths);
    let mut dedup = Deduplicator::new(config.clone());
    // With --pairs, every signature with words, to list the candidate pairs at the end (memory
    // then grows with every document, not only the kept ones).
    let mut all = args.output.pairs.as_ref().map(|_| (LshIndex::new(config.banding()), Vec::new()));
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    if args.output.json {
        serde_json::to_writer(
            &mut stdout,
            &json!({"kind": "params", "params": params_json(&config)}),
        )?;
        writeln!(stdout)?;
    }
    let spinner = inputs::spinner("deduplicating".to_owned(), quiet);
    let mut ids: Vec<String> = Vec::new();
    let mut tally = Tally::default();
    let mut pending: Vec<RawDocument> = Vec::with_capacity(CHUNK);
    let mut failure: Option<std::io::Error> = None;
    let mut flush = |pending: &mut Vec<RawDocument>,
                     dedup: &mut Deduplicator,
                     diagnostics: &mut Vec<Diagnostic>,
                     stdout: &mut dyn std::io::Write|
     -> std::io::Result<()> {
        let hasher = dedup.hasher().clone();
        let signed: Vec<Result<(u128, Signature, bool), Diagnostic>> = pending
            .par_iter()
            .map(|raw| {
                let text = text_of(raw, args.output.clean)?;
                Ok((
                    exact_key(&text),
                    hasher.signature(&text),
                    text.chars().any(char::is_alphanumeric),
                ))
            })
            .collect();
        for (raw, signed) in pending.drain(..).zip(signed) {
            let (key, signature, has_words) = match signed {
                Ok(signed) => signed,
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    continue;
                }
            };
            let index = ids.len();
            ids.push(document_id(&raw));
            if let Some((lsh, documents)) = &mut all
                && has_words
            {
                lsh.insert(signature.clone());
                documents.push(index);
            }
            let verdict = dedup.push_signed(key, signature, has_words);
            let line = verdict_line(&ids, index, &verdict);
            tally.add(index, &verdict);
            if args.output.json {
                serde_json::to_writer(&mut *stdout, &line)?;
                writeln!(stdout)?;
            }
        }
        Ok(())
    };
    let mut read = 0usize;
    inputs::stream(
        &files,
        inputs::format_override(&args.input),
        &inputs::ingest_config(&args.input),
        |event| {
            if failure.is_some() {
                return;
            }
            match event {
                IngestEvent::Document(raw) => {
                    read += 1;
                    pending.push(raw);
                    if pending.len() >= CHUNK {
                        if let Err(error) =
                            flush(&mut pending, &mut dedup, &mut diagnostics, &mut stdout)
                        {
                            failure = Some(error);
                        }
                        spinner.set_message(format!("deduplicating: {read} documents"));
                    }
                }
                IngestEvent::Diagnostic(diagnostic) => diagnostics.push(diagnostic),
            }
        },
    );
    if failure.is_none()
        && let Err(error) = flush(&mut pending, &mut dedup, &mut diagnostics, &mut stdout)
    {
        failure = Some(error);
    }
    spinner.finish_and_clear();
    if let Some(error) = failure {
        return Err(error.into());
    }
    let rejected = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    tally.write_end(&mut stdout, args.output.json, &config, &ids, rejected)?;
    stdout.flush()?;
    if let (Some(path), Some((lsh, documents))) = (&args.output.pairs, &all) {
        let pairs = lsh.candidate_pairs().into_iter().map(|(i, j)| {
            let jaccard = lsh.signature(i).jaccard(lsh.signature(j));
            (documents[i as usize], documents[j as usize], jaccard)
        });
        write_pairs(path, &ids, pairs)?;
    }
    if let Some(path) = &args.output.keep_list {
        tally.write_keep_list(path, &ids)?;
    }
    if !diagnostics.is_empty()
        && (!quiet || diagnostics.iter().any(|d| d.severity == Severity::Error))
    {
        eprint!("{}", crate::report::render_diagnostics(&diagnostics));
    }
    Ok(if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One document's verdict as a JSON line.
pub(crate) fn verdict_line(ids: &[String], index: usize, verdict: &Verdict) -> serde_json::Value {
    match verdict {
        Verdict::Keep => json!({"kind": "keep", "id": ids[index]}),
        Verdict::Exact { of } => {
            json!({"kind": "drop", "id": ids[index], "duplicate_of": ids[*of], "relation": "exact", "jaccard": 1.0})
        }
        Verdict::Near { of, jaccard } => {
            json!({"kind": "drop", "id": ids[index], "duplicate_of": ids[*of], "relation": "near", "jaccard": jaccard})
        }
        Verdict::Empty => json!({"kind": "drop", "id": ids[index], "relation": "empty"}),
    }
}

/// What the verdicts add up to: the kept documents, the duplicate clusters and the counts.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    kept: Vec<usize>,
    clusters: std::collections::BTreeMap<usize, Vec<(usize, &'static str, f64)>>,
    /// Kept, exact duplicates, near duplicates, empty.
    counts: (usize, usize, usize, usize),
}

impl Tally {
    /// Counts document `index`'s verdict.
    pub(crate) fn add(&mut self, index: usize, verdict: &Verdict) {
        match verdict {
            Verdict::Keep => {
                self.counts.0 += 1;
                self.kept.push(index);
            }
            Verdict::Exact { of } => {
                self.counts.1 += 1;
                self.clusters.entry(*of).or_default().push((index, "exact", 1.0));
            }
            Verdict::Near { of, jaccard } => {
                self.counts.2 += 1;
                self.clusters.entry(*of).or_default().push((index, "near", *jaccard));
            }
            Verdict::Empty => self.counts.3 += 1,
        }
    }

    /// Writes the clusters and the summary (JSON lines, or text).
    pub(crate) fn write_end(
        &self,
        stdout: &mut dyn std::io::Write,
        json: bool,
        config: &DedupConfig,
        ids: &[String],
        rejected: usize,
    ) -> std::io::Result<()> {
        let (clusters, counts, documents) = (&self.clusters, self.counts, ids.len());
        if json {
            for (representative, members) in clusters {
                let members: Vec<serde_json::Value> = members
                    .iter()
                    .map(|(index, relation, jaccard)| json!({"id": ids[*index], "relation": relation, "jaccard": jaccard}))
                    .collect();
                serde_json::to_writer(
                    &mut *stdout,
                    &json!({"kind": "cluster", "keep": ids[*representative], "duplicates": members}),
                )?;
                writeln!(stdout)?;
            }
            serde_json::to_writer(
                &mut *stdout,
                &json!({
                    "kind": "summary", "documents": documents, "kept": counts.0, "exact_duplicates": counts.1,
                    "near_duplicates": counts.2, "empty": counts.3, "clusters": clusters.len(),
                    "rejected": rejected,
                }),
            )?;
            writeln!(stdout)?;
            return Ok(());
        }
        let banding = config.banding();
        writeln!(
            stdout,
            "{documents} documents: {} kept, {} exact duplicates, {} near duplicates, {} empty, in {} clusters",
            counts.0,
            counts.1,
            counts.2,
            counts.3,
            clusters.len()
        )?;
        writeln!(
            stdout,
            "MinHash: {}-word shingles, {} permutations ({:?}, seed {}), LSH {} bands × {} rows, Jaccard ≥ {}\n",
            config.shingle,
            config.num_perm,
            config.scheme,
            config.seed,
            banding.bands,
            banding.rows,
            config.threshold
        )?;
        for (representative, members) in clusters {
            writeln!(stdout, "keep {}", ids[*representative])?;
            for (index, relation, jaccard) in members {
                writeln!(stdout, "  drop {} ({relation}, Jaccard {jaccard:.2})", ids[*index])?;
            }
        }
        Ok(())
    }

    /// Writes the ids of the kept documents, one per line.
    pub(crate) fn write_keep_list(&self, path: &std::path::Path, ids: &[String]) -> Result<()> {
        let mut out = String::new();
        for &index in &self.kept {
            out.push_str(&ids[index]);
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// Writes candidate pairs (indexes into `ids`, sorted) as `id id jaccard` lines.
pub(crate) fn write_pairs(
    path: &std::path::Path,
    ids: &[String],
    pairs: impl Iterator<Item = (usize, usize, f64)>,
) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = std::io::BufWriter::new(file);
    for (a, b, jaccard) in pairs {
        writeln!(out, "{}\t{}\t{jaccard}", ids[a], ids[b])?;
    }
    out.flush().with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// One pair to score.
struct Pair {
    id: Option<String>,
    a: String,
    b: String,
    label: Option<bool>,
}

/// Reads pairs from JSON Lines (`a`, `b`, optional `id`, optional `label`) or TSV.
fn read_pairs(path: &std::path::Path) -> Result<(Vec<Pair>, Vec<String>)> {
    let reader: Box<dyn std::io::BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let tsv = path.extension().is_some_and(|extension| extension == "tsv");
    let name = path.display().to_string();
    let (mut pairs, mut problems) = (Vec::new(), Vec::new());
    for (number, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read {name}"))?;
        let number = number + 1;
        if line.trim().is_empty() {
            continue;
        }
        if tsv {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                [label, id1, id2, a, b] => {
                    if number == 1 && label.parse::<u8>().is_err() {
                        continue; // MRPC's header
                    }
                    pairs.push(Pair {
                        id: Some(format!("{id1}-{id2}")),
                        a: (*a).to_owned(),
                        b: (*b).to_owned(),
                        label: Some(*label == "1"),
                    });
                }
                [a, b] => pairs.push(Pair {
                    id: None,
                    a: (*a).to_owned(),
                    b: (*b).to_owned(),
                    label: None,
                }),
                _ => problems.push(format!(
                    "{name}:{number}: expected 2 or 5 tab-separated fields, found {}",
                    fields.len()
                )),
            }
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(value) => match (value["a"].as_str(), value["b"].as_str()) {
                (Some(a), Some(b)) => pairs.push(Pair {
                    id: value["id"]
                        .as_str()
                        .map(str::to_owned)
                        .or_else(|| value["id"].as_i64().map(|id| id.to_string())),
                    a: a.to_owned(),
                    b: b.to_owned(),
                    label: value["label"].as_bool(),
                }),
                _ => problems.push(format!("{name}:{number}: needs string fields \"a\" and \"b\"")),
            },
            Err(error) => problems.push(format!("{name}:{number}: not JSON: {error}")),
        }
    }
    Ok((pairs, problems))
}

/// Lexical and semantic scores of two texts, and the relation they suggest.
pub(crate) struct PairScores {
    pub(crate) jaccard: f64,
    pub(crate) containment: f64,
    /// Share of `a`'s word 3-grams found in `b`.
    pub(crate) a_in_b: f64,
    /// Share of `b`'s word 3-grams found in `a`.
    pub(crate) b_in_a: f64,
    /// Share of the smaller word set found in the other.
    pub(crate) word_containment: f64,
    pub(crate) word_dice: f64,
    pub(crate) semantic: Option<f64>,
}

/// How much of one text is reused in the other, from copy to independent writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Reuse {
    /// One text (or a passage of it) is copied in the other nearly word for word.
    Verbatim,
    /// Copied with light edits: most word sequences kept.
    LightRevision,
    /// Rewritten from the other: some word sequences kept, most words shared.
    HeavyRevision,
    /// Written independently (it may still tell the same thing).
    Independent,
}

impl Reuse {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Reuse::Verbatim => "verbatim",
            Reuse::LightRevision => "light-revision",
            Reuse::HeavyRevision => "heavy-revision",
            Reuse::Independent => "independent",
        }
    }
}

/// 3-gram containment (of the better-contained side) from which a pair is a verbatim copy, a
/// light revision and a heavy revision; see BENCHMARKS.md ("Graded reuse").
const VERBATIM_FROM: f64 = 0.9;
const LIGHT_FROM: f64 = 0.5;
const HEAVY_FROM: f64 = 0.2;
/// A heavy revision may keep few 3-grams when it keeps most words.
const HEAVY_WORDS_FROM: f64 = 0.7;
const HEAVY_WORDS_WITH_3GRAMS: f64 = 0.08;

impl PairScores {
    /// The reuse grade of the pair.
    pub(crate) fn reuse(&self) -> Reuse {
        let contained = self.a_in_b.max(self.b_in_a);
        if contained >= VERBATIM_FROM {
            Reuse::Verbatim
        } else if contained >= LIGHT_FROM {
            Reuse::LightRevision
        } else if contained >= HEAVY_FROM
            || (self.word_containment >= HEAVY_WORDS_FROM && contained >= HEAVY_WORDS_WITH_3GRAMS)
        {
            Reuse::HeavyRevision
        } else {
            Reuse::Independent
        }
    }
}

/// Scores two short texts.
pub(crate) fn score_pair(a: &str, b: &str, vectors: Option<(&[f32], &[f32])>) -> PairScores {
    use parallax_core::dedup::{shingle_hashes, sorted_intersection};
    let set = |text: &str, k: usize| {
        let mut hashes = shingle_hashes(text, k);
        hashes.sort_unstable();
        hashes.dedup();
        hashes
    };
    let (sa, sb) = (set(a, 3), set(b, 3));
    let shared = sorted_intersection(&sa, &sb);
    let union = sa.len() + sb.len() - shared;
    let (wa, wb) = (set(a, 1), set(b, 1));
    let shared_words = sorted_intersection(&wa, &wb);
    let share = |part: usize, of: usize| if of == 0 { 0.0 } else { part as f64 / of as f64 };
    PairScores {
        jaccard: if union == 0 { 0.0 } else { shared as f64 / union as f64 },
        a_in_b: share(shared, sa.len()),
        b_in_a: share(shared, sb.len()),
        word_containment: share(shared_words, wa.len().min(wb.len())),
        containment: if sa.is_empty() || sb.is_empty() {
            0.0
        } else {
            shared as f64 / sa.len().min(sb.len()) as f64
        },
        word_dice: if wa.is_empty() && wb.is_empty() {
            0.0
        } else {
            2.0 * shared_words as f64 / (wa.len() + wb.len()) as f64
        },
        semantic: vectors.map(|(u, v)| f64::from(cosine(u, v))),
    }
}

/// The paraphrase threshold on the mean of the embedding cosine and the word Dice coefficient,
/// chosen on MRPC train by 10-fold cross-validation (`parallax eval paraphrase`, BENCHMARKS.md).
pub(crate) const PARAPHRASE_COMBINED: f64 = 0.60;
/// The same for the word Dice coefficient alone, used without a model.
pub(crate) const PARAPHRASE_LEXICAL: f64 = 0.54;
/// The same for the *adapted* model's cosine alone (the built-in paraphrase adapter; averaging
/// it with Dice does worse), chosen on adapters fitted without each fold (`parallax eval
/// paraphrase --adapter-folds`: 0.509).
pub(crate) const PARAPHRASE_ADAPTED: f64 = 0.51;

impl PairScores {
    /// The score the paraphrase decision is made on.
    pub(crate) fn paraphrase_score(&self) -> f64 {
        self.semantic.map_or(self.word_dice, |semantic| (semantic + self.word_dice) / 2.0)
    }

    /// The score the decision is made on for vectors from the base model (`Some(false)`), the
    /// adapted model (`Some(true)`, its cosine alone) or none.
    fn paraphrase_score_for(&self, adapted: Option<bool>) -> f64 {
        match (adapted, self.semantic) {
            (Some(true), Some(semantic)) => semantic,
            _ => self.paraphrase_score(),
        }
    }
}

/// The paraphrase threshold for scores made without a model, with the base model, or with an
/// adapter merged in.
fn paraphrase_threshold(model: Option<bool>) -> f64 {
    match model {
        None => PARAPHRASE_LEXICAL,
        Some(false) => PARAPHRASE_COMBINED,
        Some(true) => PARAPHRASE_ADAPTED,
    }
}

fn relation(scores: &PairScores, a: &str, b: &str, adapted: Option<bool>) -> &'static str {
    if exact_key(a) == exact_key(b) {
        "duplicate"
    } else if scores.jaccard >= 0.8 {
        "near-duplicate"
    } else if scores.a_in_b.max(scores.b_in_a) >= VERBATIM_FROM {
        // A passage of one copied into the other: neither a paraphrase nor different.
        "copied-passage"
    } else if scores.paraphrase_score_for(adapted) >= paraphrase_threshold(adapted) {
        "paraphrase"
    } else {
        "different"
    }
}

/// `parallax similar`.
pub(crate) fn similar(args: SimilarArgs, quiet: bool) -> Result<ExitCode> {
    let (pairs, problems) = read_pairs(&args.pairs)?;
    let model = crate::model::load_adapted(&args.model, quiet)?;
    let adapted = model.as_ref().map(|(_, adapted)| *adapted);
    let mut table = parallax_core::embed::Embeddings::new();
    if let Some((model, _)) = &model {
        let texts: Vec<&str> =
            pairs.iter().flat_map(|pair| [pair.a.as_str(), pair.b.as_str()]).collect();
        table
            .add(model as &dyn SentenceEncoder, &texts, 256)
            .context("the sentence model failed")?;
    }
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for (index, pair) in pairs.iter().enumerate() {
        let vectors = table.get(&pair.a).zip(table.get(&pair.b));
        let scores = score_pair(&pair.a, &pair.b, vectors);
        let line = json!({
            "id": pair.id.clone().unwrap_or_else(|| (index + 1).to_string()),
            "lexical": {"jaccard_3gram": round(scores.jaccard), "containment_3gram": round(scores.containment), "word_dice": round(scores.word_dice)},
            "semantic": scores.semantic.map(round),
            "paraphrase_score": round(scores.paraphrase_score_for(adapted)),
            "relation": relation(&scores, &pair.a, &pair.b, adapted),
            "reuse": {
                "grade": scores.reuse().as_str(),
                "a_in_b": round(scores.a_in_b),
                "b_in_a": round(scores.b_in_a),
                "word_containment": round(scores.word_containment),
            },
            "label": pair.label,
        });
        serde_json::to_writer(&mut stdout, &line)?;
        writeln!(stdout)?;
    }
    stdout.flush()?;
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}
