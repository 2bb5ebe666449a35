//! What the charts share: escaping, numbers as SVG writes them, a palette
//! that stays distinct for colour-blind readers, and marker shapes so that
//! colour is never the only difference between two series.

use std::fmt::Write as _;

pub(super) use crate::render::escape_html as escape;

/// Okabe–Ito colours, without the yellow that vanishes on white.
const COLOURS: [&str; 7] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
];

/// Marker shapes, cycled with a period prime to the colours' so that the
/// first 28 series all differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A circle.
    Circle,
    /// A square.
    Square,
    /// A triangle pointing up.
    Triangle,
    /// A diamond.
    Diamond,
}

/// The colour and shape of series `index`.
pub(super) fn style(index: usize) -> (&'static str, Shape) {
    let shape = match index % 4 {
        0 => Shape::Circle,
        1 => Shape::Square,
        2 => Shape::Triangle,
        _ => Shape::Diamond,
    };
    (COLOURS[index % COLOURS.len()], shape)
}

/// A coordinate, to one decimal: enough for a screen, and stable text.
pub(super) fn n(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

/// A marker of `shape` centred on (x, y), `size` across, with extra
/// attributes (escaped by the caller).
pub(super) fn marker(out: &mut String, shape: Shape, x: f64, y: f64, size: f64, attributes: &str) {
    let r = size / 2.0;
    let _ = match shape {
        Shape::Circle => write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{attributes}/>",
            n(x),
            n(y),
            n(r)
        ),
        Shape::Square => write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attributes}/>",
            n(x - r * 0.9),
            n(y - r * 0.9),
            n(size * 0.9),
            n(size * 0.9)
        ),
        Shape::Triangle => write!(
            out,
            "<path d=\"M{} {}L{} {}L{} {}Z\"{attributes}/>",
            n(x),
            n(y - r * 1.1),
            n(x + r * 1.1),
            n(y + r * 0.9),
            n(x - r * 1.1),
            n(y + r * 0.9)
        ),
        Shape::Diamond => write!(
            out,
            "<path d=\"M{} {}L{} {}L{} {}L{} {}Z\"{attributes}/>",
            n(x),
            n(y - r * 1.2),
            n(x + r * 1.2),
            n(y),
            n(x),
            n(y + r * 1.2),
            n(x - r * 1.2),
            n(y)
        ),
    };
}

/// A small standalone SVG of one marker, for a legend written in HTML.
pub(super) fn swatch(colour: &str, shape: Shape) -> String {
    let mut out = String::from(
        "<svg class=\"swatch\" width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" aria-hidden=\"true\">",
    );
    marker(
        &mut out,
        shape,
        7.0,
        7.0,
        10.0,
        &format!(" fill=\"{colour}\""),
    );
    out.push_str("</svg>");
    out
}

/// Round tick values from `low` to at least `high`: steps of 1, 2 or 5
/// times a power of ten, about `count` of them.
pub(super) fn ticks(low: f64, high: f64, count: usize) -> Vec<f64> {
    let span = (high - low).max(f64::EPSILON);
    let raw = span / count.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power)
        .max(if span >= 1.0 { 1.0 } else { 0.0 });
    let start = (low / step).floor() * step;
    let mut values = Vec::new();
    let mut value = start;
    while value < high + step * 0.999 && values.len() < 50 {
        values.push(value);
        value += step;
    }
    values
}

/// A tick value as text: an integer when it is one.
pub(super) fn label(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Days since 1970-01-01 of a date written `YYYY-MM-DD…`, for placing
/// dates on an axis (Howard Hinnant's days-from-civil).
pub(super) fn day_number(date: &str) -> Option<i64> {
    let year: i64 = date.get(0..4)?.parse().ok()?;
    // A month is drawn at its middle, a year at its middle.
    let month: i64 = date.get(5..7).map_or(Some(7), |m| m.parse().ok())?;
    let day: i64 = date
        .get(8..10)
        .map_or(Some(if date.len() == 4 { 1 } else { 15 }), |d| {
            d.parse().ok()
        })?;
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The date `YYYY-MM-DD` of a day number.
pub(super) fn date_of(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2022-01-20T10:00:00+03:00"), Some(19012));
        assert_eq!(date_of(19012), "2022-01-20");
        assert_eq!(date_of(day_number("2024-02-29").unwrap()), "2024-02-29");
        assert_eq!(day_number("undated"), None);
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 136.0, 5), [0.0, 50.0, 100.0, 150.0]);
        assert_eq!(ticks(0.0, 7.0, 5), [0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(0.0, 1.0, 5), [0.0, 1.0]);
        assert_eq!(label(2.5), "2.5");
        assert_eq!(label(150.0), "150");
    }
}
