import { parseJobNumber } from "@cairn/api";

/** The `[provider]/[org]/[name]` segments of a project URL. */
export interface ProjectParams {
  provider: string;
  org: string;
  name: string;
}

/** Next.js hands dynamic segments still percent-encoded in some versions; slugs never are. */
const segment = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

export const projectSlug = ({ provider, org, name }: ProjectParams) =>
  [provider, org, name].map(segment).join("/");

export const jobNumber = (params: { number: string }) => parseJobNumber(params.number);
