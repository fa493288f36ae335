//! Criterion benchmarks of the search engine over the full default content (`cargo xtask bench`).
//! Reports query latency (typical and longest questions), suggest latency and the index build time;
//! index size and resident memory are printed once at start.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use dvc_backend::{catalog, content};
use dvc_index::{Query, SearchIndex};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

const TYPICAL: &[&str] = &[
    "lam giay khai sinh",
    "cấp lại căn cước",
    "đăng ký thường trú",
    "doi bang lai xe",
    "lệ phí đăng ký kết hôn",
    "xin giấy phép xây dựng nhà ở",
];

const LONGEST: &str = "Tôi có thể đến đâu để làm thủ tục xin cấp lại giấy phép hoạt động bến thủy nội địa? \
Giấy phép của công ty tôi bị mất khi chuyển trụ sở, tôi cần chuẩn bị những giấy tờ gì, lệ phí bao nhiêu, \
nộp trực tuyến được không và mất bao lâu thì có kết quả, cơ quan nào giải quyết hồ sơ cho doanh nghiệp?";

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

fn dir_size(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p).map(|rd| rd.flatten().map(|e| e.metadata().map(|m| m.len()).unwrap_or(0)).sum()).unwrap_or(0)
}

fn benches(c: &mut Criterion) {
    let data = root().join("data");
    let content = content::load(&data).expect("content");
    let docs: Vec<_> = content.docs.iter().map(content::index_doc).collect();
    let synonyms = catalog::load_synonyms(&data).expect("synonyms");
    let dir = root().join("target/bench-index");
    let _ = std::fs::remove_dir_all(&dir);
    let before = rss_kib();
    let index = SearchIndex::build(&dir, &docs).expect("index");
    println!(
        "# {} documents; index on disk {:.1} MiB; resident memory {} MiB (+{} MiB for the index)",
        index.num_docs(),
        dir_size(&dir) as f64 / 1048576.0,
        rss_kib() / 1024,
        rss_kib().saturating_sub(before) / 1024
    );

    c.bench_function("search typical question", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % TYPICAL.len();
            black_box(index.search(Query { text: TYPICAL[i], limit: 10, kind: None }, &synonyms).unwrap())
        })
    });
    c.bench_function("search longest question (400+ chars)", |b| {
        b.iter(|| black_box(index.search(Query { text: LONGEST, limit: 10, kind: None }, &synonyms).unwrap()))
    });
    c.bench_function("suggest prefix", |b| b.iter(|| black_box(index.suggest("dang ky khai s", 6, None))));
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("index build (all documents)", |b| {
        b.iter(|| {
            let _ = std::fs::remove_dir_all(&dir);
            black_box(SearchIndex::build(&dir, &docs).unwrap())
        })
    });
    g.finish();
}

criterion_group!(search, benches);
criterion_main!(search);
