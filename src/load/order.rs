//! The order `isnad fmt` writes the keys of a front matter, of its
//! `source`, claims, a claim's `contradicts`, notes and `removed`, and of
//! the entries of actors.yaml and topics.yaml: the order of the spec (§3,
//! §4, §5), with isnad's additions where they belong, which is the order
//! the fields of [`super::schema`] are declared in (a test holds them to it).

/// [`super::schema::FrontMatter`].
pub const FRONT_MATTER: &[&str] = &[
    "id", "title", "source", "lang", "dir", "summary", "tags", "claims", "notes", "removed",
];
/// [`super::schema::Source`].
pub const SOURCE: &[&str] = &[
    "outlet",
    "outlet-actor",
    "url",
    "published",
    "author",
    "retrieved",
    "archive-url",
    "dateline",
];
/// [`super::schema::ClaimSpec`].
pub const CLAIM: &[&str] = &[
    "id",
    "quote",
    "prefix",
    "suffix",
    "occurrence",
    "by",
    "topic",
    "value",
    "as-of",
    "event-date",
    "via",
    "wording",
    "note",
    "contradicts",
    "supports",
    "updates",
];
/// [`super::schema::ContradictsSpec`].
pub const CONTRADICTS: &[&str] = &["claim", "note"];
/// [`super::schema::NoteSpec`].
pub const NOTE: &[&str] = &[
    "quote",
    "prefix",
    "suffix",
    "occurrence",
    "all",
    "kind",
    "note",
];
/// [`super::schema::Removal`].
pub const REMOVAL: &[&str] = &["text", "reason"];
/// [`super::schema::ActorSpec`] (spec §4).
pub const ACTOR: &[&str] = &[
    "id",
    "name",
    "aliases",
    "kind",
    "role",
    "member-of",
    "relation",
    "description",
];
/// [`super::schema::TopicSpec`] (spec §5).
pub const TOPIC: &[&str] = &["id", "title", "unit", "description"];

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
        assert_eq!(declared::<FrontMatter>(), FRONT_MATTER);
        assert_eq!(declared::<Source>(), SOURCE);
        assert_eq!(declared::<ClaimSpec>(), CLAIM);
        assert_eq!(declared::<ContradictsSpec>(), CONTRADICTS);
        assert_eq!(declared::<NoteSpec>(), NOTE);
        assert_eq!(declared::<Removal>(), REMOVAL);
        assert_eq!(declared::<ActorSpec>(), ACTOR);
        assert_eq!(declared::<TopicSpec>(), TOPIC);
    }
}
