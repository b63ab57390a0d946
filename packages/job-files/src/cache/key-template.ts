import { JobFilesError } from "../errors.ts";

/** The values a cache key template can use (CircleCI's names in the comments). */
export interface KeyTemplateValues {
  /** `{{ .Branch }}` */
  branch: string;
  /** `{{ .BuildNum }}` */
  buildNum: number | string;
  /** `{{ .Revision }}` */
  revision: string;
  /** `{{ .CheckoutKey }}`: the fingerprint of the project's deploy key. */
  checkoutKey: string;
  /** `{{ .Environment.NAME }}`: the job's environment. */
  environment: Readonly<Record<string, string>>;
  /** `{{ arch }}`, e.g. `arch1-linux-amd64`. */
  arch: string;
  /** `{{ epoch }}`: seconds since 1970; a clock so tests can fix it. */
  now: () => Date;
}

/** `{{ checksum "file" }}`: base64 SHA-256 of the file's contents. */
export type ChecksumFn = (path: string) => Promise<string>;

export const MAX_CACHE_KEY_LENGTH = 900;

// Go template actions, with Go's optional `-` whitespace trimming markers.
const ACTION = /\{\{-?\s*(.*?)\s*-?\}\}/g;
const CHECKSUM = /^checksum\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`)$/;
const ENVIRONMENT = /^\.Environment\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** What Go's text/template prints for a missing map key, so keys match CircleCI's. */
const NO_VALUE = "<no value>";

/**
 * Renders a save_cache / restore_cache key template. Unknown actions are an error rather
 * than left in place, so a typo cannot silently produce a key that never changes.
 */
export async function renderKeyTemplate(
  template: string,
  values: KeyTemplateValues,
  checksum: ChecksumFn,
): Promise<string> {
  const actions = [...template.matchAll(ACTION)];
  const rendered: string[] = [];
  let last = 0;
  for (const match of actions) {
    rendered.push(template.slice(last, match.index));
    rendered.push(await renderAction(match[1] ?? "", match[0], values, checksum));
    last = match.index + match[0].length;
  }
  rendered.push(template.slice(last));
  const key = rendered.join("");
  if (key.includes("{{") || key.includes("}}")) {
    throw new JobFilesError(`unbalanced {{ }} in cache key template ${JSON.stringify(template)}`);
  }
  return key;
}

async function renderAction(
  expression: string,
  source: string,
  values: KeyTemplateValues,
  checksum: ChecksumFn,
): Promise<string> {
  switch (expression) {
    case ".Branch":
      return values.branch;
    case ".BuildNum":
      return String(values.buildNum);
    case ".Revision":
      return values.revision;
    case ".CheckoutKey":
      return values.checkoutKey;
    case "epoch":
      return String(Math.floor(values.now().getTime() / 1000));
    case "arch":
      return values.arch;
  }
  const environment = ENVIRONMENT.exec(expression);
  if (environment) {
    const name = environment[1] ?? "";
    return Object.hasOwn(values.environment, name) ? (values.environment[name] ?? "") : NO_VALUE;
  }
  const file = CHECKSUM.exec(expression);
  if (file) {
    const path = file[1] !== undefined ? unescapeGoString(file[1]) : (file[2] ?? "");
    return checksum(path);
  }
  throw new JobFilesError(
    `unknown template action ${source} in cache key: use .Branch, .BuildNum, .Revision, .CheckoutKey, .Environment.NAME, checksum "file", epoch or arch`,
  );
}

function unescapeGoString(value: string): string {
  return value.replace(/\\(.)/g, "$1");
}

/** Throws when a rendered key is longer than CircleCI allows. */
export function assertCacheKeyLength(key: string): void {
  if (key.length > MAX_CACHE_KEY_LENGTH) {
    throw new JobFilesError(
      `cache key is ${key.length} characters long; the limit is ${MAX_CACHE_KEY_LENGTH}`,
    );
  }
  if (key.trim() === "") throw new JobFilesError("cache key is empty");
}

/** `{{ arch }}` for a Docker engine architecture (`x86_64`, `aarch64`, Node's `x64`). */
export function archKey(architecture: string): string {
  const goArch: Record<string, string> = {
    x64: "amd64",
    x86_64: "amd64",
    amd64: "amd64",
    arm64: "arm64",
    aarch64: "arm64",
  };
  return `arch1-linux-${goArch[architecture] ?? architecture}`;
}
