#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ally_fuzz::data(data));
