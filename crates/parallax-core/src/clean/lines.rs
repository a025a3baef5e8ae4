//! What one line looks like: its shape (words, punctuation, case) and whether its wording or form
//! marks it as page furniture rather than article text.
//!
//! The vocabulary below is user-interface language that recurs across sites and CMSs (share bars,
//! comment widgets, newsletter prompts, author boxes), matched only on short lines, so an article
//! sentence that happens to mention "newsletter" is not touched. Long lines are judged by their
//! form and by how they fit the rest of the document (see `text.rs`).

use crate::model::RemovalReason;
use crate::text::{is_stopword, words};

/// How far a furniture line's effect reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Only the line itself is furniture (a "Follow us" prompt between paragraphs).
    Line,
    /// The line typically opens the page's tail (share bar, "Previous article", comments):
    /// when it comes after most of the article, everything after it goes too.
    EndsArticle,
}

/// The measured shape of one line.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    pub(crate) words: usize,
    pub(crate) ends_sentence: bool,
    /// Share of alphabetic words that start lower-case.
    pub(crate) lowercase_ratio: f64,
    /// Share of words that are English function words.
    pub(crate) stopword_ratio: f64,
    /// Share of characters that are letters.
    pub(crate) letter_ratio: f64,
    pub(crate) has_punctuation: bool,
}

impl Shape {
    pub(crate) fn of(line: &str) -> Shape {
        let mut n_words = 0usize;
        let mut alphabetic = 0usize;
        let mut lowercase = 0usize;
        let mut stop = 0usize;
        for word in words(line) {
            n_words += 1;
            let Some(first) = word.chars().next() else { continue };
            if first.is_alphabetic() {
                alphabetic += 1;
                if first.is_lowercase() {
                    lowercase += 1;
                }
                if is_stopword(&word.to_lowercase()) {
                    stop += 1;
                }
            }
        }
        let n_chars = line.chars().filter(|c| !c.is_whitespace()).count().max(1);
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        let trimmed = line.trim_end_matches(|c: char| {
            matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»') || c.is_whitespace()
        });
        let ends_sentence = trimmed.ends_with(['.', '!', '?', '…', ':', ';']);
        Shape {
            words: n_words,
            ends_sentence,
            lowercase_ratio: ratio(lowercase, alphabetic),
            stopword_ratio: ratio(stop, n_words),
            letter_ratio: letters as f64 / n_chars as f64,
            has_punctuation: line.contains([',', '.', ';', ':', '!', '?']),
        }
    }

