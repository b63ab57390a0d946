import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  type AsyncOrbResolver,
  type CompileResult,
  compileConfigAsync,
  DEFAULT_CONFIG_FILE,
  formatConfigError,
} from "@cairn/config";
import type { CliIO, CommandGroup } from "../command.ts";
import { cliOrbResolver, OrbSettingsError } from "../orb-resolver.ts";

const USAGE = `Usage:
  cairn config validate [FILE]
  cairn config process [FILE] [--branch B] [--tag T] [--param k=v]... [--plan]

FILE defaults to ${DEFAULT_CONFIG_FILE}. Registry orbs are read from .circleci/orbs/
next to the config, then from $CAIRN_ORB_CACHE_DIR, then — with CAIRN_ORB_REGISTRY=on —
from CircleCI's public orb registry ($CAIRN_ORB_REGISTRY_URL overrides its address).
`;

export const configCommands: CommandGroup = {
  name: "config",
  summary: "validate or process a .circleci/config.yml",
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === "validate") return validate(rest, io);
    if (sub === "process") return processConfig(rest, io);
    io.stderr(sub === undefined ? USAGE : `cairn config: unknown subcommand '${sub}'\n\n${USAGE}`);
    return 2;
  },
};

function validate(args: string[], io: CliIO): Promise<number> {
  return withParsed(args, io, {}, (file, result) => {
    if (!result.ok) return reportErrors(result, io);
    io.stdout(`${file}: valid\n`);
    return 0;
  });
}

function processConfig(args: string[], io: CliIO): Promise<number> {
  const options = {
    branch: { type: "string" },
    tag: { type: "string" },
    param: { type: "string", multiple: true },
    plan: { type: "boolean" },
  } as const;
  return withParsed(args, io, options, (_file, result, values) => {
    if (!result.ok) return reportErrors(result, io);
    io.stdout(values.plan ? `${JSON.stringify(result.plan, null, 2)}\n` : result.processed);
    return 0;
  });
}

type Values = { branch?: string; tag?: string; param?: string[]; plan?: boolean };

async function withParsed(
  args: string[],
  io: CliIO,
  options: ParseArgsConfig["options"],
  then: (file: string, result: CompileResult, values: Values) => number,
): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args,
      options: options ?? {},
      allowPositionals: true,
      strict: true,
    });
    values = parsed.values as Values;
    positionals = parsed.positionals;
  } catch (error) {
    io.stderr(`cairn config: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (positionals.length > 1) {
    io.stderr(`cairn config: one FILE at most\n\n${USAGE}`);
    return 2;
  }
  const file = positionals[0] ?? DEFAULT_CONFIG_FILE;
  const parameters: Record<string, string> = {};
  for (const pair of values.param ?? []) {
    const equals = pair.indexOf("=");
    if (equals <= 0) {
      io.stderr(`cairn config: --param takes name=value, got '${pair}'\n`);
      return 2;
    }
    parameters[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  let source: string;
  const path = resolve(io.cwd, file);
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    io.stderr(
      `cairn config: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`,
    );
    return 1;
  }
  let orbResolver: AsyncOrbResolver;
  try {
    orbResolver = cliOrbResolver(path, process.env, (warning) =>
      io.stderr(`cairn config: warning: ${warning}\n`),
    );
  } catch (error) {
    if (!(error instanceof OrbSettingsError)) throw error;
    io.stderr(`cairn config: ${error.message}\n`);
    return 2;
  }
  const result = await compileConfigAsync(source, {
    filename: file,
    parameters,
    orbResolver,
    ...(values.branch !== undefined ? { branch: values.branch } : {}),
    ...(values.tag !== undefined ? { tag: values.tag } : {}),
  });
  return then(file, result, values);
}

function reportErrors(result: Extract<CompileResult, { ok: false }>, io: CliIO): number {
  for (const error of result.errors) io.stderr(`${formatConfigError(error)}\n`);
  io.stderr(`${result.errors.length} error${result.errors.length === 1 ? "" : "s"}\n`);
  return 1;
}
