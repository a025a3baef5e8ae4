//! Pair evidence: how likely two articles are to report one event, from a learned logistic
//! model ([`Logistic`]) over what they share and where they disagree.
//!
//! Words alone cannot keep two events of one kind apart (two earthquakes on one island, two
//! players of one team arrested for drunk driving): their articles share the topic's words.
//! What tells them apart is who and what the articles name, the figures they state and the
//! years they are written in. The features ([`PAIR_FEATURES`]):
//!
//! - `text`, `lead`: cosines of the tf-idf vectors of the whole article and of its title and
//!   first sentences;
//! - `names`: cosine of the vectors of capitalised words (people, places, organisations);
//! - `numbers`: Jaccard overlap of the figures stated (ages, tolls, scores, sums; years and
//!   figures under 10 left out);
//! - `lead_years`, `years`: +1 when the years the leads state (a dateline, mostly), or the
//!   years the texts state most often, differ; −1 when they agree; 0 when either states none;
//! - `days`: `ln(1 + d)` for dates `d` days apart (0 when either is undated);
//! - `semantic`: the cosine of the title-and-lead embeddings, rescaled so that unrelated news
//!   scores about 0 (0 without a model; a separate fit is used then).
//!
//! The weights are fitted by `parallax train stories` on ECB+ dev (two real events of one kind
//! per topic) and BASIL dev among news distractors.

use std::sync::OnceLock;

use super::{TermVectors, cosine};
use crate::learn::{Logistic, WeightsError};
use crate::model::Article;

/// Number of pair features.
pub const PAIR_FEATURE_COUNT: usize = 8;

/// The pair features, in the order of [`PairModel`]'s weights.
pub const PAIR_FEATURES: [&str; PAIR_FEATURE_COUNT] =
    ["text", "lead", "names", "numbers", "lead_years", "years", "days", "semantic"];

/// The probability that two articles report one event.
pub type PairModel = Logistic<PAIR_FEATURE_COUNT>;

/// The header line of a pair model file.
const HEADER: &str = "parallax.story-pairs/v1";

/// The weights file of a pair model.
pub fn to_text(model: &PairModel) -> String {
    model.to_text(HEADER, &PAIR_FEATURES)
}

/// Reads a weights file written by [`to_text`].
pub fn from_text(text: &str) -> Result<PairModel, WeightsError> {
    PairModel::from_text(text, HEADER, &PAIR_FEATURES)
}

/// The built-in pair model for grouping with title-and-lead embeddings (`model`) or without.
pub fn builtin(model: bool) -> &'static PairModel {
    static LEXICAL: OnceLock<PairModel> = OnceLock::new();
    static MODEL: OnceLock<PairModel> = OnceLock::new();
    let (cell, text) = if model {
        (&MODEL, include_str!("pairs_model.txt"))
    } else {
        (&LEXICAL, include_str!("pairs_lexical.txt"))
    };
    // The files are checked by a unit test; a broken one falls back to the text cosine alone.
    cell.get_or_init(|| from_text(text).unwrap_or_else(|_| text_only()))
}

/// A model that weighs the text cosine alone (the fallback): 0.5 at a cosine of 0.25.
fn text_only() -> PairModel {
    let mut weights = [0.0; PAIR_FEATURE_COUNT];
    weights[0] = 12.0;
    PairModel { weights, bias: -3.0 }
}

/// What an article states that pins its event down, beyond its words: figures and years.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// Hashes of the figures stated (sorted, distinct).
    numbers: Vec<u64>,
    /// Years stated in the title and lead, and the year of the article's date (sorted,
    /// distinct).
    lead_years: Vec<u16>,
    /// The year stated most often in the whole article (ties: the earliest).
    year: Option<u16>,
}

