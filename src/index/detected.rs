//! Detected contradictions (spec §5): two claims on the same topic whose
//! values do not overlap, by different claimants, that no `contradicts`,
//! `supports` or `updates` links. They are computed at every build, listed
//! apart from the declared ones, and reported as warnings so that an editor
//! confirms each (`contradicts`) or explains it away (`supports`).
//!
//! The claimant of a claim is its `by`, else its document's `outlet-actor`,
//! else the outlet's name: two claims that name no actor in two documents
//! of one outlet are one claimant's. As-of dates play no part: the spec
//! defines the contradiction by values alone, and a rising toll reported by
//! two sources on two dates is still two figures an editor should relate.
//!
//! Pairs grow with the square of the claims on a topic. Past
//! [`PER_TOPIC`] on one topic only the widest gaps are listed, and one
//! warning on the topic says how many more there are.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::{
    contradiction_id, contradiction_page, ClaimView, ContradictionLink, ContradictionView, Relation,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::load::schema::Value;
use crate::load::Dossier;

/// How many detected contradictions one topic lists at most.
pub const PER_TOPIC: usize = 50;

/// What detection found.
#[derive(Debug, Default)]
pub(super) struct Detected {
    /// The contradictions, sorted by id.
    pub(super) views: Vec<ContradictionView>,
    /// Warnings: one per listed contradiction, and one per topic with more.
    pub(super) problems: Vec<Diagnostic>,
}

/// A claim as detection sees it.
#[derive(Debug, Clone, Copy)]
struct Figure {
    /// Index in the claims (sorted by id).
    claim: usize,
    low: f64,
    high: f64,
    claimant: u32,
}

/// Where each claim is written: (document index, claim index).
type Origins = HashMap<String, (usize, usize)>;

/// Two claims, by index, the lower first.
type Pair = (usize, usize);

/// What one topic gives: its id, how many pairs, the pairs listed.
type TopicPairs<'a> = (&'a str, usize, Vec<Pair>);

/// A pair's rank: the bits of its gap, then the first claims first.
type Rank = (u64, Reverse<Pair>);

/// What detection found on each topic, kept from one analysis to the next
/// by `isnad lsp`: a topic whose figures, claimants and links did not
/// change keeps its pairs, so that an edit to one front matter compares
/// only the figures of the topics it touches. A build starts with an empty
/// one. The result is the same with or without it.
#[derive(Debug, Default)]
pub struct DetectionMemo {
    topics: HashMap<String, KeptTopic>,
}

/// One topic's pairs, by claim id, and the fingerprint of what they were
/// found from.
#[derive(Debug)]
struct KeptTopic {
    fingerprint: u64,
    total: usize,
    pairs: Vec<(String, String)>,
}

/// Finds the detected contradictions among `claims` (sorted by id).
pub(super) fn detect(dossier: &Dossier, claims: &[ClaimView]) -> Detected {
    detect_with(dossier, claims, &mut DetectionMemo::default())
}

