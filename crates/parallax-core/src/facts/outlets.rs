//! Outlets and agencies an article cites: "according to the New York Times", "German magazine
//! Der Spiegel", "KCNA", "Read the original story here: BBC Asia", "Ref Image from Politico".
//!
//! Two routes: a list of well-known outlets and agencies (matched as whole words, in any
//! sentence), and cue patterns that name an outlet the list does not know ("magazine X",
//! "according to X" where X ends in a media word, credit lines like "Source: X").

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::{Deserialize, Serialize};

use crate::model::Span;

/// How an article cites an outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// Named in the text ("according to the New York Times").
    Text,
    /// Named in a credit or source line ("Read the original story here: BBC Asia").
    Credit,
}

/// One outlet cited by an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The outlet's usual name ("The New York Times", "KCNA").
    pub outlet: String,
    /// How it was cited.
    pub kind: CitationKind,
    /// The sentence or line that cites it.
    pub context: String,
    /// Where in the article text (none for credit lines, which are boilerplate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// Known outlets and agencies: (usual name, other spellings).
const OUTLETS: &[(&str, &[&str])] = &[
    ("ABC News", &[]),
    ("Agence France-Presse", &["AFP"]),
    ("Al Jazeera", &[]),
    ("Associated Press", &["AP", "The Associated Press"]),
    ("Axios", &[]),
    ("BBC", &["BBC News", "British Broadcasting Corporation"]),
    ("Bloomberg", &["Bloomberg News"]),
    ("Breitbart", &["Breitbart News"]),
    ("CBS News", &["CBS"]),
    ("CNBC", &[]),
    ("CNN", &[]),
    ("Chosun Ilbo", &[]),
    ("Daily NK", &[]),
    ("Der Spiegel", &["Spiegel"]),
    ("Deutsche Welle", &["DW"]),
    ("Financial Times", &["FT"]),
    ("Fox News", &[]),
    ("HuffPost", &["Huffington Post", "The Huffington Post"]),
    ("Interfax", &[]),
    ("JoongAng Ilbo", &[]),
    ("KCNA", &["Korean Central News Agency"]),
    ("Kyodo", &["Kyodo News"]),
    ("Le Monde", &[]),
    ("Los Angeles Times", &["LA Times"]),
    ("MSNBC", &[]),
    ("NBC News", &["NBC"]),
    ("NHK", &[]),
    ("NK News", &[]),
    ("NPR", &["National Public Radio"]),
    ("New York Post", &[]),
    ("Newsweek", &[]),
    ("Nikkei", &["Nikkei Asia"]),
    ("Politico", &[]),
    ("RIA Novosti", &["RIA"]),
    ("RT", &["Russia Today"]),
    ("Reuters", &[]),
    ("Rodong Sinmun", &[]),
    ("South China Morning Post", &["SCMP"]),
    ("Sputnik", &[]),
    ("TASS", &["Tass"]),
    ("The Atlantic", &[]),
    ("The Economist", &["Economist"]),
    ("The Guardian", &["Guardian"]),
    ("The Hill", &[]),
    ("The Independent", &[]),
    ("The New York Times", &["New York Times", "NYT", "the Times"]),
    ("The Telegraph", &["Daily Telegraph"]),
    ("The Wall Street Journal", &["Wall Street Journal", "WSJ"]),
    ("The Washington Post", &["Washington Post"]),
    ("USA Today", &[]),
    ("Xinhua", &["Xinhua News Agency"]),
    ("Yonhap", &["Yonhap News Agency"]),
];

/// Media nouns that introduce an outlet's name ("German magazine Der Spiegel").
const MEDIA_NOUNS: &[&str] = &[
    "agency",
    "broadcaster",
    "channel",
    "daily",
    "magazine",
    "newspaper",
    "network",
    "outlet",
    "paper",
    "publication",
    "tabloid",
    "website",
    "weekly",
];

/// Words an outlet's name may end in ("… News", "… Times").
const MEDIA_NAME_WORDS: &[&str] = &[
    "Asia",
    "Daily",
    "Gazette",
    "Herald",
    "Journal",
    "Magazine",
    "News",
    "Post",
    "Press",
    "Radio",
    "Review",
    "Telegraph",
    "Television",
    "Times",
    "Tribune",
    "TV",
];

