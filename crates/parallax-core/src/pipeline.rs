//! The pipeline: runs ingest output through cleaning, story grouping, relation finding and
//! facts (entities, quotes, time, figures, cited outlets) with one config.
//!
//! Cleaning and relation finding run in parallel (rayon); the output does not depend on the
//! input order or the number of threads: documents are put in a canonical order (by origin)
//! first, an id seen twice keeps its first occurrence in that order, and every later stage sorts
//! its output.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::brief::{self, BriefConfig, Member};
use crate::clean::{CleanConfig, LineStats, clean};
use crate::embed::{Embeddings, SentenceEncoder};
use crate::facts::{self, ArticleFacts};
use crate::model::{
    Article, Body, Diagnostic, DocumentId, Origin, RawDocument, Relation, Story, StoryLink,
};
use crate::relate::{self, Input, Profile, RelateConfig};
use crate::stories::{StoryConfig, TermVectors, group_with};

/// Settings of every stage.
#[derive(Debug, Clone)]
pub struct PipelineConfig {
    /// Cleaning (stage 2).
    pub clean: CleanConfig,
    /// Story grouping (stage 4).
    pub stories: StoryConfig,
    /// Relations between the articles of a story (stage 5).
    pub relate: RelateConfig,
    /// What gets embedded, when a model is given.
    pub embed: EmbedPlan,
    /// Whether to relate the articles of each story (off: grouping only).
    pub relations: bool,
    /// The story brief (stage 8).
    pub brief: BriefConfig,
}

impl Default for PipelineConfig {
    fn default() -> PipelineConfig {
        PipelineConfig {
            clean: CleanConfig::default(),
            stories: StoryConfig::default(),
            relate: RelateConfig::default(),
            embed: EmbedPlan::default(),
            relations: true,
            brief: BriefConfig::default(),
        }
    }
}

/// What the pipeline embeds when it has a model: embeddings cost far more than anything else, so
/// they go where decisions need them.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedPlan {
    /// Sentences of the lead (after the title) that make an article's vector for story grouping.
    pub lead_sentences: usize,
    /// Sentence vectors (for paraphrase alignment) are computed for stories of at most this many
    /// articles; larger stories are aligned lexically.
    pub max_story_articles: usize,
    /// At most this many sentences per article are embedded (the rest align lexically).
    pub max_sentences: usize,
    /// At most this many distinct sentences are embedded per run (0: no limit). Stories are
    /// served smallest first, then by id, until the budget is spent; the rest align lexically.
    /// On a CPU the model embeds about 140 sentences a second.
    pub sentence_budget: usize,
    /// Texts per call to the model.
    pub batch: usize,
}

impl Default for EmbedPlan {
    fn default() -> EmbedPlan {
        EmbedPlan {
            lead_sentences: 3,
            max_story_articles: 30,
            max_sentences: 80,
            sentence_budget: 20_000,
            batch: 256,
        }
    }
}

/// The text that stands for an article in story grouping: its title and lead.
pub fn lead_text(article: &Article, sentences: usize) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(title) = article.title.as_deref() {
        parts.push(title);
    }
    parts.extend(article.sentence_texts().take(sentences));
    parts.join("\n")
}

/// Groups articles into stories and relates the articles of each story.
///
/// With an `encoder`, articles are also compared by the embeddings of their leads, and sentences
/// of stories up to [`EmbedPlan::max_story_articles`] articles can align as paraphrases. If the
/// encoder fails, the run goes on lexically and says so in a diagnostic. `progress` is called
/// with a stage name and a count of items done, for progress bars.
pub fn stories(
    articles: &[Article],
    encoder: Option<&dyn SentenceEncoder>,
    config: &PipelineConfig,
    progress: &(dyn Fn(&str, usize, usize) + Sync),
) -> (Vec<Story>, Vec<Diagnostic>) {
    let (stories, diagnostics, _) = stories_with_embeddings(articles, encoder, config, progress);
    (stories, diagnostics)
}

