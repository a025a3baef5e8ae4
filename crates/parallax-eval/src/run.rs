//! Running an extractor over a data set and scoring it with that data set's metric.
//!
//! [`run`] extracts every page on a rayon pool, times each page and the whole pass,
//! and returns per-page scores plus the aggregate. [`score`] does the scoring part
//! alone for predictions made elsewhere (a peer tool, a published output).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::article_extraction::{
    ArticlePageScore, Scores, aggregate_article_extraction, score_article_extraction,
    score_article_extraction_page,
};
use crate::wcxb::{WcxbPageScore, WcxbScores, aggregate_wcxb, score_wcxb, score_wcxb_page};
use crate::{Dataset, DatasetKind, EvalError, Page, Predictions};

/// A main-text extractor under evaluation.
pub trait Extractor: Sync {
    /// A short name for reports.
    fn name(&self) -> &str;
    /// Returns the main text of `html`, fetched from `url` where known.
    fn extract(&self, html: &str, url: Option<&str>) -> String;
}

/// What an extractor returned for one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractionOutput {
    /// The extracted main text.
    pub text: String,
}

/// Aggregate scores in the metric of the data set they were computed on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DatasetScores {
    /// Article-extraction scores (shingle P/R averaged, F1 of the averages).
    ArticleExtraction(Scores),
    /// WCXB scores (token bags, macro-averaged).
    Wcxb(WcxbScores),
}

impl DatasetScores {
    /// The headline F1.
    pub fn f1(&self) -> f64 {
        match self {
            DatasetScores::ArticleExtraction(scores) => scores.f1,
            DatasetScores::Wcxb(scores) => scores.f1,
        }
    }

    /// The averaged precision.
    pub fn precision(&self) -> f64 {
        match self {
            DatasetScores::ArticleExtraction(scores) => scores.precision,
            DatasetScores::Wcxb(scores) => scores.precision,
        }
    }

    /// The averaged recall.
    pub fn recall(&self) -> f64 {
        match self {
            DatasetScores::ArticleExtraction(scores) => scores.recall,
            DatasetScores::Wcxb(scores) => scores.recall,
        }
    }

    /// Number of pages scored.
    pub fn pages(&self) -> usize {
        match self {
            DatasetScores::ArticleExtraction(scores) => scores.pages,
            DatasetScores::Wcxb(scores) => scores.pages,
        }
    }
}

/// One page's score in its data set's metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageScore {
    /// Normalised shingle counts on an article-extraction page.
    ArticleExtraction(ArticlePageScore),
    /// Token-bag and snippet scores on a WCXB page.
    Wcxb(WcxbPageScore),
}

/// One page of a [`run`].
#[derive(Debug, Clone, PartialEq)]
pub struct PageResult {
    /// The page id.
    pub id: String,
    /// What the extractor returned (empty if it panicked).
    pub output: ExtractionOutput,
    /// Wall time of this page's extraction.
    pub elapsed: Duration,
    /// Whether the extractor panicked on this page; the page is then scored as empty.
    pub panicked: bool,
    /// The page's score.
    pub score: PageScore,
}

/// The result of running one extractor over one data set.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The extractor's name.
    pub extractor: String,
    /// Which data set was run.
    pub kind: DatasetKind,
    /// Aggregate scores.
    pub scores: DatasetScores,
    /// Per-page results, in the data set's page order.
    pub pages: Vec<PageResult>,
    /// Wall time of the whole extraction pass (excluding scoring).
    pub elapsed: Duration,
    /// Threads used.
    pub threads: usize,
}

impl RunReport {
    /// Pages extracted per second of wall time.
    pub fn pages_per_second(&self) -> f64 {
        per_second(self.pages.len(), self.elapsed)
    }

    /// The outputs as predictions, e.g. to save or to score again.
    pub fn predictions(&self) -> Predictions {
        self.pages.iter().map(|page| (page.id.clone(), page.output.text.clone())).collect()
    }
}

