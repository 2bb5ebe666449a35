//! A topic's figures over time, by claimant: an SVG drawn at build time
//! (no script), so that diverging tallies show at a glance. Each claimant
//! is one series (a colour and a shape); numbers are markers, ranges are
//! bars, and a claimant's dated figures are joined by a line. Figures with
//! no date stand in a band of their own at the end of the time axis.
//!
//! A topic with more figures than [`MARKS`] (thousands, in a large
//! dossier) is drawn by period: each claimant's figures of one period are
//! one mark, a bar from the lowest to the highest, so that the chart stays
//! a few hundred marks (tens of kilobytes, where one mark per figure made
//! a topic page of 2.7 MB at 10,000 documents) and still shows who says
//! what, and how far apart.
//!
//! Time runs in the reading direction: right to left on a right-to-left
//! site, with the value axis on the right. The chart is `role="img"` with a
//! title and a description, and holds no links (an image's content is not
//! reachable): the table beside it stays the accessible source of every
//! figure, and links each one to its place.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use super::svg::{day_number, escape, label, marker, n, style, swatch, ticks, Shape};
use super::ClaimView;

/// The drawing area.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 340.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 52.0;
/// The side with the value labels, and the other.
const AXIS_SIDE: f64 = 64.0;
const FAR_SIDE: f64 = 24.0;
/// The width of the band for undated figures.
const UNDATED_BAND: f64 = 70.0;

/// One claimant of the legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    /// The claimant's name.
    pub name: String,
    /// The actor's page, when the claimant is an actor.
    pub page: Option<String>,
    /// How many figures.
    pub figures: usize,
    /// Its marker, as a small SVG.
    pub swatch: String,
}

/// A topic's chart and its legend.
#[derive(Debug, Clone, Serialize)]
pub struct TopicChart {
    /// The SVG element.
    pub svg: String,
    /// One entry per claimant, in the order of their first figure.
    pub legend: Vec<LegendEntry>,
    /// Whether each mark stands for a claimant's figures of one period
    /// rather than for one figure (see [`MARKS`]).
    pub grouped: bool,
}

/// Up to how many figures a chart draws one mark each; beyond, each
/// claimant's figures are grouped by period, so that the chart has at most
/// this many marks however many figures the topic has (with more
/// claimants than this, one per claimant and period: at most two each).
pub(super) const MARKS: usize = 400;

/// The words a chart needs, in the interface language.
pub(super) struct Labels<'a> {
    pub(super) title: &'a str,
    pub(super) unit: Option<&'a str>,
    pub(super) date_axis: &'a str,
    pub(super) undated: &'a str,
    pub(super) description: String,
    /// What a grouped chart's marks stand for, added to its description.
    pub(super) grouped: &'a str,
}

/// A figure placed in the chart, or a claimant's figures of one period.
struct Point<'c> {
    claim: &'c ClaimView,
    day: Option<i64>,
    low: f64,
    high: f64,
    /// In a grouped chart, the figures it stands for (one or more).
    group: Option<Group>,
}

/// What a mark of a grouped chart stands for.
#[derive(Debug, Clone, Copy)]
struct Group {
    figures: usize,
    first_day: Option<i64>,
    last_day: Option<i64>,
    /// Its middle figure (each range counted by its middle; of an even
    /// number, the upper of the two middle ones), where its marker goes: a
    /// figure somebody gave, where the middle of the bar may be none.
    median: f64,
}

impl Point<'_> {
    /// Where the marker goes.
    fn middle(&self) -> f64 {
        match self.group {
            Some(group) => group.median,
            None => (self.low + self.high) / 2.0,
        }
    }
}

