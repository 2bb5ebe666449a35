//! Finding a folded quote in folded blocks, and, when it is nowhere, the
//! passage that comes closest.

use crate::fold::Folded;

/// One place a quote matches: a block and a byte range of its folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Index of the block.
    pub(crate) block: usize,
    /// Start in the folded text.
    pub(crate) start: usize,
    /// End in the folded text.
    pub(crate) end: usize,
}

/// Every place `needle` occurs, overlapping ones included, in block order.
pub(crate) fn hits(blocks: &[Folded], needle: &str) -> Vec<Hit> {
    let mut found = Vec::new();
    if needle.is_empty() {
        return found;
    }
    for (block, folded) in blocks.iter().enumerate() {
        let text = folded.text.as_str();
        let mut from = 0;
        while let Some(position) = text[from..].find(needle) {
            let start = from + position;
            found.push(Hit {
                block,
                start,
                end: start + needle.len(),
            });
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    found
}

/// Whether the text around a hit agrees with the editor's prefix and suffix.
/// White space where the prefix or suffix meets the quote is optional.
pub(crate) fn has_context(folded: &Folded, hit: Hit, prefix: &str, suffix: &str) -> bool {
    let before = folded.text[..hit.start].trim_end();
    let after = folded.text[hit.end..].trim_start();
    before.ends_with(prefix) && after.starts_with(suffix)
}

/// The passage of the blocks closest to `needle`: its block, its range in
/// the folded text, and its edit distance. Approximate substring matching
/// (Sellers' algorithm): the cost of a match may start anywhere in the text.
pub(crate) fn closest_passage(blocks: &[Folded], needle: &str) -> Option<(Hit, usize)> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() {
        return None;
    }
    let mut best: Option<(Hit, usize)> = None;
    for (block, folded) in blocks.iter().enumerate() {
        let Some((start, end, distance)) = closest_in(&folded.text, &needle) else {
            continue;
        };
        if best.is_none_or(|(_, best_distance)| distance < best_distance) {
            best = Some((Hit { block, start, end }, distance));
        }
    }
    best
}

/// Sellers' algorithm over one text: returns (byte start, byte end,
/// distance) of the best approximate occurrence of `needle`.
fn closest_in(text: &str, needle: &[char]) -> Option<(usize, usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    if chars.is_empty() {
        return None;
    }
    let m = needle.len();
    // column[i] = (cost, start char index) of aligning needle[..i] ending here.
    let mut previous: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
    let mut best = (usize::MAX, 0, 0);
    for (j, &(_, c)) in chars.iter().enumerate() {
        let mut current = vec![(0, j + 1); m + 1];
        for i in 1..=m {
            let substitute = (
                previous[i - 1].0 + usize::from(needle[i - 1] != c),
                previous[i - 1].1,
            );
            let delete = (previous[i].0 + 1, previous[i].1);
            let insert = (current[i - 1].0 + 1, current[i - 1].1);
            current[i] = substitute.min(delete).min(insert);
        }
        if current[m].0 < best.0 {
            best = (current[m].0, current[m].1, j + 1);
        }
        previous = current;
    }
    let (distance, start, end) = best;
    let byte = |index: usize| chars.get(index).map_or(text.len(), |&(offset, _)| offset);
    Some((byte(start), byte(end), distance))
}

/// Where two folded strings first differ, as short excerpts of each: what
/// the text has, and what the quote has.
pub(crate) fn first_difference(text: &str, quote: &str) -> Option<(String, String)> {
    let common = text
        .chars()
        .zip(quote.chars())
        .take_while(|(a, b)| a == b)
        .count();
    if common == text.chars().count() && common == quote.chars().count() {
        return None;
    }
    let excerpt =
        |s: &str| -> String { s.chars().skip(common.saturating_sub(3)).take(12).collect() };
    Some((excerpt(text), excerpt(quote)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold::fold_for_anchoring;

    #[test]
    fn hits_include_overlapping_ones() {
        let blocks = [fold_for_anchoring("ااا"), fold_for_anchoring("ب ا")];
        let found = hits(&blocks, "اا");
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|hit| hit.block == 0));
    }

    #[test]
    fn context_tolerates_a_space_at_the_junction() {
        let blocks = [fold_for_anchoring("قال المتحدث إن لا فرار")];
        let hit = hits(&blocks, "لا فرار")[0];
        assert!(has_context(&blocks[0], hit, "إن", ""));
        assert!(has_context(&blocks[0], hit, "المتحدث إن", ""));
        assert!(!has_context(&blocks[0], hit, "قال", ""));
    }

    #[test]
    fn the_closest_passage_is_found() {
        let blocks = [
            fold_for_anchoring("نص لا علاقة له"),
            fold_for_anchoring("أعلنت قوات سوريا الديمقراطية عن تمكنها من إلقاء القبض"),
        ];
        let (hit, distance) = closest_passage(&blocks, "قوات سوريا الديموقراطية").unwrap();
        assert_eq!(hit.block, 1);
        assert_eq!(distance, 1);
        assert_eq!(
            &blocks[1].text[hit.start..hit.end],
            "قوات سوريا الديمقراطية"
        );
    }

    #[test]
    fn differences_are_shown_where_they_start() {
        let (text, quote) = first_difference("سجن الحسكة", "سجن الكسحة").unwrap();
        assert!(text.contains("حسكة"), "{text}");
        assert!(quote.contains("كسحة"), "{quote}");
    }
}
