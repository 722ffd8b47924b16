/** What a payload mapper answers: the port's value, or why the payload could not be read. */
export type MapResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
