//! What stands behind a quote's source: a person or organisation, named or described, or no
//! speaker at all (a pronoun that resolves to no name, a thing or an event, words the tagger
//! took for a source). Reports list the quotes of speakers and count the rest.
//!
//! A source that resolved to an entity of the article is named. Otherwise the source's head
//! decides: the last word before a comma, a preposition or a relative pronoun ("This
//! confluence of events" → "confluence", "claims which the Chinese companies" → "claims").
//! A head that is a person or organisation noun ("officials", "the newspaper", "analysts")
//! is described; a capitalised head after other words is a name ("German magazine Der
//! Spiegel"); a pronoun is a pronoun; a document noun ("the poll") is a document; anything else
//! is no speaker. The word lists were extended on PolNeAR train's gold sources; `eval quotes`
//! prints how the rules read the gold sources of a split.

use super::entities::ROLE_WORDS;
use super::quotes::lexicon::is_organisation_noun;
use crate::model::facts::{Quote, SpeakerKind};

/// What a quote's source is: the kind the facts stage recorded, or, for facts stored before
/// it recorded one, the same decision made now.
pub fn speaker_kind(quote: &Quote) -> SpeakerKind {
    quote
        .speaker_kind
        .unwrap_or_else(|| classify(quote.source.as_deref(), quote.speaker_key.is_some()))
}

/// The kind of a source as written, `resolved` when it names an entity of the article.
pub fn classify(source: Option<&str>, resolved: bool) -> SpeakerKind {
    let Some(source) = source.map(str::trim).filter(|source| !source.is_empty()) else {
        return SpeakerKind::Unattributed;
    };
    if resolved {
        return SpeakerKind::Named;
    }
    // The head phrase: before a comma or bracket, then before a post-modifier.
    let phrase = source.split([',', ';', '(', '—', '–']).next().unwrap_or(source);
    let words: Vec<&str> = phrase
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !(c.is_alphanumeric() || "-.'’".contains(c))))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| !word.is_empty())
        .collect();
    let Some(first) = words.first() else { return SpeakerKind::NotASpeaker };
    let first = first.to_lowercase();
    if words.len() == 1 && PRONOUNS.contains(&first.as_str()) {
        return SpeakerKind::Pronoun;
    }
    if PREPOSITIONS.contains(&first.as_str()) {
        return SpeakerKind::NotASpeaker;
    }
    let before_modifier = |words: &[&str]| -> usize {
        words
            .iter()
            .position(|word| POST_MODIFIERS.contains(&word.to_lowercase().as_str()))
            .unwrap_or(words.len())
    };
    let mut head_words = &words[..before_modifier(&words)];
    // "one of the family's attorneys", "many of whom": the head is what comes after "of".
    let cut = head_words.len();
    if head_words.last().is_some_and(|word| QUANTIFIERS.contains(&word.to_lowercase().as_str()))
        && words.get(cut).is_some_and(|word| word.eq_ignore_ascii_case("of"))
    {
        let rest = &words[cut + 1..];
        head_words = &rest[..before_modifier(rest)];
    }
    let Some((head, modifiers)) = head_words.split_last() else {
        return if words
            .first()
            .is_some_and(|word| RELATIVES.contains(&word.to_lowercase().as_str()))
        {
            SpeakerKind::Pronoun
        } else {
            SpeakerKind::NotASpeaker
        };
    };
    let head = head.trim_end_matches("'s").trim_end_matches("’s");
    let lower = head.to_lowercase();
    let capitalised = head.chars().next().is_some_and(char::is_uppercase);
    // A capital inside the phrase is a name ("the Dallas Morning News"); a first word may be
    // capitalised only because it starts the sentence.
    if capitalised && !modifiers.is_empty() {
        return SpeakerKind::Named;
    }
    if is_person_or_organisation_noun(&lower) {
        return SpeakerKind::Described;
    }
    if PRONOUNS.contains(&lower.as_str()) {
        return SpeakerKind::Pronoun;
    }
    if is_document_noun(&lower) {
        return SpeakerKind::Document;
    }
    if THINGS.contains(&lower.as_str()) {
        return SpeakerKind::NotASpeaker;
    }
    if capitalised {
        return SpeakerKind::Named;
    }
    SpeakerKind::NotASpeaker
}

