import { type Db, getDb } from "@cairn/db";
import { webEnv } from "~/env.ts";

/** The web process's one database client. */
export const db = (): Db => getDb(webEnv().DATABASE_URL);
