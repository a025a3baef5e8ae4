//! Scoring a predicted clustering against gold cluster labels: pairwise and BCubed
//! precision, recall and F1.
//!
//! Both clusterings are maps from item id to cluster id. Only the items of the gold
//! map (the *labelled* items) are scored. Two entry points differ in how they treat
//! predicted items that have no gold label (*distractors*, for example unlabelled
//! articles mixed into the input to make clustering harder):
//!
//! - [`score_clustering`] ignores them: the predicted clustering is first restricted
//!   to the labelled items.
//! - [`score_with_distractors`] is strict: a distractor in the same predicted cluster
//!   as a labelled item counts as a wrong member of that cluster, lowering precision.
//!
//! A labelled item missing from the predicted map is a singleton (a cluster of its
//! own). Cluster ids are opaque: only which items share one matters, so the gold and
//! predicted ids need not correspond.
//!
//! The exact definitions are on [`ClusteringScores`].

use std::collections::BTreeMap;

use serde::Serialize;

/// Precision, recall and F1 (their harmonic mean).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision, in `[0, 1]`.
    pub precision: f64,
    /// Recall, in `[0, 1]`.
    pub recall: f64,
    /// Harmonic mean of `precision` and `recall`; 0 when both are 0.
    pub f1: f64,
}

impl Prf {
    /// Precision and recall, with F1 computed as their harmonic mean.
    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf { precision, recall, f1 }
    }
}

/// How well a predicted clustering matches the gold one, over the labelled items.
///
/// Notation: `L` is the set of labelled items, `g(i)` the gold cluster of item `i`
/// (the set of labelled items sharing its gold id), `p(i)` the predicted cluster of
/// `i` (the set of items sharing its predicted id; with distractors counted, it
/// includes them), and `c(i) = {j ∈ p(i) ∩ L : j ∈ g(i)}` the items correctly
/// together with `i` (including `i` itself).
///
/// **BCubed** (Bagga & Baldwin 1998, "Entity-based cross-document coreferencing using
/// the vector space model"; the metric that Amigó, Gonzalo, Artiles & Verdejo 2009, "A
/// comparison of extrinsic clustering evaluation metrics based on formal
/// constraints", show to satisfy all four of their constraints): per labelled item
/// `i`, precision `|c(i)| / |p(i)|` and recall `|c(i)| / |g(i)|`; both are averaged
/// over `L`, and F1 is the harmonic mean of the two averages (Amigó et al.'s
/// `F(R, P)` with `α = 0.5`).
///
/// **Pairwise** (pair counting, as in the Rand index): a pair is an unordered pair of
/// distinct items. Gold pairs are the pairs of labelled items in the same gold
/// cluster; predicted pairs are the pairs in the same predicted cluster with at least
/// one labelled item (so with distractors counted, a labelled–distractor pair is a
/// predicted pair that can never be correct); true positives are the pairs that are
/// both. Precision = true positives / predicted pairs, recall = true positives / gold
/// pairs, F1 their harmonic mean.
///
/// A ratio with a zero denominator is 1: no predicted pairs means no wrong pair (an
/// all-singleton prediction has pairwise precision 1 and recall 0), no gold pairs
/// means none missed, and with no labelled items every score is 1. F1 is 0 when
/// precision and recall are both 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusteringScores {
    /// Number of labelled items (entries of the gold map) scored.
    pub items: usize,
    /// Number of distinct gold clusters.
    pub gold_clusters: usize,
    /// Number of predicted clusters holding at least one labelled item, counting each
    /// labelled item missing from the prediction as a singleton cluster.
    pub predicted_clusters: usize,
    /// Distractors (predicted items without a gold label) placed in a predicted
    /// cluster together with at least one labelled item. Always 0 from
    /// [`score_clustering`], which ignores distractors.
    pub merged_distractors: usize,
    /// Pair-counting precision, recall and F1.
    pub pairwise: Prf,
    /// BCubed precision, recall and F1.
    pub bcubed: Prf,
    /// The adjusted Rand index (Hubert & Arabie 1985) over the labelled items, distractors
    /// left out: 1 for the gold clustering, about 0 for a random one of the same cluster
    /// sizes; 1 when both clusterings are trivially equal (fewer than two items).
    pub adjusted_rand: f64,
}

