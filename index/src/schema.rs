//! The tantivy schema: stored fields for display, and three analysed forms of title and body.

use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};

use crate::analyzer::{ACCENTED, BIGRAM, FOLDED};

/// Handles of every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub kind: Field,
    pub title: Field,
    pub summary: Field,
    pub boost: Field,
    pub alt_titles: Field,
    pub title_f: Field,
    pub title_a: Field,
    pub title_bi: Field,
    pub body_f: Field,
    pub body_a: Field,
    pub body_bi: Field,
}

fn analysed(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(IndexRecordOption::WithFreqs),
    )
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        kind: b.add_text_field("kind", STRING | STORED),
        title: b.add_text_field("title", STORED),
        summary: b.add_text_field("summary", STORED),
        boost: b.add_f64_field("boost", STORED),
        alt_titles: b.add_text_field("alt_titles", STORED),
        title_f: b.add_text_field("title_f", analysed(FOLDED)),
        title_a: b.add_text_field("title_a", analysed(ACCENTED)),
        title_bi: b.add_text_field("title_bi", analysed(BIGRAM)),
        body_f: b.add_text_field("body_f", analysed(FOLDED)),
        body_a: b.add_text_field("body_a", analysed(ACCENTED)),
        body_bi: b.add_text_field("body_bi", analysed(BIGRAM)),
    };
    (b.build(), fields)
}

/// Look the fields up in an opened index's schema.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        id: f("id")?,
        kind: f("kind")?,
        title: f("title")?,
        summary: f("summary")?,
        boost: f("boost")?,
        alt_titles: f("alt_titles")?,
        title_f: f("title_f")?,
        title_a: f("title_a")?,
        title_bi: f("title_bi")?,
        body_f: f("body_f")?,
        body_a: f("body_a")?,
        body_bi: f("body_bi")?,
    })
}
