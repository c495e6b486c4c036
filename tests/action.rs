//! The GitHub Action's check step (`action/run.sh`), run with the environment a GitHub runner
//! gives a step on a `pull_request` event (the event payload is recorded in
//! `tests/fixtures/action/`), and the freshly built binary on PATH, as the composite action
//! runs it after installing ally. Each test looks at what a workflow sees: the log (standard
//! output), the step's outputs (`$GITHUB_OUTPUT`) and its job summary (`$GITHUB_STEP_SUMMARY`).

mod binary;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const WHITELIST: &str = "::error file=README.md,line=1,col=21,endLine=1,endColumn=30,\
     title=ally (whitelist)::`whitelist` can suggest that white means good and black means bad; \
     consider `allowlist`, `allow list` or `permit list`";

/// The inputs as action.yml passes them when the workflow sets none (`sarif-file` defaults to
/// `${{ runner.temp }}/ally.sarif`, filled in by [`Runner::run`]).
const DEFAULTS: [(&str, &str); 4] = [
    ("INPUT_ARGS", "."),
    ("INPUT_FORMAT", "github"),
    ("INPUT_FAIL_ON", "warning"),
    ("INPUT_DIFF_BASE", ""),
];

/// A runner's directories for one job: the workspace, `RUNNER_TEMP`, the files behind
/// `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`, and a `bin` whose `ally` counts its runs before
/// it runs the real one.
struct Runner {
    _dir: tempfile::TempDir,
    root: PathBuf,
    workspace: PathBuf,
    temp: PathBuf,
}

/// What one run of the step left.
struct Step {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// `$GITHUB_OUTPUT`, as the step left it.
    output: String,
    /// `$GITHUB_STEP_SUMMARY`, as the step left it.
    summary: String,
    /// How many times the step ran ally.
    ally_runs: usize,
}

impl Step {
    /// The log's lines. The `github` format's own summary line (`ally: checked N files: …`),
    /// which belongs to that format and is tested with it, is left out, so that these tests
    /// see the annotations and the lines the action adds.
    fn log(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|line| !line.starts_with("ally: checked "))
            .collect()
    }
}

/// The recorded `pull_request` event.
fn event() -> Value {
    let path = fixture("pull_request.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/action")
        .join(name)
}

impl Runner {
    fn new() -> Runner {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let workspace = root.join("work/handbook/handbook");
        let temp = root.join("work/_temp");
        std::fs::create_dir_all(&workspace).unwrap();
        std::fs::create_dir_all(&temp).unwrap();
        std::fs::create_dir_all(root.join("bin")).unwrap();
        let wrapper = root.join("bin/ally");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\necho run >> '{}'\nexec '{}' \"$@\"\n",
                root.join("ally-runs").display(),
                env!("CARGO_BIN_EXE_ally")
            ),
        )
        .unwrap();
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        Runner {
            _dir: dir,
            root,
            workspace,
            temp,
        }
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.workspace.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The default SARIF path.
    fn sarif(&self) -> String {
        format!("{}/ally.sarif", self.temp.display())
    }

    /// Runs the step with these inputs over the defaults. Each run gets fresh output and
    /// summary files, as each step does.
    fn run(&self, inputs: &[(&str, &str)]) -> Step {
        let output = self.root.join("output");
        let summary = self.root.join("summary");
        let runs = self.root.join("ally-runs");
        for file in [&output, &summary, &runs] {
            std::fs::write(file, "").unwrap();
        }
        let event = event();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh");
        let path = format!(
            "{}:{}",
            self.root.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("bash");
        command
            .arg(script)
            .current_dir(&self.workspace)
            .env("PATH", path)
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_ACTION_PATH", env!("CARGO_MANIFEST_DIR"))
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_OUTPUT", &output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", &self.temp)
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", fixture("pull_request.json"))
            .env(
                "GITHUB_BASE_REF",
                event["pull_request"]["base"]["ref"].as_str().unwrap(),
            )
            .env(
                "GITHUB_HEAD_REF",
                event["pull_request"]["head"]["ref"].as_str().unwrap(),
            )
            .env("INPUT_SARIF_FILE", self.sarif());
        for (name, value) in DEFAULTS.iter().chain(inputs) {
            command.env(name, value);
        }
        let result = binary::run_command(&mut command);
        let read = |path: &Path| std::fs::read_to_string(path).unwrap();
        Step {
            code: result.status.code(),
            stdout: String::from_utf8_lossy(&result.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&result.stderr).into_owned(),
            output: read(&output),
            summary: read(&summary),
            ally_runs: read(&runs).lines().count(),
        }
    }

    /// What `ally check ARGS` prints in the workspace: the reports the step should have kept.
    fn ally(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&binary::ally(&self.workspace, args).stdout).into_owned()
    }

    fn git(&self, args: &[&str]) -> String {
        git_in(&self.workspace, args)
    }
}