/// Scores `predicted` against `gold` over the labelled items only, ignoring any
/// predicted item that `gold` does not label.
///
/// Both maps go from item id to cluster id. A labelled item missing from `predicted`
/// is a singleton. See [`ClusteringScores`] for the pairwise and BCubed
/// definitions; here `p(i)` contains labelled items only.
pub fn score_clustering(
    gold: &BTreeMap<String, String>,
    predicted: &BTreeMap<String, String>,
) -> ClusteringScores {
    score(gold, predicted, false)
}

/// Scores `predicted` against `gold` over the labelled items, counting distractors
/// strictly: `predicted` may hold items that `gold` does not label, and each one that
/// shares a predicted cluster with a labelled item is a wrong member of that cluster.
///
/// For a labelled item `i`, BCubed precision is `|{j ∈ p(i) : j labelled and
/// gold(j) = gold(i)}| / |p(i)|` with `|p(i)|` counting every item of the predicted
/// cluster, distractors included, and BCubed recall is the same numerator over the
/// size of `i`'s gold cluster; both are averaged over labelled items. Pairwise, every
/// pair of a labelled item and a distractor in one predicted cluster is a false
/// positive; pairs of two distractors are not counted. Distractors change precision
/// only, never recall. A labelled item missing from `predicted` is a singleton. See
/// [`ClusteringScores`] for the full definitions.
pub fn score_with_distractors(
    gold: &BTreeMap<String, String>,
    predicted: &BTreeMap<String, String>,
) -> ClusteringScores {
    score(gold, predicted, true)
}

/// A predicted cluster: a predicted cluster id, or the singleton of a labelled item
/// that the prediction leaves out (named by the item id, so it can clash with no
/// predicted id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PredictedCluster<'a> {
    Named(&'a str),
    Missing(&'a str),
}

fn score(
    gold: &BTreeMap<String, String>,
    predicted: &BTreeMap<String, String>,
    count_distractors: bool,
) -> ClusteringScores {
    // Contingency table: predicted cluster -> gold cluster -> labelled items in both.
    // BTreeMaps keep the floating-point sums in a fixed order.
    let mut table: BTreeMap<PredictedCluster<'_>, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut gold_sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for (item, gold_cluster) in gold {
        let cluster = predicted
            .get(item)
            .map_or(PredictedCluster::Missing(item), |cluster| PredictedCluster::Named(cluster));
        *table.entry(cluster).or_default().entry(gold_cluster).or_default() += 1;
        *gold_sizes.entry(gold_cluster).or_default() += 1;
    }

    // Distractors per predicted cluster that holds labelled items.
    let mut distractors: BTreeMap<PredictedCluster<'_>, usize> = BTreeMap::new();
    if count_distractors {
        for (item, cluster) in predicted {
            let cluster = PredictedCluster::Named(cluster);
            if !gold.contains_key(item) && table.contains_key(&cluster) {
                *distractors.entry(cluster).or_default() += 1;
            }
        }
    }

    let mut true_pairs = 0_u64;
    let mut predicted_pairs = 0_u64;
    let mut precision_sum = 0.0;
    let mut recall_sum = 0.0;
    for (cluster, cells) in &table {
        let labelled: usize = cells.values().sum();
        let extra = distractors.get(cluster).copied().unwrap_or(0);
        let size = (labelled + extra) as f64;
        predicted_pairs += pairs(labelled) + (labelled * extra) as u64;
        for (gold_cluster, &together) in cells {
            true_pairs += pairs(together);
            // Each of the `together` items has |c(i)| = together.
            let together_f = together as f64;
            precision_sum += together_f * together_f / size;
            recall_sum += together_f * together_f / gold_sizes[gold_cluster] as f64;
        }
    }
    let gold_pairs: u64 = gold_sizes.values().map(|&size| pairs(size)).sum();
    let labelled_pairs: u64 = table.values().map(|cells| pairs(cells.values().sum())).sum();
    let adjusted_rand = adjusted_rand(true_pairs, labelled_pairs, gold_pairs, pairs(gold.len()));

    ClusteringScores {
        items: gold.len(),
        gold_clusters: gold_sizes.len(),
        predicted_clusters: table.len(),
        merged_distractors: distractors.values().sum(),
        pairwise: Prf::new(
            ratio(true_pairs as f64, predicted_pairs as f64),
            ratio(true_pairs as f64, gold_pairs as f64),
        ),
        bcubed: Prf::new(
            ratio(precision_sum, gold.len() as f64),
            ratio(recall_sum, gold.len() as f64),
        ),
        adjusted_rand,
    }
}

