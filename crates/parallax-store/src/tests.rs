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
        page_type: PageType::Article,
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
fn page_types_roundtrip() {
    let mut store = Store::open_in_memory().unwrap();
    let mut forum = article("f", "A thread.");
    forum.page_type = PageType::Forum;
    store.insert_articles(&[forum.clone(), article("a", "Alpha text.")]).unwrap();
    assert_eq!(store.article(&DocumentId::new("f")).unwrap(), Some(forum));
    let all = store.articles().unwrap();
    assert_eq!(all[0].page_type, PageType::Article);
    assert_eq!(all[1].page_type, PageType::Forum);
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

#[test]
fn opens_the_committed_v6_fixture() {
    let (_dir, store) = open_fixture("schema-v6.db");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let summaries = store.story_summaries(0, 10).unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].size, 5);
    assert!(summaries[0].entities.iter().any(|name| name == "Kim Jong Un"), "{summaries:?}");
    let story = store.story(&summaries[0].id).unwrap().unwrap();
    assert_eq!(story.articles.len(), 5);
}

/// A v5 database gains the v6 columns from its stories' rows (sizes, first articles, entity
/// names read out of the facts JSON).
#[test]
fn migrating_v5_fills_the_story_summary_columns() {
    let (_dir, store) = open_fixture("schema-v5.db");
    let summaries = store.story_summaries(0, 10).unwrap();
    assert_eq!(summaries[0].size, 5);
    assert!(!summaries[0].entities.is_empty());
}

fn story(id: &str, members: &[&str]) -> Story {
    Story {
        id: id.into(),
        label: format!("Story {id}"),
        articles: members.iter().map(|m| DocumentId::new(*m)).collect(),
        keywords: Vec::new(),
        links: Vec::new(),
        facts: Default::default(),
        brief: Default::default(),
        relations: Vec::new(),
        originals: Vec::new(),
    }
}

fn ids(stories: &[Story]) -> Vec<String> {
    stories.iter().map(|story| story.id.clone()).collect()
}

/// Issue 21, "story ids are not stable": once another article joined a story, its old id (and
/// the id a POST returned) gave 404. Now a story keeps its id as it grows, and the id of a story
/// merged into another one redirects to it.
#[test]
fn issue_21_story_ids_are_stable_and_merged_ones_redirect() {
    let mut store = Store::open_in_memory().unwrap();
    store.replace_stories(&mut [story("sab", &["a", "b"]), story("scd", &["c", "d"])]).unwrap();
    // "e" joins the first story: a regroup gives it a fresh hash, the store keeps the old id.
    let mut grown = [story("sabe", &["a", "b", "e"]), story("scd", &["c", "d"])];
    store.replace_stories(&mut grown).unwrap();
    assert_eq!(ids(&grown), ["sab", "scd"]);
    assert_eq!(store.story("sab").unwrap().unwrap().articles.len(), 3);
    // "f" links both: they merge; the larger keeps its id, the other redirects.
    let mut merged = [story("sall", &["a", "b", "c", "d", "e", "f"])];
    store.update_stories(&["sab".to_owned(), "scd".to_owned()], &mut merged).unwrap();
    assert_eq!(merged[0].id, "sab");
    assert_eq!(store.story("scd").unwrap(), None);
    assert_eq!(store.resolve_story_alias("scd").unwrap().as_deref(), Some("sab"));
    assert_eq!(store.story_count().unwrap(), 1);
    // An alias follows a later merge too.
    store.update_stories(&[], &mut [story("sz", &["z"])]).unwrap();
    let mut again = [story("snew", &["a", "b", "c", "d", "e", "f", "z"]), story("sx", &["x"])];
    store.replace_stories(&mut again).unwrap();
    assert_eq!(ids(&again)[0], "sab");
    assert_eq!(store.resolve_story_alias("sz").unwrap().as_deref(), Some("sab"));
    assert_eq!(store.resolve_story_alias("scd").unwrap().as_deref(), Some("sab"));
}

