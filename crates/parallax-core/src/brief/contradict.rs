//! Contradictions: statements of different sources about one thing that differ in who said it,
//! where, how many, when, or whether.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::group::Scorer;
use super::units::{Amount, Attribution, Unit, When};
use super::{BriefConfig, ContradictionKind, DisjointSets, Member, Modality};
use crate::facts::EntityKind;

/// A contradiction before it has an id.
pub(crate) struct Found {
    pub kind: ContradictionKind,
    pub change_over_time: bool,
    pub summary: String,
    pub sides: Vec<FoundSide>,
}

/// One version of the fact.
pub(crate) struct FoundSide {
    pub value: String,
    pub modality: Modality,
    pub units: Vec<usize>,
}

/// Sides being collected, by value key: (shown value, statements).
type Sides = BTreeMap<String, (String, BTreeSet<usize>)>;

pub(crate) fn contradictions(
    units: &[Unit],
    scorer: &Scorer<'_>,
    claim_of_unit: &HashMap<usize, usize>,
    source_of: &[usize],
    members: &[Member<'_>],
    config: &BriefConfig,
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let source = |unit: usize| source_of[units[unit].article];

    // Attribution: one statement, given to different people (or bodies) by different sources.
    // A conflicting pair joins the claims of its two statements; the contradiction lists every
    // named attribution of those claims (a body its spokespeople speak for included).
    let conflicting = |u: usize, v: usize| match (&units[u].attribution, &units[v].attribution) {
        (Some(a), Some(b)) => {
            a.key != b.key
                && a.named
                && b.named
                && !same_person(a, b)
                && a.kind == b.kind
                && matches!(a.kind, Some(EntityKind::Person | EntityKind::Organization))
                && !compatible(a, b)
        }
        _ => false,
    };
    let claims = claim_of_unit.values().max().map_or(0, |&c| c + 1);
    let mut claim_sets = DisjointSets::new(claims);
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    for &(u, v) in &scorer.candidates {
        // One statement: alike in their words, and matched as one fact.
        if source(u) == source(v)
            || !conflicting(u, v)
            || scorer.score(u, v) < config.attribution_min
            || (scorer.probability(u, v) < config.attribution_min
                && claim_of_unit.get(&u).is_none_or(|c| claim_of_unit.get(&v) != Some(c)))
        {
            continue;
        }
        let (Some(&cu), Some(&cv)) = (claim_of_unit.get(&u), claim_of_unit.get(&v)) else {
            continue;
        };
        claim_sets.join(cu, cv);
        touched.extend([cu, cv]);
    }
    let mut joined: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for claim in touched {
        joined.entry(claim_sets.find(claim)).or_default().insert(claim);
    }
    for claims in joined.values() {
        let mut sides: Sides = BTreeMap::new();
        let mut statements: Vec<usize> = claim_of_unit
            .iter()
            .filter(|(_, claim)| claims.contains(claim))
            .map(|(&unit, _)| unit)
            .collect();
        statements.sort_unstable();
        for u in statements {
            if let Some(attribution) = units[u].attribution.as_ref().filter(|a| a.kind.is_some()) {
                sides
                    .entry(attribution.key.clone())
                    .or_insert_with(|| (attribution.name.clone(), BTreeSet::new()))
                    .1
                    .insert(u);
            }
        }
        if sides.len() >= 2 {
            found.push(finish(ContradictionKind::Attribution, sides, units, members));
        }
    }

    // Place, number, date, negation: pairs of statements of different sources.
    let mut collected: BTreeMap<(ContradictionKind, String, String), Sides> = BTreeMap::new();
    let mut add = |kind: ContradictionKind,
                   (key_a, name_a, u): (String, String, usize),
                   (key_b, name_b, v): (String, String, usize)| {
        let (first, second) = if key_a <= key_b {
            ((key_a, name_a, u), (key_b, name_b, v))
        } else {
            ((key_b, name_b, v), (key_a, name_a, u))
        };
        let sides = collected.entry((kind, first.0.clone(), second.0.clone())).or_default();
        for (key, name, unit) in [first, second] {
            sides.entry(key).or_insert_with(|| (name, BTreeSet::new())).1.insert(unit);
        }
    };
    let mut negations: BTreeMap<usize, Vec<(usize, &str)>> = BTreeMap::new();
    for &(u, v) in &scorer.candidates {
        if source(u) == source(v) {
            continue;
        }
        let same_claim =
            claim_of_unit.get(&u).is_some() && claim_of_unit.get(&u) == claim_of_unit.get(&v);
        let relatedness = scorer.related(u, v);
        let (a, b) = (&units[u], &units[v]);
        if !same_event(&a.dates, &b.dates) {
            continue;
        }
        // Place: both tell where a meeting or journey will be or was, and each names a place
        // below country level the other does not name at all.
        let placed = |unit: &Unit| {
            unit.event && unit.modality != Modality::Stated && !unit.places.is_empty()
        };
        if placed(a) && placed(b) && (same_claim || relatedness >= config.place_related_min) {
            let names = |unit: &Unit, other: &Unit| {
                unit.places
                    .iter()
                    .filter(|p| {
                        !other.places.iter().any(|q| q.key == p.key)
                            && !other.text.to_lowercase().contains(&p.name.to_lowercase())
                    })
                    .cloned()
                    .collect::<Vec<_>>()
            };
            let (only_a, only_b) = (names(a, b), names(b, a));
            if only_a.len() == a.places.len()
                && only_b.len() == b.places.len()
                && let (Some(pa), Some(pb)) = (only_a.first(), only_b.first())
            {
                add(
                    ContradictionKind::Place,
                    (pa.key.clone(), pa.name.clone(), u),
                    (pb.key.clone(), pb.name.clone(), v),
                );
            }
        }
        if !same_claim && relatedness < config.related_min {
            continue;
        }
        // Number: the same measure, different amounts, in statements matched as one fact
        // (two sentences on one subject often give two different figures of it).
        let matched = same_claim || scorer.probability(u, v) >= config.claim_min;
        for x in a.amounts.iter().filter(|_| matched) {
            // The same measure of the same thing: "$43,000 Rolex watch" is no total spent.
            let same_thing = |y: &&Amount| {
                y.measure == x.measure && y.counted == x.counted && x.next_word == y.next_word
            };
            for y in b.amounts.iter().filter(same_thing) {
                if differ(x, y)
                    && !b.amounts.iter().any(|z| !differ(x, z) && z.measure == x.measure)
                {
                    add(
                        ContradictionKind::Number,
                        (amount_key(x), x.text.clone(), u),
                        (amount_key(y), y.text.clone(), v),
                    );
                }
            }
        }
        if !same_claim {
            continue;
        }
        // Date: one claim, explicit dates of one precision that do not overlap (relative ones,
        // "on Tuesday", "yesterday", are read from each article's own date and often from a
        // quote's: they differ without disagreeing).
        for x in a.dates.iter().filter(|d| !d.relative) {
            for y in b.dates.iter().filter(|y| y.precision == x.precision && !y.relative) {
                if (x.end < y.start || y.end < x.start)
                    && x.start.starts_with("--") == y.start.starts_with("--")
                {
                    add(
                        ContradictionKind::Date,
                        (date_key(x), x.text.clone(), u),
                        (date_key(y), y.text.clone(), v),
                    );
                }
            }
        }
        // Negation: one claim, one side negates it, in statements alike in their own right.
        if a.negated != b.negated && scorer.score(u, v) >= config.negation_min {
            let claim = claim_of_unit.get(&u).copied().unwrap_or(usize::MAX);
            let value = |negated: bool| if negated { "negated or denied" } else { "affirmed" };
            negations.entry(claim).or_default().push((u, value(a.negated)));
            negations.entry(claim).or_default().push((v, value(b.negated)));
        }
    }
    // Contradictions on the same values join: every statement naming Vladivostok against
    // every one naming Vostochny is one contradiction, not one per pair.
    let mut merged: BTreeMap<(ContradictionKind, BTreeSet<String>), Sides> = BTreeMap::new();
    for ((kind, a, b), sides) in collected {
        let values: BTreeSet<String> = [a, b].into_iter().collect();
        let entry = merged.entry((kind, values)).or_default();
        for (key, (name, statements)) in sides {
            entry.entry(key).or_insert_with(|| (name, BTreeSet::new())).1.extend(statements);
        }
    }
    for ((kind, _), mut sides) in merged {
        if kind == ContradictionKind::Place {
            // Every statement that places the event at one of the disputed places joins that
            // place's side, whatever its source (an article may tell the change itself).
            let members: Vec<(String, Vec<usize>)> = sides
                .iter()
                .map(|(key, (_, statements))| (key.clone(), statements.iter().copied().collect()))
                .collect();
            for (key, (_, statements)) in sides.iter_mut() {
                let others: Vec<usize> = members
                    .iter()
                    .filter(|(other, _)| other != key)
                    .flat_map(|(_, statements)| statements.iter().copied())
                    .collect();
                for (u, unit) in units.iter().enumerate() {
                    let joins = unit.event
                        && unit.modality != Modality::Stated
                        && unit.places.iter().any(|p| &p.key == key)
                        && others.iter().any(|&w| {
                            units[w].article != unit.article
                                && same_event(&unit.dates, &units[w].dates)
                                && scorer.related(u, w) >= config.place_related_min
                        });
                    if joins {
                        statements.insert(u);
                    }
                }
            }
        }
        found.push(finish(kind, sides, units, members));
    }
    // Negations: one per claim.
    for statements in negations.into_values() {
        let mut sides: Sides = BTreeMap::new();
        for (unit, value) in statements {
            sides
                .entry(value.to_owned())
                .or_insert_with(|| (value.to_owned(), BTreeSet::new()))
                .1
                .insert(unit);
        }
        found.push(finish(ContradictionKind::Negation, sides, units, members));
    }
    found.sort_by(|a, b| {
        a.kind.cmp(&b.kind).then(size(b).cmp(&size(a))).then_with(|| a.summary.cmp(&b.summary))
    });
    found
}

fn size(found: &Found) -> usize {
    found.sides.iter().map(|side| side.units.len()).sum()
}

/// Whether two attributions can both be right: a body and a person who speaks for it (a White
/// House spokesman and the White House).
fn compatible(a: &Attribution, b: &Attribution) -> bool {
    let speaks_for = |person: &Attribution, body: &Attribution| {
        person.kind == Some(EntityKind::Person) && body.kind != Some(EntityKind::Person) && {
            let body = body.name.trim_start_matches("the ").to_lowercase();
            person.roles.iter().any(|role| role.to_lowercase().contains(&body))
        }
    };
    // A spokesman for a person ("Jim Manley, a Reid spokesman") speaks for that person.
    let speaks_for_person = |aide: &Attribution, principal: &Attribution| {
        aide.kind == Some(EntityKind::Person) && principal.kind == Some(EntityKind::Person) && {
            let surname = principal.name.split_whitespace().last().unwrap_or("").to_lowercase();
            surname.chars().count() > 2
                && aide.roles.iter().any(|role| {
                    role.to_lowercase()
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|word| word == surname)
                })
        }
    };
    speaks_for(a, b) || speaks_for(b, a) || speaks_for_person(a, b) || speaks_for_person(b, a)
}

