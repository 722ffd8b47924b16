export { findFreePort } from './free-port';
export { type PostgresServer, type StartPostgresOptions, startPostgres } from './postgres';
