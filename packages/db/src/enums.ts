// Enums only: safe to import from browser code (no database driver behind it).
export * from "./generated/prisma/enums.ts";
