//! Scores main-text extraction on two benchmark data sets, each with its own metric.
//!
//! - **article-extraction** (Zyte / Scrapinghub, 181 news pages): `\w+` tokens,
//!   4-token shingle multisets, per-page normalised TP/FP/FN, averaged precision and
//!   recall, F1 = harmonic mean of the averages; plus exact-token "accuracy". See
//!   [`score_article_extraction`]. Our scorer reproduces the origin's published
//!   scores for its 11 shipped system outputs ([`check_published_outputs`]).
//! - **WCXB dev, article pages** (711 pages): lower-cased `\w+` token bags, per-page
//!   P/R/F1 macro-averaged, plus `with`/`without` snippet rates. See [`score_wcxb`].
//!
//! Entry points: load a data set with [`load_article_extraction`] or [`load_wcxb`]
//! (both take the shared data folder holding `article-extraction/` and `wcxb-dev/`),
//! then either [`run`] an [`Extractor`] over it, or [`score`] predictions made
//! elsewhere (for example by a peer tool under `bench/`, read with
//! [`load_predictions`]). [`measure_throughput`] times extraction alone.
//!
//! - **PolNeAR** (political news attribution relations): who said what, scored per role and
//!   as "content with correct source". See [`load_polnear`] and [`score_polnear`].
//!
//! - **Named entities**, against a reference tagger's mentions (spaCy's `en_core_web_sm` through
//!   `bench/entities_spacy.py`; no gold entity set is among the shared data). See
//!   [`load_entity_reference`] and [`score_entities`].
//!
//! This crate reads files but never writes them, and never prints.
//!
//! ```
//! use parallax_eval::{Dataset, DatasetKind, Extractor, Gold, Page, run};
//!
//! /// Returns the text of the page's `<p>` element, naively.
//! struct FirstParagraph;
//!
//! impl Extractor for FirstParagraph {
//!     fn name(&self) -> &str {
//!         "first-paragraph"
//!     }
//!     fn extract(&self, html: &str, _url: Option<&str>) -> String {
//!         let start = html.find("<p>").map_or(0, |idx| idx + 3);
//!         let end = html.find("</p>").unwrap_or(html.len());
//!         html[start..end.max(start)].to_owned()
//!     }
//! }
//!
//! let page = Page {
//!     id: "page-1".to_owned(),
//!     url: None,
//!     html: "<nav>Home</nav><p>The main text of the article.</p>".to_owned(),
//!     page_type: None,
//!     gold: Gold { text: "The main text of the article.".to_owned(), ..Gold::default() },
//! };
//! let dataset = Dataset { kind: DatasetKind::ArticleExtraction, pages: vec![page] };
//! let report = run(&dataset, &FirstParagraph, 1)?;
//! assert_eq!(report.scores.f1(), 1.0);
//! # Ok::<(), parallax_eval::EvalError>(())
//! ```

mod article_extraction;
mod basil;
mod claims;
mod clustering;
mod dataset;
mod entities;
mod error;
mod htmldate;
mod mrpc;
mod polnear;
mod run;
mod throughput;
mod tokens;
mod wcxb;

pub use article_extraction::{
    ArticlePageScore, PublishedCheck, PublishedScore, Scores, aggregate_article_extraction,
    check_published_outputs, published_article_extraction, score_article_extraction,
    score_article_extraction_page,
};
pub use basil::{
    BASIL_DIR, BasilArticle, ECBPLUS_DIR, EcbArticle, NEWS_CORPUS_DIR, NEWS_CORPUS_FILE,
    NewsArticle, load_basil, load_ecbplus, load_news_corpus,
};
pub use claims::{
    CLAIMS_GOLD_FORMAT, ClaimsError, ClaimsGold, ClaimsScores, GoldContradiction, GoldEvent,
    GoldFact, GoldSide, GoldStatement, PairCounts, Sentence, SystemArticle, SystemClaim,
    SystemContradiction, SystemEvent, fact_sentences, load_claims_gold, same_fact, score_claims,
    statement_sentences,
};
pub use clustering::{ClusteringScores, Prf, score_clustering, score_with_distractors};
pub use dataset::{
    ARTICLE_EXTRACTION_DIR, Dataset, DatasetKind, Gold, Page, Predictions, SystemOutput, WCXB_DIR,
    WCXB_OTHER_DIR, list_system_outputs, load_article_extraction, load_predictions,
    load_system_output, load_wcxb, load_wcxb_other,
};
pub use entities::{
    Disagreement, ENTITY_REFERENCE_SCHEMA, EntityArticle, EntityCounts, EntityMention,
    EntityReference, EntityScores, EntityType, MentionCounts, ReferenceClass, ReferenceEntity,
    disagreements, load_entity_reference, name_span, reference_type, score_entities,
};
pub use error::EvalError;
pub use htmldate::{
    DateCounts, DateOutcome, DatePage, DateScores, HTMLDATE_DIR, PublishedDateScore, load_htmldate,
    published_htmldate, score_dates,
};
pub use mrpc::{
    MRPC_DIR, MrpcPair, Objective, ThresholdCv, best_threshold, cross_validate_threshold, load_mrpc,
};
pub use polnear::{
    AttributionSpans, CharSpan, MatchCounts, POLNEAR_DIR, PolnearArticle, PolnearScores,
    PolnearSplit, RoleCounts, byte_to_char_offsets, load_polnear, parse_ann, score_polnear,
};
pub use run::{
    DatasetScores, ExtractionOutput, Extractor, PageResult, PageScore, RunReport, run, score,
};
pub use throughput::{Measurement, Throughput, ThroughputConfig, measure_throughput};
pub use wcxb::{
    WcxbPageScore, WcxbScores, aggregate_wcxb, published_wcxb, published_wcxb_types, score_wcxb,
    score_wcxb_page,
};
