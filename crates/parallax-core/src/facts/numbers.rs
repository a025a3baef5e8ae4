//! Quantities: numbers with their unit, what they count and a metric normalisation.
//!
//! What is recognised (English, rule-based):
//!
//! - digits with separators and decimals (`1,500`, `1.5`), number words (`two`, `twenty-five`,
//!   `two hundred and fifty`, `a dozen`, `a million`), scales (`1.5 million`, `3bn`, `$3bn`;
//!   a glued `m` is million for money and before a plural noun, `50m Facebook profiles`, and
//!   metres otherwise), vague plurals (`dozens of`, `hundreds of`, `tens of thousands of`) and
//!   `several`/`a few` before a scale (`several thousand`, `a few dozen`): approximate, `value`
//!   is the least they can mean (24, 200, 20 000, 3 000, 24);
//! - qualifiers before the number (`about`, `approximately`, `nearly`, `some`, `more than`,
//!   `at least`, `up to`, ...): `approximate` is set and the phrase is kept in `qualifier`;
//! - percentages (`12%`, `12 percent`, `12 per cent`);
//! - money: `$`, `US$`, `€`, `£`, `¥`, `₩`, `₽`, `₹` and ISO codes before the number, `dollars`,
//!   `euros`, `pounds sterling`, `yuan`, `yen`, `won`, `rubles`, `rupees` and ISO codes after it.
//!   The unit is the currency code (`$` is taken as US dollars); money is normalised to itself.
//! - units of length, speed, mass, temperature, volume, area and duration (see [`Measure`] for
//!   the normalised units). `37 mph (59 km/h)` gives two quantities, each normalised to km/h.
//!   `tons` are US short tons (0.907 t); `pounds` are a mass unless written `pounds sterling`
//!   or with `£`. Durations are normalised to seconds, except months, years and decades (None).
//!   A single-letter unit (`m`, `g`, `t`) counts only glued to the number (`5m`, `10g`).
//! - ordinals written with digits (`70th`): `ordinal` is set and `counted` is the noun after it.
//!
//! `counted` is the noun phrase after a unit-less number, adjectives included, up to its first
//! plural noun for numbers other than one (`20 heavy bulletproof carriages` counts
//! `heavy bulletproof carriages`; `9 foreign trips to 5 countries` gives `foreign trips` and
//! `countries`; `approximately 20 North Korean officials` counts `North Korean officials`), or
//! the phrase after `of` for a unit or a vague plural (`1,000 tonnes of grain`,
//! `hundreds of people`, `12% of voters`); a second plural right after the head joins it
//! (`two Atlanta police officers`); for one and ordinals it is up to three words, stopping
//! before a plural or a past-tense-looking word. The span covers qualifier, number, unit and
//! counted phrase.
//!
//! Not quantities: numbers inside dates and years (the spans of
//! [`time_mentions`] without an anchor), times of day (`9:30`,
//! `3 pm`), fractions and slashed numbers (`9/11`, `24/7`), version-like numbers (`1.2.3`),
//! numbers glued to letters or after a hyphenated or capitalised name (`G7`, `4G`, `Covid-19`,
//! `Hwasong-17`, `Pier 33`, `Leopard 2`, `World War Two`; a capitalised word that starts a
//! sentence does not count as a name), codes (`1095-A`), and a bare `one` that counts nothing
//! (`one of these`, `no one`).
//!
//! Not handled: ranges as one quantity (`10 to 13 people` gives two), negative numbers,
//! fractions (`half`, `a third`), word ordinals (`first`), `a few`/`several`, bare `C`/`F`
//! temperatures, compound units beyond the listed ones.

use super::lex::{self, Kind, Tok};
use super::time::mentions_in;
#[cfg(doc)]
use super::time::time_mentions;
use crate::model::Span;

/// A value in a normalised (metric, or currency) unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measure {
    /// The value in `unit`.
    pub value: f64,
    /// `km`, `m`, `km/h`, `kg`, `t`, `°C`, `L`, `ha`, `km²`, `s`, `%`, or an ISO 4217
    /// currency code (`USD`, `EUR`, ...).
    pub unit: &'static str,
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Where it is (byte offsets into the text): qualifier, number, unit and counted phrase.
    pub span: Span,
    /// The number, scales applied (`1.5 million` is 1 500 000).
    pub value: f64,
    /// Whether the number is not exact (a qualifier or a vague plural).
    pub approximate: bool,
    /// The qualifying words, lowercased (`about`, `more than`, `hundreds of`).
    pub qualifier: Option<String>,
    /// The unit, in a normalised spelling (`mile`, `mph`, `km`, `%`, `USD`, `day`).
    pub unit: Option<String>,
    /// The noun phrase the number counts, as written (`North Korean officials`).
    pub counted: Option<String>,
    /// The value in a metric or currency unit, when the unit has one.
    pub normalized: Option<Measure>,
    /// Whether the number is an ordinal (`70th`).
    pub ordinal: bool,
}

