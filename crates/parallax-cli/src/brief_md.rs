//! The story brief for people: Markdown (`--format md`) and a section of the text output.

use std::collections::HashMap;
use std::fmt::Write as _;

use parallax_core::brief::{Brief, Cell, ClaimStatus, Contradiction, Modality};
use parallax_core::facts::{EntityKind, StoryFacts};
use parallax_core::model::{Article, DocumentId, Story};

/// Quotes shown in the brief.
const QUOTES: usize = 12;
/// Timeline entries shown in the brief.
const TIMELINE: usize = 16;
/// People shown in the brief.
const PEOPLE: usize = 10;

/// An article's short name (its file name when it had a file of its own, else its id).
fn name(articles: &HashMap<&str, &Article>, id: &DocumentId) -> String {
    crate::report::short_name(articles.get(id.as_str()).copied(), id)
}

fn names(articles: &HashMap<&str, &Article>, ids: &[DocumentId]) -> String {
    ids.iter().map(|id| name(articles, id)).collect::<Vec<_>>().join(", ")
}

/// " (expected)" or " (happened)"; nothing for a plain statement.
fn modality(modality: Modality) -> String {
    match modality {
        Modality::Stated => String::new(),
        other => format!(" ({})", other.as_str()),
    }
}

/// Markdown table cell text: no pipes or line breaks.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The Markdown brief of each story.
pub(crate) fn render_markdown(stories: &[Story], articles: &[Article]) -> String {
    let index: HashMap<&str, &Article> =
        articles.iter().map(|article| (article.id.as_str(), article)).collect();
    let mut out = String::new();
    for story in stories {
        story_markdown(&mut out, story, &index);
    }
    out
}

fn story_markdown(out: &mut String, story: &Story, articles: &HashMap<&str, &Article>) {
    let brief = &story.brief;
    let _ = writeln!(out, "# {}\n", story.label);
    let _ = writeln!(
        out,
        "Story `{}` · {} article{} · {} independent source{}{}\n",
        story.id,
        story.articles.len(),
        if story.articles.len() == 1 { "" } else { "s" },
        brief.sources.len().max(1),
        if brief.sources.len() == 1 { "" } else { "s" },
        if story.keywords.is_empty() {
            String::new()
        } else {
            format!(" · {}", story.keywords.iter().take(8).cloned().collect::<Vec<_>>().join(", "))
        }
    );
    if brief.is_empty() {
        let _ = writeln!(out, "_One article: nothing to compare. Its facts are below._\n");
    }
    if !brief.summary.is_empty() {
        let _ = writeln!(out, "## Summary\n");
        for line in &brief.summary {
            let _ = writeln!(
                out,
                "- {} _({} source{}, {})_",
                line.text,
                line.sources,
                if line.sources == 1 { "" } else { "s" },
                line.claim
            );
        }
        out.push('\n');
    }
    corroborated_markdown(out, brief, articles);
    if !brief.contradictions.is_empty() {
        let _ = writeln!(out, "## Where sources differ\n");
        for contradiction in &brief.contradictions {
            contradiction_markdown(out, contradiction, articles);
        }
    }
    facts_markdown(out, &story.facts, articles);
    if !brief.is_empty() {
        claims_markdown(out, brief, articles);
        coverage_markdown(out, brief, articles);
        provenance_markdown(out, brief, articles);
    }
    out.push('\n');
}

fn contradiction_markdown(
    out: &mut String,
    contradiction: &Contradiction,
    articles: &HashMap<&str, &Article>,
) {
    let label = if contradiction.change_over_time { "changed over time" } else { "conflict" };
    let _ =
        writeln!(out, "### {} ({}, {label})\n", contradiction.summary, contradiction.kind.as_str());
    for side in &contradiction.sides {
        let _ = writeln!(
            out,
            "- **{}**{}: {}",
            side.value,
            modality(side.modality),
            names(articles, &side.articles)
        );
        for statement in &side.statements {
            let _ = writeln!(
                out,
                "  - > {} — _{}_",
                statement.text,
                name(articles, &statement.article)
            );
        }
    }
    out.push('\n');
}

