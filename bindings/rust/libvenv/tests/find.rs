//! find through the safe API, as Tests/find/find_capi.c checks it in C:
//! environments made in a workspace and a search path are found, every
//! field equal to what `swift-venv find --json` prints for the same Python,
//! and the iterator, the early stop and the errors behave.
mod support;

use std::ffi::OsStr;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::Command;

use libvenv::{CreateOptions, ErrorCode, FindOptions, Python, PythonKind};
use support::json::{self, Json};
use support::{python, run_python, swift_venv, Scratch};

/// A workspace with a .venv, and a search path with two environments.
fn layout(scratch: &Scratch) -> (PathBuf, PathBuf, FindOptions) {
    let workspace = scratch.join("project");
    let search = scratch.join("envs");
    let options = CreateOptions::new().python(python()).with_pip(false);
    options.create(workspace.join(".venv")).unwrap();
    options.create(search.join("alpha")).unwrap();
    options.create(search.join("beta gamma")).unwrap();
    let find = FindOptions::new().workspace(&workspace).search_path(&search);
    (workspace, search, find)
}

fn under<'a>(found: &'a [Python], dir: &Path) -> Vec<&'a Python> {
    let mut mine: Vec<_> = found.iter().filter(|p| p.executable.starts_with(dir)).collect();
    mine.sort_by(|a, b| a.executable.cmp(&b.executable));
    mine
}

#[test]
fn finds_the_environments_made() {
    let scratch = Scratch::new("find");
    let (workspace, search, options) = layout(&scratch);
    let found = libvenv::find(&options).expect("find");
    let mine = under(&found, &scratch.path);
    let executables: Vec<_> = mine.iter().map(|p| p.executable.clone()).collect();
    assert_eq!(
        executables,
        vec![search.join("alpha/bin/python"), search.join("beta gamma/bin/python"), workspace.join(".venv/bin/python")]
    );
    let version = run_python(&python(), "import sys; print('%d.%d.%d' % sys.version_info[:3])").remove(0);
    for record in &mine {
        let env = record.executable.parent().unwrap().parent().unwrap();
        assert_eq!(record.kind, PythonKind::Environment);
        assert!(record.is_environment());
        assert_eq!(record.prefix.as_deref(), Some(env), "prefix");
        assert_eq!(record.version.as_deref(), Some(version.as_str()), "version from pyvenv.cfg");
        assert_eq!(record.implementation, "cpython");
        assert!(record.site_packages[0].starts_with(env), "{:?}", record.site_packages);
        assert_eq!(record.error, None);
    }
    let venv = mine[2];
    assert_eq!(venv.project.as_deref(), Some(workspace.as_path()), "a .venv belongs to its workspace");
    assert!(venv.sources.iter().any(|s| s == "workspace"), "{:?}", venv.sources);
    assert!(mine[0].sources.iter().any(|s| s == "search_path"), "{:?}", mine[0].sources);

    // The base interpreter is among the interpreters found.
    let base = python().canonicalize().unwrap();
    assert!(
        found.iter().any(|p| p.kind == PythonKind::Interpreter
            && std::iter::once(&p.executable)
                .chain(&p.symlinks)
                .any(|e| e.canonicalize().ok().as_ref() == Some(&base))),
        "{} not found",
        base.display()
    );
}

