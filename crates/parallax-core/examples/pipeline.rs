//! The whole pipeline on a folder of articles, in one page: read the files, run the pipeline,
//! print each story with its articles and what the cleaner removed.
//!
//! Run it on the demo corpus with `cargo run -p parallax-core --example pipeline -- examples/kim-putin`.

use parallax_core::ingest::{self, IngestConfig, IngestEvent};
use parallax_core::pipeline::{Pipeline, PipelineConfig};

fn main() -> std::io::Result<()> {
    let folder = std::env::args().nth(1).unwrap_or_else(|| "examples/kim-putin".to_owned());
    let mut entries: Vec<_> =
        std::fs::read_dir(&folder)?.filter_map(Result::ok).map(|entry| entry.path()).collect();
    entries.sort();

    // Ingest parses bytes; opening the files is the caller's job (the core does no IO).
    let mut pipeline = Pipeline::new(PipelineConfig::default());
    for path in entries {
        let file = std::fs::File::open(&path)?;
        for event in ingest::read(&path.display().to_string(), file, None, &IngestConfig::default())
        {
            match event {
                IngestEvent::Document(document) => pipeline.add(document),
                IngestEvent::Diagnostic(diagnostic) => eprintln!("{diagnostic}"),
            }
        }
    }

    // Clean every document, then group the articles into stories.
    let output = pipeline.run();
    for story in &output.stories {
        println!("story {}: {} ({} articles)", story.id, story.label, story.articles.len());
        for link in &story.links {
            println!("  link {} {} {}", link.a, link.b, link.similarity);
        }
        for id in &story.articles {
            let article = output.articles.iter().find(|article| &article.id == id).expect("member");
            println!("  {id}  {}", article.title.as_deref().unwrap_or("(untitled)"));
            for removal in &article.removed {
                println!(
                    "      removed [{}] {}",
                    removal.reason,
                    removal.text.chars().take(70).collect::<String>()
                );
            }
        }
    }
    Ok(())
}
