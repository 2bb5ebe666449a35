//! Actor mentions (spec §4): every occurrence of an actor's name or alias
//! in the visible text of a body, also with Arabic proclitics attached.
//!
//! Matching works on the same folded block text as anchoring (white space,
//! diacritics, tatweel and quotation marks folded, nothing else). One
//! Aho–Corasick pass finds every name in a block, overlapping ones
//! included; a hit counts only if the letters before it in its word are a
//! chain of proclitics and the word ends where the name ends, so that a
//! name is never found inside a longer word. Where names overlap, the
//! longest wins («قوات سوريا الديمقراطية», not «سوريا»).

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{Event, Tag, TagEnd};

use super::text::{Block, Point};
use super::Anchored;
use crate::fold::fold_needle;
use crate::load::schema::ActorSpec;

/// The definite article.
const AL: &str = "ال";

/// Proclitic chains before a name without the article: a conjunction
/// (و ف), then a preposition (ب ك ل), then the article, where ل + ال is
/// written «لل».
const BEFORE_BARE: &[&str] = &[
    "", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "و", "وب", "وك", "ول", "وال", "وبال", "وكال",
    "ولل", "ف", "فب", "فك", "فل", "فال", "فبال", "فكال", "فلل",
];

/// Proclitic chains before a name that has the article: no second article.
const BEFORE_DEFINITE: &[&str] = &["", "ب", "ك", "و", "وب", "وك", "ف", "فب", "فك"];

/// Chains ending in ل, before which a name's article loses its alef
/// («للتحالف» is ل + «التحالف»).
const BEFORE_ELIDED: &[&str] = &["ل", "ول", "فل"];

/// The longest chain, in letters.
const LONGEST_CHAIN: usize = 4;

/// What one search pattern stands for.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    actor: usize,
    alias: usize,
    /// The chains that may come before it.
    before: &'static [&'static str],
    /// Whether it is one of the actor's `not-mentions`: a phrase in which
    /// its names do not name it.
    excludes: bool,
}

/// Every actor's names, ready for matching: built once per build from
/// actors.yaml and shared by the documents.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// The automaton over every folded name (and, for names with the
    /// article, the name without its alef); `None` when there is none.
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    /// Each actor's id.
    ids: Vec<String>,
}

impl Names {
    /// Indexes the names of `actors`, and their `not-mentions` phrases,
    /// numbered as [`ActorSpec::phrases`] numbers them.
    pub fn new(actors: &[ActorSpec]) -> Self {
        let mut texts: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (actor, spec) in actors.iter().enumerate() {
            for (alias, text) in spec.phrases().enumerate() {
                let excludes = spec.not_mention(alias).is_some();
                let text = fold_needle(text);
                // A name that does not start with a letter or digit can
                // never start a word: it is reported as unused instead.
                if !text.chars().next().is_some_and(is_word_char) {
                    continue;
                }
                if let Some(elided) = text.strip_prefix('ا').filter(|_| text.starts_with(AL)) {
                    texts.push(elided.to_owned());
                    patterns.push(Pattern {
                        actor,
                        alias,
                        before: BEFORE_ELIDED,
                        excludes,
                    });
                }
                let before = if text.starts_with(AL) {
                    BEFORE_DEFINITE
                } else {
                    BEFORE_BARE
                };
                texts.push(text);
                patterns.push(Pattern {
                    actor,
                    alias,
                    before,
                    excludes,
                });
            }
        }
        // Standard semantics report every match, overlapping ones too: the
        // choice among them is made by word, below.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .ok()
            .filter(|_| !texts.is_empty());
        Names {
            automaton,
            patterns,
            ids: actors.iter().map(|a| a.id.clone()).collect(),
        }
    }

    /// Whether there is nothing to find.
    pub fn is_empty(&self) -> bool {
        self.automaton.is_none()
    }