/// A noun (lower case, singular or plural) for people or an organisation.
fn is_person_or_organisation_noun(word: &str) -> bool {
    let known = |noun: &str| {
        ROLE_WORDS.contains(&noun)
            || is_organisation_noun(noun)
            || PEOPLE.contains(&noun)
            // Agent suffixes: environmentalist, physician, nominee, businessman, speechwriter.
            || ["ist", "ian", "ee", "man", "woman", "person", "writer", "maker", "goer"]
                .iter()
                .any(|suffix| noun.len() > suffix.len() + 2 && noun.ends_with(suffix))
    };
    known(word)
        || word.strip_suffix("men").is_some_and(|stem| known(&format!("{stem}man")))
        || word.strip_suffix('s').is_some_and(known)
        || word.strip_suffix("es").is_some_and(known)
        || word.strip_suffix("ies").is_some_and(|stem| known(&format!("{stem}y")))
}

/// A noun (lower case, singular or plural) for a document or a publication's content: a
/// source, but no person or organisation.
fn is_document_noun(word: &str) -> bool {
    let known = |noun: &str| DOCUMENTS.contains(&noun);
    known(word)
        || word.strip_suffix('s').is_some_and(known)
        || word.strip_suffix("ies").is_some_and(|stem| known(&format!("{stem}y")))
        || word.strip_suffix("es").is_some_and(known)
}

/// Words that open no noun phrase of a speaker ("per sources", "by the newspaper").
const PREPOSITIONS: &[&str] =
    &["per", "by", "of", "from", "in", "on", "at", "to", "with", "as", "for", "about", "after"];

/// Words after a speaker's head ("officials at the ministry", "the letter, which …").
const POST_MODIFIERS: &[&str] = &[
    "of", "at", "for", "from", "in", "on", "with", "who", "whom", "whose", "which", "that", "to",
    "by", "under", "near", "about", "close", "familiar", "and",
];

/// Pronouns and determiners standing alone, possessives included ("his", in "his statement").
const PRONOUNS: &[&str] = &[
    "it", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you", "him", "her",
    "them", "who", "which", "one", "its", "there", "here", "what", "all", "both", "some", "his",
    "their", "my", "our", "your", "me", "us", "mine", "ours", "whose", "whom",
];

/// Relative pronouns opening a source ("whose leaders", "most of whom").
const RELATIVES: &[&str] = &["who", "whom", "whose", "which", "that"];

/// Words that take their head from an "of" after them ("one of the attorneys").
const QUANTIFIERS: &[&str] = &[
    "one", "some", "many", "most", "each", "none", "all", "several", "two", "three", "few", "any",
    "percent", "majority", "minority", "half", "third", "quarter", "share", "number", "handful",
    "trio", "group",
];

/// Documents and the content of publications.
const DOCUMENTS: &[&str] = &[
    "report",
    "statement",
    "study",
    "survey",
    "poll",
    "data",
    "document",
    "letter",
    "memo",
    "analysis",
    "analyses",
    "filing",
    "record",
    "figure",
    "estimate",
    "research",
    "ad",
    "film",
    "book",
    "article",
    "ruling",
    "video",
    "slide",
    "return",
    "statistic",
    "release",
    "post",
    "tweet",
    "email",
    "message",
    "transcript",
    "testimony",
    "complaint",
    "lawsuit",
    "order",
    "decree",
    "verdict",
    "finding",
    "model",
    "projection",
    "forecast",
    "index",
    "story",
    "footage",
    "photo",
    "image",
    "map",
    "chart",
    "table",
    "website",
    "blog",
    "column",
    "editorial",
    "op-ed",
    "speech",
    "interview",
    "book",
    "biography",
    "memoir",
    "note",
    "paper",
];

/// Head nouns of events and abstractions that are no speaker, even capitalised at
/// the start of a sentence.
const THINGS: &[&str] = &[
    "development",
    "developments",
    "move",
    "decision",
    "event",
    "events",
    "news",
    "rumors",
    "rumours",
    "claims",
    "speculation",
];

