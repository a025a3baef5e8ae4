//! End-to-end tests of the `parallax` binary: one test binary, each test a command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("run parallax")
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn analyze_the_demo_corpus() {
    let output = parallax(&["analyze", "--no-model", "examples/kim-putin"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("5 articles in 1 story (5 read, 5 new, 0 rejected)"), "{text}");
    assert!(text.contains("Kim Jong-un & Putin to Meet in Russia for Weapons Talks"));
}

#[test]
fn analyze_json_follows_the_documented_schema() {
    let output =
        parallax(&["analyze", "--no-model", "--json", "--with-text", "examples/kim-putin"]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["schema"], "parallax.report/v1");
    assert_eq!(report["summary"]["articles"], 5);
    assert_eq!(report["stories"].as_array().unwrap().len(), 1);
    assert_eq!(report["stories"][0]["articles"].as_array().unwrap().len(), 5);
    let articles = report["articles"].as_array().unwrap();
    for article in articles {
        let text = article["text"].as_str().unwrap();
        assert!(!text.contains("Follow us on Google News"));
        assert!(!text.contains("mdi-share-variant"));
        assert!(!article["removed"].as_array().unwrap().is_empty());
        for removal in article["removed"].as_array().unwrap() {
            assert!(
                removal["reason"].is_string()
                    && removal["text"].is_string()
                    && removal["line"].is_u64()
            );
        }
    }
}

/// Issue 20's golden test: the quote list a reader gets names a person or organisation for
/// every quote, keeps the demo's real speakers, and leaves the rest to the JSON, marked.
#[test]
fn the_demo_quote_list_names_a_speaker_for_every_quote() {
    let output = parallax(&["analyze", "--no-model", "--json", "examples/kim-putin"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let quotes = report["stories"][0]["quotes"].as_array().unwrap();
    let kind_of = |source: &str| {
        quotes
            .iter()
            .find(|quote| quote["source"] == source)
            .map(|quote| quote["speaker_kind"].as_str().unwrap().to_owned())
    };
    for (source, kind) in [
        ("who", "pronoun"),
        ("It", "pronoun"),
        ("per sources", "not_a_speaker"),
        ("This confluence of events", "not_a_speaker"),
        ("this development", "not_a_speaker"),
        ("North Korea faces", "not_a_speaker"),
    ] {
        assert_eq!(kind_of(source).as_deref(), Some(kind), "{source}");
    }
    assert!(quotes.iter().all(|quote| quote["speaker_kind"].is_string()));

    let human = stdout(&parallax(&["analyze", "--no-model", "examples/kim-putin"]));
    let listed: Vec<&str> = human
        .lines()
        .skip_while(|line| line.trim() != "quotes:")
        .skip(1)
        .take_while(|line| line.starts_with("    "))
        .collect();
    let speaker_of = |line: &str| line.trim().split(" (").next().unwrap_or("").to_owned();
    let speakers: Vec<String> = listed.iter().map(|line| speaker_of(line)).collect();
    for expected in [
        "Adrienne Watson",
        "John Kirby",
        "Dmitry Peskov",
        "John Everard",
        "Rorry Daniels",
        "Park Won-gon",
        "Kremlin",
        "White House",
    ] {
        assert!(speakers.iter().any(|speaker| speaker == expected), "{expected}: {speakers:?}");
    }
    for absent in ["who", "It", "per sources", "This confluence of events", "this development"] {
        assert!(!speakers.iter().any(|speaker| speaker == absent), "{absent}: {speakers:?}");
    }
    assert!(!speakers.iter().any(|speaker| speaker == "(unattributed)"), "{speakers:?}");
    assert!(
        listed.last().is_some_and(|line| line.contains("with no person or organisation as source")),
        "{listed:?}"
    );
}

#[test]
fn extract_json_has_text_title_and_removals() {
    let output = parallax(&["extract", "--json", "examples/kim-putin/003_5728e3b07c3681ec.txt"]);
    assert_eq!(output.status.code(), Some(0));
    let line = stdout(&output);
    let record: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    assert_eq!(record["schema"], "parallax.extract/v1");
    assert_eq!(
        record["title"],
        "US Reports Kim Jong Un’s Planned Visit to Putin for Discussions on Weaponry"
    );
    assert!(record["text"].as_str().unwrap().contains("John Everard, a former UK ambassador"));
    let reasons: Vec<&str> = record["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"counter"), "{reasons:?}");
}

#[test]
fn ingest_is_incremental_and_stories_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let db = db.to_str().unwrap();
    let first = parallax(&["ingest", "--no-model", "--db", db, "examples/kim-putin"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(stdout(&first).contains("5 read, 5 added, 0 already stored"), "{}", stdout(&first));
    let again = parallax(&["ingest", "--no-model", "--db", db, "examples/kim-putin"]);
    assert!(stdout(&again).contains("5 read, 0 added, 5 already stored"), "{}", stdout(&again));

    let stories = parallax(&["stories", "--db", db, "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&stories.stdout).unwrap();
    let id = report["stories"][0]["id"].as_str().unwrap().to_owned();
    let story = parallax(&["story", &id[..6], "--db", db]);
    assert_eq!(story.status.code(), Some(0), "{}", stderr(&story));
    assert!(stdout(&story).contains("Vostochny"));
    let missing = parallax(&["story", "nonexistent", "--db", db]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no story `nonexistent`"));
}

#[test]
fn bad_inputs_are_listed_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "good.txt",
        "Kim to meet Putin\n\nNorth Korean leader Kim Jong Un will travel to Russia to meet President Vladimir Putin, officials said.\n",
    );
    write(dir.path(), "empty.txt", "");
    std::fs::write(dir.path().join("binary.html"), [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 0])
        .unwrap();
    write(
        dir.path(),
        "feed.jsonl",
        "{\"id\": \"a1\", \"title\": \"T\", \"text\": \"A full sentence about the talks in Vladivostok, said officials.\"}\nnot json\n{\"id\": \"a2\"}\n",
    );
    std::fs::write(
        dir.path().join("truncated.jsonl.gz"),
        &gzip(b"{\"id\": \"z\", \"text\": \"x\"}\n")[..12],
    )
    .unwrap();
    let output = parallax(&["analyze", "--no-model", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "exit code 1 when inputs are rejected");
    let errors = stderr(&output);
    assert!(errors.contains("empty.txt: empty file"), "{errors}");
    assert!(errors.contains("binary.html: binary file"), "{errors}");
    assert!(errors.contains("feed.jsonl:2: invalid JSON"), "{errors}");
    assert!(errors.contains("feed.jsonl:3: no body"), "{errors}");
    assert!(errors.contains("truncated.jsonl.gz") && errors.contains("gzip"), "{errors}");
    assert!(stdout(&output).starts_with("2 articles"), "{}", stdout(&output));
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(parallax(&["analyze"]).status.code(), Some(2));
    assert_eq!(parallax(&["frobnicate"]).status.code(), Some(2));
    let missing_db = parallax(&["stories", "--db", "/nonexistent/x.db"]);
    assert_eq!(missing_db.status.code(), Some(2));
    assert!(stderr(&missing_db).contains("hint:"));
}

/// Whether the model is installed; fails when CI requires it and it is missing.
fn model_installed() -> bool {
    let output = parallax(&["model", "path"]);
    let installed = output.status.success();
    assert!(
        installed || std::env::var("PARALLAX_REQUIRE_MODEL").as_deref() != Ok("1"),
        "PARALLAX_REQUIRE_MODEL=1 but the model is not installed"
    );
    installed
}

#[test]
fn analyze_reports_the_rewrite_pair_with_the_model() {
    if !model_installed() {
        eprintln!("model not installed: analyze_reports_the_rewrite_pair_with_the_model not run");
        return;
    }
    let output = parallax(&["analyze", "--json", "examples/kim-putin"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let relations = report["stories"][0]["relations"].as_array().unwrap();
    assert_eq!(relations.len(), 10);
    let first = &relations[0];
    assert_eq!(first["relation"], "rewrite");
    let origin = |id: &serde_json::Value| {
        report["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|article| &article["id"] == id)
            .map(|article| article["origin"].as_str().unwrap().to_owned())
            .unwrap()
    };
    let mut files = [origin(&first["a"]), origin(&first["b"])];
    files.sort();
    assert!(files[0].contains("/000_") && files[1].contains("/003_"), "{files:?}");
    let pair = &first["passages"][0]["pairs"][0];
    assert!(pair["a_text"].is_string() && pair["b_text"].is_string() && pair["score"].is_f64());
    assert!(relations[1..].iter().all(|relation| relation["relation"] == "same-story"));
    // The human report names the relation and quotes aligned sentences.
    let human = stdout(&parallax(&["analyze", "examples/kim-putin"]));
    assert!(human.contains("rewrite") && human.contains("[paraphrase"), "{human}");
}

#[test]
fn dedup_streams_verdicts_clusters_and_a_keep_list() {
    let dir = tempfile::tempdir().unwrap();
    let base = "North Korean leader Kim Jong Un is expected to travel to Russia this month to \
                meet President Vladimir Putin and discuss supplying weapons for the war in \
                Ukraine, a US official said on Monday, citing new intelligence.";
    let near = format!("{base} The meeting may take place in Vladivostok.");
    let lines = [
        serde_json::json!({"id": "a", "text": base}),
        serde_json::json!({"id": "b", "text": base.to_uppercase()}),
        serde_json::json!({"id": "c", "text": near}),
        serde_json::json!({"id": "d", "text": "A football match ended in a draw after extra time."}),
    ];
    let corpus: String = lines.iter().map(|line| format!("{line}\n")).collect();
    write(dir.path(), "corpus.jsonl", &corpus);
    let keep = dir.path().join("keep.txt");
    let output = parallax(&[
        "dedup",
        "--json",
        "--threshold",
        "0.7",
        "--keep-list",
        keep.to_str().unwrap(),
        dir.path().join("corpus.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let records: Vec<serde_json::Value> =
        stdout(&output).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(records[0]["kind"], "params");
    assert_eq!(records[0]["params"]["num_perm"], 128);
    assert_eq!(records[1], serde_json::json!({"kind": "keep", "id": "a"}));
    assert_eq!(records[2]["duplicate_of"], "a");
    assert_eq!(records[2]["relation"], "exact");
    assert_eq!(records[3]["duplicate_of"], "a");
    assert_eq!(records[3]["relation"], "near");
    assert_eq!(records[4]["kind"], "keep");
    assert_eq!(records[5]["kind"], "cluster");
    let summary = records.last().unwrap();
    assert_eq!(summary["kind"], "summary");
    assert_eq!(summary["kept"], 2);
    assert_eq!(std::fs::read_to_string(&keep).unwrap(), "a\nd\n");
}

/// `parallax batch --dedup-only` prints what `parallax dedup` prints, line for line, and leaves
/// its tables in the output folder.
#[cfg(feature = "batch")]
#[test]
fn batch_dedup_prints_what_dedup_prints() {
    let dir = tempfile::tempdir().unwrap();
    let base = "North Korean leader Kim Jong Un is expected to travel to Russia this month to \
                meet President Vladimir Putin and discuss supplying weapons for the war in \
                Ukraine, a US official said on Monday, citing new intelligence.";
    let lines = [
        serde_json::json!({"id": "a", "text": base}),
        serde_json::json!({"id": "b", "text": base.to_uppercase()}),
        serde_json::json!({"id": "c", "text": format!("{base} The meeting may take place in Vladivostok.")}),
        serde_json::json!({"id": "d", "text": "A football match ended in a draw after extra time."}),
        serde_json::json!({"id": "e", "text": " ... "}),
        serde_json::json!({"id": "f", "html": "<html><body><script>x()</script></body></html>"}),
    ];
    let corpus: String = lines.iter().map(|line| format!("{line}\n")).collect();
    write(dir.path(), "corpus.jsonl", &corpus);
    let inputs = [dir.path().join("corpus.jsonl"), repo_root().join("examples/kim-putin")];
    let inputs: Vec<&str> = inputs.iter().map(|path| path.to_str().unwrap()).collect();
    let (pairs_streaming, pairs_batch) = (dir.path().join("p1.tsv"), dir.path().join("p2.tsv"));
    let mut streaming = vec!["dedup", "--json", "--threshold", "0.7", "--pairs"];
    streaming.push(pairs_streaming.to_str().unwrap());
    streaming.extend(&inputs);
    let expected = parallax(&streaming);
    let out = dir.path().join("tables");
    let mut batch = vec!["batch", "--dedup-only", "--json", "--threshold", "0.7", "--out"];
    batch.push(out.to_str().unwrap());
    batch.push("--pairs");
    batch.push(pairs_batch.to_str().unwrap());
    batch.extend(&inputs);
    let found = parallax(&batch);
    assert_eq!(found.status.code(), expected.status.code(), "{}", stderr(&found));
    assert_eq!(stdout(&found), stdout(&expected));
    assert!(stdout(&found).contains("\"relation\":\"near\""));
    let pairs = std::fs::read_to_string(&pairs_batch).unwrap();
    assert_eq!(pairs, std::fs::read_to_string(&pairs_streaming).unwrap());
    assert!(pairs.starts_with("a\tb\t1\n"), "{pairs}");
    for table in ["raw", "signatures", "pairs", "dedup"] {
        assert!(out.join(table).is_dir(), "no {table} table");
    }
    // A second run into the same folder is refused: nothing stored is overwritten.
    let again = parallax(&batch);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("already holds a batch run"), "{}", stderr(&again));

    // Cleaning on the engine: the demo corpus's five articles.
    let out = dir.path().join("articles");
    let cleaned = parallax(&[
        "batch",
        "--articles-only",
        "--out",
        out.to_str().unwrap(),
        "examples/kim-putin",
    ]);
    assert_eq!(cleaned.status.code(), Some(0), "{}", stderr(&cleaned));
    assert!(
        stdout(&cleaned).starts_with("5 documents: 5 articles, 0 rejected"),
        "{}",
        stdout(&cleaned)
    );
    assert!(out.join("articles").is_dir());
}

#[test]
fn similar_scores_each_pair_and_names_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let pairs = "{\"id\": \"p1\", \"a\": \"Kim met Putin in Vostochny.\", \"b\": \"Kim met Putin in Vostochny.\"}\n\
                 {\"id\": \"p2\", \"a\": \"The leaders discussed weapons deliveries to Russia.\", \"b\": \"Football scores from the weekend.\"}\n\
                 not json\n";
    write(dir.path(), "pairs.jsonl", pairs);
    let output = parallax(&[
        "similar",
        "--no-model",
        "--pairs",
        dir.path().join("pairs.jsonl").to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1), "a bad line makes exit code 1");
    let records: Vec<serde_json::Value> =
        stdout(&output).lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["relation"], "duplicate");
    assert_eq!(records[1]["relation"], "different");
    assert!(records[1]["semantic"].is_null());
    assert!(stderr(&output).contains("pairs.jsonl:3: not JSON"), "{}", stderr(&output));
}

#[test]
fn reads_stdin() {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["extract", "--json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"<html><body><article><h1>Kim meets Putin</h1><p>North Korean leader Kim Jong Un met President Vladimir Putin at the Vostochny space centre on Wednesday, state media said.</p><p>The two leaders discussed military cooperation, satellites and the war in Ukraine, according to the Kremlin.</p></article></body></html>")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let record: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["format"], "html");
    assert!(record["text"].as_str().unwrap().contains("Vostochny space centre"));
}

#[test]
fn killing_ingest_loses_nothing_committed() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let mut lines = String::new();
    for index in 0..6000 {
        lines.push_str(&format!(
            "{{\"id\": \"doc{index}\", \"title\": \"Story {index}\", \"text\": \"Officials in city number {index} said on Monday that the council approved a new budget for roads, schools and parks. The vote was {index} to 3.\"}}\n"
        ));
    }
    std::fs::write(&feed, lines).unwrap();
    let db = dir.path().join("crash.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "ingest",
            "--no-model",
            "--quiet",
            "--db",
            db.to_str().unwrap(),
            feed.to_str().unwrap(),
        ])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = child.kill();
    let _ = child.wait();
    // Whatever the moment of the kill, the database opens and passes SQLite's integrity check.
    if db.exists() {
        let connection = rusqlite_check(&db);
        assert_eq!(connection, "ok");
    }
    // A re-run completes the job and stores every article exactly once.
    let rerun =
        parallax(&["ingest", "--no-model", "--db", db.to_str().unwrap(), feed.to_str().unwrap()]);
    assert_eq!(rerun.status.code(), Some(0), "{}", stderr(&rerun));
    let stories = parallax(&["stories", "--json", "--db", db.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&stories.stdout).unwrap();
    assert_eq!(report["summary"]["articles"], 6000);
}

fn rusqlite_check(db: &Path) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["stories", "--db", db.to_str().unwrap()])
        .output()
        .unwrap();
    if output.status.success() { "ok".into() } else { stderr(&output) }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Reports are written from the store a page of stories at a time (256): a corpus of more
/// stories than one page lists every story and article exactly once, in JSON and in text.
#[test]
fn reports_longer_than_a_page_list_every_story_once() {
    let dir = tempfile::tempdir().unwrap();
    // 300 unrelated one-article stories: each text has its own made-up words.
    let mut lines = String::new();
    for i in 0..300 {
        let words: Vec<String> = (0..12).map(|j| format!("w{i}x{j}q")).collect();
        let text = format!("Title {i}\n\nThe council of Zq{i} said {} today.", words.join(" "));
        lines.push_str(&serde_json::json!({"id": format!("doc{i}"), "text": text}).to_string());
        lines.push('\n');
    }
    write(dir.path(), "many.jsonl", &lines);
    let input = dir.path().join("many.jsonl");
    let input = input.to_str().unwrap();
    let output = parallax(&["analyze", "--no-model", "--json", input]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let stories = report["stories"].as_array().unwrap();
    assert_eq!(report["summary"]["stories"].as_u64(), Some(stories.len() as u64));
    assert!(stories.len() > 256, "{} stories", stories.len());
    let mut ids: Vec<&str> = stories.iter().map(|s| s["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), stories.len(), "a story listed twice");
    let mut members: Vec<&str> = stories
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()))
        .collect();
    members.sort_unstable();
    members.dedup();
    assert_eq!(members.len(), 300);
    let articles = report["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 300);
    assert!(articles.iter().all(|a| a["facts"].is_object()), "every article has its facts");

    let text = parallax(&["analyze", "--no-model", input]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let listed = stdout(&text).lines().filter(|line| line.starts_with("Story ")).count();
    assert_eq!(listed, stories.len());
}

#[test]
fn eval_claims_scores_the_demo_against_its_gold() {
    // The demo gold (eval/claims/demo.json) needs no shared data: the lexical brief must keep
    // both known discrepancies and find shared facts at about the precision and recall measured
    // (0.782 and 0.468 since second memberships, BENCHMARKS.md).
    let output = parallax(&[
        "eval",
        "claims",
        "--gold",
        "eval/claims/demo.json",
        "--no-model",
        "--json",
        "-q",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["unmatched_statements"], 0, "every gold statement is in its article");
    let contradictions = &report["contradictions"]["counts"];
    assert_eq!(contradictions["gold"], 2);
    assert_eq!(contradictions["gold_found"], 2, "{report}");
    assert_eq!(contradictions["predicted"], contradictions["predicted_right"], "{report}");
    let pairs = &report["pairs"];
    assert!(pairs["precision"].as_f64().unwrap() >= 0.75, "{pairs}");
    assert!(pairs["recall"].as_f64().unwrap() >= 0.45, "{pairs}");
    let corroborated = report["corroboration"]["reported_corroborated"].as_u64().unwrap();
    assert!(corroborated >= 15, "{report}");
}

#[test]
fn eval_claims_names_a_bad_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gold.json");
    std::fs::write(
        &path,
        r#"{"format": "parallax.claims-gold/v0", "corpus": "demo", "events": []}"#,
    )
    .unwrap();
    let output = parallax(&["eval", "claims", "--gold", path.to_str().unwrap(), "--no-model"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("parallax.claims-gold/v1"), "{}", stderr(&output));
}

#[test]
fn similar_grades_reuse_from_copy_to_independent_writing() {
    // eval/reuse/pairs.jsonl: constructed verbatim, light-revision, heavy-revision and
    // independent pairs (eval/reuse/make_pairs.py).
    let output = parallax(&["similar", "--pairs", "eval/reuse/pairs.jsonl", "--no-model", "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let gold: std::collections::HashMap<String, String> =
        std::fs::read_to_string(repo_root().join("eval/reuse/pairs.jsonl"))
            .unwrap()
            .lines()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                (
                    value["id"].as_str().unwrap().to_owned(),
                    value["grade"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
    let mut containment: std::collections::HashMap<String, Vec<f64>> = Default::default();
    let mut right: std::collections::HashMap<String, (usize, usize)> = Default::default();
    for line in stdout(&output).lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        let grade = &gold[value["id"].as_str().unwrap()];
        let reuse = &value["reuse"];
        let contained = reuse["a_in_b"].as_f64().unwrap().max(reuse["b_in_a"].as_f64().unwrap());
        containment.entry(grade.clone()).or_default().push(contained);
        let entry = right.entry(grade.clone()).or_default();
        entry.1 += 1;
        if reuse["grade"] == grade.as_str() {
            entry.0 += 1;
        }
    }
    let mean = |grade: &str| {
        let values = &containment[grade];
        values.iter().sum::<f64>() / values.len() as f64
    };
    assert!(mean("verbatim") > mean("light-revision"));
    assert!(mean("light-revision") > mean("heavy-revision"));
    assert!(mean("heavy-revision") > mean("independent"));
    // Copies are never taken for independent writing, nor the reverse.
    assert_eq!(right["verbatim"].0, right["verbatim"].1, "{right:?}");
    assert!(right["light-revision"].0 * 10 >= right["light-revision"].1 * 9, "{right:?}");
    assert!(right["independent"].0 * 10 >= right["independent"].1 * 8, "{right:?}");
}