    /// Every name in `text` that stands as a word, possibly after
    /// proclitics, sorted by where its word starts, longest first.
    fn candidates(&self, text: &str, found: &mut Vec<Candidate>) {
        found.clear();
        let Some(automaton) = &self.automaton else {
            return;
        };
        for hit in automaton.find_overlapping_iter(text) {
            let pattern = self.patterns[hit.pattern().as_usize()];
            if !ends_word(text, hit.end()) {
                continue;
            }
            let Some(word_start) = word_start(text, hit.start()) else {
                continue;
            };
            if pattern.before.contains(&&text[word_start..hit.start()]) {
                found.push(Candidate {
                    start: word_start,
                    end: hit.end(),
                    actor: pattern.actor,
                    alias: pattern.alias,
                    excludes: pattern.excludes,
                });
            }
        }
        // By word, the longest first; among equals, the first actor in the
        // file.
        found.sort_unstable_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.actor, c.alias));
    }
}

/// A name that stands as a word in a block's folded text.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// Where its word starts (proclitics included).
    start: usize,
    end: usize,
    actor: usize,
    alias: usize,
    /// A `not-mentions` phrase rather than a name.
    excludes: bool,
}

/// One place an actor is named in a document body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the actor in actors.yaml.
    pub actor: usize,
    /// The actor's id.
    pub actor_id: String,
    /// Which of its names matched: 0 for the name, `j + 1` for `aliases[j]`.
    pub alias: usize,
    /// The block it is in.
    pub block: usize,
    /// Its byte range in the block's text, proclitics included (the whole
    /// word is linked, so that Arabic letters keep joining).
    pub range: Range<usize>,
    /// Where it starts in the events.
    pub start: Point,
    /// Where it ends.
    pub end: Point,
    /// Whether it falls inside a link of the source, where it cannot
    /// itself be linked; it still counts as a mention.
    pub in_link: bool,
}

/// Every mention of an actor in a body, in document order, and every
/// (actor, alias) that occurs as a word: as a mention, or inside a longer
/// name of the same actor that won («شامي» in «فرهاد شامي»). A name found
/// only inside another actor's name («سوريا» in «قوات سوريا الديمقراطية»)
/// does not occur: it names nothing there.
pub fn find_mentions(
    names: &Names,
    anchored: &Anchored<'_>,
) -> (Vec<Mention>, Vec<(usize, usize)>) {
    let mut mentions = Vec::new();
    let mut used = Vec::new();
    if names.is_empty() {
        return (mentions, used);
    }
    let in_link = link_depths(&anchored.events);
    let mut found = Vec::new();
    for (block_index, (block, folded)) in anchored.blocks.iter().zip(&anchored.folded).enumerate() {
        names.candidates(&folded.text, &mut found);
        drop_not_mentions(&mut found, &mut used);
        let mut from = 0;
        let mut chosen_actor = None;
        for candidate in &found {
            // The first candidate of a word is its longest; later words
            // inside a chosen name are not mentions of their own.
            if candidate.start < from {
                if chosen_actor == Some(candidate.actor) {
                    used.push((candidate.actor, candidate.alias));
                }
                continue;
            }
            from = candidate.end;
            chosen_actor = Some(candidate.actor);
            used.push((candidate.actor, candidate.alias));
            let range = folded.original(candidate.start)..folded.original(candidate.end);
            if let Some(mut mention) = place(block, block_index, range, candidate, &in_link) {
                mention.actor_id = names.ids[candidate.actor].clone();
                mentions.push(mention);
            }
        }
    }
    used.sort_unstable();
    used.dedup();
    (mentions, used)
}

/// Removes the `not-mentions` phrases from `found`, and every name of an
/// actor that stands inside one of that actor's phrases; a phrase that
/// held one is recorded in `used`. Other actors' names in the phrase stay.
fn drop_not_mentions(found: &mut Vec<Candidate>, used: &mut Vec<(usize, usize)>) {
    if !found.iter().any(|c| c.excludes) {
        return;
    }
    let phrases: Vec<Candidate> = found.iter().filter(|c| c.excludes).copied().collect();
    found.retain(|name| {
        if name.excludes {
            return false;
        }
        let inside = phrases.iter().find(|phrase| {
            phrase.actor == name.actor && phrase.start <= name.start && name.end <= phrase.end
        });
        if let Some(phrase) = inside {
            used.push((phrase.actor, phrase.alias));
        }
        inside.is_none()
    });
}

