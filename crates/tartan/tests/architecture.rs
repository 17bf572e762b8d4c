//! The crate's layers, checked from its source: a module imports only from lower layers, and no file imports
//! a file that imports it back (at any distance). See `docs/architecture.md`.
//!
//! Imports are read as a reader would: every `crate::…`, `super::…` and `child::…` path in a file (in `use`
//! items and in code), resolved to the file of the longest module prefix it names. A `mod x;` declaration is
//! not an import; a re-export (`pub use x::Y`) is. `#[cfg(test)]` files are left out: tests may reach anywhere.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules by layer, lowest first. A module may import from strictly lower layers only.
const LAYERS: &[&[&str]] = &[
    &["domain"],
    &["wire", "sandbox", "config"],
    &["webhooks"],
    &["store"],
    &["services"],
    &["http"],
    &["api"],
    &[
        "server",
        "telemetry",
        "commands",
        "clients_cli",
        "provider_cli",
    ],
    &["lib", "main"],
];

struct Module {
    /// `a::b` for `src/a/b.rs` or `src/a/b/mod.rs`; `lib`, `main` and `commands` for the roots.
    path: Vec<String>,
    source: String,
}

fn modules(src: &Path) -> Vec<Module> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(src).unwrap().with_extension("");
            let mut path: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path.last().is_some_and(|last| last == "mod") {
                path.pop();
            }
            let source = std::fs::read_to_string(&file).unwrap();
            Module { path, source }
        })
        .collect()
}

/// Code with comments, strings and `#[cfg(test)]` modules removed (line-level: good enough for this crate).
fn code(source: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut depth = 0_i32;
    let mut pending_cfg_test = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            pending_cfg_test = true;
            continue;
        }
        let opens = line.matches('{').count() as i32;
        let closes = line.matches('}').count() as i32;
        if pending_cfg_test && trimmed.starts_with("#[") {
            continue; // more attributes on the same item
        }
        if pending_cfg_test {
            pending_cfg_test = false;
            if trimmed.starts_with("mod ") && opens > 0 {
                skip_depth = Some(depth);
            }
            if trimmed.starts_with("mod ") || trimmed.starts_with("use ") {
                depth += opens - closes;
                continue;
            }
        }
        depth += opens - closes;
        match skip_depth {
            Some(start) if depth > start => continue,
            Some(_) => {
                skip_depth = None;
                continue;
            }
            None => {}
        }
        let without_strings: String = line.split('"').step_by(2).collect::<Vec<_>>().join("\"\"");
        out.push_str(&without_strings);
        out.push('\n');
    }
    out
}

fn is_test_file(module: &Module) -> bool {
    let name = module.path.last().map(String::as_str).unwrap_or_default();
    name == "tests" || name.ends_with("_tests") || name == "conformance" || name == "test_support"
}

/// Every path `a::b::c` in the code that starts at `crate`, `super` or a child module of this file,
/// as absolute segments. `use x::{a, b::c}` yields `x::a` and `x::b::c`.
fn referenced_paths(module: &Module, code: &str) -> Vec<Vec<String>> {
    let children: BTreeSet<String> = code
        .lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("pub ");
            let name = line.strip_prefix("mod ")?.trim_end_matches(';').trim();
            (!name.contains(' ')).then(|| name.to_owned())
        })
        .collect();
    let own = if ["lib", "main", "commands"].contains(&module.path[0].as_str()) {
        Vec::new()
    } else {
        module.path.clone()
    };
    let tokens = tokenize(code);
    let mut paths = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let start = tokens[i].as_str();
        let preceded_by_sep = i > 0 && tokens[i - 1] == "::";
        let followed_by_sep = tokens.get(i + 1).is_some_and(|next| next == "::");
        if !followed_by_sep {
            i += 1;
            continue; // `pub(super)`, `pub(crate)`, a local named like a module
        }
        let base: Option<Vec<String>> = match start {
            "crate" if !preceded_by_sep => Some(Vec::new()),
            "super" if !preceded_by_sep => Some(own[..own.len().saturating_sub(1)].to_vec()),
            name if !preceded_by_sep && children.contains(name) => {
                let mut base = own.clone();
                base.push(name.to_owned());
                Some(base)
            }
            _ => None,
        };
        if let Some(mut base) = base {
            let mut j = i + 1;
            // `super::super::x`
            while j + 1 < tokens.len() && tokens[j] == "::" && tokens[j + 1] == "super" {
                base.pop();
                j += 2;
            }
            collect(&tokens, j, base, &mut paths);
        }
        i += 1;
    }
    paths
}

fn collect(tokens: &[String], mut j: usize, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    while j + 1 < tokens.len() && tokens[j] == "::" {
        let next = &tokens[j + 1];
        if next == "{" {
            // A group: each member continues the base.
            let mut k = j + 2;
            let mut depth = 0;
            let mut member_start = k;
            while k < tokens.len() {
                match tokens[k].as_str() {
                    "{" => depth += 1,
                    "}" if depth == 0 => break,
                    "}" => depth -= 1,
                    "," if depth == 0 => {
                        member(tokens, member_start, &base, out);
                        member_start = k + 1;
                    }
                    _ => {}
                }
                k += 1;
            }
            member(tokens, member_start, &base, out);
            return;
        }
        base.push(next.clone());
        j += 2;
    }
    out.push(base);
}

