//! Temporal expressions: dates, ranges and relative phrases, normalised to inclusive civil-date
//! ranges with a precision, resolved against the publication date (the anchor) when there is one.
//!
//! What is recognised (English, rule-based):
//!
//! - absolute dates: `2023-09-13`, `September 9`, `Sept. 9, 2023`, `9 September 2023`,
//!   `the 9th of September`, `Friday, June 21, 2024`, day ranges `September 10 to 13`,
//!   `September 10-13, 2023`, `10-13 September`, `May 20 to Aug. 12`;
//! - months: `April 2019`, `April of 2019`, `in July`, `in late August`, `early September`,
//!   `July of this year`;
//! - years and decades: `in 1953`, `since 2011`, `2016's`, `the 2018 summit`, `mid-2022`,
//!   `2011-2015`, `between 2011 and 2015`, `the 1990s`, `the early 1990s`;
//! - relative phrases: `yesterday`, `today`, `tonight`, `last night`, `tomorrow`,
//!   `this/last/next week|month|year`, `later/earlier this week|month|year`, weekdays
//!   (`on Tuesday`, `last Tuesday`), `this/last/next <month>`, `three days ago`.
//!
//! Rules worth knowing:
//!
//! - A span covers the expression and its modifier words (`since`, `until`, `before`, `after`,
//!   `by`, `early`, `mid`, `late`, `later this`, `the` of a decade) but not plain prepositions
//!   (`in`, `on`, `during`, `from`).
//! - `relative` means the dates come from the anchor: deictic words (`yesterday`, `last week`,
//!   `on Tuesday`) and dates written without a year (`September 9`, `in late August`). Without
//!   an anchor such a mention is kept with `resolved == false` and no dates.
//! - A month or day without a year takes the anchor's year when it is the anchor's month;
//!   otherwise the most recent such month before the anchor, unless the clause before it reads
//!   as future (`will`, `would`, `scheduled`, `expected`, `set to`, `plans`, `due`, `upcoming`,
//!   ...), then the next one after it. Weekdays follow the same rule: the most recent such day
//!   on or before the anchor (0–6 days back), or on a future reading the next one on or after
//!   it; `last Tuesday`/`next Tuesday` are strictly before/after. `until`/`by` before the
//!   mention read as future, `since` as past. A weekday written with the date
//!   (`Monday, July 8`) picks, among the chosen year and the years either side, one where
//!   that date is that weekday.
//! - `early`/`mid`/`late` cut a month into days 1–10, 11–20, 21–end
//!   ([`Precision::PartOfMonth`]), a year into January–April, May–August, September–December
//!   ([`Precision::PartOfYear`]) and a decade into years 0–3, 4–6, 7–9.
//! - `since 2011`, `until May 2020`, `by 2030`: the dates are those of the referenced period;
//!   the direction is in [`TimeMention::modifier`].
//! - A bare four-digit number is a year only in 1000–2199 and in a date-ish context: after
//!   `in`, `since`, `until`, `by`, `before`, `after`, `from`, `during`, `through`, `of`,
//!   `around`, `between`, `early`/`mid`/`late`; before `'s` (`2016's`); or after a determiner
//!   or a possessive and before a lowercase word (`the 2018 summit`, `Obama's 2012
//!   campaign`); or, in 1900–2100, before a singular lowercase noun (`the presumptive 2016
//!   front-runner`: a count would take a plural). A round or far-off number before a plural
//!   (`of 1500 people`, `in 2000 homes`) and a number before a unit (`2000 feet`) are not
//!   years; `20 officials`, `950 miles` and `Pier 33` are never dates.
//! - A month name without a day or year after it (`July`, and so `May`, `March`) is a month
//!   only after a date word (`in`, `since`, `late`, `last`, ...) or right after another
//!   mention (`June and July`); an abbreviation (`Jan`, `Sept.`) needs a day or a year. Month
//!   and weekday names must be capitalised; `USA TODAY` is not `today`.
//! - Weeks start on Monday.
//!
//! Not handled: times of day, numeric dates other than ISO (`9/13/2023`), seasons, durations
//! (`for two days`, which [`super::numbers`] reads as a quantity), holidays, fiscal years,
//! `between June and July` as one range, centuries.

use std::fmt;

use super::lex::{self, Kind, Tok};
use crate::model::Span;

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    /// The year (1–9999 for dates built by [`CivilDate::new`] and [`CivilDate::parse`]).
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, 1–31.
    pub day: u8,
}

impl CivilDate {
    /// The date if it exists in the calendar (years 1–9999).
    pub fn new(year: i32, month: u8, day: u8) -> Option<CivilDate> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(CivilDate { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (only that form); None when malformed or not a real date.
    pub fn parse(text: &str) -> Option<CivilDate> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        CivilDate::new(year, month, day)
    }

    /// Days since 1970-01-01.
    fn days(self) -> i64 {
        days_from_civil(i64::from(self.year), self.month, self.day)
    }

    /// The date `days` since 1970-01-01, if it is within years 1–9999.
    fn from_days(days: i64) -> Option<CivilDate> {
        let (year, month, day) = civil_from_days(days);
        CivilDate::new(i32::try_from(year).ok()?, month, day)
    }

    /// The date `n` days later (earlier when negative).
    fn add_days(self, n: i64) -> Option<CivilDate> {
        CivilDate::from_days(self.days().checked_add(n)?)
    }

    /// Monday = 0 ... Sunday = 6.
    fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        (self.days() + 3).rem_euclid(7) as u8
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How fine a mention's dates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// One day or a range of days (`September 9`, `September 10 to 13`, `yesterday`).
    Day,
    /// A Monday-to-Sunday week (`last week`).
    Week,
    /// Part of a month (`late August`, `later this month`).
    PartOfMonth,
    /// A month (`April 2019`, `this month`).
    Month,
    /// Part of a year (`mid-2022`, `earlier this year`).
    PartOfYear,
    /// A year or a range of years (`in 1953`, `2011-2015`).
    Year,
    /// A decade or part of one (`the 1990s`).
    Decade,
}

impl Precision {
    /// `day`, `week`, `part_of_month`, `month`, `part_of_year`, `year` or `decade`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::PartOfMonth => "part_of_month",
            Precision::Month => "month",
            Precision::PartOfYear => "part_of_year",
            Precision::Year => "year",
            Precision::Decade => "decade",
        }
    }
}

/// A word that narrows or directs a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Modifier {
    /// `early`: the first part of the period (already applied to the dates).
    Early,
    /// `mid`: the middle part (already applied to the dates).
    Mid,
    /// `late`: the last part (already applied to the dates).
    Late,
    /// `earlier this ...`: from the period's start to the anchor (applied to the dates).
    Earlier,
    /// `later this ...`: from the anchor to the period's end (applied to the dates).
    Later,
    /// `since`: from the period on.
    Since,
    /// `until`/`till`: up to the period.
    Until,
    /// `before`.
    Before,
    /// `after`.
    After,
    /// `by`: no later than the period.
    By,
}

