import { describe, expect, it } from 'vitest';
import { createKeyedQueue } from './keyed-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('createKeyedQueue', () => {
  it('runs tasks of one key in order, never overlapping', async () => {
    const queue = createKeyedQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`${name}:start`);
      await tick();
      log.push(`${name}:end`);
      running -= 1;
    };
    await Promise.all([
      queue.run('g', task('a')),
      queue.run('g', task('b')),
      queue.run('g', task('c')),
    ]);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
  });

  it('keeps going after a failed task and reports the failure to its caller', async () => {
    const queue = createKeyedQueue();
    const failed = queue.run('g', () => Promise.reject(new Error('boom')));
    const after = queue.run('g', () => Promise.resolve(42));
    await expect(failed).rejects.toThrow('boom');
    await expect(after).resolves.toBe(42);
  });

  it('runs different keys independently and idle() waits for all', async () => {
    const queue = createKeyedQueue();
    const done: string[] = [];
    void queue.run('a', async () => {
      await tick();
      done.push('a');
    });
    void queue.run('b', () => {
      done.push('b');
      return Promise.resolve();
    });
    await queue.idle();
    expect(done.sort()).toEqual(['a', 'b']);
  });
});
