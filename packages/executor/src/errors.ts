/** A job image that is neither local, nor pullable, nor covered by an alias. */
export class ImageUnavailableError extends Error {
  override readonly name = "ImageUnavailableError";
  constructor(
    readonly image: string,
    reason: string,
  ) {
    super(
      `image ${image} is not available here: it is not in the worker's Docker engine, ` +
        `pulling it failed (${reason}), and no image alias matches it. ` +
        `Provide it on the worker's engine (\`docker pull ${image}\`, or \`docker load\` / ` +
        `\`docker tag <local image> ${image}\`), or map it to a local image in infra/images/aliases.json.`,
    );
  }
}

/** The sandbox could not be set up or used; the message is meant for the job's log. */
export class SandboxError extends Error {
  override readonly name = "SandboxError";
}

/** The host firewall for job networks could not be installed. */
export class FirewallError extends Error {
  override readonly name = "FirewallError";
}
