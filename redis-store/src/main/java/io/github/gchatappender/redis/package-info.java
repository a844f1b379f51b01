/**
 * The fleet store on Redis: {@link io.github.gchatappender.redis.RedisFleetStore}, opened by {@link
 * io.github.gchatappender.redis.RedisFleetStoreProvider} for a {@code fleetStore} setting of {@code
 * redis://} or {@code rediss://}. Add the module {@code gchat-appender-redis} to the class path and set
 * the URL: the replicas that share it share one quota per space, and one incident and one resolved note
 * per Chat thread.
 */
package io.github.gchatappender.redis;
