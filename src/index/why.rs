//! Why two claims are, or are not, a detected contradiction
//! (`isnad check --why A B`): the detector's rules of [`super::detected`],
//! applied to one pair and said in words, in the order the detector
//! applies them, so that an editor who expected a pair to be flagged (or
//! not) learns which rule decided.

use super::ClaimView;

/// The claimant the detector compares: the actor, else the outlet.
fn claimant(claim: &ClaimView) -> String {
    match &claim.by {
        Some(actor) => format!("actor `{}`", actor.id),
        None => format!("the outlet «{}»", claim.outlet),
    }
}

/// Whether `claim` links `other` by `contradicts`, `supports` or
/// `updates`, either way round; the relation's name when it does.
fn link(claim: &ClaimView, other: &ClaimView) -> Option<&'static str> {
    let names = |list: &[super::Relation]| list.iter().any(|r| r.claim.id == other.id);
    if names(&claim.contradicts) {
        Some("contradicts")
    } else if names(&claim.supports) || names(&claim.supported_by) {
        Some("supports")
    } else if names(&claim.updates) || names(&claim.updated_by) {
        Some("updates")
    } else {
        None
    }
}

/// The bounds of a claim's value, written for a reader.
fn bounds_text(bounds: (f64, f64)) -> String {
    let end = |v: f64| {
        if v.is_infinite() {
            "∞".to_owned()
        } else {
            super::svg::label(v)
        }
    };
    if bounds.0 == bounds.1 {
        end(bounds.0)
    } else {
        format!("{}–{}", end(bounds.0), end(bounds.1))
    }
}

/// Whether the detector flags the pair `a`, `b`, and why, in one sentence.
pub fn why(a: &ClaimView, b: &ClaimView) -> (bool, String) {
    let (ta, tb) = (a.topic.as_ref(), b.topic.as_ref());
    let Some(topic) = ta.filter(|t| tb.is_some_and(|u| u.id == t.id)) else {
        let of = |c: &ClaimView| match &c.topic {
            Some(t) => format!("`{}` answers topic `{}`", c.id, t.id),
            None => format!("`{}` answers no topic", c.id),
        };
        return (
            false,
            format!(
                "not compared: {} and {}; only figures on one topic are compared",
                of(a),
                of(b)
            ),
        );
    };
    for claim in [a, b] {
        if claim.bounds.is_none() {
            return (
                false,
                format!(
                    "not compared: `{}` gives no figure (no `value`, or `unknown`)",
                    claim.id
                ),
            );
        }
        if !claim.updated_by.is_empty() {
            let later = &claim.updated_by[0].claim.id;
            return (
                false,
                format!(
                    "not compared: `{}` is updated by `{later}`, a later figure of its claimant; only the latest figure of a chain of updates is compared",
                    claim.id
                ),
            );
        }
    }
    if claimant(a) == claimant(b) {
        return (
            false,
            format!(
                "not flagged: both are by {}; figures of one claimant that disagree are declared by hand (`contradicts`) or related by `updates`",
                claimant(a)
            ),
        );
    }
    if let Some(relation) = link(a, b).or_else(|| link(b, a)) {
        return (
            false,
            format!("not flagged: the editors link them with `{relation}`"),
        );
    }
    let (ba, bb) = (a.bounds.unwrap_or_default(), b.bounds.unwrap_or_default());
    let values = format!(
        "{} ({}) and {} ({})",
        a.value_text.as_deref().unwrap_or_default(),
        bounds_text(ba),
        b.value_text.as_deref().unwrap_or_default(),
        bounds_text(bb)
    );
    if ba.0 <= bb.1 && bb.0 <= ba.1 {
        return (
            false,
            format!(
                "not flagged: on topic `{}` the figures {values} overlap",
                topic.id
            ),
        );
    }
    (
        true,
        format!(
            "flagged: on topic `{}`, {} and {} give figures that do not overlap, {values}, and neither links the other",
            topic.id,
            claimant(a),
            claimant(b)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{ActorLink, ClaimRef, Relation, TopicLink};
    use crate::load::schema::Value;

    fn claim(id: &str, by: &str, topic: &str, value: Option<Value>) -> ClaimView {
        ClaimView {
            id: id.to_owned(),
            by: Some(ActorLink {
                id: by.to_owned(),
                name: by.to_owned(),
                page: format!("actors/{by}.html"),
                relation: None,
            }),
            by_name: by.to_owned(),
            topic: Some(TopicLink {
                id: topic.to_owned(),
                title: topic.to_owned(),
                page: format!("topics/{topic}.html"),
            }),
            value_text: value.map(|v| v.to_string()),
            bounds: value.and_then(|v| v.bounds(&Default::default())),
            value,
            ..ClaimView::default()
        }
    }

    fn relation(to: &str) -> Relation {
        Relation {
            claim: ClaimRef {
                id: to.to_owned(),
                ..ClaimRef::default()
            },
            contradiction: None,
        }
    }

    #[test]
    fn each_rule_of_the_detector_is_named() {
        let none = claim("ahmi", "ahmi", "escapes", Some(Value::Number(0.0)));
        let sohr = claim("sohr", "sohr", "escapes", Some(Value::Number(136.0)));
        assert_eq!(
            why(&none, &sohr),
            (true, "flagged: on topic `escapes`, actor `ahmi` and actor `sohr` give figures that do not overlap, 0 (0) and 136 (136), and neither links the other".to_owned())
        );
        let near = claim("near", "x", "escapes", Some(Value::Range(100.0, 140.0)));
        assert!(why(&near, &sohr)
            .1
            .starts_with("not flagged: on topic `escapes` the figures"));
        let other = claim("other", "x", "deaths", Some(Value::Number(5.0)));
        assert!(why(&other, &sohr)
            .1
            .contains("only figures on one topic are compared"));
        let vague = claim("vague", "x", "escapes", Some(Value::Unknown));
        assert!(why(&vague, &sohr).1.contains("gives no figure"));
        let same = claim("same", "sohr", "escapes", Some(Value::Number(10.0)));
        assert!(why(&same, &sohr).1.contains("both are by actor `sohr`"));
        let mut linked = claim("linked", "x", "escapes", Some(Value::Number(10.0)));
        linked.supports.push(relation("sohr"));
        assert_eq!(
            why(&sohr, &linked).1,
            "not flagged: the editors link them with `supports`"
        );
        let mut old = claim("old", "x", "escapes", Some(Value::Number(10.0)));
        old.updated_by.push(relation("new"));
        assert!(why(&old, &sohr).1.contains("is updated by `new`"));
    }
}
