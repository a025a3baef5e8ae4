//! Word lists: cue verbs (by lemma, with inflections), auxiliaries, boundaries.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Cue verb lemmas: speech acts, writing, beliefs and findings.
const CUE_LEMMAS: &[&str] = &[
    // speech
    "say",
    "continue",
    "tell",
    "add",
    "ask",
    "note",
    "report",
    "announce",
    "suggest",
    "argue",
    "describe",
    "declare",
    "explain",
    "acknowledge",
    "claim",
    "state",
    "warn",
    "promise",
    "insist",
    "reply",
    "respond",
    "reveal",
    "predict",
    "indicate",
    "deny",
    "admit",
    "stress",
    "mention",
    "confirm",
    "assure",
    "emphasize",
    "emphasise",
    "recall",
    "concede",
    "contend",
    "maintain",
    "assert",
    "affirm",
    "express",
    "disclose",
    "urge",
    "vow",
    "pledge",
    "allege",
    "joke",
    "complain",
    "testify",
    "observe",
    "comment",
    "remark",
    "boast",
    "brag",
    "lament",
    "conclude",
    "reiterate",
    "inform",
    "quip",
    "muse",
    "caution",
    "recount",
    "hint",
    "imply",
    "exclaim",
    "proclaim",
    "retort",
    "counter",
    "answer",
    "announce",
    "tout",
    "speculate",
    "estimate",
    "acknowledge",
    "concur",
    "guarantee",
    "swear",
    "threaten",
    "demand",
    "propose",
    "repeat",
    "explain",
    "advise",
    "point",
    "charge",
    "accuse",
    "criticize",
    "criticise",
    "question",
    "dismiss",
    "insist",
    "underscore",
    "clarify",
    "shout",
    "yell",
    "whisper",
    "announce",
    "signal",
    "forecast",
    // writing and posting
    "write",
    "tweet",
    "post",
    "email",
    "text",
    "publish",
    "blog",
    // beliefs and attitudes
    "believe",
    "think",
    "expect",
    "hope",
    "fear",
    "worry",
    "doubt",
    "suspect",
    "assume",
    "feel",
    "want",
    "wish",
    "reckon",
    "figure",
    "agree",
    "disagree",
    "know",
    "realize",
    "realise",
    "recognize",
    "recognise",
    "understand",
    "consider",
    "contemplate",
    // stances and acts of speech about someone
    "call",
    "endorse",
    "support",
    "oppose",
    "praise",
    "defend",
    "blame",
    "reject",
    "cite",
    "decline",
    "refuse",
    "intend",
    "refer",
    "label",
    "dub",
    "slam",
    "blast",
    "applaud",
    "welcome",
    "condemn",
    "denounce",
    "decry",
    "mock",
    "ridicule",
    "prefer",
    "love",
    "hate",
    "read",
    "describe",
    // seen as cues in PolNeAR train at least half the time they occur, and not in the lists above
    "offer",
    "seek",
    "attack",
    "discuss",
    "talk",
    "order",
    "echo",
    "remind",
    "voice",
    "portray",
    "challenge",
    "deem",
    "request",
    // findings
    "show",
    "find",
    "conclude",
    "determine",
    "discover",
    "learn",
];

