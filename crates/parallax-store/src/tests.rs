use parallax_core::model::{
    Article, DocumentId, Origin, Removal, RemovalReason, SourceFormat, Span, Story, StoryLink,
};

use super::*;

fn article(id: &str, text: &str) -> Article {
    Article {
        id: DocumentId::new(id),
        origin: Origin::record("in.jsonl", 3),
        format: SourceFormat::Text,
        url: Some("https://example.org/a".into()),
        outlet: Some("example.org".into()),
        title: Some(format!("Title {id}")),
        author: None,
        date: Some("2023-09-05".into()),
        text: text.into(),
        paragraphs: vec![Span { start: 0, end: text.len() }],
        sentences: vec![Span { start: 0, end: text.len() }],
        language: Some("eng".into()),
        removed: vec![Removal {
            line: 4,
            text: "Follow us".into(),
            reason: RemovalReason::CallToAction,
        }],
    }
}

#[test]
fn insert_is_idempotent_and_roundtrips() {
    let mut store = Store::open_in_memory().unwrap();
    let first =
        store.insert_articles(&[article("a", "Alpha text."), article("b", "Beta text.")]).unwrap();
    assert_eq!(first, InsertReport { added: 2, existing: 0 });
    let again =
        store.insert_articles(&[article("b", "Beta text."), article("c", "Gamma.")]).unwrap();
    assert_eq!(again, InsertReport { added: 1, existing: 1 });
    assert_eq!(store.article_count().unwrap(), 3);
    assert_eq!(store.article(&DocumentId::new("a")).unwrap(), Some(article("a", "Alpha text.")));
    let all = store.articles().unwrap();
    assert_eq!(all.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(all[2].removed.len(), 1);
}

#[test]
fn stories_replace_and_prefix_lookup() {
    let mut store = Store::open_in_memory().unwrap();
    let story = Story {
        id: "s0123456789ab".into(),
        label: "Kim meets Putin".into(),
        articles: vec![DocumentId::new("a"), DocumentId::new("b")],
        keywords: vec!["kim".into(), "putin".into()],
        links: vec![StoryLink {
            a: DocumentId::new("a"),
            b: DocumentId::new("b"),
            similarity: 0.5,
        }],
        facts: Default::default(),
        brief: Default::default(),
        relations: vec![parallax_core::model::Relation {
            a: DocumentId::new("a"),
            b: DocumentId::new("b"),
            kind: parallax_core::model::RelationKind::SameStory,
            scores: parallax_core::model::RelationScores { lexical: 0.5, ..Default::default() },
            passages: Vec::new(),
            direction: None,
        }],
        originals: vec![DocumentId::new("a")],
    };
    store.replace_stories(&mut [story.clone()]).unwrap();
    store.replace_stories(&mut [story.clone()]).unwrap();
    assert_eq!(store.stories().unwrap(), vec![story.clone()]);
    assert_eq!(store.story("s012").unwrap(), Some(story));
    assert_eq!(store.story("zzzz").unwrap(), None);
}

#[test]
fn reopening_a_file_keeps_data_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_articles(&[article("a", "Alpha.")]).unwrap();
        store
            .record_diagnostics(&[parallax_core::model::Diagnostic::error(
                Origin::record("x:y.jsonl", 2),
                "bad",
            )])
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.article_count().unwrap(), 1);
    assert_eq!(store.diagnostics().unwrap()[0].origin, Origin::record("x:y.jsonl", 2));
}

#[test]
fn refuses_foreign_and_newer_databases() {
    let dir = tempfile::tempdir().unwrap();
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x);").unwrap();
    assert!(matches!(Store::open(&foreign), Err(StoreError::NotParallax { .. })));
    let newer = dir.path().join("newer.db");
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    assert!(matches!(Store::open(&newer), Err(StoreError::TooNew { found: 999, .. })));
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "this is not a database, just some text that is long enough ...")
        .unwrap();
    assert!(matches!(Store::open(&text), Err(StoreError::NotParallax { .. })));
}

/// Opens a copy of a committed fixture (the copy may be migrated; the fixture stays as it is).
fn open_fixture(name: &str) -> (tempfile::TempDir, Store) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(name);
    std::fs::copy(&path, &copy).unwrap();
    let store = Store::open(&copy).unwrap();
    (dir, store)
}

