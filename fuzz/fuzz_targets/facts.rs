//! Facts (entities, quotes, time, figures, cited outlets) over arbitrary text: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax_core::model::{Article, DocumentId, Origin, SourceFormat};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let article = Article {
        id: DocumentId::new("fuzz"),
        origin: Origin::file("fuzz.txt"),
        format: SourceFormat::Text,
        url: None,
        outlet: None,
        title: None,
        author: None,
        date: Some("2023-09-05".into()),
        paragraphs: parallax_core::text::split_paragraphs(&text),
        sentences: parallax_core::text::split_sentences(&text),
        text,
        language: None,
        removed: Vec::new(),
        page_type: parallax_core::model::PageType::Article,
    };
    let facts = parallax_core::facts::article_facts(&article);
    let _ = parallax_core::facts::story_facts(&[(&article.id, &facts)]);
});
