import type { User } from "@cairn/db";

/**
 * Who is asking: enough of a user to decide what they may see and to name them as an actor,
 * plus where the request came from, for the audit trail.
 */
export type Viewer = Pick<User, "id" | "isAdmin" | "login" | "name"> & {
  /** The client's IP address as the web server saw it (absent in-process: CLI, tests). */
  clientIp?: string | null;
  /** Set when the request carried an API token rather than a session. */
  apiTokenId?: string | null;
};

/** Anything the viewer may not see is "not found", so guessing ids teaches nothing. */
export const PROJECT_NOT_FOUND = "Project not found";
