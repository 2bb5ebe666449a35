//! The print page in volumes. `print.html` holds the whole dossier for
//! printing, but five hundred documents with their notes are several
//! megabytes, more than a phone opens well: the dossier is split into
//! volumes of bounded size (`print.html`, `print-2.html`, …). The first
//! holds the cover, the contents (every document, with the volume it is
//! in) and the disputes; then come the topics' tables of figures and the
//! documents, in order, each volume filled up to [`VOLUME_BYTES`].
//!
//! Sizes are estimated from what is known before a page is rendered (a
//! body's length, its notes' text, the number of relations printed with
//! each claim), generously, so that a volume stays well under 1 MB.

use std::ops::Range;

use super::views::{ClaimView, DocumentView};
use super::Site;

/// About how many bytes of HTML a volume holds before the next one starts.
pub const VOLUME_BYTES: usize = 600 * 1024;

/// What one volume of the print page holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintVolume {
    /// The topics' tables, or parts of them, in order.
    pub topics: Vec<TopicPart>,
    /// The documents it holds (indices into `site.documents`).
    pub documents: Range<usize>,
}

/// A topic's table of figures, or the part of it that one volume holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicPart {
    /// Its index in `site.topics`.
    pub topic: usize,
    /// The rows (claims) in this volume; a part that does not start at 0
    /// continues a table from the volume before.
    pub claims: Range<usize>,
}

/// The print page's volumes, each filled up to `budget` estimated bytes
/// (the first begins with the cover, contents and disputes).
pub fn print_volumes(site: &Site, budget: usize) -> Vec<PrintVolume> {
    let rows: Vec<Row> = site
        .topics
        .iter()
        .enumerate()
        .flat_map(|(topic, view)| {
            view.claims.iter().enumerate().map(move |(claim, c)| Row {
                topic,
                claim,
                bytes: row_bytes(c),
            })
        })
        .collect();
    let documents: Vec<usize> = site.documents.iter().map(document_bytes).collect();
    pack(cover_bytes(site), &rows, &documents, budget)
}

/// One row of a topic's table, and its estimated size.
struct Row {
    topic: usize,
    claim: usize,
    bytes: usize,
}

/// Fills volumes, in order, with the topics' rows and then the documents
/// (`documents[i]` is document `i`'s estimated size), the first volume
/// beginning with a cover of `cover` bytes. Every row and every document
/// is in exactly one volume; a document is never split, so one larger
/// than the budget is a volume of its own.
fn pack(cover: usize, rows: &[Row], documents: &[usize], budget: usize) -> Vec<PrintVolume> {
    let mut volumes = vec![PrintVolume::empty(0)];
    let mut filled = cover;
    let mut room_for = |bytes: usize, volumes: &mut Vec<PrintVolume>| {
        if filled > 0 && filled + bytes > budget {
            let start = volumes.last().map_or(0, |v| v.documents.end);
            volumes.push(PrintVolume::empty(start));
            filled = 0;
        }
        filled += bytes;
    };
    for row in rows {
        room_for(row.bytes, &mut volumes);
        if let Some(volume) = volumes.last_mut() {
            volume.add_row(row.topic, row.claim);
        }
    }
    for (i, &bytes) in documents.iter().enumerate() {
        room_for(bytes, &mut volumes);
        if let Some(volume) = volumes.last_mut() {
            volume.documents.end = i + 1;
        }
    }
    volumes
}

impl PrintVolume {
    fn empty(first_document: usize) -> Self {
        PrintVolume {
            topics: Vec::new(),
            documents: first_document..first_document,
        }
    }

    fn add_row(&mut self, topic: usize, claim: usize) {
        match self.topics.last_mut() {
            Some(part) if part.topic == topic => part.claims.end = claim + 1,
            _ => self.topics.push(TopicPart {
                topic,
                claims: claim..claim + 1,
            }),
        }
    }
}

