//! People, organisations and places, found with rules and the gazetteer, and resolved across
//! spellings and short forms.
//!
//! No transformer NER model ships in a registry package, so this is a rule-based tagger:
//!
//! 1. **Runs**: maximal runs of capitalised words in a sentence ("Sergei K. Shoigu",
//!    "Democratic People’s Republic of Korea"), with inner connectors ("of", "bin") and
//!    initials; a possessive ends a run. A sentence-initial word that the article also writes in
//!    lower case ("Following", "During") is dropped. Title-case headings only confirm entities
//!    found elsewhere.
//! 2. **Titles and roles**: leading titles are stripped and kept as roles ("Defence Minister
//!    Sergei Shoigu", "Mr. Kim"); a role word before the name ("spokesman John Kirby") or in an
//!    appositive after it ("Adrienne Watson, a National Security Council spokeswoman") marks a
//!    person and gives the role.
//! 3. **Types**: the gazetteer and country aliases give places (with coordinates for cities);
//!    organisation words ("Council", "Agency", "University") give organisations; place words and
//!    contexts ("Vostochny Cosmodrome", "the Vostochny space center", "the border station of
//!    Khasan") give places; acronyms are organisations unless they are countries; other runs of
//!    two to four capitalised words are people. Demonyms ("North Korean") are not entities.
//! 4. **Resolution**: people share a key that ignores hyphens, initials and titles (Kim Jong Un =
//!    Kim Jong-un, Vladimir V. Putin = Vladimir Putin); a single word joins the person whose first
//!    or last name it is (Putin, Shoigu, Kim), else a place or organisation it begins; an acronym
//!    joins the long form whose initials it spells (KCNA = Korean Central News Agency); country
//!    aliases join their country (DPRK = D.P.R.K. = North Korea).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::gazetteer;
use crate::model::Span;
pub use crate::model::facts::{EntityKind, Geo};
use crate::text::is_stopword;

/// An entity of one article: its name, kind, the spellings it goes by and where it is named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// The resolution key shared by all spellings ("kim jong un").
    pub key: String,
    /// The fullest usual spelling ("Kim Jong Un", "North Korea").
    pub name: String,
    /// Person, organisation or place.
    pub kind: EntityKind,
    /// Every spelling used, sorted ("Kim", "Kim Jong Un", "Kim Jong-un").
    pub aliases: Vec<String>,
    /// Roles and titles given to it ("National Security Council spokesman").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// Where a place is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
    /// Where it is named in the text, in text order.
    pub mentions: Vec<Span>,
}

/// Finds the entities of `text` (`sentences` are its sentence spans), ordered by first mention.
pub fn entities(text: &str, sentences: &[Span]) -> Vec<Entity> {
    let lower_vocabulary = lower_vocabulary(text);
    let mut candidates = Vec::new();
    for sentence in sentences {
        let Some(body) = text.get(sentence.start..sentence.end) else {
            continue;
        };
        let tokens = tokenize(body, sentence.start);
        let heading = is_heading(body, &tokens);
        candidates_of(text, &tokens, heading, &lower_vocabulary, &mut candidates);
    }
    resolve(candidates)
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    /// A word (letters or digits); otherwise one punctuation character.
    word: bool,
    /// Followed by a possessive `'s` / `’s` (not part of `text`).
    possessive: bool,
}

impl Token<'_> {
    fn capitalized(&self) -> bool {
        self.word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    fn has_digit(&self) -> bool {
        self.text.chars().any(|c| c.is_ascii_digit())
    }

    /// "U.S.", "KCNA", "D.P.R.K." (two to six capitals).
    fn acronym(&self) -> bool {
        let letters: Vec<char> = self.text.chars().filter(|c| *c != '.').collect();
        (2..=6).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase())
    }

    /// "K." in "Sergei K. Shoigu".
    fn initial(&self) -> bool {
        let mut chars = self.text.chars();
        matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
    }
}

const ABBREVIATIONS: &[&str] = &[
    "Adm", "Capt", "Col", "Co", "Corp", "Dr", "Gen", "Gov", "Inc", "Jr", "Lt", "Ltd", "Maj", "Mr",
    "Mrs", "Ms", "Prof", "Rep", "Rev", "Sen", "Sgt", "Sr", "St",
];

fn tokenize(sentence: &str, base: usize) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let bytes = sentence.as_bytes();
    let mut chars = sentence.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            tokens.push(Token {
                text: &sentence[start..start + c.len_utf8()],
                start: base + start,
                end: base + start + c.len_utf8(),
                word: false,
                possessive: false,
            });
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(index, next)) = chars.peek() {
            let joins = next.is_alphanumeric()
                || ((next == '-' || next == '\'' || next == '’' || next == '.')
                    && sentence[index + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric));
            if !joins {
                break;
            }
            // A possessive splits off: "Russia’s" → "Russia" + possessive.
            if next == '\'' || next == '’' {
                let rest = &sentence[index + next.len_utf8()..];
                let after_s = rest.get(1..).and_then(|tail| tail.chars().next());
                if rest.starts_with('s') && !after_s.is_some_and(char::is_alphanumeric) {
                    break;
                }
            }
            end = index + next.len_utf8();
            chars.next();
        }
        let mut word = &sentence[start..end];
        // A trailing period stays with initials, dotted acronyms and known abbreviations.
        if bytes.get(end) == Some(&b'.') {
            let single = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            let dotted = word.contains('.') && word.chars().all(|c| c == '.' || c.is_uppercase());
            let abbreviation = ABBREVIATIONS.contains(&word)
                || gazetteer::state_abbreviations().any(|state| state == word);
            if single || dotted || abbreviation {
                end += 1;
                word = &sentence[start..end];
                chars.next();
            }
        }
        let rest = &sentence[end..];
        let suffix = ["'s", "’s"]
            .into_iter()
            .find(|suffix| {
                rest.starts_with(suffix)
                    && !rest[suffix.len()..].chars().next().is_some_and(char::is_alphanumeric)
            })
            .or_else(|| {
                let plural = word.ends_with('s');
                ["'", "’"].into_iter().find(|mark| plural && rest.starts_with(mark))
            });
        let possessive = suffix.is_some();
        if let Some(suffix) = suffix {
            let skip_to = end + suffix.len();
            while chars.peek().is_some_and(|(index, _)| *index < skip_to) {
                chars.next();
            }
        }
        tokens.push(Token {
            text: word,
            start: base + start,
            end: base + end,
            word: true,
            possessive,
        });
    }
    tokens
}

