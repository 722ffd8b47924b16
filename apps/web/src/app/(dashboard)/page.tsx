import { headers } from 'next/headers';
import { OverviewView } from '../../components/overview/overview-view';
import { readOverview } from '../../lib/page-data';

/** Where a signed-in trader lands: rendered with its data, so the first paint is the content. */
export default async function OverviewPage() {
  const initial = await readOverview(new Headers(await headers()));
  return <OverviewView initial={initial} />;
}