#[test]
fn opens_the_committed_v1_fixture() {
    let (_dir, store) = open_fixture("schema-v1.db");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.article_count().unwrap(), 5);
    assert_eq!(store.stories().unwrap().len(), 1);
    // A v1 story has no relations until the stories are regrouped.
    assert!(store.stories().unwrap()[0].relations.is_empty());
}

#[test]
fn opens_the_committed_v2_fixture() {
    let (_dir, store) = open_fixture("schema-v2.db");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let stories = store.stories().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].relations.len(), 10, "every pair of the five seeds");
}

#[test]
fn facts_roundtrip_and_old_rows_have_none() {
    let (_dir, mut store) = open_fixture("schema-v2.db");
    // Articles stored before schema 3 have no facts yet.
    let missing = store.ids_without_facts().unwrap();
    assert_eq!(missing.len(), 5);
    assert!(store.stories().unwrap()[0].facts.entities.is_empty());
    let text = "Kremlin spokesman Dmitry Peskov said Putin would meet Kim Jong Un in Vladivostok.";
    let mut seed = article("a", text);
    seed.sentences = parallax_core::text::split_sentences(text);
    let facts = parallax_core::facts::article_facts(&seed);
    assert!(facts.entities.iter().any(|entity| entity.name == "Dmitry Peskov"));
    store.put_facts(&[(&missing[0], &facts)]).unwrap();
    assert_eq!(store.ids_without_facts().unwrap().len(), 4);
    assert_eq!(store.facts(&missing[0]).unwrap(), Some(facts.clone()));
    assert_eq!(store.all_facts().unwrap(), vec![(missing[0].clone(), facts.clone())]);
    // Story facts go with the story.
    let mut story = store.stories().unwrap().remove(0);
    story.facts = parallax_core::facts::story_facts(&[(&missing[0], &facts)]);
    assert!(!story.facts.entities.is_empty());
    store.replace_stories(&mut [story.clone()]).unwrap();
    assert_eq!(store.stories().unwrap()[0].facts, story.facts);
}

#[test]
fn full_text_search_finds_articles_and_stories() {
    let (_dir, mut store) = open_fixture("schema-v2.db");
    // The fixture's articles were indexed by the migration's rebuild.
    let hits = store.search_articles("Vostochny", 10).unwrap();
    assert!(!hits.is_empty());
    assert!(hits[0].snippet.contains("[Vostochny]"), "{}", hits[0].snippet);
    assert_eq!(store.search_stories("vostochny", 10).unwrap().len(), 1);
    // New articles are indexed by the triggers; syntax in a query is just words.
    store.insert_articles(&[article("z", "Zanzibar ferry timetable.")]).unwrap();
    assert_eq!(store.search_articles("zanzibar", 10).unwrap()[0].id, DocumentId::new("z"));
    assert!(store.search_articles("\"unbalanced AND (", 10).unwrap().is_empty());
    assert!(store.search_articles("  ", 10).unwrap().is_empty());
    assert!(store.search_stories("zanzibar", 10).unwrap().is_empty());
}

#[test]
fn opens_the_committed_v4_fixture() {
    let (_dir, store) = open_fixture("schema-v4.db");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.ids_without_facts().unwrap().is_empty(), "v4 stores every article's facts");
    let story = store.stories().unwrap().remove(0);
    assert!(story.facts.entities.iter().any(|entity| entity.name == "Kim Jong Un"));
    assert!(!story.facts.timeline.is_empty());
    assert_eq!(store.search_stories("Vostochny", 5).unwrap(), vec![story.id.clone()]);
    assert_eq!(store.story_count().unwrap(), 1);
    assert_eq!(store.stories_page(0, 10).unwrap(), vec![story.clone()]);
    assert!(store.stories_page(1, 10).unwrap().is_empty());
    // Stored before the brief existed: it reads back empty until the stories are regrouped.
    assert!(story.brief.is_empty());
}

#[test]
fn opens_the_committed_v5_fixture() {
    let (_dir, mut store) = open_fixture("schema-v5.db");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let story = store.stories().unwrap().remove(0);
    let brief = &story.brief;
    assert!(!brief.claims.is_empty());
    assert_eq!(brief.provenance.len(), 5);
    assert!(brief.contradictions.iter().any(|x| x.kind.as_str() == "place" && x.change_over_time));
    // The brief goes with the story.
    store.replace_stories(&mut [story.clone()]).unwrap();
    assert_eq!(&store.stories().unwrap()[0].brief, brief);
}
