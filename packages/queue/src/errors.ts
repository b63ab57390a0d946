/** Why a queue operation was refused; `code` lets an API layer pick an HTTP status. */
export type QueueErrorCode = "not_found" | "invalid_input" | "invalid_state";

/** A refused queue operation, with a message meant for the person who asked for it. */
export class QueueError extends Error {
  readonly code: QueueErrorCode;

  constructor(code: QueueErrorCode, message: string) {
    super(message);
    this.name = "QueueError";
    this.code = code;
  }
}

export function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new QueueError("invalid_input", `${name} must be a positive integer, got ${value}`);
  }
}
