//! Go to definition and find references: where each id is defined and
//! every place that uses it.

use lsp_types::Location;

use super::position::{uri_of, Encoding, Lines};
use super::syntax::IdKind;
use crate::diagnostic::SourceFile;
use crate::load::schema::ClaimSpec;
use crate::load::{Document, Dossier, YamlSource};

/// A place in a file: the file and a byte range of its text.
pub(crate) struct Place<'a> {
    file: &'a SourceFile,
    start: usize,
    end: usize,
}

impl Place<'_> {
    /// The place as the protocol gives it.
    pub(crate) fn location(&self, encoding: Encoding) -> Location {
        let lines = Lines::new(self.file.text(), encoding);
        Location::new(uri_of(self.file.path()), lines.range(self.start, self.end))
    }
}

/// The place of `id` written as the value at `path` of `yaml` (past an
/// opening quotation mark, if the value has one).
fn place<'a>(yaml: &'a YamlSource, path: &str, id: &str) -> Place<'a> {
    let text = yaml.file().text();
    let mut start = yaml.offset_of(path);
    if text[start..].starts_with(['"', '\'']) {
        start += 1;
    }
    let end = if text[start..].starts_with(id) {
        start + id.len()
    } else {
        start
    };
    Place {
        file: yaml.file(),
        start,
        end,
    }
}

/// The claim with id `id`: its document and index.
pub(crate) fn find_claim<'a>(dossier: &'a Dossier, id: &str) -> Option<(&'a Document, usize)> {
    dossier.documents.iter().find_map(|document| {
        let index = document.front.claims.iter().position(|c| c.id == id)?;
        Some((document, index))
    })
}

/// The actor who makes a claim: its `by`, else its document's outlet.
pub(crate) fn claimant<'a>(document: &'a Document, claim: &'a ClaimSpec) -> Option<&'a str> {
    claim
        .by
        .as_deref()
        .or(document.front.source.outlet_actor.as_deref())
}

/// Where the id `id` of kind `kind` is defined.
pub(crate) fn definition<'a>(dossier: &'a Dossier, kind: IdKind, id: &str) -> Option<Place<'a>> {
    match kind {
        IdKind::Actor => {
            let index = dossier.actors.entries.iter().position(|a| a.id == id)?;
            Some(place(
                dossier.actors.yaml.as_ref()?,
                &format!("{index}.id"),
                id,
            ))
        }
        IdKind::Topic => {
            let index = dossier.topics.entries.iter().position(|t| t.id == id)?;
            Some(place(
                dossier.topics.yaml.as_ref()?,
                &format!("{index}.id"),
                id,
            ))
        }
        IdKind::Claim => {
            let (document, index) = find_claim(dossier, id)?;
            Some(place(&document.yaml, &format!("claims.{index}.id"), id))
        }
    }
}

/// Every place that refers to `id`, in file order: for an actor, the
/// claims by it or carried via it, the documents whose outlet it is, the
/// actors that are members of it, and the documents whose text names it
/// (`named[i]` for document `i`); for a topic, its claims; for a claim,
/// the claims that contradict, support or update it.
pub(crate) fn references<'a>(
    dossier: &'a Dossier,
    named: &[Vec<usize>],
    kind: IdKind,
    id: &str,
) -> Vec<Place<'a>> {
    let mut found = Vec::new();
    if kind == IdKind::Actor {
        if let Some(yaml) = &dossier.actors.yaml {
            for (i, actor) in dossier.actors.entries.iter().enumerate() {
                if actor.member_of.as_deref() == Some(id) {
                    found.push(place(yaml, &format!("{i}.member-of"), id));
                }
            }
        }
    }
    let actor_index = dossier.actors.entries.iter().position(|a| a.id == id);
    for (d, document) in dossier.documents.iter().enumerate() {
        let yaml = &document.yaml;
        let source = &document.front.source;
        if kind == IdKind::Actor && source.outlet_actor.as_deref() == Some(id) {
            found.push(place(yaml, "source.outlet-actor", id));
        }
        for (c, claim) in document.front.claims.iter().enumerate() {
            let at = |field: &str| format!("claims.{c}.{field}");
            match kind {
                IdKind::Actor => {
                    if claim.by.as_deref() == Some(id) {
                        found.push(place(yaml, &at("by"), id));
                    }
                    for (v, via) in claim.via.iter().enumerate() {
                        if via == id {
                            found.push(place(yaml, &at(&format!("via.{v}")), id));
                        }
                    }
                }
                IdKind::Topic => {
                    if claim.topic.as_deref() == Some(id) {
                        found.push(place(yaml, &at("topic"), id));
                    }
                }
                IdKind::Claim => {
                    for (k, other) in claim.contradicts.iter().enumerate() {
                        if other.claim == id {
                            found.push(place(yaml, &at(&format!("contradicts.{k}.claim")), id));
                        }
                    }
                    for (field, list) in
                        [("supports", &claim.supports), ("updates", &claim.updates)]
                    {
                        for (k, other) in list.iter().enumerate() {
                            if other == id {
                                found.push(place(yaml, &at(&format!("{field}.{k}")), id));
                            }
                        }
                    }
                }
            }
        }
        let names_it = actor_index.is_some_and(|a| named.get(d).is_some_and(|n| n.contains(&a)));
        if kind == IdKind::Actor && names_it {
            if let Some(mention) = first_mention(dossier, document, actor_index.unwrap_or_default())
            {
                found.push(mention);
            }
        }
    }
    found
}

/// Where a document's body first writes one of an actor's names.
fn first_mention<'a>(dossier: &Dossier, document: &'a Document, actor: usize) -> Option<Place<'a>> {
    let spec = dossier.actors.entries.get(actor)?;
    let body = document.body();
    let (offset, name) = std::iter::once(&spec.name)
        .chain(&spec.aliases)
        .filter_map(|name| Some((body.find(name.as_str())?, name)))
        .min()?;
    let start = document.body_start + offset;
    Some(Place {
        file: document.file(),
        start,
        end: start + name.len(),
    })
}
