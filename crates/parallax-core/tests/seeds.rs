//! Golden test on the demo corpus (examples/kim-putin): every furniture line goes, every line of
//! the article stays, and the five copies make one story.
//!
//! The expected furniture of each seed is listed here by hand (read off the files); the article is
//! everything else except the headline. The cleaner's full output is also held as a snapshot
//! (`tests/snapshots/`), reviewed with `cargo insta review`.

use std::path::PathBuf;

use parallax_core::ingest::{self, IngestEvent};
use parallax_core::model::RawDocument;
use parallax_core::pipeline::{Pipeline, PipelineConfig};

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/kim-putin")
}

fn read_seed(name: &str) -> (String, RawDocument) {
    let path = corpus_dir().join(name);
    let bytes = std::fs::read(&path).expect("seed file");
    let text = String::from_utf8(bytes.clone()).expect("utf-8");
    let mut events =
        ingest::read(&format!("kim-putin/{name}"), bytes.as_slice(), None, &Default::default());
    let Some(IngestEvent::Document(document)) = events.next() else { panic!("no document") };
    (text, document)
}

/// (file, headline, furniture lines as they appear in the file, trimmed).
const SEEDS: &[(&str, &str, &[&str])] = &[
    (
        "000_e24eb652d985b546.txt",
        "Kim Jong Un Set to Negotiate Arms Deal with Putin in Russia",
        &[
            "Follow us on Google News! ✔️",
            "Previous articleLas Vegas Braces for Record-Breaking Labor Day Weekend Tourism Boom",
            "Next articleCanadian Ambassador Cmoc Champions Ukraine’s Security and EU Membership Ambitions",
            "Melinda Cochrane is a poet, teacher and fiction author.",
        ],
    ),
    (
        "001_f634dfd2792568c1.txt",
        "Kim to meet Putin to discuss arms deal, US officials claim",
        &[
            "Credit: CC BY 4.0",
            "Share mdi-share-variant mdi-twitter mdi-facebook",
            "Notify of",
            "Inline Feedbacks",
            "View all comments",
            "Do you agree with the Government's plan to reduce speed limits?",
            "View Results",
            "Loading ... Loading ...",
        ],
    ),
    (
        "002_7a8ee46d482e5fcf.txt",
        "Secret Summit: North Korea’s Kim Jong Un Meets Putin in Russia Amid Arms Deal Speculation",
        &[
            "Posted in: Andy Oxide, MPN, News, Updates",
            "Read the original story here:",
            "BBC Asia",
            "Sign Up Below To Get Daily Patriot Updates & Connect With Patriots From Around The Globe",
            "Let Us Unite As A Patriots Network!",
            "arms deal ballistic missile humanitarian aid international sanctions kim Kim Jong Un",
            "Leave a Reply",
            "Your email address will not be published. Required fields are marked *",
        ],
    ),
    (
        "003_5728e3b07c3681ec.txt",
        "US Reports Kim Jong Un’s Planned Visit to Putin for Discussions on Weaponry",
        &[
            "Spread the love",
            "SOURCE: Ref Image from Politico",
            "Views:1021 2",
            "Website | + posts",
            "Whether writing about complex technical topics or breaking news stories",
        ],
    ),
    (
        "004_1171f776fabb6925.txt",
        "Kim Jong-un & Putin to Meet in Russia for Weapons Talks",
        &[
            "27.3 C",
            "New York",
            "Friday, June 21, 2024",
            "Latest Posts",
            "Don't Miss",
            "Stay in touch",
            "To be updated with all the latest news, offers and special announcements.",
        ],
    ),
];

#[test]
fn every_furniture_line_goes_and_every_article_line_stays() {
    for (name, headline, furniture) in SEEDS {
        let (input, document) = read_seed(name);
        let mut pipeline = Pipeline::new(PipelineConfig::default());
        pipeline.add(document);
        let output = pipeline.run();
        assert_eq!(output.articles.len(), 1, "{name}: {:?}", output.diagnostics);
        let article = &output.articles[0];
        assert_eq!(article.title.as_deref(), Some(*headline), "{name}: headline");

        let kept: Vec<&str> = article.text.split("\n\n").collect();
        let is_furniture = |line: &str| furniture.iter().any(|junk| line.starts_with(junk));
        let mut expected = Vec::new();
        let input = parallax_core::text::normalize(&input);
        for line in input.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let unquoted = line.trim_matches(|c| c == '“' || c == '”');
            if unquoted == *headline || is_furniture(line) {
                continue;
            }
            expected.push(line);
        }
        assert_eq!(kept, expected, "{name}: the article must be exactly the non-furniture lines");
        for junk in *furniture {
            assert!(!article.text.contains(junk), "{name}: furniture kept: {junk}");
            assert!(
                article.removed.iter().any(|removal| removal.text.starts_with(junk)),
                "{name}: furniture not reported as removed: {junk}"
            );
        }
    }
}

#[test]
fn seeds_make_one_story_whatever_the_order() {
    let names: Vec<&str> = SEEDS.iter().map(|(name, _, _)| *name).collect();
    let mut reference = None;
    for rotation in 0..names.len() {
        let mut pipeline = Pipeline::new(PipelineConfig::default());
        for name in names.iter().cycle().skip(rotation).take(names.len()) {
            pipeline.add(read_seed(name).1);
        }
        let output = pipeline.run();
        assert_eq!(output.stories.len(), 1, "the five seeds tell one story");
        assert_eq!(output.stories[0].articles.len(), 5);
        let snapshot = format!("{:?}", output.stories);
        match &reference {
            None => reference = Some(snapshot),
            Some(reference) => assert_eq!(&snapshot, reference, "output depends on input order"),
        }
    }
}

#[test]
fn cleaned_seeds_snapshot() {
    let mut pipeline = Pipeline::new(PipelineConfig::default());
    for (name, _, _) in SEEDS {
        pipeline.add(read_seed(name).1);
    }
    let output = pipeline.run();
    for article in &output.articles {
        let mut rendered = format!(
            "title: {}\nlanguage: {}\nsentences: {}\n\n{}\n\n--- removed ---\n",
            article.title.as_deref().unwrap_or("-"),
            article.language.as_deref().unwrap_or("-"),
            article.sentences.len(),
            article.text
        );
        for removal in &article.removed {
            rendered.push_str(&format!(
                "{:>3} {:<22} {}\n",
                removal.line,
                removal.reason.as_str(),
                removal.text
            ));
        }
        let name = article.origin.path.trim_start_matches("kim-putin/").trim_end_matches(".txt");
        insta::assert_snapshot!(format!("seed_{name}"), rendered);
    }
}