fn git_in(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn outputs(errors: u32, warnings: u32, info: u32, files: u32, sarif: Option<&str>) -> String {
    let mut text = format!(
        "errors={errors}\nwarnings={warnings}\ninfo={info}\nfindings={}\nfiles-checked={files}\n",
        errors + warnings + info
    );
    if let Some(path) = sarif {
        text.push_str(&format!("sarif-file={path}\n"));
    }
    text
}

#[test]
fn the_action_annotates_findings_and_fails_the_job() {
    let runner = Runner::new();
    runner.write("README.md", "Add the host to the whitelist.\n");
    let step = runner.run(&[]);
    assert_eq!(step.log()[0], WHITELIST, "{}", step.stdout);
    assert_eq!(step.code, Some(1), "{}", step.stderr);
    let step = runner.run(&[("INPUT_FAIL_ON", "never")]);
    assert_eq!(step.code, Some(0));
}

#[test]
fn one_run_gives_the_annotations_the_sarif_report_the_outputs_and_the_job_summary() {
    let runner = Runner::new();
    runner.write("README.md", "Add the host to the whitelist.\n");
    let step = runner.run(&[]);
    assert_eq!(step.ally_runs, 1);
    let sarif = runner.sarif();
    let done =
        format!("ally: the full report is in the job summary, and the SARIF report is {sarif}");
    assert_eq!(step.log(), [WHITELIST, done.as_str()]);
    assert_eq!(step.code, Some(1));
    assert_eq!(step.output, outputs(1, 0, 0, 1, Some(&sarif)));
    // The job summary is ally's markdown report, as `--format markdown` prints it.
    assert_eq!(
        step.summary,
        runner.ally(&["check", "--format", "markdown", "."])
    );
    assert!(
        step.summary
            .contains("\n1 document checked: 1 finding (1 error, 0 warnings, 0 info).\n"),
        "{}",
        step.summary
    );
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["runs"][0]["results"].as_array().unwrap().len(), 1);
    // The step's own files are gone from the runner's temporary directory; the SARIF stays.
    let left: Vec<_> = std::fs::read_dir(&runner.temp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["ally.sarif"]);
}

#[test]
fn a_clean_run_logs_a_line_and_its_outputs_are_zero() {
    let runner = Runner::new();
    runner.write("README.md", "Add the host to the allowlist.\n");
    let step = runner.run(&[]);
    let sarif = runner.sarif();
    assert_eq!(
        step.log(),
        [format!(
            "ally: the full report is in the job summary, and the SARIF report is {sarif}"
        )]
    );
    assert_eq!(step.code, Some(0));
    assert_eq!(step.output, outputs(0, 0, 0, 1, Some(&sarif)));
    assert_eq!(
        step.summary,
        "# Inclusive language report\n\n1 document checked: 0 findings.\n\n"
    );
}

#[test]
fn a_second_run_in_the_same_workspace_does_not_check_the_first_ones_reports() {
    let runner = Runner::new();
    runner.write("README.md", "Add the host to the whitelist.\n");
    let first = runner.run(&[]);
    let second = runner.run(&[]);
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(second.output, first.output);

    // A SARIF path inside the workspace is the user's choice; it is never checked either, and
    // the output gives it in full for the upload step.
    let inside = format!("{}/reports/ally.sarif", runner.workspace.display());
    std::fs::create_dir(runner.workspace.join("reports")).unwrap();
    for _ in 0..2 {
        let step = runner.run(&[("INPUT_SARIF_FILE", "reports/ally.sarif")]);
        let done = format!(
            "ally: the full report is in the job summary, and the SARIF report is {inside}"
        );
        assert_eq!(step.log(), [WHITELIST, done.as_str()]);
        assert_eq!(step.output, outputs(1, 0, 0, 1, Some(&inside)));
    }
}

#[test]
fn an_empty_sarif_file_input_writes_no_sarif() {
    let runner = Runner::new();
    runner.write("README.md", "Add the host to the whitelist.\n");
    let step = runner.run(&[("INPUT_SARIF_FILE", "")]);
    assert_eq!(
        step.log(),
        [WHITELIST, "ally: the full report is in the job summary"]
    );
    assert_eq!(step.output, outputs(1, 0, 0, 1, None));
    assert!(!Path::new(&runner.sarif()).exists());
}

