//! The timeline: every day the dossier knows of, in order; under each day,
//! the sources (documents) published that day or reporting something as
//! of that day, each with the claims it dates to that day (their as-of
//! date, by default their document's publication date). So what each
//! source reported when reads down one page. Documents with no date are
//! listed apart.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::{ClaimView, DocumentLink, DocumentView, TopicLink};

/// A document on the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineDocument {
    /// The document.
    pub document: DocumentLink,
    /// Its outlet.
    pub outlet: String,
    /// Its publication date and time, as written.
    pub published: Option<String>,
    /// Its language.
    pub lang: String,
    /// Its direction.
    pub dir: String,
    /// How many claims it has.
    pub claims: usize,
}

/// A claim on the timeline: only what the line shows.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineClaim {
    /// Its place in its document.
    pub page: String,
    /// Its quote.
    pub quote: String,
    /// The claimant.
    pub by_name: String,
    /// The claimant's page, when the claimant is an actor.
    pub by_page: Option<String>,
    /// Its value, formatted.
    pub value_text: Option<String>,
    /// Its topic.
    pub topic: Option<TopicLink>,
    /// Its as-of date as written, when it is more than a day.
    pub time: Option<String>,
}

/// A source on one day: a document, and what it dates to that day.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineSource {
    /// The document.
    pub document: TimelineDocument,
    /// Whether it was published that day.
    pub published_here: bool,
    /// Its claims as of that day, by claimant.
    pub claims: Vec<TimelineClaim>,
}

/// One day.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The sources of that day, in order of publication.
    pub sources: Vec<TimelineSource>,
}

/// The whole timeline.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timeline {
    /// Days in order.
    pub days: Vec<TimelineDay>,
    /// Documents with no publication date.
    pub undated: Vec<TimelineDocument>,
    /// How many claims have no date at all.
    pub undated_claims: usize,
    /// When the timeline is split into pages: its months and their pages
    /// (on the first page, which then lists no days).
    pub months: Vec<TimelineMonth>,
    /// When the timeline is split into pages: where this page stands.
    pub pager: Option<super::paging::Pager>,
    /// Undated documents not listed (the list of every document has them).
    pub undated_more: usize,
}

/// A month of a timeline split into pages.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineMonth {
    /// `YYYY-MM` (or a year, for what is dated to a year only).
    pub month: String,
    /// Its pages, in order.
    pub parts: Vec<TimelineSpan>,
}

/// One page of a month.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineSpan {
    /// Its path.
    pub page: String,
    /// Its first day.
    pub first: String,
    /// Its last day.
    pub last: String,
    /// How many sources it lists.
    pub sources: usize,
    /// How many claims it lists.
    pub claims: usize,
}

/// How many lines (sources and claims) a page of the timeline holds
/// before the next one starts.
const LINES_PER_PAGE: usize = 300;

/// Where a page of the timeline starts and ends: day and source indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    start: (usize, usize),
    end: (usize, usize),
}

/// The month of a day (its first seven characters).
fn month(date: &str) -> String {
    date.chars().take(7).collect()
}

impl Timeline {
    /// Where the timeline is cut into pages: at each new month, and within
    /// a month every [`LINES_PER_PAGE`] lines (a day may run over two
    /// pages). Empty when the whole timeline fits on one page.
    pub fn cuts(&self) -> Vec<Cut> {
        let lines = |s: &TimelineSource| 1 + s.claims.len();
        let total: usize = self.days.iter().flat_map(|d| &d.sources).map(lines).sum();
        if total <= LINES_PER_PAGE {
            return Vec::new();
        }
        let mut cuts = Vec::new();
        let mut start = (0, 0);
        let mut filled = 0;
        for (d, day) in self.days.iter().enumerate() {
            let new_month = d > 0 && month(&self.days[d - 1].date) != month(&day.date);
            if new_month && filled > 0 {
                cuts.push(Cut { start, end: (d, 0) });
                (start, filled) = ((d, 0), 0);
            }
            for (s, source) in day.sources.iter().enumerate() {
                if filled > 0 && filled + lines(source) > LINES_PER_PAGE {
                    cuts.push(Cut { start, end: (d, s) });
                    (start, filled) = ((d, s), 0);
                }
                filled += lines(source);
            }
        }
        if filled > 0 {
            cuts.push(Cut {
                start,
                end: (self.days.len(), 0),
            });
        }
        cuts
    }

    /// The days of one cut, each with the sources of it that the cut
    /// holds.
    fn slices(&self, cut: Cut) -> impl Iterator<Item = (&str, &[TimelineSource])> {
        let ((d0, s0), (d1, s1)) = (cut.start, cut.end);
        (d0..=d1.min(self.days.len().saturating_sub(1))).filter_map(move |d| {
            let day = &self.days[d];
            let from = if d == d0 { s0 } else { 0 };
            let to = if d == d1 { s1 } else { day.sources.len() };
            (from < to).then(|| (day.date.as_str(), &day.sources[from..to]))
        })
    }

    /// The days of one cut, their sources limited to it.
    fn days_of(&self, cut: Cut) -> Vec<TimelineDay> {
        self.slices(cut)
            .map(|(date, sources)| TimelineDay {
                date: date.to_owned(),
                sources: sources.to_vec(),
            })
            .collect()
    }

