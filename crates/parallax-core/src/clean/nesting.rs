//! Tree limits: here is a page, give me one no deeper and no bigger than a browser would
//! comfortably build.
//!
//! HTML parsers and the selector and readability passes after them walk the tree recursively
//! and match selectors against every ancestor, so a page of 100,000 nested `<div>`s overflows
//! the stack and 10,000 of them take seconds per level; one tag with 200,000 attributes takes
//! the parser half a minute (it checks each new attribute against the others); and each element
//! costs a few hundred bytes of tree. Browsers bound the depth (Blink's parser stops nesting at
//! 512 and attaches deeper elements as siblings). Before parsing, [`limit_tree`] drops the
//! start and end tags of elements deeper than [`MAX_DEPTH`] and of those beyond the first
//! [`MAX_ELEMENTS`], and the attributes of a tag that has more than [`MAX_ATTRIBUTES`], keeping
//! all the text: the tree is never deeper or larger than that and the text a reader would see is
//! all there.
//!
//! The scan is one pass over the bytes with a stack of open elements: comments, doctypes and
//! the contents of raw-text elements (`script`, `style`, …) are skipped; void elements and
//! self-closed tags do not nest; an end tag closes the nearest open element of its name among
//! the last [`MATCH_WINDOW`] (html5ever ignores end tags that close nothing, and so does the
//! scan); elements that close themselves implicitly (`p`, `li`, `td`, …) close the previous one
//! of their name. It is a bound, not a parser: a page within the limits comes back unchanged
//! (borrowed), which is every page of the benchmarks.

use std::borrow::Cow;

/// The deepest element kept as an element. Real pages stay far below (the deepest of the
/// extraction benchmarks' pages nests under 100); deeper tags are dropped, their content kept.
pub const MAX_DEPTH: usize = 256;

/// The most nodes (elements and runs of text between tags) a page's tree may have: the tags of
/// later elements are dropped, their text kept (merged with the text around it). Large real
/// pages have a few thousand elements (the most among the benchmarks' 2,536 pages: 15,793).
pub const MAX_ELEMENTS: usize = 100_000;

/// A page keeps at most one node per this many of its bytes (beyond the first
/// [`ELEMENT_ALLOWANCE`]): each node costs some 400–600 bytes of tree, its copy for the
/// readability retry and scoring, so a page of bare tags (`<b><p>x</b>y</p>` repeated) would
/// otherwise need 30 times its size in memory; with the budget it needs under 20. No page of the
/// benchmarks comes near it: at one node per 48 bytes none would lose a tag, at 64 one would.
pub(crate) const MIN_BYTES_PER_ELEMENT: usize = 40;

/// Nodes any page may have, whatever its size.
pub(crate) const ELEMENT_ALLOWANCE: usize = 8_000;

/// The element budget of a page of `bytes` bytes.
fn element_budget(bytes: usize) -> usize {
    MAX_ELEMENTS.min(ELEMENT_ALLOWANCE + bytes / MIN_BYTES_PER_ELEMENT)
}

/// A tag with more attributes than this loses them all (the element and its content stay).
pub const MAX_ATTRIBUTES: usize = 1_000;

/// How far down the stack of open elements an end tag looks for its element.
const MATCH_WINDOW: usize = 64;

/// What [`limit_tree`] had to change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TreeLimits {
    /// Tags of elements deeper than [`MAX_DEPTH`] were dropped.
    pub too_deep: bool,
    /// Tags beyond the page's element budget were dropped.
    pub too_many_elements: bool,
    /// A tag's attributes were dropped (more than [`MAX_ATTRIBUTES`]).
    pub too_many_attributes: bool,
}

impl TreeLimits {
    /// Whether anything was changed.
    pub fn any(self) -> bool {
        self.too_deep || self.too_many_elements || self.too_many_attributes
    }

    /// What was changed, for a diagnostic.
    pub fn describe(self) -> String {
        let mut parts = Vec::new();
        if self.too_deep {
            parts.push(format!("nests elements deeper than {MAX_DEPTH} levels"));
        }
        if self.too_many_elements {
            parts.push("has more elements than its size allows".to_owned());
        }
        if self.too_many_attributes {
            parts.push(format!("has a tag with more than {MAX_ATTRIBUTES} attributes"));
        }
        format!("the page {}; those tags were ignored (their text kept)", parts.join(" and "))
    }
}