/// Stories read back largest first, then by first article, also after a partial update.
#[test]
fn stories_keep_their_order_after_a_partial_update() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .replace_stories(&mut [
            story("s1", &["a", "b", "c"]),
            story("s2", &["d", "e"]),
            story("s3", &["f"]),
        ])
        .unwrap();
    store.update_stories(&["s3".to_owned()], &mut [story("s3new", &["f", "g", "h", "i"])]).unwrap();
    let order = ids(&store.stories().unwrap());
    assert_eq!(order, ["s3", "s1", "s2"]);
    assert_eq!(ids(&store.stories_page(1, 1).unwrap()), ["s1"]);
}

/// Issue 21, "a 4 MB text without full stops breaks the database for good": the article row was
/// committed, its facts then failed to store ("string or blob too big"), and every later run
/// recomputed them and failed again. Now an article goes in with its facts or not at all, a
/// refused one is named, and the others of the batch are stored.
#[test]
fn issue_21_an_article_whose_data_cannot_be_stored_is_refused_whole() {
    let mut store = Store::open_in_memory().unwrap();
    store.set_max_value_bytes(10_000).unwrap();
    let small = article("small", "A short article.");
    let huge = article("huge", &"word ".repeat(5_000));
    let other = article("other", "Another short one.");
    let facts = parallax_core::facts::ArticleFacts::default();
    let outcome = store
        .insert_articles_with_facts(&[(&small, &facts), (&huge, &facts), (&other, &facts)])
        .unwrap();
    assert_eq!(outcome.report, InsertReport { added: 2, existing: 0 });
    assert_eq!(outcome.rejected.len(), 1);
    assert_eq!(outcome.rejected[0].id, DocumentId::new("huge"));
    assert_eq!(outcome.rejected[0].origin, huge.origin);
    assert!(outcome.rejected[0].reason.contains("too big"), "{}", outcome.rejected[0].reason);
    // Nothing of it was stored: no article row, no removals, no facts; the others are whole.
    assert!(!store.contains(&DocumentId::new("huge")).unwrap());
    assert!(store.ids_without_facts().unwrap().is_empty());
    assert_eq!(store.article_count().unwrap(), 2);
    // A later run is not poisoned by it.
    let later = article("later", "A later article.");
    let outcome = store.insert_articles_with_facts(&[(&later, &facts)]).unwrap();
    assert_eq!(outcome.report.added, 1);
    assert!(outcome.rejected.is_empty());
}

/// Issue 21, "two ingests into one database clash": started together, one failed after about
/// 2 s with "database is locked" (a deferred transaction that read, then wrote after the other
/// wrote). Writers now take the writer lock and SQLite's write lock up front: both complete.
#[test]
fn issue_21_two_writers_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    Store::open(&path).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let path = path.clone();
            std::thread::spawn(move || {
                for round in 0..20 {
                    let _lock = WriterLock::acquire(&path, |_| {}).unwrap();
                    let mut store = Store::open(&path).unwrap();
                    let id = format!("w{writer}-{round}");
                    let stored = store.articles().unwrap().len();
                    let facts = parallax_core::facts::ArticleFacts::default();
                    let outcome = store
                        .insert_articles_with_facts(&[(&article(&id, "Some text."), &facts)])
                        .unwrap();
                    assert_eq!(outcome.report.added, 1);
                    let mut stories = [story(&format!("s{id}"), &[&id])];
                    store.update_stories(&[], &mut stories).unwrap();
                    assert_eq!(store.articles().unwrap().len(), stored + 1);
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.article_count().unwrap(), 40);
    assert_eq!(store.story_count().unwrap(), 40);
}

/// Readers open the file read-only and see what the writer committed.
#[test]
fn read_only_handles_read_alongside_the_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("read.db");
    let mut writer = Store::open(&path).unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    assert_eq!(reader.article_count().unwrap(), 0);
    writer.insert_articles(&[article("a", "Alpha.")]).unwrap();
    assert_eq!(reader.article_count().unwrap(), 1);
    assert!(
        reader.relation_between(&DocumentId::new("a"), &DocumentId::new("b")).unwrap().is_none()
    );
    assert!(matches!(
        Store::open_read_only(&dir.path().join("missing.db")),
        Err(StoreError::Sqlite(_))
    ));
}