fn member(tokens: &[String], start: usize, base: &[String], out: &mut Vec<Vec<String>>) {
    let Some(first) = tokens.get(start) else {
        return;
    };
    if first == "}" || first == "," {
        return;
    }
    let mut path = base.to_vec();
    if first != "self" && first != "*" {
        path.push(first.clone());
    }
    collect(tokens, start + 1, path, out);
}

fn tokenize(code: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&next) = chars.peek() {
                if next.is_alphanumeric() || next == '_' {
                    word.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(word);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push("::".into());
        } else if !c.is_whitespace() {
            tokens.push(c.to_string());
        }
    }
    tokens
}

/// File index each file imports, resolved to the longest module prefix that is a file.
fn import_graph(modules: &[Module]) -> Vec<BTreeSet<usize>> {
    let by_path: BTreeMap<Vec<String>, usize> = modules
        .iter()
        .enumerate()
        .map(|(index, module)| (module.path.clone(), index))
        .collect();
    modules
        .iter()
        .enumerate()
        .map(|(index, module)| {
            let mut targets = BTreeSet::new();
            for path in referenced_paths(module, &code(&module.source)) {
                let target = (1..=path.len())
                    .rev()
                    .find_map(|len| by_path.get(&path[..len]).copied());
                if let Some(target) = target.filter(|&target| target != index) {
                    targets.insert(target);
                }
            }
            targets
        })
        .collect()
}

fn layer_of(module: &Module) -> usize {
    LAYERS
        .iter()
        .position(|layer| layer.contains(&module.path[0].as_str()))
        .unwrap_or_else(|| panic!("{} is in no layer; add it to LAYERS", module.path[0]))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn modules_import_only_from_lower_layers() {
    let modules = modules(&src());
    let graph = import_graph(&modules);
    let mut violations = Vec::new();
    for (index, targets) in graph.iter().enumerate() {
        let from = &modules[index];
        if is_test_file(from) {
            continue;
        }
        for &target in targets {
            let to = &modules[target];
            let same_module = from.path[0] == to.path[0];
            if !same_module && layer_of(to) >= layer_of(from) {
                violations.push(format!(
                    "{} (layer {}) imports {} (layer {})",
                    from.path.join("::"),
                    layer_of(from),
                    to.path.join("::"),
                    layer_of(to)
                ));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let modules = modules(&src());
    let graph = import_graph(&modules);
    let production: Vec<bool> = modules.iter().map(|m| !is_test_file(m)).collect();
    // Tarjan-free: a cycle exists iff some file reaches itself; the crate is small enough for a DFS per file.
    let mut cycles = Vec::new();
    for start in (0..modules.len()).filter(|&i| production[i]) {
        let mut stack = vec![(start, vec![start])];
        let mut seen = BTreeSet::new();
        while let Some((node, trail)) = stack.pop() {
            for &next in &graph[node] {
                if !production[next] {
                    continue;
                }
                if next == start {
                    let names: Vec<String> =
                        trail.iter().map(|&i| modules[i].path.join("::")).collect();
                    cycles.push(format!(
                        "{} -> {}",
                        names.join(" -> "),
                        modules[start].path.join("::")
                    ));
                } else if seen.insert(next) {
                    let mut longer = trail.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
    cycles.sort();
    cycles.dedup();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_checker_sees_imports() {
    // The checks above pass trivially if the scanner reads nothing: make sure it reads the real edges.
    let modules = modules(&src());
    let graph = import_graph(&modules);
    let index = |path: &str| {
        modules
            .iter()
            .position(|m| m.path.join("::") == path)
            .unwrap_or_else(|| panic!("no module {path}"))
    };
    let edges = |from: &str| -> BTreeSet<String> {
        graph[index(from)]
            .iter()
            .map(|&i| modules[i].path.join("::"))
            .collect()
    };
    assert!(
        edges("api::identity").contains("api::access"),
        "{:?}",
        edges("api::identity")
    );
    assert!(edges("api::identity").contains("services"));
    assert!(
        edges("server::router").contains("http::edge"),
        "{:?}",
        edges("server::router")
    );
    assert!(
        edges("store::sql").contains("store::sql::items"),
        "{:?}",
        edges("store::sql")
    );
    assert!(edges("store").contains("store::sql"));
    let cyclic = "use crate::x::{a, b::c};\nfn f() { super::y::z(); }\n";
    let module = Module {
        path: vec!["p".into(), "q".into()],
        source: cyclic.into(),
    };
    let paths = referenced_paths(&module, &code(cyclic));
    assert!(
        paths.contains(&vec!["x".to_owned(), "a".to_owned()]),
        "{paths:?}"
    );
    assert!(paths.contains(&vec!["x".to_owned(), "b".to_owned(), "c".to_owned()]));
    assert!(paths.contains(&vec!["p".to_owned(), "y".to_owned(), "z".to_owned()]));
}
