//! Writing HTML and SVG as text: escaping what the student wrote, and the few element shapes
//! the core's markup views share. The browser inserts such markup whole, which costs the
//! bundle a fraction of typed views of the same structure (see ARCHITECTURE.md, "What the
//! bytes are spent on").

/// Escapes text for element content and for quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `<tag attributes>escaped content</tag>`; `attributes` is written as given (it
/// holds no student text) and starts with a space when not empty.
pub fn element(out: &mut String, tag: &str, attributes: &str, content: &str) {
    open(out, tag, attributes);
    out.push_str(&escape(content));
    close(out, tag);
}

pub fn open(out: &mut String, tag: &str, attributes: &str) {
    out.push('<');
    out.push_str(tag);
    out.push_str(attributes);
    out.push('>');
}

pub fn close(out: &mut String, tag: &str) {
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// ` class="base"` or ` class="base modifier"`: a BEM modifier switched on by a flag.
pub fn class_with(base: &str, modifier: &str, on: bool) -> String {
    if on {
        format!(r#" class="{base} {base}--{modifier}""#)
    } else {
        format!(r#" class="{base}""#)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
    }

    #[test]
    fn element_escapes_its_content_only() {
        let mut out = String::new();
        element(&mut out, "li", r#" data-step="2""#, "a < b");
        assert_eq!(out, r#"<li data-step="2">a &lt; b</li>"#);
    }

    #[test]
    fn class_with_adds_the_modifier_when_on() {
        assert_eq!(
            class_with("row", "current", true),
            r#" class="row row--current""#
        );
        assert_eq!(class_with("row", "current", false), r#" class="row""#);
    }
}