#[test]
fn args_are_words_on_one_line_or_several_with_quotes_and_globs() {
    let runner = Runner::new();
    runner.write("guide.md", "Read this first.\nAdd it to the whitelist.\n");
    runner.write("uni.md", "Ünïcödé 😀 blacklist\n");
    runner.write("my docs/policy.md", "The blacklist.\n");
    runner.write("notes/a.md", "A whitelist.\n");
    runner.write("notes/b.md", "A blacklist.\n");
    runner.write("notes/c.txt", "A whitelist.\n");
    runner.write("skipped.md", "A whitelist.\n");
    let args = "guide.md\n  uni.md\n\"my docs\" notes/*.md\n";
    let step = runner.run(&[("INPUT_ARGS", args), ("INPUT_FORMAT", "short")]);
    assert_eq!(
        step.log(),
        [
            "guide.md:2:15: error[whitelist]: `whitelist` can suggest that white means good and \
             black means bad; consider `allowlist`, `allow list` or `permit list`",
            "uni.md:1:11: error[blacklist]: `blacklist` can suggest that black means bad and \
             white means good; consider `denylist`, `blocklist` or `deny list`",
            "my docs/policy.md:1:5: error[blacklist]: `blacklist` can suggest that black means \
             bad and white means good; consider `denylist`, `blocklist` or `deny list`",
            "notes/a.md:1:3: error[whitelist]: `whitelist` can suggest that white means good and \
             black means bad; consider `allowlist`, `allow list` or `permit list`",
            "notes/b.md:1:3: error[blacklist]: `blacklist` can suggest that black means bad and \
             white means good; consider `denylist`, `blocklist` or `deny list`",
            &format!(
                "ally: the full report is in the job summary, and the SARIF report is {}",
                runner.sarif()
            ),
        ]
    );
    assert_eq!(step.output, outputs(5, 0, 0, 5, Some(&runner.sarif())));

    // Nothing is evaluated, and a quoted glob is a plain name.
    let step = runner.run(&[("INPUT_ARGS", "'$(touch pwned)' \"*.md\"")]);
    assert_eq!(step.code, Some(2));
    assert!(!runner.workspace.join("pwned").exists());
    assert!(
        step.stdout
            .contains("::error file=$(touch pwned),title=ally::no such file"),
        "{}",
        step.stdout
    );
    assert!(
        step.stdout
            .contains("::error file=*.md,title=ally::no such file")
    );
}

#[test]
fn a_glob_that_matches_nothing_or_an_open_quote_stops_the_step_with_an_annotation() {
    let runner = Runner::new();
    runner.write("guide.md", "Fine.\n");
    let step = runner.run(&[("INPUT_ARGS", "guide.md\ndocs/*.md")]);
    assert_eq!(
        step.log(),
        ["::error title=ally::args: no file in the workspace matches docs/*.md"]
    );
    assert_eq!(step.code, Some(2));
    assert_eq!(step.ally_runs, 0);
    assert_eq!((step.output.as_str(), step.summary.as_str()), ("", ""));

    let step = runner.run(&[("INPUT_ARGS", "guide.md\n\"my docs")]);
    assert_eq!(
        step.log(),
        ["::error title=ally::args: a \" quote is not closed: guide.md%0A\"my docs"]
    );
    assert_eq!(step.code, Some(2));
}

/// A repository where the pull request's branch forked from the base, and the base then moved
/// on: it fixed an old finding on a line the pull request did not touch.
fn forked_repository(runner: &Runner) -> (String, String) {
    let event = event();
    let base = event["pull_request"]["base"]["ref"].as_str().unwrap();
    let head = event["pull_request"]["head"]["ref"].as_str().unwrap();
    runner.git(&["init", "-q", "-b", base]);
    runner.git(&["config", "user.email", "ally@example.org"]);
    runner.git(&["config", "user.name", "ally tests"]);
    runner.write(
        "guide.md",
        "# On call\n\nAdd the host to the whitelist.\n\nPage the lead.\n",
    );
    runner.git(&["add", "-A"]);
    runner.git(&["commit", "-q", "-m", "guide"]);
    runner.git(&["checkout", "-q", "-b", head]);
    runner.write(
        "guide.md",
        "# On call\n\nAdd the host to the whitelist.\n\nPage the master on duty.\n",
    );
    runner.git(&["commit", "-q", "-am", "reword"]);
    runner.git(&["checkout", "-q", base]);
    runner.write(
        "guide.md",
        "# On call\n\nAdd the host to the allowlist.\n\nPage the lead.\n",
    );
    runner.git(&["commit", "-q", "-am", "allowlist"]);
    // The pull request's head is checked out, as with `ref: head.sha` or pull_request_target,
    // and the base branch is a remote-tracking ref, as `fetch-depth: 0` leaves it.
    runner.git(&["checkout", "-q", head]);
    let tip = runner.git(&["rev-parse", base]);
    runner.git(&["update-ref", &format!("refs/remotes/origin/{base}"), &tip]);
    (base.to_owned(), head.to_owned())
}

