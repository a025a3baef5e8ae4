//! The pipeline: runs ingest output through cleaning and story grouping with one config.
//!
//! Cleaning runs in parallel (rayon); the output does not depend on the input order or the
//! number of threads: documents are put in a canonical order (by origin) first, an id seen twice
//! keeps its first occurrence in that order, and every later stage sorts its output.

use rayon::prelude::*;

use crate::clean::{CleanConfig, LineStats, clean};
use crate::model::{Article, Body, Diagnostic, RawDocument, Story};
use crate::stories::{StoryConfig, group};

/// Settings of every stage.
#[derive(Debug, Clone, Default)]
pub struct PipelineConfig {
    /// Cleaning (stage 2).
    pub clean: CleanConfig,
    /// Story grouping (stage 4).
    pub stories: StoryConfig,
}

/// What a pipeline run produces.
#[derive(Debug, Clone, Default)]
pub struct PipelineOutput {
    /// Clean articles, in id order, one per distinct id.
    pub articles: Vec<Article>,
    /// Stories, largest first.
    pub stories: Vec<Story>,
    /// Problems with inputs, in origin order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A batch being assembled.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    config: PipelineConfig,
    documents: Vec<RawDocument>,
}

impl Pipeline {
    /// An empty batch.
    pub fn new(config: PipelineConfig) -> Pipeline {
        Pipeline { config, documents: Vec::new() }
    }

    /// Adds a document to the batch.
    pub fn add(&mut self, document: RawDocument) {
        self.documents.push(document);
    }

    /// Cleans the batch and groups it into stories.
    pub fn run(self) -> PipelineOutput {
        let (articles, diagnostics) = clean_batch(self.documents, &self.config.clean);
        let stories = group(&articles, &self.config.stories);
        PipelineOutput { articles, stories, diagnostics }
    }
}

/// Cleans a batch: builds the batch's line statistics, cleans every document in parallel, and
/// keeps one article per id.
pub fn clean_batch(
    mut documents: Vec<RawDocument>,
    config: &CleanConfig,
) -> (Vec<Article>, Vec<Diagnostic>) {
    documents.sort_by(|a, b| a.origin.cmp(&b.origin));
    let stats = line_stats(&documents);
    let results: Vec<Result<(Article, Vec<Diagnostic>), Diagnostic>> =
        documents.par_iter().map(|raw| clean(raw, Some(&stats), config)).collect();
    let mut diagnostics = Vec::new();
    let mut articles: Vec<Article> = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((article, warnings)) => {
                diagnostics.extend(warnings);
                articles.push(article);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    // One article per id: the first in origin order wins (the sort is stable).
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let mut kept: Vec<Article> = Vec::with_capacity(articles.len());
    for article in articles {
        if let Some(previous) = kept.last() {
            if previous.id == article.id {
                diagnostics.push(Diagnostic::warning(
                    article.origin.clone(),
                    format!("same article as {} (id `{}`); kept once", previous.origin, article.id),
                ));
                continue;
            }
        }
        kept.push(article);
    }
    diagnostics.sort_by(|a, b| a.origin.cmp(&b.origin).then_with(|| a.message.cmp(&b.message)));
    (kept, diagnostics)
}

/// Line statistics over the plain-text documents of a batch.
pub fn line_stats(documents: &[RawDocument]) -> LineStats {
    documents
        .par_iter()
        .fold(LineStats::new, |mut stats, document| {
            if let Body::Text(text) = &document.body {
                let outlet = document
                    .outlet
                    .clone()
                    .or_else(|| document.url.as_deref().and_then(crate::clean::domain_of));
                stats.observe(outlet.as_deref(), text);
            }
            stats
        })
        .reduce(LineStats::new, |mut a, b| {
            a.merge(b);
            a
        })
}
