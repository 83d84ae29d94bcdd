//! Every input in `corpus/<target>/` and `regressions/<target>/` through its target's checks:
//! the fuzzers' findings and coverage, replayed on a stable toolchain without libFuzzer.

use std::fs;
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for folder in ["corpus", "regressions"] {
        let Ok(entries) = fs::read_dir(root.join(folder).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            let data = fs::read(&path).expect("a readable input");
            eprintln!("{}", path.display());
            check(&data);
            count += 1;
        }
    }
    assert!(count > 0, "no inputs for {target}: the corpus is missing");
}

#[test]
fn json() {
    replay("json", constnet_fuzz::json);
}

#[test]
fn postcard() {
    replay("postcard", constnet_fuzz::postcard);
}

#[test]
fn safetensors() {
    replay("safetensors", constnet_fuzz::safetensors);
}

#[test]
fn csv() {
    replay("csv", constnet_fuzz::csv);
}