/// Whether two attributions may name one person in two spellings the entity stage did not
/// join: the words of one are all words of the other ("Missouri Rep. Todd Akin", "Todd Akin"),
/// or they share a surname ("Tim Murray", "Timothy Murray"; two relatives are missed).
fn same_person(a: &Attribution, b: &Attribution) -> bool {
    if a.kind != Some(EntityKind::Person) || b.kind != Some(EntityKind::Person) {
        return false;
    }
    let words = |name: &str| -> BTreeSet<String> {
        name.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(str::to_lowercase)
            .collect()
    };
    let (x, y) = (words(&a.name), words(&b.name));
    let surname = |name: &str| name.split_whitespace().last().map(str::to_lowercase);
    (!x.is_empty() && !y.is_empty() && (x.is_subset(&y) || y.is_subset(&x)))
        || (surname(&a.name).is_some() && surname(&a.name) == surname(&b.name))
}

/// Whether the dates of two statements allow them to tell one event: no explicit dates with a
/// year on either side ("in April 2019"; relative ones like "on Tuesday" say little about
/// which event), or dates that overlap.
fn same_event(a: &[When], b: &[When]) -> bool {
    let dated = |dates: &[When]| -> Vec<(String, String)> {
        dates
            .iter()
            .filter(|d| !d.start.starts_with("--") && !d.relative)
            .map(|d| (d.start.clone(), d.end.clone()))
            .collect()
    };
    let (a, b) = (dated(a), dated(b));
    if a.is_empty() && b.is_empty() {
        return true;
    }
    a.iter().any(|x| b.iter().any(|y| x.0 <= y.1 && y.0 <= x.1))
}

