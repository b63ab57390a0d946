export { type CreateDbOptions, createDb, type Db, disconnectDb, getDb } from "./client.ts";
export { isUniqueViolation } from "./errors.ts";
// Model types, enums and the Prisma namespace (input types, Prisma.JsonValue, errors…).
// The PrismaClient class itself is not exported: clients come from getDb() / createDb().
export type * from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";
export * from "./generated/prisma/enums.ts";
export {
  allocateJobNumbers,
  allocatePipelineNumber,
  isTransactionConflict,
  type TransactionOptions,
  type Tx,
  withTransaction,
} from "./transactions.ts";
