//! `repair` through the safe API: an environment whose base install moved
//! (reached through a directory link, renamed away) is pointed at its new
//! place, and a directory that is no environment is refused.
mod support;

use std::ffi::OsStr;

use libvenv::{CreateOptions, ErrorCode};
use support::{python, run_python, Scratch};

#[test]
fn repair_follows_a_moved_base() {
    let scratch = Scratch::new("repair");
    let real = std::fs::canonicalize(python()).unwrap();
    let prefix = real.parent().unwrap().parent().unwrap();
    let name = real.file_name().unwrap();
    std::os::unix::fs::symlink(prefix, scratch.join("base")).unwrap();
    let env = scratch.join("env");
    CreateOptions::new().python(scratch.join("base/bin").join(name)).with_pip(false).create(&env).unwrap();

    std::fs::rename(scratch.join("base"), scratch.join("moved")).unwrap();
    assert!(!env.join("bin/python").exists(), "the move broke the environment");
    let new = scratch.join("moved/bin").join(name);
    let replaced = libvenv::repair(&env, Some(new.as_os_str())).expect("repair");
    assert!(replaced >= 2, "pyvenv.cfg and the link: {replaced}");
    let config = std::fs::read_to_string(env.join("pyvenv.cfg")).unwrap();
    assert!(config.contains(&format!("home = {}\n", scratch.join("moved/bin").display())), "{config}");
    assert_eq!(std::fs::read_link(env.join("bin").join(name)).unwrap(), new);
    let printed = run_python(&env.join("bin/python"), "import sys; print(sys.prefix)");
    assert_eq!(printed[0], env.to_str().unwrap());
    assert_eq!(libvenv::repair(&env, Some(new.as_os_str())).expect("again"), 0, "nothing left to do");

    std::fs::create_dir(scratch.join("not-an-env")).unwrap();
    let error = libvenv::repair(scratch.join("not-an-env"), None).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotAVenv, "{error}");
    let error = libvenv::repair(&env, Some(OsStr::new("/nonexistent/python3"))).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NoPython, "{error}");
}

#[test]
fn rebuild_refuses_what_it_cannot_rebuild_and_leaves_it() {
    let scratch = Scratch::new("rebuild");
    let env = scratch.join("env");
    CreateOptions::new().python(python()).with_pip(false).create(&env).unwrap();
    let config = std::fs::read(env.join("pyvenv.cfg")).unwrap();
    let options = libvenv::RebuildOptions::default();
    let error = libvenv::rebuild(&env, OsStr::new("/nonexistent/python3"), &options).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NoPython, "{error}");
    std::fs::create_dir(scratch.join("plain")).unwrap();
    let error = libvenv::rebuild(scratch.join("plain"), python().as_os_str(), &options).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotAVenv, "{error}");
    assert_eq!(std::fs::read(env.join("pyvenv.cfg")).unwrap(), config, "untouched");
    // Rebuilt with its own base, no packages: the new one in place, the old one kept.
    libvenv::rebuild(&env, python().as_os_str(), &libvenv::RebuildOptions { no_index: true, ..options.clone() })
        .expect("rebuild");
    assert!(scratch.join("env.swift-venv-old/pyvenv.cfg").is_file());
    let printed = run_python(&env.join("bin/python"), "import sys; print(sys.prefix)");
    assert_eq!(printed[0], env.to_str().unwrap());
}
