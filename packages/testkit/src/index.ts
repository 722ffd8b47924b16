export { findFreePort } from './free-port';
export { type PostgresServer, type StartPostgresOptions, startPostgres } from './postgres';
export { type RedisServer, type StartRedisOptions, startRedis } from './redis';
