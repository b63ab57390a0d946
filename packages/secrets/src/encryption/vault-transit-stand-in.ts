import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the stand-in saw: method, path and JSON body of each request. */
export interface TRecordedRequest {
  method: string;
  path: string;
  token: string | undefined;
  body: Record<string, unknown> | undefined;
}

/**
 * A test stand-in for Vault's transit engine and AppRole login, answering with the request
 * and response shapes of Vault's API documentation (`/v1/<mount>/encrypt/:name` with a
 * base64 `plaintext` → `data.ciphertext` `vault:v<n>:…`; decrypt; rewrap; `keys/:name`
 * create with `type`, read with `latest_version`, `keys/:name/rotate`; errors as
 * `{"errors": [...]}`). It really encrypts (AES-256-GCM) so tampering fails as in Vault.
 */
export class VaultTransitStandIn {
  readonly requests: TRecordedRequest[] = [];
  readonly keys = new Map<string, { type: string; versions: Buffer[] }>();
  private server: Server | undefined;

  constructor(
    private readonly token = "s.test-token",
    private readonly appRole = { roleId: "role-1", secretId: "secret-1" },
    private readonly mount = "transit",
  ) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      void this.answer(request).then(({ status, body }) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(body === undefined ? "" : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async answer(request: IncomingMessage): Promise<{ status: number; body?: unknown }> {
    const raw = await new Promise<string>((resolve) => {
      let text = "";
      request.on("data", (chunk) => {
        text += chunk;
      });
      request.on("end", () => resolve(text));
    });
    const path = request.url ?? "";
    const token = request.headers["x-vault-token"] as string | undefined;
    let body: Record<string, unknown> | undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return fail(400, "failed to parse JSON input");
    }
    this.requests.push({ method: request.method ?? "", path, token, body });

    if (request.method === "POST" && path === "/v1/auth/approle/login") {
      if (body?.role_id !== this.appRole.roleId || body?.secret_id !== this.appRole.secretId)
        return fail(400, "invalid role or secret ID");
      return { status: 200, body: { auth: { client_token: this.token, policies: ["cairn"] } } };
    }
    if (token !== this.token) return fail(403, "permission denied");

    const match = new RegExp(
      `^/v1/${this.mount}/(keys|encrypt|decrypt|rewrap)/([^/]+)(/rotate)?$`,
    ).exec(path);
    if (!match) return fail(404, `no handler for route "${path}"`);
    const [, operation, name, rotate] = match as unknown as [string, string, string, string?];
    const key = this.keys.get(name);

    if (operation === "keys") {
      if (request.method === "GET") {
        if (!key) return { status: 404, body: { errors: [] } };
        return { status: 200, body: { data: keyInfo(name, key) } };
      }
      if (rotate) {
        if (!key) return fail(400, "key not found");
        key.versions.push(randomBytes(32));
        return { status: 200, body: { data: keyInfo(name, key) } };
      }
      const type = (body?.type as string | undefined) ?? "aes256-gcm96";
      if (type !== "aes256-gcm96") return fail(400, `unknown key type ${type}`);
      if (!key) this.keys.set(name, { type, versions: [randomBytes(32)] });
      return { status: 204 };
    }
    if (!key) return fail(400, "encryption key not found");
    if (operation === "encrypt") {
      const plaintext = body?.plaintext;
      if (typeof plaintext !== "string" || !isBase64(plaintext))
        return fail(400, "failed to base64-decode plaintext");
      return { status: 200, body: { data: seal(key.versions, Buffer.from(plaintext, "base64")) } };
    }
    const opened = open(key.versions, body?.ciphertext);
    if (typeof opened === "string") return fail(400, opened);
    if (operation === "decrypt")
      return { status: 200, body: { data: { plaintext: opened.toString("base64") } } };
    return { status: 200, body: { data: seal(key.versions, opened) } };
  }
}

const fail = (status: number, message: string) => ({ status, body: { errors: [message] } });
const isBase64 = (text: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;

function keyInfo(name: string, key: { type: string; versions: Buffer[] }) {
  const keys = Object.fromEntries(
    key.versions.map((_, index) => [String(index + 1), 1_700_000_000]),
  );
  return {
    name,
    type: key.type,
    latest_version: key.versions.length,
    min_decryption_version: 1,
    keys,
  };
}

function seal(versions: Buffer[], plaintext: Buffer) {
  const version = versions.length;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", versions[version - 1]!, iv);
  const data = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { ciphertext: `vault:v${version}:${data.toString("base64")}`, key_version: version };
}

function open(versions: Buffer[], ciphertext: unknown): Buffer | string {
  const match = typeof ciphertext === "string" ? /^vault:v(\d+):(.+)$/.exec(ciphertext) : null;
  if (!match) return "invalid ciphertext: no prefix";
  const key = versions[Number(match[1]) - 1];
  if (!key) return "invalid ciphertext: key version not found";
  const data = Buffer.from(match[2]!, "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(-16));
    return Buffer.concat([decipher.update(data.subarray(12, -16)), decipher.final()]);
  } catch {
    return "cipher: message authentication failed";
  }
}
