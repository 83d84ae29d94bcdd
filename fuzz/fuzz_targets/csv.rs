//! Arbitrary bytes into the csv loader: see `constnet_fuzz::csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| constnet_fuzz::csv(data));
