/**
 * Sessions for weft-http (aiohttp-session): a middleware, signed and encrypted cookie store, PostgreSQL store.
 */
package dev.weft.security.session;
