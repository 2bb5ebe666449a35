//! Who contradicts whom: the claimants of contradicting claims on a
//! circle, joined by one arc per contradiction (declared ones solid,
//! detected ones dashed), laid out at build time. Nodes link to actor
//! pages and arcs to contradiction pages, so the SVG is a labelled group
//! of links, not an image (an image's content would be unreachable). The layout depends only
//! on the data, so two builds draw the same picture: claimants go round
//! the circle in the order of their ids, so that an actor keeps its place
//! when others are added.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::svg::{escape, n};
use super::{ContradictionView, Site};

/// The drawing: wide enough for labels beside the circle.
const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 600.0;
const RADIUS: f64 = 220.0;
/// Labels longer than this many characters are cut (the whole name is in
/// the node's title).
const LABEL: usize = 40;
/// Colours, also set by the theme's CSS (which can adapt them to a dark
/// background); these make the SVG readable on its own.
const NODE: &str = "#0b5394";
const DECLARED: &str = "#a4262c";
const DETECTED: &str = "#6b6f76";
/// Arcs drawn between one pair of claimants at most; the last stands for
/// the rest.
const ARCS_PER_PAIR: usize = 4;

/// Claimants drawn at most: those in the most contradictions. Beyond a
/// few dozen a circle of names is unreadable, and the drawing would grow
/// with the dossier; every contradiction is still listed on the index and
/// on its claimants' pages.
const MAX_NODES: usize = 30;

/// A claimant in the graph.
struct Node {
    name: String,
    page: Option<String>,
    contradictions: usize,
}

/// The words the graph needs, in the interface language.
pub(super) struct Labels<'a> {
    pub(super) title: &'a str,
    pub(super) description: String,
    pub(super) declared: &'a str,
    pub(super) detected: &'a str,
    pub(super) more: &'a str,
}

/// The claimant of one side of a contradiction: its actor's id, or its
/// name when it is an outlet with no actor.
fn claimant_key(site: &Site, claim_id: &str) -> Option<(String, String, Option<String>)> {
    let index = site
        .claims
        .binary_search_by(|c| c.id.as_str().cmp(claim_id))
        .ok()?;
    let claim = &site.claims[index];
    Some(match &claim.by {
        Some(actor) => (
            format!("actor:{}", actor.id),
            actor.name.clone(),
            Some(actor.page.clone()),
        ),
        None => (
            format!("outlet:{}", claim.outlet),
            claim.outlet.clone(),
            None,
        ),
    })
}

/// The graph of every contradiction, declared and detected, as an SVG with
/// links relative to `root` (`None` when there is no contradiction), and
/// the same pairs of claimants as a list, for narrow screens.
pub(super) fn contradiction_graph(
    site: &Site,
    detected: &[ContradictionView],
    labels: &Labels<'_>,
    root: &str,
) -> (Option<String>, Vec<GraphPair>) {
    let (mut nodes, mut pairs) = claimant_pairs(site, detected);
    if nodes.is_empty() {
        return (None, Vec::new());
    }
    let list = pair_list(&nodes, &pairs);
    keep_busiest(&mut nodes, &mut pairs);
    (draw(&nodes, &pairs, labels, root), list)
}

/// Two claimants who contradict each other, for the list that stands in
/// for the graph on narrow screens.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GraphPair {
    /// One claimant's name.
    pub a: String,
    /// Its actor page, when it is an actor.
    pub a_page: Option<String>,
    /// The other's name.
    pub b: String,
    /// Its actor page.
    pub b_page: Option<String>,
    /// How many contradictions the editors declared between them.
    pub declared: usize,
    /// How many were detected.
    pub detected: usize,
    /// The page of the first of them.
    pub page: String,
}

/// The pairs of claimants who contradict each other, most contradictions
/// first (the same as the graph's arcs; at most [`MAX_NODES`] pairs).
fn pair_list(
    nodes: &BTreeMap<String, Node>,
    pairs: &BTreeMap<(String, String), Vec<&ContradictionView>>,
) -> Vec<GraphPair> {
    let mut list: Vec<GraphPair> = pairs
        .iter()
        .map(|((a, b), contradictions)| {
            let declared = contradictions
                .iter()
                .filter(|c| c.kind == "declared")
                .count();
            GraphPair {
                a: nodes[a].name.clone(),
                a_page: nodes[a].page.clone(),
                b: nodes[b].name.clone(),
                b_page: nodes[b].page.clone(),
                declared,
                detected: contradictions.len() - declared,
                page: contradictions[0].page.clone(),
            }
        })
        .collect();
    list.sort_by(|x, y| {
        (y.declared + y.detected, y.declared, &x.a, &x.b).cmp(&(
            x.declared + x.detected,
            x.declared,
            &y.a,
            &y.b,
        ))
    });
    list.truncate(MAX_NODES);
    list
}

