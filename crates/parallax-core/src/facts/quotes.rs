//! Attributions: who (source) said (cue) what (content). Filled in by the quotes work.

use crate::model::Span;

/// One attribution relation found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// The speaker as written ("John Kirby", "a White House spokesman", "he"), if any.
    pub source: Option<Span>,
    /// The cue ("said", "according to", "warned").
    pub cue: Option<Span>,
    /// The content: what was said or reported; several spans when the cue interrupts it.
    pub content: Vec<Span>,
    /// Whether the content is a direct (quoted) quote.
    pub direct: bool,
}

/// Finds the attributions of `text`; `sentences` are its sentence spans.
pub fn attributions(text: &str, sentences: &[Span]) -> Vec<Attribution> {
    let _ = (text, sentences);
    Vec::new()
}
