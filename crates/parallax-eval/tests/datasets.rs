//! End-to-end checks against the shared data sets.
//!
//! The data lives outside the repository (`../shared/data` next to the checkout, or
//! `$PARALLAX_DATA_DIR`). Without it every test here prints a note and passes, so a
//! plain clone still builds and tests green; with it, the assertions are real.

use std::collections::BTreeMap;
use std::path::PathBuf;

use parallax_eval::{
    Dataset, DatasetKind, DatasetScores, Extractor, ThroughputConfig, check_published_outputs,
    load_article_extraction, load_wcxb, measure_throughput, run, score,
};

/// The shared data folder, or `None` (after printing why) when it is absent.
fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("PARALLAX_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.join("article-extraction").is_dir() && dir.join("wcxb-dev").is_dir() {
        Some(dir)
    } else {
        eprintln!("note: shared data not found at `{}`; skipping", dir.display());
        None
    }
}

/// Looks the page up by its HTML and returns the reference text: a perfect extractor.
struct GoldLookup {
    gold_by_html: BTreeMap<String, String>,
}

impl GoldLookup {
    fn new(dataset: &Dataset) -> GoldLookup {
        let gold_by_html =
            dataset.pages.iter().map(|page| (page.html.clone(), page.gold.text.clone())).collect();
        GoldLookup { gold_by_html }
    }
}

impl Extractor for GoldLookup {
    fn name(&self) -> &str {
        "gold-lookup"
    }

    fn extract(&self, html: &str, _url: Option<&str>) -> String {
        self.gold_by_html.get(html).cloned().unwrap_or_default()
    }
}

/// Returns every page's whole HTML as its text.
struct WholeHtml;

impl Extractor for WholeHtml {
    fn name(&self) -> &str {
        "whole-html"
    }

    fn extract(&self, html: &str, _url: Option<&str>) -> String {
        html.to_owned()
    }
}

#[test]
fn our_scorer_reproduces_published_article_extraction_scores() {
    let Some(data_dir) = data_dir() else { return };
    let dataset = load_article_extraction(&data_dir).unwrap();
    let checks = check_published_outputs(&dataset, &data_dir).unwrap();
    assert_eq!(checks.len(), 11, "expected the 11 published system outputs");
    let mut failures = Vec::new();
    for check in &checks {
        let published = check.published.expect("every shipped output has a published row");
        eprintln!(
            "{:<20} ours F1 {:.6} P {:.6} R {:.6} acc {:.6} | published F1 {:.3} P {:.3} R {:.3} acc {:.3}",
            check.system,
            check.ours.f1,
            check.ours.precision,
            check.ours.recall,
            check.ours.accuracy,
            published.f1,
            published.precision.unwrap_or(f64::NAN),
            published.recall.unwrap_or(f64::NAN),
            published.accuracy.unwrap_or(f64::NAN),
        );
        assert_eq!(check.ours.missing, 0, "{} lacks predictions", check.system);
        if !check.reproduces() {
            failures.push(check.system.clone());
        }
    }
    assert!(failures.is_empty(), "not reproduced to 3 decimals: {failures:?}");
}

#[test]
fn article_extraction_loads_and_gold_scores_perfectly() {
    let Some(data_dir) = data_dir() else { return };
    let dataset = load_article_extraction(&data_dir).unwrap();
    assert_eq!(dataset.kind, DatasetKind::ArticleExtraction);
    assert_eq!(dataset.pages.len(), 181);
    assert!(dataset.pages.iter().all(|page| page.url.is_some() && !page.html.is_empty()));

    let report = run(&dataset, &GoldLookup::new(&dataset), 2).unwrap();
    let DatasetScores::ArticleExtraction(scores) = report.scores else { panic!("wrong metric") };
    assert_eq!((scores.f1, scores.precision, scores.recall, scores.accuracy), (1.0, 1.0, 1.0, 1.0));
    assert_eq!(report.pages.len(), 181);
    assert!(report.pages.iter().all(|page| !page.panicked));
}

#[test]
fn whole_html_scores_like_a_poor_extractor() {
    let Some(data_dir) = data_dir() else { return };
    let dataset = load_article_extraction(&data_dir).unwrap();
    let report = run(&dataset, &WholeHtml, 0).unwrap();
    // Raw HTML keeps most of the article's shingles but buries them in markup.
    assert!(report.scores.recall() > 0.8, "{:?}", report.scores);
    assert!(report.scores.precision() < 0.3, "{:?}", report.scores);
    // Scoring the run's own outputs again gives the same numbers.
    assert_eq!(score(&dataset, &report.predictions()), report.scores);
}

#[test]
fn wcxb_loads_and_gold_scores_perfectly() {
    let Some(data_dir) = data_dir() else { return };
    let dataset = load_wcxb(&data_dir).unwrap();
    assert_eq!(dataset.kind, DatasetKind::Wcxb);
    assert_eq!(dataset.pages.len(), 711);
    let snippets: usize = dataset.pages.iter().map(|page| page.gold.with.len()).sum();
    assert_eq!(snippets, 3171);
    let snippets: usize = dataset.pages.iter().map(|page| page.gold.without.len()).sum();
    assert_eq!(snippets, 2787);

    let DatasetScores::Wcxb(scores) = score(&dataset, &dataset.gold_predictions()) else {
        panic!("wrong metric")
    };
    assert_eq!((scores.f1, scores.precision, scores.recall), (1.0, 1.0, 1.0));
    assert_eq!(scores.missing, 0);
    eprintln!("wcxb gold: with {:.3} without {:.3}", scores.with_rate, scores.without_rate);
    assert!(scores.with_rate > 0.9);

    let DatasetScores::Wcxb(empty) = score(&dataset, &BTreeMap::new()) else {
        panic!("wrong metric")
    };
    // Only the two pages with an empty reference score 1 against an empty prediction.
    assert!((empty.f1 - 2.0 / 711.0).abs() < 1e-12, "{empty:?}");
    assert_eq!(empty.missing, 711);
}

#[test]
fn throughput_counts_every_page_of_every_pass() {
    let Some(data_dir) = data_dir() else { return };
    let dataset = load_article_extraction(&data_dir).unwrap();
    let config = ThroughputConfig { passes: 2, threads: 2, warmup_passes: 0 };
    let throughput = measure_throughput(&dataset.pages, &WholeHtml, &config).unwrap();
    assert_eq!(throughput.pages, 181);
    assert_eq!(throughput.single_thread.pages, 362);
    assert_eq!(throughput.parallel.threads, 2);
    assert!(throughput.parallel.pages_per_second > 0.0);
}
