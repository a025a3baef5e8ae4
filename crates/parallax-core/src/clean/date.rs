//! Publication dates as written in metadata, normalised to `YYYY-MM-DD`.
//!
//! Accepts ISO dates and timestamps (`2016-09-20`, `2016-09-20T12:00:00Z`), US numeric dates
//! (`7/23/17`, `07/23/2017`), and dates with month names (`September 20, 2016`,
//! `20 Sept. 2016`, `Tue, 20 Sep 2016 10:00:00 GMT`). Anything else gives `None`.

/// Normalises a metadata date to `YYYY-MM-DD`.
pub fn normalize_date(value: &str) -> Option<String> {
    let value = value.trim();
    iso(value)
        .or_else(|| us_numeric(value))
        .or_else(|| with_month_name(value))
        .or_else(|| super::date_scan::first_date(value, super::date_scan::DayOrder::MonthFirst))
}

pub(super) fn valid(year: i32, month: u32, day: u32) -> Option<String> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2100).contains(&year) && (1..=days_in_month).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn iso(value: &str) -> Option<String> {
    let head = value.get(..10)?;
    let bytes = head.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    valid(head[..4].parse().ok()?, head[5..7].parse().ok()?, head[8..10].parse().ok()?)
}

fn us_numeric(value: &str) -> Option<String> {
    let date = value.split_whitespace().next()?;
    let mut parts = date.split('/');
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let year_text = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let year: i32 = year_text.parse().ok()?;
    let year = match year_text.len() {
        2 if year < 70 => 2000 + year,
        2 => 1900 + year,
        4 => year,
        _ => return None,
    };
    valid(year, month, day)
}

fn with_month_name(value: &str) -> Option<String> {
    let lower = value.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '-' || c == '/')
        .filter(|token| !token.is_empty())
        .collect();
    let month_index = tokens.iter().position(|token| month(token).is_some())?;
    let month_number = month(tokens[month_index])?;
    let numbers: Vec<(usize, u32)> = tokens
        .iter()
        .enumerate()
        .filter_map(|(index, token)| {
            let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
                .then(|| digits.parse().ok().map(|number| (index, number)))
                .flatten()
        })
        .collect();
    let year = numbers.iter().find(|(_, number)| *number >= 1900)?;
    let day = numbers
        .iter()
        .filter(|(_, number)| (1..=31).contains(number))
        .min_by_key(|(index, _)| index.abs_diff(month_index))?;
    valid(i32::try_from(year.1).ok()?, month_number, day.1)
}

/// The month a name or an abbreviation of at least three letters stands for (`sept` too).
pub(crate) fn month(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
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
    if token.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|name| name.starts_with(token) || (token == "sept" && *name == "september"))
        .filter(|_| token.len() >= 3)
        .map(|index| index as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::normalize_date;

    #[test]
    fn forms() {
        assert_eq!(normalize_date("2016-09-20").as_deref(), Some("2016-09-20"));
        assert_eq!(normalize_date("2016-09-20T12:00:00Z").as_deref(), Some("2016-09-20"));
        assert_eq!(normalize_date("7/23/17").as_deref(), Some("2017-07-23"));
        assert_eq!(normalize_date("September 20, 2016").as_deref(), Some("2016-09-20"));
        assert_eq!(normalize_date("20 Sept. 2016").as_deref(), Some("2016-09-20"));
        assert_eq!(normalize_date("Tue, 20 Sep 2016 10:00:00 GMT").as_deref(), Some("2016-09-20"));
        assert_eq!(normalize_date("0001-01-01"), None);
        assert_eq!(normalize_date("2023-02-30"), None);
        assert_eq!(normalize_date("soon"), None);
    }
}