/// [`detect`], comparing again only the topics whose figures changed since
/// `memo` was filled, and filling it for the next time.
pub(super) fn detect_with(
    dossier: &Dossier,
    claims: &[ClaimView],
    memo: &mut DetectionMemo,
) -> Detected {
    let position: HashMap<&str, usize> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut origins: Origins = HashMap::new();
    let mut linked: Vec<Vec<usize>> = vec![Vec::new(); claims.len()];
    // A figure its own claimant has replaced (`updates`) is history, not a
    // side of a dispute: only the latest figure of each chain is compared.
    let mut superseded = vec![false; claims.len()];
    for (d, document) in dossier.documents.iter().enumerate() {
        for (c, spec) in document.front.claims.iter().enumerate() {
            origins.insert(spec.id.clone(), (d, c));
            let Some(&from) = position.get(spec.id.as_str()) else {
                continue;
            };
            let targets = spec
                .contradicts
                .iter()
                .map(|k| &k.claim)
                .chain(&spec.supports)
                .chain(&spec.updates);
            for target in targets {
                if let Some(&to) = position.get(target.as_str()) {
                    linked[from].push(to);
                    linked[to].push(from);
                }
            }
            for older in &spec.updates {
                if let Some(&to) = position.get(older.as_str()) {
                    superseded[to] = true;
                }
            }
        }
    }
    for list in &mut linked {
        list.sort_unstable();
        list.dedup();
    }
    let topics = figures_by_topic(claims, &superseded);
    let found: Vec<(TopicPairs<'_>, u64)> = topics
        .par_iter()
        .map(|(topic, figures)| {
            let fingerprint = fingerprint(claims, figures, &linked);
            let kept = memo
                .topics
                .get(*topic)
                .filter(|kept| kept.fingerprint == fingerprint)
                .and_then(|kept| {
                    let pairs = kept
                        .pairs
                        .iter()
                        .map(|(a, b)| {
                            Some((*position.get(a.as_str())?, *position.get(b.as_str())?))
                        })
                        .collect::<Option<Vec<Pair>>>()?;
                    Some((kept.total, pairs))
                });
            let (total, pairs) = kept.unwrap_or_else(|| unlinked_pairs(figures, &linked));
            ((*topic, total, pairs), fingerprint)
        })
        .collect();
    memo.topics = found
        .iter()
        .map(|((topic, total, pairs), fingerprint)| {
            let kept = KeptTopic {
                fingerprint: *fingerprint,
                total: *total,
                pairs: pairs
                    .iter()
                    .map(|&(a, b)| (claims[a].id.clone(), claims[b].id.clone()))
                    .collect(),
            };
            ((*topic).to_owned(), kept)
        })
        .collect();
    let found = found.into_iter().map(|(pairs, _)| pairs);
    let mut detected = Detected::default();
    for (topic, total, pairs) in found {
        for &(a, b) in &pairs {
            let view = view(&claims[a], &claims[b]);
            detected
                .problems
                .push(warning(dossier, &origins, &claims[a], &claims[b], &view));
            detected.views.push(view);
        }
        if total > pairs.len() {
            detected
                .problems
                .extend(too_many(dossier, topic, total, pairs.len()));
        }
    }
    detected.views.sort_by(|a, b| a.id.cmp(&b.id));
    detected
}

/// The claims with a topic and a value, by topic, leaving out superseded
/// figures; each claimant numbered.
fn figures_by_topic<'c>(
    claims: &'c [ClaimView],
    superseded: &[bool],
) -> BTreeMap<&'c str, Vec<Figure>> {
    let mut claimants: HashMap<String, u32> = HashMap::new();
    let mut topics: BTreeMap<&str, Vec<Figure>> = BTreeMap::new();
    for (index, claim) in claims.iter().enumerate() {
        let (Some(topic), Some((low, high))) = (&claim.topic, claim.bounds) else {
            continue;
        };
        if superseded[index] {
            continue;
        }
        let key = match &claim.by {
            Some(actor) => format!("actor:{}", actor.id),
            None => format!("outlet:{}", claim.outlet),
        };
        let next = claimants.len() as u32;
        let claimant = *claimants.entry(key).or_insert(next);
        topics.entry(topic.id.as_str()).or_default().push(Figure {
            claim: index,
            low,
            high,
            claimant,
        });
    }
    topics
}

/// A fingerprint of everything a topic's pairs depend on: each figure's
/// claim, bounds and claimant, and the claims each is linked to. (Claimant
/// numbers and claim indices depend on the rest of the dossier, so the
/// ids are hashed instead.)
fn fingerprint(claims: &[ClaimView], figures: &[Figure], linked: &[Vec<usize>]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for figure in figures {
        let claim = &claims[figure.claim];
        claim.id.hash(&mut hasher);
        figure.low.to_bits().hash(&mut hasher);
        figure.high.to_bits().hash(&mut hasher);
        match &claim.by {
            Some(actor) => (0u8, actor.id.as_str()).hash(&mut hasher),
            None => (1u8, claim.outlet.as_str()).hash(&mut hasher),
        }
        for &other in &linked[figure.claim] {
            claims[other].id.hash(&mut hasher);
        }
        u8::MAX.hash(&mut hasher);
    }
    hasher.finish()
}

/// How far apart two disjoint values are, relative to their size, so that
/// 100 against 136 counts for more than 1,000 against 1,036.
fn gap(a: &Figure, b: &Figure) -> f64 {
    let (lower, upper) = if a.high < b.low { (a, b) } else { (b, a) };
    let distance = upper.low - lower.high;
    distance / upper.low.abs().max(lower.high.abs()).max(1.0)
}

