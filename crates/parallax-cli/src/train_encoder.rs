//! `parallax train encoder`: fits the paraphrase adapter on MRPC train, and the per-fold fits
//! behind `parallax eval paraphrase --adapter-folds`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use parallax_embed::MiniLm;
use parallax_embed::tune::{Adapter, Pair, TrainConfig, Trained, train_pairs};
use parallax_eval::{MRPC_DIR, MrpcPair, load_mrpc};

use crate::args::ModelArgs;

#[derive(Debug, Args)]
pub(crate) struct TrainEncoderArgs {
    /// The data folder holding `mrpc/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Where to write the adapter (safetensors).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// Hold out the MRPC pairs whose index modulo 10 is this one, report the loss on them
    /// after each epoch and keep the best epoch (by default every pair trains and the last
    /// epoch is kept).
    #[arg(long, value_name = "FOLD")]
    pub(crate) validation_fold: Option<usize>,
    /// Passes over the training pairs.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    pub(crate) epochs: usize,
    /// Seeds the initialisation and the batch order.
    #[arg(long, default_value_t = 42)]
    pub(crate) seed: u64,
    /// Stop after this many steps (a quick check of the machinery; the schedule still spans
    /// every epoch).
    #[arg(long, value_name = "N")]
    pub(crate) max_steps: Option<usize>,
    #[command(flatten)]
    pub(crate) model: ModelArgs,
}

fn pair(mrpc: &MrpcPair) -> Pair {
    Pair { a: mrpc.s1.clone(), b: mrpc.s2.clone(), label: if mrpc.paraphrase { 1.0 } else { 0.0 } }
}

/// MRPC's pairs split by fold: `(training, held out)`.
pub(crate) fn split(pairs: &[MrpcPair], fold: usize, folds: usize) -> (Vec<Pair>, Vec<Pair>) {
    let mut training = Vec::new();
    let mut held = Vec::new();
    for (index, mrpc) in pairs.iter().enumerate() {
        if index % folds == fold { &mut held } else { &mut training }.push(pair(mrpc));
    }
    (training, held)
}

/// Fits an adapter with a progress bar.
pub(crate) fn fit(
    model: &MiniLm,
    training: &[Pair],
    validation: &[Pair],
    config: &TrainConfig,
    label: &'static str,
    quiet: bool,
) -> Result<Trained> {
    let bar = crate::inputs::progress_bar(0, label, quiet);
    let trained = train_pairs(model, training, validation, config, &|step, total, _loss| {
        bar.set_length(total as u64);
        bar.set_position(step as u64);
    })
    .context("fitting the adapter")?;
    bar.finish_and_clear();
    Ok(trained)
}

pub(crate) fn load_pairs(data: &Path) -> Result<Vec<MrpcPair>> {
    load_mrpc(&data.join(MRPC_DIR))
        .with_context(|| format!("cannot read MRPC under {}", data.display()))
}

/// `parallax train encoder`.
pub(crate) fn train_encoder(args: &TrainEncoderArgs, quiet: bool) -> Result<ExitCode> {
    let pairs = load_pairs(&args.data)?;
    let model = crate::model::load_base(&args.model, 64, quiet)?;
    let (training, validation) = match args.validation_fold {
        Some(fold) => split(&pairs, fold, 10),
        None => (pairs.iter().map(pair).collect(), Vec::new()),
    };
    let config = TrainConfig {
        epochs: args.epochs,
        seed: args.seed,
        max_steps: args.max_steps,
        ..TrainConfig::default()
    };
    let started = std::time::Instant::now();
    let trained = fit(&model, &training, &validation, &config, "training", quiet)?;
    let seconds = started.elapsed().as_secs_f64();
    trained
        .adapter
        .save(&args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    for epoch in &trained.epochs {
        eprintln!(
            "epoch {}: {} steps, training loss {:.4}, validation loss {}",
            epoch.epoch,
            epoch.steps,
            epoch.loss,
            epoch.validation_loss.map_or("-".to_owned(), |loss| format!("{loss:.4}"))
        );
    }
    eprintln!(
        "kept epoch {} of {}; {:.0} s ({:.1} pairs/s); wrote {}",
        trained.chosen_epoch,
        trained.epochs.len(),
        seconds,
        trained.epochs.last().map_or(0, |epoch| epoch.steps) as f64 * config.batch_pairs as f64
            / seconds,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// MRPC cosines from the adapter of each pair's fold, fitted on the other nine folds (10 fits,
/// cached under `dir` as `fold-K.safetensors`): every score is held out.
pub(crate) fn held_out_cosines(
    model: &MiniLm,
    pairs: &[MrpcPair],
    dir: &Path,
    quiet: bool,
) -> Result<Vec<f64>> {
    use parallax_core::embed::SentenceEncoder as _;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let folds = 10;
    let mut cosines = vec![0.0; pairs.len()];
    for fold in 0..folds {
        let path = dir.join(format!("fold-{fold}.safetensors"));
        let adapter = match std::fs::read(&path) {
            Ok(bytes) => Adapter::from_bytes(&bytes)
                .with_context(|| format!("cannot read {}", path.display()))?,
            Err(_) => {
                let (training, _) = split(pairs, fold, folds);
                let config = TrainConfig::default();
                if !quiet {
                    eprintln!("fitting the adapter of fold {fold} on {} pairs", training.len());
                }
                let trained = fit(model, &training, &[], &config, "fold", quiet)?;
                trained
                    .adapter
                    .save(&path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                trained.adapter
            }
        };
        let adapted = model.with_adapter(&adapter)?;
        let held: Vec<usize> = (fold..pairs.len()).step_by(folds).collect();
        let texts: Vec<&str> = held
            .iter()
            .flat_map(|&index| [pairs[index].s1.as_str(), pairs[index].s2.as_str()])
            .collect();
        let vectors = adapted.encode(&texts).context("the adapted model failed")?;
        for (slot, &index) in held.iter().enumerate() {
            let (u, v) = (&vectors[2 * slot], &vectors[2 * slot + 1]);
            cosines[index] = f64::from(parallax_core::embed::cosine(u, v));
        }
    }
    Ok(cosines)
}
