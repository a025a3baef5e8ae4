//! `parallax train pagetype` and `parallax eval pagetype`: the page-type models (article,
//! listing, collection, forum, product, service, documentation), fitted on WCXB's labelled dev
//! pages (`wcxb-dev/` articles and `wcxb-dev-other/`), and their cross-validated accuracy.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::Args;
use parallax_core::clean::page_type::{
    ARTICLE_THRESHOLD, FEATURE_COUNT, PageTypeModel, TYPES, page_features,
};
use parallax_core::learn::Logistic;
use parallax_core::model::PageType;
use rayon::prelude::*;

/// Arguments of `parallax train pagetype`.
#[derive(Debug, Args)]
pub(crate) struct TrainPageTypeArgs {
    /// The data folder holding `wcxb-dev/` and `wcxb-dev-other/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Where to write `page_types.txt`.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = 1.0)]
    pub(crate) l2: f64,
}

/// Arguments of `parallax eval pagetype`.
#[derive(Debug, Args)]
pub(crate) struct EvalPageTypeArgs {
    /// The data folder holding `wcxb-dev/` and `wcxb-dev-other/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Cross-validation folds (pages of one site share a fold).
    #[arg(long, default_value_t = 10)]
    pub(crate) folds: usize,
    /// L2 penalty on the weights.
    #[arg(long, default_value_t = 1.0)]
    pub(crate) l2: f64,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// List the pages the cross-validated models get wrong.
    #[arg(long)]
    pub(crate) errors: bool,
    /// Also write every page's features as CSV (id, site, gold type, then the features).
    #[arg(long, value_name = "FILE")]
    pub(crate) features_csv: Option<PathBuf>,
}

/// One labelled page: its id, site, gold type and features.
struct Labelled {
    id: String,
    site: String,
    url: String,
    gold: PageType,
    features: [f64; FEATURE_COUNT],
}

fn labelled_pages(data: &Path, quiet: bool) -> Result<Vec<Labelled>> {
    let mut datasets = vec![parallax_eval::load_wcxb(data).with_context(|| {
        format!("cannot load wcxb-dev from `{}`\nhint: pass `--data DIR`", data.display())
    })?];
    datasets.push(
        parallax_eval::load_wcxb_other(data)
            .with_context(|| format!("cannot load wcxb-dev-other from `{}`", data.display()))?,
    );
    let pages: Vec<&parallax_eval::Page> =
        datasets.iter().flat_map(|dataset| &dataset.pages).collect();
    let progress = crate::inputs::progress_bar(pages.len() as u64, "pages", quiet);
    let mut out: Vec<Labelled> = pages
        .par_iter()
        .map(|page| {
            let name = page.page_type.as_deref().unwrap_or("article");
            let gold = PageType::parse(name)
                .with_context(|| format!("page {}: unknown page type `{name}`", page.id))?;
            let features = page_features(&page.html, page.url.as_deref());
            progress.inc(1);
            let url = page.url.clone().unwrap_or_default();
            Ok(Labelled { id: page.id.clone(), site: site_of(&url), url, gold, features })
        })
        .collect::<Result<_>>()?;
    progress.finish_and_clear();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// The host of a URL without `www.`, lower-cased (empty when there is none).
fn site_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_owned).unwrap_or(host)
}

/// The fold of a site (FNV-1a of its name), so that pages of one site are never on both sides.
fn fold_of(site: &str, folds: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in site.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % folds.max(1) as u64) as usize
}

/// Fits one model per type (one against the rest).
fn fit(pages: &[&Labelled], l2: f64) -> PageTypeModel {
    let models = TYPES
        .iter()
        .map(|page_type| {
            let rows: Vec<([f64; FEATURE_COUNT], bool)> =
                pages.iter().map(|page| (page.features, page.gold == *page_type)).collect();
            Logistic::fit(&rows, l2)
        })
        .collect();
    PageTypeModel { models }
}

