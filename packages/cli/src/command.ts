/** What a command group gets to talk to the world; tests pass their own. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
}

/**
 * A command group (`config`, later `token`, `secrets`): it receives the arguments after
 * its name and returns the exit code. Register new groups in main.ts.
 */
export interface CommandGroup {
  name: string;
  summary: string;
  run(args: string[], io: CliIO): Promise<number>;
}
