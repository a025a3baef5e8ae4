//! `parallax bench corpus`: a larger corpus for scale benchmarks, made from the news corpus.
//!
//! Copy `k` (0 is the original) of each article gets the id `ID~k`, a date `k × 28` days later
//! (more than a story's 14-day span, so copies never share a story) and light perturbations: one
//! word in about 40 has two inner letters swapped, chosen by a hash of the copy, the id and the
//! word's position. The output is deterministic and written as it goes (gzip JSON Lines).

use std::io::{BufRead as _, Write as _};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;
use xxhash_rust::xxh3::xxh3_64;

/// Arguments of `parallax bench corpus`.
#[derive(Debug, Args)]
pub(crate) struct BenchCorpusArgs {
    /// The data folder holding `news-corpus/`.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: std::path::PathBuf,
    /// Copies of the corpus (1: the corpus itself).
    #[arg(long, default_value_t = 10)]
    pub(crate) copies: u32,
    /// Only the first N articles of the corpus.
    #[arg(long)]
    pub(crate) limit: Option<usize>,
    /// The file to write (gzip JSON Lines).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: std::path::PathBuf,
}

pub(crate) fn bench_corpus(args: &BenchCorpusArgs, quiet: bool) -> Result<ExitCode> {
    let path = args.data.join("news-corpus/articles.jsonl.gz");
    let out = std::fs::File::create(&args.out)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let mut out =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(out), flate2::Compression::fast());
    let mut written = 0usize;
    for copy in 0..args.copies.max(1) {
        let file = std::fs::File::open(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(file));
        for (number, line) in reader.lines().enumerate() {
            if args.limit.is_some_and(|limit| number >= limit) {
                break;
            }
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            let mut item: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: not JSON", path.display(), number + 1))?;
            if copy > 0 {
                perturb(&mut item, copy);
            }
            serde_json::to_writer(&mut out, &item)?;
            writeln!(out)?;
            written += 1;
        }
    }
    out.finish()?.flush()?;
    if !quiet {
        eprintln!("{written} articles written to {}", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Copy `copy` of an article: new id, date moved `copy × 28` days on, a few words misspelt.
fn perturb(item: &mut serde_json::Value, copy: u32) {
    let id = item["id"].as_str().unwrap_or_default().to_owned();
    item["id"] = serde_json::Value::from(format!("{id}~{copy}"));
    if let Some(day) = item["date"].as_str().and_then(parallax_core::stories::day_number) {
        item["date"] = serde_json::Value::from(civil(day + i64::from(copy) * 28));
    }
    if let Some(url) = item["url"].as_str() {
        item["url"] = serde_json::Value::from(format!("{url}#copy-{copy}"));
    }
    if let Some(text) = item["text"].as_str() {
        let mut words: Vec<String> = Vec::new();
        for (position, word) in text.split(' ').enumerate() {
            let key = format!("{copy}:{id}:{position}");
            let chars: Vec<char> = word.chars().collect();
            if chars.len() >= 4 && xxh3_64(key.as_bytes()).is_multiple_of(40) {
                let mut swapped = chars.clone();
                swapped.swap(1, 2);
                words.push(swapped.into_iter().collect());
            } else {
                words.push(word.to_owned());
            }
        }
        item["text"] = serde_json::Value::from(words.join(" "));
    }
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01; Howard Hinnant's civil_from_days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_invert_day_numbers() {
        for date in ["1970-01-01", "2016-09-20", "2000-02-29", "2023-12-31", "1999-03-01"] {
            let day = parallax_core::stories::day_number(date).unwrap();
            assert_eq!(civil(day), date);
        }
        assert_eq!(
            civil(parallax_core::stories::day_number("2016-09-20").unwrap() + 28),
            "2016-10-18"
        );
    }

    #[test]
    fn copies_differ_lightly_and_deterministically() {
        let text =
            "The quick brown foxes jumped over several sleeping dogs near the river bank today. "
                .repeat(20);
        let original = serde_json::json!({"id": "x", "date": "2016-09-20", "text": text});
        let mut copy = original.clone();
        perturb(&mut copy, 3);
        let mut again = original.clone();
        perturb(&mut again, 3);
        assert_eq!(copy, again);
        assert_eq!(copy["id"], "x~3");
        assert_eq!(copy["date"], "2016-12-13");
        let words = |value: &serde_json::Value| -> Vec<String> {
            value["text"].as_str().unwrap().split(' ').map(str::to_owned).collect()
        };
        let changed = words(&original).iter().zip(words(&copy)).filter(|(a, b)| *a != b).count();
        assert!(changed > 0 && changed < words(&original).len() / 10, "{changed}");
    }
}