/// Words the article writes in lower case somewhere (so a capitalised one is just a sentence
/// start or a heading word).
fn lower_vocabulary(text: &str) -> HashSet<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().next().is_some_and(char::is_lowercase))
        .collect()
}

/// A title-case line: no closing punctuation and mostly capitalised content words.
fn is_heading(body: &str, tokens: &[Token<'_>]) -> bool {
    if body.trim_end().ends_with(['.', '!', '?', '"', '”', ':', ';', ',']) {
        return false;
    }
    let content: Vec<&Token<'_>> = tokens
        .iter()
        .filter(|token| {
            token.word && !token.has_digit() && !is_stopword(&token.text.to_lowercase())
        })
        .collect();
    let capitalized = content.iter().filter(|token| token.capitalized()).count();
    content.len() >= 2 && capitalized * 10 >= content.len() * 6
}

// ---------------------------------------------------------------------------------------------
// Word lists

/// Titles stripped from the front of a name. Those in `TITLE_HEADS` make a stripped prefix a
/// title; the others only qualify one ("Defence", "Prime").
const TITLES: &[&str] = &[
    "Adm.",
    "Admiral",
    "Ambassador",
    "Attorney",
    "Capt.",
    "Captain",
    "Chair",
    "Chairman",
    "Chairwoman",
    "Chancellor",
    "Chief",
    "Col.",
    "Colonel",
    "Commander",
    "Congressman",
    "Congresswoman",
    "Crown",
    "Dame",
    "Defence",
    "Defense",
    "Deputy",
    "Director",
    "Dr",
    "Dr.",
    "Emir",
    "Envoy",
    "Finance",
    "First",
    "Foreign",
    "Former",
    "Gen.",
    "General",
    "Gov.",
    "Governor",
    "Interior",
    "Judge",
    "Justice",
    "King",
    "Lady",
    "Leader",
    "Lieutenant",
    "Lord",
    "Lt.",
    "Maj.",
    "Major",
    "Marshal",
    "Mayor",
    "Minister",
    "Miss",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Pope",
    "Premier",
    "President",
    "Prime",
    "Prince",
    "Princess",
    "Prof.",
    "Professor",
    "Queen",
    "Rep.",
    "Representative",
    "Rev.",
    "Secretary",
    "Secretary-General",
    "Sen.",
    "Senator",
    "Sgt.",
    "Sheikh",
    "Sir",
    "Speaker",
    "Spokesman",
    "Spokesperson",
    "Spokeswoman",
    "State",
    "Supreme",
    "Vice",
];
/// Titles that say nothing of a role.
const HONORIFICS: &[&str] = &["Dame", "Miss", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Sir"];
const TITLE_QUALIFIERS: &[&str] = &[
    "Chief", "Crown", "Defence", "Defense", "Deputy", "Finance", "First", "Foreign", "Former",
    "Interior", "Prime", "State", "Supreme", "Vice",
];

/// Words that make a run an organisation.
const ORG_WORDS: &[&str] = &[
    "Academy",
    "Administration",
    "Agency",
    "Airlines",
    "Alliance",
    "Army",
    "Assembly",
    "Association",
    "Authority",
    "Bank",
    "Board",
    "Broadcasting",
    "Bureau",
    "Cabinet",
    "Center",
    "Centre",
    "Club",
    "Coalition",
    "College",
    "Command",
    "Commission",
    "Committee",
    "Company",
    "Congress",
    "Consulate",
    "Co.",
    "Corp.",
    "Corporation",
    "Council",
    "Court",
    "Daily",
    "Department",
    "Embassy",
    "Exchange",
    "Force",
    "Forces",
    "Forum",
    "Foundation",
    "Front",
    "Fund",
    "Gazette",
    "Group",
    "Guard",
    "Herald",
    "House",
    "Inc.",
    "Institute",
    "Institution",
    "Journal",
    "Kremlin",
    "League",
    "Ltd.",
    "Magazine",
    "Media",
    "Ministry",
    "Movement",
    "Nations",
    "Navy",
    "Network",
    "News",
    "Office",
    "Organisation",
    "Organization",
    "Parliament",
    "Party",
    "Pentagon",
    "Police",
    "Politburo",
    "Post",
    "Press",
    "Programme",
    "Radio",
    "Reserve",
    "Review",
    "School",
    "Senate",
    "Service",
    "Society",
    "Telegraph",
    "Television",
    "Times",
    "Tribune",
    "Union",
    "University",
];

/// Words that make a run a place.
const PLACE_WORDS: &[&str] = &[
    "Airport",
    "Avenue",
    "Beach",
    "Base",
    "Bay",
    "Border",
    "Bridge",
    "Canal",
    "Coast",
    "Cosmodrome",
    "County",
    "Desert",
    "District",
    "Gulf",
    "Harbor",
    "Harbour",
    "Heights",
    "Island",
    "Islands",
    "Krai",
    "Lake",
    "Mount",
    "Mountain",
    "Mountains",
    "Oblast",
    "Ocean",
    "Palace",
    "Peninsula",
    "Pier",
    "Port",
    "Province",
    "Region",
    "River",
    "Sea",
    "Spaceport",
    "Square",
    "Station",
    "Strait",
    "Street",
    "Territory",
    "Tower",
    "Valley",
];

/// Lower-case words after a name that make it a place ("the Vostochny space center").
const PLACE_FOLLOWERS: &[&str] = &[
    "airbase",
    "airport",
    "border",
    "cosmodrome",
    "county",
    "district",
    "port",
    "province",
    "region",
    "space",
    "spaceport",
    "station",
];

/// Lower-case words before "of" that make the next name a place ("the border station of
/// Khasan", "the city of Vladivostok").
const PLACE_HEADS: &[&str] =
    &["city", "town", "village", "port", "station", "region", "province", "capital", "island"];

/// Lower-case words that name a person's role ("spokesman John Kirby", "Jean H. Lee, a senior
/// fellow").
pub(crate) const ROLE_WORDS: &[&str] = &[
    "adviser",
    "advisor",
    "aide",
    "ambassador",
    "analyst",
    "attorney",
    "author",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "commander",
    "congressman",
    "congresswoman",
    "correspondent",
    "counterpart",
    "dictator",
    "diplomat",
    "director",
    "economist",
    "editor",
    "envoy",
    "executive",
    "expert",
    "fellow",
    "founder",
    "general",
    "governor",
    "head",
    "journalist",
    "judge",
    "lawmaker",
    "lawyer",
    "leader",
    "manager",
    "mayor",
    "member",
    "minister",
    "negotiator",
    "officer",
    "official",
    "premier",
    "president",
    "professor",
    "reporter",
    "representative",
    "researcher",
    "ruler",
    "scholar",
    "scientist",
    "secretary",
    "senator",
    "sister",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "strongman",
    "writer",
];

/// Adjectives of nationality and affiliation: not entities on their own.
const DEMONYMS: &[&str] = &[
    "Afghan",
    "African",
    "American",
    "Arab",
    "Asian",
    "Australian",
    "Belarusian",
    "Brazilian",
    "British",
    "Canadian",
    "Chinese",
    "Christian",
    "Communist",
    "Cuban",
    "Democrat",
    "Democratic",
    "Dutch",
    "East",
    "Eastern",
    "Egyptian",
    "European",
    "French",
    "German",
    "Greek",
    "Indian",
    "Iranian",
    "Iraqi",
    "Israeli",
    "Italian",
    "Japanese",
    "Jewish",
    "Korean",
    "Mexican",
    "Muslim",
    "North",
    "Northern",
    "Pakistani",
    "Palestinian",
    "Polish",
    "Republican",
    "Russian",
    "Saudi",
    "South",
    "Southern",
    "Soviet",
    "Spanish",
    "Swiss",
    "Syrian",
    "Taiwanese",
    "Turkish",
    "Ukrainian",
    "Vietnamese",
    "West",
    "Western",
];

/// Words that make a run an event or era, not an entity.
const EVENT_WORDS: &[&str] = &[
    "Act",
    "Agreement",
    "Championship",
    "Conference",
    "Cup",
    "Day",
    "Empire",
    "Games",
    "Olympics",
    "Revolution",
    "Summit",
    "Treaty",
    "War",
];

/// Capitalised words that start names of things, not people ("Second Amendment", "Social
/// Security").
const NOT_GIVEN_NAMES: &[&str] = &[
    "Big", "Capitol", "Civil", "First", "Fourth", "Great", "Little", "National", "New", "Old",
    "Second", "Social", "Special", "Third", "United",
];

/// Acronyms that are not names.
const NOT_NAMES: &[&str] = &[
    "AD", "AI", "AM", "BST", "CDT", "CEO", "CEST", "CET", "COVID", "CST", "EDT", "EST", "ET",
    "PDT", "PST", "DNA", "EUR", "FAQ", "GDP", "GMT", "HQ", "ICBM", "ICBMs", "ID", "IT", "LNG",
    "OK", "PDF", "PM", "SUV", "TV", "UAV", "URL", "USD", "UTC", "WMD",
];

/// Capitalised words that never start a name on their own.
const NEVER: &[&str] = &[
    "Afterward",
    "Apr",
    "April",
    "Aug",
    "August",
    "Christmas",
    "Covid",
    "Dec",
    "December",
    "Earlier",
    "Easter",
    "Eight",
    "Feb",
    "February",
    "Five",
    "Former",
    "Four",
    "Friday",
    "God",
    "Halloween",
    "Hanukkah",
    "I",
    "Jan",
    "January",
    "Jul",
    "July",
    "Jun",
    "June",
    "Later",
    "March",
    "May",
    "Meanwhile",
    "Monday",
    "Nine",
    "Nov",
    "November",
    "Oct",
    "October",
    "One",
    "Ramadan",
    "Saturday",
    "Sep",
    "Sept",
    "September",
    "Seven",
    "Six",
    "Sunday",
    "Ten",
    "Thanksgiving",
    "Three",
    "Thursday",
    "Today",
    "Tomorrow",
    "Tonight",
    "Tuesday",
    "Two",
    "Wednesday",
    "Yesterday",
];

/// Words of page furniture that survive in article text ("Hide Caption", "Photos: …"): a run
/// holding one is no name.
const FURNITURE_WORDS: &[&str] = &[
    "advertisement",
    "caption",
    "captions",
    "click",
    "copyright",
    "enlarge",
    "gallery",
    "hide",
    "image",
    "images",
    "newsletter",
    "newsletters",
    "photo",
    "photos",
    "playback",
    "privacy",
    "replay",
    "slideshow",
    "subscribe",
    "video",
    "videos",
    "watched",
];

/// Organisation words that name one body on their own ("the Senate", "the Pentagon"); the
/// others ("Department", "Media", "Union") need a name with them.
const STANDALONE_ORGANIZATIONS: &[&str] = &[
    "Army",
    "Cabinet",
    "Congress",
    "Court",
    "Gazette",
    "Herald",
    "House",
    "Journal",
    "Kremlin",
    "Navy",
    "Parliament",
    "Pentagon",
    "Politburo",
    "Post",
    "Senate",
    "Telegraph",
    "Times",
    "Tribune",
];

/// Organisations named by one word with nothing around it to tell (companies, platforms,
/// armed groups): without the list a lone capitalised word is not typed.
const KNOWN_ORGANIZATIONS: &[&str] = &[
    "Airbnb",
    "Alibaba",
    "Amazon",
    "Apple",
    "Boeing",
    "Chevron",
    "ExxonMobil",
    "Facebook",
    "Gazprom",
    "Google",
    "Hamas",
    "Hezbollah",
    "Huawei",
    "Instagram",
    "Meta",
    "Microsoft",
    "Netflix",
    "Nvidia",
    "Pfizer",
    "Rosneft",
    "Samsung",
    "Taliban",
    "Tesla",
    "TikTok",
    "Toyota",
    "Twitter",
    "Uber",
    "Walmart",
    "WhatsApp",
    "Wikileaks",
    "WikiLeaks",
    "YouTube",
];

/// Words before a name that make it a location ("in Warren", "the mayor of Warren").
const LOCATIVES: &[&str] =
    &["across", "at", "from", "in", "into", "near", "of", "outside", "through", "to", "toward"];

const CONNECTORS: &[&str] = &["of", "bin", "al", "de", "la", "del", "van", "von", "der", "du"];

// ---------------------------------------------------------------------------------------------
// Candidates

#[derive(Debug, Clone)]
struct Candidate {
    span: Span,
    /// The name as written, without title or possessive.
    surface: String,
    /// Words of the name.
    words: Vec<String>,
    kind: Option<EntityKind>,
    role: Option<String>,
    /// Only confirms an entity found elsewhere (a heading, a lone word).
    weak: bool,
    /// A gazetteer place.
    place: Option<gazetteer::Place>,
    /// Right after a locative word ("in", "from"): a place name there means the place.
    located: bool,
}

fn candidates_of(
    text: &str,
    tokens: &[Token<'_>],
    heading: bool,
    lower_vocabulary: &HashSet<&str>,
    out: &mut Vec<Candidate>,
) {
    let first_word = tokens.iter().position(|token| token.word);
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        if !token.capitalized() || token.has_digit() {
            index += 1;
            continue;
        }
        // Extend the run.
        let mut end = index + 1;
        if !token.possessive || continues_after_possessive(tokens.get(end)) {
            while end < tokens.len() {
                let next = &tokens[end];
                // "of", "bin"; and "for" after an organisation word ("Center for Responsive
                // Politics", "Club for Growth").
                let organisation_for =
                    next.text == "for" && ORG_WORDS.contains(&tokens[end - 1].text);
                let connector = next.word
                    && (CONNECTORS.contains(&next.text) || organisation_for)
                    && tokens
                        .get(end + 1)
                        .is_some_and(|after| after.capitalized() && !after.has_digit());
                if (!next.capitalized() || next.has_digit()) && !connector {
                    break;
                }
                end += 1;
                if next.possessive && !continues_after_possessive(tokens.get(end)) {
                    break;
                }
            }
        }
        let run = &tokens[index..end];
        let sentence_start = Some(index) == first_word
            || (index > 0
                && !tokens[index - 1].word
                && first_word.is_none_or(|first| index <= first + 1));
        // "U.S. President Donald Trump", "Texas Gov. Greg Abbott": the name before the title is
        // one candidate, the titled name another.
        let mut parts = Vec::new();
        // Page furniture splits a run and is dropped ("Reuters Image Trump at the club").
        let mut from = 0;
        for k in 0..=run.len() {
            if k < run.len() && !is_furniture(&run[k], lower_vocabulary) {
                continue;
            }
            let segment = &run[from..k];
            let at = index + from;
            from = k + 1;
            if segment.is_empty() {
                continue;
            }
            match inner_title(segment) {
                Some(split) => {
                    parts.push((at, &segment[..split]));
                    parts.push((at + split, &segment[split..]));
                }
                None => parts.push((at, segment)),
            }
            // "Sen. Mike Lee of Utah": a name, then where it is from.
            if let Some((at, last)) = parts.pop() {
                match place_of_origin(text, last) {
                    Some(of) => {
                        parts.push((at, &last[..of]));
                        parts.push((at + of + 1, &last[of + 1..]));
                    }
                    None => parts.push((at, last)),
                }
            }
        }
        for (at, part) in parts {
            let starts = sentence_start && at == index;
            if let Some(candidate) =
                candidate(text, tokens, at, part, heading, starts, lower_vocabulary)
            {
                out.push(candidate);
            }
        }
        index = end;
    }
}

/// A word of page furniture ("Caption", "Photos"), or a common word in capitals ("READ MORE",
/// "JUST WATCHED": a word the article also writes in lower case, or a stopword).
fn is_furniture(token: &Token<'_>, lower_vocabulary: &HashSet<&str>) -> bool {
    let lower = token.text.to_lowercase();
    FURNITURE_WORDS.contains(&lower.as_str())
        || (token.acronym()
            && token.text.chars().count() >= 3
            && (is_stopword(&lower) || lower_vocabulary.contains(lower.as_str())))
}

/// Where a title inside a run starts, after a name that is not part of it: "U.S. President
/// Donald Trump" → 1, "Missouri Republican Sen. Roy Blunt" → 1 (party and nationality words
/// belong to the title). `None` when the run opens with its title or has none, or nothing
/// follows the title.
fn inner_title(run: &[Token<'_>]) -> Option<usize> {
    let is_head =
        |token: &Token<'_>| TITLES.contains(&token.text) && !TITLE_QUALIFIERS.contains(&token.text);
    // Name suffixes are not a name: "Martin Luther King Jr." is one person.
    let suffix = |token: &Token<'_>| matches!(token.text, "Jr." | "Sr." | "II" | "III" | "IV");
    let head = (1..run.len().saturating_sub(1))
        .find(|&i| is_head(&run[i]) && !run[i + 1..].iter().all(suffix))?;
    let mut start = head;
    while start > 0
        && (TITLES.contains(&run[start - 1].text) || DEMONYMS.contains(&run[start - 1].text))
    {
        start -= 1;
    }
    (start > 0).then_some(start)
}

/// The "of" in "Mike Lee of Utah": a run whose words after its last "of" are a gazetteer place
/// and whose word before it names no organisation, place or office ("Bank of England",
/// "University of Texas", "Secretary of State" stay whole), nor is the whole run a place.
fn place_of_origin(text: &str, run: &[Token<'_>]) -> Option<usize> {
    let of = run.iter().rposition(|token| token.text == "of")?;
    if of < 2 || of + 1 >= run.len() {
        return None;
    }
    let before = &run[of - 1];
    if ORG_WORDS.contains(&before.text)
        || PLACE_WORDS.contains(&before.text)
        || TITLES.contains(&before.text)
        || gazetteer::lookup(&words_text(text, run), &[]).is_some()
    {
        return None;
    }
    gazetteer::lookup(&words_text(text, &run[of + 1..]), &[]).map(|_| of)
}

/// "People’s Republic", "Workers’ Party": a possessive inside a name.
fn continues_after_possessive(next: Option<&Token<'_>>) -> bool {
    next.is_some_and(|next| {
        matches!(next.text, "Republic" | "Party" | "Army" | "Liberation" | "Daily" | "Congress")
    })
}

fn candidate(
    text: &str,
    tokens: &[Token<'_>],
    index: usize,
    run: &[Token<'_>],
    heading: bool,
    sentence_start: bool,
    lower_vocabulary: &HashSet<&str>,
) -> Option<Candidate> {
    // "Most", "Many" opening a sentence are no names, whatever the gazetteer says.
    if run.len() == 1 && sentence_start && is_stopword(&run[0].text.to_lowercase()) {
        return None;
    }
    let mut run = run;
    let mut start_index = index;
    let whole = words_text(text, run);
    let whole_place = gazetteer::lookup(&whole, &[]);
    // A sentence-initial common word ("Following", "The") is not part of the name.
    if whole_place.is_none() {
        while let Some(first) = run.first() {
            let lower = first.text.to_lowercase();
            let common = (sentence_start || heading)
                && start_index == index
                && (is_stopword(&lower) || lower_vocabulary.contains(lower.as_str()))
                && !TITLES.contains(&first.text);
            if common || CONNECTORS.contains(&first.text) {
                run = &run[1..];
                start_index += 1;
            } else {
                break;
            }
        }
    }
    // Titles: "Defence Minister Sergei Shoigu" → "Sergei Shoigu", role "Defence Minister".
    let mut role = None;
    let mut titled = false;
    let title_end = run
        .iter()
        .position(|token| {
            !(TITLES.contains(&token.text) || DEMONYMS.contains(&token.text) || token.text == "of")
        })
        .unwrap_or(run.len());
    let has_head = run[..title_end]
        .iter()
        .any(|token| TITLES.contains(&token.text) && !TITLE_QUALIFIERS.contains(&token.text));
    // "Justice Department": a title word opening an organisation's name is part of it.
    let organisation_after = run[title_end..].iter().any(|token| ORG_WORDS.contains(&token.text));
    if title_end > 0 && has_head && !organisation_after {
        if title_end == run.len() {
            return None;
        }
        let title = words_text(text, &run[..title_end]);
        if !HONORIFICS.contains(&title.as_str()) {
            role = Some(title);
        }
        titled = true;
        run = &run[title_end..];
        start_index += title_end;
    }
    let first = run.first()?;
    let last = run.last()?;
    let surface = words_text(text, run);
    let words: Vec<String> = run.iter().map(|token| token.text.to_owned()).collect();
    if run.len() == 1 && (NEVER.contains(&first.text) || NOT_NAMES.contains(&first.text)) {
        return None;
    }
    // "Media", "Union" alone; "MORE", "SAYING" in capitals (a word the article also writes in
    // lower case, or a stopword).
    if run.len() == 1 {
        let lower = first.text.to_lowercase();
        let common_word = is_stopword(&lower) || lower_vocabulary.contains(lower.as_str());
        let shouted = first.acronym() && first.text.chars().count() >= 4 && common_word;
        let generic =
            ORG_WORDS.contains(&first.text) && !STANDALONE_ORGANIZATIONS.contains(&first.text);
        if shouted || generic {
            return None;
        }
    }
    if run.iter().all(|token| DEMONYMS.contains(&token.text) || CONNECTORS.contains(&token.text)) {
        return None;
    }
    let span = Span { start: first.start, end: last.end };
    let previous = start_index.checked_sub(1).and_then(|i| tokens.get(i));
    let next = tokens.get(start_index + run.len());
    let next_lower =
        next.filter(|token| token.word && !token.capitalized()).map(|token| token.text);
    // "the Russian defence minister": a nationality adjective.
    let adjective_like = run.len() <= 2
        && next_lower.is_some()
        && (last.text.ends_with("ian") || last.text.ends_with("ean") || last.text.ends_with("ese"))
        && !last.possessive;
    if adjective_like && gazetteer::lookup(&surface, &[]).is_none() {
        return None;
    }
    if run.iter().any(|token| EVENT_WORDS.contains(&token.text)) {
        return None;
    }
    let place = gazetteer::lookup(&surface, &[]);
    let mut kind = None;
    let org_word = run.iter().any(|token| ORG_WORDS.contains(&token.text));
    let place_word = run.iter().skip(1).any(|token| PLACE_WORDS.contains(&token.text));
    if super::outlets::is_outlet(&surface) || KNOWN_ORGANIZATIONS.contains(&surface.as_str()) {
        kind = Some(EntityKind::Organization);
    } else if place.as_ref().is_some_and(|place| {
        (!org_word || place.kind == gazetteer::PlaceKind::Country)
            // "Sen. Warren" is a person, whatever town bears the name.
            && !(titled && place.kind == gazetteer::PlaceKind::City)
    }) {
        kind = Some(EntityKind::Place);
    } else if org_word && !titled {
        kind = Some(EntityKind::Organization);
    } else if place_word {
        kind = Some(EntityKind::Place);
    } else if titled {
        kind = Some(EntityKind::Person);
    } else if next_lower.is_some_and(|word| PLACE_FOLLOWERS.contains(&word))
        || previous.is_some_and(|token| token.text == "of")
            && start_index >= 2
            && PLACE_HEADS.contains(&tokens[start_index - 2].text)
    {
        kind = Some(EntityKind::Place);
    } else if run.len() == 1 && first.acronym() {
        kind = Some(EntityKind::Organization);
    }
    // Roles before the name ("spokesman John Kirby") and in an appositive after it.
    if role.is_none() {
        role = role_before(text, tokens, start_index)
            .or_else(|| role_after(text, tokens, start_index + run.len()));
    }
    if kind.is_none() && role.is_some() && run.iter().all(|token| !token.acronym()) {
        kind = Some(EntityKind::Person);
    }
    let not_a_given_name = NOT_GIVEN_NAMES.contains(&first.text);
    if kind.is_none() && (2..=4).contains(&run.len()) && !not_a_given_name {
        // "Human Services", "Privacy Policy", "Black Lives Matter": every word is one the article
        // also writes in lower case.
        let common_words = run.iter().all(|token| {
            let lower = token.text.to_lowercase();
            is_stopword(&lower) || lower_vocabulary.contains(lower.as_str())
        });
        let name_like = !common_words
            && run.iter().all(|token| {
                token.initial()
                    || (token.capitalized()
                        && !token.acronym()
                        && !is_stopword(&token.text.to_lowercase())
                        && !DEMONYMS.contains(&token.text)
                        && !token.text.split('-').any(gazetteer::is_country))
            });
        if name_like {
            kind = Some(EntityKind::Person);
        }
    }
    if kind != Some(EntityKind::Person) {
        role = None;
    }
    let weak = heading || (kind.is_none() && run.len() == 1);
    if kind.is_none() && !weak {
        return None;
    }
    let located = previous.is_some_and(|token| LOCATIVES.contains(&token.text));
    Some(Candidate { span, surface, words, kind, role, weak, place, located })
}

/// The text from the first to the last token, as written.
fn words_text(text: &str, run: &[Token<'_>]) -> String {
    match (run.first(), run.last()) {
        (Some(first), Some(last)) => text.get(first.start..last.end).unwrap_or("").to_owned(),
        _ => String::new(),
    }
}

/// "North Korean leader", "National Security Council spokesman" right before a name.
fn role_before(text: &str, tokens: &[Token<'_>], start: usize) -> Option<String> {
    let previous = tokens.get(start.checked_sub(1)?)?;
    if !previous.word || !ROLE_WORDS.contains(&previous.text) {
        return None;
    }
    let mut first = start - 1;
    while first > 0 && start - first < 8 {
        let token = &tokens[first - 1];
        let lower = token.text.to_lowercase();
        if !token.word || token.possessive || (is_stopword(&lower) && lower != "of") {
            break;
        }
        first -= 1;
    }
    Some(text.get(tokens[first].start..previous.end)?.to_owned())
}

/// ", a National Security Council spokeswoman," right after a name.
fn role_after(text: &str, tokens: &[Token<'_>], end: usize) -> Option<String> {
    if tokens.get(end)?.text != "," {
        return None;
    }
    let mut index = end + 1;
    let mut role_end = None;
    while let Some(token) = tokens.get(index) {
        if !token.word || index > end + 12 {
            break;
        }
        if ROLE_WORDS.contains(&token.text) {
            role_end = Some(index);
        }
        index += 1;
    }
    let role_end = role_end?;
    // ", senior adviser Stephen Miller": the role belongs to the name after it.
    if tokens.get(role_end + 1).is_some_and(|token| token.capitalized()) {
        return None;
    }
    let mut first = end + 1;
    if let Some(token) = tokens.get(first)
        && matches!(token.text, "a" | "an" | "the")
    {
        first += 1;
    }
    // Keep "of the Politburo" and the like after the role word, up to the clause's end.
    let last = (index - 1).max(role_end);
    Some(text.get(tokens.get(first)?.start..tokens.get(last)?.end)?.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Resolution

/// The key people are resolved by: lower case, hyphens as spaces, initials and stopwords gone.
pub fn person_key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|word| !word.is_empty())
        .filter(|word| {
            let letters = word.trim_end_matches('.');
            !(letters.chars().count() == 1 && word.ends_with('.'))
        })
        .map(|word| word.replace(['’', '`'], "'").to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key of an organisation or an unknown place: lower case, a leading "the" dropped.
fn name_key(name: &str) -> String {
    let key = gazetteer::key(name);
    key.strip_prefix("the ").map(str::to_owned).unwrap_or(key).replace(['\u{2019}'], "'")
}

/// The capitals of a long name's content words ("Korean Central News Agency" → "KCNA").
pub(crate) fn initials(name: &str) -> String {
    let mut letters = String::new();
    for word in name.split(|c: char| c.is_whitespace() || c == '-') {
        let dotted = word.contains('.') && word.chars().all(|c| c == '.' || c.is_uppercase());
        if dotted {
            // "U.S. Navy" spells USN, not UN.
            letters.extend(word.chars().filter(|c| c.is_uppercase()));
        } else if let Some(first) = word.chars().next().filter(|c| c.is_uppercase()) {
            letters.push(first);
        }
    }
    letters
}

struct Building {
    entity: Entity,
    /// How often each spelling was used (for the display name).
    spellings: BTreeMap<String, usize>,
}

fn resolve(candidates: Vec<Candidate>) -> Vec<Entity> {
    let mut order: Vec<String> = Vec::new();
    let mut by_key: HashMap<String, Building> = HashMap::new();
    // Strong candidates first: they define the entities.
    let mut pending = Vec::new();
    for candidate in &candidates {
        match (candidate.kind, candidate.weak) {
            (Some(kind), false) => {
                let key = entity_key(kind, candidate);
                // A lone name that is some person's first or last name joins that person; so
                // does a lone city name not after a locative ("Warren said", not "in Warren").
                let lone_city = candidate.place.as_ref().is_some_and(|place| {
                    place.kind == gazetteer::PlaceKind::City && !candidate.located
                });
                if candidate.words.len() == 1
                    && (candidate.place.is_none() || lone_city)
                    && !candidate.words[0].contains('.')
                    && candidate.words[0].chars().any(char::is_lowercase)
                {
                    pending.push(candidate);
                    continue;
                }
                add(&mut order, &mut by_key, key, kind, candidate);
            }
            _ => pending.push(candidate),
        }
    }
    // Acronyms spelled by a long form's initials join it: the most mentioned such long form,
    // the first mentioned on ties (walked in first-mention order, so the result is the same
    // whatever the map's order).
    let long_forms: Vec<(String, String, usize)> =
        order
            .iter()
            .filter_map(|key| by_key.get(key))
            .filter(|building| building.entity.kind != EntityKind::Person)
            .flat_map(|building| {
                let mentions = building.entity.mentions.len();
                building.spellings.keys().filter(|spelling| spelling.contains(' ')).map(
                    move |spelling| (initials(spelling), building.entity.key.clone(), mentions),
                )
            })
            .collect();
    let acronyms: Vec<String> = order
        .iter()
        .filter_map(|key| by_key.get(key))
        .filter(|building| {
            building.spellings.keys().all(|spelling| !spelling.contains(' '))
                && building.entity.kind == EntityKind::Organization
        })
        .map(|building| building.entity.key.clone())
        .collect();
    for acronym in acronyms {
        let letters: String =
            acronym.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_uppercase();
        let mut best: Option<(&String, usize)> = None;
        for (initials, key, mentions) in &long_forms {
            if *initials == letters
                && *key != acronym
                && best.is_none_or(|(_, most)| *mentions > most)
            {
                best = Some((key, *mentions));
            }
        }
        let Some((target, _)) = best else {
            continue;
        };
        if !by_key.contains_key(target) {
            continue;
        }
        if let Some(building) = by_key.remove(&acronym) {
            order.retain(|key| *key != acronym);
            if let Some(into) = by_key.get_mut(target) {
                into.entity.mentions.extend(building.entity.mentions);
                for (spelling, count) in building.spellings {
                    *into.spellings.entry(spelling).or_default() += count;
                }
            }
        }
    }
    // Lone words and headings: join an entity they name, else stand alone when typed.
    for candidate in pending {
        let target = lone_target(candidate, &by_key, &order);
        match target {
            Some(key) => {
                let kind = by_key[&key].entity.kind;
                add(&mut order, &mut by_key, key, kind, candidate);
            }
            None => {
                let kind =
                    candidate.kind.or_else(|| candidate.place.as_ref().map(|_| EntityKind::Place));
                if let (Some(kind), false) = (kind, candidate.weak && candidate.place.is_none()) {
                    let key = entity_key(kind, candidate);
                    add(&mut order, &mut by_key, key, kind, candidate);
                }
            }
        }
    }
    let mut entities: Vec<Entity> = order
        .into_iter()
        .filter_map(|key| by_key.remove(&key))
        .map(|mut building| {
            building.entity.mentions.sort();
            building.entity.mentions.dedup();
            building.entity.name = display_name(&building);
            building.entity.aliases = building.spellings.keys().cloned().collect();
            building.entity
        })
        .collect();
    entities.sort_by_key(|entity| entity.mentions.first().map(|span| span.start));
    entities
}

fn add(
    order: &mut Vec<String>,
    by_key: &mut HashMap<String, Building>,
    key: String,
    kind: EntityKind,
    candidate: &Candidate,
) {
    let building = by_key.entry(key.clone()).or_insert_with(|| {
        order.push(key.clone());
        Building {
            entity: Entity {
                key,
                name: String::new(),
                kind,
                aliases: Vec::new(),
                roles: Vec::new(),
                geo: None,
                mentions: Vec::new(),
            },
            spellings: BTreeMap::new(),
        }
    });
    building.entity.mentions.push(candidate.span);
    *building.spellings.entry(candidate.surface.clone()).or_default() += 1;
    if let Some(role) = &candidate.role
        && !building.entity.roles.contains(role)
    {
        building.entity.roles.push(role.clone());
    }
    if let Some(place) = candidate.place.as_ref().filter(|p| p.kind != gazetteer::PlaceKind::Region)
    {
        building.entity.geo.get_or_insert_with(|| geo_of(place));
    }
}

fn geo_of(place: &gazetteer::Place) -> Geo {
    Geo {
        country: place.country.to_owned(),
        lat: place.coordinates.map(|(lat, _)| lat),
        lon: place.coordinates.map(|(_, lon)| lon),
    }
}

fn entity_key(kind: EntityKind, candidate: &Candidate) -> String {
    match (kind, &candidate.place) {
        (EntityKind::Place, Some(place)) => gazetteer::key(place.name),
        (EntityKind::Person, _) => person_key(&candidate.surface),
        _ => name_key(&candidate.surface),
    }
}

/// The entity a lone word or heading run names: a person by first or last name (the most
/// mentioned), a place or organisation by its key or its first word.
fn lone_target(
    candidate: &Candidate,
    by_key: &HashMap<String, Building>,
    order: &[String],
) -> Option<String> {
    let person = person_key(&candidate.surface);
    let name = name_key(&candidate.surface);
    if let Some(place) = &candidate.place {
        let key = gazetteer::key(place.name);
        if by_key.contains_key(&key) {
            return Some(key);
        }
    }
    for key in [&person, &name] {
        if by_key.contains_key(key.as_str()) {
            return Some(key.clone());
        }
    }
    if candidate.words.len() != 1 {
        return None;
    }
    let word = person.as_str();
    let mut best: Option<(&String, usize)> = None;
    for key in order {
        let Some(building) = by_key.get(key) else {
            continue;
        };
        let words: Vec<&str> = key.split(' ').collect();
        let matches = match building.entity.kind {
            EntityKind::Person => {
                words.len() > 1 && (words.first() == Some(&word) || words.last() == Some(&word))
            }
            EntityKind::Place => {
                words.len() > 1 && words.first() == Some(&word) && candidate.place.is_none()
            }
            EntityKind::Organization => false,
        };
        if matches {
            let count = building.entity.mentions.len();
            if best.is_none_or(|(_, best_count)| count > best_count) {
                best = Some((key, count));
            }
        }
    }
    if best.is_some_and(|(key, _)| by_key[key].entity.kind != EntityKind::Person)
        && candidate.kind == Some(EntityKind::Person)
    {
        return None;
    }
    best.map(|(key, _)| key.clone())
}

/// The most used multi-word spelling (the gazetteer's name for a known place), longest on ties.
fn display_name(building: &Building) -> String {
    if building.entity.kind == EntityKind::Place
        && let Some(place) = gazetteer::lookup(&building.entity.key, &[])
    {
        return place.name.to_owned();
    }
    let multi = building
        .spellings
        .iter()
        .filter(|(spelling, _)| spelling.contains(' '))
        .collect::<Vec<_>>();
    let pool: Vec<(&String, &usize)> =
        if multi.is_empty() { building.spellings.iter().collect() } else { multi };
    pool.into_iter()
        .max_by(|a, b| a.1.cmp(b.1).then(a.0.len().cmp(&b.0.len())).then(b.0.cmp(a.0)))
        .map(|(spelling, _)| spelling.clone())
        .unwrap_or_default()
}