/// Draws `claims` (a topic's figures, sorted by date); `None` when none
/// has a value.
pub(super) fn topic_chart(
    id: &str,
    claims: &[Arc<ClaimView>],
    labels: &Labels<'_>,
    rtl: bool,
) -> Option<TopicChart> {
    let mut series: Vec<(&str, Vec<Point<'_>>)> = Vec::new();
    for claim in claims {
        let Some((low, high)) = claim.bounds else {
            continue;
        };
        // An open range is drawn up to half as far again as its bound.
        let high = if high.is_finite() {
            high
        } else {
            low.abs() * 1.5 + 1.0
        };
        let point = Point {
            claim,
            day: claim.as_of.as_deref().and_then(day_number),
            low,
            high,
            group: None,
        };
        match series.iter_mut().find(|(name, _)| *name == claim.by_name) {
            Some((_, points)) => points.push(point),
            None => series.push((&claim.by_name, vec![point])),
        }
    }
    if series.is_empty() {
        return None;
    }
    let figures: Vec<usize> = series.iter().map(|(_, p)| p.len()).collect();
    // The frame of every figure: a group's bar spans its figures and its
    // marker stands at a date between theirs, so the axes stay the same.
    let frame = Frame::new(series.iter().flat_map(|(_, p)| p), rtl);
    let grouped = figures.iter().sum::<usize>() > MARKS;
    if grouped {
        // Each claimant's share of the marks, one of them for its undated
        // figures if the chart has any (at least one dated period each, so
        // that a topic of more claimants than marks has a mark per claimant
        // and period).
        let share = MARKS / series.len();
        let periods = share.saturating_sub(usize::from(frame.has_undated)).max(1);
        for (_, points) in &mut series {
            *points = by_period(std::mem::take(points), &frame, periods);
        }
    }
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"img\" aria-labelledby=\"chart-{id}-title chart-{id}-desc\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">\
<title id=\"chart-{id}-title\">{}</title><desc id=\"chart-{id}-desc\">{}{}</desc>",
        escape(labels.title),
        escape(&labels.description),
        if grouped {
            format!(" {}", escape(labels.grouped))
        } else {
            String::new()
        }
    );
    frame.axes(&mut svg, labels);
    let count = series.len();
    let mut legend = Vec::with_capacity(count);
    for (index, (name, points)) in series.iter().enumerate() {
        let (colour, shape) = style(index);
        // Claimants side by side on one date, so that equal figures on one
        // day stay visible.
        let spread = (36.0 / count as f64).min(7.0);
        let nudge = (index as f64 - (count as f64 - 1.0) / 2.0) * spread;
        let _ = write!(
            svg,
            "<g class=\"series\" fill=\"{colour}\" stroke=\"{colour}\">"
        );
        frame.line(&mut svg, points, nudge);
        for point in points {
            frame.point(&mut svg, point, shape, nudge);
        }
        svg.push_str("</g>");
        legend.push(LegendEntry {
            name: (*name).to_owned(),
            page: points[0].claim.by.as_ref().map(|b| b.page.clone()),
            figures: figures[index],
            swatch: swatch(colour, shape),
        });
    }
    svg.push_str("</svg>");
    Some(TopicChart {
        svg,
        legend,
        grouped,
    })
}

/// One claimant's figures (in date order) grouped into at most `periods`
/// periods of equal length across the chart's dates, plus one for the
/// undated: each group spans its figures' lowest to highest value, at the
/// middle of their dates.
fn by_period<'c>(points: Vec<Point<'c>>, frame: &Frame, periods: usize) -> Vec<Point<'c>> {
    let span = (frame.last_day - frame.first_day + 1).max(1) as i128;
    let period_of = |day: Option<i64>| {
        day.map(|day| ((day - frame.first_day) as i128 * periods as i128 / span) as usize)
    };
    let mut groups: BTreeMap<Option<usize>, (Point<'c>, Vec<f64>)> = BTreeMap::new();
    for point in points {
        let middle = point.middle();
        let group = Group {
            figures: 1,
            first_day: point.day,
            last_day: point.day,
            median: middle,
        };
        match groups.entry(period_of(point.day)) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                let point = Point {
                    group: Some(group),
                    ..point
                };
                slot.insert((point, vec![middle]));
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => {
                let (merged, middles) = slot.get_mut();
                middles.push(middle);
                merged.low = merged.low.min(point.low);
                merged.high = merged.high.max(point.high);
                if let Some(group) = &mut merged.group {
                    group.figures += 1;
                    group.first_day = group.first_day.min(point.day);
                    group.last_day = group.last_day.max(point.day);
                }
            }
        }
    }
    groups
        .into_values()
        .map(|(mut point, mut middles)| {
            if let Some(group) = &mut point.group {
                middles.sort_by(f64::total_cmp);
                group.median = middles[middles.len() / 2];
                if let (Some(first), Some(last)) = (group.first_day, group.last_day) {
                    point.day = Some(first + (last - first) / 2);
                }
            }
            point
        })
        .collect()
}

