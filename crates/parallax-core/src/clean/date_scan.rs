//! Dates written inside running text, in the forms news pages use across languages:
//!
//! - numeric, year first: `2019-06-27`, `2019/06/27`, `2023.11.02`, `2019-06-27T10:21:40Z`;
//! - numeric, day first with dots: `19.07.2014`, `3.2.2018`, `26.10.13` (two-digit years are
//!   20xx);
//! - numeric with slashes or dashes: `23-01-2022`, `26/10/2018` (day first when the day is over
//!   12 or the page is not US English, else month first: `08/08/2017` on an `en-US` page);
//! - with month names in English, German, French, Spanish, Italian, Dutch and Portuguese, full or
//!   abbreviated, and in Arabic, Russian, Ukrainian, Turkish and Polish: `19. Juli 2014`, `27 juin 2019`, `7 de abril de 2020`, `July 19, 2014`,
//!   `Dezember 16th, 2012`, `Mai 06 2018`;
//! - Chinese, Japanese and Korean: `2019年6月27日`, `2019년 6월 27일`.
//!
//! Every pattern runs once over the text (the regex engine is linear), so long pages cost linear
//! time. Years outside [`MIN_YEAR`]..=[`MAX_YEAR`] are ignored.

use std::sync::LazyLock;

use regex::Regex;

/// The earliest year taken from running text (the web's news pages start in the mid-1990s).
pub(crate) const MIN_YEAR: i32 = 1995;
/// The latest year taken from running text.
pub(crate) const MAX_YEAR: i32 = 2100;

/// How an ambiguous `03/04/2020` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DayOrder {
    /// Day first (`03/04/2020` is 3 April): most of the world.
    #[default]
    DayFirst,
    /// Month first (`03/04/2020` is 4 March): US English.
    MonthFirst,
}

/// A date found in text: where it starts and ends (bytes) and its `YYYY-MM-DD` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) date: String,
}

static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2})([-/.])([0-9]{1,2})([-/.])([0-9]{1,2})").expect("valid pattern")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{1,2})([-/.])([0-9]{1,2})([-/.])((?:19|20)[0-9]{2}|[0-9]{2})")
        .expect("valid pattern")
});
static DAY_MONTH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)([0-9]{1,2})(?:st|nd|rd|th|er|º|\.)?[\s\u{a0}]*(?:de[\s\u{a0}]+)?(\p{L}{3,12})\.?,?[\s\u{a0}]*(?:de[\s\u{a0}]+|del[\s\u{a0}]+)?((?:19|20)[0-9]{2})",
    )
    .expect("valid pattern")
});
static MONTH_NAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(\p{L}{3,12})\.?[\s\u{a0}]+([0-9]{1,2})(?:st|nd|rd|th)?,?[\s\u{a0}]+((?:19|20)[0-9]{2})",
    )
    .expect("valid pattern")
});
static CJK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日일]")
        .expect("valid pattern")
});

