//! Sentence embedding throughput: `cargo run --release -p parallax-embed --example throughput --
//! SENTENCES.txt [BATCH] [LIMIT]` (one sentence per line). Prints sentences/s and mean tokens.

use std::time::Instant;

use parallax_embed::{MiniLm, MiniLmConfig, fetch};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: throughput SENTENCES.txt [BATCH] [LIMIT]")?;
    let batch: usize = args.get(2).map_or(Ok(32), |value| value.parse())?;
    let limit: usize = args.get(3).map_or(Ok(2000), |value| value.parse())?;
    let text = std::fs::read_to_string(path)?;
    let sentences: Vec<&str> =
        text.lines().filter(|line| !line.trim().is_empty()).take(limit).collect();
    let dir = fetch::ensure_model(None, &fetch::cache_dir())?;
    let model = MiniLm::load(&dir, MiniLmConfig { batch_size: batch, ..MiniLmConfig::default() })?;
    let tokens: usize = model.token_counts(&sentences)?.iter().sum();
    model.embed(&sentences[..sentences.len().min(batch)])?;
    let start = Instant::now();
    let vectors = model.embed(&sentences)?;
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} sentences, mean {:.1} tokens, batch {batch}: {:.1} s, {:.0} sentences/s, dim {}",
        sentences.len(),
        tokens as f64 / sentences.len() as f64,
        seconds,
        sentences.len() as f64 / seconds,
        vectors.first().map_or(0, Vec::len)
    );
    Ok(())
}