/// Every pair of figures that do not overlap, by different claimants, not
/// linked: their number, and the [`PER_TOPIC`] widest apart (claim
/// indices, lower first), sorted by claim.
///
/// A topic of a large dossier has thousands of figures, and millions of
/// pairs: they are counted, not enumerated (the pairs that do not overlap,
/// less those of one claimant and those linked), and the widest are found
/// from each figure's highest partners down, stopping where no partner can
/// be wider than the ones kept. That needs gaps that grow with the upper
/// figure, which holds for figures of zero or more; a topic with a
/// negative figure is compared pair by pair.
fn unlinked_pairs(figures: &[Figure], linked: &[Vec<usize>]) -> (usize, Vec<Pair>) {
    let ordered = |f: &Figure| f.low >= 0.0 && f.high >= f.low && f.high.is_finite();
    if !figures.iter().all(ordered) {
        return every_unlinked_pair(figures, linked);
    }
    let position: HashMap<usize, usize> = figures
        .iter()
        .enumerate()
        .map(|(i, f)| (f.claim, i))
        .collect();
    let is_linked = |a: &Figure, b: &Figure| linked[a.claim].binary_search(&b.claim).is_ok();
    let total = disjoint_pairs(figures)
        - by_claimant(figures)
            .values()
            .map(|group| disjoint_pairs(group))
            .sum::<usize>()
        - figures
            .iter()
            .flat_map(|a| linked[a.claim].iter().map(move |&c| (a, c)))
            .filter(|&(a, c)| c > a.claim)
            .filter_map(|(a, c)| Some((a, &figures[*position.get(&c)?])))
            .filter(|(a, b)| a.claimant != b.claimant && !overlap(a, b))
            .count();
    // Figures by their lower bound, highest first; among equal bounds, by
    // claim, so that ties come in the order the ranking prefers them.
    let mut above: Vec<&Figure> = figures.iter().collect();
    above.sort_unstable_by(|a, b| b.low.total_cmp(&a.low).then(a.claim.cmp(&b.claim)));
    let mut widest: BinaryHeap<Reverse<Rank>> = BinaryHeap::new();
    for a in figures {
        let mut bound = None;
        for b in above.iter().take_while(|b| b.low > a.high) {
            let key = rank(a, b);
            let full = widest.len() == PER_TOPIC;
            let least = widest.peek().map(|Reverse(least)| *least);
            // Partners further down are no wider: once one is narrower
            // than the narrowest kept, so are the rest.
            // (With a margin: rounding can make a gap one unit in the last
            // place wider than the one before it.)
            if full
                && least.is_some_and(|(g, _)| f64::from_bits(key.0) < f64::from_bits(g) * NARROWER)
            {
                break;
            }
            // Among partners as wide, later claims rank lower: the rest
            // of this bound is skipped once one does not make it.
            if bound == Some(b.low.to_bits()) {
                continue;
            }
            if a.claimant == b.claimant || is_linked(a, b) {
                continue;
            }
            if !full {
                widest.push(Reverse(key));
            } else if least.is_some_and(|least| key > least) {
                widest.pop();
                widest.push(Reverse(key));
            } else {
                bound = Some(b.low.to_bits());
            }
        }
    }
    (total, by_claim(widest))
}

/// Whether two figures' ranges share a value.
fn overlap(a: &Figure, b: &Figure) -> bool {
    a.low <= b.high && b.low <= a.high
}

/// A pair's rank: its gap, then the first claims first.
fn rank(a: &Figure, b: &Figure) -> Rank {
    (
        gap(a, b).to_bits(),
        Reverse((a.claim.min(b.claim), a.claim.max(b.claim))),
    )
}

/// The pairs kept, sorted by claim.
fn by_claim(widest: BinaryHeap<Reverse<Rank>>) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = widest
        .into_iter()
        .map(|Reverse((_, Reverse(pair)))| pair)
        .collect();
    pairs.sort_unstable();
    pairs
}

/// How much narrower than the narrowest gap kept a gap must be for the
/// search to stop: far above rounding, far below any gap that matters.
const NARROWER: f64 = 1.0 - 1e-9;

/// The figures of each claimant.
fn by_claimant(figures: &[Figure]) -> HashMap<u32, Vec<Figure>> {
    let mut groups: HashMap<u32, Vec<Figure>> = HashMap::new();
    for figure in figures {
        groups.entry(figure.claimant).or_default().push(*figure);
    }
    groups
}