/// The embeddings of the articles' titles and leads ([`lead_text`]), in batches, reporting
/// progress as `embedding leads`.
pub fn embed_leads(
    articles: &[Article],
    model: &dyn SentenceEncoder,
    config: &PipelineConfig,
    progress: &(dyn Fn(&str, usize, usize) + Sync),
) -> Result<Vec<Vec<f32>>, crate::embed::EncodeError> {
    let leads: Vec<String> =
        articles.iter().map(|article| lead_text(article, config.embed.lead_sentences)).collect();
    let mut vectors = Vec::with_capacity(leads.len());
    for (done, chunk) in leads.chunks(config.embed.batch.max(1)).enumerate() {
        let texts: Vec<&str> = chunk.iter().map(String::as_str).collect();
        vectors.extend(model.encode(&texts)?);
        progress("embedding leads", (done + 1) * config.embed.batch, leads.len());
    }
    Ok(vectors)
}

/// [`stories`], also returning the sentence vectors computed on the way (for the brief).
pub fn stories_with_embeddings(
    articles: &[Article],
    encoder: Option<&dyn SentenceEncoder>,
    config: &PipelineConfig,
    progress: &(dyn Fn(&str, usize, usize) + Sync),
) -> (Vec<Story>, Vec<Diagnostic>, Embeddings) {
    let mut diagnostics = Vec::new();
    let terms = TermVectors::new(articles);
    let mut encoder = encoder;
    let failed = |error: &crate::embed::EncodeError| {
        Diagnostic::warning(
            Origin::file("(model)"),
            format!("{error}; going on without embeddings"),
        )
    };
    let mut lead_vectors: Option<Vec<Vec<f32>>> = None;
    if let Some(model) = encoder {
        match embed_leads(articles, model, config, progress) {
            Ok(vectors) => lead_vectors = Some(vectors),
            Err(error) => {
                diagnostics.push(failed(&error));
                encoder = None;
            }
        }
    }
    let mut stories = group_with(articles, &terms, lead_vectors.as_deref(), &config.stories);
    if !config.relations {
        return (stories, diagnostics, Embeddings::new());
    }
    progress("grouped", 0, 0);

    // Relations inside each story.
    let index_of: std::collections::HashMap<&str, usize> =
        articles.iter().enumerate().map(|(index, article)| (article.id.as_str(), index)).collect();
    let in_stories: Vec<usize> = stories
        .iter()
        .filter(|story| story.articles.len() > 1)
        .flat_map(|story| story.articles.iter().filter_map(|id| index_of.get(id.as_str()).copied()))
        .collect();
    let profiles: std::collections::HashMap<usize, Profile> = in_stories
        .par_iter()
        .map(|&index| (index, Profile::new(&articles[index], &config.relate)))
        .collect();
    let mut embeddings = Embeddings::new();
    if let Some(model) = encoder {
        let mut chosen: Vec<&Story> = stories
            .iter()
            .filter(|story| {
                story.articles.len() > 1 && story.articles.len() <= config.embed.max_story_articles
            })
            .collect();
        chosen
            .sort_by(|a, b| a.articles.len().cmp(&b.articles.len()).then_with(|| a.id.cmp(&b.id)));
        let budget = if config.embed.sentence_budget == 0 {
            usize::MAX
        } else {
            config.embed.sentence_budget
        };
        let mut sentences: Vec<&str> = Vec::new();
        let mut taken: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for story in chosen {
            let mut wanted: Vec<&str> = Vec::new();
            for id in &story.articles {
                if let Some(&index) = index_of.get(id.as_str()) {
                    wanted.extend(
                        articles[index]
                            .sentence_texts()
                            .take(config.embed.max_sentences)
                            .filter(|sentence| !taken.contains(sentence)),
                    );
                }
            }
            wanted.sort_unstable();
            wanted.dedup();
            if sentences.len() + wanted.len() > budget {
                diagnostics.push(Diagnostic::warning(
                    Origin::file("(model)"),
                    format!(
                        "sentence budget of {budget} reached: stories from {} articles up align \
                         lexically (raise it with --sentence-budget)",
                        story.articles.len()
                    ),
                ));
                break;
            }
            taken.extend(wanted.iter().copied());
            sentences.extend(wanted);
        }
        sentences.sort_unstable();
        let total = sentences.len();
        for (done, chunk) in sentences.chunks(config.embed.batch.max(1)).enumerate() {
            if let Err(error) = embeddings.add(model, chunk, config.embed.batch) {
                diagnostics.push(failed(&error));
                break;
            }
            progress("embedding sentences", (done + 1) * config.embed.batch, total);
        }
    }
    let sentence_vectors = embeddings;
    let embeddings = if sentence_vectors.is_empty() { None } else { Some(&sentence_vectors) };
    let total_pairs: usize = stories
        .iter()
        .map(|story| story.articles.len() * story.articles.len().saturating_sub(1) / 2)
        .sum();
    let done_pairs = std::sync::atomic::AtomicUsize::new(0);
    let profile = |index: usize| profiles.get(&index);
    let relations: Vec<Vec<Relation>> = stories
        .par_iter()
        .map(|story| {
            let members: Vec<usize> =
                story.articles.iter().filter_map(|id| index_of.get(id.as_str()).copied()).collect();
            let relations = relations_of(
                &members,
                articles,
                &profile,
                &terms,
                lead_vectors.as_deref(),
                embeddings,
                &[],
                config,
            );
            let done = done_pairs.fetch_add(relations.len(), std::sync::atomic::Ordering::Relaxed);
            progress("relating articles", done + relations.len(), total_pairs);
            relations
        })
        .collect();
    for (story, relations) in stories.iter_mut().zip(relations) {
        set_relations(story, relations);
    }
    (stories, diagnostics, sentence_vectors)
}