/// Finds the outlets cited in `text` (sentence spans `sentences`) and in the removed credit lines
/// `credits` (each with the boilerplate line after it, which may hold the outlet's name), in
/// order of first citation, each once per kind.
pub fn citations(
    text: &str,
    sentences: &[Span],
    credits: &[(&str, Option<&str>)],
) -> Vec<Citation> {
    let mut found: Vec<Citation> = Vec::new();
    let mut push = |citation: Citation| {
        if !found.iter().any(|seen| seen.outlet == citation.outlet && seen.kind == citation.kind) {
            found.push(citation);
        }
    };
    for sentence in sentences {
        let body = sentence.slice(text);
        for (outlet, at) in known_outlets(body).into_iter().chain(cued_outlets(body)) {
            push(Citation {
                outlet,
                kind: CitationKind::Text,
                context: body.to_owned(),
                span: Some(Span { start: sentence.start + at.start, end: sentence.start + at.end }),
            });
        }
    }
    for (line, next) in credits {
        let mut named = credit_outlet(line);
        if named.is_none() && line.trim_end().ends_with(':') {
            named = next.and_then(|next| name_like(next.trim()).then(|| canonical(next.trim())));
        }
        if let Some(outlet) = named {
            let context = match next {
                Some(next) if line.trim_end().ends_with(':') => {
                    format!("{} {}", line.trim(), next.trim())
                }
                _ => line.trim().to_owned(),
            };
            push(Citation { outlet, kind: CitationKind::Credit, context, span: None });
        }
    }
    found
}

/// (usual name, spelling) pairs and the automaton over the spellings.
type Spellings = (Vec<(&'static str, &'static str)>, AhoCorasick);

/// Every spelling of every known outlet (except the vague "the Times"), in list order, each once:
/// (the outlet's usual name, the spelling), and one automaton over the spellings.
/// `None` only if the automaton cannot be built, which a unit test rules out.
fn outlet_spellings() -> Option<&'static Spellings> {
    static SPELLINGS: OnceLock<Option<Spellings>> = OnceLock::new();
    SPELLINGS
        .get_or_init(|| {
            let mut spellings: Vec<(&str, &str)> = Vec::new();
            for &(name, others) in OUTLETS {
                for &spelling in std::iter::once(&name).chain(others.iter()) {
                    // "the Times" is too vague on its own; other spellings must appear capitalised.
                    if spelling != "the Times" && !spellings.iter().any(|&(_, s)| s == spelling) {
                        spellings.push((name, spelling));
                    }
                }
            }
            let automaton = AhoCorasick::new(spellings.iter().map(|&(_, s)| s)).ok()?;
            Some((spellings, automaton))
        })
        .as_ref()
}

/// Known outlets named in a sentence, as whole words. Spellings are tried in list order, each
/// scanned left to right without overlapping itself; a hit overlapping an earlier one is dropped.
fn known_outlets(sentence: &str) -> Vec<(String, Span)> {
    let Some((spellings, automaton)) = outlet_spellings() else { return Vec::new() };
    let mut found: Vec<(usize, usize, usize)> = automaton
        .find_overlapping_iter(sentence)
        .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    found.sort_unstable();
    let mut hits: Vec<(String, Span)> = Vec::new();
    let mut scanned: Option<(usize, usize)> = None; // (spelling, end of its last occurrence)
    for (pattern, start, end) in found {
        if scanned.is_some_and(|(p, last)| p == pattern && start < last) {
            continue;
        }
        scanned = Some((pattern, end));
        if !whole_word(sentence, start, end) {
            continue;
        }
        // "AP" and "RT" in capitals only, and not inside a longer capitalised name.
        if end - start <= 3 && followed_by_capital(sentence, end) {
            continue;
        }
        let span = Span { start, end };
        if !hits.iter().any(|(_, seen)| seen.start < span.end && span.start < seen.end) {
            hits.push((spellings[pattern].0.to_owned(), span));
        }
    }
    hits.sort_by_key(|(_, span)| span.start);
    hits
}

fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn followed_by_capital(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.starts_with(' ') && rest[1..].chars().next().is_some_and(char::is_uppercase)
}

/// Outlets the list does not know, introduced by a media noun ("magazine Der Spiegel") or cited
/// with "according to" and a name ending in a media word.
fn cued_outlets(sentence: &str) -> Vec<(String, Span)> {
    let mut hits = Vec::new();
    let lower = sentence.to_lowercase();
    for noun in MEDIA_NOUNS {
        let mut from = 0;
        while let Some(found) = lower[from..].find(noun) {
            let start = from + found;
            let end = start + noun.len();
            from = end;
            if lower.len() != sentence.len() || !whole_word(sentence, start, end) {
                continue;
            }
            if let Some((name, span)) = capitalized_name_at(sentence, end)
                && known_outlets(&name).is_empty()
            {
                hits.push((canonical(&name), span));
            }
        }
    }
    for cue in ["according to ", "reported by ", "told "] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(cue) {
            let end = from + found + cue.len();
            from = end;
            if lower.len() != sentence.len() {
                break;
            }
            let mut at = end;
            if sentence[at..].starts_with("the ") {
                at += 4;
            }
            if let Some((name, span)) = capitalized_name_at(sentence, at) {
                let media = name
                    .split(' ')
                    .next_back()
                    .is_some_and(|word| MEDIA_NAME_WORDS.contains(&word));
                if media && known_outlets(&name).is_empty() {
                    hits.push((canonical(&name), span));
                }
            }
        }
    }
    hits
}