/// Finds the quantities of `text`, in text order and without overlaps.
pub fn quantities(text: &str) -> Vec<Quantity> {
    let toks = lex::tokenize(text);
    let dates: Vec<Span> = mentions_in(text, &toks, None).into_iter().map(|m| m.span).collect();
    let scanner = Scanner { text, toks: &toks };
    let mut found = Vec::new();
    let mut date = 0;
    let mut i = 0;
    while i < toks.len() {
        if let Some((end, quantity)) = scanner.quantity_at(i) {
            while date < dates.len() && dates[date].end <= quantity.span.start {
                date += 1;
            }
            // Drop a quantity whose number lies in a date; a longer quantity whose trailing
            // words touch a date keeps only what comes before it.
            let overlaps = dates.get(date).is_some_and(|d| d.start < quantity.span.end);
            if !overlaps {
                found.push(quantity);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const QUALIFIERS: &[&[&str]] = &[
    &["more", "than"],
    &["less", "than"],
    &["fewer", "than"],
    &["at", "least"],
    &["at", "most"],
    &["up", "to"],
    &["as", "many", "as"],
    &["as", "much", "as"],
    &["as", "few", "as"],
    &["an", "estimated"],
    &["close", "to"],
    &["upwards", "of"],
    &["just", "over"],
    &["just", "under"],
    &["well", "over"],
    &["about"],
    &["around"],
    &["approximately"],
    &["approx"],
    &["roughly"],
    &["nearly"],
    &["almost"],
    &["some"],
    &["over"],
    &["under"],
    &["estimated"],
    &["circa"],
];

const SMALL: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] =
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

fn scale_word(word: &str) -> Option<f64> {
    Some(match word {
        "thousand" => 1e3,
        "million" | "mn" | "mln" => 1e6,
        "billion" | "bn" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

/// Vague plurals: (words, least value).
const VAGUE: &[(&[&str], f64)] = &[
    (&["tens", "of", "thousands"], 2e4),
    (&["hundreds", "of", "thousands"], 2e5),
    (&["tens", "of", "millions"], 2e7),
    (&["hundreds", "of", "millions"], 2e8),
    (&["dozens"], 24.0),
    (&["scores"], 40.0),
    (&["hundreds"], 200.0),
    (&["thousands"], 2e3),
    (&["millions"], 2e6),
    (&["billions"], 2e9),
];

const CURRENCY_SYMBOLS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₩", "KRW"),
    ("₽", "RUB"),
    ("₹", "INR"),
];
const CURRENCY_CODES: &[&str] =
    &["USD", "EUR", "GBP", "JPY", "CNY", "RMB", "KRW", "RUB", "INR", "CHF", "CAD", "AUD"];

/// Currency words after a number: (words, code).
const CURRENCY_WORDS: &[(&[&str], &str)] = &[
    (&["us", "dollars"], "USD"),
    (&["pounds", "sterling"], "GBP"),
    (&["dollars"], "USD"),
    (&["dollar"], "USD"),
    (&["euros"], "EUR"),
    (&["euro"], "EUR"),
    (&["sterling"], "GBP"),
    (&["yuan"], "CNY"),
    (&["renminbi"], "CNY"),
    (&["yen"], "JPY"),
    (&["won"], "KRW"),
    (&["rubles"], "RUB"),
    (&["roubles"], "RUB"),
    (&["ruble"], "RUB"),
    (&["rouble"], "RUB"),
    (&["rupees"], "INR"),
];

/// A unit: written forms (token sequences, lowercase), normalised spelling, metric unit and
/// factor (`None`: no normalisation).
struct Unit {
    forms: &'static [&'static [&'static str]],
    name: &'static str,
    metric: Option<(&'static str, f64)>,
}

const UNITS: &[Unit] = &[
    Unit {
        forms: &[&["%"], &["percent"], &["per", "cent"], &["pct"]],
        name: "%",
        metric: Some(("%", 1.0)),
    },
    Unit {
        forms: &[&["percentage", "points"], &["percentage", "point"]],
        name: "percentage point",
        metric: None,
    },
    Unit {
        forms: &[&["miles", "per", "hour"], &["mph"]],
        name: "mph",
        metric: Some(("km/h", 1.609_344)),
    },
    Unit {
        forms: &[
            &["km", "/", "h"],
            &["kph"],
            &["kmh"],
            &["kilometres", "per", "hour"],
            &["kilometers", "per", "hour"],
        ],
        name: "km/h",
        metric: Some(("km/h", 1.0)),
    },
    Unit { forms: &[&["knots"], &["knot"]], name: "knot", metric: Some(("km/h", 1.852)) },
    Unit {
        forms: &[&["nautical", "miles"], &["nautical", "mile"]],
        name: "nautical mile",
        metric: Some(("km", 1.852)),
    },
    Unit {
        forms: &[&["square", "miles"], &["square", "mile"], &["sq", "mi"]],
        name: "square mile",
        metric: Some(("km²", 2.589_988_110_336)),
    },
    Unit {
        forms: &[
            &["square", "kilometres"],
            &["square", "kilometers"],
            &["square", "kilometre"],
            &["square", "kilometer"],
            &["sq", "km"],
            &["km", "²"],
        ],
        name: "km²",
        metric: Some(("km²", 1.0)),
    },
    Unit {
        forms: &[&["miles"], &["mile"], &["mi"]],
        name: "mile",
        metric: Some(("km", 1.609_344)),
    },
    Unit {
        forms: &[
            &["kilometres"],
            &["kilometers"],
            &["kilometre"],
            &["kilometer"],
            &["km"],
            &["kms"],
        ],
        name: "km",
        metric: Some(("km", 1.0)),
    },
    Unit {
        forms: &[&["metres"], &["meters"], &["metre"], &["meter"], &["m"]],
        name: "m",
        metric: Some(("m", 1.0)),
    },
    Unit {
        forms: &[&["centimetres"], &["centimeters"], &["cm"]],
        name: "cm",
        metric: Some(("m", 0.01)),
    },
    Unit {
        forms: &[&["millimetres"], &["millimeters"], &["mm"]],
        name: "mm",
        metric: Some(("m", 0.001)),
    },
    Unit { forms: &[&["feet"], &["foot"], &["ft"]], name: "ft", metric: Some(("m", 0.3048)) },
    Unit { forms: &[&["inches"], &["inch"]], name: "inch", metric: Some(("m", 0.0254)) },
    Unit { forms: &[&["yards"], &["yard"]], name: "yard", metric: Some(("m", 0.9144)) },
    Unit {
        forms: &[&["kilograms"], &["kilogram"], &["kilos"], &["kilo"], &["kg"], &["kgs"]],
        name: "kg",
        metric: Some(("kg", 1.0)),
    },
    Unit { forms: &[&["grams"], &["gram"], &["g"]], name: "g", metric: Some(("kg", 0.001)) },
    Unit {
        forms: &[&["metric", "tons"], &["metric", "tonnes"], &["tonnes"], &["tonne"], &["t"]],
        name: "t",
        metric: Some(("t", 1.0)),
    },
    Unit { forms: &[&["tons"], &["ton"]], name: "ton", metric: Some(("t", 0.907_184_74)) },
    Unit {
        forms: &[&["pounds"], &["pound"], &["lbs"], &["lb"]],
        name: "lb",
        metric: Some(("kg", 0.453_592_37)),
    },
    Unit {
        forms: &[&["ounces"], &["ounce"], &["oz"]],
        name: "oz",
        metric: Some(("kg", 0.028_349_523_125)),
    },
    Unit {
        forms: &[&["litres"], &["liters"], &["litre"], &["liter"]],
        name: "L",
        metric: Some(("L", 1.0)),
    },
    Unit {
        forms: &[&["gallons"], &["gallon"]],
        name: "gallon",
        metric: Some(("L", 3.785_411_784)),
    },
    Unit {
        forms: &[&["barrels"], &["barrel"]],
        name: "barrel",
        metric: Some(("L", 158.987_294_928)),
    },
    Unit { forms: &[&["acres"], &["acre"]], name: "acre", metric: Some(("ha", 0.404_685_642_24)) },
    Unit { forms: &[&["hectares"], &["hectare"], &["ha"]], name: "ha", metric: Some(("ha", 1.0)) },
    Unit {
        forms: &[&["seconds"], &["second"], &["secs"], &["sec"]],
        name: "second",
        metric: Some(("s", 1.0)),
    },
    Unit {
        forms: &[&["minutes"], &["minute"], &["mins"], &["min"]],
        name: "minute",
        metric: Some(("s", 60.0)),
    },
    Unit {
        forms: &[&["hours"], &["hour"], &["hrs"], &["hr"]],
        name: "hour",
        metric: Some(("s", 3600.0)),
    },
    Unit { forms: &[&["days"], &["day"]], name: "day", metric: Some(("s", 86_400.0)) },
    Unit { forms: &[&["weeks"], &["week"]], name: "week", metric: Some(("s", 604_800.0)) },
    Unit { forms: &[&["months"], &["month"]], name: "month", metric: None },
    Unit { forms: &[&["years"], &["year"]], name: "year", metric: None },
    Unit { forms: &[&["decades"], &["decade"]], name: "decade", metric: None },
];

/// Temperature forms: (words, normalised spelling, Fahrenheit).
const TEMPERATURES: &[(&[&str], &str, bool)] = &[
    (&["degrees", "fahrenheit"], "°F", true),
    (&["degrees", "f"], "°F", true),
    (&["°", "f"], "°F", true),
    (&["ºf"], "°F", true),
    (&["degrees", "celsius"], "°C", false),
    (&["degrees", "centigrade"], "°C", false),
    (&["degrees", "c"], "°C", false),
    (&["°", "c"], "°C", false),
    (&["ºc"], "°C", false),
    (&["º", "c"], "°C", false),
    (&["º", "f"], "°F", true),
];

/// Words that end a counted phrase.
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "and",
    "or",
    "but",
    "nor",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "this",
    "these",
    "those",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "shall",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "him",
    "them",
    "us",
    "not",
    "no",
    "more",
    "less",
    "most",
    "least",
    "per",
    "each",
    "every",
    "ago",
    "later",
    "earlier",
    "before",
    "after",
    "since",
    "until",
    "during",
    "about",
    "around",
    "over",
    "under",
    "into",
    "onto",
    "upon",
    "up",
    "down",
    "out",
    "off",
    "between",
    "among",
    "against",
    "through",
    "across",
    "along",
    "behind",
    "beyond",
    "near",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "so",
    "if",
    "then",
    "there",
    "here",
    "when",
    "where",
    "while",
    "also",
    "just",
    "only",
    "even",
    "still",
    "yet",
    "already",
    "all",
    "both",
    "either",
    "neither",
    "other",
    "another",
    "such",
    "own",
    "same",
    "what",
    "how",
    "why",
    "old",
    "ahead",
    "apart",
    "away",
    "aboard",
    "including",
    "alone",
    "each",
    "too",
    "very",
    "said",
    "says",
    "say",
    "told",
    "according",
    "because",
    "though",
    "although",
    "whether",
    "like",
    "unlike",
    "within",
    "without",
    "toward",
    "towards",
    "via",
    "per",
    "versus",
    "vs",
    "am",
    "pm",
    "s",
    "percent",
];

const IRREGULAR_PLURALS: &[&str] = &[
    "people",
    "men",
    "women",
    "children",
    "police",
    "personnel",
    "staff",
    "cattle",
    "feet",
    "teeth",
    "mice",
    "geese",
    "data",
    "media",
    "criteria",
    "aircraft",
    "sheep",
    "fish",
    "deer",
    "series",
    "species",
    "crew",
    "troops",
    "livestock",
    "spacecraft",
    "offspring",
    "folk",
];

fn is_plural(word: &str) -> bool {
    let lower = word.to_lowercase();
    if IRREGULAR_PLURALS.contains(&lower.as_str()) {
        return true;
    }
    lower.chars().count() > 2
        && lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
}

struct Scanner<'a> {
    text: &'a str,
    toks: &'a [Tok],
}

/// The number part of a quantity.
struct Number {
    value: f64,
    /// Index after the number.
    end: usize,
    ordinal: bool,
    approximate: Option<String>,
    /// A vague plural (`hundreds`) that takes `of` before its counted phrase.
    vague: bool,
    /// Whether the number was written in words.
    words: bool,
}

impl Scanner<'_> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn lower(&self, i: usize) -> String {
        self.tok(i).map(|t| t.text(self.text).to_lowercase()).unwrap_or_default()
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        lex::is_any(self.toks, self.text, i, words)
    }

    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space)
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.tok(i).map(|t| t.kind)
    }

    fn punct(&self, i: usize, c: &str) -> bool {
        lex::is_punct(self.toks, self.text, i, c)
    }

    /// Whether the tokens at `i` spell `words` (lowercase), each separated by at most spaces;
    /// returns the index after them.
    fn phrase(&self, i: usize, words: &[&str]) -> Option<usize> {
        for (k, word) in words.iter().enumerate() {
            let t = self.tok(i + k)?;
            if t.kind == Kind::Num && t.text(self.text) != *word {
                return None;
            }
            let written = t.text(self.text);
            if !written.eq_ignore_ascii_case(word)
                && (written.is_ascii() || written.to_lowercase() != *word)
            {
                return None;
            }
            if k > 0 && t.newline {
                return None;
            }
        }
        Some(i + words.len())
    }

    /// Whether token `i` starts a sentence (text start, line start or after `.!?`).
    fn sentence_start(&self, i: usize) -> bool {
        i == 0
            || self.tok(i).is_some_and(|t| t.newline)
            || lex::is_sentence_end(self.toks, self.text, i - 1)
            || self.punct(i - 1, ":")
            || self.punct(i - 1, "\u{201c}")
    }

    fn quantity_at(&self, i: usize) -> Option<(usize, Quantity)> {
        let t = self.tok(i)?;
        let starts = match t.kind {
            Kind::Num => true,
            Kind::Word => may_start(t.text(self.text)),
            Kind::Punct => CURRENCY_SYMBOLS.iter().any(|(s, _)| t.text(self.text) == *s),
        };
        if !starts {
            return None;
        }
        // Qualifier.
        let mut k = i;
        let mut qualifier = None;
        for words in QUALIFIERS {
            if let Some(next) = self.phrase(i, words) {
                qualifier = Some(words.join(" "));
                k = next;
                break;
            }
        }
        // Currency before the number.
        let mut currency = None;
        if self.is(k, &["US", "C", "A", "HK", "NZ", "S"])
            && self.punct(k + 1, "$")
            && self.glued(k + 1)
        {
            currency = Some(match self.lower(k).as_str() {
                "c" => "CAD",
                "a" => "AUD",
                "hk" => "HKD",
                "nz" => "NZD",
                "s" => "SGD",
                _ => "USD",
            });
            k += 2;
        } else if let Some(&(_, code)) = CURRENCY_SYMBOLS.iter().find(|(s, _)| self.punct(k, s)) {
            currency = Some(code);
            k += 1;
        } else if let Some(code) = self.tok(k).and_then(|t| {
            let word = t.text(self.text);
            CURRENCY_CODES.iter().find(|c| **c == word).copied()
        }) && self.kind(k + 1) == Some(Kind::Num)
        {
            currency = Some(code);
            k += 1;
        }
        if currency.is_some() && self.kind(k) != Some(Kind::Num) {
            return None;
        }
        let number = self.number(k, currency.is_some())?;
        if !number.value.is_finite() || (qualifier.is_none() && self.name_before(k)) {
            return None;
        }
        // `no one`, `any one`: a pronoun.
        if number.words
            && number.value == 1.0
            && k > 0
            && self.is(k - 1, &["no", "any", "every", "each", "the", "that", "this", "which"])
        {
            return None;
        }
        let mut end = number.end;
        let value = number.value;
        let mut unit: Option<String> = currency.map(str::to_owned);
        let mut normalized = currency.map(|code| Measure { value, unit: code });
        let mut counted = None;
        // Unit after the number (not after an ordinal).
        if !number.ordinal && !number.vague && currency.is_none() {
            if let Some((after, code)) = self.currency_after(end) {
                unit = Some(code.to_owned());
                normalized = Some(Measure { value, unit: code });
                end = after;
            } else if let Some((after, name, measure)) = self.unit_after(end, value) {
                unit = Some(name);
                normalized = measure;
                end = after;
            }
        }
        if unit.is_some() || number.vague {
            // `1,000 tonnes of grain`, `hundreds of people`.
            if self.is(end, &["of"])
                && self.tok(end).is_some_and(|t| !t.newline)
                && let Some((after, phrase)) = self.counted(end + 1, false)
            {
                counted = Some(phrase);
                end = after;
            }
        } else if let Some((after, phrase)) = self.counted(end, number.ordinal || value == 1.0) {
            counted = Some(phrase);
            end = after;
        }
        if number.words && value == 1.0 && unit.is_none() && counted.is_none() {
            return None;
        }
        if unit.as_deref() == Some("%") {
            normalized = Some(Measure { value, unit: "%" });
        }
        let approximate_phrase = number.approximate.clone();
        let qualifier = match (qualifier, approximate_phrase) {
            (Some(q), Some(v)) => Some(format!("{q} {v}")),
            (q, v) => q.or(v),
        };
        let span = Span { start: self.toks[i].start, end: self.toks[end - 1].end };
        Some((
            end,
            Quantity {
                span,
                value,
                approximate: qualifier.is_some(),
                qualifier,
                unit,
                counted,
                normalized,
                ordinal: number.ordinal,
            },
        ))
    }

    /// Whether the number at `i` belongs to a name: `Pier 33`, `Leopard 2`, `World War Two`.
    fn name_before(&self, i: usize) -> bool {
        if i == 0 || self.sentence_start(i) {
            return false;
        }
        let prev = &self.toks[i - 1];
        if prev.kind != Kind::Word || !prev.capitalized(self.text) || self.sentence_start(i - 1) {
            return false;
        }
        let word = prev.text(self.text).to_lowercase();
        if STOP.contains(&word.as_str())
            || QUALIFIERS.iter().any(|q| q.last() == Some(&word.as_str()))
            || CURRENCY_CODES.iter().any(|c| c.eq_ignore_ascii_case(&word))
        {
            return false;
        }
        let t = &self.toks[i];
        // A capitalised number word after a capitalised word (`World War Two`), or digits.
        t.kind == Kind::Num || t.capitalized(self.text)
    }

    /// The number at `i`: digits or words, with scales.
    fn number(&self, i: usize, money: bool) -> Option<Number> {
        let t = self.tok(i)?;
        match t.kind {
            Kind::Num => self.digits(i, money),
            Kind::Word => self.number_words(i),
            Kind::Punct => None,
        }
    }

    fn digits(&self, i: usize, money: bool) -> Option<Number> {
        // Glued to a word or hyphenated name before it: G7, Covid-19.
        if i > 0 && self.glued(i) {
            let prev = &self.toks[i - 1];
            let symbol = CURRENCY_SYMBOLS.iter().any(|(s, _)| prev.text(self.text) == *s);
            if !symbol {
                if prev.kind != Kind::Punct {
                    return None;
                }
                if matches!(
                    prev.text(self.text),
                    "-" | "‐" | "‑" | "–" | ":" | "/" | "." | "," | "#"
                ) && i > 1
                    && self.glued(i - 1)
                    && self.kind(i - 2) != Some(Kind::Punct)
                {
                    return None;
                }
            }
        }
        let mut text = String::from(self.tok(i)?.text(self.text));
        let mut end = i + 1;
        // Thousands separators: exactly three digits after each comma.
        while self.punct(end, ",")
            && self.glued(end)
            && self.glued(end + 1)
            && self.tok(end + 1).is_some_and(|t| t.kind == Kind::Num && t.len() == 3)
        {
            text.push_str(self.tok(end + 1)?.text(self.text));
            end += 2;
        }
        if self.punct(end, ".")
            && self.glued(end)
            && self.glued(end + 1)
            && self.kind(end + 1) == Some(Kind::Num)
        {
            // 1.2.3 is a version, not a number.
            if self.punct(end + 2, ".")
                && self.glued(end + 2)
                && self.kind(end + 3) == Some(Kind::Num)
            {
                return None;
            }
            text.push('.');
            text.push_str(self.tok(end + 1)?.text(self.text));
            end += 2;
        }
        // Times and slashed numbers: 9:30, 9/11, 24/7.
        if (self.punct(end, ":") || self.punct(end, "/"))
            && self.glued(end)
            && self.kind(end + 1) == Some(Kind::Num)
            && self.glued(end + 1)
        {
            return None;
        }
        if self.is(end, &["am", "pm"]) || (self.is(end, &["a", "p"]) && self.punct(end + 1, ".")) {
            return None;
        }
        let mut value: f64 = text.parse().ok()?;
        let mut ordinal = false;
        if self.glued(end) && self.kind(end) == Some(Kind::Word) {
            let suffix = self.lower(end);
            if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
                ordinal = true;
                end += 1;
            } else if let Some(scale) =
                scale_word(&suffix).or(if money && matches!(suffix.as_str(), "m" | "b" | "k") {
                    Some(match suffix.as_str() {
                        "m" => 1e6,
                        "b" => 1e9,
                        _ => 1e3,
                    })
                } else {
                    None
                })
            {
                value *= scale;
                end += 1;
            } else if suffix == "m" && self.million_m(end) {
                // `50m Facebook profiles`: millions, not metres.
                value *= 1e6;
                end += 1;
            } else if !self.unit_glued(end) {
                // 4G, 3D.
                return None;
            }
        } else if self.glued(end) && self.kind(end) == Some(Kind::Num) {
            return None;
        } else if lex::is_dash(self.toks, self.text, end)
            && self.glued(end)
            && self.glued(end + 1)
            && self.tok(end + 1).is_some_and(|t| {
                t.kind == Kind::Word
                    && t.len() <= 2
                    && t.text(self.text).chars().all(char::is_uppercase)
            })
        {
            // Form 1095-A, 737-MAX style codes.
            return None;
        }
        if !ordinal {
            // 1.5 million, 3 billion; also `two hundred`-style scale words after digits.
            let mut k = end;
            while let Some(scale) =
                self.tok(k).filter(|t| t.kind == Kind::Word && !t.newline).and_then(|_| {
                    let word = self.lower(k);
                    scale_word(&word).or((word == "hundred").then_some(100.0))
                })
            {
                value *= scale;
                k += 1;
            }
            end = k;
        }
        Some(Number { value, end, ordinal, approximate: None, vague: false, words: false })
    }

    /// Whether the `m` at `i` glued to a number means million: a plural noun follows.
    fn million_m(&self, i: usize) -> bool {
        self.tok(i + 1).is_some_and(|t| t.space && !t.newline)
            && self.counted(i + 1, false).is_some_and(|(end, _)| {
                self.tok(end - 1).is_some_and(|t| is_plural(t.text(self.text)))
            })
    }

    /// Whether token `i` (glued to a number) is a unit: `10km`, `5kg`.
    fn unit_glued(&self, i: usize) -> bool {
        self.unit_after(i, 1.0).is_some()
    }

    fn number_words(&self, i: usize) -> Option<Number> {
        for (words, least) in VAGUE {
            if let Some(end) = self.phrase(i, words) {
                if !self.is(end, &["of"]) {
                    return None;
                }
                return Some(Number {
                    value: *least,
                    end,
                    ordinal: false,
                    approximate: Some(format!("{} of", words.join(" "))),
                    vague: true,
                    words: true,
                });
            }
        }
        // `several thousand`, `a few hundred`.
        for (words, times) in [(&["several"][..], 3.0), (&["a", "few"][..], 2.0)] {
            if let Some(end) = self.phrase(i, words) {
                let next = self.lower(end);
                let scale = scale_word(&next).or(match next.as_str() {
                    "hundred" => Some(100.0),
                    "dozen" => Some(12.0),
                    _ => None,
                })?;
                return Some(Number {
                    value: times * scale,
                    end: end + 1,
                    ordinal: false,
                    approximate: Some(words.join(" ")),
                    vague: false,
                    words: true,
                });
            }
        }
        let mut k = i;
        let mut total = 0.0_f64;
        let mut current = 0.0_f64;
        let mut any = false;
        // `a dozen`, `a hundred`, `a million`.
        if self.is(k, &["a", "an"]) {
            let next = self.lower(k + 1);
            if next == "dozen" || next == "hundred" || scale_word(&next).is_some() {
                current = 1.0;
                k += 1;
            } else {
                return None;
            }
        }
        let mut last = ' ';
        while let Some(t) = self.tok(k) {
            if t.kind != Kind::Word || (k > i && t.newline) {
                break;
            }
            let word = self.lower(k);
            if let Some(v) = SMALL.iter().position(|w| *w == word) {
                if last == 'u' || last == 't' && v >= 10 {
                    break;
                }
                current += v as f64;
                last = 'u';
            } else if let Some(v) = TENS.iter().position(|w| *w == word) {
                if last == 'u' || last == 't' {
                    break;
                }
                current += (v as f64 + 2.0) * 10.0;
                last = 't';
                // twenty-five
                if lex::is_dash(self.toks, self.text, k + 1)
                    && self.glued(k + 1)
                    && self.glued(k + 2)
                    && let Some(u) = SMALL[1..10].iter().position(|w| *w == self.lower(k + 2))
                {
                    current += u as f64 + 1.0;
                    k += 2;
                    last = 'u';
                }
            } else if word == "dozen" {
                current = current.max(1.0) * 12.0;
                last = 's';
            } else if word == "hundred" {
                if last == 's' && current >= 100.0 {
                    break;
                }
                current = current.max(1.0) * 100.0;
                last = 's';
            } else if let Some(scale) = scale_word(&word).filter(|_| word.len() > 3) {
                total += current.max(1.0) * scale;
                current = 0.0;
                last = 'S';
            } else if word == "and"
                && (last == 's' || last == 'S')
                && self.tok(k + 1).is_some_and(|t| {
                    let next = t.text(self.text).to_lowercase();
                    SMALL.contains(&next.as_str()) || TENS.contains(&next.as_str())
                })
            {
                last = 'a';
            } else {
                break;
            }
            any = true;
            k += 1;
        }
        if !any {
            return None;
        }
        if last == 'a' {
            k -= 1;
        }
        Some(Number {
            value: total + current,
            end: k,
            ordinal: false,
            approximate: None,
            vague: false,
            words: true,
        })
    }

    /// A currency word or code after the number at `i`.
    fn currency_after(&self, i: usize) -> Option<(usize, &'static str)> {
        if self.tok(i).is_some_and(|t| t.newline) {
            return None;
        }
        for (words, code) in CURRENCY_WORDS {
            if let Some(end) = self.phrase(i, words) {
                return Some((end, code));
            }
        }
        let word = self.tok(i)?.text(self.text);
        CURRENCY_CODES.iter().find(|c| **c == word).map(|c| (i + 1, *c))
    }

    /// A unit after the number at `i` (hyphen allowed: `10-day`).
    fn unit_after(&self, i: usize, value: f64) -> Option<(usize, String, Option<Measure>)> {
        let mut k = i;
        if lex::is_dash(self.toks, self.text, k)
            && self.glued(k)
            && self.glued(k + 1)
            && self.kind(k + 1) == Some(Kind::Word)
        {
            k += 1;
        }
        if self.tok(k).is_some_and(|t| t.newline) {
            return None;
        }
        for (form, name, fahrenheit) in TEMPERATURES {
            if let Some(end) = self.phrase(k, form) {
                let celsius = if *fahrenheit { (value - 32.0) * 5.0 / 9.0 } else { value };
                return Some((
                    end,
                    (*name).to_owned(),
                    Some(Measure { value: celsius, unit: "°C" }),
                ));
            }
        }
        for unit in UNITS {
            for form in unit.forms {
                let Some(end) = self.phrase(k, form) else { continue };
                // Single letters count only glued: 5m, 10g.
                if form.len() == 1
                    && form[0].len() == 1
                    && form[0] != "%"
                    && (!self.glued(k) || self.tok(k).is_some_and(|t| t.capitalized(self.text)))
                {
                    continue;
                }
                // A unit word must end there: `m` of `5 mph` is not metres.
                if self.glued(end) && self.kind(end) == Some(Kind::Word) {
                    continue;
                }
                let measure =
                    unit.metric.map(|(name, factor)| Measure { value: value * factor, unit: name });
                return Some((end, unit.name.to_owned(), measure));
            }
        }
        None
    }

    /// The counted noun phrase at `i`: up to four words, to the first plural (and a second
    /// plural right after it: `police officers`) unless `single`, where it stops before a
    /// plural or verb-like word after the first (`one person chasing`).
    fn counted(&self, i: usize, single: bool) -> Option<(usize, String)> {
        let mut words: Vec<usize> = Vec::new(); // index after each word
        let mut k = i;
        while words.len() < 4 {
            if !self.counted_word(k) {
                break;
            }
            // Hyphenated compounds (non-lethal, far-reaching), dotted acronyms (U.S.).
            let mut end = k + 1;
            while self.tok(end - 1).is_some_and(|t| t.len() <= 2 && t.capitalized(self.text))
                && self.punct(end, ".")
                && self.glued(end)
            {
                end += 1;
                if self.glued(end)
                    && self.tok(end).is_some_and(|t| t.kind == Kind::Word && t.len() <= 2)
                {
                    end += 1;
                } else {
                    break;
                }
            }
            while lex::is_dash(self.toks, self.text, end)
                && self.glued(end)
                && self.glued(end + 1)
                && self.kind(end + 1) == Some(Kind::Word)
            {
                end += 2;
            }
            let last = self.tok(end - 1)?.text(self.text);
            let adverb = last.len() > 4 && last.ends_with("ly");
            if single && (adverb || (!words.is_empty() && (is_plural(last) || verb_like(last)))) {
                break;
            }
            words.push(end);
            k = end;
            if single && is_plural(last) {
                break;
            }
            if !single && is_plural(last) {
                let mut stop = end;
                if self.counted_word(end)
                    && self.tok(end).is_some_and(|t| !t.capitalized(self.text))
                    && is_plural(self.tok(end)?.text(self.text))
                {
                    stop = end + 1;
                }
                return Some((stop, self.slice(i, stop)?));
            }
        }
        let end = match (single, words.as_slice()) {
            (_, []) => return None,
            (true, words) => words[words.len().min(3) - 1],
            // No plural head: a lone word only (`2 collections`, `5 Leopard`).
            (false, [end]) => *end,
            (false, _) => return None,
        };
        Some((end, self.slice(i, end)?))
    }

    /// Whether token `k` can be part of a counted phrase.
    fn counted_word(&self, k: usize) -> bool {
        let Some(t) = self.tok(k) else { return false };
        if t.kind != Kind::Word || t.newline {
            return false;
        }
        let word = t.text(self.text);
        let stop = STOP.iter().any(|s| s.eq_ignore_ascii_case(word));
        // `North Korean officials`: a capitalised direction is part of a name.
        let direction = ["north", "south", "east", "west"]
            .iter()
            .any(|d| word.get(..d.len()).is_some_and(|w| w.eq_ignore_ascii_case(d)));
        !stop || (direction && t.capitalized(self.text))
    }

    /// The text from token `from` to the token before `to`.
    fn slice(&self, from: usize, to: usize) -> Option<String> {
        let start = self.tok(from)?.start;
        let end = self.tok(to.checked_sub(1)?)?.end;
        self.text.get(start..end).map(str::to_owned)
    }
}

