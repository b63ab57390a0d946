import { Prisma } from "./generated/prisma/client.ts";

/**
 * True when `error` is a unique-constraint violation (Prisma's P2002), and, when
 * `constraint` is given, a violation of that constraint, named as in the migration SQL
 * (e.g. "webhook_deliveries_provider_delivery_id_key"). Use it where a duplicate is an
 * expected outcome: a replayed webhook delivery, a cache key saved twice.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") {
    return false;
  }
  if (constraint === undefined) return true;
  return violatedConstraint(error) === constraint;
}

// Through the pg driver adapter, P2002 carries the index name at
// meta.driverAdapterError.cause.constraint.index.
function violatedConstraint(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const cause = (error.meta?.driverAdapterError as { cause?: { constraint?: { index?: unknown } } })
    ?.cause;
  const index = cause?.constraint?.index;
  return typeof index === "string" ? index : undefined;
}
