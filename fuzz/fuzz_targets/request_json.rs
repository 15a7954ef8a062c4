//! `cargo +nightly fuzz run request_json`: any bytes as the JSON body of
//! `POST /v1/extract`. Must never panic; a parsed request must extract without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = gleaner::Options::default();
    if let Ok((bytes, opts)) = gleaner::server::json_request(data, opts, None) {
        let _ = gleaner::extract(&bytes, &opts);
    }
});