/// A run of capitalised words starting (after spaces) at `at`.
fn capitalized_name_at(sentence: &str, at: usize) -> Option<(String, Span)> {
    let rest = sentence.get(at..)?;
    let start = at + (rest.len() - rest.trim_start().len());
    let mut end = start;
    let mut offset = start;
    for word in sentence[start..].split(' ') {
        let trimmed = word.trim_end_matches([',', '.', ';', ':', ')', '”', '"', '’', '\'']);
        let capital = trimmed.chars().next().is_some_and(char::is_uppercase);
        let connector = end > start && matches!(trimmed, "de" | "der" | "of" | "la" | "le");
        if trimmed.is_empty() || !(capital || connector) {
            break;
        }
        if capital {
            end = offset + trimmed.len();
        }
        if trimmed.len() != word.len() {
            break;
        }
        offset += word.len() + 1;
    }
    (end > start).then(|| (sentence[start..end].to_owned(), Span { start, end }))
}

/// The outlet of a credit line: "Ref Image from Politico", "Source: Reuters", "Photo: AFP".
fn credit_outlet(line: &str) -> Option<String> {
    let line = line.trim();
    if let Some((name, _)) = known_outlets(line).into_iter().next() {
        return Some(name);
    }
    let lower = line.to_lowercase();
    for cue in ["from ", "source: ", "via ", "courtesy of ", "credit: ", "photo: ", "image: "] {
        if let Some(at) = lower.rfind(cue) {
            let name = line[at + cue.len()..].trim().trim_end_matches(['.', ')']);
            if name_like(name) {
                return Some(canonical(name));
            }
        }
    }
    None
}

/// Whether `name` is a known outlet or agency, in one of its spellings.
pub fn is_outlet(name: &str) -> bool {
    let name = name.strip_prefix("the ").unwrap_or(name);
    OUTLETS.iter().any(|(known, spellings)| *known == name || spellings.contains(&name))
}

/// A short capitalised name, not a sentence, a licence or a figure.
fn name_like(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().all(|word| word.chars().next().is_some_and(char::is_uppercase))
        && !text.chars().any(|c| c.is_ascii_digit())
        && !text.starts_with("CC ")
        && !text.ends_with(['.', '!', '?'])
}

/// The usual name of an outlet ("BBC Asia" stays; "New York Times" → "The New York Times").
fn canonical(name: &str) -> String {
    known_outlets(name)
        .into_iter()
        .find(|(_, span)| span.start == 0 && span.end == name.len())
        .map(|(known, _)| known)
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::split_sentences;

    fn outlets(text: &str) -> Vec<String> {
        citations(text, &split_sentences(text), &[]).into_iter().map(|c| c.outlet).collect()
    }

    #[test]
    fn every_spelling_is_in_the_automaton() {
        let (spellings, automaton) = outlet_spellings().expect("the outlet automaton builds");
        assert_eq!(automaton.patterns_len(), spellings.len());
        assert!(spellings.len() > OUTLETS.len());
    }

    #[test]
    fn a_spelling_repeated_in_a_sentence_is_found_each_time() {
        let found = known_outlets("Reuters said, and Reuters (not Reutersville) added, CNN too");
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Reuters", "Reuters", "CNN"]);
        assert_eq!(found[1].1, Span { start: 18, end: 25 });
    }

    #[test]
    fn finds_cited_outlets_in_text() {
        assert_eq!(
            outlets("According to the New York Times, Putin may be seeking shells."),
            ["The New York Times"]
        );
        assert_eq!(
            outlets("According to German magazine Der Spiegel, Russia was in talks."),
            ["Der Spiegel"]
        );
        assert_eq!(
            outlets(
                "The visit ended with a letter, as confirmed by the Korean Central News Agency (KCNA)."
            ),
            ["KCNA"]
        );
        assert_eq!(
            outlets("Politico later reported in late July that China had sent vests."),
            ["Politico"]
        );
        assert_eq!(outlets("According to the Korea Herald, talks began."), ["Korea Herald"]);
        assert!(outlets("Kim met Putin in Vladivostok, officials said.").is_empty());
        // Capitals only for short names, and not inside a longer one.
        assert!(outlets("The AP Stylebook says so. He will rt it.").is_empty());
    }

    #[test]
    fn reads_credit_lines() {
        let credits = [
            ("Read the original story here:", Some("BBC Asia")),
            ("SOURCE: Ref Image from Politico", None),
        ];
        let found = citations("", &[], &credits);
        let names: Vec<&str> = found.iter().map(|c| c.outlet.as_str()).collect();
        assert_eq!(names, ["BBC Asia", "Politico"]);
        assert!(found.iter().all(|c| c.kind == CitationKind::Credit));
        assert_eq!(found[0].context, "Read the original story here: BBC Asia");
    }
}