impl Marks {
    /// The marks of an article.
    pub fn of(article: &Article) -> Marks {
        let title = article.title.as_deref().unwrap_or("");
        let mut numbers = Vec::new();
        let mut years: Vec<u16> = Vec::new();
        let mut lead_years = Vec::new();
        let lead_sentences = super::LEAD_SENTENCES + 1;
        let texts = std::iter::once(title).chain(article.sentence_texts());
        for (index, text) in texts.enumerate() {
            for figure in figures(text) {
                match figure {
                    Figure::Year(year) => {
                        years.push(year);
                        if index < lead_sentences {
                            lead_years.push(year);
                        }
                    }
                    Figure::Number(number) => {
                        numbers.push(xxhash_rust::xxh3::xxh3_64(number.as_bytes()));
                    }
                }
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        years.sort_unstable();
        let mut year = None;
        let mut best = 0;
        for run in years.chunk_by(|a, b| a == b) {
            if run.len() > best {
                best = run.len();
                year = Some(run[0]);
            }
        }
        // The article's own date counts as stated in its lead (a dateline, often).
        if let Some(year) = article.date.as_deref().and_then(|date| date.get(..4)?.parse().ok()) {
            lead_years.push(year);
        }
        lead_years.sort_unstable();
        lead_years.dedup();
        Marks { numbers, lead_years, year }
    }
}

/// The features of a pair of articles `a` and `b`: `text` the tf-idf cosine of their whole
/// texts (which the callers' prefilter has computed), `days` the days between their dates (none
/// when either is undated), `semantic` the rescaled embedding cosine (0 without embeddings).
pub fn features(
    terms: &TermVectors,
    marks: &[Marks],
    a: usize,
    b: usize,
    text: f64,
    days: Option<i64>,
    semantic: f64,
) -> [f64; PAIR_FEATURE_COUNT] {
    let (x, y) = (&marks[a], &marks[b]);
    let shared = crate::dedup::sorted_intersection(&x.numbers, &y.numbers);
    let union = x.numbers.len() + y.numbers.len() - shared;
    let numbers = if union == 0 { 0.0 } else { shared as f64 / union as f64 };
    let lead_years = if x.lead_years.is_empty() || y.lead_years.is_empty() {
        0.0
    } else if crate::dedup::sorted_intersection(&x.lead_years, &y.lead_years) > 0 {
        -1.0
    } else {
        1.0
    };
    let years = match (x.year, y.year) {
        (Some(p), Some(q)) if p == q => -1.0,
        (Some(_), Some(_)) => 1.0,
        _ => 0.0,
    };
    [
        text,
        cosine(&terms.leads[a], &terms.leads[b]),
        cosine(&terms.names[a], &terms.names[b]),
        numbers,
        lead_years,
        years,
        days.map_or(0.0, |days| (days.unsigned_abs() as f64).ln_1p()),
        semantic,
    ]
}

/// A figure in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Figure<'a> {
    /// A four-digit number from 1900 to 2099 standing alone.
    Year(u16),
    /// Any other number of at least 10 (or with a decimal part), as written without
    /// thousands separators.
    Number(std::borrow::Cow<'a, str>),
}

/// The figures of a text: runs of digits, with `.` or `,` between digits.
fn figures(text: &str) -> impl Iterator<Item = Figure<'_>> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if !bytes[at].is_ascii_digit() || (at > 0 && bytes[at - 1].is_ascii_alphanumeric()) {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len()
                && (bytes[at].is_ascii_digit()
                    || (matches!(bytes[at], b'.' | b',')
                        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)))
            {
                at += 1;
            }
            // Glued to letters ("3D", "MS08"): not a figure.
            if bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
                continue;
            }
            let raw = &text[start..at];
            if raw.len() == 4
                && let Ok(year) = raw.parse::<u16>()
                && (1900..2100).contains(&year)
            {
                return Some(Figure::Year(year));
            }
            let number: std::borrow::Cow<'_, str> =
                if raw.contains(',') { raw.replace(',', "").into() } else { raw.into() };
            if number.len() >= 2 || number.contains('.') {
                return Some(Figure::Number(number));
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_weights_parse() {
        for (model, text) in
            [(false, include_str!("pairs_lexical.txt")), (true, include_str!("pairs_model.txt"))]
        {
            let parsed = from_text(text).expect("the shipped weights parse");
            assert_eq!(from_text(&to_text(&parsed)).as_ref(), Ok(&parsed));
            assert_eq!(builtin(model), &parsed);
        }
    }

    #[test]
    fn figures_and_years() {
        let found: Vec<Figure<'_>> =
            figures("In 2008, 1,200 people (5.2 magnitude, 3 dead) saw MS08-078 and 3D at 45")
                .collect();
        assert_eq!(
            found,
            vec![
                Figure::Year(2008),
                Figure::Number("1200".into()),
                Figure::Number("5.2".into()),
                Figure::Number("078".into()),
                Figure::Number("45".into()),
            ]
        );
    }

    fn article(title: &str, text: &str) -> Article {
        crate::pipeline::clean_batch(
            vec![crate::model::RawDocument {
                title: Some(title.to_owned()),
                ..crate::model::RawDocument::new(
                    crate::model::Origin::file("t"),
                    crate::model::Body::Text(text.to_owned()),
                )
            }],
            &Default::default(),
        )
        .0
        .remove(0)
    }

    #[test]
    fn marks_state_years_and_figures() {
        let a = article(
            "Quake hits island, 2008",
            "A quake of magnitude 5.2 hit the island on Sunday.\\n\\nIn 2005 a quake killed 13 people. In 2005 too.",
        );
        let marks = Marks::of(&a);
        assert_eq!(marks.lead_years, vec![2005, 2008]);
        assert_eq!(marks.year, Some(2005));
        assert_eq!(marks.numbers.len(), 2);
    }

    #[test]
    fn features_see_conflicting_years() {
        let articles = [
            article("Quake in 2008", "A quake of magnitude 5.2 hit the island of Qeshm."),
            article("Quake in 2005", "A quake of magnitude 5.9 hit the island of Qeshm."),
            article("Quake in 2008", "The quake, magnitude 5.2, hit Qeshm island."),
        ];
        let terms = TermVectors::new(&articles);
        let marks: Vec<Marks> = articles.iter().map(Marks::of).collect();
        let other_year = features(&terms, &marks, 0, 1, terms.cosine(0, 1), None, 0.0);
        let same_year = features(&terms, &marks, 0, 2, terms.cosine(0, 2), None, 0.0);
        assert_eq!((other_year[4], same_year[4]), (1.0, -1.0));
        assert_eq!((other_year[3], same_year[3]), (0.0, 1.0));
        assert!(other_year[2] > 0.0 && same_year[2] > 0.0);
    }
}
