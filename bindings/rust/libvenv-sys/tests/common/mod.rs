//! Reading include/venv.h and src/lib.rs as text, for the tests that hold
//! the declarations to the header: prototypes, struct fields and constants
//! of each, with C types spelled as the Rust declarations spell them.
#![allow(dead_code)]

use std::path::PathBuf;

/// The header the crate was built against (build.rs: LIBVENV_INCLUDE_DIR).
pub fn header_path() -> PathBuf {
    PathBuf::from(env!("LIBVENV_INCLUDE_DIR")).join("venv.h")
}

pub fn header() -> String {
    std::fs::read_to_string(header_path()).expect("read venv.h")
}

pub fn rust_source() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs")).expect("read src/lib.rs")
}

/// C without comments, preprocessor lines (and their continuations) or
/// the `extern "C" {` of C++.
fn c_code(header: &str) -> String {
    let mut text = String::new();
    let mut rest = header;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        let end = rest[start..].find("*/").expect("an unclosed comment") + start + 2;
        rest = &rest[end..];
    }
    text.push_str(rest);
    let mut code = String::new();
    let mut continued = false;
    for line in text.lines() {
        let directive = continued || line.trim_start().starts_with('#');
        continued = directive && line.trim_end().ends_with('\\');
        if !directive && !line.contains("extern \"C\"") {
            code.push_str(line);
            code.push('\n');
        }
    }
    code
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A C type (`const char *const *`, `venv_info **`, `size_t`) as Rust spells it.
pub fn rust_type(c_type: &str, is_return: bool) -> String {
    let spaced = c_type.replace('*', " * ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let stars = tokens.iter().filter(|t| **t == "*").count();
    let first_star = tokens.iter().position(|t| *t == "*").unwrap_or(tokens.len());
    let base_tokens: Vec<&str> = tokens[..first_star].iter().copied().filter(|t| *t != "const").collect();
    let base_const = tokens[..first_star].contains(&"const");
    // const_after[k]: the k-th pointer (from the innermost) is itself const.
    let mut const_after = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if *t == "*" {
            const_after.push(tokens.get(i + 1) == Some(&"const"));
        }
    }
    let base_name = base_tokens.join(" ");
    let base = match base_name.as_str() {
        "int" => "c_int",
        "unsigned int" => "c_uint",
        "char" => "c_char",
        "size_t" => "usize",
        "void" if stars == 0 && is_return => "()",
        "void" => "c_void",
        other => other, // venv_* types keep their names
    };
    pointers(stars, base_const, &const_after, base)
}

fn pointers(stars: usize, base_const: bool, const_after: &[bool], base: &str) -> String {
    let mut out = String::new();
    // From the outermost pointer in: each is *const when what it points to is const.
    for level in (0..stars).rev() {
        let pointee_const = if level == 0 { base_const } else { const_after[level - 1] };
        out.push_str(if pointee_const { "*const " } else { "*mut " });
    }
    out + base
}

/// A prototype: name, return type and parameter types, in Rust spelling.
#[derive(Debug, PartialEq, Eq, Clone)]
pub struct Prototype {
    pub name: String,
    pub ret: String,
    pub params: Vec<String>,
}

/// The functions venv.h declares, in order.
pub fn c_prototypes(header: &str) -> Vec<Prototype> {
    let code = c_code(header);
    let mut found = Vec::new();
    for statement in code.split(';') {
        let statement = words(statement.rsplit(['{', '}']).next().unwrap());
        if statement.starts_with("typedef") || !statement.contains('(') {
            continue;
        }
        let open = statement.find('(').unwrap();
        let head = &statement[..open];
        let name_start = head.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let name = head[name_start..].to_owned();
        let ret = rust_type(&head[..name_start], true);
        let inside = &statement[open + 1..statement.rfind(')').unwrap()];
        let params = if inside.trim() == "void" {
            Vec::new()
        } else {
            inside
                .split(',')
                .map(|param| {
                    let param = param.trim();
                    let cut = param.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).expect("a named parameter");
                    rust_type(&param[..=cut], false)
                })
                .collect()
        };
        found.push(Prototype { name, ret, params });
    }
    found
}

/// The functions of src/lib.rs's extern block, in order.
pub fn rust_prototypes(source: &str) -> Vec<Prototype> {
    let block = &source[source.find("extern \"C\" {").expect("the extern block")..];
    let mut found = Vec::new();
    for statement in block.split(';') {
        let statement =
            words(&statement.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join(" "));
        let Some(at) = statement.find("pub fn ") else { continue };
        let statement = &statement[at + "pub fn ".len()..];
        let open = statement.find('(').unwrap();
        let close = statement.rfind(')').unwrap();
        let name = statement[..open].trim().to_owned();
        let params = statement[open + 1..close]
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| words(p.split_once(':').expect("name: type").1))
            .collect();
        let ret = statement[close + 1..].trim().strip_prefix("->").map_or("()".to_owned(), words);
        found.push(Prototype { name, ret, params });
    }
    found
}

/// The structs venv.h defines: name and fields (name, Rust type), in order.
pub fn c_structs(header: &str) -> Vec<(String, Vec<(String, String)>)> {
    let code = c_code(header);
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(start) = rest.find("typedef struct ") {
        let after = &rest[start + "typedef struct ".len()..];
        let name_end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap();
        let name = after[..name_end].to_owned();
        let after_name = after[name_end..].trim_start();
        if !after_name.starts_with('{') {
            rest = after; // an opaque type
            continue;
        }
        let body_end = after_name.find('}').unwrap();
        let fields = after_name[1..body_end]
            .split(';')
            .map(words)
            .filter(|f| !f.is_empty())
            .map(|f| {
                let cut = f.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap();
                (f[cut + 1..].to_owned(), rust_type(&f[..=cut], false))
            })
            .collect();
        found.push((name, fields));
        rest = &after_name[body_end..];
    }
    found
}

/// The `#[repr(C)]` structs of src/lib.rs with public fields.
pub fn rust_structs(source: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("pub struct ") {
        let after = &rest[start + "pub struct ".len()..];
        let name_end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap();
        let name = after[..name_end].to_owned();
        let body_end = after.find('}').unwrap();
        let body = &after[after.find('{').unwrap() + 1..body_end];
        let fields: Vec<(String, String)> = body
            .lines()
            .map(str::trim)
            .filter_map(|l| l.strip_prefix("pub "))
            .map(|l| {
                let (field, ty) = l.trim_end_matches(',').split_once(':').unwrap();
                (field.trim().to_owned(), words(ty))
            })
            .collect();
        if !fields.is_empty() {
            found.push((name, fields));
        }
        rest = &after[body_end..];
    }
    found
}

/// `#define VENV_NAME number` of venv.h (not VENV_H, not the _INIT initialisers).
pub fn c_constants(header: &str) -> Vec<(String, i64)> {
    header
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("#define ")?;
            let mut parts = rest.split_whitespace();
            let name = parts.next()?;
            let value = parts.next()?.trim_start_matches('(').trim_end_matches(')');
            (name.starts_with("VENV_")).then(|| value.parse().ok().map(|v| (name.to_owned(), v)))?
        })
        .collect()
}

/// `pub const VENV_NAME: type = number;` of src/lib.rs.
pub fn rust_constants(source: &str) -> Vec<(String, i64)> {
    source
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("pub const VENV_")?;
            let (name, value) = rest.split_once(':')?;
            let value = value.split_once('=')?.1.trim().trim_end_matches(';');
            value.parse().ok().map(|v| (format!("VENV_{name}"), v))
        })
        .collect()
}
