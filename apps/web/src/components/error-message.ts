import { TRPCClientError } from "@trpc/client";

interface ErrorData {
  invalidInput?: { formErrors?: string[]; fieldErrors?: Record<string, string[] | undefined> };
}

/**
 * What to tell a person about a failed request: the server's own (safe) message, or for
 * invalid input each field with what is wrong with it.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const invalid = (error.data as ErrorData | undefined)?.invalidInput;
    if (invalid) {
      const fields = Object.entries(invalid.fieldErrors ?? {}).map(
        ([field, messages]) => `${field}: ${(messages ?? []).join(" ")}`,
      );
      const all = [...(invalid.formErrors ?? []), ...fields];
      if (all.length > 0) return all.join("; ");
    }
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}