fn facts_markdown(out: &mut String, facts: &StoryFacts, articles: &HashMap<&str, &Article>) {
    let people: Vec<_> =
        facts.entities.iter().filter(|e| e.kind == EntityKind::Person).take(PEOPLE).collect();
    if !people.is_empty() {
        let _ = writeln!(out, "## Key people\n");
        for person in people {
            let others: Vec<&str> = person
                .aliases
                .iter()
                .map(String::as_str)
                .filter(|alias| *alias != person.name)
                .collect();
            let mut line = format!("- **{}**", person.name);
            if !others.is_empty() {
                let _ = write!(line, " (= {})", others.join(", "));
            }
            if let Some(role) = person.roles.first() {
                let _ = write!(line, ", {role}");
            }
            let _ = write!(
                line,
                " — {} article{}",
                person.articles.len(),
                if person.articles.len() == 1 { "" } else { "s" }
            );
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }
    let quotes: Vec<_> = facts
        .quotes
        .iter()
        .filter(|q| q.quote.speaker_key.is_some() && q.quote.direct)
        .chain(facts.quotes.iter().filter(|q| q.quote.speaker_key.is_some() && !q.quote.direct))
        .take(QUOTES)
        .collect();
    if !quotes.is_empty() {
        let _ = writeln!(out, "## Who said what\n");
        for quote in quotes {
            let _ = writeln!(
                out,
                "- **{}** ({}): {} — _{}_",
                quote.quote.speaker.as_deref().unwrap_or("?"),
                quote.quote.cue.as_deref().unwrap_or("said"),
                quote.quote.content,
                name(articles, &quote.article)
            );
        }
        out.push('\n');
    }
    if !facts.timeline.is_empty() {
        let _ = writeln!(out, "## Timeline\n");
        for entry in facts.timeline.iter().take(TIMELINE) {
            let when = crate::report::when(entry);
            let Some(first) = entry.mentions.first() else { continue };
            let sources: Vec<DocumentId> =
                entry.mentions.iter().map(|m| m.article.clone()).collect();
            let _ = writeln!(
                out,
                "- **{when}** “{}”: {} — _{}_",
                first.text,
                parallax_core::text::shorten(&first.sentence, 160),
                names(articles, &sources)
            );
        }
        out.push('\n');
    }
}

/// At most this many corroborated facts are listed with their wordings.
const CORROBORATED_SHOWN: usize = 25;

/// The corroborated claims, each with every article's own wording.
fn corroborated_markdown(out: &mut String, brief: &Brief, articles: &HashMap<&str, &Article>) {
    let corroborated: Vec<_> =
        brief.claims.iter().filter(|claim| claim.status == ClaimStatus::Corroborated).collect();
    if corroborated.is_empty() {
        return;
    }
    let _ = writeln!(out, "## What several independent sources state\n");
    for claim in corroborated.iter().take(CORROBORATED_SHOWN) {
        // Articles that copy or rewrite one another count as one source: say so when the
        // wordings listed outnumber the sources, or the count reads as a mistake.
        let articles_note = if claim.articles.len() > claim.sources {
            format!(" in {} articles", claim.articles.len())
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "- **{}** _({} sources{articles_note}, {})_",
            claim.text, claim.sources, claim.id
        );
        for statement in &claim.statements {
            let _ = writeln!(out, "  - {}: {}", name(articles, &statement.article), statement.text);
        }
    }
    if corroborated.len() > CORROBORATED_SHOWN {
        let _ = writeln!(
            out,
            "- … and {} more (see the claims table)",
            corroborated.len() - CORROBORATED_SHOWN
        );
    }
    out.push('\n');
}

fn claims_markdown(out: &mut String, brief: &Brief, articles: &HashMap<&str, &Article>) {
    let shared: Vec<_> = brief
        .claims
        .iter()
        .filter(|claim| claim.articles.len() >= 2 || claim.status == ClaimStatus::Contested)
        .collect();
    if shared.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Claims stated by several articles\n");
    let _ = writeln!(out, "| Claim | Status | Sources | Articles | Wording |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for claim in shared {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            claim.id,
            claim.status.as_str(),
            claim.sources,
            cell(&names(articles, &claim.articles)),
            cell(&claim.text)
        );
    }
    out.push('\n');
}

