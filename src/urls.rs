//! Every path and fragment id of the site, in one place: which file a
//! document, actor, topic or contradiction gets, how the pages of a long
//! list are named, and the ids that links point into. Stages that make
//! links (render, index, write) take them from here, so that none needs
//! another stage for a URL.

/// The page of a document, relative to the site root.
pub fn document_page(id: &str) -> String {
    format!("documents/{id}.html")
}

/// The page of an actor.
pub fn actor_page(id: &str) -> String {
    format!("actors/{id}.html")
}

/// The page of a topic.
pub fn topic_page(id: &str) -> String {
    format!("topics/{id}.html")
}

/// The page of a contradiction.
pub fn contradiction_page(id: &str) -> String {
    format!("contradictions/{id}.html")
}

/// The print page (its first volume, when it is split).
pub const PRINT_PAGE: &str = "print.html";

/// The page of the timeline (the first, when it is split).
pub const TIMELINE_PAGE: &str = "timeline.html";

/// The path of page `index` (0-based) of an entity whose first page is
/// `first` (`actors/x.html` → `actors/x/2.html`): no id holds `/`, so the
/// folder never collides with another entity's page.
pub fn entity_page(first: &str, index: usize) -> String {
    match index {
        0 => first.to_owned(),
        _ => format!("{}/{}.html", first.trim_end_matches(".html"), index + 1),
    }
}

/// The path of page `index` (0-based) of a top-level list whose first page
/// is `first` (`claims.html` → `claims-2.html`).
pub fn list_page(first: &str, index: usize) -> String {
    match index {
        0 => first.to_owned(),
        _ => format!("{}-{}.html", first.trim_end_matches(".html"), index + 1),
    }
}

/// The fragment id of a claim in its document page.
pub fn claim_anchor(claim_id: &str) -> String {
    format!("claim-{claim_id}")
}

/// The generated, stable id of a note: its document's id and its 1-based
/// position in the front matter.
pub fn note_id(document_id: &str, index: usize) -> String {
    format!("{document_id}-note-{}", index + 1)
}

/// The fragment id of one occurrence of a note.
pub fn note_anchor(note_id: &str, occurrence: usize) -> String {
    if occurrence == 0 {
        format!("note-{note_id}")
    } else {
        format!("note-{note_id}-{}", occurrence + 1)
    }
}

/// The fragment id of an annotation's explanation beside the text.
pub fn explanation_anchor(anchor: &str) -> String {
    format!("about-{anchor}")
}
