import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages are TypeScript source ("just-in-time" packages).
  transpilePackages: ["@cairn/auth", "@cairn/db", "@cairn/executor"],
  // Node-only libraries with optional native parts stay outside the bundle.
  serverExternalPackages: ["dockerode", "ssh2", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
