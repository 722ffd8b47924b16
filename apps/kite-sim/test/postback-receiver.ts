import { createServer } from 'node:http';
import { findFreePort } from '@kavach/testkit';

export interface PostbackReceiver {
  readonly url: string;
  readonly received: Record<string, unknown>[];
  readonly close: () => Promise<void>;
}

/** A loopback HTTP endpoint that records every JSON body POSTed to it. */
export async function startPostbackReceiver(): Promise<PostbackReceiver> {
  const received: Record<string, unknown>[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
      response.writeHead(200).end();
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/postback`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
