//! Splitting the lists that grow with the dossier (an actor's claims and
//! mentions, a topic's figures, the timeline, the index's lists) into
//! pages of bounded size, so that no page a reader opens grows without
//! bound, whatever the size of the dossier.
//!
//! The first page keeps the entity's own path (`actors/x.html`), so links
//! to it never change; the next ones go in a folder named after it
//! (`actors/x/2.html`), which no id can collide with since ids hold no
//! `/`. Top-level lists continue beside themselves (`claims-2.html`).

use std::ops::Range;

use serde::Serialize;

/// How many claims one page of an actor or a topic lists.
pub const CLAIMS_PER_PAGE: usize = 100;

/// How many mentions one page of an actor lists (in whole documents, so a
/// page can hold a few more).
pub const MENTIONS_PER_PAGE: usize = 200;

/// How many entries of a top-level list (documents, claims, actors,
/// topics, contradictions) one page holds.
pub const LIST_PER_PAGE: usize = 500;

/// How many entries of each list the index page shows before linking to
/// the whole list.
pub const INDEX_PREVIEW: usize = 100;

/// How many pages on each side of the current one the pager links to
/// (besides the first and the last): the pager stays one line however
/// many pages there are.
const NEARBY: usize = 3;

/// Where a page stands among the pages of its list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pager {
    /// 1-based.
    pub number: usize,
    /// How many pages there are.
    pub pages: usize,
    /// The previous page's path, from the site's root.
    pub previous: Option<String>,
    /// The next page's path, from the site's root.
    pub next: Option<String>,
    /// The first, the last and the pages near this one, for a list of
    /// page numbers (a gap in the numbers is a gap in the list).
    pub links: Vec<PageLink>,
    /// The 1-based position of this page's first item in the whole list.
    pub first: usize,
}

/// One page among the pages of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    /// 1-based.
    pub number: usize,
    /// Its path from the site's root.
    pub page: String,
    /// Whether pages are left out between the previous link and this one.
    pub gap_before: bool,
}

impl Pager {
    /// The pager of page `index` (0-based) of `pages`, whose paths
    /// `path_of` gives.
    pub fn new(index: usize, pages: usize, path_of: &dyn Fn(usize) -> String) -> Pager {
        Pager {
            number: index + 1,
            pages,
            previous: index.checked_sub(1).map(path_of),
            next: (index + 1 < pages).then(|| path_of(index + 1)),
            links: (0..pages)
                .filter(|&i| i == 0 || i + 1 == pages || i.abs_diff(index) <= NEARBY)
                .scan(None, |last: &mut Option<usize>, i| {
                    let gap_before = last.is_some_and(|l| i > l + 1);
                    *last = Some(i);
                    Some(PageLink {
                        number: i + 1,
                        page: path_of(i),
                        gap_before,
                    })
                })
                .collect(),
            first: 1,
        }
    }

    /// The same, for a page whose items start at `start` (0-based).
    pub fn starting_at(mut self, start: usize) -> Pager {
        self.first = start + 1;
        self
    }
}

pub use crate::urls::{entity_page, list_page};

/// `len` items split into pages of `per_page` (at least one page, empty
/// when there is nothing).
pub fn even(len: usize, per_page: usize) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = (0..len)
        .step_by(per_page.max(1))
        .map(|start| start..(start + per_page).min(len))
        .collect();
    if ranges.is_empty() {
        ranges.push(0..0);
    }
    ranges
}

/// Items of the given weights split into pages that each hold at least
/// `budget` weight but the last, without splitting an item (a document's
/// mentions stay together; one heavier than the budget is a page alone).
pub fn by_weight(weights: impl IntoIterator<Item = usize>, budget: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let (mut start, mut filled, mut len) = (0, 0, 0);
    for (i, weight) in weights.into_iter().enumerate() {
        if filled > 0 && filled + weight > budget {
            ranges.push(start..i);
            (start, filled) = (i, 0);
        }
        filled += weight;
        len = i + 1;
    }
    if len > start || ranges.is_empty() {
        ranges.push(start..len);
    }
    ranges
}

/// The `index`th range of `ranges`, or an empty one past the end (when
/// two lists share a pager and one is shorter).
pub fn part(ranges: &[Range<usize>], index: usize) -> Range<usize> {
    ranges.get(index).cloned().unwrap_or_else(|| {
        let end = ranges.last().map_or(0, |r| r.end);
        end..end
    })
}

