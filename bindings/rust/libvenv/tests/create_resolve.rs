//! Creation and resolution through the safe API, as Tests/capi/test_capi.c
//! checks them in C: the environment resolves to what its own python prints,
//! and each failure carries its code, message and path.
mod support;

use std::path::PathBuf;

use libvenv::{CreateOptions, ErrorCode};
use support::{python, run_python, Scratch};

fn options() -> CreateOptions {
    CreateOptions::new().python(python()).with_pip(false)
}

#[test]
fn versions_agree() {
    assert_eq!(libvenv::library_version(), libvenv::HEADER_VERSION);
}

#[test]
fn create_then_resolve_is_what_python_prints() {
    let scratch = Scratch::new("resolve");
    let env = scratch.join("env");
    options().prompt("rust prompt").create(&env).expect("create");
    options().prompt("rust prompt").create(&env).expect("create again updates in place, as venv does");

    let info = libvenv::resolve(&env).expect("resolve");
    let printed = run_python(
        &env.join("bin/python"),
        "import sys, site, sysconfig\n\
         print(sys.prefix); print(sys.exec_prefix); print(sys.base_prefix); print(sys.base_exec_prefix)\n\
         print('%d.%d.%d' % sys.version_info[:3])\n\
         print(sysconfig.get_path('purelib', 'venv')); print(sysconfig.get_path('platlib', 'venv'))\n\
         print(sysconfig.get_path('scripts', 'venv'))\n\
         print('\\x1f'.join(site.getsitepackages()))",
    );
    let path = |s: &str| PathBuf::from(s);
    assert_eq!(info.prefix, path(&printed[0]), "sys.prefix");
    assert_eq!(info.prefix, env);
    assert_eq!(info.exec_prefix, path(&printed[1]), "sys.exec_prefix");
    assert_eq!(info.base_prefix, path(&printed[2]), "sys.base_prefix");
    assert_eq!(info.base_exec_prefix, path(&printed[3]), "sys.base_exec_prefix");
    assert_eq!(info.version, printed[4], "version");
    assert_eq!(info.purelib, path(&printed[5]), "purelib");
    assert_eq!(info.platlib, path(&printed[6]), "platlib");
    assert_eq!(info.scripts, path(&printed[7]), "scripts");
    let site: Vec<PathBuf> = printed[8].split('\x1f').map(PathBuf::from).collect();
    assert_eq!(info.site_packages, site, "site.getsitepackages()");
    assert!(info.is_venv && !info.include_system_site_packages);
    assert_eq!(info.prompt.as_deref(), Some("rust prompt"));
    assert!(info.home.is_some(), "pyvenv.cfg's home");
    assert_eq!(info.executable, env.join("bin/python"));
    assert!(info.include.is_absolute());

    let json = libvenv::resolve_json(&env).expect("resolve_json");
    let json = support::json::parse(&json);
    assert_eq!(json.get("prefix").and_then(|p| p.string()), env.to_str());
    assert_eq!(json.get("is_venv"), Some(&support::json::Json::Bool(true)));

    // The base interpreter itself is no environment.
    let base = libvenv::resolve(python()).expect("resolve the base");
    assert!(!base.is_venv && base.home.is_none() && base.prompt.is_none());
    assert_eq!(base.prefix, PathBuf::from(&run_python(&python(), "import sys; print(sys.prefix)")[0]));
}

#[test]
fn defaults_are_venv_defaults() {
    // The builder's defaults are VENV_CREATE_OPTIONS_INIT's (with_pip and
    // scm_ignore_files on, the rest off), seen through the files written.
    let scratch = Scratch::new("defaults");
    let env = scratch.join("env");
    CreateOptions::new().python(python()).with_pip(false).relocatable(true).create(&env).expect("create");
    let cfg = std::fs::read_to_string(env.join("pyvenv.cfg")).unwrap();
    assert!(cfg.contains("include-system-site-packages = false\n"), "{cfg}");
    assert!(cfg.contains("\nrelocatable = true\n"), "relocatable is passed (version 3 of the options): {cfg}");
    CreateOptions::new()
        .python(python())
        .with_pip(false)
        .command("my-editor --make-env")
        .create(scratch.join("cmd"))
        .unwrap();
    let cfg = std::fs::read_to_string(scratch.join("cmd/pyvenv.cfg")).unwrap();
    assert!(!cfg.contains("command = ") || cfg.contains("command = my-editor --make-env\n"), "{cfg}");
}

