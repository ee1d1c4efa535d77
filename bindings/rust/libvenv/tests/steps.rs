//! Creation step by step, in venv's order, with code of the caller's
//! between the steps; the result is an environment like venv_create's.
mod support;

use std::ffi::OsStr;

use libvenv::{BuildSteps, CreateOptions, ErrorCode};
use support::{python, run_python, Scratch};

#[test]
fn the_steps_in_venvs_order() {
    let scratch = Scratch::new("steps");
    let env = scratch.join("env");
    let options = CreateOptions::new().python(python()).with_pip(false).prompt("stepped");
    let mut steps = BuildSteps::ensure_directories(&env, &options).expect("ensure_directories");
    let context = steps.context();
    assert_eq!(context.env_dir, env);
    assert_eq!(context.prompt, "stepped");
    assert_eq!(context.bin_name, "bin");
    assert_eq!(context.bin_path, env.join("bin"));
    assert!(context.lib_path.starts_with(&env) && context.lib_path.ends_with("site-packages"));
    assert!(context.lib_path.is_dir(), "made by ensure_directories");
    let version = run_python(&python(), "import sys; print('%d.%d.%d' % sys.version_info[:3])").remove(0);
    assert_eq!(context.version, version);
    assert!(context.env_executable.starts_with(env.join("bin")));

    steps.create_git_ignore_file().unwrap();
    steps.create_configuration(false, Some(OsStr::new("my-tool make")), None).unwrap();
    std::fs::write(env.join("between-steps"), "the caller's own step").unwrap();
    steps.setup_python().unwrap();
    steps.setup_scripts().unwrap();
    drop(steps);

    let cfg = std::fs::read_to_string(env.join("pyvenv.cfg")).unwrap();
    assert!(!cfg.contains("command = ") || cfg.contains("command = my-tool make\n"), "{cfg}");
    assert!(env.join("bin/activate").exists() && env.join("between-steps").exists());
    let printed = run_python(&env.join("bin/python"), "import sys; print(sys.prefix)");
    assert_eq!(printed[0], env.to_str().unwrap());
    assert_eq!(libvenv::resolve(&env).unwrap().prompt.as_deref(), Some("stepped"));

    let error = BuildSteps::ensure_directories(scratch.join("a:b"), &options).err().expect("':' is refused");
    assert_eq!(error.code(), ErrorCode::Invalid);
}
