//! What the brief says about a story: claims, contradictions, sources, provenance, coverage.
//! The nouns only; `crate::brief` builds them.

use serde::{Deserialize, Serialize};

use super::DocumentId;

/// What a statement says about the time of what it tells.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Modality {
    /// Neither expected nor reported as done.
    #[default]
    Stated,
    /// Expected, planned or possible ("is expected to", "could", "will").
    Expected,
    /// Reported as done ("traveled to", "met in").
    Happened,
}

impl Modality {
    /// `stated`, `expected` or `happened`.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Stated => "stated",
            Modality::Expected => "expected",
            Modality::Happened => "happened",
        }
    }
}

/// How well a claim stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimStatus {
    /// Stated by two or more independent sources, contradicted by none.
    Corroborated,
    /// Stated by one source only (maybe in several articles that copy it).
    SingleSource,
    /// Contradicted by another source.
    Contested,
}

impl ClaimStatus {
    /// `corroborated`, `single-source` or `contested`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Corroborated => "corroborated",
            ClaimStatus::SingleSource => "single-source",
            ClaimStatus::Contested => "contested",
        }
    }
}

/// One article's wording of a claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The article.
    pub article: DocumentId,
    /// Index of the sentence in the article's `sentences`.
    pub sentence: usize,
    /// The wording.
    pub text: String,
    /// Who the article says it comes from ("Adrienne Watson", "the White House").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Expected, happened or plainly stated.
    pub modality: Modality,
}

/// A statement made by one or more articles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    /// `c1`, `c2`…, best corroborated first.
    pub id: String,
    /// The canonical wording (the statement closest to the others).
    pub text: String,
    /// Corroborated, single-source or contested.
    pub status: ClaimStatus,
    /// Independent sources stating it.
    pub sources: usize,
    /// The articles stating it, in id order.
    pub articles: Vec<DocumentId>,
    /// Each article's wording.
    pub statements: Vec<Statement>,
}

/// What two or more sources disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContradictionKind {
    /// Who said it.
    Attribution,
    /// Where.
    Place,
    /// How many or how much.
    Number,
    /// When.
    Date,
    /// Whether (one states what the other negates).
    Negation,
}

impl ContradictionKind {
    /// `attribution`, `place`, `number`, `date` or `negation`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContradictionKind::Attribution => "attribution",
            ContradictionKind::Place => "place",
            ContradictionKind::Number => "number",
            ContradictionKind::Date => "date",
            ContradictionKind::Negation => "negation",
        }
    }
}

/// A statement on one side of a contradiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideStatement {
    /// The claim it belongs to.
    pub claim: String,
    /// The article.
    pub article: DocumentId,
    /// Index of the sentence in the article's `sentences`.
    #[serde(default)]
    pub sentence: usize,
    /// The wording.
    pub text: String,
    /// Expected, happened or plainly stated.
    pub modality: Modality,
}

/// One version of a disputed fact, with the statements that give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContradictionSide {
    /// The value this side gives ("Vladivostok", "Adrienne Watson", "20", "not").
    pub value: String,
    /// Expected if all its statements expect it, happened if one reports it done.
    pub modality: Modality,
    /// The articles on this side, in id order.
    pub articles: Vec<DocumentId>,
    /// The statements.
    pub statements: Vec<SideStatement>,
}

/// Sources that differ on a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    /// `x1`, `x2`….
    pub id: String,
    /// What differs.
    pub kind: ContradictionKind,
    /// The fact changed over time (expected one way, reported done another, in that order of
    /// publication where dates tell) rather than sources conflicting.
    pub change_over_time: bool,
    /// One line for people ("place: Vladivostok (expected) vs Vostochny Cosmodrome (happened)").
    pub summary: String,
    /// The versions, largest first.
    pub sides: Vec<ContradictionSide>,
}

/// Articles that count as one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// `s1`, `s2`…, in order of their first article's id.
    pub id: String,
    /// Its articles, in id order.
    pub articles: Vec<DocumentId>,
    /// Why they are one: `single article`, or the relations and shared outlet that join them.
    pub basis: String,
}

/// Where an article's content likely comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Origin {
    /// `article` (an earlier article of the story), `common-source` (it and another article
    /// rewrite one source, direction unknown) or `outlet` (an outlet it cites).
    pub kind: String,
    /// The article, for `article` and `common-source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<DocumentId>,
    /// The outlet, for `outlet`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The evidence: the relation and its direction basis, or how the outlet is cited.
    pub basis: String,
}

/// One article's place in the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The article.
    pub article: DocumentId,
    /// The source it belongs to.
    pub source: String,
    /// Its likely origins.
    pub origins: Vec<Origin>,
    /// Claims no other article states.
    pub unique_claims: Vec<String>,
    /// Corroborated claims it does not state.
    pub omitted_claims: Vec<String>,
}

/// A cell of the coverage table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cell {
    /// The article states the claim.
    States,
    /// The article states something the claim contradicts.
    Contradicts,
    /// The article does not say.
    Silent,
}

impl Cell {
    /// `states`, `contradicts` or `silent`.
    pub fn as_str(self) -> &'static str {
        match self {
            Cell::States => "states",
            Cell::Contradicts => "contradicts",
            Cell::Silent => "silent",
        }
    }
}

/// A row of the coverage table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    /// The claim.
    pub claim: String,
    /// One cell per article of [`Coverage::articles`].
    pub cells: Vec<Cell>,
}

/// Which article states which of the story's shared or disputed claims.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// The columns.
    pub articles: Vec<DocumentId>,
    /// Claims stated by two or more articles or caught in a contradiction, in claim order.
    pub rows: Vec<CoverageRow>,
}

/// A line of the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryLine {
    /// The claim.
    pub claim: String,
    /// Its canonical wording.
    pub text: String,
    /// Independent sources stating it.
    pub sources: usize,
}

/// The brief of a story. Empty for stories of one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// An extractive summary: the best-corroborated claims, in story order.
    pub summary: Vec<SummaryLine>,
    /// Every claim, best corroborated first.
    pub claims: Vec<Claim>,
    /// Where sources differ.
    pub contradictions: Vec<Contradiction>,
    /// The independent sources.
    pub sources: Vec<Source>,
    /// Per article: origin, unique and omitted claims.
    pub provenance: Vec<Provenance>,
    /// Claim × article.
    pub coverage: Coverage,
}

impl Brief {
    /// Whether there is nothing in it (a story of one article).
    pub fn is_empty(&self) -> bool {
        self.claims.is_empty()
    }
}