impl Modifier {
    /// The modifier in snake case (`early`, `since`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Modifier::Early => "early",
            Modifier::Mid => "mid",
            Modifier::Late => "late",
            Modifier::Earlier => "earlier",
            Modifier::Later => "later",
            Modifier::Since => "since",
            Modifier::Until => "until",
            Modifier::Before => "before",
            Modifier::After => "after",
            Modifier::By => "by",
        }
    }
}

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeMention {
    /// Where it is (byte offsets into the text).
    pub span: Span,
    /// The first day of the (inclusive) range it denotes, when resolved.
    pub start: Option<CivilDate>,
    /// The last day of the (inclusive) range it denotes, when resolved.
    pub end: Option<CivilDate>,
    /// How fine the range is.
    pub precision: Precision,
    /// Whether the dates come from the anchor (deictic words, a missing year).
    pub relative: bool,
    /// Whether `start` and `end` are known.
    pub resolved: bool,
    /// The direction or part word, if any. A direction (`since`, `until`, ...) wins over a part
    /// (`early`, `mid`, `late`) when both are present (`since early 2011`).
    pub modifier: Option<Modifier>,
}

/// Finds the temporal expressions of `text`, in text order and without overlaps; `anchor` is
/// the publication date when known (an anchor outside years 1–9999 counts as none).
pub fn time_mentions(text: &str, anchor: Option<CivilDate>) -> Vec<TimeMention> {
    mentions_in(text, &lex::tokenize(text), anchor)
}

