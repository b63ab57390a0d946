/** Orders keys by their UTF-8 bytes, as S3 lists them, so both stores agree. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
