import { QueueError } from "@cairn/queue";
import { ApiError } from "./errors.ts";

/** Runs a queue operation, turning its refusals into the API's errors. */
export async function withQueueErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof QueueError)) throw error;
    const code = {
      not_found: "not_found",
      invalid_input: "invalid_input",
      invalid_state: "conflict",
    } as const;
    throw new ApiError(code[error.code], error.message);
  }
}
