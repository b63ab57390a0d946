import type { User } from "@cairn/db";

/** Who is asking: enough of a user to decide what they may see and to name them as an actor. */
export type Viewer = Pick<User, "id" | "isAdmin" | "login" | "name">;

/** Anything the viewer may not see is "not found", so guessing ids teaches nothing. */
export const PROJECT_NOT_FOUND = "Project not found";