/// All dates in `text`, in order of position (overlapping readings of one span are dropped,
/// the earlier-starting one kept).
pub(crate) fn find_dates(text: &str, order: DayOrder) -> Vec<Found> {
    let mut found = Vec::new();
    for caps in YEAR_FIRST.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if caps[2] != caps[4] || !digit_bounded(text, whole.start(), whole.end()) {
            continue;
        }
        if let Some(date) = date_of(&caps[1], &caps[3], &caps[5]) {
            found.push(Found { start: whole.start(), end: whole.end(), date });
        }
    }
    for caps in DAY_FIRST.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let separator = &caps[2];
        if separator != &caps[4] || !digit_bounded(text, whole.start(), whole.end()) {
            continue;
        }
        let year = &caps[5];
        // Two-digit years only in the dotted form (`26.10.13`), where nothing else is meant.
        let year = match (year.len(), separator) {
            (2, ".") => format!("20{year}"),
            (2, _) => continue,
            _ => year.to_owned(),
        };
        let (first, second) = (&caps[1], &caps[3]);
        let (Ok(a), Ok(b)) = (first.parse::<u32>(), second.parse::<u32>()) else { continue };
        let month_first = separator == "/" && order == DayOrder::MonthFirst && b <= 31 && a <= 12;
        let month_first = month_first || (separator != "." && a <= 12 && b > 12);
        let (day, month) = if month_first { (second, first) } else { (first, second) };
        if let Some(date) = date_of(&year, month, day) {
            found.push(Found { start: whole.start(), end: whole.end(), date });
        }
    }
    for caps in DAY_MONTH_NAME.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if !digit_bounded(text, whole.start(), whole.end()) || !word_start(text, caps.get(2)) {
            continue;
        }
        if let Some(month) = month_number(&caps[2])
            && let Some(date) = date_of(&caps[3], &month.to_string(), &caps[1])
        {
            found.push(Found { start: whole.start(), end: whole.end(), date });
        }
    }
    for caps in MONTH_NAME_DAY.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let month_start = caps.get(1).map_or(0, |name| name.start());
        let letter_before =
            text[..month_start].chars().next_back().is_some_and(char::is_alphabetic);
        if letter_before || !digit_bounded(text, whole.start(), whole.end()) {
            continue;
        }
        if let Some(month) = month_number(&caps[1])
            && let Some(date) = date_of(&caps[3], &month.to_string(), &caps[2])
        {
            found.push(Found { start: whole.start(), end: whole.end(), date });
        }
    }
    for caps in CJK.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if let Some(date) = date_of(&caps[1], &caps[2], &caps[3]) {
            found.push(Found { start: whole.start(), end: whole.end(), date });
        }
    }
    found.sort_by_key(|found| (found.start, std::cmp::Reverse(found.end)));
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for candidate in found {
        if kept.last().is_some_and(|last| candidate.start < last.end) {
            continue;
        }
        kept.push(candidate);
    }
    kept
}

/// The first date in `text`, if any.
pub(crate) fn first_date(text: &str, order: DayOrder) -> Option<String> {
    find_dates(text, order).into_iter().next().map(|found| found.date)
}

/// No digit right before `start` or right after `end`.
fn digit_bounded(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
}

/// The month name does not continue a longer word on its right (the pattern caps its length).
fn word_start(text: &str, name: Option<regex::Match<'_>>) -> bool {
    name.is_some_and(|name| !text[name.end()..].chars().next().is_some_and(char::is_alphabetic))
}

fn date_of(year: &str, month: &str, day: &str) -> Option<String> {
    let (year, month, day) =
        (year.parse::<i32>().ok()?, month.parse::<u32>().ok()?, day.parse::<u32>().ok()?);
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return None;
    }
    super::date::valid(year, month, day)
}

