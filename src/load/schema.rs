//! What an editor writes: the front matter of a document (spec §3), and the
//! entries of actors.yaml (§4) and topics.yaml (§5). Unknown fields are
//! rejected so that a misspelt key is an error, not silently ignored.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::config::Direction;
pub use crate::config::Quantities;

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
    /// The date the figure refers to, at its precision (a day, a month,
    /// a year) or `unknown`; default: published.
    pub as_of: Option<String>,
    /// When the claim reports an earlier event: its date, at its
    /// precision. The timeline places the claim there.
    pub event_date: Option<String>,
    /// The chain of attribution between the claimant and the outlet: the
    /// actors who carried the claim, from the claimant outward (the
    /// coalition, as reported by the Washington Post, as carried by the
    /// outlet: `by: coalition`, `via: [washington-post]`).
    #[serde(default)]
    pub via: Vec<String>,
    /// Whether the outlet gives the claimant's words or a paraphrase.
    pub wording: Option<Wording>,
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

/// How an outlet carries a claimant's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Wording {
    /// The claimant's own words, quoted.
    Quote,
    /// The outlet's account of what the claimant said.
    Paraphrase,
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
    /// Phrases that hold one of its names without naming it: «الهجوم
    /// الداعشي» (an adjective) holds «داعشي» (an ISIS member). A name
    /// inside one of them is not a mention of this actor.
    #[serde(default)]
    pub not_mentions: Vec<String>,
    /// What sort of actor.
    pub kind: Option<ActorKind>,
    /// A person's title, an organisation's function.
    pub role: Option<String>,
    /// The actor this one belongs to.
    pub member_of: Option<String>,
    /// Its relation to the events, shown beside every claim it makes, as
    /// Airwars grades its sources.
    pub relation: Option<ActorRelation>,
    /// Markdown.
    pub description: Option<String>,
}

impl ActorSpec {
    /// Everything of the actor that is looked for in the text, numbered as
    /// mentions number it: 0 is the name, `1..` the aliases, then the
    /// `not-mentions` phrases.
    pub fn phrases(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name)
            .chain(&self.aliases)
            .chain(&self.not_mentions)
    }

    /// Which `not-mentions` phrase the phrase numbered `n` is, if it is
    /// one rather than a name.
    pub fn not_mention(&self, n: usize) -> Option<usize> {
        n.checked_sub(self.aliases.len() + 1)
    }
}

/// How a claimant stands to the events: a reader weighs "no escapes" from
/// a party's spokesperson differently from a monitor's count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActorRelation {
    /// A party to the conflict (an armed force, an administration).
    Party,
    /// An official or spokesperson of a party.
    PartyOfficial,
    /// A party's own media or propaganda outlet.
    PartyMedia,
    /// A monitoring group that counts and reports.
    Monitor,
    /// Media with no stake in the conflict.
    IndependentMedia,
    /// A local witness or activist.
    Witness,
    /// An analyst or expert commenting from outside.
    Analyst,
    /// A government or body outside the conflict.
    Outside,
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

/// A claimed figure: a number, a range `[min, max]`, an open range
/// (`{at-least: 3500}`, `{more-than: 120}`, `{at-most: 10}`,
/// `{less-than: 10}`) or a vague quantity (`a-few`, `dozens`, `hundreds`,
/// `thousands`), or `unknown` when the source says the number is not
/// known. "None" is `0`; a claim that gives no figure has no value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// One number.
    Number(f64),
    /// An inclusive range.
    Range(f64, f64),
    /// At least this number (`more-than` when strict).
    AtLeast(f64, Strict),
    /// At most this number (`less-than` when strict).
    AtMost(f64, Strict),
    /// A quantity the source gives in words.
    Vague(Vague),
    /// The source says the number is not known ("their number is
    /// unknown"): a statement about the figure, unlike a claim with no
    /// value, which gives none. Neither charted nor compared.
    Unknown,
}

/// Whether an open range excludes its bound ("more than 120").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strict {
    /// "at least", "at most".
    No,
    /// "more than", "less than".
    Yes,
}

