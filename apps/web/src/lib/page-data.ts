import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/trpc/router';

export type OverviewData = inferRouterOutputs<AppRouter>['overview']['get'];

/**
 * What a page's server render may read before its HTML leaves, so that the HTML carries the
 * content: on a phone, waiting for the scripts to run and ask again doubles the time to the
 * first useful screen. The custom server provides it (start-web.ts) in the process that also
 * renders the pages; the pages reach it through the process, not by importing the server,
 * whose database and engine clients have no place in the pages' build.
 */
export interface PageDataSource {
  /** The overview as the signed-in user of these request headers may see it; null: no session. */
  readonly overview: (headers: Headers) => Promise<OverviewData | null>;
}

const SOURCE = Symbol.for('kavach.web.page-data');
/** The HTML is not held longer than this for its data: the page then fetches it itself. */
const WAIT_MS = 1_000;

type WithSource = typeof globalThis & { [SOURCE]?: PageDataSource | undefined };

/**
 * Sets the source, or with null removes `previous` if it is still the one set. One dashboard
 * per process: two in one process (some tests) share the last one's, and their database.
 */
export function providePageData(source: PageDataSource | null, previous?: PageDataSource): void {
  const host = globalThis as WithSource;
  if (source !== null) host[SOURCE] = source;
  else if (host[SOURCE] === previous) host[SOURCE] = undefined;
}

/** The overview for the request, or null (no source, no session, an error, too slow). */
export async function readOverview(headers: Headers): Promise<OverviewData | null> {
  const source = (globalThis as WithSource)[SOURCE];
  if (source === undefined) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      resolve(null);
    }, WAIT_MS);
  });
  try {
    // Whatever went wrong, the page asks again in the browser and shows the error there.
    return await Promise.race([source.overview(headers).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}
