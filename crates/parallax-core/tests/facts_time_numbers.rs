//! Golden test on the demo corpus (examples/kim-putin): the time mentions (without an anchor and
//! anchored on 2023-09-05, the week the copies were published) and the quantities of each
//! cleaned seed, held as JSON snapshots (`tests/snapshots/`, reviewed with `cargo insta review`).

use std::path::PathBuf;

use parallax_core::facts::numbers::quantities;
use parallax_core::facts::time::{CivilDate, TimeMention, time_mentions};
use parallax_core::ingest::{self, IngestEvent};
use parallax_core::pipeline::{Pipeline, PipelineConfig};
use serde_json::{Value, json};

const SEEDS: &[&str] = &[
    "000_e24eb652d985b546",
    "001_f634dfd2792568c1",
    "002_7a8ee46d482e5fcf",
    "003_5728e3b07c3681ec",
    "004_1171f776fabb6925",
];

/// The cleaned article text of one seed.
fn article_text(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../examples/kim-putin/{name}.txt"));
    let bytes = std::fs::read(&path).expect("seed file");
    let mut pipeline = Pipeline::new(PipelineConfig::default());
    for event in
        ingest::read(&format!("kim-putin/{name}.txt"), bytes.as_slice(), None, &Default::default())
    {
        if let IngestEvent::Document(document) = event {
            pipeline.add(document);
        }
    }
    let output = pipeline.run();
    output.articles.into_iter().next().expect("one article").text
}

fn render_time(text: &str, mentions: &[TimeMention]) -> Vec<Value> {
    mentions
        .iter()
        .map(|m| {
            json!({
                "text": m.span.slice(text),
                "start": m.start.map(|d| d.to_string()),
                "end": m.end.map(|d| d.to_string()),
                "precision": m.precision.as_str(),
                "relative": m.relative,
                "resolved": m.resolved,
                "modifier": m.modifier.map(|m| m.as_str()),
            })
        })
        .collect()
}

#[test]
fn seeds_time_and_numbers_snapshot() {
    let anchor = CivilDate::parse("2023-09-05");
    assert!(anchor.is_some());
    for name in SEEDS {
        let text = article_text(name);
        let quantities: Vec<Value> = quantities(&text)
            .iter()
            .map(|q| {
                json!({
                    "text": q.span.slice(&text),
                    "value": q.value,
                    "approximate": q.approximate,
                    "qualifier": q.qualifier,
                    "unit": q.unit,
                    "counted": q.counted,
                    "normalized": q.normalized.map(|m| json!({"value": m.value, "unit": m.unit})),
                    "ordinal": q.ordinal,
                })
            })
            .collect();
        let rendered = json!({
            "time_without_anchor": render_time(&text, &time_mentions(&text, None)),
            "time_anchored_2023_09_05": render_time(&text, &time_mentions(&text, anchor)),
            "quantities": quantities,
        });
        insta::assert_json_snapshot!(format!("facts_{name}"), rendered);
    }
}

#[test]
fn seeds_key_facts() {
    let all: String = SEEDS.iter().map(|name| article_text(name) + "\n\n").collect();
    let anchor = CivilDate::parse("2023-09-05");
    let times: Vec<(String, Option<String>, Option<String>)> = time_mentions(&all, anchor)
        .iter()
        .map(|m| {
            (
                m.span.slice(&all).to_owned(),
                m.start.map(|d| d.to_string()),
                m.end.map(|d| d.to_string()),
            )
        })
        .collect();
    let has = |text: &str, start: &str, end: &str| {
        times
            .iter()
            .any(|(t, s, e)| t == text && s.as_deref() == Some(start) && e.as_deref() == Some(end))
    };
    assert!(has("April 2019", "2019-04-01", "2019-04-30"), "{times:#?}");
    assert!(has("July", "2023-07-01", "2023-07-31"), "{times:#?}");
    assert!(has("late August", "2023-08-21", "2023-08-31"), "{times:#?}");
    assert!(has("September 10 to 13", "2023-09-10", "2023-09-13"), "{times:#?}");
    assert!(has("September 9", "2023-09-09", "2023-09-09"), "{times:#?}");
    assert!(has("1991", "1991-01-01", "1991-12-31"), "{times:#?}");
    assert!(has("April 2022", "2022-04-01", "2022-04-30"), "{times:#?}");
    assert!(has("2016", "2016-01-01", "2016-12-31"), "{times:#?}");
    assert!(has("1953", "1953-01-01", "1953-12-31"), "{times:#?}");
    assert!(has("later this month", "2023-09-05", "2023-09-30"), "{times:#?}");

    let found: Vec<String> =
        quantities(&all).iter().map(|q| q.span.slice(&all).to_owned()).collect();
    for expected in [
        "approximately 20 North Korean officials",
        "about 10 days",
        "approximately 950 miles",
        "37 mph",
        "59 km/h",
        "9 foreign trips",
        "5 countries",
    ] {
        assert!(found.iter().any(|q| q == expected), "{expected}: {found:#?}");
    }
    for absent in ["33", "19", "17", "2019", "2011"] {
        assert!(!found.iter().any(|q| q.starts_with(absent)), "{absent}: {found:#?}");
    }
}

/// Long repetitive inputs (dense with numbers, dates and qualifiers) come through both
/// extractors with sane output. Their cost is a benchmark matter (`bench facts`), not asserted
/// here; a quadratic pass would show as this test hanging.
#[test]
fn long_repetitive_inputs_come_through() {
    use parallax_core::facts::numbers::quantities;
    use parallax_core::facts::time::{CivilDate, time_mentions};
    for unit in [
        "one two three hundred and ",
        "September 10 to 13, ",
        "late in the early mid-",
        "1,000,000.5 million ",
        "about some more than $",
        "in 2011 and 2012 and ",
        "a few dozen hundreds of thousands of ",
    ] {
        let text = unit.repeat(5_000);
        assert!(quantities(&text).len() <= text.len(), "{unit}");
        assert!(time_mentions(&text, CivilDate::parse("2023-09-05")).len() <= text.len(), "{unit}");
    }
}