fn coverage_markdown(out: &mut String, brief: &Brief, articles: &HashMap<&str, &Article>) {
    if brief.coverage.rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Coverage\n");
    let _ = writeln!(out, "✔ states · ✘ contradicts · · silent\n");
    let header: Vec<String> =
        brief.coverage.articles.iter().map(|id| cell(&name(articles, id))).collect();
    let _ = writeln!(out, "| Claim | {} |", header.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(header.len()));
    for row in &brief.coverage.rows {
        let cells: Vec<&str> = row
            .cells
            .iter()
            .map(|c| match c {
                Cell::States => "✔",
                Cell::Contradicts => "✘",
                Cell::Silent => "·",
            })
            .collect();
        let _ = writeln!(out, "| {} | {} |", row.claim, cells.join(" | "));
    }
    out.push('\n');
}

fn provenance_markdown(out: &mut String, brief: &Brief, articles: &HashMap<&str, &Article>) {
    let _ = writeln!(out, "## Sources and provenance\n");
    for source in &brief.sources {
        let _ = writeln!(
            out,
            "- **{}**: {} ({})",
            source.id,
            names(articles, &source.articles),
            source.basis
        );
    }
    out.push('\n');
    let text_of: HashMap<&str, &str> =
        brief.claims.iter().map(|claim| (claim.id.as_str(), claim.text.as_str())).collect();
    for provenance in &brief.provenance {
        let _ = writeln!(out, "### {}\n", name(articles, &provenance.article));
        let _ = writeln!(out, "- Source: {}", provenance.source);
        for origin in &provenance.origins {
            let what = match (&origin.article, &origin.outlet) {
                (Some(article), _) if origin.kind == "article" => {
                    format!("copies {}", name(articles, article))
                }
                (Some(article), _) => format!("shares a source with {}", name(articles, article)),
                (_, Some(outlet)) => format!("cites {outlet}"),
                _ => origin.kind.clone(),
            };
            let _ = writeln!(out, "- Origin: {what} ({})", origin.basis);
        }
        if !provenance.omitted_claims.is_empty() {
            let _ = writeln!(
                out,
                "- Leaves out corroborated claims: {}",
                provenance.omitted_claims.join(", ")
            );
        }
        let _ = writeln!(out, "- Claims only it states: {}", provenance.unique_claims.len());
        for claim in &provenance.unique_claims {
            let _ = writeln!(out, "  - {} ({claim})", text_of.get(claim.as_str()).unwrap_or(&""));
        }
        out.push('\n');
    }
}

/// The brief's headline parts, for the text output of `analyze` and `story`.
pub(crate) fn render_brief_text(out: &mut String, story: &Story, index: &HashMap<&str, &Article>) {
    let brief = &story.brief;
    if brief.is_empty() {
        return;
    }
    let corroborated =
        brief.claims.iter().filter(|c| c.status == ClaimStatus::Corroborated).count();
    let contested = brief.claims.iter().filter(|c| c.status == ClaimStatus::Contested).count();
    let _ = writeln!(
        out,
        "  brief: {} claims ({corroborated} corroborated, {contested} contested), {} independent \
         sources, {} contradictions (--format md for the whole brief)",
        brief.claims.len(),
        brief.sources.len(),
        brief.contradictions.len()
    );
    for source in brief.sources.iter().filter(|s| s.articles.len() > 1) {
        let _ =
            writeln!(out, "    one source: {} ({})", names(index, &source.articles), source.basis);
    }
    if !brief.summary.is_empty() {
        let _ = writeln!(out, "  summary:");
        for line in &brief.summary {
            let _ = writeln!(
                out,
                "    - {} ({} source{})",
                line.text,
                line.sources,
                if line.sources == 1 { "" } else { "s" }
            );
        }
    }
    if !brief.contradictions.is_empty() {
        let _ = writeln!(out, "  where sources differ:");
        for contradiction in &brief.contradictions {
            let label =
                if contradiction.change_over_time { "changed over time" } else { "conflict" };
            let _ = writeln!(out, "    {} [{label}]", contradiction.summary);
            for side in &contradiction.sides {
                let _ = writeln!(
                    out,
                    "      {}{}: {}",
                    side.value,
                    modality(side.modality),
                    names(index, &side.articles)
                );
            }
        }
    }
    for provenance in &brief.provenance {
        let _ = writeln!(
            out,
            "    {}: {} claims only it states, leaves out {} corroborated",
            name(index, &provenance.article),
            provenance.unique_claims.len(),
            provenance.omitted_claims.len()
        );
    }
}