/// The claimants of contradicting claims and, for each pair of them, the
/// contradictions between them.
#[allow(clippy::type_complexity)]
fn claimant_pairs<'a>(
    site: &'a Site,
    detected: &'a [ContradictionView],
) -> (
    BTreeMap<String, Node>,
    BTreeMap<(String, String), Vec<&'a ContradictionView>>,
) {
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    let mut pairs: BTreeMap<(String, String), Vec<&ContradictionView>> = BTreeMap::new();
    for contradiction in site.contradictions.iter().chain(detected) {
        let sides: Vec<_> = contradiction
            .claims
            .iter()
            .filter_map(|c| claimant_key(site, &c.id))
            .collect();
        let [a, b] = sides.as_slice() else { continue };
        for (key, name, page) in [a, b] {
            nodes
                .entry(key.clone())
                .or_insert_with(|| Node {
                    name: name.clone(),
                    page: page.clone(),
                    contradictions: 0,
                })
                .contradictions += 1;
        }
        let pair = if a.0 <= b.0 {
            (a.0.clone(), b.0.clone())
        } else {
            (b.0.clone(), a.0.clone())
        };
        pairs.entry(pair).or_default().push(contradiction);
    }
    (nodes, pairs)
}

/// The SVG of the graph of `nodes` and `pairs`.
fn draw(
    nodes: &BTreeMap<String, Node>,
    pairs: &BTreeMap<(String, String), Vec<&ContradictionView>>,
    labels: &Labels<'_>,
    root: &str,
) -> Option<String> {
    let count = nodes.len();
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let place: BTreeMap<&str, (f64, f64, f64)> = nodes
        .keys()
        .enumerate()
        .map(|(i, key)| {
            // From the top, clockwise.
            let angle =
                std::f64::consts::TAU * i as f64 / count as f64 - std::f64::consts::FRAC_PI_2;
            let (x, y) = (cx + RADIUS * angle.cos(), cy + RADIUS * angle.sin());
            (key.as_str(), (x, y, angle))
        })
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"graph\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"group\" aria-labelledby=\"graph-title\" aria-describedby=\"graph-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">\
<title id=\"graph-title\">{}</title><desc id=\"graph-desc\">{}</desc><g class=\"edges\" fill=\"none\" stroke-width=\"2\">",
        escape(labels.title),
        escape(&labels.description)
    );
    for ((a, b), list) in pairs {
        let (from, to) = (place[a.as_str()], place[b.as_str()]);
        for (k, contradiction) in list.iter().take(ARCS_PER_PAIR).enumerate() {
            // The last arc drawn also stands for those that are not.
            let more = (k + 1 == ARCS_PER_PAIR && list.len() > ARCS_PER_PAIR)
                .then(|| list.len() - ARCS_PER_PAIR);
            let arc = Arc {
                ends: (from, to),
                k,
                more,
            };
            edge(&mut svg, contradiction, &arc, labels, root);
        }
    }
    let _ = write!(svg, "</g><g class=\"nodes\" fill=\"{NODE}\">");
    for (key, node) in nodes {
        let (x, y, angle) = place[key.as_str()];
        let radius = 5.0 + (node.contradictions as f64).sqrt() * 1.5;
        let (lx, ly) = (
            cx + (RADIUS + radius + 8.0) * angle.cos(),
            cy + (RADIUS + radius + 8.0) * angle.sin(),
        );
        // Labels extend away from the circle: to the right on its right
        // side, to the left on its left side, centred only at the very top
        // and bottom, so that neighbours' labels do not run into each
        // other. A label runs in its own script's direction, where `start`
        // is the right end of right-to-left text.
        let direction = if is_rtl(&node.name) { "rtl" } else { "ltr" };
        let towards_right = if direction == "rtl" { "end" } else { "start" };
        let towards_left = if direction == "rtl" { "start" } else { "end" };
        let anchor = if angle.cos() > 0.05 {
            towards_right
        } else if angle.cos() < -0.05 {
            towards_left
        } else {
            "middle"
        };
        let label: String = if node.name.chars().count() > LABEL {
            let cut: String = node.name.chars().take(LABEL - 1).collect();
            format!("{}…", cut.trim_end())
        } else {
            node.name.clone()
        };
        let dy = if angle.sin() > 0.5 {
            12.0
        } else if angle.sin() < -0.5 {
            -4.0
        } else {
            4.0
        };
        let body = format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"><title>{} ({})</title></circle><text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" direction=\"{direction}\">{}</text>",
            n(x),
            n(y),
            n(radius),
            escape(&node.name),
            node.contradictions,
            n(lx),
            n(ly + dy),
            escape(&label)
        );
        match &node.page {
            Some(page) => {
                let _ = write!(
                    svg,
                    "<a class=\"node\" href=\"{}{}\">{body}</a>",
                    escape(root),
                    escape(page)
                );
            }
            None => {
                let _ = write!(svg, "<g class=\"node\">{body}</g>");
            }
        }
    }
    svg.push_str("</g></svg>");
    Some(svg)
}