/// Irregular inflections: (form, lemma).
const IRREGULAR: &[(&str, &str)] = &[
    ("said", "say"),
    ("says", "say"),
    ("told", "tell"),
    ("wrote", "write"),
    ("written", "write"),
    ("writing", "write"),
    ("thought", "think"),
    ("knew", "know"),
    ("known", "know"),
    ("felt", "feel"),
    ("found", "find"),
    ("shown", "show"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("learnt", "learn"),
    ("understood", "understand"),
    ("sought", "seek"),
];

/// The lemma of `word` (lower case) if it is an inflection of a cue verb.
pub(super) fn cue_lemma(word: &str) -> Option<&'static str> {
    // Every word of every sentence is looked up (by the rules, the cue detector and the tagger),
    // so the lists become hash tables once.
    static TABLES: OnceLock<(HashMap<&str, &str>, HashSet<&str>)> = OnceLock::new();
    let (irregular, lemmas) = TABLES.get_or_init(|| {
        // The first entry of a repeated form wins, as a linear search over the lists would.
        let mut irregular = HashMap::new();
        for &(form, lemma) in IRREGULAR {
            irregular.entry(form).or_insert(lemma);
        }
        (irregular, CUE_LEMMAS.iter().copied().collect())
    });
    if let Some(&lemma) = irregular.get(word) {
        return Some(lemma);
    }
    let known = |candidate: &str| lemmas.get(candidate).copied();
    if let Some(lemma) = known(word) {
        return Some(lemma);
    }
    if !word.is_ascii() {
        return None;
    }
    // Candidate stems in a fixed order; the first known one is the lemma.
    let mut buffer = String::with_capacity(word.len() + 1);
    let mut known_with = |stem: &str, tail: &str| {
        buffer.clear();
        buffer.push_str(stem);
        buffer.push_str(tail);
        known(&buffer)
    };
    for suffix in ["s", "es", "ed", "d", "ing"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() < 2 {
                continue;
            }
            if let Some(lemma) = known(stem) {
                return Some(lemma);
            }
            if suffix == "ing"
                && let Some(lemma) = known_with(stem, "e")
            {
                return Some(lemma);
            }
            // Doubled consonant: admitted -> admit.
            let bytes = stem.as_bytes();
            if bytes.len() >= 3
                && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
                && let Some(lemma) = known(&stem[..stem.len() - 1])
            {
                return Some(lemma);
            }
        }
    }
    for suffix in ["ied", "ies"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && let Some(lemma) = known_with(stem, "y")
        {
            return Some(lemma);
        }
    }
    None
}

/// Whether `word` (lower case) is a form that cannot be a finite cue on its own (a bare
/// participle used as an adjective is fine): excludes nouns that look like cue forms.
pub(super) fn is_blocked_form(word: &str) -> bool {
    matches!(
        word,
        "support"
            | "call"
            | "find"
            | "respond"
            | "felt"
            | "reporting"
            | "read"
            | "attacks"
            | "plans"
            | "knew"
            | "text"
            | "texts"
            | "figure"
            | "figures"
            | "point"
            | "points"
            | "post"
            | "posts"
            | "state"
            | "states"
            | "estimate"
            | "estimates"
            | "forecast"
            | "forecasts"
            | "signal"
            | "signals"
            | "learning"
            | "finding"
            | "findings"
            | "writing"
            | "writings"
            | "thinking"
            | "feeling"
            | "feelings"
            | "understanding"
            | "counter"
            | "blog"
            | "blogs"
            | "email"
            | "emails"
            | "comment"
            | "comments"
            | "remark"
            | "remarks"
            | "answer"
            | "answers"
            | "question"
            | "questions"
            | "charge"
            | "demand"
            | "doubt"
            | "wish"
            | "promise"
            | "fear"
            | "hope"
            | "tweet"
            | "report"
            | "known"
            | "considering"
            | "texting"
            | "posting"
            | "blogging"
            | "offer"
            | "offers"
            | "attack"
            | "talk"
            | "talks"
            | "order"
            | "orders"
            | "echo"
            | "voice"
            | "voices"
            | "request"
            | "requests"
            | "challenge"
            | "challenges"
    )
}

/// Words between a subject and its cue that belong to the verb group ("has also said").
pub(super) fn is_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "have"
            | "had"
            | "is"
            | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "being"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "not"
            | "never"
            | "also"
            | "later"
            | "then"
            | "previously"
            | "again"
            | "once"
            | "still"
            | "already"
            | "often"
            | "always"
            | "even"
            | "just"
            | "further"
            | "now"
            | "first"
            | "since"
            | "ever"
            | "reportedly"
            | "n't"
            | "’ve"
            | "'ve"
            | "’d"
            | "'d"
            | "’s"
            | "'s"
            | "too"
            | "long"
    ) || word.ends_with("n't")
        || word.ends_with("n’t")
        || (word.len() > 4
            && word.ends_with("ly")
            && !matches!(word, "family" | "italy" | "ally" | "reply"))
}