/// `html` within the limits ([`MAX_DEPTH`], [`MAX_ELEMENTS`], [`MAX_ATTRIBUTES`]): `html`
/// itself when it already is, else a copy without the tags (or attributes) beyond them.
pub fn limit_tree(html: &str) -> (Cow<'_, str>, TreeLimits) {
    let (cuts, limits) = scan(html, MAX_DEPTH, element_budget(html.len()));
    if cuts.is_empty() {
        return (Cow::Borrowed(html), limits);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in cuts {
        out.push_str(&html[at..start]);
        at = end;
    }
    out.push_str(&html[at..]);
    (Cow::Owned(out), limits)
}

/// [`limit_tree`] without the report.
pub fn limit_nesting(html: &str) -> Cow<'_, str> {
    limit_tree(html).0
}

/// An open element on the scan's stack.
struct Open {
    name: [u8; 16],
    len: u8,
    dropped: bool,
}

impl Open {
    fn name(&self) -> &[u8] {
        &self.name[..usize::from(self.len)]
    }
}

/// The byte ranges to cut (tags of elements deeper than `max_depth` or beyond the first
/// `max_nodes` nodes, elements and runs of text, attribute lists of tags with too many attributes), in order. Every range
/// starts at `<` or after a tag name and ends at or after `>`, so cutting them keeps the text
/// valid UTF-8.
fn scan(html: &str, max_depth: usize, max_nodes: usize) -> (Vec<(usize, usize)>, TreeLimits) {
    let bytes = html.as_bytes();
    let mut cuts = Vec::new();
    let mut limits = TreeLimits::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut depth = 0usize;
    let mut nodes = 0usize;
    let mut at = 0usize;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        // The text since the last tag is a node of the tree, unless a dropped tag before it
        // merged it with the text before.
        if bytes[at..start].iter().any(|b| !b.is_ascii_whitespace()) {
            nodes += 1;
        }
        let rest = &bytes[start + 1..];
        if rest.starts_with(b"!--") {
            at = find(bytes, start + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            at = find(bytes, start + 1, b">").map_or(bytes.len(), |end| end + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            // Not a tag ("a < b", "</ >"): text.
            at = start + 1;
            continue;
        }
        let name_end = name_start + name_len;
        let Some((end, attributes)) = tag_end(bytes, name_end) else { break };
        let mut name = [0u8; 16];
        let len = name_len.min(16);
        for (slot, byte) in name.iter_mut().zip(&bytes[name_start..name_start + len]) {
            *slot = byte.to_ascii_lowercase();
        }
        let open = Open { name, len: len as u8, dropped: false };
        at = end;
        if closing {
            let window = stack.len().saturating_sub(MATCH_WINDOW);
            if let Some(found) = stack[window..].iter().rposition(|o| o.name() == open.name()) {
                let found = window + found;
                if stack[found].dropped {
                    cuts.push((start, end));
                }
                // Elements closed out of order: the parser's adoption agency copies formatting
                // elements across them ("<b><p>x</b>y" puts a second `b` in the `p`).
                nodes += stack.len() - found - 1;
                depth = depth.saturating_sub(stack.len() - found);
                stack.truncate(found);
            } else if matches!(open.name(), b"p" | b"br") {
                // A stray `</p>` or `</br>` makes an element of its own.
                nodes += 1;
                if nodes > max_nodes {
                    limits.too_many_elements = true;
                    cuts.push((start, end));
                }
            }
            continue;
        }
        let name = open.name();
        let self_closed = bytes[..end].ends_with(b"/>");
        let void = VOID.contains(&name) || self_closed;
        if !void
            && SELF_CLOSING_SIBLINGS.contains(&name)
            && stack.last().is_some_and(|top| top.name() == name)
        {
            stack.pop();
            depth = depth.saturating_sub(1);
        }
        nodes += 1;
        let over_budget = nodes > max_nodes;
        limits.too_many_elements |= over_budget;
        let too_deep = !void && depth + 1 > max_depth;
        limits.too_deep |= too_deep;
        let dropped = over_budget || too_deep;
        if let Some(raw) = RAW_TEXT.iter().find(|raw| **raw == name) {
            // Skip to the end tag; the element itself does not nest anything. One that is
            // dropped goes whole: its content (a script, a style sheet) is no text either.
            at = raw_text_end(bytes, end, raw);
            if dropped {
                cuts.push((start, at));
                continue;
            }
        }
        if dropped {
            cuts.push((start, end));
        } else if attributes > MAX_ATTRIBUTES {
            // Keep `<name>`: cut from after the name to the closing `>`.
            limits.too_many_attributes = true;
            cuts.push((name_end, end - 1));
        }
        if RAW_TEXT.contains(&name) {
            continue;
        }
        if void {
            continue;
        }
        depth += 1;
        stack.push(Open { dropped, ..open });
    }
    (cuts, limits)
}

/// The byte after the `>` that ends a tag whose name ends at `from`, and how many attributes
/// it has, read as the HTML tokenizer reads them (a quote opens a value only right after `=`);
/// `None` when the tag never ends.
fn tag_end(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut attributes = 0;
    let mut at = from;
    loop {
        // Between attributes.
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        match bytes.get(at)? {
            b'>' => return Some((at + 1, attributes)),
            _ => attributes += 1,
        }
        // The name (a first `=` belongs to it).
        at += 1;
        while at < bytes.len()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
            && !bytes[at].is_ascii_whitespace()
        {
            at += 1;
        }
        let mut after = at;
        while after < bytes.len() && bytes[after].is_ascii_whitespace() {
            after += 1;
        }
        if bytes.get(after) != Some(&b'=') {
            continue;
        }
        at = after + 1;
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        match bytes.get(at)? {
            &quote @ (b'"' | b'\'') => {
                let close = memchr::memchr(quote, &bytes[at + 1..])?;
                at += close + 2;
            }
            _ => {
                while at < bytes.len() && bytes[at] != b'>' && !bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
            }
        }
    }
}

/// Where the content of a raw-text element (`script`, `style`, …) that starts at `from` ends:
/// after its end tag, or the end of the page.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(found) = find(bytes, at, b"</") {
        let after = found + 2;
        let candidate = bytes.get(after..after + name.len());
        if candidate.is_some_and(|candidate| candidate.eq_ignore_ascii_case(name)) {
            return find(bytes, after, b">").map_or(bytes.len(), |end| end + 1);
        }
        at = after;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= bytes.len() {
        return None;
    }
    memchr::memmem::find(&bytes[from..], needle).map(|at| from + at)
}