/// [`time_mentions`] over `text` already tokenized.
pub(crate) fn mentions_in(text: &str, toks: &[Tok], anchor: Option<CivilDate>) -> Vec<TimeMention> {
    let anchor = anchor.and_then(|a| CivilDate::new(a.year, a.month, a.day));
    let scanner = Scanner { text, toks, anchor };
    let mut mentions: Vec<TimeMention> = Vec::new();
    let mut last_end_tok = usize::MAX;
    let mut i = 0;
    while i < toks.len() {
        let after_mention = last_end_tok != usize::MAX && last_end_tok + 1 == i;
        if let Some((end, mention)) = scanner.mention_at(i, after_mention) {
            mentions.push(mention);
            last_end_tok = end;
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    mentions
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (Howard Hinnant's civil-from-days algorithms).

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let (m, d) = (i64::from(month), i64::from(day));
    let y = if m <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn month_range(year: i32, month: u8) -> Option<(CivilDate, CivilDate)> {
    Some((
        CivilDate::new(year, month, 1)?,
        CivilDate::new(year, month, days_in_month(year, month))?,
    ))
}

fn year_range(first: i32, last: i32) -> Option<(CivilDate, CivilDate)> {
    Some((CivilDate::new(first, 1, 1)?, CivilDate::new(last, 12, 31)?))
}

/// `(year, month)` moved by `delta` months.
fn shift_month(year: i32, month: u8, delta: i64) -> Option<(i32, u8)> {
    let index = i64::from(year) * 12 + i64::from(month) - 1 + delta;
    Some((i32::try_from(index.div_euclid(12)).ok()?, (index.rem_euclid(12) + 1) as u8))
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

/// English month names, lower case.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTH_ABBREVIATIONS: [(&str, u8); 13] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("febr", 2),
];
const WEEKDAYS: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Words after which a bare year or month reads as a date.
const DATE_PREPOSITIONS: &[&str] = &[
    "in",
    "since",
    "until",
    "till",
    "by",
    "before",
    "after",
    "from",
    "during",
    "through",
    "throughout",
    "of",
    "around",
    "circa",
    "between",
    "early",
    "mid",
    "late",
    "last",
    "next",
    "this",
    "on",
    "year",
    "years",
    "starting",
    "beginning",
    "ending",
];
/// Determiners after which `YYYY noun` reads as a year (`the 2018 summit`).
const DETERMINERS: &[&str] =
    &["the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that"];
/// Words after a number that are not singular nouns (units, plurals without `s`, function
/// words), so `2000 feet` or `2016 when` is not a year by the singular-noun rule.
const NOT_SINGULAR_NOUNS: &[&str] = &[
    "people",
    "police",
    "feet",
    "percent",
    "children",
    "women",
    "staff",
    "personnel",
    "troops",
    "more",
    "less",
    "than",
    "over",
    "with",
    "from",
    "into",
    "when",
    "that",
    "which",
    "while",
    "after",
    "before",
    "were",
    "have",
    "more",
    "acre",
    "foot",
    "mile",
    "metre",
    "meter",
    "yard",
    "inch",
    "tonne",
    "pound",
    "gram",
    "kilo",
    "hour",
    "minute",
    "second",
    "dollar",
    "euro",
    "yuan",
    "rupee",
    "ruble",
    "rouble",
    "times",
    "head",
    "each",
    "apiece",
    "plus",
    "million",
    "billion",
    "thousand",
    "hundred",
    "trillion",
    "cattle",
    "sheep",
    "aircraft",
    "deer",
    "fish",
    "year",
    "week",
    "month",
    "decade",
    "century",
    "point",
    "degree",
    "square",
    "cubic",
];

/// Words that make the clause before a year-less date read as past (or start a new clause),
/// when met before any future cue going back from the date.
const PAST_CUES: &[&str] = &[
    "said",
    "told",
    "announced",
    "reported",
    "vowed",
    "was",
    "were",
    "did",
    "had",
    "added",
    "wrote",
    "tweeted",
    "claimed",
    "met",
    "held",
    "though",
    "although",
    "but",
    "whereas",
    "ago",
];

/// Words that make the clause before a year-less date read as future.
const FUTURE_CUES: &[&str] = &[
    "will",
    "would",
    "shall",
    "ll",
    "scheduled",
    "slated",
    "expected",
    "expects",
    "set",
    "plans",
    "planned",
    "planning",
    "plan",
    "due",
    "upcoming",
    "intends",
    "aims",
    "next",
    "coming",
    "going",
    "later",
    "beginning",
    "starting",
    "effective",
];

fn month_name(text: &str, tok: &Tok) -> Option<(u8, bool)> {
    if tok.kind != Kind::Word || !tok.capitalized(text) {
        return None;
    }
    let word = tok.text(text);
    if let Some(index) = MONTHS.iter().position(|m| word.eq_ignore_ascii_case(m)) {
        return Some((index as u8 + 1, false));
    }
    MONTH_ABBREVIATIONS.iter().find(|(a, _)| word.eq_ignore_ascii_case(a)).map(|&(_, m)| (m, true))
}

fn weekday_name(text: &str, tok: &Tok) -> Option<u8> {
    if tok.kind != Kind::Word || !tok.capitalized(text) {
        return None;
    }
    let word = tok.text(text);
    WEEKDAYS.iter().position(|w| word.eq_ignore_ascii_case(w)).map(|i| i as u8)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Early,
    Mid,
    Late,
}

impl Part {
    fn modifier(self) -> Modifier {
        match self {
            Part::Early => Modifier::Early,
            Part::Mid => Modifier::Mid,
            Part::Late => Modifier::Late,
        }
    }
}

/// What the core of a mention denotes before resolution.
enum Core {
    /// Explicit dates.
    Fixed(CivilDate, CivilDate, Precision),
    /// Days of a month without a year.
    MonthDays { month: u8, first: u8, last: u8, weekday: Option<u8> },
    /// Days across two months without a year (`May 20 to Aug. 12`).
    MonthDayRange { month: u8, day: u8, month2: u8, day2: u8 },
    /// A month without a year (part applied on resolution).
    Month(u8),
    /// A month in a year relative to the anchor's (`July of this year`).
    MonthOfRelativeYear(u8, i64),
    /// Days relative to the anchor.
    DayOffset(i64),
    /// The week `n` weeks from the anchor's.
    WeekOffset(i64),
    /// The month `n` months from the anchor's.
    MonthOffset(i64),
    /// The year `n` years from the anchor's.
    YearOffset(i64),
    /// A weekday, with -1 strictly before, +1 strictly after, 0 by tense.
    Weekday(u8, i8),
    /// A named month relative to the anchor (`last July`: -1, `next July`: +1, `this July`: 0).
    NamedMonth(u8, i8),
    /// `later`/`earlier` this week/month/year.
    RestOf(Precision, bool),
}

struct Scanner<'a> {
    text: &'a str,
    toks: &'a [Tok],
    anchor: Option<CivilDate>,
}

impl Scanner<'_> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.toks.get(i)
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        lex::is_any(self.toks, self.text, i, words)
    }

    fn punct(&self, i: usize, c: &str) -> bool {
        lex::is_punct(self.toks, self.text, i, c)
    }

    fn dash(&self, i: usize) -> bool {
        lex::is_dash(self.toks, self.text, i)
    }

    /// Whether token `i` follows token `i - 1` without whitespace.
    fn glued(&self, i: usize) -> bool {
        self.tok(i).is_some_and(|t| !t.space)
    }

    fn num(&self, i: usize) -> Option<u64> {
        self.tok(i).and_then(|t| t.num(self.text))
    }

    /// Four digits in 1000–2199 at `i`, not glued to letters, digits or `$` before them.
    fn year_digits(&self, i: usize) -> Option<i32> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.len() != 4 {
            return None;
        }
        if i > 0 && self.glued(i) {
            let prev = self.tok(i - 1)?;
            if prev.kind != Kind::Punct || matches!(prev.text(self.text), "." | "," | "$" | "/") {
                return None;
            }
        }
        let year = t.num(self.text)?;
        (1000..=2199).contains(&year).then_some(year as i32)
    }

    /// A four-digit year in 1000–2199 at `i`, not glued to letters or digits around it.
    fn year(&self, i: usize) -> Option<i32> {
        let year = self.year_digits(i)?;
        if let Some(next) = self.tok(i + 1) {
            if !next.space && (next.kind == Kind::Num || next.kind == Kind::Word) {
                return None;
            }
            // 2,000 or 2.5: a number, not a year.
            if !next.space
                && matches!(next.text(self.text), "," | ".")
                && self.tok(i + 2).is_some_and(|n| !n.space && n.kind == Kind::Num)
            {
                return None;
            }
        }
        Some(year)
    }

    /// A day-of-month number at `i` (1–31, at most two digits) and an optional ordinal suffix;
    /// returns the day and the index after it.
    fn day(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.len() > 2 {
            return None;
        }
        let day = t.num(self.text)?;
        if !(1..=31).contains(&day) {
            return None;
        }
        let mut next = i + 1;
        if self.glued(next) && self.is(next, &["st", "nd", "rd", "th"]) {
            next += 1;
        }
        // Not a day if glued to other letters, digits or a time (9:30, 9am).
        if let Some(t) = self.tok(next)
            && !t.space
            && (t.kind != Kind::Punct || t.text(self.text) == ":")
            && next == i + 1
        {
            return None;
        }
        if self.is(next, &["am", "pm"])
            || (self.is(next, &["a", "p"]) && self.punct(next + 1, ".") && self.glued(next + 1))
        {
            return None;
        }
        Some((day as u8, next))
    }

    /// A month name at `i` (an abbreviation's dot included when a number follows): month,
    /// whether abbreviated, the index after it.
    fn month(&self, i: usize) -> Option<(u8, bool, usize)> {
        let (month, abbreviated) = month_name(self.text, self.tok(i)?)?;
        let dot = abbreviated
            && self.punct(i + 1, ".")
            && self.glued(i + 1)
            && self.tok(i + 2).is_some_and(|t| t.kind == Kind::Num);
        Some((month, abbreviated, if dot { i + 2 } else { i + 1 }))
    }

    /// An optional `, YYYY` or ` YYYY` after a day or month at `i`.
    fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(year) = self.year(i) {
            return Some((year, i + 1));
        }
        if self.punct(i, ",")
            && let Some(year) = self.year(i + 1)
        {
            return Some((year, i + 2));
        }
        None
    }

    /// Whether the mention at token `i` reads as future: `until`/`by` before it, or a future
    /// cue in the clause before it (`since` reads as past).
    fn future(&self, i: usize, direction: Option<Modifier>) -> bool {
        match direction {
            Some(Modifier::Until | Modifier::By) => return true,
            Some(Modifier::Since) => return false,
            _ => {}
        }
        // The nearest tense word back to the clause start decides.
        let mut j = i;
        let mut seen = 0;
        while j > 0 && seen < 20 {
            j -= 1;
            seen += 1;
            if self.is(j, FUTURE_CUES) {
                return true;
            }
            let boundary = lex::is_sentence_end(self.toks, self.text, j)
                || self.toks[j].newline
                || (lex::is_dash(self.toks, self.text, j) && self.toks[j].space);
            if boundary || self.is(j, PAST_CUES) {
                return false;
            }
        }
        false
    }

    /// Whether the word before `i` makes a bare month or year a date.
    fn date_context(&self, i: usize, after_mention: bool) -> bool {
        if i == 0 {
            return false;
        }
        if self.is(i - 1, DATE_PREPOSITIONS) {
            return true;
        }
        after_mention && (self.is(i - 1, &["and", "or", "to", "through"]) || self.dash(i - 1))
    }

    /// The mention starting at token `i` (modifier words included), if any, and the index
    /// after it.
    fn mention_at(&self, i: usize, after_mention: bool) -> Option<(usize, TimeMention)> {
        let t = self.tok(i)?;
        if t.kind == Kind::Punct {
            return None;
        }
        let mut k = i;
        let mut direction = None;
        if let Some(m) = self.direction(k) {
            direction = Some(m);
            k += 1;
        }
        let mut part = None;
        if self.is(k, &["early", "mid", "late"]) {
            let p = if self.is(k, &["early"]) {
                Part::Early
            } else if self.is(k, &["mid"]) {
                Part::Mid
            } else {
                Part::Late
            };
            let mut next = k + 1;
            if (self.dash(next) && self.glued(next))
                || (self.is(next, &["in"]) && !self.is(k, &["mid"]))
            {
                next += 1;
            }
            part = Some((p, next));
        }
        let start_tok = i;
        let parsed = match part {
            Some((p, next)) => self
                .core(next, true, after_mention, Some(p))
                .map(|(end, core)| (end, core, Some(p))),
            None => None,
        }
        .or_else(|| {
            // The modifier word may have been a date preposition of a plain core.
            self.core(k, direction.is_some(), after_mention, None).map(|(e, c)| (e, c, None))
        });
        let (end, core, part) = parsed?;
        // `come after earlier this year, ...`: a direction word does not take `earlier/later
        // this ...`; the mention starts at `earlier`.
        if direction.is_some() && matches!(core, Core::RestOf(..)) {
            return None;
        }
        // `the 1990s`: include the article.
        let mut first = start_tok;
        if direction.is_none()
            && part.is_none()
            && first > 0
            && self.is(first - 1, &["the"])
            && let Core::Fixed(_, _, Precision::Decade) = core
        {
            first -= 1;
        }
        let span = Span { start: self.toks[first].start, end: self.toks[end - 1].end };
        let (relative, dates, precision, applied) = self.resolve(core, part, start_tok, direction);
        let modifier = direction.or(applied).or(part.map(Part::modifier));
        let (start, stop) = match dates {
            Some((a, b)) => (Some(a), Some(b)),
            None => (None, None),
        };
        Some((
            end,
            TimeMention {
                span,
                start,
                end: stop,
                precision,
                relative,
                resolved: start.is_some(),
                modifier,
            },
        ))
    }

    fn direction(&self, i: usize) -> Option<Modifier> {
        let t = self.tok(i)?;
        if t.kind != Kind::Word {
            return None;
        }
        let mut buffer = [0u8; 12];
        let m = match ascii_lower(t.text(self.text), &mut buffer) {
            "since" => Modifier::Since,
            "until" | "till" | "untill" => Modifier::Until,
            "before" => Modifier::Before,
            "after" => Modifier::After,
            "by" => Modifier::By,
            _ => return None,
        };
        Some(m)
    }

    /// The core expression at `i`. `context` is whether a date word precedes it.
    fn core(
        &self,
        i: usize,
        context: bool,
        after_mention: bool,
        part: Option<Part>,
    ) -> Option<(usize, Core)> {
        let t = self.tok(i)?;
        // Only numbers and month names need the context word (checked lazily: it is hot).
        let needs_context =
            t.kind == Kind::Num || (t.kind == Kind::Word && month_name(self.text, t).is_some());
        let context = context || (needs_context && self.date_context(i, after_mention));
        match t.kind {
            Kind::Num => self.numeric_core(i, context, part),
            Kind::Word => self.word_core(i, context, part),
            Kind::Punct => None,
        }
    }

    fn numeric_core(&self, i: usize, context: bool, part: Option<Part>) -> Option<(usize, Core)> {
        // ISO date.
        if let Some(year) = self.year_digits(i)
            && self.dash(i + 1)
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.glued(i + 3)
            && let (Some(m), true, Some(d)) = (
                self.tok(i + 2).filter(|t| t.len() == 2).and_then(|t| t.num(self.text)),
                self.dash(i + 3) && self.glued(i + 4),
                self.tok(i + 4).filter(|t| t.len() == 2).and_then(|t| t.num(self.text)),
            )
        {
            let date = CivilDate::new(year, m as u8, d as u8)?;
            return Some((i + 5, Core::Fixed(date, date, Precision::Day)));
        }
        // Day-first dates: 9 September 2023, 10-13 September, 9th of September.
        if let Some((first, mut next)) = self.day(i) {
            let mut last = first;
            if (self.dash(next) || self.is(next, &["to", "through"]))
                && let Some((d, after)) = self.day(next + 1)
                && d > first
            {
                last = d;
                next = after;
            }
            let mut m_at = next;
            if self.is(m_at, &["of"]) {
                m_at += 1;
            }
            if let Some((month, _, after_month)) = self.month(m_at) {
                return self.days_with_year(month, first, last, after_month);
            }
        }
        if let Some(core) = self.ago(i, self.num(i)) {
            return Some(core);
        }
        let year = self.year_digits(i)?;
        // Decades: 1990s, 1990's.
        if year % 10 == 0 {
            let s_at =
                if self.punct(i + 1, "'") || self.punct(i + 1, "’") { i + 2 } else { i + 1 };
            if self.glued(i + 1) && self.glued(s_at) && self.is(s_at, &["s"]) {
                let (a, b) = match part {
                    None => (0, 9),
                    Some(Part::Early) => (0, 3),
                    Some(Part::Mid) => (4, 6),
                    Some(Part::Late) => (7, 9),
                };
                let (start, end) = year_range(year + a, year + b)?;
                return Some((s_at + 1, Core::Fixed(start, end, Precision::Decade)));
            }
        }
        let year = self.year(i)?;
        // Year ranges: 2011-2015, 2011 to 2015.
        let between = i > 0 && self.is(i - 1, &["between"]);
        if (self.dash(i + 1)
            || self.is(i + 1, &["to", "through"])
            || (between && self.is(i + 1, &["and"])))
            && let Some(last) = self.year(i + 2)
            && last > year
            && (context || self.dash(i + 1))
            && part.is_none()
        {
            let (start, end) = year_range(year, last)?;
            return Some((i + 3, Core::Fixed(start, end, Precision::Year)));
        }
        let possessive = (self.punct(i + 1, "'") || self.punct(i + 1, "’"))
            && self.glued(i + 1)
            && self.is(i + 2, &["s"])
            && self.glued(i + 2);
        // After a determiner or a possessive (`Obama's 2012 campaign`).
        let possessor = i > 1
            && self.is(i - 1, &["s"])
            && self.glued(i - 1)
            && (self.punct(i - 2, "'") || self.punct(i - 2, "’"));
        let determined = i > 0
            && (self.is(i - 1, DETERMINERS) || possessor)
            && self.tok(i + 1).is_some_and(|t| {
                let word = t.text(self.text);
                t.kind == Kind::Word
                    && word.chars().next().is_some_and(char::is_lowercase)
                    && !NOT_SINGULAR_NOUNS.iter().any(|w| w.eq_ignore_ascii_case(word))
            });
        // `the presumptive 2016 front-runner`, `Ike's 1961 speech`: a modern year before a
        // singular common noun (a count would take a plural; units are excluded).
        let singular_next = (1900..=2100).contains(&year)
            && self.tok(i + 1).is_some_and(|t| {
                let word = t.text(self.text);
                t.space
                    && !t.newline
                    && t.kind == Kind::Word
                    && word.len() >= 4
                    && word.chars().next().is_some_and(char::is_lowercase)
                    && !word.ends_with('s')
                    && !NOT_SINGULAR_NOUNS.iter().any(|w| w.eq_ignore_ascii_case(word))
            });
        if !(context || possessive || determined || singular_next) {
            return None;
        }
        // `of 1500 people`, `in 2000 homes`: a round or far-off number before a plural is a count.
        let plural_next = self.tok(i + 1).is_some_and(|t| {
            let word = t.text(self.text);
            t.kind == Kind::Word
                && word.chars().next().is_some_and(char::is_lowercase)
                && (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss")
                    || matches!(
                        word,
                        "people" | "men" | "women" | "children" | "police" | "feet" | "staff"
                    ))
        });
        if plural_next && !possessive && (year % 100 == 0 || !(1900..=2100).contains(&year)) {
            return None;
        }
        let (start, end, precision) = match part {
            None => {
                let (s, e) = year_range(year, year)?;
                (s, e, Precision::Year)
            }
            Some(p) => {
                let (a, b) = match p {
                    Part::Early => (1, 4),
                    Part::Mid => (5, 8),
                    Part::Late => (9, 12),
                };
                (month_range(year, a)?.0, month_range(year, b)?.1, Precision::PartOfYear)
            }
        };
        Some((i + 1, Core::Fixed(start, end, precision)))
    }

    /// Days of `month` with an optional year after `i`.
    fn days_with_year(&self, month: u8, first: u8, last: u8, i: usize) -> Option<(usize, Core)> {
        if let Some((year, after)) = self.trailing_year(i) {
            let start = CivilDate::new(year, month, first)?;
            let end = CivilDate::new(year, month, last)?;
            return Some((after, Core::Fixed(start, end, Precision::Day)));
        }
        // Check the days exist in some year (29 February does).
        CivilDate::new(2000, month, last)?;
        Some((i, Core::MonthDays { month, first, last, weekday: None }))
    }

    fn word_core(&self, i: usize, context: bool, part: Option<Part>) -> Option<(usize, Core)> {
        let t = self.tok(i)?;
        // Weekday, optionally followed by a date (`Friday, June 21, 2024`).
        if let Some(weekday) = weekday_name(self.text, t) {
            let mut next = i + 1;
            if self.punct(next, ",") {
                next += 1;
            }
            if part.is_none()
                && let Some((end, core)) = self.month_core(next, true, None, true)
            {
                // `Monday, July 8`: the weekday picks the year.
                let core = match core {
                    Core::MonthDays { month, first, last, .. } => {
                        Core::MonthDays { month, first, last, weekday: Some(weekday) }
                    }
                    other => other,
                };
                return Some((end, core));
            }
            return (part.is_none()).then_some((i + 1, Core::Weekday(weekday, 0)));
        }
        if let Some(found) = self.month_core(i, context, part, false) {
            return Some(found);
        }
        if part.is_some() {
            return None;
        }
        let mut buffer = [0u8; 12];
        let word = ascii_lower(t.text(self.text), &mut buffer);
        match word {
            // `USA TODAY` is a newspaper.
            "today" if i > 0 && self.is(i - 1, &["usa"]) => return None,
            "today" => return Some((i + 1, Core::DayOffset(0))),
            "tonight" => return Some((i + 1, Core::DayOffset(0))),
            "yesterday" => return Some((i + 1, Core::DayOffset(-1))),
            "tomorrow" => return Some((i + 1, Core::DayOffset(1))),
            _ => {}
        }
        if self.is(i, &["the"]) {
            // the 9th of September
            if let Some((first, next)) = self.day(i + 1)
                && self.tok(next - 1).is_some_and(|t| t.kind == Kind::Word)
                && self.is(next, &["of"])
                && let Some((month, _, after)) = self.month(next + 1)
            {
                return self.days_with_year(month, first, first, after);
            }
            return None;
        }
        if self.is(i, &["later", "earlier"]) && self.is(i + 1, &["this"]) {
            let later = self.is(i, &["later"]);
            let precision = if self.is(i + 2, &["week"]) {
                Precision::Week
            } else if self.is(i + 2, &["month"]) {
                Precision::Month
            } else if self.is(i + 2, &["year"]) {
                Precision::Year
            } else {
                return None;
            };
            return Some((i + 3, Core::RestOf(precision, later)));
        }
        if self.is(i, &["last"]) && self.is(i + 1, &["night"]) {
            return Some((i + 2, Core::DayOffset(-1)));
        }
        if self.is(i, &["this", "last", "next", "past", "coming"]) {
            let offset: i8 = if self.is(i, &["last", "past"]) {
                -1
            } else if self.is(i, &["next", "coming"]) {
                1
            } else {
                0
            };
            let n = i + 1;
            if self.is(n, &["week"]) {
                return Some((n + 1, Core::WeekOffset(i64::from(offset))));
            }
            if self.is(n, &["month"]) {
                return Some((n + 1, Core::MonthOffset(i64::from(offset))));
            }
            if self.is(n, &["year"]) {
                return Some((n + 1, Core::YearOffset(i64::from(offset))));
            }
            if let Some(weekday) = self.tok(n).and_then(|t| weekday_name(self.text, t)) {
                return Some((n + 1, Core::Weekday(weekday, offset)));
            }
            if let Some((month, _, after)) = self.month(n)
                && self.year(after).is_none()
                && self.day(after).is_none()
            {
                return Some((after, Core::NamedMonth(month, offset)));
            }
            return None;
        }
        let count = small_number(word).or_else(|| self.is(i, &["a", "an"]).then_some(1));
        self.ago(i, count.map(u64::from))
    }

    /// `N days/weeks/months/years ago` at `i`, N being `count`.
    fn ago(&self, i: usize, count: Option<u64>) -> Option<(usize, Core)> {
        let n = i64::try_from(count?).ok().filter(|n| *n <= 10_000)?;
        if !self.is(i + 2, &["ago"]) {
            return None;
        }
        let unit = i + 1;
        let core = if self.is(unit, &["day", "days"]) {
            Core::DayOffset(-n)
        } else if self.is(unit, &["week", "weeks"]) {
            Core::WeekOffset(-n)
        } else if self.is(unit, &["month", "months"]) {
            Core::MonthOffset(-n)
        } else if self.is(unit, &["year", "years"]) {
            Core::YearOffset(-n)
        } else {
            return None;
        };
        Some((i + 3, core))
    }

    /// `May 20 to Aug. 12[, 2018]`: the range's second half at `i` (on the connector).
    fn cross_month(&self, month: u8, day: u8, i: usize) -> Option<(usize, Core)> {
        if !(self.dash(i) || self.is(i, &["to", "through", "until", "till"])) {
            return None;
        }
        let (month2, _, next) = self.month(i + 1)?;
        let (day2, after) = self.day(next)?;
        if month2 == month {
            return None;
        }
        CivilDate::new(2000, month, day)?;
        CivilDate::new(2000, month2, day2)?;
        if let Some((year, end)) = self.trailing_year(after) {
            let first_year = if month2 < month { year - 1 } else { year };
            let start = CivilDate::new(first_year, month, day)?;
            let stop = CivilDate::new(year, month2, day2)?;
            return Some((end, Core::Fixed(start, stop, Precision::Day)));
        }
        Some((after, Core::MonthDayRange { month, day, month2, day2 }))
    }

    /// Month-name expressions at `i`: `September 10 to 13, 2023`, `April 2019`,
    /// `July of this year`, `in July`.
    fn month_core(
        &self,
        i: usize,
        context: bool,
        part: Option<Part>,
        need_day: bool,
    ) -> Option<(usize, Core)> {
        let (month, abbreviated, next) = self.month(i)?;
        if part.is_none()
            && let Some((first, after)) = self.day(next)
        {
            // Not `May 2` followed by a unit-less count? Days are 1–31 and glued to nothing.
            let mut last = first;
            let mut end = after;
            if (self.dash(after) || self.is(after, &["to", "through", "and"]))
                && let Some((d, after_day)) = self.day(after + 1)
                && d > first
                && self.year(after + 1).is_none()
            {
                last = d;
                end = after_day;
            } else if let Some(found) = self.cross_month(month, first, after) {
                return Some(found);
            }
            return self.days_with_year(month, first, last, end);
        }
        if need_day {
            return None;
        }
        // April 2019, April of 2019.
        let year_at = if self.is(next, &["of"]) || self.punct(next, ",") { next + 1 } else { next };
        if let Some(year) = self.year(year_at) {
            let (start, end) = month_range(year, month)?;
            return Some((year_at + 1, part_of_month(start, end, part)));
        }
        if self.is(next, &["of"]) && self.is(next + 2, &["year"]) {
            let offset = if self.is(next + 1, &["this"]) {
                Some(0)
            } else if self.is(next + 1, &["last"]) {
                Some(-1)
            } else if self.is(next + 1, &["next"]) {
                Some(1)
            } else {
                None
            };
            if let Some(offset) = offset {
                return Some((next + 3, Core::MonthOfRelativeYear(month, offset)));
            }
        }
        // A bare month needs a date word before it (`in July`, `late August`): `May` and
        // `March` are also a verb and a noun, other months are names.
        if !context || abbreviated {
            return None;
        }
        Some((next, Core::Month(month)))
    }

    /// Turns a core into (relative, dates, precision, modifier applied to the dates).
    fn resolve(
        &self,
        core: Core,
        part: Option<Part>,
        at: usize,
        direction: Option<Modifier>,
    ) -> (bool, Option<(CivilDate, CivilDate)>, Precision, Option<Modifier>) {
        let anchor = self.anchor;
        match core {
            Core::Fixed(a, b, p) => (false, Some((a, b)), p, None),
            Core::MonthDays { month, first, last, weekday } => {
                let dates = anchor.and_then(|anchor| {
                    let mut year = self.year_for_month(anchor, month, at, direction)?;
                    if let Some(weekday) = weekday {
                        let fits = |y: i32| {
                            CivilDate::new(y, month, first).is_some_and(|d| d.weekday() == weekday)
                        };
                        if let Some(y) = [year, year - 1, year + 1].into_iter().find(|y| fits(*y)) {
                            year = y;
                        }
                    }
                    Some((CivilDate::new(year, month, first)?, CivilDate::new(year, month, last)?))
                });
                (true, dates, Precision::Day, None)
            }
            Core::MonthDayRange { month, day, month2, day2 } => {
                let dates = anchor.and_then(|anchor| {
                    let year = self.year_for_month(anchor, month, at, direction)?;
                    let year2 = if month2 < month { year + 1 } else { year };
                    Some((CivilDate::new(year, month, day)?, CivilDate::new(year2, month2, day2)?))
                });
                (true, dates, Precision::Day, None)
            }
            Core::Month(month) => {
                let dates = anchor.and_then(|anchor| {
                    let year = self.year_for_month(anchor, month, at, direction)?;
                    month_range(year, month)
                });
                let precision =
                    if part.is_some() { Precision::PartOfMonth } else { Precision::Month };
                (true, dates.map(|(a, b)| cut_month(a, b, part)), precision, None)
            }
            Core::MonthOfRelativeYear(month, offset) => {
                let dates = anchor.and_then(|anchor| {
                    let year = i32::try_from(i64::from(anchor.year) + offset).ok()?;
                    month_range(year, month)
                });
                let precision =
                    if part.is_some() { Precision::PartOfMonth } else { Precision::Month };
                (true, dates.map(|(a, b)| cut_month(a, b, part)), precision, None)
            }
            Core::DayOffset(n) => {
                let dates = anchor.and_then(|a| a.add_days(n)).map(|d| (d, d));
                (true, dates, Precision::Day, None)
            }
            Core::WeekOffset(n) => {
                let dates = anchor.and_then(|a| {
                    let monday = a.add_days(-i64::from(a.weekday()) + 7 * n)?;
                    Some((monday, monday.add_days(6)?))
                });
                (true, dates, Precision::Week, None)
            }
            Core::MonthOffset(n) => {
                let dates = anchor.and_then(|a| {
                    let (y, m) = shift_month(a.year, a.month, n)?;
                    month_range(y, m)
                });
                (true, dates, Precision::Month, None)
            }
            Core::YearOffset(n) => {
                let dates = anchor.and_then(|a| {
                    let y = i32::try_from(i64::from(a.year) + n).ok()?;
                    year_range(y, y)
                });
                (true, dates, Precision::Year, None)
            }
            Core::Weekday(weekday, offset) => {
                let dates = anchor.and_then(|a| {
                    let back = i64::from((a.weekday() + 7 - weekday) % 7);
                    let ahead = i64::from((weekday + 7 - a.weekday()) % 7);
                    let day = match offset {
                        -1 => a.add_days(-(if back == 0 { 7 } else { back })),
                        1 => a.add_days(if ahead == 0 { 7 } else { ahead }),
                        _ if self.future(at, direction) => a.add_days(ahead),
                        _ => a.add_days(-back),
                    }?;
                    Some((day, day))
                });
                (true, dates, Precision::Day, None)
            }
            Core::NamedMonth(month, offset) => {
                let dates = anchor.and_then(|a| {
                    let year = match offset {
                        -1 if month >= a.month => a.year - 1,
                        1 if month <= a.month => a.year + 1,
                        -1 | 1 => a.year,
                        _ => a.year,
                    };
                    month_range(year, month)
                });
                (true, dates, Precision::Month, None)
            }
            Core::RestOf(precision, later) => {
                let dates = anchor.and_then(|a| {
                    let (start, end) = match precision {
                        Precision::Week => {
                            let monday = a.add_days(-i64::from(a.weekday()))?;
                            (monday, monday.add_days(6)?)
                        }
                        Precision::Month => month_range(a.year, a.month)?,
                        _ => year_range(a.year, a.year)?,
                    };
                    Some(if later { (a, end) } else { (start, a) })
                });
                let precision = match precision {
                    Precision::Week => Precision::Week,
                    Precision::Month => Precision::PartOfMonth,
                    _ => Precision::PartOfYear,
                };
                let modifier = if later { Modifier::Later } else { Modifier::Earlier };
                (true, dates, precision, Some(modifier))
            }
        }
    }

    /// The year of a year-less `month` mentioned at token `at`, per the module rule.
    fn year_for_month(
        &self,
        anchor: CivilDate,
        month: u8,
        at: usize,
        direction: Option<Modifier>,
    ) -> Option<i32> {
        if month == anchor.month {
            return Some(anchor.year);
        }
        let future = self.future(at, direction);
        Some(match (future, month > anchor.month) {
            (false, false) | (true, true) => anchor.year,
            (false, true) => anchor.year - 1,
            (true, false) => anchor.year + 1,
        })
    }
}