/// People and organisations beyond the entity tagger's role words and the quote tagger's
/// organisation nouns.
const PEOPLE: &[&str] = &[
    "source",
    "insider",
    "witness",
    "resident",
    "people",
    "person",
    "man",
    "woman",
    "men",
    "women",
    "doctor",
    "nurse",
    "teacher",
    "student",
    "activist",
    "critic",
    "observer",
    "supporter",
    "opponent",
    "voter",
    "citizen",
    "family",
    "relative",
    "friend",
    "neighbor",
    "neighbour",
    "colleague",
    "employee",
    "worker",
    "union",
    "group",
    "organisation",
    "organization",
    "firm",
    "bank",
    "newspaper",
    "magazine",
    "paper",
    "outlet",
    "broadcaster",
    "network",
    "media",
    "channel",
    "daily",
    "tabloid",
    "publication",
    "website",
    "station",
    "side",
    "country",
    "nation",
    "state",
    "ally",
    "partner",
    "investigator",
    "official",
    "lawmaker",
    "legislator",
    "politician",
    "candidate",
    "user",
    "fan",
    "parent",
    "victim",
    "owner",
    "operator",
    "provider",
    "manufacturer",
    "maker",
    "company",
    "government",
    "nominee",
    "father",
    "mother",
    "wife",
    "husband",
    "son",
    "daughter",
    "sibling",
    "brother",
    "child",
    "veteran",
    "regulator",
    "moderator",
    "announcer",
    "narrator",
    "questioner",
    "reader",
    "administrator",
    "contender",
    "operative",
    "enemy",
    "rival",
    "chair",
    "fund",
    "alliance",
    "authority",
    "city",
    "county",
    "town",
    "journal",
    "coalition",
    "team",
    "staff",
    "crew",
    "board",
    "panel",
    "jury",
    "someone",
    "somebody",
    "everyone",
    "everybody",
    "anyone",
    "nobody",
    "millennial",
    "protester",
    "protestor",
    "demonstrator",
    "investor",
    "donor",
    "consumer",
    "customer",
    "patient",
    "survivor",
    "inspector",
    "auditor",
    "prosecutor",
    "defendant",
    "plaintiff",
    "sheriff",
    "agent",
    "counsel",
    "delegate",
    "crowd",
    "audience",
    "public",
    "establishment",
    "camp",
    "community",
    "other",
    "others",
    "many",
    "another",
    "percent",
    "majority",
    "minority",
    "half",
    "backer",
    "advocate",
    "organizer",
    "hopeful",
    "tycoon",
    "magnate",
    "mogul",
    "billionaire",
    "producer",
    "actor",
    "staffer",
    "front-runner",
    "frontrunner",
    "surgeon",
    "neurosurgeon",
    "fact-checker",
    "checker",
    "commentator",
    "pundit",
    "conservative",
    "liberal",
    "progressive",
    "democrat",
    "republican",
    "independent",
    "speaker",
    "trio",
    "handful",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_as_speakers_or_not() {
        use SpeakerKind::*;
        for (source, resolved, expected) in [
            (None, false, Unattributed),
            (Some("The White House"), true, Named),
            (Some("U.S. officials"), false, Described),
            (Some("a United States official"), false, Described),
            (Some("Experts"), false, Described),
            (Some("Both parties"), false, Described),
            (Some("the secretive regime"), false, Described),
            (Some("an inside source"), false, Described),
            (Some("North Korean state media"), false, Described),
            (Some("The newspaper"), false, Described),
            (Some("German magazine Der Spiegel"), false, Named),
            (Some("both Putin and Kim"), false, Named),
            (Some("who"), false, Pronoun),
            (Some("It"), false, Pronoun),
            (Some("per sources"), false, NotASpeaker),
            (Some("This confluence of events"), false, NotASpeaker),
            (Some("this development"), false, NotASpeaker),
            (Some("North Korea faces"), false, NotASpeaker),
            (Some("claims which the Chinese companies"), false, NotASpeaker),
            (Some("North Korea celebrates the anniversary of its founding"), false, NotASpeaker),
            (Some("Reports"), false, Document),
            (Some("the Dallas Morning News"), false, Named),
            (Some("his"), false, Pronoun),
            (Some("The Republican nominee"), false, Described),
            (Some("environmentalists"), false, Described),
            (Some("the New York businessman"), false, Described),
            (Some("one of the family's attorneys, Justin Bamberg,"), false, Described),
            (Some("whose leaders"), false, Pronoun),
            (Some("54 percent of Democratic registered voters"), false, Described),
            (Some("the protesters"), false, Described),
            (Some("the poll"), false, Document),
            (Some("The statement"), false, Document),
            (Some("officials at the ministry, who spoke anonymously"), false, Described),
            (Some("Ryan's office"), false, Described),
        ] {
            assert_eq!(classify(source, resolved), expected, "{source:?}");
        }
    }
}