/// In stories larger than [`EmbedPlan::max_story_articles`], each article is related to this
/// many of its lexically closest members rather than to all.
const RELATED_NEIGHBOURS: usize = 8;

/// The relations between the articles `members` of one story (indexes into `articles`): every
/// pair in a story up to [`EmbedPlan::max_story_articles`]; in larger ones each article with its
/// [`RELATED_NEIGHBOURS`] lexically closest members, so the work per story grows linearly with
/// its size. A pair found in `known` (relations stored before) is taken from there.
#[allow(clippy::too_many_arguments)]
fn relations_of<'a>(
    members: &[usize],
    articles: &[Article],
    profile: &dyn Fn(usize) -> Option<&'a Profile>,
    terms: &TermVectors,
    lead_vectors: Option<&[Vec<f32>]>,
    embeddings: Option<&Embeddings>,
    known: &[Relation],
    config: &PipelineConfig,
) -> Vec<Relation> {
    let known: HashMap<(&DocumentId, &DocumentId), &Relation> = known
        .iter()
        .flat_map(|relation| {
            [((&relation.a, &relation.b), relation), ((&relation.b, &relation.a), relation)]
        })
        .collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if members.len() <= config.embed.max_story_articles {
        for (position, &i) in members.iter().enumerate() {
            for &j in &members[position + 1..] {
                pairs.push((i, j));
            }
        }
    } else {
        for &i in members {
            let mut nearest: Vec<(f64, usize)> =
                members.iter().filter(|&&j| j != i).map(|&j| (terms.cosine(i, j), j)).collect();
            nearest.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            for &(_, j) in nearest.iter().take(RELATED_NEIGHBOURS) {
                pairs.push((i.min(j), i.max(j)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
    }
    let mut relations = Vec::new();
    for (i, j) in pairs {
        if let Some(relation) = known.get(&(&articles[i].id, &articles[j].id)) {
            relations.push((*relation).clone());
            continue;
        }
        let (Some(profile_i), Some(profile_j)) = (profile(i), profile(j)) else {
            continue;
        };
        let semantic = lead_vectors.and_then(|vectors| {
            (!vectors[i].is_empty() && !vectors[j].is_empty())
                .then(|| f64::from(crate::embed::cosine(&vectors[i], &vectors[j])))
        });
        relations.push(relate::relate(
            Input { article: &articles[i], profile: profile_i },
            Input { article: &articles[j], profile: profile_j },
            terms.cosine(i, j),
            semantic,
            embeddings,
            &config.relate,
        ));
    }
    relations
}

/// Sorts a story's relations (by kind, strongest first, then by ids) and finds its likely
/// originals.
fn set_relations(story: &mut Story, mut relations: Vec<Relation>) {
    relations.sort_by(|x, y| {
        x.kind
            .cmp(&y.kind)
            .then(strength(y).total_cmp(&strength(x)))
            .then_with(|| x.a.cmp(&y.a))
            .then_with(|| x.b.cmp(&y.b))
    });
    story.originals = relate::originals(&relations);
    story.relations = relations;
}

/// Relates the articles of one story, lexically: `articles` hold its members (and possibly
/// others), `terms` are their vectors. The pairs are those the batch rule picks; a pair found in
/// `known` (relations stored before) is taken from there, the others are computed. For an
/// incremental regroup, where only the stories a new article touched are rebuilt.
pub fn relate_story(
    story: &mut Story,
    articles: &[Article],
    terms: &TermVectors,
    known: &[Relation],
    config: &PipelineConfig,
) {
    let index_of: HashMap<&DocumentId, usize> =
        articles.iter().enumerate().map(|(index, article)| (&article.id, index)).collect();
    let members: Vec<usize> =
        story.articles.iter().filter_map(|id| index_of.get(id).copied()).collect();
    // Profiles are built on first use: most pairs are known.
    let profiles: Vec<std::sync::OnceLock<Profile>> =
        articles.iter().map(|_| std::sync::OnceLock::new()).collect();
    let profile = |index: usize| {
        Some(profiles[index].get_or_init(|| Profile::new(&articles[index], &config.relate)))
    };
    let relations = relations_of(&members, articles, &profile, terms, None, None, known, config);
    set_relations(story, relations);
}

/// How strongly two articles are related, for ordering relations of one kind.
fn strength(relation: &Relation) -> f64 {
    let scores = &relation.scores;
    scores.jaccard + scores.coverage_a.max(scores.coverage_b) + scores.lexical
}

/// Finds the facts of every article (in parallel; the output is in `articles`' order).
pub fn facts_batch(articles: &[Article]) -> Vec<ArticleFacts> {
    articles.par_iter().map(facts::article_facts).collect()
}

/// [`facts_batch`] over borrowed articles.
pub fn facts_of(articles: &[&Article]) -> Vec<ArticleFacts> {
    articles.par_iter().map(|article| facts::article_facts(article)).collect()
}

/// Merges the facts of each story's members into the story. Members without facts in `facts`
/// are skipped.
pub fn attach_facts(stories: &mut [Story], facts: &HashMap<&DocumentId, &ArticleFacts>) {
    stories.par_iter_mut().for_each(|story| {
        let members: Vec<(&DocumentId, &ArticleFacts)> =
            story.articles.iter().filter_map(|id| facts.get(id).map(|f| (id, *f))).collect();
        story.facts = facts::story_facts(&members);
    });
}

/// Builds the brief of every story of two or more articles (in parallel). Members missing from
/// `articles` or `facts` are left out of the brief.
pub fn attach_briefs(
    stories: &mut [Story],
    articles: &HashMap<&DocumentId, &Article>,
    facts: &HashMap<&DocumentId, &ArticleFacts>,
    embeddings: Option<&Embeddings>,
    config: &BriefConfig,
) {
    stories.par_iter_mut().filter(|story| story.articles.len() > 1).for_each(|story| {
        let members: Vec<Member<'_>> = story
            .articles
            .iter()
            .filter_map(|id| {
                Some(Member { article: articles.get(id).copied()?, facts: facts.get(id).copied()? })
            })
            .collect();
        story.brief = brief::brief(story, &members, embeddings, config);
    });
}

/// A stored story read back for an incremental regroup: its articles and their facts.
#[derive(Debug, Clone)]
pub struct StoredStory {
    /// Its id.
    pub id: String,
    /// Its articles (all of them, or the part read back of a very large one).
    pub articles: Vec<Article>,
    /// The facts of each article, in `articles`' order (empty facts where none were stored).
    pub facts: Vec<ArticleFacts>,
    /// The links that grouped it.
    pub links: Vec<StoryLink>,
    /// Its relations, as stored (reused for the pairs that do not change).
    pub relations: Vec<Relation>,
}

/// Adds one new article to the stories stored around it, lexically, touching nothing else: it
/// joins the story it fits (merging others it links), or starts its own
/// ([`crate::stories::place`]); that story's relations, facts and brief are rebuilt. Returns the
/// story (with a fresh id; the store carries the old one over) and the ids of the stored stories
/// it replaces. `frequency` and `corpus_size` weigh words as the whole corpus does
/// ([`TermVectors::with_frequencies`]).
pub fn place_article(
    article: &Article,
    facts: &ArticleFacts,
    neighbours: &[StoredStory],
    frequency: &dyn Fn(&str) -> Option<u32>,
    corpus_size: usize,
    config: &PipelineConfig,
) -> (Story, Vec<String>) {
    let mut articles: Vec<Article> = Vec::new();
    let mut all_facts: Vec<&ArticleFacts> = Vec::new();
    let mut seen: std::collections::HashSet<&DocumentId> = std::collections::HashSet::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for neighbour in neighbours {
        let mut indexes = Vec::new();
        for (member, member_facts) in neighbour.articles.iter().zip(&neighbour.facts) {
            if member.id == article.id || !seen.insert(&member.id) {
                continue;
            }
            indexes.push(articles.len());
            articles.push(member.clone());
            all_facts.push(member_facts);
        }
        members.push(indexes);
    }
    let new = articles.len();
    articles.push(article.clone());
    all_facts.push(facts);
    let terms = TermVectors::with_frequencies(&articles, frequency, corpus_size);
    let stored: Vec<crate::stories::Neighbour> = neighbours
        .iter()
        .zip(members)
        .map(|(neighbour, members)| crate::stories::Neighbour {
            id: neighbour.id.clone(),
            members,
            links: neighbour.links.clone(),
        })
        .collect();
    let placed = crate::stories::place(&articles, new, &stored, &terms, &config.stories);
    let mut story = placed.story;
    if config.relations {
        // The relations stored with the stories it replaces are kept; only the pairs the rule
        // now picks that have none (those with the new article, those across merged stories)
        // are computed.
        let known: Vec<Relation> = neighbours
            .iter()
            .filter(|neighbour| placed.replaced.contains(&neighbour.id))
            .flat_map(|neighbour| neighbour.relations.iter().cloned())
            .collect();
        relate_story(&mut story, &articles, &terms, &known, config);
    }
    let by_id: HashMap<&DocumentId, &ArticleFacts> =
        articles.iter().map(|article| &article.id).zip(all_facts.iter().copied()).collect();
    let mut stories = [story];
    attach_facts(&mut stories, &by_id);
    let article_by_id: HashMap<&DocumentId, &Article> =
        articles.iter().map(|article| (&article.id, article)).collect();
    attach_briefs(&mut stories, &article_by_id, &by_id, None, &config.brief);
    let [story] = stories;
    (story, placed.replaced)
}

/// What a pipeline run produces.
#[derive(Debug, Clone, Default)]
pub struct PipelineOutput {
    /// Clean articles, in id order, one per distinct id.
    pub articles: Vec<Article>,
    /// The facts of each article, in `articles`' order.
    pub facts: Vec<ArticleFacts>,
    /// Stories, largest first.
    pub stories: Vec<Story>,
    /// Problems with inputs, in origin order.
    pub diagnostics: Vec<Diagnostic>,
}

/// A batch being assembled.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    config: PipelineConfig,
    documents: Vec<RawDocument>,
}

impl Pipeline {
    /// An empty batch.
    pub fn new(config: PipelineConfig) -> Pipeline {
        Pipeline { config, documents: Vec::new() }
    }

    /// Adds a document to the batch.
    pub fn add(&mut self, document: RawDocument) {
        self.documents.push(document);
    }

    /// Cleans the batch and groups it into stories, lexically.
    pub fn run(self) -> PipelineOutput {
        self.run_with(None)
    }

    /// Cleans the batch and groups it into stories, with a sentence encoder if one is given.
    pub fn run_with(self, encoder: Option<&dyn SentenceEncoder>) -> PipelineOutput {
        self.run_keeping_embeddings(encoder).0
    }

    /// [`Pipeline::run_with`], also returning the sentence vectors it computed (empty without
    /// an encoder).
    pub fn run_keeping_embeddings(
        self,
        encoder: Option<&dyn SentenceEncoder>,
    ) -> (PipelineOutput, Embeddings) {
        let (articles, mut diagnostics) = clean_batch(self.documents, &self.config.clean);
        let (mut stories, story_diagnostics, embeddings) =
            stories_with_embeddings(&articles, encoder, &self.config, &|_, _, _| {});
        diagnostics.extend(story_diagnostics);
        let facts = facts_batch(&articles);
        let by_id: HashMap<&DocumentId, &ArticleFacts> =
            articles.iter().map(|article| &article.id).zip(facts.iter()).collect();
        attach_facts(&mut stories, &by_id);
        let article_by_id: HashMap<&DocumentId, &Article> =
            articles.iter().map(|article| (&article.id, article)).collect();
        let vectors = (!embeddings.is_empty()).then_some(&embeddings);
        attach_briefs(&mut stories, &article_by_id, &by_id, vectors, &self.config.brief);
        (PipelineOutput { articles, facts, stories, diagnostics }, embeddings)
    }
}

/// Cleans a batch: builds the batch's line statistics, cleans every document in parallel, and
/// keeps one article per id.
pub fn clean_batch(
    mut documents: Vec<RawDocument>,
    config: &CleanConfig,
) -> (Vec<Article>, Vec<Diagnostic>) {
    documents.sort_by(|a, b| a.origin.cmp(&b.origin));
    let stats = line_stats(&documents);
    let results: Vec<Result<(Article, Vec<Diagnostic>), Diagnostic>> =
        documents.par_iter().map(|raw| clean(raw, Some(&stats), config)).collect();
    let mut diagnostics = Vec::new();
    let mut articles: Vec<Article> = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((article, warnings)) => {
                diagnostics.extend(warnings);
                articles.push(article);
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    // One article per id: the first in origin order wins (the sort is stable).
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let mut kept: Vec<Article> = Vec::with_capacity(articles.len());
    for article in articles {
        if let Some(previous) = kept.last()
            && previous.id == article.id
        {
            diagnostics.push(Diagnostic::warning(
                article.origin.clone(),
                format!("same article as {} (id `{}`); kept once", previous.origin, article.id),
            ));
            continue;
        }
        kept.push(article);
    }
    diagnostics.sort_by(|a, b| a.origin.cmp(&b.origin).then_with(|| a.message.cmp(&b.message)));
    (kept, diagnostics)
}

/// Line statistics over the plain-text documents of a batch.
pub fn line_stats(documents: &[RawDocument]) -> LineStats {
    documents
        .par_iter()
        .fold(LineStats::new, |mut stats, document| {
            if let Body::Text(text) = &document.body {
                let outlet = document
                    .outlet
                    .clone()
                    .or_else(|| document.url.as_deref().and_then(crate::clean::domain_of));
                stats.observe(outlet.as_deref(), text);
            }
            stats
        })
        .reduce(LineStats::new, |mut a, b| {
            a.merge(b);
            a
        })
}
