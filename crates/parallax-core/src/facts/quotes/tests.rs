use super::*;
use crate::text::split_sentences;
use proptest::prelude::*;

fn run(text: &str) -> Vec<Attribution> {
    attributions_with(text, &split_sentences(text), &CueOptions::default())
}

/// (source, cue, content pieces) of each attribution, as strings.
fn strings(text: &str) -> Vec<(Option<String>, Option<String>, Vec<String>)> {
    run(text)
        .into_iter()
        .map(|a| {
            (
                a.source.map(|s| s.slice(text).to_owned()),
                a.cue.map(|c| c.slice(text).to_owned()),
                a.content.iter().map(|c| c.slice(text).to_owned()).collect(),
            )
        })
        .collect()
}

#[test]
fn demo_sentences() {
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "Adrienne Watson, a National Security Council spokeswoman, affirmed the United States’ expectation of “leader-level diplomatic engagement” on the issue.",
            "Adrienne Watson, a National Security Council spokeswoman",
            "affirmed",
            "the United States’ expectation of “leader-level diplomatic engagement” on the issue",
        ),
        (
            "Following this encounter, Putin expressed that Kim would need “security guarantees” to relinquish his nuclear armaments program.",
            "Putin",
            "expressed",
            "Kim would need “security guarantees” to relinquish his nuclear armaments program",
        ),
        (
            "North Korean leader Kim Jong Un is planning to journey to Russia, as indicated by a United States official.",
            "a United States official",
            "as indicated by",
            "North Korean leader Kim Jong Un is planning to journey to Russia",
        ),
        (
            "“This is why we’ve come here,” Putin said.",
            "Putin",
            "said",
            "“This is why we’ve come here,”",
        ),
        (
            "John F. Kirby, a White House spokesman, confirmed the active advancement of high-level talks.",
            "John F. Kirby, a White House spokesman",
            "confirmed",
            "the active advancement of high-level talks",
        ),
    ];
    for &(text, source, cue, content) in cases {
        let found = strings(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0.as_deref(), Some(source), "{text}");
        assert_eq!(found[0].1.as_deref(), Some(cue), "{text}");
        assert_eq!(found[0].2.join(" | "), content.trim_end_matches(','), "{text}");
    }
}

#[test]
fn direct_and_reported_patterns() {
    // (text, source, cue, content pieces joined by " | ")
    let cases: &[(&str, &str, &str, &str)] = &[
        ("\"We will win,\" said John Smith.", "John Smith", "said", "\"We will win,\""),
        ("“We will win,” Smith added.", "Smith", "added", "“We will win,”"),
        ("Smith said: “We will win.”", "Smith", "said", "“We will win.”"),
        ("Smith said “we will win” in Ohio.", "Smith", "said", "“we will win” in Ohio"),
        ("“We will win,” he said, “and soon.”", "he", "said", "“We will win,” | “and soon.”"),
        (
            "The senator said that the bill would pass.",
            "The senator",
            "said",
            "the bill would pass",
        ),
        (
            "Officials told reporters the talks had stalled.",
            "Officials",
            "told",
            "the talks had stalled",
        ),
        (
            "According to a White House spokesman, the talks will resume.",
            "a White House spokesman",
            "According to",
            "the talks will resume",
        ),
        (
            "The talks will resume, according to officials.",
            "officials",
            "according to",
            "The talks will resume",
        ),
        (
            "She has also warned that prices could rise.",
            "She",
            "has also warned",
            "prices could rise",
        ),
        ("Prices could rise, she warned on Tuesday.", "she", "warned", "Prices could rise"),
        ("The plan, he said, is dead.", "he", "said", "The plan | is dead"),
        (
            "Trump tweeted that the election was rigged.",
            "Trump",
            "tweeted",
            "the election was rigged",
        ),
        ("They believe the economy is improving.", "They", "believe", "the economy is improving"),
    ];
    for &(text, source, cue, content) in cases {
        let found = strings(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0.as_deref(), Some(source), "{text}");
        assert_eq!(found[0].1.as_deref(), Some(cue), "{text}");
        assert_eq!(found[0].2.join(" | "), content, "{text}");
    }
}

#[test]
fn quote_continues_into_next_paragraph() {
    let text = "“We are ready,” said Smith. “Nobody else is ready for this.”\n\n“The others have had years to prepare and did nothing at all.”";
    let found = run(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].content.len(), 3);
    assert!(found[0].direct);
}

#[test]
fn skips_infinitives_passives_and_quoted_cues() {
    for text in ["He declined to say whether he would run.", "“I said no to them all,”"] {
        assert!(run(text).is_empty(), "{text}: {:?}", strings(text));
    }
}

