//! The print page, in the volumes [`crate::index::print_volumes`] splits
//! it into: `print.html` first (cover, contents, disputes), then
//! `print-2.html`, … Each volume is a page of its own, kept or made again
//! by the fingerprints of the bodies it shows.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::Page;
use crate::index::paging::{list_page, Pager};
use crate::index::{print_volumes, ClaimView, DocumentView, PrintVolume, Site, PRINT_VOLUME_BYTES};
use crate::urls::PRINT_PAGE;

/// What one volume's template reads, under `print`.
#[derive(Serialize)]
struct VolumeData<'a> {
    /// Where the volume stands among them; `None` when there is one.
    volume: Option<Pager>,
    /// How many documents the whole dossier has.
    document_count: usize,
    /// How many topics it has.
    topic_count: usize,
    /// Every volume and the documents in it (the first volume only).
    contents: Vec<ContentsVolume<'a>>,
    /// The disputes (the first volume only).
    disputes: &'a [crate::index::Dispute],
    /// The topics' tables, or the parts of them, in this volume.
    topics: Vec<TopicTable<'a>>,
    /// The documents in this volume (each given its body when rendered).
    documents: &'a [DocumentView],
}

/// A volume in the contents, and the documents printed in it.
#[derive(Serialize)]
struct ContentsVolume<'a> {
    /// 1-based.
    number: usize,
    /// Its page, from the site's root.
    page: String,
    /// Whether it holds topics' tables of figures.
    topics: bool,
    documents: Vec<ContentsLine<'a>>,
}

/// A line of the contents.
#[derive(Serialize)]
struct ContentsLine<'a> {
    id: &'a str,
    title: &'a str,
}

/// A topic's table of figures, or the part of it in one volume.
#[derive(Serialize)]
struct TopicTable<'a> {
    id: &'a str,
    title: &'a str,
    unit: Option<&'a str>,
    claims: &'a [Arc<ClaimView>],
    /// Whether it goes on from the volume before.
    continued: bool,
}

/// The print page's volumes, each showing its documents' bodies
/// (`body(i)`).
pub(super) fn print_pages<'a>(site: &'a Site, body: &'a super::BodyOf<'a>) -> Vec<Page<'a>> {
    let volumes = Arc::new(print_volumes(site, PRINT_VOLUME_BYTES));
    (0..volumes.len())
        .map(|index| {
            let volumes = Arc::clone(&volumes);
            let documents = volumes[index].documents.clone();
            let mut hasher = DefaultHasher::new();
            for document in &site.documents[documents.clone()] {
                document.fingerprint.hash(&mut hasher);
            }
            Page::lazy(
                &list_page(PRINT_PAGE, index),
                "print.html",
                "print",
                move || volume_data(site, &volumes, index),
            )
            .completed(hasher.finish(), Vec::new(), move |value| {
                let bodies: Vec<String> = documents
                    .clone()
                    .into_par_iter()
                    .map(|i| body(i).map(|rendered| rendered.body))
                    .collect::<Result<_, _>>()?;
                if let Some(documents) = value["documents"].as_array_mut() {
                    for (document, body) in documents.iter_mut().zip(bodies) {
                        document["body"] = body.into();
                    }
                }
                Ok(Vec::new())
            })
        })
        .collect()
}

/// The data of volume `index`.
fn volume_data<'a>(site: &'a Site, volumes: &[PrintVolume], index: usize) -> VolumeData<'a> {
    let volume = &volumes[index];
    let first = index == 0;
    let contents = if first {
        volumes
            .iter()
            .enumerate()
            .map(|(index, v)| ContentsVolume {
                number: index + 1,
                page: list_page(PRINT_PAGE, index),
                topics: !v.topics.is_empty(),
                documents: site.documents[v.documents.clone()]
                    .iter()
                    .map(|d| ContentsLine {
                        id: &d.id,
                        title: &d.title,
                    })
                    .collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    VolumeData {
        volume: (volumes.len() > 1)
            .then(|| Pager::new(index, volumes.len(), &|i| list_page(PRINT_PAGE, i))),
        document_count: site.documents.len(),
        topic_count: site.topics.len(),
        contents,
        disputes: if first { &site.overview.disputes } else { &[] },
        topics: volume
            .topics
            .iter()
            .map(|part| {
                let topic = &site.topics[part.topic];
                TopicTable {
                    id: &topic.id,
                    title: &topic.title,
                    unit: topic.unit.as_deref(),
                    claims: &topic.claims[part.claims.clone()],
                    continued: part.claims.start > 0,
                }
            })
            .collect(),
        documents: &site.documents[volume.documents.clone()],
    }
}
