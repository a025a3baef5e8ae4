//! Compares extractor variants on quality and single-thread speed (an experiment harness).
//! `cargo run --release -p parallax-eval --example variants -- ../shared/data`
use parallax_eval::{Extractor, ThroughputConfig, load_article_extraction, load_wcxb, measure_throughput, run};

struct Traf(rs_trafilatura::Options, &'static str);
impl Extractor for Traf {
    fn name(&self) -> &str { self.1 }
    fn extract(&self, html: &str, url: Option<&str>) -> String {
        let mut options = self.0.clone();
        options.url = url.map(str::to_owned);
        rs_trafilatura::extract_with_options(html, &options).map(|r| r.content_text).unwrap_or_default()
    }
}
struct Smoothie;
impl Extractor for Smoothie {
    fn name(&self) -> &str { "dom_smoothie formatted" }
    fn extract(&self, html: &str, _url: Option<&str>) -> String {
        let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
        dom_smoothie::Readability::new(html, None, Some(cfg)).ok().and_then(|mut r| r.parse().ok()).map(|a| a.text_content.to_string()).unwrap_or_default()
    }
}
struct ParseOnly;
impl Extractor for ParseOnly {
    fn name(&self) -> &str { "html5ever parse only" }
    fn extract(&self, html: &str, _url: Option<&str>) -> String {
        let doc = dom_query::Document::from(html);
        doc.root().children().len().to_string()
    }
}

fn main() {
    let data = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/data".into()));
    let which = std::env::args().nth(2).unwrap_or_default();
    let mut variants: Vec<Box<dyn Extractor>> = vec![];
    let d = rs_trafilatura::Options::default();
    if which.is_empty() || which.contains('a') { variants.push(Box::new(Traf(d.clone(), "rs-traf default"))); }
    if which.is_empty() || which.contains('b') { variants.push(Box::new(Traf(rs_trafilatura::Options { use_fallback_extraction: false, ..d.clone() }, "rs-traf no fallback"))); }
    if which.is_empty() || which.contains('c') { variants.push(Box::new(Traf(rs_trafilatura::Options { page_type: Some(rs_trafilatura::page_type::PageType::Article), ..d.clone() }, "rs-traf page_type=article"))); }
    if which.is_empty() || which.contains('d') { variants.push(Box::new(Smoothie)); }
    if which.is_empty() || which.contains('e') { variants.push(Box::new(ParseOnly)); }
    for dataset in [load_article_extraction(&data).unwrap(), load_wcxb(&data).unwrap()] {
        for v in &variants {
            let report = run(&dataset, v.as_ref(), 1).unwrap();
            let t = measure_throughput(&dataset.pages, v.as_ref(), &ThroughputConfig { passes: 1, threads: 1, warmup_passes: 0 }).unwrap();
            println!("{:?} {:<28} F1 {:.3} P {:.3} R {:.3}  {:.1} pages/s", dataset.kind, v.name(), report.scores.f1(), report.scores.precision(), report.scores.recall(), t.single_thread.pages_per_second);
        }
    }
}
