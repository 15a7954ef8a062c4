//! `cargo +nightly fuzz run extract`: any bytes, whole and in chunks whose size the first
//! byte picks, with every option the first byte's bits turn on. Must never panic, and the
//! chunked run must give the same article as the whole one.
#![no_main]

use gleaner::{Extractor, Format, Options, Ruby, Script, Width};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, page)) = data.split_first() else {
        return;
    };
    let opts = Options::default()
        .with_explain(first & 1 != 0)
        .with_format(if first & 2 != 0 { Format::Html } else { Format::Json })
        .with_ruby(if first & 4 != 0 { Ruby::Keep } else { Ruby::Drop })
        .with_script(if first & 8 != 0 { Some(Script::Hans) } else { None })
        .with_width(if first & 16 != 0 { Width::Narrow } else { Width::Keep })
        .with_limits(gleaner::Limits::default().with_max_busy_ms(0));
    let whole = gleaner::extract(page, &opts);
    let chunk = usize::from(first >> 5) * 7 + 1;
    let mut ex = Extractor::new(&opts);
    let mut failed = false;
    for c in page.chunks(chunk) {
        if ex.write(c).is_err() {
            failed = true;
            break;
        }
    }
    let chunked = if failed { None } else { ex.finish().ok() };
    if let (Ok(mut a), Some(mut b)) = (whole, chunked) {
        a.stats.elapsed_us = 0;
        b.stats.elapsed_us = 0;
        assert_eq!(a, b, "chunk size {chunk} changed the article");
    }
});