fn differ(x: &Amount, y: &Amount) -> bool {
    let largest = x.value.abs().max(y.value.abs());
    if largest == 0.0 {
        return false;
    }
    let tolerance = if x.approximate || y.approximate { 0.25 } else { 0.02 };
    (x.value - y.value).abs() / largest > tolerance
}

fn amount_key(amount: &Amount) -> String {
    format!("{} {}", amount.value, amount.measure)
}

fn date_key(date: &When) -> String {
    format!("{}/{}", date.start, date.end)
}

/// Turns collected sides into a contradiction: sides largest first, their modality, and
/// whether the difference is a change over time.
fn finish(kind: ContradictionKind, sides: Sides, units: &[Unit], members: &[Member<'_>]) -> Found {
    let mut sides: Vec<FoundSide> = sides
        .into_values()
        .map(|(value, statements)| {
            let statements: Vec<usize> = statements.into_iter().collect();
            let modalities: Vec<Modality> = statements.iter().map(|&u| units[u].modality).collect();
            // The side's modality is that of most of its statements that tell one.
            let count = |m: Modality| modalities.iter().filter(|&&x| x == m).count();
            let modality =
                if matches!(kind, ContradictionKind::Attribution | ContradictionKind::Negation) {
                    Modality::Stated
                } else {
                    match count(Modality::Expected).cmp(&count(Modality::Happened)) {
                        std::cmp::Ordering::Greater => Modality::Expected,
                        std::cmp::Ordering::Less => Modality::Happened,
                        std::cmp::Ordering::Equal => Modality::Stated,
                    }
                };
            FoundSide { value, modality, units: statements }
        })
        .collect();
    let articles = |side: &FoundSide| -> BTreeSet<usize> {
        side.units.iter().map(|&u| units[u].article).collect()
    };
    sides.sort_by(|a, b| {
        articles(b).len().cmp(&articles(a).len()).then_with(|| a.value.cmp(&b.value))
    });
    let change_over_time = kind != ContradictionKind::Attribution
        && kind != ContradictionKind::Negation
        && sides.iter().any(|s| s.modality == Modality::Expected)
        && sides.iter().any(|s| s.modality == Modality::Happened)
        && expectation_came_first(&sides, units, members);
    let summary = match kind {
        ContradictionKind::Negation => format!(
            "negation: one source affirms what another negates or denies (\"{}\")",
            crate::text::shorten(&units[sides[0].units[0]].text, 80)
        ),
        _ if change_over_time => {
            let expected: Vec<&str> = sides
                .iter()
                .filter(|s| s.modality == Modality::Expected)
                .map(|s| s.value.as_str())
                .collect();
            let happened: Vec<&str> = sides
                .iter()
                .filter(|s| s.modality == Modality::Happened)
                .map(|s| s.value.as_str())
                .collect();
            format!(
                "{}: expected {}, reported as {}",
                kind.as_str(),
                expected.join(" or "),
                happened.join(" or ")
            )
        }
        _ => format!(
            "{}: {}",
            kind.as_str(),
            sides.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(" vs ")
        ),
    };
    Found { kind, change_over_time, summary, sides }
}

/// Whether what was expected was published before what is reported done: always when an
/// article tells both, never when a dated expectation follows a dated report, and otherwise
/// (undated articles) on the strength of the wording alone.
fn expectation_came_first(sides: &[FoundSide], units: &[Unit], members: &[Member<'_>]) -> bool {
    let articles_of = |modality: Modality| -> BTreeSet<usize> {
        sides
            .iter()
            .filter(|s| s.modality == modality)
            .flat_map(|s| s.units.iter().map(|&u| units[u].article))
            .collect()
    };
    let (expected, happened) = (articles_of(Modality::Expected), articles_of(Modality::Happened));
    if expected.intersection(&happened).next().is_some() {
        return true;
    }
    let date = |article: usize| {
        members[article].article.date.as_deref().map(|d| d.chars().take(10).collect::<String>())
    };
    let latest_expectation = expected.iter().filter_map(|&a| date(a)).max();
    let first_report = happened.iter().filter_map(|&a| date(a)).min();
    match (latest_expectation, first_report) {
        (Some(expected), Some(reported)) => expected <= reported,
        _ => true,
    }
}
