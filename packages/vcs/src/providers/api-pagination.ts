import type { ApiRequest, ProviderHttp } from "./api-http.ts";

/** Pages read at most for one listing, so a runaway cursor cannot loop forever. */
export const MAX_PAGES = 50;

/** The `rel="next"` URL of an RFC 8288 Link header (GitHub, GitLab), or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const match = /<([^>]+)>\s*;(.*)/.exec(part.trim());
    if (match?.[1] && /\brel="?([^"]*\s)?next(\s[^"]*)?"?/.test(match[2] ?? "")) return match[1];
  }
  return null;
}

export interface PagedListing<Page, Item> {
  path: string;
  /** Sent with the first request only: the next-page links carry it themselves. */
  query?: ApiRequest["query"];
  /** The page's items, or null when the answer is not a page. */
  items(page: Page | undefined): Item[] | null;
  /** Where the next page is, or nothing on the last one. */
  next(page: Page, headers: Headers): string | null | undefined;
  /** What a page should have looked like, for the error. */
  expected: string;
}

/** Every item of a paged GET listing, following the provider's next-page links. */
export async function collectPages<Page, Item>(
  http: ProviderHttp,
  listing: PagedListing<Page, Item>,
): Promise<Item[]> {
  const items: Item[] = [];
  let path: string | null | undefined = listing.path;
  let query = listing.query;
  for (let page = 0; path && page < MAX_PAGES; page++) {
    const response: { data: Page; headers: Headers } | null = await http.json<Page>({
      method: "GET",
      path,
      query,
    });
    const pageItems = response ? listing.items(response.data) : null;
    if (!response || !pageItems)
      throw http.invalidResponse(`GET ${listing.path}`, listing.expected);
    items.push(...pageItems);
    path = listing.next(response.data, response.headers);
    query = undefined;
  }
  return items;
}

/** A listing whose pages are JSON arrays chained by a `Link: rel="next"` header. */
export function collectLinkedPages<Item>(
  http: ProviderHttp,
  path: string,
  query: ApiRequest["query"],
): Promise<Item[]> {
  return collectPages<Item[], Item>(http, {
    path,
    query,
    items: (page) => (Array.isArray(page) ? page : null),
    next: (_page, headers) => nextLink(headers.get("link")),
    expected: "expected an array",
  });
}
