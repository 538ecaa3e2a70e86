//! Writing explanation and action blocks (paragraphs and bulleted lists) as text: the one
//! renderer that rustdoc comments, the generated documentation and the command share.
//!
//! A list item that starts with `-` is a sub-item of the previous item. Two lists in a row get
//! different bullets, so that Markdown does not merge them into one.

use crate::model::Block;

/// How blocks are laid out; the text itself goes through the caller's `inline` writer (which
/// may escape it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockLayout {
    /// Written before a paragraph.
    pub paragraph_indent: &'static str,
    /// Written after a paragraph.
    pub paragraph_end: &'static str,
    /// Written before a list item's bullet; a sub-item gets two more spaces.
    pub item_indent: &'static str,
    /// The bullet of a list, and of a list that directly follows another.
    pub bullets: [char; 2],
    /// Written after a list.
    pub list_end: &'static str,
}

impl BlockLayout {
    /// Markdown: blank lines between blocks, `-` bullets (`*` for a list after a list).
    pub const MARKDOWN: BlockLayout = BlockLayout {
        paragraph_indent: "",
        paragraph_end: "\n\n",
        item_indent: "",
        bullets: ['-', '*'],
        list_end: "\n",
    };

    /// Plain text under an indented heading: one line per paragraph or item.
    pub const INDENTED_TEXT: BlockLayout = BlockLayout {
        paragraph_indent: "    ",
        paragraph_end: "\n",
        item_indent: "      ",
        bullets: ['-', '-'],
        list_end: "",
    };
}

/// Appends `blocks` to `out` in `layout`, each text written by `inline`.
pub fn write(
    out: &mut String,
    blocks: &[Block],
    layout: &BlockLayout,
    inline: &mut dyn FnMut(&mut String, &str),
) {
    let mut previous_was_list = false;
    for block in blocks {
        match block {
            Block::Paragraph(text) => {
                out.push_str(layout.paragraph_indent);
                inline(out, text);
                out.push_str(layout.paragraph_end);
                previous_was_list = false;
            }
            Block::List { list } => {
                let bullet = layout.bullets[usize::from(previous_was_list)];
                for item in list {
                    out.push_str(layout.item_indent);
                    let text = match item.strip_prefix('-') {
                        Some(sub_item) => {
                            out.push_str("  ");
                            sub_item.trim_start()
                        }
                        None => item.as_str(),
                    };
                    out.push(bullet);
                    out.push(' ');
                    inline(out, text);
                    out.push('\n');
                }
                out.push_str(layout.list_end);
                previous_was_list = true;
            }
        }
    }
}

/// [`write()`] with the text as it is.
pub fn to_string(blocks: &[Block], layout: &BlockLayout) -> String {
    let mut out = String::new();
    write(&mut out, blocks, layout, &mut |out, text| {
        out.push_str(text)
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Block> {
        vec![
            Block::Paragraph("Causes:".into()),
            Block::List {
                list: vec!["one".into(), "- detail".into()],
            },
            Block::List {
                list: vec!["two".into()],
            },
        ]
    }

    #[test]
    fn markdown_keeps_adjacent_lists_apart() {
        assert_eq!(
            to_string(&sample(), &BlockLayout::MARKDOWN),
            "Causes:\n\n- one\n  - detail\n\n* two\n\n"
        );
    }

    #[test]
    fn indented_text_is_one_line_per_item() {
        assert_eq!(
            to_string(&sample(), &BlockLayout::INDENTED_TEXT),
            "    Causes:\n      - one\n        - detail\n      - two\n"
        );
    }
}