/// The adjusted Rand index from pair counts: pairs together in both clusterings, in the
/// predicted one, in the gold one, and all pairs.
fn adjusted_rand(both: u64, predicted: u64, gold: u64, all: u64) -> f64 {
    if all == 0 {
        return 1.0;
    }
    let expected = predicted as f64 * gold as f64 / all as f64;
    let maximum = (predicted as f64 + gold as f64) / 2.0;
    if maximum == expected { 1.0 } else { (both as f64 - expected) / (maximum - expected) }
}

/// Unordered pairs of distinct items among `count`.
fn pairs(count: usize) -> u64 {
    let count = count as u64;
    count * count.saturating_sub(1) / 2
}

/// `numerator / denominator`, or 1 for an empty denominator (nothing to get wrong).
fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator > 0.0 { numerator / denominator } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries.iter().map(|&(item, cluster)| (item.to_owned(), cluster.to_owned())).collect()
    }

    /// Gold: `{a, b, c}` and `{d, e}`.
    fn gold() -> BTreeMap<String, String> {
        map(&[("a", "X"), ("b", "X"), ("c", "X"), ("d", "Y"), ("e", "Y")])
    }

    #[track_caller]
    fn assert_prf(actual: Prf, precision: f64, recall: f64, f1: f64) {
        let close = |left: f64, right: f64| (left - right).abs() < 1e-12;
        assert!(
            close(actual.precision, precision)
                && close(actual.recall, recall)
                && close(actual.f1, f1),
            "got {actual:?}, expected P {precision} R {recall} F1 {f1}"
        );
    }

    #[test]
    fn perfect_prediction_scores_one() {
        // Different cluster ids, same grouping.
        let predicted = map(&[("a", "1"), ("b", "1"), ("c", "1"), ("d", "2"), ("e", "2")]);
        let scores = score_clustering(&gold(), &predicted);
        assert_eq!((scores.items, scores.gold_clusters, scores.predicted_clusters), (5, 2, 2));
        assert_prf(scores.pairwise, 1.0, 1.0, 1.0);
        assert_prf(scores.bcubed, 1.0, 1.0, 1.0);
        assert_eq!(scores.adjusted_rand, 1.0);
        assert_eq!(score_with_distractors(&gold(), &predicted), scores);
    }

    #[test]
    fn all_in_one_cluster() {
        let predicted = map(&[("a", "1"), ("b", "1"), ("c", "1"), ("d", "1"), ("e", "1")]);
        let scores = score_clustering(&gold(), &predicted);
        assert_eq!(scores.predicted_clusters, 1);
        // 10 predicted pairs, 3 + 1 of them gold pairs.
        assert_prf(scores.pairwise, 0.4, 1.0, 4.0 / 7.0);
        // Precision: a, b, c have 3/5 each; d, e have 2/5 each: 13/25.
        assert_prf(scores.bcubed, 13.0 / 25.0, 1.0, 13.0 / 19.0);
        // As good as chance.
        assert!(scores.adjusted_rand.abs() < 1e-12, "{}", scores.adjusted_rand);
    }

    #[test]
    fn adjusted_rand_of_a_partial_match() {
        // {a, b} {c, d, e}: 2 of 4 predicted pairs are gold pairs; by chance 4 × 4 / 10.
        let predicted = map(&[("a", "1"), ("b", "1"), ("c", "2"), ("d", "2"), ("e", "2")]);
        let scores = score_clustering(&gold(), &predicted);
        assert!((scores.adjusted_rand - (2.0 - 1.6) / (4.0 - 1.6)).abs() < 1e-12);
    }

    #[test]
    fn all_singletons_explicit_or_missing() {
        let explicit = map(&[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5")]);
        for predicted in [explicit, BTreeMap::new()] {
            let scores = score_clustering(&gold(), &predicted);
            assert_eq!(scores.predicted_clusters, 5);
            // No predicted pairs: precision 1 by convention, recall 0.
            assert_prf(scores.pairwise, 1.0, 0.0, 0.0);
            // Recall: a, b, c have 1/3 each; d, e have 1/2 each: 2/5.
            assert_prf(scores.bcubed, 1.0, 0.4, 4.0 / 7.0);
        }
    }

    #[test]
    fn split_and_merge() {
        // Gold {a, b}, {c}; predicted {a}, {b, c}.
        let gold = map(&[("a", "X"), ("b", "X"), ("c", "Y")]);
        let predicted = map(&[("a", "1"), ("b", "2"), ("c", "2")]);
        let scores = score_clustering(&gold, &predicted);
        assert_prf(scores.pairwise, 0.0, 0.0, 0.0);
        // Precision 1, 1/2, 1/2; recall 1/2, 1/2, 1.
        assert_prf(scores.bcubed, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0);
    }

    #[test]
    fn one_distractor_merged() {
        // The distractor z joins {a, b, c}; the distractor y stays on its own.
        let predicted = map(&[
            ("a", "1"),
            ("b", "1"),
            ("c", "1"),
            ("z", "1"),
            ("d", "2"),
            ("e", "2"),
            ("y", "3"),
        ]);

        let lenient = score_clustering(&gold(), &predicted);
        assert_eq!(lenient.merged_distractors, 0);
        assert_eq!(lenient.predicted_clusters, 2);
        assert_prf(lenient.pairwise, 1.0, 1.0, 1.0);
        assert_prf(lenient.bcubed, 1.0, 1.0, 1.0);

        let strict = score_with_distractors(&gold(), &predicted);
        assert_eq!(strict.merged_distractors, 1);
        assert_eq!((strict.items, strict.gold_clusters, strict.predicted_clusters), (5, 2, 2));
        // Predicted pairs: 3 among {a, b, c}, 3 with z, 1 for {d, e}; 4 are gold pairs.
        assert_prf(strict.pairwise, 4.0 / 7.0, 1.0, 8.0 / 11.0);
        // Precision: a, b, c have 3/4 each; d, e have 1: 17/20.
        assert_prf(strict.bcubed, 17.0 / 20.0, 1.0, 34.0 / 37.0);
    }

    #[test]
    fn distractors_only_cluster_is_ignored_and_missing_items_are_singletons() {
        // d is missing from the prediction; e's cluster "2" also holds two distractors.
        let predicted =
            map(&[("a", "1"), ("b", "1"), ("c", "1"), ("e", "2"), ("y", "2"), ("z", "3")]);
        let strict = score_with_distractors(&gold(), &predicted);
        assert_eq!(strict.merged_distractors, 1);
        assert_eq!(strict.predicted_clusters, 3);
        // Predicted pairs: 3 among {a, b, c}, 1 for (e, y); 3 true of 4 gold pairs.
        assert_prf(strict.pairwise, 3.0 / 4.0, 3.0 / 4.0, 3.0 / 4.0);
        // Precision: 1, 1, 1, d 1, e 1/2: 9/10. Recall: 1, 1, 1, 1/2, 1/2: 4/5.
        assert_prf(strict.bcubed, 0.9, 0.8, 2.0 * 0.9 * 0.8 / 1.7);
    }

    #[test]
    fn empty_gold_is_vacuously_perfect() {
        let scores = score_with_distractors(&BTreeMap::new(), &map(&[("z", "1")]));
        assert_eq!((scores.items, scores.gold_clusters, scores.predicted_clusters), (0, 0, 0));
        assert_prf(scores.pairwise, 1.0, 1.0, 1.0);
        assert_prf(scores.bcubed, 1.0, 1.0, 1.0);
    }

    #[test]
    fn serializes_to_json() {
        let scores = score_clustering(&gold(), &gold());
        let json = serde_json::to_value(scores).unwrap();
        assert_eq!(json["items"], 5);
        assert_eq!(json["bcubed"]["f1"], 1.0);
    }
}
