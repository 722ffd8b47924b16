import type { TRPCClientErrorLike } from '@trpc/client';
import type { AppRouter } from '../server/trpc/router';
import type { AppErrorDetails } from '../server/trpc/init';

export type ClientError = TRPCClientErrorLike<AppRouter>;

/** The fields and conditions a refusal named (engine field errors, the LIVE gate's reasons). */
export function detailsOf(error: ClientError | null): AppErrorDetails {
  return error?.data?.details ?? {};
}

/** The message a field's path carries, for an input to show under itself. */
export function issueAt(error: ClientError | null, path: string): string | undefined {
  return detailsOf(error).issues?.find((issue) => issue.path === path)?.message;
}
