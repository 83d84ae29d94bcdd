//! Arbitrary bytes into the postcard loader: see `constnet_fuzz::postcard`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| constnet_fuzz::postcard(data));
