//! What stands behind a quote's source: a person or organisation, named or described, or no
//! speaker at all (a pronoun that resolves to no name, a thing or an event, words the tagger
//! took for a source). Reports list the quotes of speakers and count the rest.
//!
//! A source that resolved to an entity of the article is named. Otherwise the source's head
//! decides: the last word before a comma, a preposition or a relative pronoun ("This
//! confluence of events" → "confluence", "claims which the Chinese companies" → "claims").
//! A head that is a person or organisation noun ("officials", "the newspaper", "analysts")
//! is described; a capitalised head is a name ("German magazine Der Spiegel"); a pronoun is a
//! pronoun; anything else is no speaker.

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
pub(crate) fn classify(source: Option<&str>, resolved: bool) -> SpeakerKind {
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
    let head_words: Vec<&str> = words
        .iter()
        .copied()
        .take_while(|word| !POST_MODIFIERS.contains(&word.to_lowercase().as_str()))
        .collect();
    let Some(head) = head_words.last() else { return SpeakerKind::NotASpeaker };
    let head = head.trim_end_matches("'s").trim_end_matches("’s");
    let lower = head.to_lowercase();
    if is_person_or_organisation_noun(&lower) {
        return SpeakerKind::Described;
    }
    if THINGS.contains(&lower.as_str()) || PRONOUNS.contains(&lower.as_str()) {
        return SpeakerKind::NotASpeaker;
    }
    if head.chars().next().is_some_and(char::is_uppercase) {
        return SpeakerKind::Named;
    }
    SpeakerKind::NotASpeaker
}

/// A noun (lower case, singular or plural) for people or an organisation.
fn is_person_or_organisation_noun(word: &str) -> bool {
    let known = |noun: &str| {
        ROLE_WORDS.contains(&noun) || is_organisation_noun(noun) || PEOPLE.contains(&noun)
    };
    known(word)
        || word.strip_suffix('s').is_some_and(known)
        || word.strip_suffix("es").is_some_and(known)
        || word.strip_suffix("ies").is_some_and(|stem| known(&format!("{stem}y")))
}

/// Words that open no noun phrase of a speaker ("per sources", "by the newspaper").
const PREPOSITIONS: &[&str] =
    &["per", "by", "of", "from", "in", "on", "at", "to", "with", "as", "for", "about", "after"];

/// Words after a speaker's head ("officials at the ministry", "the letter, which …").
const POST_MODIFIERS: &[&str] = &[
    "of", "at", "for", "from", "in", "on", "with", "who", "whom", "whose", "which", "that", "to",
    "by", "under", "near", "about", "close", "familiar", "and",
];

/// Pronouns and determiners standing alone.
const PRONOUNS: &[&str] = &[
    "it", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you", "him", "her",
    "them", "who", "which", "one", "its", "there", "here", "what", "all", "both", "some",
];

/// Head nouns of documents, events and abstractions that are no speaker, even capitalised at
/// the start of a sentence.
const THINGS: &[&str] = &[
    "report",
    "reports",
    "statement",
    "study",
    "survey",
    "poll",
    "data",
    "document",
    "documents",
    "letter",
    "memo",
    "analysis",
    "filing",
    "records",
    "figures",
    "estimates",
    "research",
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
            (Some("Reports"), false, NotASpeaker),
            (Some("officials at the ministry, who spoke anonymously"), false, Described),
            (Some("Ryan's office"), false, Described),
        ] {
            assert_eq!(classify(source, resolved), expected, "{source:?}");
        }
    }
}
