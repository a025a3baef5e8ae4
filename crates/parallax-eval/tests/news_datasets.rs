//! Checks of the BASIL, news-corpus and MRPC loaders against the shared data.
//!
//! Like `datasets.rs`, the data comes from `$PARALLAX_DATA_DIR` or `../shared/data`
//! next to the checkout; without it each test prints a note and passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use parallax_eval::{
    BASIL_DIR, MRPC_DIR, NEWS_CORPUS_DIR, NEWS_CORPUS_FILE, Objective, cross_validate_threshold,
    load_basil, load_mrpc, load_news_corpus, score_clustering, score_with_distractors,
};

/// The folder of one data set inside the shared data folder, or `None` (after
/// printing why) when it is absent.
fn data_set_dir(name: &str) -> Option<PathBuf> {
    let data_dir = std::env::var_os("PARALLAX_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let dir = data_dir.join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: shared data not found at `{}`; skipping", dir.display());
        None
    }
}

#[test]
fn basil_has_forty_events_of_three_outlets() {
    let Some(dir) = data_set_dir(BASIL_DIR) else { return };
    let articles = load_basil(&dir).unwrap();
    assert_eq!(articles.len(), 120);
    let mut outlets_by_event: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for article in &articles {
        assert!(article.id.starts_with(&article.event_id), "{}", article.id);
        assert_eq!(article.date.len(), 10, "{}", article.date);
        assert!(!article.title.is_empty() && !article.text.is_empty() && !article.url.is_empty());
        outlets_by_event.entry(&article.event_id).or_default().insert(&article.outlet);
    }
    assert_eq!(outlets_by_event.len(), 40);
    for outlets in outlets_by_event.values() {
        assert_eq!(outlets.iter().copied().collect::<Vec<_>>(), ["fox", "hpo", "nyt"]);
    }
    // File order: by date.
    assert!(articles.windows(2).all(|pair| pair[0].date <= pair[1].date));

    // The gold clustering scores perfectly, with or without a distractor on its own.
    let gold: BTreeMap<String, String> =
        articles.iter().map(|article| (article.id.clone(), article.event_id.clone())).collect();
    let mut predicted = gold.clone();
    predicted.insert("distractor".to_owned(), "elsewhere".to_owned());
    let scores = score_with_distractors(&gold, &predicted);
    assert_eq!((scores.items, scores.gold_clusters, scores.predicted_clusters), (120, 40, 40));
    assert_eq!((scores.bcubed.f1, scores.pairwise.f1), (1.0, 1.0));

    // Grouping by outlet instead: 3 clusters of 40, no pair in common with the gold.
    let by_outlet: BTreeMap<String, String> =
        articles.iter().map(|article| (article.id.clone(), article.outlet.clone())).collect();
    let scores = score_clustering(&gold, &by_outlet);
    assert_eq!(scores.predicted_clusters, 3);
    assert_eq!(scores.pairwise.precision, 0.0);
    assert!((scores.bcubed.precision - 1.0 / 40.0).abs() < 1e-12, "{scores:?}");
    assert!((scores.bcubed.recall - 1.0 / 3.0).abs() < 1e-12, "{scores:?}");
}

#[test]
fn news_corpus_loads_in_id_order() {
    let Some(dir) = data_set_dir(NEWS_CORPUS_DIR) else { return };
    let path = dir.join(NEWS_CORPUS_FILE);
    let articles = load_news_corpus(&path, None).unwrap();
    assert_eq!(articles.len(), 25_000);
    assert_eq!(articles.iter().filter(|article| article.date.is_none()).count(), 2_910);
    assert_eq!(articles[0].id, "004Gt3gcsotuiYmz");
    assert_eq!(articles[0].source, "New York Times - News");
    assert!(articles.windows(2).all(|pair| pair[0].id < pair[1].id));
    assert!(articles.iter().all(|article| !article.text.is_empty() && !article.url.is_empty()));
    let first = load_news_corpus(&path, Some(2_000)).unwrap();
    assert_eq!(first, articles[..2_000]);
}

#[test]
fn mrpc_has_the_published_training_size() {
    let Some(dir) = data_set_dir(MRPC_DIR) else { return };
    let pairs = load_mrpc(&dir).unwrap();
    assert_eq!(pairs.len(), 4_076);
    assert_eq!(pairs.iter().filter(|pair| pair.paraphrase).count(), 2_753);
    assert_eq!((pairs[0].id1.as_str(), pairs[0].id2.as_str()), ("702876", "702977"));
    assert!(pairs[0].s1.starts_with("Amrozi accused his brother, whom he called \"the witness\""));

    // A word-set Jaccard baseline, cross-validated: it should beat chance clearly.
    let words = |text: &str| -> BTreeSet<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let scores: Vec<f64> = pairs
        .iter()
        .map(|pair| {
            let (left, right) = (words(&pair.s1), words(&pair.s2));
            left.intersection(&right).count() as f64 / left.union(&right).count().max(1) as f64
        })
        .collect();
    let labels: Vec<bool> = pairs.iter().map(|pair| pair.paraphrase).collect();
    let cv = cross_validate_threshold(&scores, &labels, 10, Objective::Accuracy);
    eprintln!(
        "MRPC word-Jaccard, 10-fold: threshold {:.4}, accuracy {:.4}, P {:.4}, R {:.4}, F1 {:.4}",
        cv.threshold, cv.accuracy, cv.precision, cv.recall, cv.f1
    );
    assert_eq!(cv.fold_thresholds.len(), 10);
    assert!(cv.accuracy > 0.6 && cv.f1 > 0.7, "{cv:?}");
}