#[test]
fn diff_base_reports_only_what_the_branch_changed_since_it_forked() {
    let runner = Runner::new();
    let (base, _) = forked_repository(&runner);
    let step = runner.run(&[("INPUT_DIFF_BASE", &format!("origin/{base}"))]);
    let done = format!(
        "ally: the full report is in the job summary, and the SARIF report is {}",
        runner.sarif()
    );
    assert_eq!(
        step.log(),
        [
            "::warning file=guide.md,line=5,col=10,endLine=5,endColumn=16,title=ally (master)::\
             `master` in computing stays tied to the master/slave metaphor; consider `main`, \
             `primary` or `source`",
            done.as_str(),
        ],
        "{}",
        step.stderr
    );
    assert_eq!(step.code, Some(1));
    assert_eq!(step.output, outputs(0, 1, 0, 1, Some(&runner.sarif())));
}

#[test]
fn a_diff_base_missing_from_the_clone_says_to_fetch_the_history() {
    let runner = Runner::new();
    let (base, head) = forked_repository(&runner);
    let hint = "Check out with actions/checkout's fetch-depth: 0, which brings the base branch \
                and the history back to where this branch forked (or fetch the base branch and \
                enough history before this step).";

    let step = runner.run(&[("INPUT_DIFF_BASE", "origin/nope")]);
    assert_eq!(
        step.log(),
        [format!(
            "::error title=ally::diff-base: cannot find origin/nope in this clone. {hint}"
        )]
    );
    assert_eq!((step.code, step.ally_runs), (Some(2), 0));

    // actions/checkout's default: one commit of each fetched branch, so the fork point is
    // missing although both branches are there.
    let origin = format!("file://{}", runner.workspace.display());
    let clone = runner.root.join("shallow");
    git_in(
        &runner.root,
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            "--branch",
            &head,
            &origin,
            clone.to_str().unwrap(),
        ],
    );
    std::fs::remove_dir_all(&runner.workspace).unwrap();
    std::fs::rename(&clone, &runner.workspace).unwrap();
    let step = runner.run(&[("INPUT_DIFF_BASE", &format!("origin/{base}"))]);
    assert_eq!(
        step.log(),
        [format!(
            "::error title=ally::diff-base: HEAD and origin/{base} have no commit in common in \
             this clone, so ally cannot tell what this branch changed; the clone is probably \
             shallow. {hint}"
        )]
    );
    assert_eq!((step.code, step.ally_runs), (Some(2), 0));
}

#[test]
fn more_findings_than_github_annotates_are_all_listed_in_the_job_summary() {
    let runner = Runner::new();
    runner.write("team.md", &"The master node.\n".repeat(12));
    let step = runner.run(&[]);
    let annotations = step
        .log()
        .iter()
        .filter(|l| l.starts_with("::warning "))
        .count();
    assert_eq!(annotations, 12);
    assert_eq!(step.output, outputs(0, 12, 0, 1, Some(&runner.sarif())));
    let note = "> GitHub shows at most 10 annotations of each kind on a pull request, so not all\n\
                > 12 findings are marked there. All of them are listed here.\n\n";
    assert_eq!(
        step.summary,
        format!(
            "{note}{}",
            runner.ally(&["check", "--format", "markdown", "."])
        )
    );

    // Ten of a kind fit: no note.
    runner.write("team.md", &"The master node.\n".repeat(10));
    let step = runner.run(&[]);
    assert!(step.summary.starts_with("# Inclusive language report\n"));
}

#[test]
fn action_yml_declares_every_output_the_step_writes_and_passes_every_input() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    // A composite action's outputs exist only if action.yml maps them from the step.
    for output in [
        "errors",
        "warnings",
        "info",
        "findings",
        "files-checked",
        "sarif-file",
    ] {
        let declared = format!("\n  {output}:\n    description: ");
        let mapped = format!("\n    value: ${{{{ steps.check.outputs.{output} }}}}\n");
        assert!(manifest.contains(&declared), "{output} is not declared");
        assert!(
            manifest.contains(&mapped),
            "{output} is not mapped from the step"
        );
    }
    for input in ["args", "format", "fail-on", "diff-base", "sarif-file"] {
        let variable = input.to_uppercase().replace('-', "_");
        let line = format!("\n        INPUT_{variable}: ${{{{ inputs.{input} }}}}\n");
        assert!(manifest.contains(&line), "{input} does not reach the step");
    }
    assert!(manifest.contains("\n    default: ${{ runner.temp }}/ally.sarif\n"));
}