impl super::ActorView {
    /// The claims and the mentions of each page, in step: page N shows the
    /// Nth page of each list.
    fn parts(&self) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let claims = even(self.claims.len(), CLAIMS_PER_PAGE);
        let mentions = by_weight(
            self.mentions.iter().map(|g| g.mentions.len()),
            MENTIONS_PER_PAGE,
        );
        (claims, mentions)
    }

    /// How many pages the actor has.
    pub fn page_count(&self) -> usize {
        let (claims, mentions) = self.parts();
        claims.len().max(mentions.len())
    }

    /// Page `index` (0-based) of the actor: everything said about it, with
    /// only that page's claims and mentions.
    pub fn page_part(&self, index: usize) -> super::ActorView {
        let (claims, mentions) = self.parts();
        let pages = claims.len().max(mentions.len());
        let own = part(&claims, index);
        super::ActorView {
            id: self.id.clone(),
            name: self.name.clone(),
            aliases: self.aliases.clone(),
            kind: self.kind.clone(),
            relation: self.relation,
            role: self.role.clone(),
            member_of: self.member_of.clone(),
            members: self.members.clone(),
            description: self.description.clone(),
            page: entity_page(&self.page, index),
            claims: self.claims[own.clone()].to_vec(),
            mentions: self.mentions[part(&mentions, index)].to_vec(),
            mention_count: self.mention_count,
            claim_count: self.claim_count,
            pager: Some(
                Pager::new(index, pages, &|i| entity_page(&self.page, i)).starting_at(own.start),
            ),
        }
    }
}

impl super::TopicView {
    /// How many pages the topic has.
    pub fn page_count(&self) -> usize {
        even(self.claims.len(), CLAIMS_PER_PAGE).len()
    }

    /// Page `index` (0-based) of the topic: its figures on that page, and
    /// the chart of them all on the first.
    pub fn page_part(&self, index: usize) -> super::TopicView {
        let claims = even(self.claims.len(), CLAIMS_PER_PAGE);
        let own = part(&claims, index);
        super::TopicView {
            id: self.id.clone(),
            title: self.title.clone(),
            unit: self.unit.clone(),
            description: self.description.clone(),
            page: entity_page(&self.page, index),
            claims: self.claims[own.clone()].to_vec(),
            chart: if index == 0 { self.chart.clone() } else { None },
            sources: self.sources,
            outlets: self.outlets,
            claim_count: self.claim_count,
            pager: Some(
                Pager::new(index, claims.len(), &|i| entity_page(&self.page, i))
                    .starting_at(own.start),
            ),
        }
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // A list of one page is what is meant.
mod tests {
    use super::*;

    #[test]
    fn boundaries_of_even_pages() {
        assert_eq!(even(0, 100), [0..0]);
        assert_eq!(even(1, 100), [0..1]);
        assert_eq!(even(100, 100), [0..100]);
        assert_eq!(even(101, 100), [0..100, 100..101]);
    }

    #[test]
    fn weighted_pages_keep_items_whole() {
        assert_eq!(by_weight([], 10), [0..0]);
        assert_eq!(by_weight([3, 3, 3], 10), [0..3]);
        assert_eq!(by_weight([5, 5, 1], 10), [0..2, 2..3]);
        assert_eq!(by_weight([30, 1, 1], 10), [0..1, 1..3]);
        assert_eq!(by_weight([1, 30], 10), [0..1, 1..2]);
    }

    #[test]
    fn pages_after_the_first_go_in_a_folder_or_beside_the_list() {
        assert_eq!(entity_page("actors/x.html", 0), "actors/x.html");
        assert_eq!(entity_page("actors/x.html", 1), "actors/x/2.html");
        assert_eq!(list_page("claims.html", 2), "claims-3.html");
        let pager = Pager::new(1, 3, &|i| list_page("claims.html", i));
        assert_eq!(pager.number, 2);
        assert_eq!(pager.previous.as_deref(), Some("claims.html"));
        assert_eq!(pager.next.as_deref(), Some("claims-3.html"));
        assert_eq!(pager.links.len(), 3);
        let far = Pager::new(20, 40, &|i| list_page("claims.html", i));
        let numbers: Vec<usize> = far.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 18, 19, 20, 21, 22, 23, 24, 40]);
        assert_eq!(part(&even(5, 2), 7), 5..5);
    }
}