/// Month names and abbreviations (lower case) in English, German, French, Spanish, Italian,
/// Dutch and Portuguese, and the full names in Arabic, Russian, Ukrainian, Turkish and Polish
/// (genitive, as dates write them).
const MONTH_NAMES: [&[&str]; 12] = [
    &[
        "january",
        "يناير",
        "января",
        "январь",
        "січня",
        "ocak",
        "stycznia",
        "januar",
        "jänner",
        "janvier",
        "enero",
        "gennaio",
        "januari",
        "janeiro",
        "jan",
        "jän",
        "janv",
        "ene",
        "gen",
    ],
    &[
        "february",
        "فبراير",
        "февраля",
        "февраль",
        "лютого",
        "şubat",
        "subat",
        "lutego",
        "februar",
        "février",
        "fevrier",
        "febrero",
        "febbraio",
        "februari",
        "fevereiro",
        "feb",
        "febr",
        "févr",
        "fevr",
        "fév",
        "fev",
    ],
    &[
        "march",
        "مارس",
        "марта",
        "март",
        "березня",
        "mart",
        "marca",
        "märz",
        "maerz",
        "mars",
        "marzo",
        "maart",
        "março",
        "marco",
        "mar",
        "mär",
        "mrz",
        "mrt",
    ],
    &[
        "april",
        "أبريل",
        "ابريل",
        "апреля",
        "апрель",
        "квітня",
        "nisan",
        "kwietnia",
        "avril",
        "abril",
        "aprile",
        "apr",
        "avr",
        "abr",
    ],
    &[
        "may",
        "مايو",
        "мая",
        "май",
        "травня",
        "mayıs",
        "mayis",
        "maja",
        "mai",
        "mayo",
        "maggio",
        "mei",
        "maio",
        "mag",
    ],
    &[
        "june",
        "يونيو",
        "июня",
        "июнь",
        "червня",
        "haziran",
        "czerwca",
        "juni",
        "juin",
        "junio",
        "giugno",
        "junho",
        "jun",
        "giu",
    ],
    &[
        "july",
        "يوليو",
        "июля",
        "июль",
        "липня",
        "temmuz",
        "lipca",
        "juli",
        "juillet",
        "julio",
        "luglio",
        "julho",
        "jul",
        "juil",
        "lug",
    ],
    &[
        "august",
        "أغسطس",
        "اغسطس",
        "августа",
        "август",
        "серпня",
        "ağustos",
        "agustos",
        "sierpnia",
        "août",
        "aout",
        "agosto",
        "augustus",
        "aug",
        "ago",
    ],
    &[
        "september",
        "سبتمبر",
        "сентября",
        "сентябрь",
        "вересня",
        "eylül",
        "eylul",
        "września",
        "septembre",
        "septiembre",
        "settembre",
        "setembro",
        "sep",
        "sept",
        "set",
    ],
    &[
        "october",
        "أكتوبر",
        "اكتوبر",
        "октября",
        "октябрь",
        "жовтня",
        "ekim",
        "października",
        "oktober",
        "octobre",
        "octubre",
        "ottobre",
        "outubro",
        "oct",
        "okt",
        "ott",
        "out",
    ],
    &[
        "november",
        "نوفمبر",
        "ноября",
        "ноябрь",
        "листопада",
        "kasım",
        "kasim",
        "listopada",
        "novembre",
        "noviembre",
        "novembro",
        "nov",
    ],
    &[
        "december",
        "ديسمبر",
        "декабря",
        "декабрь",
        "грудня",
        "aralık",
        "aralik",
        "grudnia",
        "dezember",
        "décembre",
        "decembre",
        "diciembre",
        "dicembre",
        "dezembro",
        "dec",
        "dez",
        "déc",
        "dic",
    ],
];