/// How many pairs of `figures` do not overlap: for each figure, those
/// wholly above it.
fn disjoint_pairs(figures: &[Figure]) -> usize {
    let mut lows: Vec<f64> = figures.iter().map(|f| f.low).collect();
    lows.sort_unstable_by(f64::total_cmp);
    figures
        .iter()
        .map(|a| lows.len() - lows.partition_point(|&low| low <= a.high))
        .sum()
}

/// [`unlinked_pairs`], comparing every pair: for topics with negative
/// figures, and as the reference the faster way is tested against.
fn every_unlinked_pair(figures: &[Figure], linked: &[Vec<usize>]) -> (usize, Vec<Pair>) {
    // A min-heap of the widest gaps so far; ties go to the first claims.
    let mut widest: BinaryHeap<Reverse<Rank>> = BinaryHeap::new();
    let mut total = 0;
    for (i, a) in figures.iter().enumerate() {
        for b in &figures[i + 1..] {
            if overlap(a, b) || a.claimant == b.claimant {
                continue;
            }
            if linked[a.claim].binary_search(&b.claim).is_ok() {
                continue;
            }
            total += 1;
            // Gaps are never negative, and non-negative floats order as
            // their bits do.
            let key = rank(a, b);
            if widest.len() < PER_TOPIC {
                widest.push(Reverse(key));
            } else if widest.peek().is_some_and(|Reverse(least)| key > *least) {
                widest.pop();
                widest.push(Reverse(key));
            }
        }
    }
    (total, by_claim(widest))
}

/// Gives each declared contradiction the topic of its claims, when both
/// answer the same one.
pub(super) fn with_topics(
    mut contradictions: Vec<ContradictionView>,
    claims: &[ClaimView],
) -> Vec<ContradictionView> {
    let topic_of = |id: &str| {
        claims
            .binary_search_by(|c| c.id.as_str().cmp(id))
            .ok()
            .and_then(|i| claims[i].topic.clone())
    };
    for contradiction in &mut contradictions {
        let [a, b] = contradiction.claims.as_slice() else {
            continue;
        };
        let (a, b) = (topic_of(&a.id), topic_of(&b.id));
        if a.as_ref().map(|t| &t.id) == b.as_ref().map(|t| &t.id) {
            contradiction.topic = a;
        }
    }
    contradictions
}

/// Adds each detected contradiction to both its claims.
pub(super) fn link(mut claims: Vec<ClaimView>, detected: &[ContradictionView]) -> Vec<ClaimView> {
    let position: HashMap<String, usize> = claims
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    for contradiction in detected {
        let link = ContradictionLink {
            id: contradiction.id.clone(),
            page: contradiction.page.clone(),
            label: format!(
                "{} ⟷ {}",
                contradiction.claims[0].by_name, contradiction.claims[1].by_name
            ),
        };
        for (side, other) in [(0, 1), (1, 0)] {
            if let Some(&i) = position.get(&contradiction.claims[side].id) {
                claims[i].detected.push(Relation {
                    claim: contradiction.claims[other].clone(),
                    contradiction: Some(link.clone()),
                });
            }
        }
    }
    claims
}

fn view(a: &ClaimView, b: &ClaimView) -> ContradictionView {
    let id = contradiction_id(&a.id, &b.id);
    ContradictionView {
        page: contradiction_page(&id),
        id,
        kind: "detected".to_owned(),
        claims: vec![a.reference(), b.reference()],
        notes: Vec::new(),
        raw_notes: Vec::new(),
        topic: a.topic.clone(),
    }
}

/// The later of two claims (by as-of date; by id when the dates are equal
/// or unknown): where an editor would write the link.
fn later<'c>(a: &'c ClaimView, b: &'c ClaimView) -> (&'c ClaimView, &'c ClaimView) {
    match (&a.as_of, &b.as_of) {
        (Some(x), Some(y)) if x != y => {
            if x > y {
                (a, b)
            } else {
                (b, a)
            }
        }
        _ => {
            if a.id > b.id {
                (a, b)
            } else {
                (b, a)
            }
        }
    }
}

fn describe(claim: &ClaimView) -> String {
    let value = claim
        .value
        .map(|v: Value| v.to_string())
        .unwrap_or_default();
    match &claim.as_of {
        Some(date) => format!("`{}` ({}: {value}, as of {date})", claim.id, claim.by_name),
        None => format!("`{}` ({}: {value}, undated)", claim.id, claim.by_name),
    }
}

