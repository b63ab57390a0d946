import { Transform } from "node:stream";
import type { OutputMasker } from "./secret-masker.ts";

/** A byte stream with secrets masked; what the masker holds back comes out at the end. */
export function createMaskingTransform(masker: OutputMasker): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const masked = masker.write(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      callback(null, masked.length > 0 ? masked : undefined);
    },
    flush(callback) {
      const rest = masker.flush();
      callback(null, rest.length > 0 ? rest : undefined);
    },
  });
}