/// The cover, the contents (a line per document) and the disputes.
fn cover_bytes(site: &Site) -> usize {
    let contents: usize = site
        .documents
        .iter()
        .map(|d| 120 + d.id.len() * 2 + d.title.len())
        .sum();
    let disputes: usize = site
        .overview
        .disputes
        .iter()
        .map(|d| 400 + d.figures.len() * 400)
        .sum();
    2_000 + contents + disputes
}

/// One row of a topic's table: the claim's figure, claimant, outlet, date
/// and quote, and the claimants it contradicts.
fn row_bytes(claim: &ClaimView) -> usize {
    300 + claim.quote.len()
        + claim.by_name.len() * 2
        + claim.outlet.len()
        + claim.contradicts.len() * 120
}

/// A document: its source facts, its body, and each note with the claims
/// it stands in relation to.
fn document_bytes(document: &DocumentView) -> usize {
    let notes: usize = document
        .annotations
        .iter()
        .map(|a| {
            let relations = a.claim.as_ref().map_or(0, |c| {
                c.contradicts
                    .iter()
                    .map(|r| 300 + r.claim.quote.len() + r.claim.document_title.len())
                    .sum::<usize>()
                    + (c.supports.len()
                        + c.supported_by.len()
                        + c.updates.len()
                        + c.updated_by.len())
                        * 250
                    + c.note.as_ref().map_or(0, String::len)
            });
            300 + a.quote.len() + a.note.as_ref().map_or(0, String::len) + relations
        })
        .sum();
    1_500 + document.title.len() + document.body_len + notes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(topics: &[usize], bytes: usize) -> Vec<Row> {
        topics
            .iter()
            .enumerate()
            .flat_map(|(topic, &n)| {
                (0..n).map(move |claim| Row {
                    topic,
                    claim,
                    bytes,
                })
            })
            .collect()
    }

    #[test]
    fn a_small_dossier_is_one_volume() {
        let volumes = pack(100, &rows(&[2, 0, 3], 10), &[50, 50], 1_000);
        assert_eq!(
            volumes,
            [PrintVolume {
                topics: vec![
                    TopicPart {
                        topic: 0,
                        claims: 0..2
                    },
                    TopicPart {
                        topic: 2,
                        claims: 0..3
                    },
                ],
                documents: 0..2,
            }]
        );
    }

    #[test]
    fn a_table_goes_on_in_the_next_volume_and_a_large_document_is_alone() {
        // Cover 50, then 8 rows of 20 (a volume holds 100): rows 0–1 of
        // topic 0 fit beside the cover, its rows 2–4 and topic 1's first
        // two fill the second volume, topic 1's last the third, beside
        // document 0. Document 1 is larger than a volume: alone.
        let volumes = pack(50, &rows(&[5, 3], 20), &[60, 250, 10], 100);
        let expected = [
            PrintVolume {
                topics: vec![TopicPart {
                    topic: 0,
                    claims: 0..2,
                }],
                documents: 0..0,
            },
            PrintVolume {
                topics: vec![
                    TopicPart {
                        topic: 0,
                        claims: 2..5,
                    },
                    TopicPart {
                        topic: 1,
                        claims: 0..2,
                    },
                ],
                documents: 0..0,
            },
            PrintVolume {
                topics: vec![TopicPart {
                    topic: 1,
                    claims: 2..3,
                }],
                documents: 0..1,
            },
            PrintVolume {
                topics: vec![],
                documents: 1..2,
            },
            PrintVolume {
                topics: vec![],
                documents: 2..3,
            },
        ];
        assert_eq!(volumes, expected);
    }

    #[test]
    fn a_cover_larger_than_a_volume_still_holds_no_more_than_the_cover() {
        let volumes = pack(500, &[], &[10, 10], 100);
        assert_eq!(volumes.len(), 2);
        assert_eq!(volumes[0].documents, 0..0);
        assert_eq!(volumes[1].documents, 0..2);
    }
}
