//! Invariants of story grouping and relations: the output does not depend on the order articles
//! come in (with or without an encoder), every article is in exactly one story, and relations
//! only join members of one story.

use parallax_core::clean::{CleanConfig, clean};
use parallax_core::embed::{HashingEncoder, SentenceEncoder};
use parallax_core::model::{Article, Body, Origin, RawDocument};
use parallax_core::pipeline::{PipelineConfig, stories};
use proptest::prelude::*;

const SENTENCES: &[&str] = &[
    "North Korean leader Kim Jong Un will travel to Russia to meet President Vladimir Putin.",
    "The two leaders are expected to discuss weapons for the war in Ukraine.",
    "Officials in Washington said arms negotiations were actively advancing.",
    "Kim could travel by armoured train to the port city of Vladivostok.",
    "The Senate passed the budget bill late on Tuesday after a long debate.",
    "Lawmakers argued over spending cuts and tax increases for weeks.",
    "The president is expected to sign the bill before the deadline.",
    "Heavy rain flooded streets in the city and closed several schools.",
    "Emergency crews rescued residents from cars stranded in the water.",
    "Forecasters expect more storms across the region this week.",
];

fn article(index: usize, picks: &[usize], day: Option<u8>) -> Article {
    let body: Vec<&str> = picks.iter().map(|&pick| SENTENCES[pick % SENTENCES.len()]).collect();
    let mut raw = RawDocument::new(
        Origin::file(format!("doc{index}.txt")),
        Body::Text(format!("Report {index}\n\n{}", body.join(" "))),
    );
    raw.id = Some(format!("doc{index}"));
    raw.date = day.map(|day| format!("2023-09-{:02}", 1 + day % 28));
    clean(&raw, None, &CleanConfig::default()).expect("clean").0
}

fn corpus() -> impl Strategy<Value = Vec<Article>> {
    prop::collection::vec(
        (prop::collection::vec(0usize..10, 2..6), prop::option::of(0u8..28)),
        2..9,
    )
    .prop_map(|docs| {
        docs.iter().enumerate().map(|(index, (picks, day))| article(index, picks, *day)).collect()
    })
}

fn render(articles: &[Article], encoder: Option<&dyn SentenceEncoder>) -> String {
    let mut sorted = articles.to_vec();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let (stories, _) = stories(&sorted, encoder, &PipelineConfig::default(), &|_, _, _| {});
    format!("{stories:?}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn stories_do_not_depend_on_input_order(articles in corpus(), seed in any::<u64>()) {
        let encoder = HashingEncoder { dim: 32 };
        let mut shuffled = articles.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(render(&articles, None), render(&shuffled, None));
        prop_assert_eq!(render(&articles, Some(&encoder)), render(&shuffled, Some(&encoder)));
    }

    #[test]
    fn every_article_is_in_one_story_and_relations_stay_inside(articles in corpus()) {
        let (stories, _) = stories(&articles, None, &PipelineConfig::default(), &|_, _, _| {});
        let mut seen: Vec<&str> = stories.iter().flat_map(|story| story.articles.iter().map(|id| id.as_str())).collect();
        seen.sort_unstable();
        let mut ids: Vec<&str> = articles.iter().map(|article| article.id.as_str()).collect();
        ids.sort_unstable();
        prop_assert_eq!(seen, ids);
        for story in &stories {
            for relation in &story.relations {
                prop_assert!(relation.a < relation.b);
                prop_assert!(story.articles.contains(&relation.a) && story.articles.contains(&relation.b));
                for pair in relation.pairs() {
                    prop_assert!((0.0..=1.0 + 1e-9).contains(&pair.score));
                }
            }
        }
    }
}

#[test]
fn identical_articles_are_duplicates_and_the_earlier_is_the_original() {
    let mut first = article(0, &[0, 1, 2, 3], Some(3));
    let mut second = article(1, &[0, 1, 2, 3], Some(5));
    first.text = second.text.clone();
    first.sentences = second.sentences.clone();
    first.paragraphs = second.paragraphs.clone();
    second.outlet = Some("copycat.example".to_owned());
    let (stories, _) = stories(&[first, second], None, &PipelineConfig::default(), &|_, _, _| {});
    assert_eq!(stories.len(), 1);
    let relation = &stories[0].relations[0];
    assert_eq!(relation.kind, parallax_core::model::RelationKind::Duplicate);
    let direction = relation.direction.as_ref().expect("dates decide");
    assert_eq!(direction.original.as_str(), "doc0");
    assert_eq!(stories[0].originals.len(), 1);
}
