// Prints a one-time sign-in link for the local administrator (used by `npm start`).
import { createSignInLink, ensureLocalAdministrator } from "@cairn/auth";
import { createDb } from "@cairn/db";

const databaseUrl = process.env.DATABASE_URL;
const baseUrl = process.env.CAIRN_URL ?? "http://localhost:3000";
if (!databaseUrl) {
  console.error("DATABASE_URL is required");
  process.exit(1);
}
const db = createDb(databaseUrl);
try {
  const admin = await ensureLocalAdministrator(db);
  console.log(await createSignInLink(db, admin.id, baseUrl));
} finally {
  await db.$disconnect();
}
