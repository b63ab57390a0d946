import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are TypeScript source ("just-in-time" packages).
  transpilePackages: [
    "@cairn/api",
    "@cairn/auth",
    "@cairn/config",
    "@cairn/db",
    "@cairn/executor",
    "@cairn/logs",
    "@cairn/queue",
    "@cairn/realtime",
    "@cairn/secrets",
    "@cairn/ssh-gateway",
    "@cairn/storage",
    "@cairn/vcs",
  ],
  // Node-only libraries with optional native parts stay outside the bundle.
  serverExternalPackages: [
    "dockerode",
    "ssh2",
    "pg",
    "@prisma/adapter-pg",
    "proper-lockfile",
    "tar-fs",
    "@aws-sdk/client-s3",
    "node-vault",
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