fn warning(
    dossier: &Dossier,
    origins: &Origins,
    a: &ClaimView,
    b: &ClaimView,
    view: &ContradictionView,
) -> Diagnostic {
    let (late, early) = later(a, b);
    let topic = late.topic.as_ref().map_or("", |t| t.id.as_str());
    let message = format!(
        "claims {} and {} on topic `{topic}` give figures that do not overlap, and neither links the other: a detected contradiction",
        describe(late),
        describe(early)
    );
    let Some(&(d, c)) = origins.get(&late.id) else {
        return crate::diagnostic::file_error("", Code::DetectedContradiction, message)
            .as_warning();
    };
    let document = &dossier.documents[d];
    let mut problem = document
        .yaml
        .error(
            Code::DetectedContradiction,
            &format!("claims.{c}.value"),
            message,
        )
        .as_warning();
    if let Some(&(d, c)) = origins.get(&early.id) {
        let other = &dossier.documents[d];
        let offset = other.yaml.offset_of(&format!("claims.{c}.value"));
        let (line, _) = other.file().position(offset);
        problem.notes.push(format!(
            "`{}` is at {}:{line}",
            early.id,
            other.file().path().display()
        ));
    }
    problem.notes.push(format!(
        "confirm it with `contradicts: [{{claim: {}}}]`, or explain it away with `supports: [{}]`; it is listed at {}",
        early.id, early.id, view.page
    ));
    problem
}