#[test]
fn raising_verbs_have_no_source() {
    let found = strings("The bill is expected to pass. Trump seemed to agree with them.");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, None);
    assert_eq!(found[0].1.as_deref(), Some("is expected"));
    assert_eq!(found[0].2.join(" | "), "The bill | to pass");
    assert_eq!(found[1].2.join(" | "), "Trump | to agree with them");
}

#[test]
fn colon_headline_and_continued() {
    let text = "Kasich: We Are Going All The Way\n“We will not stop until we win the whole thing,” he continued.";
    let found = strings(text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0.as_deref(), Some("Kasich"));
    assert_eq!(found[0].1.as_deref(), Some(":"));
    assert_eq!(found[1].1.as_deref(), Some("continued"));
    assert!(strings("He continued to campaign in Ohio.").is_empty());
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_valid(text in "\\PC{0,300}") {
        check_spans(&text);
    }

    #[test]
    fn never_panics_on_quote_heavy_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("“".to_owned()), Just("”".to_owned()), Just("\"".to_owned()), Just(", ".to_owned()),
                Just(" said ".to_owned()), Just(" according to ".to_owned()), Just("\n".to_owned()),
                Just(". ".to_owned()), Just("He".to_owned()), Just(" as told by ".to_owned()),
                Just("é".to_owned()), Just("Smith, a spokesman,".to_owned()), "\\PC{0,6}",
            ],
            0..40,
        )
    ) {
        check_spans(&parts.concat());
    }
}

fn check_spans(text: &str) {
    // Also with bogus sentence spans.
    let bogus = [
        Span { start: 3, end: 1 },
        Span { start: 0, end: text.len() + 5 },
        Span { start: 1, end: 2 },
    ];
    for sentences in [split_sentences(text), bogus.to_vec()] {
        for attribution in attributions(text, &sentences) {
            let spans = attribution
                .source
                .iter()
                .chain(attribution.cue.iter())
                .chain(attribution.content.iter());
            for span in spans {
                assert!(span.start < span.end && span.end <= text.len(), "{span:?} in {text:?}");
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }
}

/// (source, cue, content pieces joined by " | ") of the only attribution of `text`.
fn single(text: &str) -> (Option<String>, Option<String>, String) {
    let found = strings(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    let (source, cue, content) = found.into_iter().next().unwrap();
    (source, cue, content.join(" | "))
}

#[test]
fn participle_after_statement_from_phrase() {
    // (text, source, cue, content)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "This possible meeting between Kim Jong Un and Vladimir Putin follows statements from the White House, revealing that arms negotiations between North Korea and Russia are actively progressing.",
            "the White House",
            "revealing",
            "arms negotiations between North Korea and Russia are actively progressing",
        ),
        (
            "The decision came after a statement by the Pentagon, saying that two more brigades would be deployed.",
            "the Pentagon",
            "saying",
            "two more brigades would be deployed",
        ),
        (
            "The euro fell sharply on remarks from the European Central Bank on Thursday, suggesting that rates would stay high.",
            "the European Central Bank",
            "suggesting",
            "rates would stay high",
        ),
        (
            "The vote was delayed by the Kremlin's latest statement, warning that sanctions would be met with force.",
            "the Kremlin",
            "warning",
            "sanctions would be met with force",
        ),
        (
            "Oil prices rose after a report from Reuters saying the pipeline had been shut.",
            "Reuters",
            "saying",
            "the pipeline had been shut",
        ),
    ];
    for &(text, source, cue, content) in cases {
        let (found_source, found_cue, found_content) = single(text);
        assert_eq!(found_source.as_deref(), Some(source), "{text}");
        assert_eq!(found_cue.as_deref(), Some(cue), "{text}");
        assert_eq!(found_content, content, "{text}");
    }
}

#[test]
fn statement_noun_with_possessor_or_by_phrase() {
    // (text, source, cue, content)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "This prospective meeting follows the White House’s announcement concerning fresh intelligence which points to the progress of arms negotiations between the two nations.",
            "the White House",
            "announcement",
            "fresh intelligence which points to the progress of arms negotiations between the two nations",
        ),
        (
            "The raid was followed by a statement by the Pentagon that no civilians were harmed in the strike.",
            "the Pentagon",
            "statement",
            "no civilians were harmed in the strike",
        ),
        (
            "Stocks rallied on the Bank of England's assessment that inflation had peaked.",
            "the Bank of England",
            "assessment",
            "inflation had peaked",
        ),
        (
            "The debate was dominated by Donald Trump's claims about voter fraud in several swing states.",
            "Donald Trump",
            "claims",
            "voter fraud in several swing states",
        ),
        (
            "Residents were alarmed by the defense ministry's warning on Friday that more strikes could follow.",
            "the defense ministry",
            "warning",
            "more strikes could follow",
        ),
        (
            "The sanctions came after a statement from the White House on Tuesday that the talks had failed.",
            "the White House",
            "statement",
            "the talks had failed",
        ),
        (
            "The case rests on testimony from the Department of Justice that the files had been destroyed.",
            "the Department of Justice",
            "testimony",
            "the files had been destroyed",
        ),
    ];
    for &(text, source, cue, content) in cases {
        let (found_source, found_cue, found_content) = single(text);
        assert_eq!(found_source.as_deref(), Some(source), "{text}");
        assert_eq!(found_cue.as_deref(), Some(cue), "{text}");
        assert_eq!(found_content, content, "{text}");
    }
}

