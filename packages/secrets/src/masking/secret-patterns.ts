/** CircleCI leaves these unmasked: too short or too common to hide without garbling output. */
const MIN_MASKED_LENGTH = 4;
const UNMASKED_VALUES = new Set(["true", "false"]);
/** `base64` (coreutils) wraps its output at 76 columns. */
const BASE64_LINE_LENGTH = 76;

function isMaskable(value: string): boolean {
  return (
    value.length >= MIN_MASKED_LENGTH &&
    !UNMASKED_VALUES.has(value.toLowerCase()) &&
    // Masking blank runs would garble every indented line and hide nothing.
    value.trim() !== ""
  );
}

function linesOf(value: string): string[] {
  return value.split(/\r?\n/);
}

function wrapped(value: string, width: number): string[] {
  const lines: string[] = [];
  for (let start = 0; start < value.length; start += width) {
    lines.push(value.slice(start, start + width));
  }
  return lines;
}

/** The forms in which a secret value may show up in output. */
function formsOf(value: string): string[] {
  const forms = [value, ...linesOf(value)];
  const base64 = Buffer.from(value, "utf8").toString("base64");
  forms.push(base64, ...wrapped(base64, BASE64_LINE_LENGTH));
  forms.push(encodeURIComponent(value));
  return forms;
}

/**
 * The byte sequences to hide for the given secret values, longest first, without
 * duplicates. Values shorter than 4 characters, true/false and blanks are not masked;
 * neither is any line of a multi-line value that is itself one of those.
 */
export function buildSecretPatterns(values: Iterable<string>): Buffer[] {
  const unique = new Set<string>();
  for (const value of values) {
    if (!isMaskable(value)) continue;
    for (const form of formsOf(value)) {
      const trimmed = form.replace(/\r$/, "");
      if (isMaskable(trimmed)) unique.add(trimmed);
    }
  }
  return [...unique].map((form) => Buffer.from(form, "utf8")).sort((a, b) => b.length - a.length);
}