#[test]
fn ally_stopping_before_it_reports_is_annotated_and_leaves_no_stale_sarif() {
    let runner = Runner::new();
    runner.write("README.md", "Add the host to the whitelist.\n");
    // A SARIF report from an earlier run must not be uploaded as this run's.
    std::fs::write(runner.sarif(), "{}").unwrap();
    let step = runner.run(&[("INPUT_FAIL_ON", "warn")]);
    assert_eq!(
        step.log(),
        [
            "::error title=ally::ally check stopped before it could report (exit status 2); \
             the step's log says why"
        ]
    );
    assert!(
        step.stderr.contains("invalid value 'warn'"),
        "{}",
        step.stderr
    );
    assert_eq!(step.code, Some(2));
    assert_eq!(step.output, "");
    assert_eq!(
        step.summary,
        "ally check stopped before it could report; the step's log says why.\n"
    );
    assert!(!Path::new(&runner.sarif()).exists());
}

#[test]
fn a_report_too_large_for_a_job_summary_is_replaced_by_its_counts() {
    let runner = Runner::new();
    runner.write("big.md", &"Add it to the whitelist.\n".repeat(4000));
    let step = runner.run(&[("INPUT_FORMAT", "short")]);
    assert_eq!(step.code, Some(1));
    assert_eq!(step.log().len(), 4001);
    assert_eq!(
        step.log()[4000],
        format!(
            "ally: the job summary has the counts, and the SARIF report is {}",
            runner.sarif()
        )
    );
    assert_eq!(step.output, outputs(4000, 0, 0, 1, Some(&runner.sarif())));
    assert_eq!(
        step.summary,
        "ally found 4000 findings in 1 file,\n\
         too many to list in a job summary (GitHub takes at most 1 MiB per step). The step's log\n\
         lists them.\n"
    );
}

/// The pull request's title and description, read from the recorded event, are annotated on
/// the run (they are in no file), quoted with escapes, listed in the job summary, and fail the
/// job like any finding; `check-pull-request: false` leaves them out.
#[test]
fn the_pull_request_title_and_description_are_annotated_and_fail_the_job() {
    let runner = Runner::new();
    runner.write("README.md", "All clear.\n");
    let event = fixture("pull_request_terms.json");
    let event = event.to_str().unwrap();
    let step = runner.run(&[("GITHUB_EVENT_PATH", event)]);
    assert_eq!(step.code, Some(1), "{}", step.stderr);
    let sarif = runner.sarif();
    let done =
        format!("ally: the full report is in the job summary, and the SARIF report is {sarif}");
    assert_eq!(
        step.log(),
        [
            "::error title=ally (whitelist)::pull request #7 title, line 1, column 10: `whitelist` can suggest that white means good and black means bad; consider `allowlist`, `allow list` or `permit list` (in “Drop the whitelist: 100%25 done, step 1”)",
            "::warning title=ally (guys)::pull request #7 description, line 1, column 9: `guys` uses a masculine word for a mixed group; consider `everyone`, `folks` or `all` (in “Thanks, guys!”)",
            "::warning title=ally (master-branch)::pull request #7 description, line 3, column 5: `master branch` is the old default branch name, which hosting services have replaced with `main`; consider `main branch` or `default branch` (in “The master branch stays as it is.”)",
            done.as_str(),
        ]
    );
    // The files are counted as files; the findings are all counted.
    assert_eq!(step.output, outputs(1, 2, 0, 1, Some(&sarif)));
    assert!(
        step.summary.contains("pull request #7 title"),
        "{}",
        step.summary
    );

    let off = runner.run(&[
        ("GITHUB_EVENT_PATH", event),
        ("INPUT_CHECK_PULL_REQUEST", "false"),
    ]);
    assert_eq!(off.code, Some(0), "{}", off.stdout);
    assert_eq!(off.output, outputs(0, 0, 0, 1, Some(&sarif)));
    // Other events have no pull request to read.
    let push = runner.run(&[("GITHUB_EVENT_PATH", event), ("GITHUB_EVENT_NAME", "push")]);
    assert_eq!(push.code, Some(0), "{}", push.stdout);
}