/// Where things go: the scales of both axes.
struct Frame {
    first_day: i64,
    last_day: i64,
    /// Whether any figure has a date: with none, the time axis has no
    /// dates to mark (not the day 0 of the calendar, 1970-01-01).
    has_dated: bool,
    has_undated: bool,
    y_ticks: Vec<f64>,
    rtl: bool,
    /// Whether values are drawn on a logarithmic scale (see [`LOG_SPREAD`]).
    log: bool,
}

/// How many times the largest figure must exceed the smallest non-zero
/// one for the value axis to be logarithmic. On a linear axis "hundreds"
/// would crush "none", "one" and "dozens" into one line at the bottom,
/// and it is exactly their difference that the chart is for.
const LOG_SPREAD: f64 = 50.0;

/// The logarithmic scale: `log10(1 + v)`, so that 0 has a place of its own.
fn log_scale(value: f64) -> f64 {
    value.signum() * (1.0 + value.abs()).log10()
}

impl Frame {
    fn new<'a, 'c: 'a>(points: impl Iterator<Item = &'a Point<'c>>, rtl: bool) -> Self {
        let mut first_day = i64::MAX;
        let mut last_day = i64::MIN;
        let mut has_undated = false;
        let mut low = 0f64;
        let mut high = 0f64;
        let mut smallest = f64::INFINITY;
        for point in points {
            for value in [point.low, point.high] {
                if value > 0.0 {
                    smallest = smallest.min(value);
                }
            }
            match point.day {
                Some(day) => {
                    first_day = first_day.min(day);
                    last_day = last_day.max(day);
                }
                None => has_undated = true,
            }
            low = low.min(point.low);
            high = high.max(point.high);
        }
        let has_dated = first_day <= last_day;
        if !has_dated {
            (first_day, last_day) = (0, 0);
        }
        let log = low >= 0.0 && high > smallest * LOG_SPREAD;
        let y_ticks = if log {
            // 0, 1, 10, 100… up to the first power of ten above the top.
            let mut ticks = vec![0.0, 1.0];
            while ticks.last().is_some_and(|&t| t < high) {
                ticks.push(ticks.last().copied().unwrap_or(1.0) * 10.0);
            }
            ticks
        } else {
            ticks(low, high.max(1.0), 5)
        };
        Frame {
            first_day,
            last_day,
            has_dated,
            has_undated,
            y_ticks,
            rtl,
            log,
        }
    }

    fn y_range(&self) -> (f64, f64) {
        let low = self.y_ticks.first().copied().unwrap_or(0.0);
        let high = self.y_ticks.last().copied().unwrap_or(1.0);
        (low, if high > low { high } else { low + 1.0 })
    }

    fn y(&self, value: f64) -> f64 {
        let (low, high) = self.y_range();
        let (value, low, high) = if self.log {
            (log_scale(value), log_scale(low), log_scale(high))
        } else {
            (value, low, high)
        };
        HEIGHT - BOTTOM - (value - low) / (high - low) * (HEIGHT - TOP - BOTTOM)
    }

    /// Distance from the axis side, in the reading direction.
    fn along(&self, day: Option<i64>) -> f64 {
        let dated_width =
            WIDTH - AXIS_SIDE - FAR_SIDE - if self.has_undated { UNDATED_BAND } else { 0.0 };
        let Some(day) = day else {
            // With no dated figure, the undated ones have the plot to
            // themselves, in its middle, rather than a band at its far
            // end beside an empty time axis.
            if !self.has_dated {
                return (WIDTH - AXIS_SIDE - FAR_SIDE) / 2.0;
            }
            return dated_width + UNDATED_BAND / 2.0;
        };
        let span = (self.last_day - self.first_day) as f64;
        let padding = 18.0;
        if span == 0.0 {
            return dated_width / 2.0;
        }
        padding + (day - self.first_day) as f64 / span * (dated_width - 2.0 * padding)
    }

    /// The x coordinate of a distance along the time axis.
    fn x(&self, along: f64) -> f64 {
        if self.rtl {
            WIDTH - AXIS_SIDE - along
        } else {
            AXIS_SIDE + along
        }
    }

    fn axes(&self, svg: &mut String, labels: &Labels<'_>) {
        let base = HEIGHT - BOTTOM;
        let (axis_x, far_x) = (self.x(0.0), self.x(WIDTH - AXIS_SIDE - FAR_SIDE));
        svg.push_str("<g class=\"axes\" fill=\"currentColor\" stroke=\"currentColor\">");
        // Value grid and labels.
        let (label_x, anchor) = if self.rtl {
            (axis_x + 6.0, "start")
        } else {
            (axis_x - 6.0, "end")
        };
        for &tick in &self.y_ticks {
            let y = self.y(tick);
            let _ = write!(
                svg,
                "<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-opacity=\"0.15\"/>\
<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" direction=\"ltr\" stroke=\"none\">{}</text>",
                n(axis_x),
                n(y),
                n(far_x),
                n(y),
                n(label_x),
                n(y + 4.0),
                label(tick)
            );
        }
        let _ = write!(
            svg,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
            n(axis_x),
            n(TOP),
            n(axis_x),
            n(base),
            n(axis_x),
            n(base),
            n(far_x),
            n(base)
        );
        // Dates: each distinct day when there are few, else evenly spread.
        let span = self.last_day - self.first_day;
        let step = (span / 6).max(1);
        let mut day = self.first_day;
        while self.has_dated && day <= self.last_day {
            let x = self.x(self.along(Some(day)));
            let _ = write!(
                svg,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" direction=\"ltr\" stroke=\"none\">{}</text>",
                n(x),
                n(base),
                n(x),
                n(base + 4.0),
                n(x),
                n(base + 16.0),
                super::svg::date_of(day)
            );
            day += step;
        }
        if self.has_undated {
            // The band's label goes above the plot, clear of the dates,
            // and a dashed line parts it from the dated figures, if any.
            if self.has_dated {
                let edge = self.x(self.along(None) - UNDATED_BAND / 2.0);
                let _ = write!(
                    svg,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke-dasharray=\"3 3\" stroke-opacity=\"0.5\"/>",
                    n(edge),
                    n(TOP),
                    n(edge),
                    n(base),
                );
            }
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" stroke=\"none\">{}</text>",
                n(self.x(self.along(None))),
                n(TOP - 10.0),
                escape(labels.undated)
            );
        }
        // Axis titles (no time axis to name when nothing is dated).
        if self.has_dated {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" stroke=\"none\" class=\"axis-title\">{}</text>",
                n((axis_x + far_x) / 2.0),
                n(HEIGHT - 8.0),
                escape(labels.date_axis)
            );
        }
        if let Some(unit) = labels.unit {
            let _ = write!(
                svg,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" stroke=\"none\" class=\"axis-title\">{}</text>",
                n(axis_x),
                n(TOP - 10.0),
                escape(unit)
            );
        }
        svg.push_str("</g>");
    }

    /// A claimant's dated figures joined in date order.
    fn line(&self, svg: &mut String, points: &[Point<'_>], nudge: f64) {
        let mut by_day: BTreeMap<i64, f64> = BTreeMap::new();
        for point in points {
            if let Some(day) = point.day {
                // The last figure of a day is the one the line goes through.
                by_day.insert(day, point.middle());
            }
        }
        if by_day.len() < 2 {
            return;
        }
        let path: Vec<String> = by_day
            .iter()
            .map(|(&day, &value)| {
                format!(
                    "{} {}",
                    n(self.x(self.along(Some(day))) + nudge),
                    n(self.y(value))
                )
            })
            .collect();
        let _ = write!(
            svg,
            "<path d=\"M{}\" fill=\"none\" stroke-width=\"1.5\" stroke-opacity=\"0.6\"/>",
            path.join("L")
        );
    }

    fn point(&self, svg: &mut String, point: &Point<'_>, shape: Shape, nudge: f64) {
        let claim = point.claim;
        let x = self.x(self.along(point.day)) + nudge;
        let (value, date) = match point.group {
            Some(group) if group.figures > 1 => grouped_text(point, group),
            _ => (
                claim.value_text.clone().unwrap_or_default(),
                claim.as_of.clone().unwrap_or_else(|| "—".to_owned()),
            ),
        };
        let _ = write!(
            svg,
            "<g class=\"figure\"><title>{}: {} · {}</title>",
            escape(&claim.by_name),
            escape(&value),
            escape(&date)
        );
        if point.high > point.low {
            let (top, bottom) = (self.y(point.high), self.y(point.low));
            let _ = write!(
                svg,
                "<rect class=\"range\" x=\"{}\" y=\"{}\" width=\"6\" height=\"{}\" fill-opacity=\"0.45\" stroke-width=\"1.5\"/>",
                n(x - 3.0),
                n(top),
                n((bottom - top).max(1.0))
            );
        }
        let y = self.y(point.middle());
        marker(svg, shape, x, y, 9.0, " stroke=\"#fff\" stroke-width=\"1\"");
        if point.group.is_some() {
            // Hundreds of marks: labels would cover each other and the
            // marks; the title and the table carry the values.
            svg.push_str("</g>");
            return;
        }
        // Every figure says its value beside its marker, towards the far
        // side (a halo keeps it readable across lines and other markers).
        // A value of digits alone («100–120») reads left to right, as the
        // table shows it; one in words («عشرات») in the page's direction.
        // The anchor is the label's edge nearest the marker either way.
        let words = value.chars().any(is_right_to_left_letter);
        let (label_x, anchor, direction) = match (self.rtl, words) {
            (true, false) => (x - 8.0, "end", " direction=\"ltr\""),
            (true, true) => (x - 8.0, "start", ""),
            (false, _) => (x + 8.0, "start", ""),
        };
        let _ = write!(
            svg,
            "<text class=\"value-label\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{direction} font-size=\"10\" stroke=\"#fff\" stroke-width=\"3\" fill=\"#1d1d1f\">{}</text>",
            n(label_x),
            n(y + 3.5),
            escape(&value)
        );
        svg.push_str("</g>");
    }
}

