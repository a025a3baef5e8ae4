//! Lists the lines an extractor adds that the gold lacks, worst pages first (an experiment).
use parallax_eval::{Extractor, load_article_extraction, score_article_extraction_page};
struct Smoothie;
impl Extractor for Smoothie {
    fn name(&self) -> &str { "dom_smoothie formatted" }
    fn extract(&self, html: &str, _url: Option<&str>) -> String {
        let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
        dom_smoothie::Readability::new(html, None, Some(cfg)).ok().and_then(|mut r| r.parse().ok()).map(|a| a.text_content.to_string()).unwrap_or_default()
    }
}
fn main() {
    let data = std::path::PathBuf::from("../shared/data");
    let ds = load_article_extraction(&data).unwrap();
    let mut rows = vec![];
    for page in &ds.pages {
        let out = Smoothie.extract(&page.html, page.url.as_deref());
        let s = score_article_extraction_page(&page.gold.text, &out);
        rows.push((s.precision().unwrap_or(0.0), s.recall().unwrap_or(0.0), page, out));
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mode = std::env::args().nth(1).unwrap_or_default();
    for (p, r, page, out) in rows.iter().take(25) {
        println!("=== {} P {:.2} R {:.2} {}", &page.id[..8], p, r, page.url.as_deref().unwrap_or(""));
        if mode == "lines" {
            for line in out.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if !page.gold.text.contains(line) { println!("   + {}", line.chars().take(110).collect::<String>()); }
            }
        }
    }
}