/// Where an arc goes: its two ends (x, y, angle), its rank among the arcs
/// of its pair, and how many arcs it stands for besides itself.
struct Arc {
    ends: ((f64, f64, f64), (f64, f64, f64)),
    k: usize,
    more: Option<usize>,
}

/// Whether `text` is right-to-left: its first letter is Hebrew or Arabic.
fn is_rtl(text: &str) -> bool {
    text.chars().find(|c| c.is_alphabetic()).is_some_and(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    })
}

/// One arc: straight for the first contradiction of a pair, then bowed
/// further out on alternate sides, so that arcs of one pair stay apart.
fn edge(
    svg: &mut String,
    contradiction: &ContradictionView,
    arc: &Arc,
    labels: &Labels<'_>,
    root: &str,
) {
    let ((x1, y1, _), (x2, y2, _)) = arc.ends;
    let k = arc.k;
    let detected = contradiction.kind == "detected";
    let path = if (x1 - x2).abs() < 0.01 && (y1 - y2).abs() < 0.01 {
        // A claimant against itself: a loop into the circle, away from the
        // labels outside it.
        let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
        let (dx, dy) = ((cx - x1) / RADIUS, (cy - y1) / RADIUS);
        let size = 28.0 + 10.0 * k as f64;
        format!(
            "M{} {}C{} {} {} {} {} {}",
            n(x1),
            n(y1),
            n(x1 + (dx - dy) * size),
            n(y1 + (dy + dx) * size),
            n(x1 + (dx + dy) * size),
            n(y1 + (dy - dx) * size),
            n(x1),
            n(y1)
        )
    } else {
        let bow = if k == 0 {
            0.0
        } else {
            let step = k.div_ceil(2) as f64 * 22.0;
            if k % 2 == 1 {
                step
            } else {
                -step
            }
        };
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let length = ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt().max(1.0);
        let (px, py) = (-(y2 - y1) / length, (x2 - x1) / length);
        format!(
            "M{} {}Q{} {} {} {}",
            n(x1),
            n(y1),
            n(mx + px * bow * 2.0),
            n(my + py * bow * 2.0),
            n(x2),
            n(y2)
        )
    };
    let kind = if detected {
        labels.detected
    } else {
        labels.declared
    };
    let more = arc
        .more
        .map(|rest| format!(" {}", labels.more.replace("{n}", &rest.to_string())))
        .unwrap_or_default();
    let _ = write!(
        svg,
        "<a class=\"edge edge-{}\" href=\"{}{}\"><path d=\"{path}\"{}/><title>{}{} ⟷ {} ({}){}</title></a>",
        escape(&contradiction.kind),
        escape(root),
        escape(&contradiction.page),
        if detected {
            format!(" stroke=\"{DETECTED}\" stroke-dasharray=\"5 4\"")
        } else {
            format!(" stroke=\"{DECLARED}\"")
        },
        // Each arc is labelled with its topic: what the two disagree on.
        contradiction
            .topic
            .as_ref()
            .map(|t| format!("{}: ", escape(&t.title)))
            .unwrap_or_default(),
        escape(&contradiction.claims[0].by_name),
        escape(&contradiction.claims[1].by_name),
        escape(kind),
        escape(&more)
    );
}

/// Keeps the [`MAX_NODES`] claimants in the most contradictions (ties by
/// key, so that the drawing is the same every build) and the pairs
/// between them.
fn keep_busiest(
    nodes: &mut BTreeMap<String, Node>,
    pairs: &mut BTreeMap<(String, String), Vec<&ContradictionView>>,
) {
    if nodes.len() <= MAX_NODES {
        return;
    }
    let mut ranked: Vec<(&String, usize)> =
        nodes.iter().map(|(k, n)| (k, n.contradictions)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let kept: std::collections::BTreeSet<String> = ranked
        .into_iter()
        .take(MAX_NODES)
        .map(|(k, _)| k.clone())
        .collect();
    nodes.retain(|key, _| kept.contains(key));
    pairs.retain(|(a, b), _| kept.contains(a) && kept.contains(b));
}
