import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from '@playwright/test';
import { startDistributedStack } from './distributed-stack';
import { ADMIN, startStack } from './stack';
import type { StackInfo } from './stack';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const STACK_FILE = join(HERE, '.stack.json');
export const authFile = (role: string) => join(HERE, '.auth', `${role}.json`);

/** The simulated session's date, then its clock set to 10:00 IST: inside the entry window. */
export async function moveSimulatorToMorning(sim: string): Promise<void> {
  const state = (await (await fetch(`${sim}/_sim/state`)).json()) as { sessionDate: string };
  const response = await fetch(`${sim}/_sim/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ set: `${state.sessionDate}T10:00:00+05:30` }),
  });
  if (!response.ok) throw new Error(`sim clock: ${response.status} ${await response.text()}`);
}

/** Signs in through the API and keeps the session cookie for the tests of that role. */
export async function saveSession(
  web: string,
  role: string,
  credentials: { email: string; password: string },
): Promise<void> {
  const context = await request.newContext({ baseURL: web, extraHTTPHeaders: { origin: web } });
  const response = await context.post('/api/auth/sign-in/email', { data: credentials });
  if (!response.ok()) throw new Error(`sign-in of ${role}: ${response.status()}`);
  await mkdir(join(HERE, '.auth'), { recursive: true });
  await context.storageState({ path: authFile(role) });
  await context.dispose();
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  // E2E_TOPOLOGY=distributed: every app its own process on PostgreSQL and Redis (the smoke run).
  const distributed = process.env.E2E_TOPOLOGY === 'distributed';
  const stack = distributed ? await startDistributedStack() : await startStack();
  try {
    await moveSimulatorToMorning(stack.sim);
    const { output: _output, stop: _stop, ...where } = stack;
    const info: StackInfo = where;
    await writeFile(STACK_FILE, JSON.stringify(info));
    await saveSession(stack.web, 'admin', ADMIN);
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return async () => {
    await stack.stop();
  };
}
