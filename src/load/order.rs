//! The fields of each mapping a dossier's YAML holds, in the order
//! `isnad fmt` writes them, with the one-line meaning `isnad lsp` shows
//! when it completes them: a front matter, its `source`, claims, a claim's
//! `contradicts`, notes and `removed`, and the entries of actors.yaml and
//! topics.yaml. The order is the spec's (§3, §4, §5), with isnad's
//! additions where they belong, which is the order the fields of
//! [`super::schema`] are declared in (a test holds them to it).

/// A field: its name and its meaning.
pub type Field = (&'static str, &'static str);

/// The names of `fields`, in order.
pub fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|(name, _)| *name).collect()
}

/// [`super::schema::FrontMatter`].
pub const FRONT_MATTER: &[Field] = &[
    ("id", "the document's id (default: the file's name)"),
    ("title", "the document's title"),
    (
        "source",
        "where the document comes from: outlet, url, published…",
    ),
    ("lang", "the language of the text (default: book.toml's)"),
    ("dir", "the direction of the text: rtl or ltr"),
    ("summary", "a summary, Markdown inline"),
    ("tags", "free-form tags"),
    ("claims", "attributed statements in the text"),
    ("notes", "editorial notes on passages of the text"),
    (
        "removed",
        "website furniture cut from the original, with the reason",
    ),
];
/// [`super::schema::Source`].
pub const SOURCE: &[Field] = &[
    ("outlet", "the publication's name"),
    ("outlet-actor", "the outlet's actor id in actors.yaml"),
    ("url", "where the document was published (http or https)"),
    (
        "published",
        "the date, or RFC 3339 date and time, of publication",
    ),
    ("author", "who wrote it"),
    ("retrieved", "when the text was copied"),
    ("archive-url", "an archived copy (http or https)"),
    ("dateline", "the place line the article opens with"),
];
/// [`super::schema::ClaimSpec`].
pub const CLAIM: &[Field] = &[
    ("id", "the claim's id, unique in the dossier"),
    ("quote", "the exact words of the text"),
    (
        "prefix",
        "text right before the quote, to tell which occurrence",
    ),
    (
        "suffix",
        "text right after the quote, to tell which occurrence",
    ),
    ("occurrence", "the Nth occurrence of the quote, from 1"),
    ("by", "the claimant's actor id (default: the outlet)"),
    ("topic", "the topic id"),
    (
        "value",
        "the figure: a number, [min, max], {at-least: n}, dozens…",
    ),
    (
        "as-of",
        "the date the figure refers to (default: published)",
    ),
    (
        "event-date",
        "the date of the earlier event the claim reports",
    ),
    (
        "via",
        "the actors who carried the claim, from the claimant outward",
    ),
    ("wording", "quote or paraphrase"),
    ("note", "an editorial note, Markdown inline"),
    ("contradicts", "claims this one conflicts with"),
    ("supports", "claims this one corroborates"),
    (
        "updates",
        "earlier figures of the same claimant this one replaces",
    ),
];
/// [`super::schema::ContradictsSpec`].
pub const CONTRADICTS: &[Field] = &[
    ("claim", "the other claim's id"),
    ("note", "why they conflict"),
];
/// [`super::schema::NoteSpec`].
pub const NOTE: &[Field] = &[
    ("quote", "the exact words of the text"),
    (
        "prefix",
        "text right before the quote, to tell which occurrence",
    ),
    (
        "suffix",
        "text right after the quote, to tell which occurrence",
    ),
    ("occurrence", "the Nth occurrence of the quote, from 1"),
    ("all", "annotate every occurrence"),
    ("kind", "correction, context, translation, typo or other"),
    ("note", "the note, Markdown inline"),
];
/// [`super::schema::Removal`].
pub const REMOVAL: &[Field] = &[
    ("text", "the removed text, verbatim"),
    ("reason", "why it was removed"),
];
/// [`super::schema::ActorSpec`] (spec §4).
pub const ACTOR: &[Field] = &[
    ("id", "the actor's id: a-z, 0-9 and -"),
    ("name", "the name shown; also found in the text"),
    ("aliases", "other names found in the text"),
    (
        "not-mentions",
        "phrases holding one of its names that do not name it",
    ),
    ("kind", "person, organization, outlet, place or group"),
    ("role", "a person's title, an organisation's function"),
    ("member-of", "the actor this one belongs to"),
    (
        "relation",
        "its relation to the events: party, monitor, witness…",
    ),
    ("description", "Markdown"),
];
/// [`super::schema::TopicSpec`] (spec §5).
pub const TOPIC: &[Field] = &[
    ("id", "the topic's id: a-z, 0-9 and -"),
    ("title", "the question, as a title"),
    (
        "unit",
        "the unit of its figures; a topic with a unit expects values",
    ),
    ("description", "Markdown"),
];

#[cfg(test)]
mod tests {
    use super::super::schema::*;
    use super::*;
    use crate::yaml::{self, YamlErrorKind};

    /// The fields `T` knows, in the order they are declared: serde lists
    /// them so for an unknown field.
    fn declared<T: serde::de::DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
        match yaml::from_str::<T>("not-a-field: 1").unwrap_err().kind {
            YamlErrorKind::UnknownField { expected, .. } => expected,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_order_is_the_order_of_the_schema() {
        assert_eq!(declared::<FrontMatter>(), names(FRONT_MATTER));
        assert_eq!(declared::<Source>(), names(SOURCE));
        assert_eq!(declared::<ClaimSpec>(), names(CLAIM));
        assert_eq!(declared::<ContradictsSpec>(), names(CONTRADICTS));
        assert_eq!(declared::<NoteSpec>(), names(NOTE));
        assert_eq!(declared::<Removal>(), names(REMOVAL));
        assert_eq!(declared::<ActorSpec>(), names(ACTOR));
        assert_eq!(declared::<TopicSpec>(), names(TOPIC));
    }
}