#[test]
fn statement_nouns_without_named_source_or_content_give_nothing() {
    for text in [
        "The statement was read aloud.",
        "He followed the report closely.",
        // No content after the source.
        "The story was updated with comments from the Clinton campaign.",
        "Reporters waited for a statement from the White House.",
        // The possessor or the from-phrase names no entity or organisation.
        "His statement that the war was over surprised nobody.",
        "Last week's report that prices would fall proved wrong.",
        "There were reports of North Korean missiles moving toward the coast.",
        "A statement from a friend about the accident was posted online.",
        // A relative clause, not a content.
        "The Pentagon's statement that was released on Friday ran to three pages.",
        // A verb, not a statement noun.
        "Reuters reports from Moscow are rarely wrong.",
    ] {
        assert!(run(text).is_empty(), "{text}: {:?}", strings(text));
    }
}

#[test]
fn participle_keeps_a_speaking_subject_over_a_statement_phrase() {
    // (text, source, cue): the statement phrase is the object of the subject's reaction.
    let cases: &[(&str, &str, &str)] = &[
        (
            "Weaver was unimpressed by remarks from Sanders, telling reporters the governor should resign.",
            "Weaver",
            "telling",
        ),
        (
            "One aide tried to downplay Ryan's comments, saying they were not a big deal.",
            "One aide",
            "saying",
        ),
        (
            "The senator brushed off statements from the Kremlin, saying they were lies.",
            "The senator",
            "saying",
        ),
    ];
    // The learned detector may add the reaction itself as an attribution ("brushed off
    // statements …"), which PolNeAR annotates too; the participle keeps its subject either way.
    for &(text, source, cue) in cases {
        let found = strings(text);
        let participle = found.iter().find(|a| a.1.as_deref() == Some(cue));
        assert!(participle.is_some_and(|a| a.0.as_deref() == Some(source)), "{text}: {found:?}");
    }
}

#[test]
fn according_to_a_report_is_one_attribution() {
    let (source, cue, content) =
        single("According to a report from Reuters, the talks will resume next week.");
    assert_eq!(source.as_deref(), Some("a report from Reuters"));
    assert_eq!(cue.as_deref(), Some("According to"));
    assert_eq!(content, "the talks will resume next week");
}

#[test]
fn subjects_that_look_like_time_words_or_carry_a_parenthesis() {
    let cases: &[(&str, &str, &str)] = &[
        // A capitalised time word names the subject; a time phrase alone is not skipped.
        ("The Times said Cook provided a written statement.", "The Times", "said"),
        ("Day said the language in the platform is diminishing the party.", "Day", "said"),
        ("Trump on Tuesday said the plan is dead.", "Trump", "said"),
        // A parenthesis before the comma of an appositive or a party tag.
        (
            "Rorry Daniels, managing director of the Asia Society Policy Institute (ASPI), suggests that sanctions created a firewall.",
            "Rorry Daniels",
            "suggests",
        ),
        (
            "After winning Ohio, Gov. John Kasich (R-OH), said, “I’m getting ready to rent a covered wagon.”",
            "Gov. John Kasich (R-OH)",
            "said",
        ),
        // A long chunk before the verb: the name that ends it.
        (
            "Saturday at the party convention Sen. Elizabeth Warren (D-MA) said the nominee was a failure.",
            "Sen. Elizabeth Warren (D-MA)",
            "said",
        ),
    ];
    for &(text, source, cue) in cases {
        let found = strings(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0.as_deref(), Some(source), "{text}");
        assert_eq!(found[0].1.as_deref(), Some(cue), "{text}");
    }
    // A name that is the object of a preposition is not the subject.
    let text = "A redacted copy of the inspector general’s long memo seen by Reuters said investigators were unable to determine it.";
    assert!(strings(text).iter().all(|a| a.0.as_deref() != Some("Reuters")), "{:?}", strings(text));
}