    /// A line that reads as running text: several words, sentence punctuation or length, and
    /// not mostly capitalised words. `english` adds the function-word test.
    pub(crate) fn is_prose(&self, english: bool) -> bool {
        let sentence_like = self.ends_sentence || self.words >= 25;
        let running_text = self.lowercase_ratio >= 0.35 || !english;
        let function_words = !english || self.stopword_ratio >= 0.12;
        self.words >= 7 && sentence_like && running_text && function_words
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// A phrase of page-furniture vocabulary.
struct Cue {
    phrase: &'static str,
    reason: RemovalReason,
    reach: Reach,
    /// The phrase must open the line (after punctuation) rather than occur anywhere in it.
    at_start: bool,
}

const fn cue(phrase: &'static str, reason: RemovalReason, reach: Reach) -> Cue {
    Cue { phrase, reason, reach, at_start: false }
}

const fn opening(phrase: &'static str, reason: RemovalReason, reach: Reach) -> Cue {
    Cue { phrase, reason, reach, at_start: true }
}

use Reach::{EndsArticle, Line};
use RemovalReason as R;

/// Furniture vocabulary, lower-case. Matched on whole words, on lines of at most
/// `MAX_CUE_WORDS` words.
const CUES: &[Cue] = &[
    // Links to other articles.
    cue("previous article", R::RelatedLinks, EndsArticle),
    cue("next article", R::RelatedLinks, EndsArticle),
    cue("previous post", R::RelatedLinks, EndsArticle),
    cue("next post", R::RelatedLinks, EndsArticle),
    cue("older post", R::RelatedLinks, EndsArticle),
    cue("newer post", R::RelatedLinks, EndsArticle),
    cue("related articles", R::RelatedLinks, EndsArticle),
    cue("related posts", R::RelatedLinks, EndsArticle),
    cue("related stories", R::RelatedLinks, EndsArticle),
    cue("related news", R::RelatedLinks, EndsArticle),
    cue("related content", R::RelatedLinks, EndsArticle),
    cue("related topics", R::RelatedLinks, EndsArticle),
    opening("related", R::RelatedLinks, EndsArticle),
    cue("you may also like", R::RelatedLinks, EndsArticle),
    cue("you might also like", R::RelatedLinks, EndsArticle),
    cue("you may have missed", R::RelatedLinks, EndsArticle),
    cue("more stories", R::RelatedLinks, EndsArticle),
    cue("more news", R::RelatedLinks, EndsArticle),
    opening("more from", R::RelatedLinks, EndsArticle),
    cue("recommended for you", R::RelatedLinks, EndsArticle),
    opening("recommended", R::RelatedLinks, EndsArticle),
    opening("read next", R::RelatedLinks, EndsArticle),
    opening("up next", R::RelatedLinks, EndsArticle),
    cue("trending now", R::RelatedLinks, EndsArticle),
    opening("trending", R::RelatedLinks, EndsArticle),
    cue("most popular", R::RelatedLinks, EndsArticle),
    cue("most read", R::RelatedLinks, EndsArticle),
    cue("latest posts", R::RelatedLinks, EndsArticle),
    cue("latest news", R::RelatedLinks, EndsArticle),
    cue("latest stories", R::RelatedLinks, EndsArticle),
    cue("latest articles", R::RelatedLinks, EndsArticle),
    cue("popular posts", R::RelatedLinks, EndsArticle),
    cue("recent posts", R::RelatedLinks, EndsArticle),
    cue("don't miss", R::RelatedLinks, EndsArticle),
    cue("don’t miss", R::RelatedLinks, EndsArticle),
    cue("do not miss", R::RelatedLinks, EndsArticle),
    cue("editor's picks", R::RelatedLinks, EndsArticle),
    cue("editors' picks", R::RelatedLinks, EndsArticle),
    cue("top stories", R::RelatedLinks, EndsArticle),
    opening("also read", R::RelatedLinks, Line),
    opening("read also", R::RelatedLinks, Line),
    opening("read more", R::RelatedLinks, Line),
    opening("see also", R::RelatedLinks, Line),
    opening("continue reading", R::Navigation, Line),
    // Share bars and site navigation.
    opening("share", R::Navigation, EndsArticle),
    cue("share this", R::Navigation, EndsArticle),
    cue("share on", R::Navigation, EndsArticle),
    cue("share via", R::Navigation, EndsArticle),
    cue("click to share", R::Navigation, EndsArticle),
    opening("tweet", R::Navigation, Line),
    opening("print", R::Navigation, Line),
    opening("email", R::Navigation, Line),
    opening("home", R::Navigation, Line),
    opening("menu", R::Navigation, Line),
    opening("search", R::Navigation, Line),
    opening("skip to", R::Navigation, Line),
    cue("back to top", R::Navigation, Line),
    cue("scroll to top", R::Navigation, Line),
    cue("toggle navigation", R::Navigation, Line),
    // Comments, polls and other widgets.
    cue("leave a reply", R::Widget, EndsArticle),
    cue("leave a comment", R::Widget, EndsArticle),
    cue("post a comment", R::Widget, EndsArticle),
    cue("add a comment", R::Widget, EndsArticle),
    cue("add comment", R::Widget, EndsArticle),
    cue("view comments", R::Widget, EndsArticle),
    cue("view all comments", R::Widget, EndsArticle),
    cue("show comments", R::Widget, EndsArticle),
    cue("load comments", R::Widget, EndsArticle),
    cue("join the conversation", R::Widget, EndsArticle),
    cue("join the discussion", R::Widget, EndsArticle),
    cue("be the first to comment", R::Widget, EndsArticle),
    cue("comments are closed", R::Widget, EndsArticle),
    opening("comments", R::Widget, EndsArticle),
    opening("comment", R::Widget, EndsArticle),
    cue("notify of", R::Widget, EndsArticle),
    cue("inline feedbacks", R::Widget, EndsArticle),
    cue("your email address will not be published", R::Widget, EndsArticle),
    cue("required fields are marked", R::Widget, EndsArticle),
    cue("view results", R::Widget, Line),
    cue("cast your vote", R::Widget, Line),
    cue("loading", R::Widget, Line),
    opening("advertisement", R::Widget, Line),
    opening("advertising", R::Widget, Line),
    opening("sponsored", R::Widget, Line),
    opening("ad", R::Widget, Line),
    cue("skip ad", R::Widget, Line),
    cue("we use cookies", R::Legal, Line),
    cue("accept cookies", R::Legal, Line),
    cue("cookie policy", R::Legal, Line),
    // Follow, subscribe, sign up.
    cue("follow us", R::CallToAction, Line),
    cue("like us on", R::CallToAction, Line),
    cue("find us on", R::CallToAction, Line),
    cue("sign up", R::CallToAction, Line),
    cue("signup", R::CallToAction, Line),
    cue("subscribe", R::CallToAction, Line),
    cue("newsletter", R::CallToAction, Line),
    cue("stay in touch", R::CallToAction, EndsArticle),
    cue("stay connected", R::CallToAction, EndsArticle),
    cue("stay updated", R::CallToAction, Line),
    cue("to be updated", R::CallToAction, Line),
    cue("get the app", R::CallToAction, Line),
    cue("download our app", R::CallToAction, Line),
    cue("download the app", R::CallToAction, Line),
    cue("turn on notifications", R::CallToAction, Line),
    cue("click here", R::CallToAction, Line),
    cue("tap here", R::CallToAction, Line),
    cue("join our", R::CallToAction, Line),
    cue("join us", R::CallToAction, Line),
    cue("support our journalism", R::CallToAction, Line),
    cue("become a member", R::CallToAction, Line),
    cue("already a subscriber", R::CallToAction, Line),
    cue("log in", R::CallToAction, Line),
    cue("sign in", R::CallToAction, Line),
    cue("create an account", R::CallToAction, Line),
    cue("create a free account", R::CallToAction, Line),
    // Bylines, dates and categories.
    opening("posted in", R::Byline, EndsArticle),
    opening("filed under", R::TagList, EndsArticle),
    opening("posted by", R::Byline, Line),
    opening("posted on", R::Byline, Line),
    opening("published on", R::Byline, Line),
    opening("published", R::Byline, Line),
    opening("updated", R::Byline, Line),
    opening("last updated", R::Byline, Line),
    opening("written by", R::Byline, Line),
    opening("reporting by", R::Byline, Line),
    opening("edited by", R::Byline, Line),
    opening("by", R::Byline, Line),
    opening("tags", R::TagList, EndsArticle),
    opening("tagged", R::TagList, EndsArticle),
    opening("topics", R::TagList, EndsArticle),
    opening("categories", R::TagList, EndsArticle),
    opening("category", R::TagList, EndsArticle),
    // Author boxes.
    cue("about the author", R::AuthorBio, EndsArticle),
    cue("about author", R::AuthorBio, EndsArticle),
    cue("author bio", R::AuthorBio, EndsArticle),
    cue("view all posts", R::AuthorBio, EndsArticle),
    cue("more articles by", R::AuthorBio, EndsArticle),
    cue("posts by", R::AuthorBio, EndsArticle),
    cue("+ posts", R::AuthorBio, EndsArticle),
    // Credits and sources.
    opening("credit", R::Credit, Line),
    opening("credits", R::Credit, Line),
    opening("photo", R::Credit, Line),
    opening("image", R::Credit, Line),
    opening("picture", R::Credit, Line),
    opening("source", R::Credit, Line),
    opening("via", R::Credit, Line),
    cue("image source", R::Credit, Line),
    cue("photo credit", R::Credit, Line),
    cue("getty images", R::Credit, Line),
    cue("ap photo", R::Credit, Line),
    cue("file photo", R::Credit, Line),
    cue("cc by", R::Credit, Line),
    cue("cc-by", R::Credit, Line),
    cue("creative commons", R::Credit, Line),
    cue("original story", R::Credit, Line),
    cue("original article", R::Credit, Line),
    cue("originally published", R::Credit, Line),
    cue("originally appeared", R::Credit, Line),
    cue("republished from", R::Credit, Line),
    // Legal.
    cue("all rights reserved", R::Legal, EndsArticle),
    opening("copyright", R::Legal, EndsArticle),
    opening("©", R::Legal, EndsArticle),
    cue("privacy policy", R::Legal, Line),
    cue("terms of use", R::Legal, Line),
    cue("terms of service", R::Legal, Line),
    cue("terms and conditions", R::Legal, Line),
];

/// Cues apply to lines of at most this many words.
pub(crate) const MAX_CUE_WORDS: usize = 16;

/// Words that name sharing targets; a short line made of several of them is a share bar.
const SHARE_TARGETS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "telegram",
    "linkedin",
    "email",
    "e-mail",
    "print",
    "reddit",
    "pinterest",
    "tumblr",
    "messenger",
    "copy",
    "link",
    "share",
    "tweet",
    "flipboard",
    "threads",
    "bluesky",
    "mastodon",
    "sms",
    "pocket",
    "mail",
];

/// Words that make a `|`-separated line a menu.
const MENU_WORDS: &[&str] = &[
    "home",
    "website",
    "posts",
    "about",
    "contact",
    "news",
    "menu",
    "login",
    "log",
    "register",
    "subscribe",
    "search",
    "privacy",
    "terms",
    "sitemap",
    "advertise",
    "careers",
    "archive",
];

/// The furniture verdict for a line, if its wording or form gives one.
pub(crate) fn furniture(line: &str, shape: &Shape) -> Option<(RemovalReason, Reach)> {
    let lower = line.to_lowercase();
    if let Some(verdict) = by_form(line, &lower, shape) {
        return Some(verdict);
    }
    if shape.words <= MAX_CUE_WORDS {
        let normalized =
            lower.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©' && c != '+');
        for cue in CUES {
            let hit = if cue.at_start {
                starts_with_word(normalized, cue.phrase)
            } else {
                contains_word(&lower, cue.phrase) || glued_at_start(line, cue.phrase)
            };
            if hit && !(cue.at_start && looks_like_sentence_opening(cue.phrase, shape)) {
                return Some((cue.reason, cue.reach));
            }
        }
    }
    None
}

/// A line that opens with a cue word but is a real sentence ("Share prices fell sharply after the
/// announcement on Monday.", "By the end of the week the talks had stalled.").
fn looks_like_sentence_opening(phrase: &str, shape: &Shape) -> bool {
    let single_word = !phrase.contains(' ');
    single_word && shape.words >= 6 && shape.ends_sentence && shape.stopword_ratio >= 0.2
}

fn by_form(line: &str, lower: &str, shape: &Shape) -> Option<(RemovalReason, Reach)> {
    // The forms below are short lines; the first 200 words tell them apart from prose, and a
    // line of a million words costs no word table.
    let tokens: Vec<&str> = lower.split_whitespace().take(200).collect();
    // Icon class names (mdi-share-variant, fa-twitter, icon-mail): a share or tool bar.
    let icons = tokens.iter().filter(|token| is_icon_class(token)).count();
    if icons >= 2 || (icons >= 1 && tokens.len() <= 3) {
        return Some((RemovalReason::Navigation, Reach::EndsArticle));
    }
    // A short line made of share targets.
    if (2..=12).contains(&tokens.len()) {
        let targets = tokens
            .iter()
            .filter(|token| {
                SHARE_TARGETS.contains(&token.trim_matches(|c: char| !c.is_alphanumeric()))
            })
            .count();
        if targets * 2 > tokens.len() {
            return Some((RemovalReason::Navigation, Reach::EndsArticle));
        }
    }
    // "Home | News | World", "Website | + posts".
    if line.contains('|') && shape.words <= 12 {
        let segments: Vec<&str> = lower.split('|').map(str::trim).collect();
        let short = segments.iter().all(|segment| segment.split_whitespace().count() <= 3);
        let menu = segments.iter().any(|segment| {
            segment.starts_with('+')
                || segment.split_whitespace().any(|word| MENU_WORDS.contains(&word))
        });
        if short && (menu || segments.len() >= 4) {
            return Some((RemovalReason::Navigation, Reach::Line));
        }
    }
    if is_counter(&tokens) {
        return Some((RemovalReason::Counter, Reach::Line));
    }
    if is_weather(lower) || is_date_only(&tokens) || is_clock(lower) {
        return Some((RemovalReason::Banner, Reach::Line));
    }
    // Mostly symbols, emoji or digits: "✔️", "• • •", "1 2 3 4 Next".
    if shape.letter_ratio < 0.4 && shape.words <= 6 && !shape.ends_sentence {
        return Some((RemovalReason::NotProse, Reach::Line));
    }
    None
}

fn is_icon_class(token: &str) -> bool {
    const PREFIXES: &[&str] =
        &["mdi-", "fa-", "fab-", "fas-", "icon-", "icons-", "bi-", "glyphicon-", "ion-", "ti-"];
    PREFIXES.iter().any(|prefix| token.starts_with(prefix) && token.len() > prefix.len())
}

/// "Views: 1021", "1,021 views", "12 comments", "5 min read", "Views:1021 2".
fn is_counter(tokens: &[&str]) -> bool {
    const COUNTED: &[&str] = &[
        "views", "view", "reads", "likes", "like", "shares", "comments", "comment", "replies",
        "read", "min", "mins", "minutes", "claps", "votes", "hits",
    ];
    if tokens.is_empty() || tokens.len() > 5 {
        return false;
    }
    let is_number = |token: &str| {
        let digits = token.trim_matches(|c: char| !c.is_ascii_digit());
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    };
    let mut has_number = false;
    let mut has_counted = false;
    for token in tokens {
        let (word, rest) = split_word_prefix(token);
        if COUNTED.contains(&word) {
            has_counted = true;
            if is_number(rest) {
                has_number = true;
            }
        } else if is_number(token) {
            has_number = true;
        } else if !token.chars().all(|c| !c.is_alphanumeric()) {
            return false;
        }
    }
    has_number && has_counted
}

/// Splits "views:1021" into ("views", ":1021").
fn split_word_prefix(token: &str) -> (&str, &str) {
    let end = token.find(|c: char| !c.is_alphabetic()).unwrap_or(token.len());
    (&token[..end], &token[end..])
}

/// "27.3 C", "-4°F", "18 °C".
fn is_weather(lower: &str) -> bool {
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(number_end) = compact.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
    else {
        return false;
    };
    if number_end == 0 || !compact[..number_end].chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    matches!(&compact[number_end..], "c" | "f" | "°c" | "°f" | "°" | "ºc" | "ºf")
}

/// A line that is only a date: "Friday, June 21, 2024", "21.06.2024", "June 21 2024".
fn is_date_only(tokens: &[&str]) -> bool {
    const WEEKDAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
    ];
    if tokens.is_empty() || tokens.len() > 6 {
        return false;
    }
    let mut has_digit = false;
    for token in tokens {
        let word = token.trim_matches(|c: char| matches!(c, ',' | '.' | '/' | '-' | '|'));
        if word.is_empty() {
            continue;
        }
        if word.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '/' | '-')) {
            has_digit |= word.chars().any(|c| c.is_ascii_digit());
            continue;
        }
        let ordinal = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !ordinal.is_empty() && ordinal.chars().all(|c| c.is_ascii_digit()) {
            has_digit = true;
            continue;
        }
        if !WEEKDAYS.contains(&word) && super::date::month(word).is_none() {
            return false;
        }
    }
    has_digit
}