/// A group's values and dates as its title gives them: `90–136 (×12)` and
/// `2022-01-20 – 2022-01-31`, in numbers and ISO dates that read the same
/// in every language.
fn grouped_text(point: &Point<'_>, group: Group) -> (String, String) {
    let value = if point.high > point.low {
        format!(
            "{}–{} (×{})",
            super::svg::label(point.low),
            super::svg::label(point.high),
            group.figures
        )
    } else {
        format!("{} (×{})", super::svg::label(point.low), group.figures)
    };
    let date = match (group.first_day, group.last_day) {
        (Some(first), Some(last)) if first != last => format!(
            "{} – {}",
            super::svg::date_of(first),
            super::svg::date_of(last)
        ),
        (Some(day), _) => super::svg::date_of(day),
        _ => "—".to_owned(),
    };
    (value, date)
}

/// A letter of a script written right to left (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms).
fn is_right_to_left_letter(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
        && c.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::ActorLink;
    use crate::load::schema::Value;

    fn claim(id: &str, by: &str, value: Value, as_of: Option<&str>) -> ClaimView {
        ClaimView {
            id: id.to_owned(),
            page: format!("documents/d.html#claim-{id}"),
            by_name: by.to_owned(),
            by: Some(ActorLink {
                id: by.to_owned(),
                name: by.to_owned(),
                page: format!("actors/{by}.html"),
                relation: None,
            }),
            value: Some(value),
            value_text: Some(value.to_string()),
            bounds: value.bounds(&Default::default()),
            as_of: as_of.map(str::to_owned),
            ..ClaimView::default()
        }
    }

    fn labels() -> Labels<'static> {
        Labels {
            title: "Recaptured",
            unit: Some("prisoners"),
            date_axis: "As of",
            undated: "undated",
            description: "3 figures".to_owned(),
            grouped: "Grouped by period.",
        }
    }

    #[test]
    fn one_series_per_claimant_with_a_link_per_figure() {
        let claims = [
            claim("a", "sdf", Value::Number(100.0), Some("2022-01-22")),
            claim("b", "sohr", Value::Range(90.0, 110.0), Some("2022-01-23")),
            claim("c", "sdf", Value::Number(136.0), None),
        ];
        let chart = topic_chart("t", &claims.clone().map(Arc::new), &labels(), true).unwrap();
        assert_eq!(chart.svg.matches("<g class=\"series\"").count(), 2);
        assert_eq!(chart.svg.matches("<g class=\"figure\"><title>").count(), 3);
        assert!(!chart.svg.contains("<a "), "an image holds no links");
        assert_eq!(chart.svg.matches("<rect x").count(), 1, "one range bar");
        assert!(chart.svg.contains(">undated</text>"));
        assert!(chart.svg.contains("role=\"img\""));
        let names: Vec<_> = chart
            .legend
            .iter()
            .map(|l| (l.name.as_str(), l.figures))
            .collect();
        assert_eq!(names, [("sdf", 2), ("sohr", 1)]);
    }

    #[test]
    fn figures_without_dates_mark_no_date() {
        let claims = [
            claim("a", "x", Value::Range(100.0, 120.0), None),
            claim("b", "y", Value::Number(90.0), None),
        ];
        let chart = topic_chart("t", &claims.clone().map(Arc::new), &labels(), true).unwrap();
        assert!(chart.svg.contains(">undated</text>"));
        assert!(!chart.svg.contains("1970"), "{}", chart.svg);
        // The undated figures have the plot to themselves: no band beside
        // an empty time axis, nor its title.
        assert!(!chart.svg.contains("stroke-dasharray"), "{}", chart.svg);
        assert!(!chart.svg.contains(">As of</text>"), "{}", chart.svg);
    }

    #[test]
    fn a_value_of_digits_reads_left_to_right_and_one_in_words_in_the_page_direction() {
        let mut words = claim("b", "y", Value::Number(40.0), Some("2022-01-21"));
        words.value_text = Some("عشرات".to_owned());
        let claims = [
            claim("a", "x", Value::Range(100.0, 120.0), Some("2022-01-20")),
            words,
        ];
        let chart = topic_chart("t", &claims.clone().map(Arc::new), &labels(), true).unwrap();
        let label = |text: &str| {
            let end = chart.svg.find(&format!(">{text}</text>")).unwrap();
            let start = chart.svg[..end].rfind("<text").unwrap();
            chart.svg[start..end].to_owned()
        };
        let digits = label(&Value::Range(100.0, 120.0).to_string());
        assert!(
            digits.contains("text-anchor=\"end\" direction=\"ltr\""),
            "{digits}"
        );
        let arabic = label("عشرات");
        assert!(arabic.contains("text-anchor=\"start\""), "{arabic}");
        assert!(!arabic.contains("direction"), "{arabic}");
    }

    #[test]
    fn time_runs_in_the_reading_direction() {
        let claims = [
            claim("a", "x", Value::Number(1.0), Some("2022-01-20")),
            claim("b", "x", Value::Number(2.0), Some("2022-01-30")),
        ];
        let x_of = |rtl: bool| {
            let chart = topic_chart("t", &claims.clone().map(Arc::new), &labels(), rtl).unwrap();
            let first = chart.svg.find("2022-01-20</text>").unwrap();
            let last = chart.svg.find("2022-01-30</text>").unwrap();
            let x = |at: usize| -> f64 {
                let tag = chart.svg[..at].rfind("<text x=\"").unwrap() + 9;
                let end = chart.svg[tag..].find('"').unwrap() + tag;
                chart.svg[tag..end].parse().unwrap()
            };
            (x(first), x(last))
        };
        let (first, last) = x_of(true);
        assert!(first > last, "right to left: {first} > {last}");
        let (first, last) = x_of(false);
        assert!(first < last);
    }

    #[test]
    fn figures_far_apart_get_a_logarithmic_axis_and_every_figure_its_label() {
        let wide = [
            claim("a", "x", Value::Number(0.0), Some("2022-01-20")),
            claim("b", "y", Value::Number(1.0), Some("2022-01-20")),
            claim("c", "z", Value::Number(30.0), Some("2022-01-21")),
            claim("d", "w", Value::Number(500.0), Some("2022-01-22")),
        ];
        let svg = topic_chart("t", &wide.clone().map(Arc::new), &labels(), true)
            .unwrap()
            .svg;
        for tick in [
            ">0</text>",
            ">1</text>",
            ">10</text>",
            ">100</text>",
            ">1000</text>",
        ] {
            assert!(svg.contains(tick), "{tick}");
        }
        // One, the smallest non-zero figure, stands clear of none: a tenth
        // of the height or more, where a linear axis to 500 gave it 0.2%.
        let frame = Frame::new(
            wide.iter()
                .map(|c| Point {
                    claim: c,
                    day: None,
                    low: c.bounds.unwrap().0,
                    high: c.bounds.unwrap().1,
                    group: None,
                })
                .collect::<Vec<_>>()
                .iter(),
            true,
        );
        assert!(frame.log);
        assert!(frame.y(0.0) - frame.y(1.0) > (HEIGHT - TOP - BOTTOM) / 10.0);
        assert_eq!(svg.matches("class=\"value-label\"").count(), 4);
        // Close figures keep the linear axis.
        let close = [
            claim("a", "x", Value::Number(90.0), Some("2022-01-20")),
            claim("b", "y", Value::Number(136.0), Some("2022-01-21")),
        ];
        let svg = topic_chart("t", &close.clone().map(Arc::new), &labels(), true)
            .unwrap()
            .svg;
        assert!(!svg.contains(">1000</text>"));
    }

    #[test]
    fn a_topic_of_thousands_of_figures_is_drawn_by_period_in_a_bounded_chart() {
        // 40 claimants, 6,000 figures over a year: one mark per figure was
        // 2.5 MB of SVG.
        let claims: Vec<Arc<ClaimView>> = (0..6000)
            .map(|i| {
                let day = 1 + i % 28;
                let month = 1 + (i / 28) % 12;
                let value = Value::Number((i * 7919 % 1000) as f64);
                let date = format!("2022-{month:02}-{day:02}");
                // Some undated, which take a mark of their own per claimant.
                let date = (i % 10 != 3).then_some(date.as_str());
                Arc::new(claim(
                    &format!("c{i}"),
                    &format!("actor-{}", i % 40),
                    value,
                    date,
                ))
            })
            .collect();
        let chart = topic_chart("t", &claims, &labels(), true).unwrap();
        assert!(chart.grouped);
        let marks = chart.svg.matches("<g class=\"figure\">").count();
        assert!((40..=MARKS).contains(&marks), "{marks} marks");
        assert!(chart.svg.len() < 200_000, "{} bytes", chart.svg.len());
        assert!(chart.svg.contains("Grouped by period.</desc>"));
        // The axes are those of every figure: the dates run from the first.
        assert!(
            chart.svg.contains(">2022-01-01</text>"),
            "the axis starts later"
        );
        assert!(chart.svg.contains(">undated</text>"));
        // The legend still counts every figure; each mark says how many it
        // holds, and its bar spans them.
        assert_eq!(chart.legend.len(), 40);
        assert!(chart.legend.iter().all(|l| l.figures == 150));
        let held: usize = chart
            .svg
            .match_indices("(×")
            .map(|(at, _)| {
                let rest = &chart.svg[at + "(×".len()..];
                rest[..rest.find(')').unwrap()].parse::<usize>().unwrap()
            })
            .sum();
        assert_eq!(held, 6000);
        assert!(chart.svg.contains("<rect class=\"range\""));
        assert!(!chart.svg.contains("class=\"value-label\""));
        // A small topic keeps one mark per figure.
        let few = topic_chart("t", &claims[..MARKS], &labels(), true).unwrap();
        assert!(!few.grouped);
        assert_eq!(few.svg.matches("<g class=\"figure\">").count(), MARKS);
    }

    #[test]
    fn no_values_no_chart() {
        let mut bare = claim("a", "x", Value::Number(1.0), None);
        bare.value = None;
        bare.bounds = None;
        assert!(topic_chart("t", &[Arc::new(bare)], &labels(), true).is_none());
    }
}
