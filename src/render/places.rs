//! What a document hands on besides its HTML, for the views across
//! documents: its visible text, where each claim and note is in it (for
//! W3C Web Annotations), and its actor mentions, marked as links to the
//! actors' pages.

use std::collections::HashMap;
use std::ops::Range;

use super::{escape_html, Mark};
use crate::anchor::visible::VisibleText;
use crate::anchor::{Anchored, Target};

/// Where a placed claim or note is in the visible text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TextPlace {
    /// The claim or note.
    pub target: Target,
    /// Which occurrence (0 for the first).
    pub occurrence: usize,
    /// Its mark's id in the document page.
    pub anchor: String,
    /// Byte range in the visible text.
    pub range: Range<usize>,
}

/// Where an actor is named in the visible text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionPlace {
    /// Index of the actor in actors.yaml.
    pub actor: usize,
    /// Which of its names: 0 for the name, `j + 1` for `aliases[j]`.
    pub alias: usize,
    /// The id of the mention's element in the document page.
    pub anchor: String,
    /// Byte range in the visible text.
    pub range: Range<usize>,
}

/// The fragment id of the `n`th (1-based) mention of an actor in a
/// document.
pub fn mention_anchor(actor_id: &str, n: usize) -> String {
    format!("mention-{actor_id}-{n}")
}

/// The places of the annotations whose marks are `marks` (one per span).
pub(crate) fn annotation_places(
    anchored: &Anchored<'_>,
    marks: &[Mark],
    visible: &VisibleText,
) -> Vec<TextPlace> {
    anchored
        .spans
        .iter()
        .zip(marks)
        .map(|(span, mark)| TextPlace {
            target: span.target,
            occurrence: span.occurrence,
            anchor: mark.anchor.clone(),
            range: visible.range(span.block, &span.range),
        })
        .collect()
}

/// A mark for each mention (a link to the actor's page, or, inside a link
/// of the source, a plain element that only holds the id), and its place.
pub(crate) fn mention_marks(
    anchored: &Anchored<'_>,
    visible: &VisibleText,
) -> (Vec<Mark>, Vec<MentionPlace>) {
    let mut counts: HashMap<usize, usize> = HashMap::new();
    let mut marks = Vec::with_capacity(anchored.mentions.len());
    let mut places = Vec::with_capacity(anchored.mentions.len());
    for mention in &anchored.mentions {
        let id = &mention.actor_id;
        let n = counts.entry(mention.actor).or_default();
        *n += 1;
        let anchor = mention_anchor(id, *n);
        let id = escape_html(id);
        let (open, close) = if mention.in_link {
            (
                format!("<span class=\"mention-place\" data-actor=\"{id}\""),
                "</span>",
            )
        } else {
            // Document pages are one folder below the site root.
            (
                format!(
                    "<a class=\"mention\" href=\"../{}\" data-actor=\"{id}\"",
                    crate::urls::actor_page(&id)
                ),
                "</a>",
            )
        };
        places.push(MentionPlace {
            actor: mention.actor,
            alias: mention.alias,
            anchor: anchor.clone(),
            range: visible.range(mention.block, &mention.range),
        });
        marks.push(Mark {
            anchor,
            open,
            close,
            reference: String::new(),
        });
    }
    (marks, places)
}
