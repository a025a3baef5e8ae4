//! `parallax eval paraphrase` and `parallax bench dedup|embed`: duplicates and paraphrases on the
//! evaluation data, next to published figures.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use parallax_core::dedup::LshIndex;
use parallax_core::embed::{Embeddings, SentenceEncoder};
use parallax_eval::{
    MRPC_DIR, NEWS_CORPUS_DIR, NEWS_CORPUS_FILE, Objective, cross_validate_threshold, load_mrpc,
    load_news_corpus,
};
use rayon::prelude::*;
use serde_json::json;

use crate::args::{BenchDedupArgs, BenchEmbedArgs, EvalParaphraseArgs};
use crate::dedup::{config as dedup_config, params_json, score_pair};

/// Published MRPC figures (test set; ours are cross-validated on train), accuracy and F1.
const MRPC_PUBLISHED: &[(&str, f64, f64)] = &[
    ("majority class (always paraphrase)", 0.665, 0.799),
    ("Mihalcea et al. 2006, corpus + knowledge similarity", 0.703, 0.813),
    ("Socher et al. 2011, recursive autoencoder", 0.768, 0.836),
    ("InferSent (Conneau et al. 2017), embeddings + classifier", 0.762, 0.831),
];

pub(crate) fn eval_paraphrase(args: &EvalParaphraseArgs, quiet: bool) -> Result<ExitCode> {
    let pairs = load_mrpc(&args.data.join(MRPC_DIR))
        .with_context(|| format!("cannot load MRPC from `{}`", args.data.display()))?;
    // The base model: the built-in adapter was fitted on these very pairs (`--adapter-folds`
    // scores adapters fitted without each fold).
    let model = match args.model.no_model {
        true => None,
        false => Some(crate::model::load_base(&args.model, 64, quiet)?),
    };
    let mut table = Embeddings::new();
    if let Some(model) = &model {
        let spinner =
            crate::inputs::spinner(format!("embedding {} sentences", pairs.len() * 2), quiet);
        let texts: Vec<&str> =
            pairs.iter().flat_map(|pair| [pair.s1.as_str(), pair.s2.as_str()]).collect();
        table
            .add(model as &dyn SentenceEncoder, &texts, 256)
            .context("the sentence model failed")?;
        spinner.finish_and_clear();
    }
    let labels: Vec<bool> = pairs.iter().map(|pair| pair.paraphrase).collect();
    let mut results = Vec::new();
    let lexical: Vec<f64> =
        pairs.iter().map(|pair| score_pair(&pair.s1, &pair.s2, None).word_dice).collect();
    results.push((
        "lexical: content-word Dice (--no-model)",
        cross_validate_threshold(&lexical, &labels, 10, Objective::Accuracy),
    ));
    if model.is_some() {
        let semantic: Vec<f64> = pairs
            .iter()
            .map(|pair| {
                let vectors = table.get(&pair.s1).zip(table.get(&pair.s2));
                score_pair(&pair.s1, &pair.s2, vectors).semantic.unwrap_or(0.0)
            })
            .collect();
        results.push((
            "semantic: all-MiniLM-L6-v2 cosine",
            cross_validate_threshold(&semantic, &labels, 10, Objective::Accuracy),
        ));
        let combined: Vec<f64> =
            semantic.iter().zip(&lexical).map(|(s, l)| (s + l) / 2.0).collect();
        results.push((
            "combined: mean of cosine and Dice (parallax similar)",
            cross_validate_threshold(&combined, &labels, 10, Objective::Accuracy),
        ));
    }
    if let (Some(model), true) = (&model, args.adapter_folds) {
        let adapted = crate::train_encoder::held_out_cosines(model, &pairs, &args.adapters, quiet)?;
        results.push((
            "adapted: MiniLM + paraphrase adapter cosine, per fold",
            cross_validate_threshold(&adapted, &labels, 10, Objective::Accuracy),
        ));
        let combined: Vec<f64> = adapted.iter().zip(&lexical).map(|(s, l)| (s + l) / 2.0).collect();
        results.push((
            "adapted combined: mean of adapted cosine and Dice",
            cross_validate_threshold(&combined, &labels, 10, Objective::Accuracy),
        ));
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let value = json!({
            "dataset": "mrpc train", "pairs": pairs.len(), "folds": 10,
            "results": results.iter().map(|(name, cv)| json!({"score": name, "cv": cv})).collect::<Vec<_>>(),
            "published_test": MRPC_PUBLISHED.iter().map(|(name, accuracy, f1)| json!({"system": name, "accuracy": accuracy, "f1": f1})).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "MRPC train, {} pairs, threshold chosen by 10-fold cross-validation (accuracy)\n",
            pairs.len()
        )?;
        writeln!(
            stdout,
            "{:<58} {:>9} {:>6} {:>6} {:>6} {:>6}",
            "score", "threshold", "acc", "P", "R", "F1"
        )?;
        for (name, cv) in &results {
            writeln!(
                stdout,
                "{name:<58} {:>9.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
                cv.threshold, cv.accuracy, cv.precision, cv.recall, cv.f1
            )?;
        }
        writeln!(stdout, "\npublished (MRPC test set)")?;
        for (name, accuracy, f1) in MRPC_PUBLISHED {
            writeln!(stdout, "{name:<58} {:>9} {accuracy:>6.3} {:>6} {:>6} {f1:>6.3}", "", "", "")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn bench_dedup(args: &BenchDedupArgs, _quiet: bool) -> Result<ExitCode> {
    let config = dedup_config(&args.params);
    let news =
        load_news_corpus(&args.data.join(NEWS_CORPUS_DIR).join(NEWS_CORPUS_FILE), args.limit)
            .context("cannot load the news corpus")?;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(args.threads.max(1)).build()?;
    let hasher = parallax_core::dedup::MinHasher::new(
        config.shingle,
        config.num_perm,
        config.seed,
        config.scheme,
    );
    let start = Instant::now();
    let shingles: Vec<Vec<u32>> = pool.install(|| {
        news.par_iter()
            .map(|article| {
                let mut hashes =
                    parallax_core::dedup::shingle_hashes(&article.text, config.shingle);
                hashes.sort_unstable();
                hashes.dedup();
                hashes
            })
            .collect()
    });
    let shingled = start.elapsed().as_secs_f64();
    let signatures: Vec<_> = pool
        .install(|| shingles.par_iter().map(|hashes| hasher.signature_of_hashes(hashes)).collect());
    let signed = start.elapsed().as_secs_f64();
    let mut index = LshIndex::new(config.banding());
    for signature in signatures {
        index.insert(signature);
    }
    let pairs = index.candidate_pairs();
    let total = start.elapsed().as_secs_f64();
    let mut named: Vec<(String, String)> = pairs
        .iter()
        .map(|&(a, b)| {
            let (x, y) = (&news[a as usize].id, &news[b as usize].id);
            if x <= y { (x.clone(), y.clone()) } else { (y.clone(), x.clone()) }
        })
        .collect();
    named.sort();
    let above = pairs
        .iter()
        .filter(|&&(a, b)| {
            parallax_core::dedup::sorted_jaccard(&shingles[a as usize], &shingles[b as usize])
                >= config.threshold
        })
        .count();
    if let Some(path) = &args.candidates_out {
        let text: String = named.iter().map(|(a, b)| format!("{a}\t{b}\n")).collect();
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let docs = news.len() as f64;
    let value = json!({
        "tool": "parallax", "version": env!("CARGO_PKG_VERSION"), "params": params_json(&config),
        "docs": news.len(), "threads": args.threads,
        "seconds": {"shingling": shingled, "signing": signed - shingled, "lsh": total - signed, "total": total},
        "docs_per_second": docs / total,
        "candidate_pairs": pairs.len(), "candidates_at_or_above_threshold": above,
    });
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        let banding = config.banding();
        writeln!(
            stdout,
            "{} documents, {} thread(s), {}-word shingles, {} permutations, {} bands × {} rows",
            news.len(),
            args.threads,
            config.shingle,
            config.num_perm,
            banding.bands,
            banding.rows
        )?;
        writeln!(
            stdout,
            "shingling {shingled:.2} s, signing {:.2} s, LSH {:.2} s: {:.0} documents/s",
            signed - shingled,
            total - signed,
            docs / total
        )?;
        writeln!(
            stdout,
            "{} candidate pairs, {above} with exact Jaccard ≥ {}",
            pairs.len(),
            config.threshold
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn bench_embed(args: &BenchEmbedArgs, quiet: bool) -> Result<ExitCode> {
    let news =
        load_news_corpus(&args.data.join(NEWS_CORPUS_DIR).join(NEWS_CORPUS_FILE), Some(2000))
            .context("cannot load the news corpus")?;
    anyhow::ensure!(!args.model.no_model, "bench embed needs the model (drop --no-model)");
    let mut sentences: Vec<String> = Vec::new();
    'outer: for article in &news {
        let mut current = String::new();
        for span in parallax_core::text::split_sentences(&article.text) {
            let sentence = span.slice(&article.text).trim();
            if sentence.split_whitespace().count() < 5 {
                continue;
            }
            if args.tokens == 0 {
                sentences.push(sentence.to_owned());
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(sentence);
                // About 1.3 wordpieces per word in news text.
                if current.split_whitespace().count() * 13 / 10 >= args.tokens {
                    sentences.push(std::mem::take(&mut current));
                }
            }
            if sentences.len() >= args.sentences {
                break 'outer;
            }
        }
    }
    let texts: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let model = crate::model::load_with(&args.model, args.batch, quiet)?;
    let tokens: Vec<usize> = model.token_counts(&texts)?;
    let mean_tokens = tokens.iter().sum::<usize>() as f64 / tokens.len().max(1) as f64;
    model.embed(&texts[..texts.len().min(args.batch)])?;
    let start = Instant::now();
    model.embed(&texts)?;
    let seconds = start.elapsed().as_secs_f64();
    let value = json!({
        "model": "all-MiniLM-L6-v2 (candle)", "device": format!("{:?}", args.model.device),
        "sentences": texts.len(), "mean_tokens": mean_tokens, "batch": args.batch,
        "threads": rayon::current_num_threads(), "seconds": seconds,
        "sentences_per_second": texts.len() as f64 / seconds,
    });
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &value)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "{} sentences, mean {mean_tokens:.1} tokens, batch {}: {seconds:.2} s, {:.0} sentences/s",
            texts.len(),
            args.batch,
            texts.len() as f64 / seconds
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
