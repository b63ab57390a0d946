import { pack } from "tar-stream";

/** Where the step wrapper is put in the primary container. */
export const RUN_STEP_PATH = "/.cairn/run-step";
/** `circleci-agent step halt` creates this file; the sandbox looks for it after each step. */
export const HALT_FILE = "/tmp/.cairn-halt";

/**
 * Runs one `run` step: run-step PIDFILE WORKDIR SHELL COMMAND.
 * docker exec starts each process in a new session, so the wrapper's pid is the step's process
 * group: it is written down so the worker can kill the whole group (timeout, cancel).
 * The command goes through a file, as CircleCI does, so `shell: python3` works too.
 */
const RUN_STEP = `#!/bin/sh
pidfile=$1 dir=$2 shell=$3
echo $$ >"$pidfile"
case $dir in
"~") dir=$HOME ;;
"~/"*) dir=$HOME/\${dir#"~/"} ;;
esac
mkdir -p "$dir" && cd "$dir" || exit 1
if [ -n "\${BASH_ENV:-}" ] && [ ! -e "$BASH_ENV" ]; then : >"$BASH_ENV"; fi
# CircleCI's default shell falls back to sh when the image has no bash (dash lacks pipefail).
if [ "$shell" = "/bin/bash -eo pipefail" ] && [ ! -x /bin/bash ]; then
  if /bin/sh -o pipefail -c : 2>/dev/null; then shell="/bin/sh -eo pipefail"; else shell="/bin/sh -e"; fi
fi
script=$(mktemp "\${TMPDIR:-/tmp}/cairn-step.XXXXXX") || exit 1
printf '%s\\n' "$4" >"$script"
$shell "$script"
status=$?
rm -f "$script"
exit $status
`;

/** Cairn's stand-in for CircleCI's agent CLI inside a job: it knows one command. */
const CIRCLECI_AGENT = `#!/bin/sh
if [ "$1" = step ] && [ "$2" = halt ]; then
  : >"${HALT_FILE}" && exit 0
fi
echo "circleci-agent: Cairn supports only 'circleci-agent step halt'" >&2
exit 2
`;

/** A tar of the helper files, to extract at "/" in the primary container before it starts. */
export async function helperFilesTar(): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (chunk) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on("end", resolve);
    tar.on("error", reject);
  });
  const file = (name: string, content: string) =>
    tar.entry({ name, mode: 0o755, uid: 0, gid: 0, mtime: new Date(0) }, content);
  tar.entry({ name: ".cairn", type: "directory", mode: 0o755, uid: 0, gid: 0 });
  file(RUN_STEP_PATH.slice(1), RUN_STEP);
  file("usr/local/bin/circleci-agent", CIRCLECI_AGENT);
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}
