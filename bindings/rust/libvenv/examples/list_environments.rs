//! An editor's toolchain list, as Zed's Python support builds one
//! (crates/languages/src/python.rs: `PythonToolchainProvider::list`), from
//! libvenv's find instead of PET: every Python found for a worktree, named
//! "Python X.Y.Z (NAME; KIND)", with the path of its executable, ordered as
//! Zed orders them (the environment named in WORKTREE/.venv first, then
//! those whose project is the worktree, then by kind, then by executable).
//!
//!   list_environments [--json] [WORKTREE]
//!
//! No Python is started: every version and prefix comes from files.
use std::cmp::Ordering;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use libvenv::{FindOptions, Python, PythonKind};

/// One entry of the list: what Zed's `Toolchain` holds.
struct Toolchain {
    name: String,
    env_name: Option<String>,
    path: PathBuf,
    version: Option<String>,
    kind: &'static str,
    manager: Option<String>,
    project: Option<PathBuf>,
    prefix: Option<PathBuf>,
    error: Option<String>,
}

/// The kind as PET names it (and Zed shows it), from libvenv's manager,
/// creator and where the Python was found.
fn kind(python: &Python) -> &'static str {
    let manager = python.manager.as_deref();
    if python.kind == PythonKind::Interpreter {
        return match manager {
            Some("pyenv") => "Pyenv",
            Some("uv") => "Uv",
            _ if python.executable.starts_with("/usr/bin") || python.executable.starts_with("/usr/local/bin") => {
                "LinuxGlobal"
            }
            _ => "GlobalPaths",
        };
    }
    match (manager, python.creator.as_deref()) {
        (Some("conda"), _) => "Conda",
        (Some("poetry"), _) => "Poetry",
        (Some("pipenv"), _) => "Pipenv",
        (Some("hatch"), _) => "Hatch",
        (Some("pyenv-virtualenv"), _) => "PyenvVirtualEnv",
        (Some("virtualenvwrapper"), _) => "VirtualEnvWrapper",
        (_, Some("uv")) => "Uv",
        (_, Some("virtualenv")) => "VirtualEnv",
        _ => "Venv",
    }
}

/// Zed's `python_env_kind_display`.
fn kind_display(kind: &str) -> &'static str {
    match kind {
        "Conda" => "Conda",
        "Pyenv" => "global (Pyenv)",
        "PyenvVirtualEnv" => "Pyenv",
        "Pipenv" => "Pipenv",
        "Poetry" => "Poetry",
        "Hatch" => "Hatch",
        "LinuxGlobal" | "GlobalPaths" => "global",
        "Venv" => "venv",
        "VirtualEnv" => "virtualenv",
        "VirtualEnvWrapper" => "virtualenvwrapper",
        "Uv" => "uv",
        _ => "unknown",
    }
}

/// Zed's ENV_PRIORITY_LIST: environments before global interpreters.
fn priority(kind: &str) -> usize {
    const ORDER: [&str; 11] = [
        "Poetry",
        "Pipenv",
        "VirtualEnvWrapper",
        "Venv",
        "VirtualEnv",
        "PyenvVirtualEnv",
        "Pixi",
        "Conda",
        "Pyenv",
        "GlobalPaths",
        "Homebrew",
    ];
    ORDER.iter().position(|k| *k == kind).unwrap_or(ORDER.len())
}

fn toolchain(python: Python) -> Toolchain {
    let kind = kind(&python);
    // Zed: "Python", the version, then "(name; kind)", "(name)" or "(kind)".
    let mut name = String::from("Python");
    if let Some(version) = &python.version {
        name.push(' ');
        name.push_str(version);
    }
    match &python.name {
        Some(env_name) => name.push_str(&format!(" ({env_name}; {})", kind_display(kind))),
        None => name.push_str(&format!(" ({})", kind_display(kind))),
    }
    Toolchain {
        name,
        env_name: python.name,
        path: python.executable,
        version: python.version,
        kind,
        manager: python.manager,
        project: python.project,
        prefix: python.prefix,
        error: python.error,
    }
}