/// The vague quantities a claim can give, from fewest to most. Each maps
/// to a range ([`Quantities`]) so that it can be ordered, charted and
/// compared with numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Vague {
    /// A few, some (بضعة، عدد من).
    AFew,
    /// Dozens, tens (عشرات).
    Dozens,
    /// Hundreds (مئات).
    Hundreds,
    /// Thousands (آلاف).
    Thousands,
}

impl Vague {
    /// Every vague quantity, in order.
    pub const ALL: [Vague; 4] = [
        Vague::AFew,
        Vague::Dozens,
        Vague::Hundreds,
        Vague::Thousands,
    ];

    /// The word an editor writes in `value:`.
    pub fn as_str(self) -> &'static str {
        match self {
            Vague::AFew => "a-few",
            Vague::Dozens => "dozens",
            Vague::Hundreds => "hundreds",
            Vague::Thousands => "thousands",
        }
    }

    fn parse(text: &str) -> Option<Vague> {
        Vague::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

impl Quantities {
    /// The range a vague quantity stands for.
    pub fn range(&self, vague: Vague) -> (f64, f64) {
        self.ranges[vague as usize]
    }
}

impl Value {
    /// The smallest and largest number the value allows; an open range is
    /// unbounded on its open side (a strict bound is kept: "more than 120"
    /// and 120 are compared as touching, not as apart).
    pub fn bounds(self, quantities: &Quantities) -> Option<(f64, f64)> {
        Some(match self {
            Value::Number(n) => (n, n),
            Value::Range(low, high) => (low, high),
            Value::AtLeast(n, _) => (n, f64::INFINITY),
            // Counts: "at most 10" is 0 to 10.
            Value::AtMost(n, _) => (0f64.min(n), n),
            Value::Vague(vague) => quantities.range(vague),
            Value::Unknown => return None,
        })
    }

    /// Whether the value is only known to lie in a range (open, vague or
    /// explicit) rather than given as one number.
    pub fn is_exact(self) -> bool {
        matches!(self, Value::Number(_))
    }
}

impl fmt::Display for Value {
    /// A language-neutral form (`≥3500`, `>120`, `dozens`); pages show
    /// the dossier's words for it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::Number(n) => write!(f, "{}", Number(n)),
            Value::Range(low, high) => write!(f, "{}–{}", Number(low), Number(high)),
            Value::AtLeast(n, Strict::No) => write!(f, "≥{}", Number(n)),
            Value::AtLeast(n, Strict::Yes) => write!(f, ">{}", Number(n)),
            Value::AtMost(n, Strict::No) => write!(f, "≤{}", Number(n)),
            Value::AtMost(n, Strict::Yes) => write!(f, "<{}", Number(n)),
            Value::Vague(vague) => f.write_str(vague.as_str()),
            Value::Unknown => f.write_str("unknown"),
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
        let open = |key: &str, n: f64| serde_json::json!({ key: number(n) });
        match *self {
            Value::Number(n) => number(n).serialize(serializer),
            Value::Range(low, high) => [number(low), number(high)].serialize(serializer),
            Value::AtLeast(n, Strict::No) => open("at-least", n).serialize(serializer),
            Value::AtLeast(n, Strict::Yes) => open("more-than", n).serialize(serializer),
            Value::AtMost(n, Strict::No) => open("at-most", n).serialize(serializer),
            Value::AtMost(n, Strict::Yes) => open("less-than", n).serialize(serializer),
            Value::Vague(vague) => vague.as_str().serialize(serializer),
            Value::Unknown => "unknown".serialize(serializer),
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
        f.write_str("a number, a range [min, max], {at-least: N} (or more-than, at-most, less-than), or a-few, dozens, hundreds, thousands")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        if text == "unknown" {
            return Ok(Value::Unknown);
        }
        Vague::parse(text).map(Value::Vague).ok_or_else(|| {
            E::custom(format!(
                "`{text}` is not a value: write a number, a range [min, max], {{at-least: N}} (or more-than, at-most, less-than), or one of a-few, dozens, hundreds, thousands, unknown"
            ))
        })
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let (Some(key), None) = (map.next_key::<String>()?, None::<()>) else {
            return Err(de::Error::custom(
                "an open range has one key, such as {at-least: 3500}",
            ));
        };
        let n: f64 = map.next_value()?;
        if !n.is_finite() {
            return Err(de::Error::custom("a value must be a finite number"));
        }
        if map.next_key::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(
                "an open range has one key, such as {at-least: 3500}",
            ));
        }
        match key.as_str() {
            "at-least" => Ok(Value::AtLeast(n, Strict::No)),
            "more-than" => Ok(Value::AtLeast(n, Strict::Yes)),
            "at-most" => Ok(Value::AtMost(n, Strict::No)),
            "less-than" => Ok(Value::AtMost(n, Strict::Yes)),
            other => Err(de::Error::custom(format!(
                "`{other}` is not an open range: write at-least, more-than, at-most or less-than"
            ))),
        }
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

#[cfg(test)]
mod value_tests {
    use super::*;
    use crate::config::QUANTITY_NAMES;

    fn value(yaml: &str) -> Result<Value, String> {
        crate::yaml::from_str::<Value>(yaml)
            .map_err(|e| format!("{}:{}: {}", e.line, e.column, e.message))
    }

    #[test]
    fn vague_names_are_the_config_s() {
        assert_eq!(Vague::ALL.map(Vague::as_str), QUANTITY_NAMES);
    }

    #[test]
    fn every_form_of_a_value_parses() {
        let q = Quantities::default();
        let cases = [
            ("0", Value::Number(0.0), (0.0, 0.0)),
            ("136", Value::Number(136.0), (136.0, 136.0)),
            ("[100, 200]", Value::Range(100.0, 200.0), (100.0, 200.0)),
            (
                "{at-least: 3500}",
                Value::AtLeast(3500.0, Strict::No),
                (3500.0, f64::INFINITY),
            ),
            (
                "{more-than: 120}",
                Value::AtLeast(120.0, Strict::Yes),
                (120.0, f64::INFINITY),
            ),
            (
                "{at-most: 10}",
                Value::AtMost(10.0, Strict::No),
                (0.0, 10.0),
            ),
            (
                "{less-than: 10}",
                Value::AtMost(10.0, Strict::Yes),
                (0.0, 10.0),
            ),
            ("a-few", Value::Vague(Vague::AFew), (2.0, 9.0)),
            ("dozens", Value::Vague(Vague::Dozens), (20.0, 99.0)),
            ("hundreds", Value::Vague(Vague::Hundreds), (200.0, 999.0)),
            (
                "thousands",
                Value::Vague(Vague::Thousands),
                (2000.0, 9999.0),
            ),
        ];
        for (yaml, expected, bounds) in cases {
            let parsed = value(yaml).unwrap();
            assert_eq!(parsed, expected, "{yaml}");
            assert_eq!(parsed.bounds(&q), Some(bounds), "{yaml}");
            // dossier.json writes it back as it was written.
            let json = serde_json::to_string(&parsed).unwrap();
            let back: serde_yaml::Value = serde_yaml::from_str(&json).unwrap();
            let written: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(back, written, "{yaml}");
        }
    }

    #[test]
    fn unknown_is_a_value_without_bounds() {
        let parsed = value("unknown").unwrap();
        assert_eq!(parsed, Value::Unknown);
        assert_eq!(parsed.bounds(&Quantities::default()), None);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"unknown\"");
    }

    #[test]
    fn wrong_values_say_what_a_value_can_be() {
        for (yaml, message) in [
            ("many", "`many` is not a value"),
            ("{about: 100}", "`about` is not an open range"),
            ("{at-least: 1, at-most: 2}", "an open range has one key"),
            ("[5, 1]", "min must not exceed max"),
        ] {
            let error = value(yaml).unwrap_err();
            assert!(error.contains(message), "{yaml}: {error}");
        }
    }
}
