export type TParameterValue = string | number | boolean;

/**
 * Pipeline parameters typed one per line as `name=value`: `true`/`false` become booleans
 * and plain numbers numbers, as CircleCI's boolean and integer parameters expect.
 * Throws a message naming the line at fault.
 */
export function parseParameters(text: string): Record<string, TParameterValue> {
  const parameters: Record<string, TParameterValue> = {};
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const equals = line.indexOf("=");
    const name = equals === -1 ? "" : line.slice(0, equals).trim();
    if (!name) throw new Error(`Line ${index + 1}: write parameters as name=value.`);
    const value = line.slice(equals + 1).trim();
    parameters[name] =
      value === "true"
        ? true
        : value === "false"
          ? false
          : /^-?\d+(\.\d+)?$/.test(value)
            ? Number(value)
            : value;
  });
  return parameters;
}