fn too_many(dossier: &Dossier, topic: &str, total: usize, listed: usize) -> Option<Diagnostic> {
    let yaml = dossier.topics.yaml.as_ref()?;
    let index = dossier.topics.entries.iter().position(|t| t.id == topic)?;
    Some(
        yaml.error(
            Code::DetectedContradiction,
            &format!("{index}.id"),
            format!(
                "topic `{topic}` has {total} detected contradictions; only the {listed} widest apart are listed and reported"
            ),
        )
        .with_note("link the figures of this topic with `contradicts`, `supports` or `updates` to bring the rest into view")
        .as_warning(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(claim: usize, low: f64, high: f64, claimant: u32) -> Figure {
        Figure {
            claim,
            low,
            high,
            claimant,
        }
    }

    #[test]
    fn only_disjoint_unlinked_figures_of_different_claimants_pair() {
        let figures = [
            figure(0, 100.0, 100.0, 0),
            figure(1, 90.0, 110.0, 1),  // overlaps 0
            figure(2, 136.0, 136.0, 2), // apart from 0 and 1
            figure(3, 150.0, 150.0, 0), // same claimant as 0
            figure(4, 5.0, 5.0, 3),     // linked to 2
        ];
        let mut linked = vec![Vec::new(); 5];
        linked[2].push(4);
        linked[4].push(2);
        let (total, pairs) = unlinked_pairs(&figures, &linked);
        assert_eq!(
            pairs,
            [(0, 2), (0, 4), (1, 2), (1, 3), (1, 4), (2, 3), (3, 4)]
        );
        assert_eq!(total, 7);
    }

    #[test]
    fn past_the_limit_the_widest_gaps_are_kept() {
        let mut figures: Vec<Figure> = (0..PER_TOPIC + 10)
            .map(|i| figure(i, 100.0 + i as f64, 100.0 + i as f64, i as u32))
            .collect();
        figures.push(figure(PER_TOPIC + 10, 0.0, 0.0, 9999));
        let linked = vec![Vec::new(); figures.len()];
        let (total, pairs) = unlinked_pairs(&figures, &linked);
        let n = figures.len();
        assert_eq!(total, n * (n - 1) / 2);
        assert_eq!(pairs.len(), PER_TOPIC);
        // Zero against anything is the widest gap there is.
        assert!(pairs.iter().all(|&(_, b)| b == PER_TOPIC + 10), "{pairs:?}");
    }

    /// A claim on `topic` by `by` with the figure `value`.
    fn claim(id: &str, by: &str, topic: &str, value: f64) -> ClaimView {
        ClaimView {
            id: id.to_owned(),
            by: Some(crate::index::ActorLink {
                id: by.to_owned(),
                name: by.to_owned(),
                page: String::new(),
                relation: None,
            }),
            by_name: by.to_owned(),
            topic: Some(crate::index::TopicLink {
                id: topic.to_owned(),
                title: topic.to_owned(),
                page: String::new(),
            }),
            value: Some(Value::Number(value)),
            bounds: Some((value, value)),
            ..ClaimView::default()
        }
    }

    /// What a detection found, to compare two.
    fn found(detected: &Detected) -> (Vec<String>, Vec<String>) {
        (
            detected.views.iter().map(|v| v.id.clone()).collect(),
            detected
                .problems
                .iter()
                .map(|p| p.message.clone())
                .collect(),
        )
    }

    fn sorted(mut claims: Vec<ClaimView>) -> Vec<ClaimView> {
        claims.sort_by(|a, b| a.id.cmp(&b.id));
        claims
    }

    #[test]
    fn a_memo_gives_what_a_fresh_detection_gives_after_each_edit() {
        let dossier = Dossier::default();
        let mut claims: Vec<ClaimView> = (0..60)
            .map(|i| {
                let topic = ["a", "b", "c"][i % 3];
                claim(
                    &format!("k{i:02}"),
                    &format!("p{}", i % 7),
                    topic,
                    (i * 37 % 11) as f64,
                )
            })
            .collect();
        let mut memo = DetectionMemo::default();
        type Edit<'e> = &'e dyn Fn(&mut Vec<ClaimView>);
        let edits: [Edit<'_>; 5] = [
            &|_| {},
            &|c| c[4] = claim("k04", "p4", "b", 99.0),
            &|c| c[5] = claim("k05", "p0", "c", 5.0),
            &|c| c.push(claim("k60", "p1", "a", 1000.0)),
            &|c| {
                c.remove(0);
            },
        ];
        for edit in edits {
            edit(&mut claims);
            let claims = sorted(claims.clone());
            let fresh = detect(&dossier, &claims);
            assert!(!fresh.views.is_empty());
            assert_eq!(
                found(&detect_with(&dossier, &claims, &mut memo)),
                found(&fresh)
            );
        }
    }

    #[test]
    fn a_topic_whose_figures_did_not_change_is_not_compared_again() {
        let dossier = Dossier::default();
        let mut claims = sorted(vec![
            claim("a1", "x", "a", 1.0),
            claim("a2", "y", "a", 2.0),
            claim("b1", "x", "b", 1.0),
            claim("b2", "y", "b", 2.0),
        ]);
        let mut memo = DetectionMemo::default();
        assert_eq!(detect_with(&dossier, &claims, &mut memo).views.len(), 2);
        // Were topic b compared again, it would find its pair.
        memo.topics.get_mut("b").unwrap().pairs.clear();
        claims[1] = claim("a2", "y", "a", 3.0);
        let views = detect_with(&dossier, &claims, &mut memo).views;
        let ids: Vec<&str> = views.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, [contradiction_id("a1", "a2")]);
    }

    #[test]
    fn counting_and_pruning_find_what_comparing_every_pair_finds() {
        let mut seed = 7u64;
        let mut next = |bound: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % bound
        };
        for round in 0..300 {
            let n = next(160) as usize;
            let scale = [1.0, 0.1, 100.0][round % 3];
            let figures: Vec<Figure> = (0..n)
                .map(|claim| {
                    let low = next(30) as f64 * scale;
                    let high = low + [0.0, 0.0, 3.0][next(3) as usize] * scale;
                    figure(claim, low, high, next(6) as u32)
                })
                .collect();
            let mut linked = vec![Vec::new(); n];
            for _ in 0..n / 3 {
                let (a, b) = (next(n as u64) as usize, next(n as u64) as usize);
                linked[a].push(b);
                linked[b].push(a);
            }
            for list in &mut linked {
                list.sort_unstable();
                list.dedup();
            }
            assert_eq!(
                unlinked_pairs(&figures, &linked),
                every_unlinked_pair(&figures, &linked),
                "round {round}"
            );
        }
    }

    #[test]
    fn a_negative_figure_is_compared_pair_by_pair() {
        let figures = [figure(0, -5.0, -5.0, 0), figure(1, 3.0, 3.0, 1)];
        let linked = vec![Vec::new(); 2];
        assert_eq!(unlinked_pairs(&figures, &linked), (1, vec![(0, 1)]));
    }
}