/// Words that open a clause: the subject of a cue starts after them.
pub(super) fn is_clause_boundary(word: &str) -> bool {
    matches!(
        word,
        "that"
            | "and"
            | "but"
            | "or"
            | "because"
            | "while"
            | "when"
            | "as"
            | "if"
            | "although"
            | "though"
            | "since"
            | "after"
            | "before"
            | "so"
            | "where"
            | "whether"
            | "than"
            | "until"
            | "unless"
            | "whereas"
            | "yet"
            | "nor"
            | "what"
            | "how"
            | "why"
            | "once"
            | "for"
            | "said"
            | "says"
            | "told"
            | "says,"
            | "like"
    )
}

/// Words that start a relative clause ("Smith, who …, said").
pub(super) fn is_relative(word: &str) -> bool {
    matches!(word, "who" | "which" | "whose" | "whom")
}

/// Personal pronouns that can be sources.
pub(super) fn is_subject_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "they" | "we" | "i" | "you" | "it" | "who")
}

/// Determiners and possessives that open a descriptive noun phrase ("a spokesman").
pub(super) fn is_determiner(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "that"
            | "one"
            | "another"
            | "some"
            | "several"
            | "many"
            | "most"
            | "both"
            | "two"
            | "three"
            | "former"
            | "then"
    )
}

/// Prepositions that can follow an end-position cue ("…, she said in a statement.").
pub(super) fn is_trailing_preposition(word: &str) -> bool {
    matches!(
        word,
        "in" | "on"
            | "at"
            | "during"
            | "after"
            | "before"
            | "of"
            | "to"
            | "from"
            | "via"
            | "while"
            | "when"
            | "last"
            | "this"
            | "earlier"
            | "later"
            | "told"
            | "for"
            | "about"
            | "with"
            | "through"
            | "outside"
            | "as"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "yesterday"
            | "today"
            | "tonight"
    )
}

/// Whether a word (lower case) cannot end a subject noun phrase.
pub(super) fn cannot_end_subject(word: &str) -> bool {
    matches!(
        word,
        "to" | "of"
            | "the"
            | "a"
            | "an"
            | "in"
            | "on"
            | "at"
            | "with"
            | "by"
            | "from"
            | "not"
            | "is"
            | "was"
            | "are"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "and"
            | "or"
            | "but"
            | "there"
            | "here"
            | "let"
            | "let's"
            | "let’s"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "for"
            | "as"
            | "than"
            | "about"
            | "if"
            | "what"
            | "how"
            | "why"
            | "when"
            | "where"
    )
}

/// Nouns that name a statement and can carry an attribution of their own ("the White House's
/// announcement that …", "statements from the Pentagon, revealing …").
pub(super) fn is_statement_noun(word: &str) -> bool {
    matches!(
        word,
        "statement"
            | "statements"
            | "announcement"
            | "announcements"
            | "remarks"
            | "comments"
            | "claim"
            | "claims"
            | "warning"
            | "warnings"
            | "report"
            | "reports"
            | "assessment"
            | "assessments"
            | "testimony"
            | "briefing"
            | "declaration"
            | "declarations"
            | "disclosure"
            | "disclosures"
    )
}

/// Adjectives between a possessor and its statement noun ("the Kremlin's latest statement").
pub(super) fn is_statement_adjective(word: &str) -> bool {
    matches!(
        word,
        "latest"
            | "new"
            | "recent"
            | "earlier"
            | "official"
            | "joint"
            | "written"
            | "public"
            | "initial"
            | "previous"
            | "formal"
            | "first"
            | "final"
            | "separate"
            | "brief"
    )
}

/// Lower-case nouns that head an organisation-like speaker ("the defense ministry",
/// "Ryan's office", "the Trump campaign").
pub(crate) fn is_organisation_noun(word: &str) -> bool {
    matches!(
        word,
        "government"
            | "administration"
            | "ministry"
            | "department"
            | "agency"
            | "office"
            | "campaign"
            | "company"
            | "committee"
            | "council"
            | "commission"
            | "military"
            | "army"
            | "police"
            | "court"
            | "embassy"
            | "parliament"
            | "cabinet"
            | "regime"
            | "party"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "officials"
            | "authorities"
            | "prosecutors"
    )
}

/// Month names (lower case) that are no speakers ("March's report").
pub(super) fn is_month(word: &str) -> bool {
    matches!(
        word,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}
