//! Fitting a paraphrase adapter on the real all-MiniLM-L6-v2: deterministic, it learns, and the
//! built-in adapter loads and changes the vectors.
//!
//! Needs the model (see `reference.rs`); skipped without it unless `PARALLAX_REQUIRE_MODEL=1`.

use parallax_embed::tune::{Adapter, Pair, TrainConfig, train_pairs};
use parallax_embed::{MiniLm, MiniLmConfig};

mod common;

fn pairs() -> Vec<Pair> {
    let pair = |a: &str, b: &str, label: f32| Pair { a: a.to_owned(), b: b.to_owned(), label };
    vec![
        pair(
            "The president arrived in Vladivostok by train.",
            "By train, the president reached Vladivostok.",
            1.0,
        ),
        pair(
            "The president arrived in Vladivostok by train.",
            "The president left Moscow by plane.",
            0.0,
        ),
        pair("Shares fell 3 percent on Monday.", "On Monday the shares dropped by 3 percent.", 1.0),
        pair("Shares fell 3 percent on Monday.", "Shares rose 3 percent on Tuesday.", 0.0),
        pair("The talks ended without a deal.", "No agreement came out of the talks.", 1.0),
        pair("The talks ended without a deal.", "The talks will resume next week.", 0.0),
        pair("Rain is expected in the north.", "Forecasters expect rain in northern areas.", 1.0),
        pair("Rain is expected in the north.", "The south will stay dry and sunny.", 0.0),
    ]
}

fn cosine(model: &MiniLm, a: &str, b: &str) -> f32 {
    let vectors = model.embed(&[a, b]).unwrap();
    vectors[0].iter().zip(&vectors[1]).map(|(x, y)| x * y).sum()
}

#[test]
fn a_fit_is_deterministic_and_learns() {
    let Some(dir) = common::model_or_skip("a_fit_is_deterministic_and_learns") else { return };
    let model = MiniLm::load(&dir, MiniLmConfig::default()).unwrap();
    let data = pairs();
    let config =
        TrainConfig { epochs: 4, batch_pairs: 4, learning_rate: 5e-3, ..TrainConfig::default() };
    let first = train_pairs(&model, &data, &data, &config, &|_, _, _| {}).unwrap();
    let again = train_pairs(&model, &data, &data, &config, &|_, _, _| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.safetensors"), dir.path().join("b.safetensors"));
    first.adapter.save(&a).unwrap();
    again.adapter.save(&b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "same seed, same bytes");
    // The training loss falls and the validation loss (here the same pairs) improves on the
    // first epoch's.
    let epochs = &first.epochs;
    assert_eq!(epochs.len(), 4);
    assert!(epochs[3].loss < epochs[0].loss, "{epochs:?}");
    let best = epochs.iter().filter_map(|epoch| epoch.validation_loss).fold(f64::MAX, f64::min);
    assert!(best < epochs[0].validation_loss.unwrap(), "{epochs:?}");
    // A saved adapter reads back to the same vectors.
    let loaded = Adapter::from_bytes(&std::fs::read(&a).unwrap()).unwrap();
    assert_eq!(loaded.rank(), 8);
    let (x, y) = ("Rain is expected in the north.", "The south will stay dry and sunny.");
    let adapted = model.with_adapter(&first.adapter).unwrap();
    let reloaded = model.with_adapter(&loaded).unwrap();
    assert_eq!(cosine(&adapted, x, y), cosine(&reloaded, x, y));
}

#[test]
fn the_builtin_adapter_separates_paraphrases_more() {
    let Some(dir) = common::model_or_skip("the_builtin_adapter_separates_paraphrases_more") else {
        return;
    };
    let base = MiniLm::load(&dir, MiniLmConfig::default()).unwrap();
    let adapted = base.with_adapter(&Adapter::builtin().unwrap()).unwrap();
    // Over the pairs above (none of them from MRPC): the mean cosine of paraphrases minus that of
    // non-paraphrases widens.
    let gap = |model: &MiniLm| {
        let (mut positive, mut negative) = (0f32, 0f32);
        for pair in pairs() {
            let value = cosine(model, &pair.a, &pair.b);
            if pair.label > 0.5 { positive += value } else { negative += value }
        }
        (positive - negative) / 4.0
    };
    let (before, after) = (gap(&base), gap(&adapted));
    assert!(after > before, "gap {before} → {after}");
}
