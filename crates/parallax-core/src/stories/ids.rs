//! Stable story ids: here are the stories as they were and as they are now, which ids carry
//! over?
//!
//! A fresh story's id is a hash of its members, so it would change whenever an article joins;
//! a link a reader saved would then break. [`carry_ids`] gives each new story the id of the
//! previous story it continues (the one whose articles it holds most of), and says which previous
//! ids now point elsewhere (a story merged into another one): the store keeps those as aliases
//! and the server redirects them.
//!
//! The rule, applied greedily and deterministically: pairs of (new story, previous story) are
//! taken by the number of articles they share (most first), then the larger previous story,
//! then the previous id; each new story takes at most one previous id and each previous id goes
//! to at most one new story. A previous story that lost its id to another one is an alias of the
//! new story holding most of its articles. A new story that continues nothing keeps its hash.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{DocumentId, Story};

/// A story as it was stored: its id and its articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousStory {
    /// Its id.
    pub id: String,
    /// Its articles.
    pub articles: Vec<DocumentId>,
}

/// Renames `stories` (the new grouping) so that each continues the id of the previous story it
/// holds most of, and returns the aliases: each previous id that is no longer a story's, with the
/// id of the story that holds most of its articles now (sorted). Previous stories none of whose
/// articles remain get no alias.
pub fn carry_ids(stories: &mut [Story], previous: &[PreviousStory]) -> Vec<(String, String)> {
    if previous.is_empty() {
        return Vec::new();
    }
    let mut owner: HashMap<&DocumentId, usize> = HashMap::new();
    for (index, story) in previous.iter().enumerate() {
        for article in &story.articles {
            owner.insert(article, index);
        }
    }
    // (new story, previous story) -> shared articles.
    let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for (new_index, story) in stories.iter().enumerate() {
        for article in &story.articles {
            if let Some(&old_index) = owner.get(article) {
                *shared.entry((new_index, old_index)).or_insert(0) += 1;
            }
        }
    }
    let mut pairs: Vec<(usize, usize, usize)> = shared
        .iter()
        .map(|(&(new_index, old_index), &count)| (count, new_index, old_index))
        .collect();
    pairs.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then_with(|| previous[y.2].articles.len().cmp(&previous[x.2].articles.len()))
            .then_with(|| previous[x.2].id.cmp(&previous[y.2].id))
            .then(x.1.cmp(&y.1))
    });
    let mut taken_new = vec![false; stories.len()];
    let mut taken_old = vec![false; previous.len()];
    let mut new_ids: Vec<Option<String>> = vec![None; stories.len()];
    for &(_, new_index, old_index) in &pairs {
        if taken_new[new_index] || taken_old[old_index] {
            continue;
        }
        taken_new[new_index] = true;
        taken_old[old_index] = true;
        new_ids[new_index] = Some(previous[old_index].id.clone());
    }
    let carried: BTreeSet<String> = new_ids.iter().flatten().cloned().collect();
    for (story, carried_id) in stories.iter_mut().zip(new_ids) {
        match carried_id {
            Some(id) => story.id = id,
            // A fresh hash that happens to be a carried id (the same members as a previous
            // story that went elsewhere) gets a suffix.
            None if carried.contains(&story.id) => story.id = format!("{}x", story.id),
            None => {}
        }
    }
    // Previous ids not carried: an alias of the story holding most of their articles.
    let mut aliases = Vec::new();
    for (old_index, story) in previous.iter().enumerate() {
        if taken_old[old_index] {
            continue;
        }
        let best = pairs
            .iter()
            .filter(|&&(_, _, old)| old == old_index)
            .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)))
            .map(|&(_, new_index, _)| new_index);
        if let Some(new_index) = best
            && stories[new_index].id != story.id
        {
            aliases.push((story.id.clone(), stories[new_index].id.clone()));
        }
    }
    aliases.sort();
    aliases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: &str, members: &[&str]) -> Story {
        Story {
            id: id.to_owned(),
            label: id.to_owned(),
            articles: members.iter().map(|m| DocumentId::new(*m)).collect(),
            keywords: Vec::new(),
            links: Vec::new(),
            relations: Vec::new(),
            originals: Vec::new(),
            facts: Default::default(),
            brief: Default::default(),
        }
    }

    fn previous(id: &str, members: &[&str]) -> PreviousStory {
        PreviousStory {
            id: id.to_owned(),
            articles: members.iter().map(|m| DocumentId::new(*m)).collect(),
        }
    }

    #[test]
    fn a_story_keeps_its_id_as_it_grows() {
        let mut stories = vec![story("sfresh", &["a", "b", "c"]), story("sother", &["z"])];
        let aliases = carry_ids(&mut stories, &[previous("sold", &["a", "b"])]);
        assert_eq!(stories[0].id, "sold");
        assert_eq!(stories[1].id, "sother");
        assert!(aliases.is_empty());
    }

    #[test]
    fn merged_stories_keep_the_larger_id_and_the_other_redirects() {
        let mut stories = vec![story("snew", &["a", "b", "c", "d", "e"])];
        let aliases = carry_ids(
            &mut stories,
            &[previous("ssmall", &["d", "e"]), previous("sbig", &["a", "b", "c"])],
        );
        assert_eq!(stories[0].id, "sbig");
        assert_eq!(aliases, vec![("ssmall".to_owned(), "sbig".to_owned())]);
    }

    #[test]
    fn a_split_story_keeps_its_id_on_the_larger_part() {
        let mut stories = vec![story("sx", &["a", "b", "c"]), story("sy", &["d"])];
        let aliases = carry_ids(&mut stories, &[previous("sold", &["a", "b", "c", "d"])]);
        assert_eq!(stories[0].id, "sold");
        assert_eq!(stories[1].id, "sy");
        assert!(aliases.is_empty());
    }

    #[test]
    fn a_fresh_hash_never_takes_a_carried_id() {
        // The new story {a, b} hashes to "sab", which the previous story {a, b, c} (now holding
        // only c and d) carries: the fresh one is renamed.
        let mut stories = vec![story("sab", &["a", "b"]), story("scd", &["c", "d", "e"])];
        let aliases = carry_ids(&mut stories, &[previous("sab", &["c", "d", "e"])]);
        assert_eq!(stories[1].id, "sab");
        assert_eq!(stories[0].id, "sabx");
        assert!(aliases.is_empty());
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_of_the_previous_stories() {
        let old =
            [previous("s1", &["a", "b"]), previous("s2", &["c", "d"]), previous("s3", &["e"])];
        let mut reversed = old.to_vec();
        reversed.reverse();
        let grouped = || vec![story("n1", &["a", "b", "c", "d"]), story("n2", &["e", "f"])];
        let (mut first, mut second) = (grouped(), grouped());
        let aliases_first = carry_ids(&mut first, &old);
        let aliases_second = carry_ids(&mut second, &reversed);
        assert_eq!(first, second);
        assert_eq!(aliases_first, aliases_second);
        assert_eq!(aliases_first, vec![("s2".to_owned(), "s1".to_owned())]);
    }
}