/// "10:42 AM", "10:42 am EST".
fn is_clock(lower: &str) -> bool {
    // At most four words are looked at: a longer line is no clock, whatever its length.
    let tokens: Vec<&str> = lower.split_whitespace().take(4).collect();
    if tokens.is_empty() || tokens.len() > 3 {
        return false;
    }
    let first = tokens[0];
    let time_like = first.contains(':') && first.chars().all(|c| c.is_ascii_digit() || c == ':');
    time_like
        && tokens[1..].iter().all(|token| {
            matches!(
                *token,
                "am" | "pm"
                    | "a.m."
                    | "p.m."
                    | "et"
                    | "est"
                    | "edt"
                    | "gmt"
                    | "utc"
                    | "bst"
                    | "cet"
            )
        })
}

/// A line that opens with the phrase glued to a capitalised next word by a template
/// ("Previous articleLas Vegas braces for…").
fn glued_at_start(line: &str, phrase: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.len() > phrase.len()
        && trimmed.is_char_boundary(phrase.len())
        && trimmed[..phrase.len()].eq_ignore_ascii_case(phrase)
        && trimmed[phrase.len()..].chars().next().is_some_and(char::is_uppercase)
}

fn starts_with_word(text: &str, phrase: &str) -> bool {
    text.starts_with(phrase)
        && text[phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

fn contains_word(text: &str, phrase: &str) -> bool {
    let mut from = 0;
    while let Some(offset) = text[from..].find(phrase) {
        let start = from + offset;
        let end = start + phrase.len();
        let before_ok = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        // Link texts glued together by a template ("Previous articleLas Vegas…") still count.
        let after_ok = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        from = start + phrase.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn verdict(line: &str) -> Option<&'static str> {
        furniture(line, &Shape::of(line)).map(|(reason, _)| reason.as_str())
    }

    #[test]
    fn furniture_lines() {
        assert_eq!(verdict("Follow us on Google News! ✔️"), Some("call-to-action"));
        assert_eq!(verdict("Views:1021 2"), Some("counter"));
        assert_eq!(verdict("Website | + posts"), Some("navigation"));
        assert_eq!(verdict("27.3 C"), Some("banner"));
        assert_eq!(verdict("Friday, June 21, 2024"), Some("banner"));
        assert_eq!(verdict("Posted in: Andy Oxide, MPN, News, Updates"), Some("byline"));
        assert_eq!(verdict("Share mdi-share-variant mdi-twitter mdi-facebook"), Some("navigation"));
        assert_eq!(verdict("Facebook Twitter WhatsApp Email"), Some("navigation"));
        assert_eq!(verdict("Leave a Reply"), Some("widget"));
        assert_eq!(verdict("3 min read"), Some("counter"));
        assert_eq!(verdict("10:42 AM EST"), Some("banner"));
        assert_eq!(verdict("Home | World | Politics | Business"), Some("navigation"));
        assert_eq!(
            verdict("Previous articleLas Vegas Braces for Record-Breaking Tourism"),
            Some("related-links")
        );
    }

    #[test]
    fn article_lines_are_not_furniture() {
        assert_eq!(verdict("Share prices fell sharply after the announcement on Monday."), None);
        assert_eq!(verdict("By the end of the week the talks had stalled."), None);
        assert_eq!(verdict("Possible Meeting Venue"), None);
        assert_eq!(
            verdict("Kim’s train travels at a mere 37 mph (59 km/h) due to its excessive weight."),
            None
        );
        assert_eq!(
            verdict(
                "Pyongyang may be willing to provide these, as well as bullets and older missile types."
            ),
            None
        );
    }
}