/// Runs `extractor` over every page of `dataset` on `threads` threads (0: rayon's
/// default, one per core) and scores the outputs with the data set's metric.
///
/// A panic inside the extractor does not abort the run: that page is scored as empty
/// output and marked [`PageResult::panicked`].
pub fn run(
    dataset: &Dataset,
    extractor: &dyn Extractor,
    threads: usize,
) -> Result<RunReport, EvalError> {
    let pool = thread_pool(threads)?;
    let started = Instant::now();
    let extracted: Vec<(ExtractionOutput, Duration, bool)> = pool
        .install(|| dataset.pages.par_iter().map(|page| extract_one(extractor, page)).collect());
    let elapsed = started.elapsed();

    let pages: Vec<PageResult> = dataset
        .pages
        .iter()
        .zip(extracted)
        .map(|(page, (output, page_elapsed, panicked))| {
            let score = match dataset.kind {
                DatasetKind::ArticleExtraction => PageScore::ArticleExtraction(
                    score_article_extraction_page(&page.gold.text, &output.text),
                ),
                DatasetKind::Wcxb | DatasetKind::WcxbOther => {
                    PageScore::Wcxb(score_wcxb_page(&page.gold, &output.text))
                }
            };
            PageResult { id: page.id.clone(), output, elapsed: page_elapsed, panicked, score }
        })
        .collect();
    let scores = aggregate(dataset.kind, &pages);
    Ok(RunReport {
        extractor: extractor.name().to_owned(),
        kind: dataset.kind,
        scores,
        pages,
        elapsed,
        threads: pool.current_num_threads(),
    })
}

/// Scores predictions made elsewhere with the data set's own metric.
pub fn score(dataset: &Dataset, predictions: &Predictions) -> DatasetScores {
    match dataset.kind {
        DatasetKind::ArticleExtraction => {
            DatasetScores::ArticleExtraction(score_article_extraction(dataset, predictions))
        }
        DatasetKind::Wcxb | DatasetKind::WcxbOther => {
            DatasetScores::Wcxb(score_wcxb(dataset, predictions))
        }
    }
}

/// Builds a pool of `threads` threads (0: rayon's default).
pub(crate) fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, EvalError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| EvalError::ThreadPool { threads, source })
}

pub(crate) fn per_second(count: usize, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 { count as f64 / seconds } else { f64::INFINITY }
}

fn extract_one(extractor: &dyn Extractor, page: &Page) -> (ExtractionOutput, Duration, bool) {
    let started = Instant::now();
    // The extractor is only borrowed immutably and its output is discarded on panic,
    // so no broken invariant can leak out of the unwind.
    let result =
        catch_unwind(AssertUnwindSafe(|| extractor.extract(&page.html, page.url.as_deref())));
    let elapsed = started.elapsed();
    match result {
        Ok(text) => (ExtractionOutput { text }, elapsed, false),
        Err(_) => (ExtractionOutput::default(), elapsed, true),
    }
}

fn aggregate(kind: DatasetKind, pages: &[PageResult]) -> DatasetScores {
    match kind {
        DatasetKind::ArticleExtraction => {
            let page_scores: Vec<ArticlePageScore> = pages
                .iter()
                .filter_map(|page| match page.score {
                    PageScore::ArticleExtraction(score) => Some(score),
                    PageScore::Wcxb(_) => None,
                })
                .collect();
            DatasetScores::ArticleExtraction(aggregate_article_extraction(&page_scores, 0))
        }
        DatasetKind::Wcxb | DatasetKind::WcxbOther => {
            let page_scores: Vec<WcxbPageScore> = pages
                .iter()
                .filter_map(|page| match page.score {
                    PageScore::Wcxb(score) => Some(score),
                    PageScore::ArticleExtraction(_) => None,
                })
                .collect();
            DatasetScores::Wcxb(aggregate_wcxb(&page_scores, 0))
        }
    }
}