#[test]
fn every_field_is_what_the_command_line_prints() {
    let scratch = Scratch::new("fields");
    let (workspace, search, options) = layout(&scratch);
    // A broken environment is reported with its error, never dropped.
    let broken = search.join("broken");
    std::fs::create_dir_all(broken.join("bin")).unwrap();
    std::fs::write(broken.join("pyvenv.cfg"), "home = /nonexistent/bin\nversion = 3.12.1\n").unwrap();
    std::os::unix::fs::symlink("/nonexistent/bin/python3", broken.join("bin/python")).unwrap();
    let found = libvenv::find(&options).expect("find");
    let record = found.iter().find(|p| p.executable.starts_with(&broken)).expect("the broken environment is found");
    assert!(record.error.is_some(), "{record:?}");
    let output = Command::new(swift_venv())
        .args([OsStr::new("find"), OsStr::new("--json"), OsStr::new("--problems")])
        .args([OsStr::new("--workspace"), workspace.as_os_str()])
        .args([OsStr::new("--search-path"), search.as_os_str()])
        .output()
        .expect("run swift-venv find");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let records: Vec<Json> = String::from_utf8(output.stdout).unwrap().lines().map(json::parse).collect();

    // Compared where both runs see the same files: the environments made here.
    let mine = under(&found, &scratch.path);
    assert_eq!(mine.len(), 4);
    let path = |j: &Json| j.string().map(PathBuf::from);
    let paths = |j: &Json| j.strings().into_iter().map(PathBuf::from).collect::<Vec<_>>();
    for record in mine {
        let line = records
            .iter()
            .find(|r| path(r.get("executable").unwrap()).as_deref() == Some(record.executable.as_path()))
            .unwrap_or_else(|| panic!("{} not printed by swift-venv find", record.executable.display()));
        assert_eq!(
            line.keys(),
            [
                "kind",
                "executable",
                "prefix",
                "base_prefix",
                "version",
                "site_packages",
                "implementation",
                "sources",
                "manager",
                "creator",
                "name",
                "project",
                "symlinks",
                "error",
                "unsupported",
                "problems"
            ],
            "the record's fields are the command line's keys"
        );
        let field = |key: &str| line.get(key).unwrap();
        assert_eq!(record.kind.as_str(), field("kind").string().unwrap());
        assert_eq!(record.prefix, path(field("prefix")));
        assert_eq!(record.base_prefix, path(field("base_prefix")));
        assert_eq!(record.version.as_deref(), field("version").string());
        assert_eq!(record.site_packages, paths(field("site_packages")));
        assert_eq!(record.implementation, field("implementation").string().unwrap());
        assert_eq!(record.sources, field("sources").strings());
        assert_eq!(record.manager.as_deref(), field("manager").string());
        assert_eq!(record.creator.as_deref(), field("creator").string());
        assert_eq!(record.name.as_deref(), field("name").string());
        assert_eq!(record.project, path(field("project")));
        assert_eq!(record.symlinks, paths(field("symlinks")));
        assert_eq!(record.problems(), field("problems").strings());
        assert_eq!(record.error.as_deref(), field("error").string());
        assert_eq!(record.unsupported.as_deref(), field("unsupported").string());
    }
}

#[test]
fn the_iterator_streams_and_stops() {
    let scratch = Scratch::new("iter");
    let (_, _, options) = layout(&scratch);
    let listed = libvenv::find(&options).unwrap();
    let iterated: Vec<Python> = libvenv::find_iter(options.clone()).collect::<Result<_, _>>().expect("find_iter");
    let executables = |found: &[Python]| {
        let mut e: Vec<_> = under(found, &scratch.path).iter().map(|p| p.executable.clone()).collect();
        e.sort();
        e
    };
    assert_eq!(executables(&iterated), executables(&listed));

    // Dropping the iterator after one record stops the search.
    let first = libvenv::find_iter(options.clone()).next().expect("a record").expect("no error");
    assert!(!first.executable.as_os_str().is_empty());

    // find_each: Break stops after two, and is no error.
    let mut seen = 0;
    libvenv::find_each(&options, |_| {
        seen += 1;
        if seen == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .expect("stopping is no error");
    assert_eq!(seen, 2);

    // A panic in the callback does not unwind through C; it reaches the caller.
    let panicked = std::panic::catch_unwind(|| {
        let _ = libvenv::find_each(&FindOptions::new(), |_| panic!("from the callback"));
    });
    assert!(panicked.is_err());
    assert!(!libvenv::find(&options).unwrap().is_empty(), "the library is usable after");
}

#[test]
fn find_python_and_errors() {
    let chosen = libvenv::find_python(Some(OsStr::new("3")), &FindOptions::new()).expect("a python 3");
    assert!(chosen.version.as_deref().is_some_and(|v| v.starts_with("3.")), "{chosen:?}");
    let exact = libvenv::find_python(Some(python().as_os_str()), &FindOptions::new()).expect("a path");
    assert_eq!(exact.executable.canonicalize().unwrap(), python().canonicalize().unwrap());

    let error = libvenv::find_python(Some(OsStr::new(">=3.99")), &FindOptions::new()).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NoPython);
    assert!(error.message().contains(">=3.99"), "{error}");
    assert_eq!(libvenv::find_python(Some(OsStr::new("")), &FindOptions::new()).unwrap_err().code(), ErrorCode::Invalid);

    let error = libvenv::find(&FindOptions::new().workspace("nul\0byte")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Invalid);
    assert!(error.message().contains("workspace"), "{error}");
    use std::os::unix::ffi::OsStrExt;
    let not_utf8 = FindOptions::new().search_path(OsStr::from_bytes(b"/tmp/\xff"));
    assert_eq!(libvenv::find(&not_utf8).unwrap_err().code(), ErrorCode::Invalid);
    let last = libvenv::find_iter(not_utf8).last().expect("the failure is the last item");
    assert_eq!(last.unwrap_err().code(), ErrorCode::Invalid);
}
