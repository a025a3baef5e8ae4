//! Unit tests of the brief on small made-up stories (run through the lexical pipeline).

use super::*;
use crate::model::{Body, Origin, RawDocument};
use crate::pipeline::{Pipeline, PipelineConfig};

const FILLER: &str = "Residents gathered in the central square throughout the afternoon. \
    Local shops closed early as crowds grew around the old town hall. \
    Emergency services asked people to avoid the area until the evening.";

fn story_of(documents: &[(&str, Option<&str>, &str)]) -> (Story, Vec<crate::model::Article>) {
    // Grouping is not under test here: every article joins the story.
    let mut config = PipelineConfig::default();
    config.stories.min_similarity = 0.0;
    config.stories.min_text_cosine = 0.0;
    config.stories.min_edge_similarity = 0.0;
    let mut pipeline = Pipeline::new(config);
    for (name, date, text) in documents {
        let mut raw = RawDocument::new(Origin::file(*name), Body::Text((*text).to_owned()));
        raw.date = date.map(str::to_owned);
        pipeline.add(raw);
    }
    let output = pipeline.run();
    assert_eq!(output.stories.len(), 1, "one story: {:?}", output.stories);
    (output.stories[0].clone(), output.articles)
}

fn name_of(articles: &[crate::model::Article], id: &DocumentId) -> String {
    articles.iter().find(|a| &a.id == id).map(|a| a.origin.path.clone()).unwrap_or_default()
}

#[test]
fn a_different_number_in_one_claim_is_a_contradiction() {
    let a = format!(
        "Blast at the market\n\nPolice said 12 people were killed in the blast at the central \
         market of Karak on Friday morning. {FILLER}"
    );
    let b = "Market blast kills many\n\nPolice said 25 people were killed in the blast at the \
         central market of Karak on Friday morning. Hospitals in the region called for blood \
         donors. The interior minister promised an inquiry into the security of public places.";
    let (story, articles) = story_of(&[("a.txt", None, &a), ("b.txt", None, b)]);
    let numbers: Vec<&Contradiction> =
        story.brief.contradictions.iter().filter(|x| x.kind == ContradictionKind::Number).collect();
    assert_eq!(numbers.len(), 1, "{:#?}", story.brief.contradictions);
    let values: Vec<&str> = numbers[0].sides.iter().map(|s| s.value.as_str()).collect();
    assert!(values.contains(&"12 people") && values.contains(&"25 people"), "{values:?}");
    assert!(!numbers[0].change_over_time);
    let sides: Vec<String> = numbers[0]
        .sides
        .iter()
        .flat_map(|s| &s.articles)
        .map(|id| name_of(&articles, id))
        .collect();
    assert!(sides.contains(&"a.txt".to_owned()) && sides.contains(&"b.txt".to_owned()));
    // The claim is contested.
    let claim = &numbers[0].sides[0].statements[0].claim;
    let claim = story.brief.claims.iter().find(|c| &c.id == claim).expect("claim");
    assert_eq!(claim.status, ClaimStatus::Contested);
}

#[test]
fn copies_count_as_one_source() {
    let original = format!(
        "Bridge reopens\n\nThe city council reopened the Hanley bridge on Monday after two years \
         of repairs costing 40 million euros. The mayor said traffic would return to normal by \
         the summer. {FILLER}"
    );
    let independent = "Hanley bridge open again\n\nAfter two years of repairs, the Hanley bridge \
         reopened on Monday, the city council said. The mayor said traffic would return to normal \
         by the summer. Engineers inspected the cables one last time on Sunday night.";
    let (story, articles) = story_of(&[
        ("a.txt", None, &original),
        ("b.txt", None, &original.replace("Bridge reopens", "Bridge reopens (copy)")),
        ("c.txt", None, independent),
    ]);
    let brief = &story.brief;
    let copies = brief.sources.iter().find(|s| s.articles.len() == 2).expect("a and b are one");
    let mut names: Vec<String> = copies.articles.iter().map(|id| name_of(&articles, id)).collect();
    names.sort();
    assert_eq!(names, ["a.txt", "b.txt"]);
    assert_eq!(brief.sources.len(), 2);
    // Stated by the two copies only: one source. Stated by the copies and c: two.
    let mayor = brief.claims.iter().find(|c| c.text.contains("traffic would return")).unwrap();
    assert_eq!(mayor.articles.len(), 3);
    assert_eq!(mayor.sources, 2);
    assert_eq!(mayor.status, ClaimStatus::Corroborated);
    let copied_only =
        brief.claims.iter().find(|c| c.text.starts_with("Residents gathered")).unwrap();
    assert_eq!(copied_only.articles.len(), 2);
    assert_eq!(copied_only.sources, 1);
    assert_eq!(copied_only.status, ClaimStatus::SingleSource);
    // Provenance: c leaves nothing corroborated out; its own sentence is unique to it.
    let c = brief.provenance.iter().find(|p| name_of(&articles, &p.article) == "c.txt").unwrap();
    assert!(c.omitted_claims.is_empty());
    assert_eq!(c.unique_claims.len(), 1);
    let a = brief.provenance.iter().find(|p| name_of(&articles, &p.article) == "a.txt").unwrap();
    assert!(a.origins.iter().any(|o| o.article.is_some()), "{:?}", a.origins);
}

