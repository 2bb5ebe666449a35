//! What the sources disagree on: one row per disputed topic, ranked by how
//! contested it is, with every claimant's figure side by side. The index
//! opens with it, so that a reader sees the disputes before the lists.

use std::collections::{HashMap, HashSet};

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
