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

/// Every place each of `needles` occurs, overlapping ones included, in
/// block order: one pass over the text for all of them (Aho-Corasick), so
/// that a document with thousands of claims is read once, not once a claim.
pub(crate) fn hits_of_all(blocks: &[Folded], needles: &[String]) -> Vec<Vec<Hit>> {
    let mut found = vec![Vec::new(); needles.len()];
    // Empty needles find nothing; the automaton gets the others.
    let (indices, patterns): (Vec<usize>, Vec<&str>) = needles
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_empty())
        .map(|(i, n)| (i, n.as_str()))
        .unzip();
    if patterns.is_empty() {
        return found;
    }
    let Ok(automaton) = aho_corasick::AhoCorasick::new(&patterns) else {
        // Too many patterns for the automaton's limits: one at a time.
        for (&i, pattern) in indices.iter().zip(&patterns) {
            found[i] = hits(blocks, pattern);
        }
        return found;
    };
    for (block, folded) in blocks.iter().enumerate() {
        for hit in automaton.find_overlapping_iter(folded.text.as_str()) {
            found[indices[hit.pattern().as_usize()]].push(Hit {
                block,
                start: hit.start(),
                end: hit.end(),
            });
        }
    }
    for hits in &mut found {
        hits.sort_by_key(|hit| (hit.block, hit.start));
    }
    found
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
/// the folded text, and its edit distance (approximate when the quote is
/// very long).
///
/// Edit distance costs the length of the text times the length of the
/// quote, so it is not run over the whole document: the blocks are first
/// ranked by how many of the quote's three-letter sequences they share (one
/// pass over the text), and the distance is computed only around the best
/// window of the few best blocks. A quote cannot cross blocks, so the
/// closest passage is where most of its letters are.
pub(crate) fn closest_passage(blocks: &[Folded], needle: &str) -> Option<(Hit, usize)> {
    let needle: Vec<char> = needle.chars().collect();
    if needle.is_empty() {
        return None;
    }
    let grams = Trigrams::of(&needle);
    let mut candidates: Vec<(usize, usize, usize)> = blocks
        .iter()
        .enumerate()
        .filter_map(|(block, folded)| {
            let (score, start) = grams.best_window(&folded.text, needle.len())?;
            Some((score, block, start))
        })
        .collect();
    // The best-scoring blocks first; ties in document order.
    candidates.sort_by_key(|&(score, block, _)| (std::cmp::Reverse(score), block));
    candidates.truncate(CANDIDATES);
    let mut best: Option<(Hit, usize)> = None;
    for (_, block, window) in candidates {
        let text = &blocks[block].text;
        let Some((start, end, distance)) = closest_near(text, &needle, window) else {
            continue;
        };
        if best.is_none_or(|(_, best_distance)| distance < best_distance) {
            best = Some((Hit { block, start, end }, distance));
        }
    }
    best
}

/// How many blocks the edit distance is computed in.
const CANDIDATES: usize = 4;

/// Quotes longer than this many characters are aligned word by word: the
/// edit distance costs the region's length times the quote's, and words
/// are several times fewer than letters.
const WORD_ALIGNMENT_FROM: usize = 1_000;

/// The three-letter sequences of a quote.
struct Trigrams(std::collections::HashSet<[char; 3]>);

impl Trigrams {
    fn of(needle: &[char]) -> Self {
        Trigrams(needle.windows(3).map(|w| [w[0], w[1], w[2]]).collect())
    }

    /// The window of `width` characters of `text` that shares the most
    /// trigrams with the quote: (shared count, its first character's byte
    /// offset). Linear in the text.
    fn best_window(&self, text: &str, width: usize) -> Option<(usize, usize)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        if chars.is_empty() {
            return None;
        }
        // shared[i]: whether the trigram starting at char i is the quote's.
        let shared: Vec<bool> = chars
            .windows(3)
            .map(|w| self.0.contains(&[w[0].1, w[1].1, w[2].1]))
            .collect();
        let span = width.saturating_sub(2).max(1).min(shared.len().max(1));
        let mut count: usize = shared.iter().take(span).filter(|&&s| s).count();
        let (mut best, mut best_at) = (count, 0);
        for i in span..shared.len() {
            count = count + usize::from(shared[i]) - usize::from(shared[i - span]);
            if count > best {
                (best, best_at) = (count, i + 1 - span);
            }
        }
        Some((best, chars[best_at].0))
    }
}

