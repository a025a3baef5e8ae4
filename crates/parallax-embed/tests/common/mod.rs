//! Shared by the tests that need the real model.

use std::path::PathBuf;

use parallax_embed::fetch;

/// The installed model's folder, or `None` (with a note naming the test) when it is not
/// installed. Panics instead when `PARALLAX_REQUIRE_MODEL=1` (CI), so a missing model cannot pass
/// silently there.
pub(crate) fn model_or_skip(test: &str) -> Option<PathBuf> {
    let dir = fetch::installed(None, &fetch::cache_dir());
    if dir.is_none() {
        assert!(
            std::env::var("PARALLAX_REQUIRE_MODEL").as_deref() != Ok("1"),
            "PARALLAX_REQUIRE_MODEL=1 but the model is not installed (run `parallax model fetch`)"
        );
        eprintln!("model not installed: {test} not checked");
    }
    dir
}