#[test]
fn errors_carry_code_message_and_path() {
    let scratch = Scratch::new("errors");

    let colon = scratch.join("a:b");
    let error = options().create(&colon).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Invalid);
    assert_eq!(error.path(), Some(colon.as_path()), "the path concerned");
    assert!(error.message().contains(colon.to_str().unwrap()), "{error}");
    assert_eq!(error.sys_errno(), None, "no system call failed");

    let error = options().python("/nonexistent/python3").create(scratch.join("nopython")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NoPython, "{error}");
    assert!(!scratch.join("nopython").exists(), "nothing written");

    std::fs::write(scratch.join("a-file"), "x").unwrap();
    let error = options().create(scratch.join("a-file")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Exists, "{error}");
    let error = options().create(scratch.join("a-file/below")).unwrap_err();
    assert!(error.path().is_some_and(|p| p.to_str().unwrap().contains("a-file")), "{error:?}");
    // The errno of the system call that failed (mkdir below a file: ENOTDIR).
    assert_eq!(error.os_error().map(|e| e.kind()), Some(std::io::ErrorKind::NotADirectory), "{error:?}");

    std::fs::create_dir(scratch.join("foreign")).unwrap();
    std::fs::write(scratch.join("foreign/data.txt"), "").unwrap();
    let error = options().clear(true).create(scratch.join("foreign")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotAVenv, "{error}");
    assert!(scratch.join("foreign/data.txt").exists(), "foreign file kept");
    assert_eq!(options().create(scratch.join("foreign")).unwrap_err().code(), ErrorCode::Exists);
    assert_eq!(
        options().force(true).create(scratch.join("forced")).unwrap_err().code(),
        ErrorCode::Invalid,
        "force without clear"
    );
    assert_eq!(options().clear(true).upgrade(true).create(scratch.join("cu")).unwrap_err().code(), ErrorCode::Invalid);

    let error = libvenv::resolve(scratch.join("foreign")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::NotAVenv, "{error}");
    let error = libvenv::resolve(scratch.join("no-such-env")).unwrap_err();
    assert!(error.message().contains(scratch.join("no-such-env").to_str().unwrap()), "{error}");

    // Bytes that are not UTF-8 reach the library as they are, and it refuses them.
    use std::os::unix::ffi::OsStrExt;
    let not_utf8 = scratch.path.join(std::ffi::OsStr::from_bytes(b"\xff\xfe"));
    assert_eq!(options().create(&not_utf8).unwrap_err().code(), ErrorCode::Invalid);

    // A NUL byte cannot cross into C: refused before the call, naming the argument.
    let error = options().create(scratch.join("nul\0byte")).unwrap_err();
    assert_eq!(error.code(), ErrorCode::Invalid);
    assert!(error.message().contains("env_dir"), "{error}");
    let error = options().prompt("a\0b").create(scratch.join("p")).unwrap_err();
    assert!(error.message().contains("prompt"), "{error}");

    // An io::Error keeps the kind.
    let io: std::io::Error = options().create(scratch.join("x:y")).unwrap_err().into();
    assert_eq!(io.kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn activation_is_bin_activate_as_data() {
    let scratch = Scratch::new("activation");
    let env = scratch.join("env");
    options().prompt("act").create(&env).unwrap();
    let activation = libvenv::activation_in(
        &env,
        [("HOME", "/somewhere"), ("PATH", "/usr/local/bin:/usr/bin"), ("PATH", "/ignored")],
    )
    .unwrap();
    let env_text = env.to_str().unwrap().to_owned();
    assert_eq!(
        activation.set,
        vec![
            ("VIRTUAL_ENV".to_owned(), env_text.clone()),
            ("VIRTUAL_ENV_PROMPT".to_owned(), "act".to_owned()),
            ("PATH".to_owned(), format!("{env_text}/bin:/usr/local/bin:/usr/bin")),
        ]
    );
    assert_eq!(activation.unset, vec!["PYTHONHOME".to_owned()]);

    // Applied to a command, the environment's python is the one that runs.
    let mut command = std::process::Command::new("sh");
    command.args(["-c", "command -v python; echo \"$VIRTUAL_ENV\"; echo \"${PYTHONHOME-unset}\""]);
    command.env("PYTHONHOME", "/wrong");
    libvenv::activation(&env).unwrap().apply(&mut command);
    let output = String::from_utf8(command.output().unwrap().stdout).unwrap();
    assert_eq!(output, format!("{env_text}/bin/python\n{env_text}\nunset\n"));

    assert_eq!(libvenv::activation(scratch.join("nothing")).unwrap_err().code(), ErrorCode::NotAVenv);
}
