//! The data every page is rendered from: plain serializable values, with
//! page paths relative to the site root. Templates see these field names.

use std::sync::Arc;

use serde::Serialize;

use crate::load::schema::{Removal, Value};
use crate::render::Heading;

/// The whole site's data.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The dossier's title.
    pub title: String,
    /// Its description.
    pub description: Option<String>,
    /// Who compiled it.
    pub authors: Vec<String>,
    /// The interface language.
    pub language: String,
    /// The interface direction.
    pub dir: String,
    /// Documents, sorted by id.
    pub documents: Vec<DocumentView>,
    /// Actors, sorted by id.
    pub actors: Vec<ActorView>,
    /// Topics, sorted by id.
    pub topics: Vec<TopicView>,
    /// Every claim, sorted by id. Shared (not copied) with the documents,
    /// actors and topics that show it: a large dossier has a hundred
    /// thousand claims.
    pub claims: Vec<Arc<ClaimView>>,
    /// Every declared contradiction, sorted by id.
    pub contradictions: Vec<ContradictionView>,
    /// Every detected contradiction (spec §5), sorted by id.
    pub detected: Vec<ContradictionView>,
    /// The views across documents that the index page shows.
    pub overview: super::overview::Overview,
    /// Every dated document and claim, by day.
    pub timeline: super::timeline::Timeline,
}

/// A link to a document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocumentLink {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page.
    pub page: String,
}

/// A link to an actor.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ActorLink {
    /// Its id.
    pub id: String,
    /// Its display name.
    pub name: String,
    /// Its page.
    pub page: String,
    /// Its relation to the events, when the dossier gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<crate::load::schema::ActorRelation>,
}

/// A link to a topic.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TopicLink {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page.
    pub page: String,
}

/// A link to a contradiction.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ContradictionLink {
    /// Its id.
    pub id: String,
    /// Its page.
    pub page: String,
    /// Who contradicts whom, e.g. `A ⟷ B`.
    pub label: String,
}

/// A short reference to a claim, enough to quote it and link to it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClaimRef {
    /// Its id.
    pub id: String,
    /// Its quote.
    pub quote: String,
    /// Who makes it.
    pub by_name: String,
    /// The document it is in.
    pub document: String,
    /// That document's title.
    pub document_title: String,
    /// Its place in its document.
    pub page: String,
    /// Its value, formatted.
    pub value_text: Option<String>,
    /// The date its figure refers to.
    pub as_of: Option<String>,
    /// Its document's language.
    pub lang: String,
    /// Its document's direction.
    pub dir: String,
}

/// A claim related to another, and the contradiction page when it is one.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Relation {
    /// The other claim.
    pub claim: ClaimRef,
    /// The contradiction, for `contradicts`.
    pub contradiction: Option<ContradictionLink>,
}

/// Everything about one claim.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClaimView {
    /// Its id.
    pub id: String,
    /// Its document's id.
    pub document: String,
    /// Its document's title.
    pub document_title: String,
    /// Its place in its document (`documents/x.html#claim-id`).
    pub page: String,
    /// Its explanation beside the text.
    pub explanation: String,
    /// Its fragment id.
    pub anchor: String,
    /// Its reference number in the text; `None` if not placed.
    pub number: Option<usize>,
    /// The quote.
    pub quote: String,
    /// Its document's language.
    pub lang: String,
    /// Its document's direction.
    pub dir: String,
    /// The claimant's actor, when known.
    pub by: Option<ActorLink>,
    /// The claimant's name (the outlet's when there is no actor).
    pub by_name: String,
    /// The document's outlet.
    pub outlet: String,
    /// Its topic.
    pub topic: Option<TopicLink>,
    /// Its value.
    pub value: Option<Value>,
    /// Its value, formatted.
    pub value_text: Option<String>,
    /// The smallest and largest number its value allows (vague values by
    /// the dossier's `[quantities]`, open ranges unbounded).
    #[serde(skip)]
    pub bounds: Option<(f64, f64)>,
    /// The date its figure refers to, at its precision (default: the
    /// event's date, else the publication date).
    pub as_of: Option<String>,
    /// The date of the earlier event it reports, when it reports one.
    pub event_date: Option<String>,
    /// Who carried it between the claimant and the outlet, from the
    /// claimant outward.
    pub via: Vec<ActorLink>,
    /// `quote` or `paraphrase`, when the editor says.
    pub wording: Option<crate::load::schema::Wording>,
    /// The editor's note, HTML.
    pub note: Option<String>,
    /// Claims it contradicts, either side declaring.
    pub contradicts: Vec<Relation>,
    /// Claims it supports.
    pub supports: Vec<Relation>,
    /// Claims that support it.
    pub supported_by: Vec<Relation>,
    /// Claims it updates.
    pub updates: Vec<Relation>,
    /// Claims that update it.
    pub updated_by: Vec<Relation>,
    /// Claims whose figures it contradicts by detection (spec §5), not
    /// yet linked by the editor.
    pub detected: Vec<Relation>,
}

impl ClaimView {
    /// A short reference to this claim.
    pub fn reference(&self) -> ClaimRef {
        ClaimRef {
            id: self.id.clone(),
            quote: self.quote.clone(),
            by_name: self.by_name.clone(),
            document: self.document.clone(),
            document_title: self.document_title.clone(),
            page: self.page.clone(),
            value_text: self.value_text.clone(),
            as_of: self.as_of.clone(),
            lang: self.lang.clone(),
            dir: self.dir.clone(),
        }
    }
}

