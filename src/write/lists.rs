//! The index page and the lists it leads to. The index shows the first
//! entries of each list that grows with the dossier (documents,
//! contradictions, actors) and links to the whole list, split into pages
//! ([`crate::index::paging`]), so that its size stays bounded.

use serde::Serialize;
use serde_json::{json, Value};

use super::Page;
use crate::index::paging::{list_page, Pager, INDEX_PREVIEW, LIST_PER_PAGE};
use crate::index::Site;

/// The first page of the list of every document.
const DOCUMENTS: &str = "documents.html";
/// The first page of the list of every declared contradiction.
const CONTRADICTIONS: &str = "contradictions.html";
/// The first page of the list of every actor.
const ACTORS: &str = "actors.html";
/// The first page of the list of every claim.
const CLAIMS: &str = "claims.html";

/// How many contradictions of one topic the index shows.
const GROUP_PREVIEW: usize = 30;

/// The index page's context: summaries, and at most a bounded number of
/// entries of each list, with the path of the whole list when it is cut.
pub(super) fn index_context(site: &Site) -> Value {
    let documents: Vec<Value> = site
        .documents
        .iter()
        .take(INDEX_PREVIEW)
        .map(document_entry)
        .collect();
    let actors: Vec<Value> = site
        .actors
        .iter()
        .take(LIST_PER_PAGE)
        .map(actor_entry)
        .collect();
    let mut overview = serde_json::to_value(&site.overview).unwrap_or_default();
    let cut_groups = cut_contradiction_groups(&mut overview);
    json!({
        "documents": documents,
        "document_count": site.documents.len(),
        "all_documents": (site.documents.len() > INDEX_PREVIEW).then_some(DOCUMENTS),
        "contradictions": site.contradictions.len(),
        "all_contradictions": cut_groups.then_some(CONTRADICTIONS),
        "topics": site.topics.iter().map(|t| json!({
            "id": t.id, "title": t.title, "page": t.page, "claim_count": t.claim_count,
        })).collect::<Vec<_>>(),
        "actors": actors,
        "actor_count": site.actors.len(),
        "all_actors": (site.actors.len() > LIST_PER_PAGE).then_some(ACTORS),
        "claim_count": site.claims.len(),
        "overview": overview,
    })
}

/// Shortens each topic's contradictions in the serialized overview to
/// [`GROUP_PREVIEW`], noting how many were left out (`more`); returns
/// whether any were.
fn cut_contradiction_groups(overview: &mut Value) -> bool {
    let Some(groups) = overview
        .get_mut("contradiction_groups")
        .and_then(Value::as_array_mut)
    else {
        return false;
    };
    let mut cut = false;
    for group in groups {
        let mut room = GROUP_PREVIEW;
        let mut more = 0;
        for kind in ["between", "within"] {
            if let Some(list) = group.get_mut(kind).and_then(Value::as_array_mut) {
                let kept = list.len().min(room);
                more += list.len() - kept;
                list.truncate(kept);
                room -= kept;
            }
        }
        cut |= more > 0;
        group["more"] = more.into();
    }
    cut
}

fn document_entry(d: &crate::index::DocumentView) -> Value {
    json!({
        "id": d.id, "title": d.title, "page": d.page, "lang": d.lang, "dir": d.dir,
        "source": { "outlet": d.source.outlet, "published": d.source.published },
        "claim_count": d.claim_count,
    })
}

fn actor_entry(a: &crate::index::ActorView) -> Value {
    json!({
        "id": a.id, "name": a.name, "kind": a.kind, "page": a.page, "claim_count": a.claim_count,
    })
}

/// The pages of the lists: every claim (always), and every document,
/// contradiction and actor when the index cannot show them all.
pub(super) fn list_pages(site: &Site) -> Vec<Page<'_>> {
    // Every claim, as it serializes: turned into a JSON value, the claims
    // and their relations took a tenth of a preview's rebuild, where the
    // page's data is serialized for its key.
    #[derive(Serialize)]
    struct Claims<'a> {
        claims: &'a [std::sync::Arc<crate::index::ClaimView>],
    }
    let mut pages = paged(CLAIMS, "claims.html", site.claims.len(), |range| Claims {
        claims: &site.claims[range],
    });
    if site.documents.len() > INDEX_PREVIEW {
        pages.extend(paged(DOCUMENTS, "list.html", site.documents.len(), |range| {
            json!({ "kind": "documents", "documents": site.documents[range].iter().map(document_entry).collect::<Vec<_>>() })
        }));
    }
    if site.actors.len() > LIST_PER_PAGE {
        pages.extend(paged(ACTORS, "list.html", site.actors.len(), |range| {
            json!({ "kind": "actors", "actors": site.actors[range].iter().map(actor_entry).collect::<Vec<_>>() })
        }));
    }
    let groups = &site.overview.contradiction_groups;
    if groups
        .iter()
        .any(|g| g.between.len() + g.within.len() > GROUP_PREVIEW)
    {
        // In the index's order: by topic, between claimants first. Each
        // page makes the entries it shows: all of them, as data, would be
        // tens of megabytes held through the whole page stage.
        let all: Vec<_> = groups
            .iter()
            .flat_map(|g| g.between.iter().chain(&g.within).map(move |c| (g, c)))
            .collect();
        let all = std::sync::Arc::new(all);
        pages.extend(paged(
            CONTRADICTIONS,
            "list.html",
            all.len(),
            move |range| {
                let shown: Vec<Value> = all[range]
                    .iter()
                    .map(|(g, c)| json!({ "topic": g.topic, "contradiction": c }))
                    .collect();
                json!({ "kind": "contradictions", "contradictions": shown })
            },
        ));
    }
    pages
}

/// One page of a list: its entries (`T`'s fields) and where it stands.
#[derive(Serialize)]
struct ListPage<T> {
    #[serde(flatten)]
    entries: T,
    total: usize,
    first: usize,
    pager: Pager,
}

/// The pages of a list of `total` entries whose first page is `first`,
/// each made when rendered from the range of entries it shows.
fn paged<'a, T: Serialize + 'a>(
    first: &'static str,
    template: &'static str,
    total: usize,
    entries: impl Fn(std::ops::Range<usize>) -> T + Sync + Send + Clone + 'a,
) -> Vec<Page<'a>> {
    let ranges = crate::index::paging::even(total, LIST_PER_PAGE);
    let count = ranges.len();
    ranges
        .into_iter()
        .enumerate()
        .map(|(index, range)| {
            let entries = entries.clone();
            Page::lazy(&list_page(first, index), template, "list", move || {
                let pager =
                    Pager::new(index, count, &|i| list_page(first, i)).starting_at(range.start);
                ListPage {
                    entries: entries(range.clone()),
                    total,
                    first: pager.first,
                    pager,
                }
            })
        })
        .collect()
}
