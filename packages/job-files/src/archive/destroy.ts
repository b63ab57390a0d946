/** Releases a source stream that will not be read to its end (e.g. a Docker response). */
export function destroyStream(stream: NodeJS.ReadableStream): void {
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}