#[test]
fn negation_of_one_claim_is_a_contradiction() {
    let a = format!(
        "Plant closure\n\nThe ministry confirmed that the Dorval steel plant will close at the end \
         of the year with the loss of 900 jobs. {FILLER}"
    );
    let b = "Plant stays open\n\nThe ministry did not confirm that the Dorval steel plant will \
         close at the end of the year with the loss of 900 jobs. Unions welcomed the news and \
         called off the strike planned for next week.";
    let (story, _) = story_of(&[("a.txt", None, &a), ("b.txt", None, b)]);
    let negation = story
        .brief
        .contradictions
        .iter()
        .find(|x| x.kind == ContradictionKind::Negation)
        .expect("negation");
    assert_eq!(negation.sides.len(), 2);
}

#[test]
fn a_later_report_of_another_place_is_a_change_over_time_and_an_earlier_one_a_conflict() {
    let expected = "Leaders to meet\n\nThe two presidents are expected to meet in Geneva next \
        week for talks on the border dispute, officials said. Both delegations have prepared a \
        draft agreement on trade.";
    let happened = "Leaders met\n\nThe two presidents met in Lausanne for talks on the border \
        dispute on Tuesday, officials said. Both delegations signed a draft agreement on trade.";
    for (expected_date, happened_date, over_time) in
        [("2024-03-01", "2024-03-08", true), ("2024-03-09", "2024-03-08", false)]
    {
        let (story, _) = story_of(&[
            ("a.txt", Some(expected_date), expected),
            ("b.txt", Some(happened_date), happened),
        ]);
        let place = story
            .brief
            .contradictions
            .iter()
            .find(|x| x.kind == ContradictionKind::Place)
            .unwrap_or_else(|| panic!("a place contradiction: {:#?}", story.brief));
        let values: Vec<&str> = place.sides.iter().map(|s| s.value.as_str()).collect();
        assert!(values.contains(&"Geneva") && values.contains(&"Lausanne"), "{values:?}");
        assert_eq!(place.change_over_time, over_time, "{}", place.summary);
    }
}

#[test]
fn a_spokesman_and_the_body_he_speaks_for_do_not_conflict() {
    let a = format!(
        "Talks advance\n\nThe Foreign Ministry said that negotiations on the fishing treaty were \
         actively advancing. {FILLER}"
    );
    let b = "Treaty talks\n\nForeign Ministry spokesman Paul Arden said that negotiations on the \
         fishing treaty were actively advancing. The next round is due in Oslo.";
    let (story, _) = story_of(&[("a.txt", None, &a), ("b.txt", None, b)]);
    assert!(
        !story.brief.contradictions.iter().any(|x| x.kind == ContradictionKind::Attribution),
        "{:#?}",
        story.brief.contradictions
    );
    let claim = story.brief.claims.iter().find(|c| c.text.contains("actively")).unwrap();
    assert_eq!(claim.articles.len(), 2);
}

#[test]
fn a_story_of_one_article_has_an_empty_brief() {
    let (story, _) = story_of(&[("a.txt", None, &format!("Alone\n\n{FILLER}"))]);
    assert!(story.brief.is_empty());
    assert_eq!(story.brief, Brief::default());
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    const WORDS: &[&str] = &[
        "The",
        "minister",
        "said",
        "not",
        "Geneva",
        "will",
        "meet",
        "met",
        "in",
        "Paris",
        "12",
        "people",
        "talks",
        "were",
        "advancing",
        "according",
        "to",
        "Reuters",
        "he",
        "denied",
        "on",
        "Tuesday",
        "2021",
        "expected",
        "travel",
        "Lausanne",
        "police",
        "$5",
        "million",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(WORDS), 3..14)
            .prop_map(|words| format!("{}.", words.join(" ")))
    }

    fn article() -> impl Strategy<Value = String> {
        proptest::collection::vec(sentence(), 1..8)
            .prop_map(|sentences| format!("Title\n\n{}", sentences.join(" ")))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Any text in, a brief out, consistent with itself: one statement per article per
        /// claim, unique claims stated by their article alone, a coverage row per article.
        #[test]
        fn the_brief_is_total_and_consistent(texts in proptest::collection::vec(article(), 2..5)) {
            let mut config = PipelineConfig::default();
            config.stories.min_similarity = 0.0;
            config.stories.min_text_cosine = 0.0;
            config.stories.min_edge_similarity = 0.0;
            let mut pipeline = Pipeline::new(config);
            for (i, text) in texts.iter().enumerate() {
                pipeline.add(RawDocument::new(
                    Origin::file(format!("{i}.txt")),
                    Body::Text(text.clone()),
                ));
            }
            let output = pipeline.run();
            for story in &output.stories {
                let brief = &story.brief;
                for claim in &brief.claims {
                    let mut articles = claim.articles.clone();
                    articles.dedup();
                    prop_assert_eq!(articles.len(), claim.statements.len());
                    prop_assert!(claim.sources >= 1 && claim.sources <= claim.articles.len());
                }
                for provenance in &brief.provenance {
                    for id in &provenance.unique_claims {
                        let claim = brief.claims.iter().find(|c| &c.id == id).unwrap();
                        prop_assert_eq!(&claim.articles, &vec![provenance.article.clone()]);
                    }
                }
                for row in &brief.coverage.rows {
                    prop_assert_eq!(row.cells.len(), brief.coverage.articles.len());
                }
                for contradiction in &brief.contradictions {
                    prop_assert!(contradiction.sides.len() >= 2);
                }
            }
        }
    }
}