    /// The first page of a timeline cut into `cuts`: its months, each with
    /// its pages, and the undated documents (at most a list page of them).
    pub fn front_page(&self, cuts: &[Cut], page_of: &dyn Fn(usize) -> String) -> Timeline {
        let mut months: Vec<TimelineMonth> = Vec::new();
        for (index, cut) in cuts.iter().enumerate() {
            let days: Vec<(&str, &[TimelineSource])> = self.slices(*cut).collect();
            let (Some(&(first, _)), Some(&(last, _))) = (days.first(), days.last()) else {
                continue;
            };
            let span = TimelineSpan {
                page: page_of(index),
                first: first.to_owned(),
                last: last.to_owned(),
                sources: days.iter().map(|(_, sources)| sources.len()).sum(),
                claims: days
                    .iter()
                    .flat_map(|(_, sources)| sources.iter())
                    .map(|s| s.claims.len())
                    .sum(),
            };
            let name = month(first);
            match months.last_mut() {
                Some(m) if m.month == name => m.parts.push(span),
                _ => months.push(TimelineMonth {
                    month: name,
                    parts: vec![span],
                }),
            }
        }
        let shown = self.undated.len().min(super::paging::LIST_PER_PAGE);
        Timeline {
            days: Vec::new(),
            undated: self.undated[..shown].to_vec(),
            undated_claims: self.undated_claims,
            months,
            pager: None,
            undated_more: self.undated.len() - shown,
        }
    }

    /// Page `index` of a timeline cut into `cuts`.
    pub fn part(&self, cuts: &[Cut], index: usize, page_of: &dyn Fn(usize) -> String) -> Timeline {
        Timeline {
            days: self.days_of(cuts[index]),
            undated: Vec::new(),
            undated_claims: 0,
            months: Vec::new(),
            pager: Some(super::paging::Pager::new(index, cuts.len(), page_of)),
            undated_more: 0,
        }
    }

    /// The path of page `index` of a timeline cut into `cuts`, named by
    /// its month: `timeline/2022-01.html`, `timeline/2022-01/2.html`.
    pub fn page_path(&self, cuts: &[Cut], index: usize) -> String {
        let name = |i: usize| month(&self.days[cuts[i].start.0].date);
        let this = name(index);
        let nth = (0..index).filter(|&i| name(i) == this).count();
        super::paging::entity_page(&format!("timeline/{this}.html"), nth)
    }
}

/// The day of a date or date-time: its first ten characters (a month or a
/// year stays as it is).
fn day(date: &str) -> String {
    date.chars().take(10).collect()
}

fn timeline_document(document: &DocumentView) -> TimelineDocument {
    TimelineDocument {
        document: DocumentLink {
            id: document.id.clone(),
            title: document.title.clone(),
            page: document.page.clone(),
        },
        outlet: document.source.outlet.clone(),
        published: document.source.published.clone(),
        lang: document.lang.clone(),
        dir: document.dir.clone(),
        claims: document.claim_count,
    }
}

/// Builds the timeline from the documents and claims of the site.
pub(super) fn timeline(documents: &[DocumentView], claims: &[Arc<ClaimView>]) -> Timeline {
    let index: BTreeMap<&str, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    // day → document index → (published that day, claims)
    let mut days: BTreeMap<String, BTreeMap<usize, (bool, Vec<&ClaimView>)>> = BTreeMap::new();
    let mut undated = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        match &document.source.published {
            Some(date) => days.entry(day(date)).or_default().entry(i).or_default().0 = true,
            None => undated.push(timeline_document(document)),
        }
    }
    let mut undated_claims = 0;
    for claim in claims {
        // An earlier event's claim goes where the event is; a month or a
        // year is a place of its own, before the days in it.
        let when = claim.event_date.as_ref().or(claim.as_of.as_ref());
        let (Some(date), Some(&i)) = (when, index.get(claim.document.as_str())) else {
            undated_claims += 1;
            continue;
        };
        days.entry(day(date))
            .or_default()
            .entry(i)
            .or_default()
            .1
            .push(claim);
    }
    let days = days
        .into_iter()
        .map(|(date, sources)| {
            let mut sources: Vec<TimelineSource> = sources
                .into_iter()
                .map(|(i, (published_here, mut claims))| {
                    claims.sort_by(|a, b| {
                        (&a.as_of, &a.by_name, &a.id).cmp(&(&b.as_of, &b.by_name, &b.id))
                    });
                    TimelineSource {
                        document: timeline_document(&documents[i]),
                        published_here,
                        claims: claims
                            .into_iter()
                            .map(|c| timeline_claim(c, &date))
                            .collect(),
                    }
                })
                .collect();
            sources.sort_by(|a, b| {
                let key = |s: &TimelineSource| {
                    (
                        !s.published_here,
                        s.document.published.clone(),
                        s.document.document.id.clone(),
                    )
                };
                key(a).cmp(&key(b))
            });
            TimelineDay { date, sources }
        })
        .collect();
    Timeline {
        days,
        undated,
        undated_claims,
        ..Timeline::default()
    }
}

fn timeline_claim(claim: &ClaimView, date: &str) -> TimelineClaim {
    TimelineClaim {
        page: claim.page.clone(),
        quote: claim.quote.clone(),
        by_name: claim.by_name.clone(),
        by_page: claim.by.as_ref().map(|b| b.page.clone()),
        value_text: claim.value_text.clone(),
        topic: claim.topic.clone(),
        time: claim.as_of.clone().filter(|a| a != date),
    }
}
