//! The layout rules of `src/` that the compiler does not check: no two modules import each
//! other (a stage may use the stages and models before it, never the reverse), and the
//! library's stages do not reach into its front ends.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file: `src/pipeline/select/mod.rs` → `pipeline::select`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without its `mod tests` (tests may use anything).
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The module each `crate::…` path of `code` names (the longest prefix that is a module).
fn imports(code: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let parts: Vec<&str> = rest[..end].split("::").filter(|p| !p.is_empty()).collect();
        for k in (1..=parts.len()).rev() {
            let candidate = parts[..k].join("::");
            if modules.contains(&candidate) {
                out.insert(candidate);
                break;
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    files
        .iter()
        .map(|f| {
            let m = module_of(&src, f);
            let mut uses = imports(&code(f), &modules);
            // A module's own parents and children are its own business.
            uses.retain(|u| {
                u != &m && !m.starts_with(&format!("{u}::")) && !u.starts_with(&format!("{m}::"))
            });
            (m, uses)
        })
        .collect()
}

#[test]
fn no_two_modules_import_each_other() {
    let g = graph();
    let mut mutual = Vec::new();
    for (a, uses) in &g {
        for b in uses {
            if a < b && g.get(b).is_some_and(|u| u.contains(a)) {
                mutual.push(format!("{a} <-> {b}"));
            }
        }
    }
    assert!(
        mutual.is_empty(),
        "modules importing each other: {mutual:?}"
    );
    assert!(g.len() > 20, "the scan found the modules: {:?}", g.keys());
}

#[test]
fn the_pipeline_does_not_reach_into_the_front_ends() {
    for (m, uses) in graph() {
        if m.starts_with("pipeline") || m.starts_with("rules") || m == "options" {
            let front: Vec<&String> = uses
                .iter()
                .filter(|u| u.starts_with("cli") || u.starts_with("server"))
                .collect();
            assert!(front.is_empty(), "{m} uses {front:?}");
        }
    }
}

/// No function of the pipeline is over 100 lines (a function that long holds several
/// decisions: each gets its own, with its name saying which). Counted from `fn` to the
/// closing brace at the same indentation, tests included.
#[test]
fn no_pipeline_function_is_over_100_lines() {
    let mut files = Vec::new();
    sources(Path::new("src/pipeline"), &mut files);
    let mut long = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let indent = line.len() - line.trim_start().len();
            let head = line.trim_start();
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "async fn ",
            ]
            .iter()
            .any(|p| head.starts_with(p))
                && !head.trim_end().ends_with(';');
            if is_fn {
                let close = format!("{}}}", " ".repeat(indent));
                let end = (i + 1..lines.len())
                    .find(|&j| lines[j] == close)
                    .unwrap_or(i);
                let n = end - i + 1;
                if n > 100 {
                    long.push(format!("{}:{} {} lines", file.display(), i + 1, n));
                }
                i = end;
            }
            i += 1;
        }
    }
    assert!(long.is_empty(), "functions over 100 lines: {long:#?}");
}
