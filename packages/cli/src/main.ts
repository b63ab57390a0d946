import type { CliIO, CommandGroup } from "./command.ts";
import { configCommands } from "./commands/config.ts";
import { secretsCommands } from "./commands/secrets.ts";
import { tokenCommands } from "./commands/token.ts";

/** Command groups, one file each under commands/. */
const groups: CommandGroup[] = [configCommands, tokenCommands, secretsCommands];

export function usage(): string {
  const lines = groups.map((g) => `  ${g.name.padEnd(10)} ${g.summary}`);
  return ["Usage: cairn <command> [options]", "", "Commands:", ...lines, ""].join("\n");
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure of the checked thing, 2 usage error). */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const group = groups.find((g) => g.name === name);
  if (!group) {
    io.stderr(`cairn: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return group.run(rest, io);
}

function defaultIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
}
