// Walking every page of a paginated read, one page in memory at a time.
import type { Page, PageRequest } from "#core/kernel/ports";

export async function* pagesOf<T>(read: (page: PageRequest) => Promise<Page<T>>, limit = 100): AsyncGenerator<readonly T[]> {
  let cursor: string | undefined;
  do {
    const page = await read({ limit, cursor });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Every item of a small paginated collection (a tenant's towns or grids), in one array. */
export async function allOf<T>(read: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for await (const items of pagesOf(read)) all.push(...items);
  return all;
}