/// The month (1–12) a name or abbreviation stands for, in any of the languages above.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    let lower = lower.trim_end_matches('.');
    MONTH_NAMES
        .iter()
        .position(|names| names.contains(&lower))
        .and_then(|index| u32::try_from(index + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let cases: &[(&str, DayOrder, Option<&str>)] = &[
            ("2019-06-27T10:21:40Z", DayOrder::DayFirst, Some("2019-06-27")),
            ("Stand: 2023.11.02. 오후", DayOrder::DayFirst, Some("2023-11-02")),
            ("$Date: 2016/11/18 06:31:41 $", DayOrder::DayFirst, Some("2016-11-18")),
            ("Veröffentlicht am 16.08.2019", DayOrder::DayFirst, Some("2019-08-16")),
            ("Donnerstag, 15.2.2018, 19:51", DayOrder::DayFirst, Some("2018-02-15")),
            ("Anmeldedatum 26.10.13", DayOrder::DayFirst, Some("2013-10-26")),
            ("news/23-01-2022-dorothea", DayOrder::DayFirst, Some("2022-01-23")),
            ("26/10/2018", DayOrder::DayFirst, Some("2018-10-26")),
            ("26/10/2018", DayOrder::MonthFirst, Some("2018-10-26")),
            ("02/10/2020", DayOrder::DayFirst, Some("2020-10-02")),
            ("08/13/2017", DayOrder::DayFirst, Some("2017-08-13")),
            ("06/13/2019", DayOrder::MonthFirst, Some("2019-06-13")),
            ("02/10/2020", DayOrder::MonthFirst, Some("2020-02-10")),
            ("Samstag, 19. Juli 2014", DayOrder::DayFirst, Some("2014-07-19")),
            ("am 3. Dezember 2011 um", DayOrder::DayFirst, Some("2011-12-03")),
            ("18. März 2020", DayOrder::DayFirst, Some("2020-03-18")),
            ("jeudi 27 juin 2019", DayOrder::DayFirst, Some("2019-06-27")),
            ("le 07 Mai 2020", DayOrder::DayFirst, Some("2020-05-07")),
            ("7 de abril de 2020", DayOrder::DayFirst, Some("2020-04-07")),
            ("20 Sept. 2016", DayOrder::DayFirst, Some("2016-09-20")),
            ("1er février 2021", DayOrder::DayFirst, Some("2021-02-01")),
            ("Published on August 19, 2019", DayOrder::DayFirst, Some("2019-08-19")),
            ("Sonntag, Dezember 16th, 2012, 7:05 pm", DayOrder::DayFirst, Some("2012-12-16")),
            ("Mai 06 2018", DayOrder::DayFirst, Some("2018-05-06")),
            ("Jan 18, 2019", DayOrder::DayFirst, Some("2019-01-18")),
            ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", DayOrder::DayFirst, Some("2020-10-07")),
            ("15 августа 2016, 10:00", DayOrder::DayFirst, Some("2016-08-15")),
            ("15 серпня 2016", DayOrder::DayFirst, Some("2016-08-15")),
            ("12 Kasım 2020", DayOrder::DayFirst, Some("2020-11-12")),
            ("3 października 2021", DayOrder::DayFirst, Some("2021-10-03")),
            ("2019年6月27日", DayOrder::DayFirst, Some("2019-06-27")),
            ("2019년 6월 27일", DayOrder::DayFirst, Some("2019-06-27")),
            // Not dates, or not plausible ones.
            ("version 1.2.3", DayOrder::DayFirst, None),
            ("31.02.2019", DayOrder::DayFirst, None),
            ("12/2019", DayOrder::DayFirst, None),
            ("Juli 2014", DayOrder::DayFirst, None),
            ("12.05.1980", DayOrder::DayFirst, None),
            ("123.05.2019", DayOrder::DayFirst, None),
            ("3 Sets 2019", DayOrder::DayFirst, None),
            ("Summary 12 2019", DayOrder::DayFirst, None),
            ("12-05-19", DayOrder::DayFirst, None),
        ];
        for (text, order, expected) in cases {
            assert_eq!(first_date(text, *order).as_deref(), *expected, "{text}");
        }
    }

    #[test]
    fn several_in_order_without_overlaps() {
        let found =
            find_dates("Erstellt 03.05.2013, aktualisiert am 4. Mai 2014", DayOrder::DayFirst);
        let dates: Vec<&str> = found.iter().map(|found| found.date.as_str()).collect();
        assert_eq!(dates, ["2013-05-03", "2014-05-04"]);
        assert!(found[0].end <= found[1].start);
    }

    #[test]
    fn month_names_across_languages() {
        let cases = [
            ("Januar", Some(1)),
            ("févr.", Some(2)),
            ("MÄRZ", Some(3)),
            ("maio", Some(5)),
            ("juil", Some(7)),
            ("Août", Some(8)),
            ("okt", Some(10)),
            ("dic", Some(12)),
            ("jui", None),
            ("sets", None),
        ];
        for (word, month) in cases {
            assert_eq!(month_number(word), month, "{word}");
        }
    }

    #[test]
    fn huge_input_stays_linear_and_safe() {
        let text = "1.1.".repeat(50_000) + "Mai 06 2018 " + &"x".repeat(100_000);
        assert_eq!(first_date(&text, DayOrder::DayFirst).as_deref(), Some("2018-05-06"));
        assert_eq!(first_date("", DayOrder::DayFirst), None);
        assert_eq!(first_date("٣/٤/٢٠٢٠ 🎉", DayOrder::DayFirst), None);
    }
}