/// Elements that never have content.
const VOID: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"param",
    b"source",
    b"track",
    b"wbr",
    b"keygen",
    b"basefont",
    b"bgsound",
    b"frame",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&[u8]] = &[
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"plaintext",
];

/// Elements that an element of the same name closes ("<p>one<p>two", "<li>a<li>b").
const SELF_CLOSING_SIBLINGS: &[&[u8]] =
    &[b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td", b"th", b"rt", b"rp", b"optgroup"];

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!(
            "<html><body>{}<p>A storm hit Maine.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    }

    #[test]
    fn a_page_within_the_limit_is_unchanged() {
        let page = nested(100);
        assert!(matches!(limit_nesting(&page), Cow::Borrowed(_)));
        let page =
            "<p>a<p>b<ul><li>x<li>y</ul><script>if (a < b) { '<div>' }</script><!-- <div> -->";
        assert!(matches!(limit_nesting(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_tags_are_dropped_and_the_text_kept() {
        let page = nested(2_000);
        let (limited, limits) = limit_tree(&page);
        assert!(limits.too_deep && !limits.too_many_elements);
        assert!(limited.contains("A storm hit Maine."));
        let opened = limited.matches("<div>").count();
        let closed = limited.matches("</div>").count();
        // <html> and <body> count as two levels.
        assert_eq!(opened, MAX_DEPTH - 2);
        assert_eq!(closed, MAX_DEPTH - 2);
    }

    #[test]
    fn elements_beyond_the_budget_and_attribute_soups_are_cut() {
        let page = "<div>x</div>".repeat(MAX_ELEMENTS);
        let (limited, limits) = limit_tree(&page);
        assert!(limits.too_many_elements && !limits.too_deep);
        // Each kept `<div>x</div>` is two nodes (the element and its text).
        let budget = element_budget(page.len());
        let kept = limited.matches("<div>").count();
        assert_eq!(limited.matches("</div>").count(), kept);
        assert!((budget / 2..=budget / 2 + 1).contains(&kept), "{kept} of {budget}");
        assert_eq!(limited.matches('x').count(), MAX_ELEMENTS);
        let page = "<div>Some text of a paragraph, as on a real page.</div>".repeat(10_000);
        assert!(!limit_tree(&page).1.any());
        let attributes: Vec<String> = (0..2_000).map(|i| format!("a{i}=\"v>\"")).collect();
        let page = format!("<p {}>text</p><p class=a>more</p>", attributes.join(" "));
        let (limited, limits) = limit_tree(&page);
        assert!(limits.too_many_attributes);
        assert_eq!(limited, "<p>text</p><p class=a>more</p>");
    }

    #[test]
    fn unclosed_and_stray_tags_are_bounded_too() {
        let page = format!("{}text{}", "<b><i>".repeat(5_000), "</span>".repeat(5_000));
        let limited = limit_nesting(&page);
        assert!(limited.contains("text"));
        assert!(limited.matches("<b>").count() + limited.matches("<i>").count() <= MAX_DEPTH);
        // Cuts never split a character.
        let page = format!("{}é<div title='>é'>ü", "<div>".repeat(300));
        let limited = limit_nesting(&page);
        assert!(limited.ends_with("éü"));
    }
}