/// A month's part as a core.
fn part_of_month(start: CivilDate, end: CivilDate, part: Option<Part>) -> Core {
    let (a, b) = cut_month(start, end, part);
    Core::Fixed(a, b, if part.is_some() { Precision::PartOfMonth } else { Precision::Month })
}

/// Days 1–10, 11–20 or 21–end of a whole-month range.
fn cut_month(start: CivilDate, end: CivilDate, part: Option<Part>) -> (CivilDate, CivilDate) {
    let with_day = |date: CivilDate, day: u8| CivilDate { day, ..date };
    match part {
        None => (start, end),
        Some(Part::Early) => (start, with_day(start, 10)),
        Some(Part::Mid) => (with_day(start, 11), with_day(start, 20)),
        Some(Part::Late) => (with_day(start, 21), end),
    }
}

/// `word` in ASCII lowercase in `buffer`, or `""` when it is longer or not ASCII (no allocation;
/// every word this module matches this way is short).
fn ascii_lower<'b>(word: &str, buffer: &'b mut [u8; 12]) -> &'b str {
    if word.len() > buffer.len() || !word.is_ascii() {
        return "";
    }
    let out = &mut buffer[..word.len()];
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).unwrap_or("")
}

/// `one` ... `twelve` and small digit-free counts.
fn small_number(word: &str) -> Option<u8> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    WORDS.iter().position(|w| *w == word).map(|i| i as u8 + 1)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn date(text: &str) -> CivilDate {
        CivilDate::parse(text).expect("test date")
    }

    /// (mention text, start, end, precision, relative); start/end "" when unresolved.
    type Expected<'a> = (&'a str, &'a str, &'a str, Precision, bool);

    fn check(text: &str, anchor: Option<&str>, expected: &[Expected<'_>]) {
        let mentions = time_mentions(text, anchor.map(date));
        let got: Vec<(String, String, String, Precision, bool)> = mentions
            .iter()
            .map(|m| {
                assert_eq!(m.resolved, m.start.is_some() && m.end.is_some(), "{text}");
                let show = |d: Option<CivilDate>| d.map(|d| d.to_string()).unwrap_or_default();
                (m.span.slice(text).to_owned(), show(m.start), show(m.end), m.precision, m.relative)
            })
            .collect();
        let want: Vec<(String, String, String, Precision, bool)> = expected
            .iter()
            .map(|(t, s, e, p, r)| ((*t).to_owned(), (*s).to_owned(), (*e).to_owned(), *p, *r))
            .collect();
        assert_eq!(got, want, "{text} (anchor {anchor:?})");
    }

    use Precision::*;

    const ANCHOR: Option<&str> = Some("2023-09-05"); // a Tuesday

    #[test]
    fn absolute_dates() {
        let cases: &[(&str, &[Expected<'_>])] = &[
            (
                "They met in April 2019.",
                &[("April 2019", "2019-04-01", "2019-04-30", Month, false)],
            ),
            (
                "met here in April of 2019 for",
                &[("April of 2019", "2019-04-01", "2019-04-30", Month, false)],
            ),
            (
                "on 9 September 2023",
                &[("9 September 2023", "2023-09-09", "2023-09-09", Day, false)],
            ),
            (
                "the forum, September 10-13, 2023, in",
                &[("September 10-13, 2023", "2023-09-10", "2023-09-13", Day, false)],
            ),
            ("on Sept. 9, 2023 and", &[("Sept. 9, 2023", "2023-09-09", "2023-09-09", Day, false)]),
            ("dated 2023-09-13.", &[("2023-09-13", "2023-09-13", "2023-09-13", Day, false)]),
            (
                "Friday, June 21, 2024",
                &[("Friday, June 21, 2024", "2024-06-21", "2024-06-21", Day, false)],
            ),
            (
                "the 9th of September 2023",
                &[("the 9th of September 2023", "2023-09-09", "2023-09-09", Day, false)],
            ),
            ("ended in 1953, the", &[("1953", "1953-01-01", "1953-12-31", Year, false)]),
            ("since 2011 upon the", &[("since 2011", "2011-01-01", "2011-12-31", Year, false)]),
            ("2016's election", &[("2016", "2016-01-01", "2016-12-31", Year, false)]),
            (
                "Obama's 2012 re-election campaign",
                &[("2012", "2012-01-01", "2012-12-31", Year, false)],
            ),
            (
                "for calendar years 2018 and 2019",
                &[
                    ("2018", "2018-01-01", "2018-12-31", Year, false),
                    ("2019", "2019-01-01", "2019-12-31", Year, false),
                ],
            ),
            (
                "the presumptive 2016 front-runner",
                &[("2016", "2016-01-01", "2016-12-31", Year, false)],
            ),
            (
                "from May 20 to Aug. 12, 2018.",
                &[("May 20 to Aug. 12, 2018", "2018-05-20", "2018-08-12", Day, false)],
            ),
            ("his 2019 summit with", &[("2019", "2019-01-01", "2019-12-31", Year, false)]),
            ("in the 1990s and", &[("the 1990s", "1990-01-01", "1999-12-31", Decade, false)]),
            ("in the early 1990s", &[("early 1990s", "1990-01-01", "1993-12-31", Decade, false)]),
            (
                "by mid-2022, prices",
                &[("by mid-2022", "2022-05-01", "2022-08-31", PartOfYear, false)],
            ),
            ("from 2011 to 2015", &[("2011 to 2015", "2011-01-01", "2015-12-31", Year, false)]),
            (
                "between 2011 and 2015",
                &[("2011 and 2015", "2011-01-01", "2015-12-31", Year, false)],
            ),
            ("the 2011-2015 period", &[("2011-2015", "2011-01-01", "2015-12-31", Year, false)]),
            (
                "in late August 2023",
                &[("late August 2023", "2023-08-21", "2023-08-31", PartOfMonth, false)],
            ),
        ];
        for (text, expected) in cases {
            check(text, None, expected);
            check(text, ANCHOR, expected);
        }
    }

    #[test]
    fn dates_without_a_year_take_it_from_the_anchor() {
        let cases: &[(&str, &[Expected<'_>], &[Expected<'_>])] = &[
            (
                "a journey in late August.",
                &[("late August", "", "", PartOfMonth, true)],
                &[("late August", "2023-08-21", "2023-08-31", PartOfMonth, true)],
            ),
            (
                "scheduled to run from September 10 to 13.",
                &[("September 10 to 13", "", "", Day, true)],
                &[("September 10 to 13", "2023-09-10", "2023-09-13", Day, true)],
            ),
            (
                "founded on September 9, adding",
                &[("September 9", "", "", Day, true)],
                &[("September 9", "2023-09-09", "2023-09-09", Day, true)],
            ),
            (
                "on Sept. 9",
                &[("Sept. 9", "", "", Day, true)],
                &[("Sept. 9", "2023-09-09", "2023-09-09", Day, true)],
            ),
            (
                "to North Korea in July.",
                &[("July", "", "", Month, true)],
                &[("July", "2023-07-01", "2023-07-31", Month, true)],
            ),
            (
                "talks in February about",
                &[("February", "", "", Month, true)],
                &[("February", "2023-02-01", "2023-02-28", Month, true)],
            ),
            (
                "He will visit in October.",
                &[("October", "", "", Month, true)],
                &[("October", "2023-10-01", "2023-10-31", Month, true)],
            ),
            (
                "It happened in December.",
                &[("December", "", "", Month, true)],
                &[("December", "2022-12-01", "2022-12-31", Month, true)],
            ),
            (
                "He will return in February.",
                &[("February", "", "", Month, true)],
                &[("February", "2024-02-01", "2024-02-29", Month, true)],
            ),
            (
                "reported in late July of this year that",
                &[("late July of this year", "", "", PartOfMonth, true)],
                &[("late July of this year", "2023-07-21", "2023-07-31", PartOfMonth, true)],
            ),
            (
                "early September",
                &[("early September", "", "", PartOfMonth, true)],
                &[("early September", "2023-09-01", "2023-09-10", PartOfMonth, true)],
            ),
            (
                "between June and July",
                &[("June", "", "", Month, true), ("July", "", "", Month, true)],
                &[
                    ("June", "2023-06-01", "2023-06-30", Month, true),
                    ("July", "2023-07-01", "2023-07-31", Month, true),
                ],
            ),
        ];
        for (text, without, with) in cases {
            check(text, None, without);
            check(text, ANCHOR, with);
        }
    }

    #[test]
    fn relative_phrases() {
        let cases: &[(&str, &[Expected<'_>], &[Expected<'_>])] = &[
            (
                "travel later this month to",
                &[("later this month", "", "", PartOfMonth, true)],
                &[("later this month", "2023-09-05", "2023-09-30", PartOfMonth, true)],
            ),
            (
                "to Russia this month for",
                &[("this month", "", "", Month, true)],
                &[("this month", "2023-09-01", "2023-09-30", Month, true)],
            ),
            (
                "The claims come after earlier this year, it was",
                &[("earlier this year", "", "", PartOfYear, true)],
                &[("earlier this year", "2023-01-01", "2023-09-05", PartOfYear, true)],
            ),
            (
                "donated earlier this year.",
                &[("earlier this year", "", "", PartOfYear, true)],
                &[("earlier this year", "2023-01-01", "2023-09-05", PartOfYear, true)],
            ),
            (
                "Officials met last week.",
                &[("last week", "", "", Week, true)],
                &[("last week", "2023-08-28", "2023-09-03", Week, true)],
            ),
            (
                "yesterday",
                &[("yesterday", "", "", Day, true)],
                &[("yesterday", "2023-09-04", "2023-09-04", Day, true)],
            ),
            (
                "Today",
                &[("Today", "", "", Day, true)],
                &[("Today", "2023-09-05", "2023-09-05", Day, true)],
            ),
            (
                "tomorrow",
                &[("tomorrow", "", "", Day, true)],
                &[("tomorrow", "2023-09-06", "2023-09-06", Day, true)],
            ),
            (
                "next year",
                &[("next year", "", "", Year, true)],
                &[("next year", "2024-01-01", "2024-12-31", Year, true)],
            ),
            (
                "officials said on Sunday.",
                &[("Sunday", "", "", Day, true)],
                &[("Sunday", "2023-09-03", "2023-09-03", Day, true)],
            ),
            (
                "Kim will arrive on Sunday.",
                &[("Sunday", "", "", Day, true)],
                &[("Sunday", "2023-09-10", "2023-09-10", Day, true)],
            ),
            (
                "said on Tuesday",
                &[("Tuesday", "", "", Day, true)],
                &[("Tuesday", "2023-09-05", "2023-09-05", Day, true)],
            ),
            (
                "last Tuesday",
                &[("last Tuesday", "", "", Day, true)],
                &[("last Tuesday", "2023-08-29", "2023-08-29", Day, true)],
            ),
            (
                "three days ago",
                &[("three days ago", "", "", Day, true)],
                &[("three days ago", "2023-09-02", "2023-09-02", Day, true)],
            ),
            (
                "2 years ago",
                &[("2 years ago", "", "", Year, true)],
                &[("2 years ago", "2021-01-01", "2021-12-31", Year, true)],
            ),
            (
                "released on Monday, July 8, thanking",
                &[("Monday, July 8", "", "", Day, true)],
                &[("Monday, July 8", "2024-07-08", "2024-07-08", Day, true)],
            ),
            (
                "postponed until August 17",
                &[("until August 17", "", "", Day, true)],
                &[("until August 17", "2024-08-17", "2024-08-17", Day, true)],
            ),
            ("told USA TODAY", &[], &[]),
            (
                "from May 20 to Aug. 12.",
                &[("May 20 to Aug. 12", "", "", Day, true)],
                &[("May 20 to Aug. 12", "2023-05-20", "2023-08-12", Day, true)],
            ),
            (
                "Sanders will come under pressure — though he vowed late Tuesday night to fight",
                &[("Tuesday", "", "", Day, true)],
                &[("Tuesday", "2023-09-05", "2023-09-05", Day, true)],
            ),
            (
                "He will go there, he said on Sunday.",
                &[("Sunday", "", "", Day, true)],
                &[("Sunday", "2023-09-03", "2023-09-03", Day, true)],
            ),
            (
                "insurance beginning Jan. 1, but",
                &[("Jan. 1", "", "", Day, true)],
                &[("Jan. 1", "2024-01-01", "2024-01-01", Day, true)],
            ),
            (
                "last July",
                &[("last July", "", "", Month, true)],
                &[("last July", "2023-07-01", "2023-07-31", Month, true)],
            ),
        ];
        for (text, without, with) in cases {
            check(text, None, without);
            check(text, ANCHOR, with);
        }
    }

    #[test]
    fn modifiers() {
        let m = |text: &str| time_mentions(text, None).first().and_then(|m| m.modifier);
        assert_eq!(m("since 2011"), Some(Modifier::Since));
        assert_eq!(m("until 2020"), Some(Modifier::Until));
        assert_eq!(m("before 2020"), Some(Modifier::Before));
        assert_eq!(m("after 2020"), Some(Modifier::After));
        assert_eq!(m("by 2030"), Some(Modifier::By));
        assert_eq!(m("in late August"), Some(Modifier::Late));
        assert_eq!(m("mid-2022"), Some(Modifier::Mid));
        assert_eq!(m("early September"), Some(Modifier::Early));
        assert_eq!(m("later this month"), Some(Modifier::Later));
        assert_eq!(m("since early 2011"), Some(Modifier::Since));
        assert_eq!(m("in 2011"), None);
    }

    #[test]
    fn non_dates() {
        for text in [
            "Moscow may have to acquiesce",
            "May I ask?",
            "They joined a march on Washington.",
            "March on Washington",
            "Will Smith said",
            "approximately 20 North Korean officials",
            "situated approximately 950 miles north",
            "plans to visit Pier 33, where",
            "Views:1021 2",
            "a crowd of 1500 people",
            "in 2000 homes",
            "paid $2019 for",
            "at 9:30 am",
            "the Covid-19 pandemic",
            "June Smith and Jan Brown",
            "the first such visit",
            "there were 1,500 troops",
            "a 2000 feet climb",
            "with 1500 people",
            "for 2010 when",
            "a 2000 year-old tree",
        ] {
            assert_eq!(time_mentions(text, Some(date("2023-09-05"))), vec![], "{text}");
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(date("2023-09-05").to_string(), "2023-09-05");
        assert_eq!(CivilDate::parse("2023-02-29"), None);
        assert_eq!(CivilDate::parse("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(CivilDate::parse("2023-9-5"), None);
        assert_eq!(CivilDate::parse("２０２３-09-05"), None);
        assert!(date("2023-09-05") < date("2023-10-01"));
        assert_eq!(date("2023-09-05").weekday(), 1);
        for days in [-700_000, -1, 0, 1, 59, 60, 19_000, 2_000_000] {
            let d = CivilDate::from_days(days).expect("in range");
            assert_eq!(d.days(), days);
        }
        assert_eq!(date("2023-12-31").add_days(1), Some(date("2024-01-01")));
        // An out-of-range anchor counts as none.
        let odd = CivilDate { year: i32::MAX, month: 12, day: 31 };
        let mentions = time_mentions("next year", Some(odd));
        assert!(!mentions[0].resolved);
        assert_eq!(Precision::PartOfMonth.as_str(), "part_of_month");
    }

    proptest! {
        #[test]
        fn any_text_gives_sane_spans(text in "\\PC{0,200}", days in -300_000i64..300_000) {
            let anchor = CivilDate::from_days(days);
            let mut previous = 0;
            for mention in time_mentions(&text, anchor) {
                let span = mention.span;
                prop_assert!(span.start < span.end && span.end <= text.len());
                prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                prop_assert!(span.start >= previous);
                previous = span.end;
                prop_assert_eq!(mention.resolved, mention.start.is_some());
                if let (Some(a), Some(b)) = (mention.start, mention.end) {
                    prop_assert!(a <= b);
                }
            }
        }

        #[test]
        fn date_like_text_gives_sane_spans(
            words in proptest::collection::vec(
                prop_oneof![
                    Just("May"), Just("September"), Just("Sept"), Just("."), Just("10"), Just("-"),
                    Just("13"), Just(","), Just("2023"), Just("in"), Just("late"), Just("the"),
                    Just("1990"), Just("s"), Just("'"), Just("last"), Just("week"), Just("Tuesday"),
                    Just("mid"), Just("since"), Just("of"), Just("this"), Just("year"), Just("31"),
                    Just("February"), Just("29"), Just("ago"), Just("9999"), Just("th"),
                ],
                0..30,
            ),
            glue in proptest::collection::vec(any::<bool>(), 30),
            days in -300_000i64..300_000,
        ) {
            let mut text = String::new();
            for (word, glued) in words.iter().zip(&glue) {
                if !glued { text.push(' '); }
                text.push_str(word);
            }
            let mut previous = 0;
            for mention in time_mentions(&text, CivilDate::from_days(days)) {
                prop_assert!(mention.span.start >= previous && mention.span.end <= text.len());
                previous = mention.span.end;
                if let (Some(a), Some(b)) = (mention.start, mention.end) {
                    prop_assert!(a <= b, "{} {} {}", text, a, b);
                }
            }
        }
    }
}
