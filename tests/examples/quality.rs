//! Answer quality of the engine on labelled question sets, in-process (no server):
//! `cargo run --release -p dvc-tests --example quality -- [DATA_DIR] [--misses]`.
//! Prints R@1, R@5, MRR@10 per set, kind and variant; how the top confidence separates
//! answerable from unanswerable questions; known items (every document's own title as the query,
//! with and without marks); and how well marks are restored in questions retyped without them.
//! `cargo xtask eval` runs the HTTP version with baselines.

use std::collections::BTreeMap;
use std::path::PathBuf;

use dvc_backend::{catalog, content};
use dvc_index::{ANSWER_THRESHOLD, Query, SearchIndex};

/// R@1, R@5 and reciprocal rank of one query.
type Metrics = (f64, f64, f64);

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let misses = args.iter().any(|a| a == "--misses");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let data = args.iter().find(|a| !a.starts_with("--")).map(PathBuf::from).unwrap_or(root.join("../shared/data"));
    let content = content::load(&root.join("data"))?;
    let docs: Vec<_> = content.docs.iter().map(content::index_doc).collect();
    let index = SearchIndex::build_in_ram(&docs)?;
    let synonyms = catalog::load_synonyms(&root.join("data"))?;
    let mut groups: BTreeMap<(String, String), Vec<Metrics>> = BTreeMap::new();
    let mut conf: BTreeMap<(String, bool), (usize, usize)> = BTreeMap::new();
    // Accent restoration, over the questions typed with marks: (restored right, wrong, marked words).
    let mut accents = (0, 0, 0);
    for set in ["dev_questions", "dev_short_queries", "dev_unanswerable"] {
        let path = data.join(format!("{set}.jsonl"));
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: serde_json::Value = serde_json::from_str(line)?;
            let q = row["query"].as_str().unwrap_or_default();
            let relevant: Vec<&str> =
                row["relevant"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default();
            let variant = row["variant"].as_str().unwrap_or("original").to_string();
            if variant == "original" || variant == "diacritics" {
                let typed = dvc_index::analyzer::analyze(q);
                let plan = index.plan(&dvc_index::analyzer::fold(q), &synonyms);
                for (w, t) in plan.words.iter().zip(&typed).filter(|(_, t)| t.accented != t.folded) {
                    accents.2 += 1;
                    match (&w.accented, w.restored) {
                        (Some(a), true) if *a == t.accented => accents.0 += 1,
                        (_, true) => accents.1 += 1,
                        _ => {}
                    }
                }
            }
            let res = index.search(Query { text: q, limit: 10, kind: None }, &synonyms)?;
            let top = res.hits.first().map_or(0.0, |h| h.confidence);
            let answerable = !relevant.is_empty();
            if std::env::var_os("DVC_DUMP").is_some() {
                let second = res.hits.get(1).map_or(0.0, |h| h.confidence);
                println!(
                    "DUMP\t{}\t{top}\t{second}\t{}\t{}\t{}",
                    answerable as u8,
                    res.hits.first().map_or(0.0, |h| h.score),
                    q,
                    res.hits.first().map_or("", |h| h.title.as_str())
                );
            }
            let e = conf.entry((format!("{set} {variant}"), answerable)).or_default();
            e.1 += 1;
            if (top >= ANSWER_THRESHOLD) == answerable {
                e.0 += 1;
            }
            if !answerable {
                if misses && top >= ANSWER_THRESHOLD {
                    println!("UNANSWERABLE ABOVE {top:.2}: {q}\n    -> {}", res.hits[0].title);
                }
                continue;
            }
            if misses && top < ANSWER_THRESHOLD {
                println!(
                    "ANSWERABLE BELOW {top:.2}: {q}\n    -> {}",
                    res.hits.first().map_or("", |h| h.title.as_str())
                );
            }
            let ids: Vec<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
            let rank = ids.iter().position(|id| relevant.contains(id));
            let m = (
                (rank == Some(0)) as u8 as f64,
                rank.is_some_and(|r| r < 5) as u8 as f64,
                rank.map_or(0.0, |r| 1.0 / (r + 1) as f64),
            );
            let kind = row["kind"].as_str().unwrap_or("?");
            for v in ["all", variant.as_str()] {
                groups.entry((format!("{set}:{kind}"), v.to_string())).or_default().push(m);
            }
            if misses && rank != Some(0) {
                let want = content.get(relevant[0]).map(|d| d.title().to_string()).unwrap_or_default();
                println!(
                    "MISS rank {:?} conf {top:.2}: {q}\n    want: {want}\n    got:  {}",
                    rank,
                    res.hits.first().map_or("", |h| h.title.as_str())
                );
            }
        }
    }
    for ((set, variant), ms) in &groups {
        let n = ms.len() as f64;
        let (r1, r5, mrr) = ms.iter().fold((0.0, 0.0, 0.0), |a, m| (a.0 + m.0, a.1 + m.1, a.2 + m.2));
        println!("{set:30} {variant:14} n={:3}  R@1 {:.3}  R@5 {:.3}  MRR@10 {:.3}", ms.len(), r1 / n, r5 / n, mrr / n);
    }
    // Known items: every document's own title, with and without marks, should find it first (or a
    // document of the same name).
    let fold = |t: &str| dvc_index::analyzer::fold(t);
    let mut known = [0usize; 2];
    // Of them, how many are sure enough to answer.
    let mut sure = [0usize; 2];
    for d in &docs {
        for (i, text) in [d.title.clone(), fold(&d.title)].iter().enumerate() {
            let res = index.search(Query { text, limit: 1, kind: None }, &synonyms)?;
            let top = res.hits.first();
            if top.is_some_and(|h| h.confidence >= ANSWER_THRESHOLD) {
                sure[i] += 1;
            }
            if top.is_some_and(|h| h.id == d.id || fold(&h.title) == fold(&d.title)) {
                known[i] += 1;
            } else if misses {
                println!("KNOWN ITEM MISS: {text}\n    got: {}", top.map_or("", |h| h.title.as_str()));
            }
        }
    }
    let n = docs.len() as f64;
    println!(
        "known items (each document's title as the query) n={}  R@1 with marks {:.4}  without {:.4}  above the threshold {:.4} / {:.4}",
        docs.len(),
        known[0] as f64 / n,
        known[1] as f64 / n,
        sure[0] as f64 / n,
        sure[1] as f64 / n
    );
    println!(
        "accents restored on the marked questions' words, typed without marks: {} right, {} wrong, {} left unmarked, of {}",
        accents.0,
        accents.1,
        accents.2 - accents.0 - accents.1,
        accents.2
    );
    for ((set, answerable), (ok, n)) in &conf {
        let what = if *answerable { "answered (>= threshold)" } else { "hotline (< threshold)" };
        println!("{set:40} {what:24} {ok}/{n} = {:.3}", *ok as f64 / *n as f64);
    }
    Ok(())
}
