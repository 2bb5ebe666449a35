//! What an editor writes: the front matter of a document (spec §3), and the
//! entries of actors.yaml (§4) and topics.yaml (§5). Unknown fields are
//! rejected so that a misspelt key is an error, not silently ignored.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::config::Direction;

/// The YAML block at the top of a source document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatter {
    /// Defaults to the file's stem.
    pub id: Option<String>,
    /// The document's title.
    pub title: String,
    /// Where the document comes from.
    pub source: Source,
    /// Language of the body; default from book.toml.
    pub lang: Option<String>,
    /// Direction of the body; default derived from `lang`.
    pub dir: Option<Direction>,
    /// A summary, Markdown inline.
    pub summary: Option<String>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Attributed statements in the body.
    #[serde(default)]
    pub claims: Vec<ClaimSpec>,
    /// Editorial notes on passages of the body.
    #[serde(default)]
    pub notes: Vec<NoteSpec>,
    /// Website furniture cut from the original, with the reason (an isnad
    /// addition to the spec: nothing is cut without a record).
    #[serde(default)]
    pub removed: Vec<Removal>,
}

/// The `source` block: the publication the document comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Source {
    /// The publication's name.
    pub outlet: String,
    /// The actor id of the outlet, if it is in actors.yaml.
    pub outlet_actor: Option<String>,
    /// Where the document was published; http(s) only.
    pub url: Option<String>,
    /// Date, or RFC 3339 date and time.
    pub published: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When the text was copied.
    pub retrieved: Option<String>,
    /// An archived copy; http(s) only.
    pub archive_url: Option<String>,
    /// The place line the article opens with (an isnad addition).
    pub dateline: Option<String>,
}

/// How a quote is found in the body: the fields claims and notes share,
/// borrowed from either.
#[derive(Debug, Clone, Copy, Default)]
pub struct Selector<'a> {
    /// The exact words of the body.
    pub quote: &'a str,
    /// Text right before the quote.
    pub prefix: Option<&'a str>,
    /// Text right after the quote.
    pub suffix: Option<&'a str>,
    /// The Nth occurrence, 1-based.
    pub occurrence: Option<usize>,
    /// Every occurrence (notes only).
    pub all: bool,
}

/// A claim as written in the front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimSpec {
    /// Unique in the whole dossier.
    pub id: String,
    /// The exact words of the body.
    pub quote: String,
    /// Text right before the quote.
    pub prefix: Option<String>,
    /// Text right after the quote.
    pub suffix: Option<String>,
    /// The Nth occurrence, 1-based.
    pub occurrence: Option<usize>,
    /// Actor id of the claimant; default: the outlet.
    pub by: Option<String>,
    /// Topic id.
    pub topic: Option<String>,
    /// A number or a range.
    pub value: Option<Value>,
    /// The date the figure refers to; default: published.
    pub as_of: Option<String>,
    /// An editorial note, Markdown inline.
    pub note: Option<String>,
    /// Claims this one conflicts with.
    #[serde(default)]
    pub contradicts: Vec<ContradictsSpec>,
    /// Claims this one corroborates.
    #[serde(default)]
    pub supports: Vec<String>,
    /// Earlier figures from the same claimant that this one replaces.
    #[serde(default)]
    pub updates: Vec<String>,
}

impl ClaimSpec {
    /// Where the claim is in the body.
    pub fn selector(&self) -> Selector<'_> {
        Selector {
            quote: &self.quote,
            prefix: self.prefix.as_deref(),
            suffix: self.suffix.as_deref(),
            occurrence: self.occurrence,
            all: false,
        }
    }
}

/// One entry of `contradicts`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContradictsSpec {
    /// The other claim's id.
    pub claim: String,
    /// Why they conflict.
    pub note: Option<String>,
}

/// The kinds of editorial note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// A factual correction of the source.
    Correction,
    /// Background a reader needs.
    Context,
    /// A translation of the passage.
    Translation,
    /// A slip of spelling or typing in the source.
    Typo,
    /// Anything else.
    Other,
}

impl NoteKind {
    /// The kind as written in YAML.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Correction => "correction",
            NoteKind::Context => "context",
            NoteKind::Translation => "translation",
            NoteKind::Typo => "typo",
            NoteKind::Other => "other",
        }
    }
}

/// A note as written in the front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NoteSpec {
    /// The exact words of the body.
    pub quote: String,
    /// Text right before the quote.
    pub prefix: Option<String>,
    /// Text right after the quote.
    pub suffix: Option<String>,
    /// The Nth occurrence, 1-based.
    pub occurrence: Option<usize>,
    /// Annotate every occurrence.
    #[serde(default)]
    pub all: bool,
    /// What sort of note.
    pub kind: NoteKind,
    /// The note, Markdown inline.
    pub note: String,
}

impl NoteSpec {
    /// Where the note is in the body.
    pub fn selector(&self) -> Selector<'_> {
        Selector {
            quote: &self.quote,
            prefix: self.prefix.as_deref(),
            suffix: self.suffix.as_deref(),
            occurrence: self.occurrence,
            all: self.all,
        }
    }
}

/// A piece of the original page left out of the body.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Removal {
    /// The removed text, verbatim.
    pub text: String,
    /// Why it was removed.
    pub reason: String,
}

/// An entry of actors.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ActorSpec {
    /// `[a-z0-9-]+`.
    pub id: String,
    /// Display name; also an alias.
    pub name: String,
    /// Other names.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What sort of actor.
    pub kind: Option<ActorKind>,
    /// A person's title, an organisation's function.
    pub role: Option<String>,
    /// The actor this one belongs to.
    pub member_of: Option<String>,
    /// Markdown.
    pub description: Option<String>,
}

/// The kinds of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A named individual.
    Person,
    /// A formal body.
    Organization,
    /// A publication.
    Outlet,
    /// A place.
    Place,
    /// An informal group.
    Group,
}

/// An entry of topics.yaml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    /// `[a-z0-9-]+`.
    pub id: String,
    /// The question, as a title.
    pub title: String,
    /// The unit of its figures; a topic with a unit expects values.
    pub unit: Option<String>,
    /// Markdown.
    pub description: Option<String>,
}

/// A claimed figure: a number, or a range `[min, max]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// One number.
    Number(f64),
    /// An inclusive range.
    Range(f64, f64),
}

impl Value {
    /// The smallest and largest number the value allows.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Value::Number(n) => (n, n),
            Value::Range(low, high) => (low, high),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Number(n) => write!(f, "{}", Number(n)),
            Value::Range(low, high) => write!(f, "{}–{}", Number(low), Number(high)),
        }
    }
}

/// A number printed as an integer when it is one.
struct Number(f64);

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            write!(f, "{}", self.0 as i64)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        fn number(n: f64) -> serde_json::Value {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                serde_json::Value::from(n as i64)
            } else {
                serde_json::Value::from(n)
            }
        }
        match *self {
            Value::Number(n) => number(n).serialize(serializer),
            Value::Range(low, high) => [number(low), number(high)].serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a range [min, max]")
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        if n.is_finite() {
            Ok(Value::Number(n))
        } else {
            Err(E::custom("a value must be a finite number"))
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let low: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::custom("a range needs two numbers, [min, max]"))?;
        let high: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::custom("a range needs two numbers, [min, max]"))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(
                "a range has exactly two numbers, [min, max]",
            ));
        }
        if !(low.is_finite() && high.is_finite()) || low > high {
            return Err(de::Error::custom(format!(
                "range [{low}, {high}]: min must not exceed max"
            )));
        }
        Ok(Value::Range(low, high))
    }
}