fn place(
    block: &Block,
    block_index: usize,
    range: Range<usize>,
    best: &Candidate,
    in_link: &[bool],
) -> Option<Mention> {
    let start = block.start_point(range.start)?;
    let end = block.end_point(range.end)?;
    let in_link = in_link[start.event..=end.event]
        .iter()
        .any(|&inside| inside);
    Some(Mention {
        actor: best.actor,
        actor_id: String::new(),
        alias: best.alias,
        block: block_index,
        range,
        start,
        end,
        in_link,
    })
}

/// For each event, whether it is inside a link.
fn link_depths(events: &[(Event<'_>, Range<usize>)]) -> Vec<bool> {
    let mut depth = 0usize;
    events
        .iter()
        .map(|(event, _)| {
            match event {
                Event::Start(Tag::Link { .. }) => depth += 1,
                Event::End(TagEnd::Link) => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth > 0
        })
        .collect()
}

/// Letters and digits of any script make words; everything else (spaces,
/// punctuation, quotation marks, hyphens) separates them.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the word ends at `end`.
fn ends_word(text: &str, end: usize) -> bool {
    text[end..].chars().next().is_none_or(|c| !is_word_char(c))
}

/// Where the word containing `at` starts, if at most a chain of proclitics
/// comes before `at` in it.
fn word_start(text: &str, at: usize) -> Option<usize> {
    let mut start = at;
    for (count, (index, c)) in text[..at].char_indices().rev().enumerate() {
        if !is_word_char(c) {
            break;
        }
        if count == LONGEST_CHAIN {
            return None;
        }
        start = index;
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::anchor;

    fn actor(id: &str, name: &str, aliases: &[&str]) -> ActorSpec {
        ActorSpec {
            id: id.to_owned(),
            name: name.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            kind: None,
            role: None,
            member_of: None,
            relation: None,
            description: None,
            not_mentions: Vec::new(),
        }
    }

    /// The words each mention covers, with the actor's id.
    fn found(actors: &[ActorSpec], body: &str) -> Vec<(String, String)> {
        let document = crate::load::test_document("", body);
        let (anchored, _) = anchor(&document);
        let names = Names::new(actors);
        let (mentions, _) = find_mentions(&names, &anchored);
        mentions
            .iter()
            .map(|m| {
                let words = anchored.blocks[m.block].text[m.range.clone()].to_owned();
                (actors[m.actor].id.clone(), words)
            })
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn proclitics_are_part_of_the_mention() {
        let actors = [
            actor("sdf", "قوات سوريا الديمقراطية", &["قسد"]),
            actor("coalition", "التحالف الدولي", &["التحالف"]),
        ];
        let body = "قالت قسد ثم وقسد ولقسد وبالتحالف وللتحالف والتحالف الدولي.";
        assert_eq!(
            found(&actors, body),
            pairs(&[
                ("sdf", "قسد"),
                ("sdf", "وقسد"),
                ("sdf", "ولقسد"),
                ("coalition", "وبالتحالف"),
                ("coalition", "وللتحالف"),
                ("coalition", "والتحالف الدولي"),
            ])
        );
    }

    #[test]
    fn the_article_may_follow_a_preposition() {
        let actors = [actor("forces", "قوات", &[])];
        assert_eq!(
            found(&actors, "للقوات والقوات بالقوات"),
            pairs(&[
                ("forces", "للقوات"),
                ("forces", "والقوات"),
                ("forces", "بالقوات")
            ])
        );
    }

    #[test]
    fn no_hit_inside_a_longer_word() {
        let actors = [actor("sdf", "قسد", &[]), actor("ali", "علي", &[])];
        // «قسدية» and «عليه» only begin with a name; «مقسد» ends with one
        // after letters that are not proclitics.
        assert!(found(&actors, "قسدية عليه مقسد تعليم").is_empty());
    }

    #[test]
    fn the_longest_name_wins_where_names_overlap() {
        let actors = [
            actor("syria", "سوريا", &[]),
            actor("sdf", "قوات سوريا الديمقراطية", &[]),
            actor("center", "المركز الإعلامي لقوات سوريا الديمقراطية", &[]),
        ];
        let body = "قال المركز الإعلامي لقوات سوريا الديمقراطية إن قوات سوريا الديمقراطية في سوريا.";
        assert_eq!(
            found(&actors, body),
            pairs(&[
                ("center", "المركز الإعلامي لقوات سوريا الديمقراطية"),
                ("sdf", "قوات سوريا الديمقراطية"),
                ("syria", "سوريا"),
            ])
        );
    }

    #[test]
    fn matching_folds_like_anchoring_and_crosses_formatting() {
        let actors = [actor("ahmi", "لقمان أحمّي", &[])];
        // Diacritics differ, tatweel, a line break and bold inside the name.
        assert_eq!(
            found(&actors, "قال **لقمان**\nأحـمـي إن"),
            pairs(&[("ahmi", "لقمان أحـمـي")])
        );
    }

    #[test]
    fn quotation_marks_separate_words() {
        let actors = [actor("majalla", "المجلة", &[])];
        assert_eq!(
            found(&actors, "قال لـ«المجلة» إن"),
            pairs(&[("majalla", "المجلة")])
        );
    }

    #[test]
    fn mentions_inside_links_are_flagged() {
        let document = crate::load::test_document("", "[قسد](https://x.org) وقسد");
        let (anchored, _) = anchor(&document);
        let names = Names::new(&[actor("sdf", "قسد", &[])]);
        let (mentions, used) = find_mentions(&names, &anchored);
        let flags: Vec<bool> = mentions.iter().map(|m| m.in_link).collect();
        assert_eq!(flags, [true, false]);
        assert_eq!(used, [(0, 0)]);
    }

    #[test]
    fn names_inside_a_longer_name_count_as_used() {
        let document = crate::load::test_document("", "قال فرهاد شامي");
        let (anchored, _) = anchor(&document);
        let names = Names::new(&[actor(
            "shami",
            "فرهاد الشامي",
            &["فرهاد شامي", "شامي", "مجهول"],
        )]);
        let (mentions, used) = find_mentions(&names, &anchored);
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].alias, 1);
        assert_eq!(used, [(0, 1), (0, 2)], "«شامي» occurs inside «فرهاد شامي»");
    }

    #[test]
    fn a_name_inside_another_actors_name_does_not_occur() {
        let document = crate::load::test_document("", "قالت قوات سوريا الديمقراطية");
        let (anchored, _) = anchor(&document);
        let names = Names::new(&[
            actor("sdf", "قوات سوريا الديمقراطية", &[]),
            actor("syria", "سوريا", &[]),
        ]);
        let (mentions, used) = find_mentions(&names, &anchored);
        assert_eq!(mentions.len(), 1);
        assert_eq!(
            used,
            [(0, 0)],
            "«سوريا» names nothing inside the SDF's name"
        );
    }

    #[test]
    fn a_name_inside_one_of_its_not_mentions_phrases_is_not_a_mention() {
        let mut isis = actor("isis", "تنظيم داعش", &["داعش", "داعشي"]);
        isis.not_mentions = vec!["الهجوم الداعشي".to_owned(), "غير موجود".to_owned()];
        let actors = [isis, actor("attack", "الهجوم", &[])];
        let body = "بعد الهجوم الداعشي قال داعشي: وبالهجوم الداعشي";
        assert_eq!(
            found(&actors, body),
            pairs(&[("attack", "الهجوم"), ("isis", "داعشي"), ("attack", "وبالهجوم")]),
            "the adjective in «الهجوم الداعشي» names no ISIS member; another actor's name in the phrase stays"
        );
        let document = crate::load::test_document("", body);
        let (anchored, _) = anchor(&document);
        let (_, used) = find_mentions(&Names::new(&actors), &anchored);
        assert_eq!(
            used,
            [(0, 2), (0, 3), (1, 0)],
            "the phrase that held a name is used; the one never found is not"
        );
    }
}
