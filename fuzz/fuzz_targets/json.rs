//! Arbitrary bytes into the json loader: see `constnet_fuzz::json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| constnet_fuzz::json(data));