/// Whether a word looks like a verb form or an adverb (`killed`, `running`, `quickly`).
fn verb_like(word: &str) -> bool {
    word.len() > 4 && (word.ends_with("ed") || word.ends_with("ing") || word.ends_with("ly"))
}

/// Whether a word can start a quantity (cheap filter before the real parse, which is hot):
/// a qualifier's first word, a number word, a vague plural, a currency code or prefix.
fn may_start(word: &str) -> bool {
    let mut buffer = [0u8; 16];
    if word.len() > buffer.len() || !word.is_ascii() {
        return false;
    }
    let lower = &mut buffer[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower).unwrap_or("");
    QUALIFIERS.iter().any(|q| q.first() == Some(&lower))
        || SMALL.contains(&lower)
        || TENS.contains(&lower)
        || VAGUE.iter().any(|(w, _)| w.first() == Some(&lower))
        || CURRENCY_CODES.iter().any(|c| c.eq_ignore_ascii_case(lower))
        || matches!(
            lower,
            "a" | "an"
                | "dozen"
                | "hundred"
                | "thousand"
                | "million"
                | "billion"
                | "trillion"
                | "several"
                | "us"
                | "c"
                | "hk"
                | "nz"
                | "s"
        )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// (span text, value, qualifier, unit, counted, normalised (value, unit)).
    type Expected<'a> =
        (&'a str, f64, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<(f64, &'a str)>);

    fn check(text: &str, expected: &[Expected<'_>]) {
        let got = quantities(text);
        let shown: Vec<String> =
            got.iter().map(|q| format!("{:?} {q:?}", q.span.slice(text))).collect();
        assert_eq!(got.len(), expected.len(), "{text}: {shown:#?}");
        for (q, (span, value, qualifier, unit, counted, normalized)) in got.iter().zip(expected) {
            assert_eq!(q.span.slice(text), *span, "{text}: {shown:#?}");
            assert!((q.value - value).abs() <= 1e-9 * value.abs().max(1.0), "{text}: {q:?}");
            assert_eq!(q.qualifier.as_deref(), *qualifier, "{text}: {q:?}");
            assert_eq!(q.approximate, qualifier.is_some(), "{text}: {q:?}");
            assert_eq!(q.unit.as_deref(), *unit, "{text}: {q:?}");
            assert_eq!(q.counted.as_deref(), *counted, "{text}: {q:?}");
            match (q.normalized, normalized) {
                (None, None) => {}
                (Some(got), Some((value, unit))) => {
                    assert_eq!(got.unit, *unit, "{text}: {q:?}");
                    assert!(
                        (got.value - value).abs() <= 1e-3 * value.abs().max(1.0),
                        "{text}: {q:?}"
                    );
                }
                _ => panic!("{text}: normalised {:?}, expected {normalized:?}", q.normalized),
            }
        }
    }

    #[test]
    fn counts() {
        let cases: &[(&str, &[Expected<'_>])] = &[
            (
                "at least 20 heavy bulletproof carriages, travels",
                &[(
                    "at least 20 heavy bulletproof carriages",
                    20.0,
                    Some("at least"),
                    None,
                    Some("heavy bulletproof carriages"),
                    None,
                )],
            ),
            (
                "a total of just 9 foreign trips to 5 countries since",
                &[
                    ("9 foreign trips", 9.0, None, None, Some("foreign trips"), None),
                    ("5 countries", 5.0, None, None, Some("countries"), None),
                ],
            ),
            (
                "a delegation of approximately 20 North Korean officials, including",
                &[(
                    "approximately 20 North Korean officials",
                    20.0,
                    Some("approximately"),
                    None,
                    Some("North Korean officials"),
                    None,
                )],
            ),
            (
                "about 20 officials",
                &[("about 20 officials", 20.0, Some("about"), None, Some("officials"), None)],
            ),
            (
                "the two leaders will explore",
                &[("two leaders", 2.0, None, None, Some("leaders"), None)],
            ),
            (
                "twenty-five people",
                &[("twenty-five people", 25.0, None, None, Some("people"), None)],
            ),
            (
                "two hundred and fifty soldiers",
                &[("two hundred and fifty soldiers", 250.0, None, None, Some("soldiers"), None)],
            ),
            ("a dozen eggs", &[("a dozen eggs", 12.0, None, None, Some("eggs"), None)]),
            (
                "hundreds of protesters gathered",
                &[(
                    "hundreds of protesters",
                    200.0,
                    Some("hundreds of"),
                    None,
                    Some("protesters"),
                    None,
                )],
            ),
            (
                "tens of thousands of people",
                &[(
                    "tens of thousands of people",
                    2e4,
                    Some("tens of thousands of"),
                    None,
                    Some("people"),
                    None,
                )],
            ),
            (
                "buying 100 military aircraft – claims",
                &[("100 military aircraft", 100.0, None, None, Some("military aircraft"), None)],
            ),
            ("1,500 troops", &[("1,500 troops", 1500.0, None, None, Some("troops"), None)]),
            (
                "more than 1.5 million refugees",
                &[(
                    "more than 1.5 million refugees",
                    1.5e6,
                    Some("more than"),
                    None,
                    Some("refugees"),
                    None,
                )],
            ),
            (
                "revealed that 50m Facebook profiles were",
                &[("50m Facebook profiles", 5e7, None, None, Some("Facebook profiles"), None)],
            ),
            ("a 50m pool", &[("50m", 50.0, None, Some("m"), None, Some((50.0, "m")))]),
            (
                "with two Atlanta police officers in",
                &[(
                    "two Atlanta police officers",
                    2.0,
                    None,
                    None,
                    Some("Atlanta police officers"),
                    None,
                )],
            ),
            (
                "several thousand troops",
                &[("several thousand troops", 3000.0, Some("several"), None, Some("troops"), None)],
            ),
            (
                "a few hundred yards",
                &[(
                    "a few hundred yards",
                    200.0,
                    Some("a few"),
                    Some("yard"),
                    None,
                    Some((182.88, "m")),
                )],
            ),
            (
                "We are one people chasing one dream",
                &[
                    ("one people", 1.0, None, None, Some("people"), None),
                    ("one dream", 1.0, None, None, Some("dream"), None),
                ],
            ),
            (
                "living in all 50 U.S. states and",
                &[("50 U.S. states", 50.0, None, None, Some("U.S. states"), None)],
            ),
            (
                "was the 44th president running",
                &[("44th president", 44.0, None, None, Some("president"), None)],
            ),
            ("One theme running through", &[("One theme", 1.0, None, None, Some("theme"), None)]),
            (
                "the votes of a few dozen Senate Democrats could",
                &[(
                    "a few dozen Senate Democrats",
                    24.0,
                    Some("a few"),
                    None,
                    Some("Senate Democrats"),
                    None,
                )],
            ),
            ("one thing is certain", &[("one thing", 1.0, None, None, Some("thing"), None)]),
            (
                "the 70th anniversary of the",
                &[("70th anniversary", 70.0, None, None, Some("anniversary"), None)],
            ),
            (
                "an old friend is better than two new ones",
                &[("two new ones", 2.0, None, None, Some("new ones"), None)],
            ),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
        assert!(quantities("the 70th anniversary")[0].ordinal);
        assert!(!quantities("20 officials")[0].ordinal);
    }

    #[test]
    fn units_and_money() {
        let cases: &[(&str, &[Expected<'_>])] = &[
            (
                "travels at a mere 37 mph (59 km/h) due to",
                &[
                    ("37 mph", 37.0, None, Some("mph"), None, Some((59.546, "km/h"))),
                    ("59 km/h", 59.0, None, Some("km/h"), None, Some((59.0, "km/h"))),
                ],
            ),
            (
                "approximately 950 miles north of Vladivostok",
                &[(
                    "approximately 950 miles",
                    950.0,
                    Some("approximately"),
                    Some("mile"),
                    None,
                    Some((1528.877, "km")),
                )],
            ),
            (
                "lasted about 10 days, as per",
                &[(
                    "about 10 days",
                    10.0,
                    Some("about"),
                    Some("day"),
                    None,
                    Some((864_000.0, "s")),
                )],
            ),
            (
                "for two days aboard",
                &[("two days", 2.0, None, Some("day"), None, Some((172_800.0, "s")))],
            ),
            (
                "a two-day journey",
                &[("two-day", 2.0, None, Some("day"), None, Some((172_800.0, "s")))],
            ),
            (
                "$1.5 billion",
                &[("$1.5 billion", 1.5e9, None, Some("USD"), None, Some((1.5e9, "USD")))],
            ),
            (
                "about $3bn in aid",
                &[("about $3bn", 3e9, Some("about"), Some("USD"), None, Some((3e9, "USD")))],
            ),
            (
                "3 billion yuan",
                &[("3 billion yuan", 3e9, None, Some("CNY"), None, Some((3e9, "CNY")))],
            ),
            ("€20m", &[("€20m", 2e7, None, Some("EUR"), None, Some((2e7, "EUR")))]),
            ("£5", &[("£5", 5.0, None, Some("GBP"), None, Some((5.0, "GBP")))]),
            ("US$40", &[("US$40", 40.0, None, Some("USD"), None, Some((40.0, "USD")))]),
            (
                "5 million dollars",
                &[("5 million dollars", 5e6, None, Some("USD"), None, Some((5e6, "USD")))],
            ),
            (
                "12% of voters",
                &[("12% of voters", 12.0, None, Some("%"), Some("voters"), Some((12.0, "%")))],
            ),
            ("12 percent", &[("12 percent", 12.0, None, Some("%"), None, Some((12.0, "%")))]),
            ("12 per cent", &[("12 per cent", 12.0, None, Some("%"), None, Some((12.0, "%")))]),
            ("10km", &[("10km", 10.0, None, Some("km"), None, Some((10.0, "km")))]),
            ("a 6 ft wall", &[("6 ft", 6.0, None, Some("ft"), None, Some((1.8288, "m")))]),
            ("300 pounds", &[("300 pounds", 300.0, None, Some("lb"), None, Some((136.078, "kg")))]),
            (
                "1,000 tonnes of grain",
                &[(
                    "1,000 tonnes of grain",
                    1000.0,
                    None,
                    Some("t"),
                    Some("grain"),
                    Some((1000.0, "t")),
                )],
            ),
            (
                "90 degrees Fahrenheit",
                &[("90 degrees Fahrenheit", 90.0, None, Some("°F"), None, Some((32.222, "°C")))],
            ),
            ("-5 °C", &[("5 °C", 5.0, None, Some("°C"), None, Some((5.0, "°C")))]),
            ("2 tons", &[("2 tons", 2.0, None, Some("ton"), None, Some((1.814, "t")))]),
        ];
        for (text, expected) in cases {
            check(text, expected);
        }
    }

    #[test]
    fn not_quantities() {
        for text in [
            "plans to visit Pier 33, where",
            "the Hwasong-17 missile",
            "the Covid-19 pandemic",
            "the G7 summit",
            "Form 1095-A",
            "4G networks",
            "met in April 2019",
            "since 2011",
            "from September 10 to 13",
            "at 9:30 this morning",
            "at 3 pm",
            "after 9/11",
            "version 1.2.3",
            "the Leopard 2 tanks",
            "World War Two",
            "one of these is",
            "no one knows",
            "one another",
            "Can one accidentally get this wrong?",
            "on September 9, 2023",
        ] {
            assert_eq!(quantities(text), vec![], "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_text_gives_sane_spans(text in "\\PC{0,200}") {
            let mut previous = 0;
            for quantity in quantities(&text) {
                let span = quantity.span;
                prop_assert!(span.start < span.end && span.end <= text.len());
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(span.start >= previous);
                previous = span.end;
                prop_assert!(quantity.value.is_finite());
            }
        }

        #[test]
        fn number_like_text_gives_sane_spans(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("1"), Just(","), Just("500"), Just("."), Just("5"), Just("$"), Just("million"),
                    Just("two"), Just("hundred"), Just("and"), Just("-"), Just("five"), Just("a"),
                    Just("dozen"), Just("of"), Just("hundreds"), Just("miles"), Just("%"), Just("mph"),
                    Just("about"), Just("more"), Just("than"), Just("officials"), Just("th"), Just("°"),
                    Just("C"), Just("km"), Just("/"), Just("h"), Just("bn"), Just("99999999999999999999"),
                ],
                0..30,
            ),
            glue in proptest::collection::vec(any::<bool>(), 30),
        ) {
            let mut text = String::new();
            for (word, glued) in words.iter().zip(&glue) {
                if !glued { text.push(' '); }
                text.push_str(word);
            }
            let mut previous = 0;
            for quantity in quantities(&text) {
                prop_assert!(quantity.span.start >= previous && quantity.span.end <= text.len());
                previous = quantity.span.end;
                prop_assert!(quantity.value.is_finite());
            }
        }
    }
}
