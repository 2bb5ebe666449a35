//! The timeline: every day the dossier knows of, in order; under each day,
//! the sources (documents) published that day or reporting something as
//! of that day, each with the claims it dates to that day (their as-of
//! date, by default their document's publication date). So what each
//! source reported when reads down one page. Documents with no date are
//! listed apart.

use std::collections::BTreeMap;

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
pub(super) fn timeline(documents: &[DocumentView], claims: &[ClaimView]) -> Timeline {
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