/// A claim or note as explained beside the text.
#[derive(Debug, Clone, Serialize)]
pub struct AnnotationView {
    /// Its reference number; `None` if its quote was not placed.
    pub number: Option<usize>,
    /// The fragment id of its (first) mark.
    pub anchor: String,
    /// The fragment id of its explanation.
    pub explanation: String,
    /// `claim`, or the note's kind.
    pub kind: String,
    /// The claim, for a claim.
    pub claim: Option<Arc<ClaimView>>,
    /// The note's HTML, for a note.
    pub note: Option<String>,
    /// The note as written (Markdown), for a note.
    pub note_source: Option<String>,
    /// The note's generated id, for a note.
    pub note_id: Option<String>,
    /// The fragment ids of every placed occurrence.
    pub occurrences: Vec<String>,
    /// The quote.
    pub quote: String,
}

/// A document's source metadata.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    /// The publication.
    pub outlet: String,
    /// Its actor.
    pub outlet_actor: Option<ActorLink>,
    /// The original URL.
    pub url: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Retrieval date.
    pub retrieved: Option<String>,
    /// Archived copy.
    pub archive_url: Option<String>,
    /// Dateline.
    pub dateline: Option<String>,
}

/// Everything a document page shows.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its page.
    pub page: String,
    /// The body's language.
    pub lang: String,
    /// The body's direction.
    pub dir: String,
    /// Source metadata.
    pub source: SourceView,
    /// Summary HTML.
    pub summary: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// A hash of the body, the visible text and where the annotations are
    /// in it ([`crate::render::RenderedDocument::fingerprint`]): with the
    /// rest of this view, what the page and its data files are made from.
    /// The view holds no body: the page stage gives the page its document's
    /// (as `body`, beside this view's fields).
    #[serde(skip)]
    pub fingerprint: u64,
    /// The body's length in bytes ([`crate::render::RenderedDocument::body_len`]).
    #[serde(skip)]
    pub body_len: usize,
    /// Headings, for the table of contents.
    pub headings: Vec<Heading>,
    /// Claims and notes in the order they appear.
    pub annotations: Vec<AnnotationView>,
    /// Contradictions its claims take part in.
    pub contradictions: Vec<ContradictionLink>,
    /// What was cut from the original page.
    pub removed: Vec<Removal>,
    /// How many claims it has.
    pub claim_count: usize,
    /// The document before it.
    pub previous: Option<DocumentLink>,
    /// The document after it.
    pub next: Option<DocumentLink>,
    /// Its claims as schema.org JSON-LD, escaped for a `<script>` element.
    pub jsonld: String,
    /// Its claims and notes as W3C Web Annotations.
    pub annotations_file: String,
    /// Its visible text, in which the annotations count positions.
    pub text_file: String,
    /// The actors it names, most often named first.
    pub actors_named: Vec<super::overview::NamedActor>,
    /// Paragraphs, list items and headings, for the search index (not
    /// needed by the page template).
    #[serde(skip)]
    pub passages: Vec<crate::render::markdown::Passage>,
}

/// Everything an actor page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ActorView {
    /// Its id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The name and every alias.
    pub aliases: Vec<String>,
    /// person, organization, outlet, place, group.
    pub kind: Option<String>,
    /// Its relation to the events.
    pub relation: Option<crate::load::schema::ActorRelation>,
    /// Role.
    pub role: Option<String>,
    /// What it belongs to.
    pub member_of: Option<ActorLink>,
    /// What belongs to it.
    pub members: Vec<ActorLink>,
    /// Description HTML.
    pub description: Option<String>,
    /// Its page.
    pub page: String,
    /// Claims it makes.
    pub claims: Vec<Arc<ClaimView>>,
    /// Its mentions in the documents, by document.
    pub mentions: Vec<super::mentions::MentionGroup>,
    /// How many mentions in all.
    pub mention_count: usize,
    /// How many claims in all (`claims` holds one page of them).
    pub claim_count: usize,
    /// Where this page stands among the actor's pages.
    pub pager: Option<super::paging::Pager>,
}

/// Everything a topic page shows.
#[derive(Debug, Clone, Serialize)]
pub struct TopicView {
    /// Its id.
    pub id: String,
    /// The question.
    pub title: String,
    /// The unit of its figures.
    pub unit: Option<String>,
    /// Description HTML.
    pub description: Option<String>,
    /// Its page.
    pub page: String,
    /// Its claims, by date.
    pub claims: Vec<Arc<ClaimView>>,
    /// Its figures over time by claimant, when any claim has a value.
    pub chart: Option<super::chart::TopicChart>,
    /// How many independent sources (original claimants) its claims have.
    pub sources: usize,
    /// How many outlets carry them.
    pub outlets: usize,
    /// How many claims in all (`claims` holds one page of them).
    pub claim_count: usize,
    /// Where this page stands among the topic's pages.
    pub pager: Option<super::paging::Pager>,
}

/// Everything a contradiction page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ContradictionView {
    /// `a--b`.
    pub id: String,
    /// `declared` (or `detected`).
    pub kind: String,
    /// Both sides, sorted by id.
    pub claims: Vec<ClaimRef>,
    /// The editors' notes, HTML.
    pub notes: Vec<String>,
    /// The same notes as written (Markdown), for dossier.json.
    #[serde(skip)]
    pub raw_notes: Vec<String>,
    /// The topic both claims answer, when they answer the same one.
    pub topic: Option<TopicLink>,
    /// Its page.
    pub page: String,
}