pub(crate) fn train_pagetype(args: &TrainPageTypeArgs, quiet: bool) -> Result<ExitCode> {
    let pages = labelled_pages(&args.data, quiet)?;
    let model = fit(&pages.iter().collect::<Vec<_>>(), args.l2);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create `{}`", args.out.display()))?;
    let path = args.out.join("page_types.txt");
    std::fs::write(&path, model.to_text())
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    if !quiet {
        eprintln!("fitted on {} pages; wrote {}", pages.len(), path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Accuracy figures of decisions against gold types.
struct Figures {
    accuracy: f64,
    article_recall: f64,
    article_precision: f64,
    type_accuracy: f64,
}

fn figures(pairs: &[(PageType, PageType)]) -> Figures {
    let count = |f: &dyn Fn(&(PageType, PageType)) -> bool| pairs.iter().filter(|p| f(p)).count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let article = |t: PageType| t == PageType::Article;
    Figures {
        accuracy: ratio(count(&|(gold, ours)| article(*gold) == article(*ours)), pairs.len()),
        article_recall: ratio(
            count(&|(gold, ours)| article(*gold) && article(*ours)),
            count(&|(gold, _)| article(*gold)),
        ),
        article_precision: ratio(
            count(&|(gold, ours)| article(*gold) && article(*ours)),
            count(&|(_, ours)| article(*ours)),
        ),
        type_accuracy: ratio(count(&|(gold, ours)| gold == ours), pairs.len()),
    }
}

pub(crate) fn eval_pagetype(args: &EvalPageTypeArgs, quiet: bool) -> Result<ExitCode> {
    if args.folds < 2 {
        bail!("--folds must be at least 2");
    }
    let pages = labelled_pages(&args.data, quiet)?;
    if let Some(path) = &args.features_csv {
        let mut csv =
            format!("id,site,gold,{}\n", parallax_core::clean::page_type::FEATURES.join(","));
        for page in &pages {
            let values: Vec<String> = page.features.iter().map(f64::to_string).collect();
            csv.push_str(&format!(
                "{},{},{},{}\n",
                page.id,
                page.site,
                page.gold.as_str(),
                values.join(",")
            ));
        }
        std::fs::write(path, csv).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    // Each page's probabilities from the models fitted without its fold.
    let mut probabilities: Vec<Vec<f64>> = vec![Vec::new(); pages.len()];
    let mut models: Vec<PageTypeModel> = Vec::new();
    for fold in 0..args.folds {
        let train: Vec<&Labelled> =
            pages.iter().filter(|page| fold_of(&page.site, args.folds) != fold).collect();
        let model = fit(&train, args.l2);
        for (index, page) in pages.iter().enumerate() {
            if fold_of(&page.site, args.folds) == fold {
                probabilities[index] = model.probabilities(&page.features);
            }
        }
        models.push(model);
    }
    let decide = |probabilities: &[f64], threshold: f64| -> PageType {
        if probabilities[0] >= threshold {
            return PageType::Article;
        }
        let best = (1..TYPES.len())
            .max_by(|&a, &b| probabilities[a].total_cmp(&probabilities[b]).then(b.cmp(&a)))
            .unwrap_or(0);
        TYPES[best]
    };
    let sweep: Vec<(f64, Figures)> = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]
        .into_iter()
        .map(|threshold| {
            let pairs: Vec<(PageType, PageType)> = pages
                .iter()
                .zip(&probabilities)
                .map(|(page, p)| (page.gold, decide(p, threshold)))
                .collect();
            (threshold, figures(&pairs))
        })
        .collect();
    let chosen: Vec<(PageType, PageType)> = pages
        .iter()
        .zip(&probabilities)
        .map(|(page, p)| (page.gold, decide(p, ARTICLE_THRESHOLD)))
        .collect();
    let shipped = figures(&chosen);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        let rows: Vec<serde_json::Value> = sweep
            .iter()
            .map(|(threshold, f)| {
                serde_json::json!({"threshold": threshold, "accuracy": f.accuracy,
                    "article_recall": f.article_recall, "article_precision": f.article_precision,
                    "type_accuracy": f.type_accuracy})
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({
                "schema": "parallax.eval-pagetype/v1",
                "pages": pages.len(),
                "folds": args.folds,
                "threshold": ARTICLE_THRESHOLD,
                "accuracy": shipped.accuracy,
                "article_recall": shipped.article_recall,
                "article_precision": shipped.article_precision,
                "type_accuracy": shipped.type_accuracy,
                "sweep": rows,
            }),
        )?;
        writeln!(stdout)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        stdout,
        "page types on WCXB dev ({} pages), {}-fold cross-validation by site",
        pages.len(),
        args.folds
    )?;
    writeln!(
        stdout,
        "  article vs not   accuracy {:.3}   article recall {:.3}   article precision {:.3}   (threshold {ARTICLE_THRESHOLD})",
        shipped.accuracy, shipped.article_recall, shipped.article_precision
    )?;
    writeln!(stdout, "  all seven types  accuracy {:.3}", shipped.type_accuracy)?;
    writeln!(stdout, "  threshold sweep (article probability):")?;
    for (threshold, f) in &sweep {
        writeln!(
            stdout,
            "    {threshold:<5} accuracy {:.3}  article recall {:.3}  precision {:.3}  types {:.3}",
            f.accuracy, f.article_recall, f.article_precision, f.type_accuracy
        )?;
    }
    writeln!(stdout, "  confusion (rows gold, columns decided):")?;
    let names: Vec<&str> = TYPES.iter().map(|t| &t.as_str()[..4]).collect();
    writeln!(
        stdout,
        "    {:<14} {}",
        "",
        names.iter().map(|n| format!("{n:>5}")).collect::<String>()
    )?;
    for gold in TYPES {
        let row: String = TYPES
            .iter()
            .map(|ours| {
                format!("{:>5}", chosen.iter().filter(|(g, o)| *g == gold && o == ours).count())
            })
            .collect();
        writeln!(stdout, "    {:<14} {row}", gold.as_str())?;
    }
    if args.errors {
        for (page, (gold, ours)) in pages.iter().zip(&chosen) {
            if (*gold == PageType::Article) != (*ours == PageType::Article) {
                writeln!(
                    stdout,
                    "  {} gold {} decided {}  {}",
                    page.id,
                    gold.as_str(),
                    ours.as_str(),
                    page.url
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
