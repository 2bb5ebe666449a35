//! What the sources disagree on: one row per disputed topic, ranked by how
//! contested it is, with every claimant's figure side by side. The index
//! opens with it, so that a reader sees the disputes before the lists.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use super::{ActorLink, ClaimView, ContradictionView, TopicLink, TopicView};

/// How many disputed topics the index shows (the rest are on the topic
/// list): the block must stay readable on one screen.
pub(super) const MAX_DISPUTES: usize = 8;

/// How many figures one row shows; a topic with more says how many more.
pub(super) const MAX_FIGURES: usize = 8;

/// One claimant's figure in a dispute.
#[derive(Debug, Clone, Serialize)]
pub struct DisputedFigure {
    /// The claim's id (for data, not for readers).
    pub claim: String,
    /// The claim's place in its document.
    pub page: String,
    /// Who says it.
    pub by: Option<ActorLink>,
    /// Their name.
    pub by_name: String,
    /// The figure, in the dossier's words.
    pub value_text: String,
    /// The date it refers to.
    pub as_of: Option<String>,
    /// The outlet that carries it.
    pub outlet: String,
    /// How many claims contradict this one.
    pub against: usize,
}

/// A disputed topic.
#[derive(Debug, Clone, Serialize)]
pub struct Dispute {
    /// The topic.
    pub topic: TopicLink,
    /// Its unit.
    pub unit: Option<String>,
    /// How many contradictions (declared and detected) join two of its
    /// claims: how contested it is.
    pub contradictions: usize,
    /// How many claimants give a figure.
    pub claimants: usize,
    /// The figures, lowest first.
    pub figures: Vec<DisputedFigure>,
    /// Figures left out of the row.
    pub more: usize,
}

/// The disputed topics, most contested first: those with at least one
/// contradiction between two of their figures.
pub(super) fn disputes(
    topics: &[TopicView],
    declared: &[ContradictionView],
    detected: &[ContradictionView],
) -> Vec<Dispute> {
    // How many claims contradict each claim.
    let mut against: HashMap<&str, usize> = HashMap::new();
    let mut pairs: HashSet<(&str, &str)> = HashSet::new();
    for contradiction in declared.iter().chain(detected) {
        if let [a, b] = contradiction.claims.as_slice() {
            *against.entry(a.id.as_str()).or_default() += 1;
            *against.entry(b.id.as_str()).or_default() += 1;
            pairs.insert((a.id.as_str(), b.id.as_str()));
        }
    }
    let mut disputes: Vec<Dispute> = topics
        .iter()
        .filter_map(|topic| dispute(topic, &against, &pairs))
        .collect();
    disputes.sort_by(|a, b| {
        (b.contradictions, b.claimants)
            .cmp(&(a.contradictions, a.claimants))
            .then_with(|| a.topic.id.cmp(&b.topic.id))
    });
    disputes.truncate(MAX_DISPUTES);
    disputes
}

fn dispute(
    topic: &TopicView,
    against: &HashMap<&str, usize>,
    pairs: &HashSet<(&str, &str)>,
) -> Option<Dispute> {
    let with_value: Vec<&ClaimView> = topic
        .claims
        .iter()
        .filter(|c| c.value_text.is_some())
        .map(AsRef::as_ref)
        .collect();
    let ids: HashSet<&str> = with_value.iter().map(|c| c.id.as_str()).collect();
    let contradictions = pairs
        .iter()
        .filter(|(a, b)| ids.contains(a) && ids.contains(b))
        .count();
    if contradictions == 0 {
        return None;
    }
    let mut figures: Vec<&ClaimView> = with_value;
    // Lowest first; unknown figures last; then by date and claim.
    figures.sort_by(|a, b| {
        let low = |c: &ClaimView| c.bounds.map_or(f64::INFINITY, |(low, _)| low);
        low(a)
            .total_cmp(&low(b))
            .then_with(|| a.as_of.cmp(&b.as_of))
            .then_with(|| a.id.cmp(&b.id))
    });
    let claimants: HashSet<&str> = figures.iter().map(|c| c.by_name.as_str()).collect();
    // One chip per claimant and figure: a claimant who says "none" twice
    // says it once here (the first place links to the words).
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    figures.retain(|c| {
        seen.insert((
            c.by_name.as_str(),
            c.value_text.as_deref().unwrap_or_default(),
        ))
    });
    let more = figures.len().saturating_sub(MAX_FIGURES);
    let figures = figures
        .into_iter()
        .take(MAX_FIGURES)
        .map(|c| DisputedFigure {
            claim: c.id.clone(),
            page: c.page.clone(),
            by: c.by.clone(),
            by_name: c.by_name.clone(),
            value_text: c.value_text.clone().unwrap_or_default(),
            as_of: c.as_of.clone(),
            outlet: c.outlet.clone(),
            against: against.get(c.id.as_str()).copied().unwrap_or_default(),
        })
        .collect();
    Some(Dispute {
        topic: TopicLink {
            id: topic.id.clone(),
            title: topic.title.clone(),
            page: topic.page.clone(),
        },
        unit: topic.unit.clone(),
        contradictions,
        claimants: claimants.len(),
        figures,
        more,
    })
}

/// The declared contradictions of one topic, for the index: those between
/// two sources apart from tensions inside one source.
#[derive(Debug, Clone, Serialize)]
pub struct ContradictionGroup {
    /// The topic; `None` for contradictions whose claims have none.
    pub topic: Option<TopicLink>,
    /// Between two claimants.
    pub between: Vec<ContradictionView>,
    /// Between two claims of one claimant.
    pub within: Vec<ContradictionView>,
}

/// The declared contradictions grouped by topic (a pair across two topics
/// goes with its first claim's, or else its second's), the groups in the
/// order of the disputes and then by size, those with no topic last.
pub(super) fn contradictions_by_topic(
    contradictions: &[ContradictionView],
    claims: &[Arc<ClaimView>],
    disputes: &[Dispute],
) -> Vec<ContradictionGroup> {
    let topic_of: HashMap<&str, &TopicLink> = claims
        .iter()
        .filter_map(|c| Some((c.id.as_str(), c.topic.as_ref()?)))
        .collect();
    let mut groups: Vec<ContradictionGroup> = Vec::new();
    for contradiction in contradictions {
        let topic = contradiction
            .claims
            .iter()
            .find_map(|c| topic_of.get(c.id.as_str()).copied());
        let index = match groups
            .iter()
            .position(|g| g.topic.as_ref().map(|t| &t.id) == topic.map(|t| &t.id))
        {
            Some(index) => index,
            None => {
                groups.push(ContradictionGroup {
                    topic: topic.cloned(),
                    between: Vec::new(),
                    within: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let one_claimant = matches!(
            contradiction.claims.as_slice(),
            [a, b] if a.by_name == b.by_name
        );
        let group = &mut groups[index];
        if one_claimant {
            group.within.push(contradiction.clone());
        } else {
            group.between.push(contradiction.clone());
        }
    }
    let rank: HashMap<&str, usize> = disputes
        .iter()
        .enumerate()
        .map(|(i, d)| (d.topic.id.as_str(), i))
        .collect();
    groups.sort_by_key(|g| {
        let id = g.topic.as_ref().map(|t| t.id.clone());
        (
            id.is_none(),
            id.as_deref()
                .and_then(|id| rank.get(id).copied())
                .unwrap_or(usize::MAX),
            std::cmp::Reverse(g.between.len() + g.within.len()),
            id,
        )
    });
    groups
}
