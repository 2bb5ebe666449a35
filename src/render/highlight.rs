//! Code blocks, highlighted by syntect with CSS classes (`hl-…`), never
//! inline styles: the theme's stylesheet colours them, light and dark.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::escape_html;

/// The syntaxes, loaded once and only when a dossier has a code block.
fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The class prefix, so that syntect's scope names cannot clash with the
/// theme's own classes.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Renders a fenced code block. A language syntect does not know, or a
/// highlighting failure, gives plain escaped text: code is never lost.
pub(crate) fn code_block(language: &str, code: &str) -> String {
    let language = language
        .split([' ', ',', '{'])
        .next()
        .unwrap_or_default()
        .trim();
    let highlighted = (!language.is_empty())
        .then(|| highlight(language, code))
        .flatten();
    let lang_attr = if language.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape_html(language))
    };
    // Code reads left to right even on a right-to-left page.
    format!(
        "<pre class=\"code\" dir=\"ltr\"{lang_attr}><code>{}</code></pre>\n",
        highlighted.unwrap_or_else(|| escape_html(code))
    )
}

fn highlight(language: &str, code: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set
        .find_syntax_by_token(language)
        .or_else(|| set.find_syntax_by_extension(language))?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The syntaxes a dossier is likely to quote. Some of syntect's default
    /// grammars misbehave under the pure-Rust regex engine; these must not.
    #[test]
    fn the_syntaxes_relied_on_highlight_with_classes() {
        let samples = [
            ("rust", "fn main() { let x = \"s\"; }\n", "hl-keyword"),
            ("python", "def f(x):\n    return 'a'  # c\n", "hl-comment"),
            ("json", "{\"a\": [1, true]}\n", "hl-string"),
            ("yaml", "id: a\nlist: [1, 2]\n", "hl-entity"),
            ("html", "<p class=\"x\">t</p>\n", "hl-entity"),
            ("js", "const a = 1; // c\n", "hl-comment"),
            ("bash", "echo \"$HOME\" # c\n", "hl-comment"),
            ("sql", "SELECT * FROM t WHERE a = 1;\n", "hl-keyword"),
        ];
        for (language, code, class) in samples {
            let html = highlight(language, code).unwrap_or_else(|| panic!("{language} failed"));
            assert!(html.contains(class), "{language}: {html}");
            assert!(!html.contains("style="), "{language}: inline style");
        }
    }

    #[test]
    fn unknown_languages_and_html_in_code_are_escaped() {
        let html = code_block("no-such-language", "<script>alert(1)</script>\n");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        let html = code_block("html", "<script>alert(1)</script>\n");
        assert!(!html.contains("<script>"), "{html}");
    }
}