/// Zed's order for a worktree.
fn order(worktree: &Path, declared: Option<&str>, a: &Toolchain, b: &Toolchain) -> Ordering {
    let named = |t: &Toolchain| declared.is_some_and(|d| t.env_name.as_deref() == Some(d));
    // A project of its own, else the directory holding the environment.
    let project = |t: &Toolchain| {
        t.project.clone().or_else(|| {
            (t.kind != "LinuxGlobal" && t.kind != "GlobalPaths" && t.kind != "Pyenv")
                .then(|| t.prefix.as_deref().and_then(Path::parent).map(Path::to_path_buf))
                .flatten()
        })
    };
    named(b)
        .cmp(&named(a))
        .then_with(|| (project(b).as_deref() == Some(worktree)).cmp(&(project(a).as_deref() == Some(worktree))))
        .then_with(|| priority(a.kind).cmp(&priority(b.kind)))
        .then_with(|| a.path.cmp(&b.path))
}

fn json_string(out: &mut String, value: &str) {
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_field(out: &mut String, key: &str, value: Option<&str>) {
    json_string(out, key);
    out.push_str(": ");
    match value {
        Some(v) => json_string(out, v),
        None => out.push_str("null"),
    }
}

fn to_json(toolchains: &[Toolchain]) -> String {
    let mut out = String::from("[");
    for (i, t) in toolchains.iter().enumerate() {
        out.push_str(if i == 0 { "\n  {" } else { ",\n  {" });
        let path = t.path.to_string_lossy();
        let project = t.project.as_ref().map(|p| p.to_string_lossy().into_owned());
        let prefix = t.prefix.as_ref().map(|p| p.to_string_lossy().into_owned());
        let fields: [(&str, Option<&str>); 8] = [
            ("name", Some(&t.name)),
            ("path", Some(&path)),
            ("version", t.version.as_deref()),
            ("kind", Some(t.kind)),
            ("manager", t.manager.as_deref()),
            ("project", project.as_deref()),
            ("prefix", prefix.as_deref()),
            ("error", t.error.as_deref()),
        ];
        for (j, (key, value)) in fields.iter().enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            json_field(&mut out, key, *value);
        }
        out.push('}');
    }
    out.push_str(if toolchains.is_empty() { "]\n" } else { "\n]\n" });
    out
}

fn main() -> ExitCode {
    let mut json = false;
    let mut worktree = None;
    for argument in std::env::args_os().skip(1) {
        match argument.to_str() {
            Some("--json") => json = true,
            Some("-h" | "--help") => {
                println!("usage: list_environments [--json] [WORKTREE]");
                return ExitCode::SUCCESS;
            }
            Some(flag) if flag.starts_with('-') => {
                eprintln!("list_environments: unknown option {flag}");
                return ExitCode::from(2);
            }
            _ => worktree = Some(PathBuf::from(argument)),
        }
    }
    let worktree = match worktree.map_or_else(std::env::current_dir, Ok).and_then(|w| w.canonicalize()) {
        Ok(w) => w,
        Err(error) => {
            eprintln!("list_environments: {error}");
            return ExitCode::from(2);
        }
    };
    // Zed passes the worktree (and a sub-project's directories up to it) as
    // workspace directories; libvenv also looks for .venv in their parents.
    let options = FindOptions::new().workspace(&worktree);
    let mut toolchains = Vec::new();
    for python in libvenv::find_iter(options) {
        match python {
            Ok(python) => toolchains.push(toolchain(python)),
            Err(error) => {
                eprintln!("list_environments: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    // virtualfish's WORKTREE/.venv file naming an environment.
    let declared = std::fs::read_to_string(worktree.join(".venv")).ok().map(|s| s.trim().to_owned());
    toolchains.sort_by(|a, b| order(&worktree, declared.as_deref(), a, b));
    toolchains.dedup_by(|a, b| a.path == b.path);
    let text = if json {
        to_json(&toolchains)
    } else {
        toolchains.iter().map(|t| format!("{}\t{}\n", t.name, t.path.display())).collect()
    };
    // A reader that stops early (`| head`) is no failure.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("list_environments: {error}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}
