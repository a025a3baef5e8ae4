use super::*;
use crate::clean::{CleanConfig, clean};
use crate::embed::HashingEncoder;
use crate::model::{Body, Origin, RawDocument};

fn article(name: &str, text: &str) -> Article {
    let raw = RawDocument::new(Origin::file(name), Body::Text(text.to_owned()));
    clean(&raw, None, &CleanConfig::default()).expect("clean text").0
}

const A: &str = "Kim to visit Russia\n\n\
    North Korean leader Kim Jong Un is planning to journey to Russia to negotiate with President \
    Vladimir Putin, as indicated by a United States official. The two leaders may meet in \
    Vladivostok. Officials in Washington warned that arms talks are advancing. The weather in \
    Pyongyang was mild on Monday.";

const B: &str = "Kim heads to Russia\n\n\
    North Korean leader Kim Jong Un intends to travel to Russia this month for a meeting with \
    President Vladimir Putin, according to a US official. The two leaders may meet in \
    Vladivostok. Officials in Washington warned on Monday that arms talks are advancing quickly. \
    A football match ended in a draw.";

#[test]
fn exact_near_and_lexical_paraphrase_pairs() {
    let (a, b) = (article("a.txt", A), article("b.txt", B));
    let (fa, fb) = (features(&a), features(&b));
    let alignment = align(
        Side { article: &a, features: &fa },
        Side { article: &b, features: &fb },
        None,
        &AlignConfig::default(),
    );
    let pairs: Vec<(usize, usize, MatchKind)> =
        alignment.pairs().map(|pair| (pair.a, pair.b, pair.kind)).collect();
    assert!(pairs.contains(&(1, 1, MatchKind::Exact)), "{pairs:?}");
    assert!(pairs.contains(&(2, 2, MatchKind::Near)), "{pairs:?}");
    assert!(
        pairs.iter().any(|&(i, j, kind)| (i, j) == (0, 0) && kind == MatchKind::Paraphrase),
        "{pairs:?}"
    );
    assert!(!pairs.iter().any(|&(i, _, _)| i == 3), "unrelated sentence aligned: {pairs:?}");
    // The three aligned sentences follow each other: one passage.
    assert_eq!(alignment.passages.len(), 1);
    assert!(alignment.coverage_a > 0.6 && alignment.coverage_a < 1.0, "{}", alignment.coverage_a);
}

#[test]
fn embeddings_decide_paraphrases_when_given() {
    let (a, b) = (article("a.txt", A), article("b.txt", B));
    let (fa, fb) = (features(&a), features(&b));
    let mut table = Embeddings::new();
    let texts: Vec<&str> = a.sentence_texts().chain(b.sentence_texts()).collect();
    table.add(&HashingEncoder { dim: 64 }, &texts, 8).unwrap();
    // A threshold no pair reaches: only lexical kinds remain.
    let strict = AlignConfig { paraphrase_min: 1.01, sequence_min: 1.01, ..AlignConfig::default() };
    let alignment = align(
        Side { article: &a, features: &fa },
        Side { article: &b, features: &fb },
        Some(&table),
        &strict,
    );
    assert!(alignment.pairs().all(|pair| pair.kind != MatchKind::Paraphrase));
}

#[test]
fn alignment_is_symmetric_in_what_it_finds() {
    let (a, b) = (article("a.txt", A), article("b.txt", B));
    let (fa, fb) = (features(&a), features(&b));
    let config = AlignConfig::default();
    let forward = align(
        Side { article: &a, features: &fa },
        Side { article: &b, features: &fb },
        None,
        &config,
    );
    let backward = align(
        Side { article: &b, features: &fb },
        Side { article: &a, features: &fa },
        None,
        &config,
    );
    let mut there: Vec<(usize, usize)> = forward.pairs().map(|p| (p.a, p.b)).collect();
    let mut back: Vec<(usize, usize)> = backward.pairs().map(|p| (p.b, p.a)).collect();
    there.sort_unstable();
    back.sort_unstable();
    assert_eq!(there, back);
    assert!((forward.coverage_a - backward.coverage_b).abs() < 1e-12);
}