#[test]
fn curly_marks_of_the_wrong_shape_still_pair() {
    let text = "“The reality is, that could create new problems for her here,“ said Jim Clyburn, a Democratic congressman.";
    let found = strings(text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0.as_deref(), Some("Jim Clyburn, a Democratic congressman"));
    assert!(found[0].2[0].starts_with("“The reality"), "{found:?}");
    assert!(run(text)[0].direct);
}

#[test]
fn tallies_titles_lists_and_shows_are_no_attributions() {
    for text in [
        "Clinton: 1,769.\n",
        "The Ninth Circle: The Hellish View from Inside the Beltway.\n",
        "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Bonnie Campbell.\n",
        "On the Breitbart News Daily show on Sirius XM, the host spoke with guests.",
        "Clinton leads Sanders by roughly 270 pledged delegates as the primary season ends.",
    ] {
        let found = strings(text);
        assert!(
            found.iter().all(|a| !matches!(a.1.as_deref(), Some(":" | "show" | "pledged"))),
            "{text}: {found:?}"
        );
    }
    // A speaker's line in a transcript still is one.
    let found = strings("TAPPER: We are going to take a quick break now.\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0.as_deref(), Some("TAPPER"));
}

#[test]
fn the_detector_adds_cue_verbs_the_lexicon_lacks() {
    // "lambasted" and "bemoaned" are in no word list: the learned detector proposes them, the
    // rules find their subjects and contents.
    for (text, source, cue) in [
        ("Critics lambasted the plan.", "Critics", "lambasted"),
        ("She bemoaned the lack of funding.", "She", "bemoaned"),
    ] {
        let (found_source, found_cue, _) = single(text);
        assert_eq!(found_source.as_deref(), Some(source), "{text}");
        assert_eq!(found_cue.as_deref(), Some(cue), "{text}");
        let rules = attributions_with(text, &split_sentences(text), &CueOptions::rules_only());
        assert!(rules.is_empty(), "{text}: the rules alone find {rules:?}");
    }
}

#[test]
fn content_after_a_comma_that_and_a_speaker_going_on_after_a_quote() {
    for (text, source, content) in [
        (
            "Trump said, among other things, that the wall would be built.",
            "Trump",
            "the wall would be built",
        ),
        (
            "Bernie Sanders said Sunday in Madison, Wisconsin, that he would stay in the race.",
            "Bernie Sanders",
            "he would stay in the race",
        ),
        (
            "“The framers would agree,” said Cruz constituent Dan Golvach when asked about it.",
            "Cruz constituent Dan Golvach",
            "“The framers would agree,”",
        ),
    ] {
        let found = strings(text);
        let said = found.iter().find(|a| a.1.as_deref() == Some("said"));
        assert!(
            said.is_some_and(|a| a.0.as_deref() == Some(source) && a.2.join(" | ") == content),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn an_introductory_phrase_is_no_subject_of_a_participle() {
    for (text, source) in [
        ("Hours later, Trump returned the compliment, telling Reuters he liked him.", "Trump"),
        (
            "On Sunday, Pastor Bradley Cranston stood at his pulpit, saying the vote mattered.",
            "Pastor Bradley Cranston",
        ),
        (
            "Instead, the senator repeated his message, saying the economy comes first.",
            "the senator",
        ),
    ] {
        let found = strings(text);
        let participle = found.iter().find(|a| a.1.as_deref().is_some_and(|c| c.ends_with("ing")));
        assert!(participle.is_some_and(|a| a.0.as_deref() == Some(source)), "{text}: {found:?}");
    }
    // Adding a thing is no statement.
    assert!(run("The date is symbolic, adding an intriguing layer to the visit.").is_empty());
}

#[test]
fn the_span_tagger_fills_in_what_the_rules_miss() {
    for (text, source, cue, content) in [
        (
            "Senator Ann Lee called for cutting the corporate tax rate to 25 percent.",
            "Senator Ann Lee",
            "called for",
            "cutting the corporate tax rate",
        ),
        (
            "Smith continued: “We are not going anywhere, and the voters know it.”",
            "Smith",
            "continued",
            "We are not going anywhere",
        ),
    ] {
        assert!(run(text).is_empty(), "the rules alone find nothing in {text:?}");
        let found = attributions(text, &split_sentences(text));
        let hit = found.iter().find(|a| {
            a.source.map(|s| s.slice(text)) == Some(source)
                && a.cue.is_some_and(|c| c.slice(text).starts_with(cue))
                && a.content.iter().any(|c| c.slice(text).contains(content))
        });
        assert!(hit.is_some(), "{text:?}: {found:?}");
        let off = attributions_tagged(
            text,
            &split_sentences(text),
            &CueOptions::default(),
            &SpanOptions::off(),
        );
        assert!(off.is_empty(), "{off:?}");
    }
}
