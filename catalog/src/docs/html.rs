//! The HTML rendering of the Markdown pages, and the stylesheet they share.

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use super::{Page, MARKDOWN_OPTIONS, TEMPLATE_INFO};

/// The stylesheet's file name, at the top of the documentation.
pub(super) const STYLESHEET: &str = "style.css";

/// The one stylesheet of the HTML pages.
pub(super) const STYLESHEET_CSS: &str = include_str!("style.css");

/// The HTML rendering of a page: the Markdown through pulldown-cmark, with links between pages
/// pointing at the HTML files, every heading given the id GitHub gives it, and the variables of
/// wire formats marked up.
pub(super) fn page(page: &Page, site_title: &str) -> String {
    let mut events: Vec<Event<'_>> = Parser::new_ext(&page.markdown, MARKDOWN_OPTIONS).collect();
    add_heading_ids(&mut events);
    let events = mark_template_variables(events)
        .into_iter()
        .map(|event| match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: html_destination(&dest_url).map_or(dest_url, CowStr::from),
                title,
                id,
            }),
            other => other,
        });
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, events);
    let title = if page.title == site_title {
        page.title.clone()
    } else {
        format!("{} · {site_title}", page.title)
    };
    format!(
        "<!DOCTYPE html>\n\
         <html lang=\"{lang}\">\n\
         <head>\n\
         <meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n\
         <link rel=\"stylesheet\" href=\"{up}{STYLESHEET}\">\n\
         </head>\n\
         <body>\n\
         <main>\n\
         {body}\
         </main>\n\
         </body>\n\
         </html>\n",
        escape_html(&title),
        lang = page.lang.code(),
        up = "../".repeat(page.depth),
    )
}

/// Replaces each code block in the template notation by HTML that wraps its variables in
/// `<var>`, braces kept, so that they stand out from the literal text.
fn mark_template_variables(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut marked = Vec::with_capacity(events.len());
    let mut template: Option<String> = None;
    for event in events {
        match (&mut template, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))))
                if info.as_ref() == TEMPLATE_INFO =>
            {
                template = Some(String::new());
            }
            (Some(text), Event::Text(t)) => text.push_str(&t),
            (Some(text), Event::End(TagEnd::CodeBlock)) => {
                marked.push(Event::Html(CowStr::from(format!(
                    "<pre><code class=\"language-{TEMPLATE_INFO}\">{}</code></pre>\n",
                    template_html(text)
                ))));
                template = None;
            }
            (_, event) => marked.push(event),
        }
    }
    marked
}

/// `Group {<group>} ({{x}})` -> `Group {&lt;<var>group</var>&gt;} ({{x}})`.
fn template_html(template: &str) -> String {
    let mut html = String::new();
    let mut rest = template;
    while let Some(brace) = rest.find(['{', '}']) {
        html.push_str(&escape_html(&rest[..brace]));
        rest = &rest[brace..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            html.push_str(&rest[..2]);
            rest = &rest[2..];
            continue;
        }
        let placeholder = rest.find('}').filter(|_| rest.starts_with('{'));
        let Some(close) = placeholder else {
            html.push_str(&rest[..1]);
            rest = &rest[1..];
            continue;
        };
        let inner = &rest[1..close];
        match inner.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
            Some(name) => html.push_str(&format!("{{&lt;<var>{}</var>&gt;}}", escape_html(name))),
            None => html.push_str(&format!("{{<var>{}</var>}}", escape_html(inner))),
        }
        rest = &rest[close + 1..];
    }
    html.push_str(&escape_html(rest));
    html
}

/// `716.md#716001` -> `716.html#716001`; `None` for links that are not to a Markdown page.
fn html_destination(destination: &str) -> Option<String> {
    if destination.contains(':') {
        return None;
    }
    let (path, fragment) = match destination.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (destination, None),
    };
    let stem = path.strip_suffix(".md")?;
    Some(match fragment {
        Some(fragment) => format!("{stem}.html#{fragment}"),
        None => format!("{stem}.html"),
    })
}

/// Gives every heading the id GitHub derives from its text (`716001` for the heading `716001`),
/// so that fragments work alike in the Markdown and in the HTML.
fn add_heading_ids(events: &mut [Event<'_>]) {
    let mut used = HashSet::new();
    for start in 0..events.len() {
        if !matches!(events[start], Event::Start(Tag::Heading { .. })) {
            continue;
        }
        let mut text = String::new();
        for event in &events[start + 1..] {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
        }
        let base = slug(&text);
        let mut id = base.clone();
        let mut suffix = 0;
        while !used.insert(id.clone()) {
            suffix += 1;
            id = format!("{base}-{suffix}");
        }
        if let Event::Start(Tag::Heading { id: heading_id, .. }) = &mut events[start] {
            *heading_id = Some(CowStr::from(id));
        }
    }
}

/// GitHub's heading slug: lowercase, spaces to hyphens, other punctuation dropped.
fn slug(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_between_pages_point_at_html() {
        assert_eq!(
            html_destination("716.md#716001").as_deref(),
            Some("716.html#716001")
        );
        assert_eq!(html_destination("index.md").as_deref(), Some("index.html"));
        assert_eq!(html_destination("https://example.com/a.md"), None);
    }

    #[test]
    fn template_variables_are_marked_in_html() {
        assert_eq!(
            template_html("%FTD-6-1: Group {<group>} got {n} ({{x}}) a<b"),
            "%FTD-6-1: Group {&lt;<var>group</var>&gt;} got {<var>n</var>} ({{x}}) a&lt;b"
        );
    }

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slug("716001"), "716001");
        assert_eq!(slug("Reading an entry"), "reading-an-entry");
        assert_eq!(slug("Messages 715001–715080"), "messages-715001715080");
    }
}