/// The closest occurrence of `needle` in a region of `text` around the
/// window starting at byte `window` (half a quote before it, two quotes
/// long): (byte start, byte end, distance).
fn closest_near(text: &str, needle: &[char], window: usize) -> Option<(usize, usize, usize)> {
    let m = needle.len();
    let before = text[..window]
        .char_indices()
        .rev()
        .nth(m / 2)
        .map_or(0, |(i, _)| i);
    let length = text[before..]
        .char_indices()
        .nth(2 * m)
        .map_or(text.len() - before, |(i, _)| i);
    let region = &text[before..before + length];
    let (start, end, distance) = if m > WORD_ALIGNMENT_FROM {
        let pieces = words(region);
        let quote: String = needle.iter().collect();
        let wanted: Vec<&str> = words(&quote).into_iter().map(|(_, w)| w).collect();
        let found: Vec<&str> = pieces.iter().map(|&(_, w)| w).collect();
        let (first, last, distance) = sellers(&found, &wanted)?;
        let start = pieces.get(first).map_or(region.len(), |&(at, _)| at);
        let end = last
            .checked_sub(1)
            .and_then(|i| pieces.get(i))
            .map_or(start, |&(at, w)| at + w.len());
        (start, end, distance)
    } else {
        let chars: Vec<(usize, char)> = region.char_indices().collect();
        let letters: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
        let (first, last, distance) = sellers(&letters, needle)?;
        let byte = |index: usize| chars.get(index).map_or(region.len(), |&(at, _)| at);
        (byte(first), byte(last), distance)
    };
    Some((before + start, before + end, distance))
}

/// The words of a folded text (split at its single spaces), with their
/// byte offsets.
fn words(text: &str) -> Vec<(usize, &str)> {
    text.split(' ')
        .scan(0, |offset, word| {
            let at = *offset;
            *offset += word.len() + 1;
            Some((at, word))
        })
        .filter(|(_, word)| !word.is_empty())
        .collect()
}

/// Sellers' algorithm: the best approximate occurrence of `needle` in
/// `text` (the cost of a match may start anywhere): (start index, end
/// index, distance). Costs the length of the text times the needle's.
fn sellers<T: PartialEq>(text: &[T], needle: &[T]) -> Option<(usize, usize, usize)> {
    if text.is_empty() || needle.is_empty() {
        return None;
    }
    let m = needle.len();
    // column[i] = (cost, start index) of aligning needle[..i] ending here.
    let mut previous: Vec<(usize, usize)> = (0..=m).map(|i| (i, 0)).collect();
    let mut current = previous.clone();
    let mut best = (usize::MAX, 0, 0);
    for (j, item) in text.iter().enumerate() {
        current[0] = (0, j + 1);
        for i in 1..=m {
            let substitute = (
                previous[i - 1].0 + usize::from(needle[i - 1] != *item),
                previous[i - 1].1,
            );
            let delete = (previous[i].0 + 1, previous[i].1);
            let insert = (current[i - 1].0 + 1, current[i - 1].1);
            current[i] = substitute.min(delete).min(insert);
        }
        if current[m].0 < best.0 {
            best = (current[m].0, current[m].1, j + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    let (distance, start, end) = best;
    Some((start, end, distance))
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
    fn one_pass_finds_what_each_search_finds() {
        let blocks = [
            fold_for_anchoring("ااا ب اب"),
            fold_for_anchoring("قال المرصد إن المرصد"),
        ];
        let needles: Vec<String> = ["اا", "ا", "", "المرصد", "ب ا", "غائب"]
            .map(str::to_owned)
            .to_vec();
        let all = hits_of_all(&blocks, &needles);
        for (needle, found) in needles.iter().zip(&all) {
            assert_eq!(found, &hits(&blocks, needle), "{needle}");
        }
        assert_eq!(all[1].len(), 7);
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
    fn the_closest_passage_of_a_long_quote_is_found_by_words() {
        // 2,000 paragraphs, and a 500-word quote with one word changed
        // that matches none: the passage is still found, aligned word by
        // word around the best window of the best blocks.
        let words: Vec<String> = (0..20_000).map(|i| format!("كلمة{i}")).collect();
        let blocks: Vec<Folded> = words
            .chunks(10)
            .map(|chunk| fold_for_anchoring(&chunk.join(" ")))
            .chain(std::iter::once(fold_for_anchoring(&words[..600].join(" "))))
            .collect();
        let mut quote = words[50..550].to_vec();
        quote[250] = "مختلفة".to_owned();
        let quote = quote.join(" ");
        let (hit, _) = closest_passage(&blocks, &quote).unwrap();
        assert_eq!(hit.block, 2000);
        let found = &blocks[2000].text[hit.start..hit.end];
        assert!(found.starts_with("كلمة50 "), "{}", &found[..40]);
        assert!(
            found.ends_with(" كلمة549"),
            "{}",
            &found[found.len() - 40..]
        );
    }

    #[test]
    fn differences_are_shown_where_they_start() {
        let (text, quote) = first_difference("سجن الحسكة", "سجن الكسحة").unwrap();
        assert!(text.contains("حسكة"), "{text}");
        assert!(quote.contains("كسحة"), "{quote}");
    }
}
