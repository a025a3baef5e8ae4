//! Lists the worst pages of Parallax's HTML extractor on a data set, with the gold lines it
//! misses (`missed`) or the lines it adds (`added`). An experiment harness:
//! `cargo run --release -p parallax-eval --example errors -- wcxb missed`
use parallax_eval::{
    Gold, load_article_extraction, load_wcxb, score_article_extraction_page, score_wcxb_page,
};
fn main() {
    let data = std::path::PathBuf::from("../shared/data");
    let which = std::env::args().nth(1).unwrap_or_else(|| "wcxb".into());
    let mode = std::env::args().nth(2).unwrap_or_else(|| "missed".into());
    let dataset = if which == "wcxb" {
        load_wcxb(&data).unwrap()
    } else {
        load_article_extraction(&data).unwrap()
    };
    let config = parallax_core::clean::HtmlCleanConfig::default();
    let mut rows = vec![];
    for page in &dataset.pages {
        let out = parallax_core::clean::extract_html(&page.html, page.url.as_deref(), &config)
            .map(|e| e.text)
            .unwrap_or_default();
        let (p, r) = if which == "wcxb" {
            let s = score_wcxb_page(&page.gold, &out);
            (s.precision, s.recall)
        } else {
            let s = score_article_extraction_page(&page.gold.text, &out);
            (s.precision().unwrap_or(0.0), s.recall().unwrap_or(0.0))
        };
        rows.push((if mode == "missed" { r } else { p }, p, r, page, out));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (_, p, r, page, out) in rows.iter().take(20) {
        println!("=== {} P {:.2} R {:.2} {}", page.id, p, r, page.url.as_deref().unwrap_or(""));
        let (source, target): (&str, &str) =
            if mode == "missed" { (&page.gold.text, out) } else { (out, &page.gold.text) };
        let mut shown = 0;
        for line in source.lines().map(str::trim).filter(|l| l.len() > 3) {
            if !target.contains(line) && shown < 8 {
                println!(
                    "   {} {}",
                    if mode == "missed" { "-" } else { "+" },
                    line.chars().take(120).collect::<String>()
                );
                shown += 1;
            }
        }
        let _ = Gold::default();
    }
}
